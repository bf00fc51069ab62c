// The hover's text (short, no table, no block characters) and the details document behind its link, on the sample
// workspace's real audits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAuditSession } from '../../src/core/session';
import { auditDocument } from '../../src/core/audit';
import { commandLink, renderSiteDetails, renderSiteHover } from '../../src/editor/hoverText';
import { describeSegmentBar } from '../../src/core/cache/render';
import { renderCacheLayoutMarkdown } from '../../src/core/cache/layoutMarkdown';

const repositoryRoot = path.resolve(__dirname, '../../..');
const sampleRoot = path.join(repositoryRoot, 'test/fixtures/sample-workspace');

async function sampleSite(file: string, line: number) {
  const session = createAuditSession({
    configText: fs.readFileSync(path.join(sampleRoot, '.promptcost.yaml'), 'utf8'),
    pricedOn: '2026-12-03',
    readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repositoryRoot, 'dist/wasm', name))),
  });
  const audit = await auditDocument(file, fs.readFileSync(path.join(sampleRoot, file), 'utf8'), session.context);
  const audited = audit.sites.find((site) => audit.lineIndex.positionAt(site.site.anchor.start).line + 1 === line);
  assert.ok(audited, `no site at ${file}:${line}`);
  return { audited, audit, context: session.context };
}

const LINK = commandLink('promptCost.showSiteDetails', ['file:///w/prompts/faq (1).prompty', 42]);

test('the details link encodes its arguments so that parentheses and spaces cannot end the Markdown link', () => {
  assert.equal(LINK, 'command:promptCost.showSiteDetails?%5B%22file%3A%2F%2F%2Fw%2Fprompts%2Ffaq%20%281%29.prompty%22%2C42%5D');
  assert.deepEqual(JSON.parse(decodeURIComponent(LINK.split('?')[1])), ['file:///w/prompts/faq (1).prompty', 42]);
});

const EXPECTED_HOVERS: Array<[string, number, string[]]> = [
  ['prompts/faq.prompty', 25, [
    '**Prompt Cost** — prompty · model `gpt-4o-mini`',
    '',
    'Input: **61** static tokens (exact, o200k_base) + 9 framing + \\{\\{faq\\}\\} ≈2,000 assumed (retrieved context) + \\{\\{question\\}\\} ≈50 assumed (assumedPlaceholderTokens)',
    '',
    'Output: 160 expected \\(prompt asks for ≤ 120 words\\) · worst case 300 \\(the cap\\)',
    '',
    'Expected: **$0.00041/call** · **$8.28/month** at 20,000 calls · worst case $0.0005/call, $9.96/month (gpt\\-4o\\-mini)',
    '',
    'Cache (openai, automatic): 64 tokens, under the 1,024 minimum ✗ · static prefix 64 tokens, ends before \\{\\{faq\\}\\} at line 32',
    '',
    '[Cost by model (4), cache layout and price notes](command:promptCost.showSiteDetails?%5B%22file%3A%2F%2F%2Fw%2Fprompts%2Ffaq%20%281%29.prompty%22%2C42%5D)',
    '',
    '_Catalog as of 2026-12-03. Expected costs; worst case = every reply at its bound; ~ = estimate._',
  ]],
  ['src/support_bot.py', 94, [
    '**Prompt Cost** — openai\\.chat\\.completions · model `gpt-4o`',
    '',
    'Input: **1,511** static tokens (exact, o200k_base) + 9 framing + \\{today\\} ≈10 assumed (short value) + \\{customer\\_name\\} ≈10 assumed (short value) + \\{question\\} ≈50 assumed (assumedPlaceholderTokens)',
    '',
    'Output: 400 expected \\(configured typical length\\) · worst case 16,384 \\(gpt\\-4o\'s maximum output, no cap\\)',
    '',
    'Expected: **$0.008/call** · **$2,393/month** at 300,000 calls · worst case $0.1678/call, $50,345/month (gpt\\-4o)',
    '',
    'Cache (openai, automatic): broken at line 11 · static prefix 6 tokens, ends before \\{today\\} at line 11 · moving dynamic text last saves **$475.20/month**',
    '',
    '[Cost by model (4), cache layout and price notes](command:promptCost.showSiteDetails?%5B%22file%3A%2F%2F%2Fw%2Fprompts%2Ffaq%20%281%29.prompty%22%2C42%5D)',
    '',
    '_Catalog as of 2026-12-03. Expected costs; worst case = every reply at its bound; ~ = estimate._',
  ]],
  ['src/agent.ts', 8, [
    '**Prompt Cost** — anthropic\\.messages · model `claude-sonnet-4-5`',
    '',
    'Input: **~23** static tokens (estimate, ±20%, anthropic-estimate) + 9 framing + $\\{customerTier\\} ≈10 assumed (short value) + thread ≈2,000 assumed (conversation)',
    '',
    'Output: 400 expected \\(configured typical length\\) · worst case 64,000 \\(the cap\\)',
    '',
    'Expected: **$0.0121/call** · **$242.52/month** at 20,000 calls · worst case $0.9661/call, $19,323/month (claude\\-sonnet\\-4\\-5)',
    '',
    'Cache (anthropic, explicit): breakpoints never hit ✗ · static prefix 16 tokens, ends before $\\{customerTier\\} at line 14',
    '',
    '[Cost by model (4), cache layout and price notes](command:promptCost.showSiteDetails?%5B%22file%3A%2F%2F%2Fw%2Fprompts%2Ffaq%20%281%29.prompty%22%2C42%5D)',
    '',
    '_Catalog as of 2026-12-03. Expected costs; worst case = every reply at its bound; ~ = estimate._',
  ]],
];

for (const [file, line, expected] of EXPECTED_HOVERS) {
  test(`hover of ${file}:${line}: ${expected.length} lines, the site's own figures, no table and no block characters, the details link`, async () => {
    const { audited, audit, context } = await sampleSite(file, line);
    const hover = renderSiteHover(audited, context.config, context.catalog, audit.lineIndex, LINK);
    assert.deepEqual(hover.split('\n'), expected);
    assert.doesNotMatch(hover, /[█░]|\|---/);
  });
}

test('details of src/support_bot.py:94: every compared model, the bar after its text alternative, the price notes', async () => {
  const { audited, audit, context } = await sampleSite('src/support_bot.py', 94);
  const details = renderSiteDetails(audited, context.config, context.catalog, audit.lineIndex);
  assert.deepEqual(details.split('\n'), [
    '**Prompt Cost details** — openai\\.chat\\.completions · model `gpt-4o`',
    '',
    'Input: **1,511** static tokens (exact, o200k_base) + 9 framing + \\{today\\} ≈10 assumed (short value) + \\{customer\\_name\\} ≈10 assumed (short value) + \\{question\\} ≈50 assumed (assumedPlaceholderTokens)',
    '',
    'Output: 400 expected \\(configured typical length\\) · worst case 16,384 \\(gpt\\-4o\'s maximum output, no cap\\)',
    '',
    '| Model | Input | Output | Per call | Per 1,000 | Per month (300,000) | Worst case / month | Cached | Batch |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    '| **gpt\\-4o** | 1,590 | 400 | $0.008 | $7.97 | $2,393 | $50,345 | $0.008 | $0.004 |',
    '| gpt\\-4o\\-mini | 1,590 | 400 | $0.00048 | $0.4785 | $143.55 | $3,021 | — | $0.00024 |',
    '| claude\\-sonnet\\-4\\-5 | ~1,969 | 400 | $0.0119 | $11.91 | $3,572 | $289,772 | — | $0.006 |',
    '| gemini\\-2\\.5\\-flash | ~1,818 | 4,496 | $0.0118 | $11.79 | $3,536 | $49,315 | — | $0.0059 |',
    '',
    'Static prefix: **6** tokens in send order, ending before \\{today\\} at line 11 (provider minimum 1,024)',
    '',
    'Cache (openai, automatic): broken at line 11 · moving dynamic text last saves **$475.20/month**',
    '',
    'In send order: 6 static tokens, then ≈10 dynamic \\(\\{today\\}\\), then 1,508 static, then ≈10 dynamic \\(\\{customer\\_name\\}\\), then 3 static, then ≈50 dynamic \\(\\{question\\}\\), then 3 static\\. Cached prefix: 0 tokens; provider minimum 1,024\\.',
    '',
    'The same as a bar (█ static, ░ dynamic):',
    '',
    '```text',
    '██████████████████████████████████████████████░░',
    'C                             M',
    '█ static  ░ dynamic  C cached 0  M minimum 1,024',
    '```',
    '',
    '_Catalog as of 2026-12-03. Per call, per month, cached and batch are expected costs; worst case = every reply at min(cap, that model\'s maximum output). Cached = at a 90% cache hit rate. Counts marked ~ are estimates._',
    '',
    '_Prices as of 2026\\-12\\-03 \\(0 days old\\), priced for 2026\\-12\\-03; source: bundled catalog\\._',
  ]);
});

test('the segment bar in words: runs of static and dynamic tokens with their placeholders, the cached prefix and the minimum', async () => {
  const { audited } = await sampleSite('prompts/faq.prompty', 25);
  assert.equal(describeSegmentBar(audited.cache!), 'In send order: 64 static tokens, then ≈2,000 dynamic ({{faq}}), then 3 static, then ≈50 dynamic ({{question}}), then 3 static. Cached prefix: 0 tokens; provider minimum 1,024.');
  assert.equal(describeSegmentBar(audited.cache!, 2), 'In send order: 64 static tokens, then ≈2,000 dynamic ({{faq}}), then 3 more parts. Cached prefix: 0 tokens; provider minimum 1,024.');
});

test('Simulate Cache Layout puts the bar in words before the bar', async () => {
  const { audited, audit } = await sampleSite('src/support_bot.py', 94);
  const lines = renderCacheLayoutMarkdown(audited, audited.cache!, audit.lineIndex).split('\n');
  const bar = lines.indexOf('```text');
  assert.deepEqual(lines.slice(bar - 4, bar), [
    'In send order: 6 static tokens, then ≈10 dynamic ({today}), then 1,508 static, then ≈10 dynamic ({customer_name}), then 3 static, then ≈50 dynamic ({question}), then 3 static. Cached prefix: 0 tokens; provider minimum 1,024.',
    '',
    'The same as a bar (█ static, ░ dynamic):',
    '',
  ]);
});
