// The "Prompt Costs" view's data from the sample workspace's real audit: groups, order, figures and finding owners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAuditSession } from '../../../src/core/session';
import { auditDocuments } from '../../../src/core/workspaceAudit';
import { buildReport, type AuditReport } from '../../../src/core/report/model';
import { buildSiteTree, findingDescription, groupDescription, siteDescription, siteLabel, siteTooltip, type SiteTree, type SiteTreeGrouping } from '../../../src/core/report/siteTree';

const repositoryRoot = path.resolve(__dirname, '../../../..');
const sampleRoot = path.join(repositoryRoot, 'test/fixtures/sample-workspace');
const sampleSiteFiles = [
  '.github/prompts/review.prompt.md', 'prompts/classifier.txt', 'prompts/faq.prompty', 'prompts/style-guide.md', 'prompts/summarize.prompt.yml',
  'prompts/welcome_email.jinja', 'src/agent.ts', 'src/classify.ts', 'src/support_bot.py',
];

async function sampleReport(configText = fs.readFileSync(path.join(sampleRoot, '.promptcost.yaml'), 'utf8')): Promise<AuditReport> {
  const session = createAuditSession({
    configText,
    pricedOn: '2026-12-03',
    readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repositoryRoot, 'dist/wasm', name))),
  });
  const documents = sampleSiteFiles.map((file) => ({ file, text: fs.readFileSync(path.join(sampleRoot, file), 'utf8') }));
  const audit = await auditDocuments(documents, session.context);
  return buildReport(audit, session.context.catalog, session.context.config, session.problems);
}

/** Each group as `key — description`, then its sites and findings indented, as the view lists them. */
function outline(tree: SiteTree, grouping: SiteTreeGrouping): string[] {
  return tree.groups.flatMap((group) => [
    `${group.key} — ${groupDescription(group, tree.basis)}`,
    ...group.sites.flatMap((node) => [`  ${siteLabel(node.site, grouping)} — ${siteDescription(node, tree.basis)}`, ...node.findings.map((finding) => `    ${finding.rule} — ${findingDescription(finding)}`)]),
    ...group.otherFindings.map((finding) => `  ${finding.rule} — ${findingDescription(finding)}`),
  ]);
}

test('by file: files most expensive first, sites inside most expensive first, findings under the site that holds them (a prompt constant\'s under the file\'s only call)', async () => {
  const report = await sampleReport();
  const tree = buildSiteTree(report, 'file');
  assert.equal(tree.basis, 'month');
  assert.deepEqual(outline(tree, 'file'), [
    'src/support_bot.py — $2,393/month expected · $46,080/month exposure · 2 findings',
    '  line 94 · gpt-4o — $2,393/month expected · $46,080/month exposure · 2 findings',
    '    cache-prefix-broken — line 11 · saves $475.20/month',
    '    unbounded-output — line 94 · $46,080/month exposure',
    'src/agent.ts — $242.52/month expected · $18,893/month exposure · 2 findings',
    '  line 8 · claude-sonnet-4-5 — $242.52/month expected · $18,893/month exposure · 2 findings',
    '    output-cap-too-high — line 10 · $18,893/month exposure',
    '    cache-breakpoint-ineffective — line 15',
    '.github/prompts/review.prompt.md — $127.88/month expected',
    '  line 7 · gpt-4.1 — $127.88/month expected',
    'prompts/summarize.prompt.yml — $94.56/month expected · $5,202/month exposure · 2 findings',
    '  line 7 · gpt-4.1 — $94.56/month expected · $5,202/month exposure · 2 findings',
    '    unbounded-output — line 3 · $5,202/month exposure',
    '    redundant-instruction — line 11 · wastes $0.16/month',
    'prompts/faq.prompty — $8.28/month expected',
    '  line 25 · gpt-4o-mini — $8.28/month expected',
    'src/classify.ts — $5.60/month expected · 2 findings',
    '  line 9 · gpt-4o — $5.60/month expected · 2 findings',
    '    model-overkill — line 10 · saves $5.26/month',
    '    redundant-instruction — line 17 · wastes $0.20/month',
    'prompts/welcome_email.jinja — $5.14/month expected',
    '  line 1 · gpt-4o-mini (default) — $5.14/month expected',
    'prompts/style-guide.md — $4.99/month expected',
    '  line 1 · gpt-4o-mini (default) — $4.99/month expected',
    'prompts/classifier.txt — $0.306/month expected',
    '  line 1 · gpt-4o-mini (default) — $0.306/month expected',
  ]);
});

test('by model: priced models most expensive first, every site once', async () => {
  const report = await sampleReport();
  const tree = buildSiteTree(report, 'model');
  assert.deepEqual(outline(tree, 'model'), [
    'gpt-4o — $2,398/month expected · $46,080/month exposure · 4 findings',
    '  src/support_bot.py:94 — $2,393/month expected · $46,080/month exposure · 2 findings',
    '    cache-prefix-broken — line 11 · saves $475.20/month',
    '    unbounded-output — line 94 · $46,080/month exposure',
    '  src/classify.ts:9 — $5.60/month expected · 2 findings',
    '    model-overkill — line 10 · saves $5.26/month',
    '    redundant-instruction — line 17 · wastes $0.20/month',
    'claude-sonnet-4-5 — $242.52/month expected · $18,893/month exposure · 2 findings',
    '  src/agent.ts:8 — $242.52/month expected · $18,893/month exposure · 2 findings',
    '    output-cap-too-high — line 10 · $18,893/month exposure',
    '    cache-breakpoint-ineffective — line 15',
    'gpt-4.1 — $222.44/month expected · $5,202/month exposure · 2 findings',
    '  .github/prompts/review.prompt.md:7 — $127.88/month expected',
    '  prompts/summarize.prompt.yml:7 — $94.56/month expected · $5,202/month exposure · 2 findings',
    '    unbounded-output — line 3 · $5,202/month exposure',
    '    redundant-instruction — line 11 · wastes $0.16/month',
    'gpt-4o-mini — $18.71/month expected',
    '  prompts/faq.prompty:25 — $8.28/month expected',
    '  prompts/welcome_email.jinja:1 — $5.14/month expected',
    '  prompts/style-guide.md:1 — $4.99/month expected',
    '  prompts/classifier.txt:1 — $0.306/month expected',
  ]);
  assert.equal(tree.groups.reduce((n, group) => n + group.sites.length, 0), report.sites.length);
});

test('every finding of the report appears once, and the groups add up to the report totals', async () => {
  const report = await sampleReport();
  for (const grouping of ['file', 'model'] as const) {
    const tree = buildSiteTree(report, grouping);
    const shown = tree.groups.flatMap((group) => [...group.sites.flatMap((node) => node.findings), ...group.otherFindings]);
    assert.equal(shown.length, report.findings.length, grouping);
    const total = tree.groups.reduce((sum, group) => sum + (group.expectedUsd ?? 0), 0);
    assert.equal(Math.round(total * 100), Math.round((report.summary.expectedMonthlyUsd ?? 0) * 100), grouping);
  }
});

test('without a monthly volume the tree is priced per call and says so', async () => {
  const report = await sampleReport('callsPerMonth: null\n');
  const tree = buildSiteTree(report, 'file');
  assert.equal(tree.basis, 'call');
  assert.deepEqual(outline(tree, 'file').slice(0, 3), [
    'src/agent.ts — $0.0121/call expected · 2 findings',
    '  line 8 · claude-sonnet-4-5 — $0.0121/call expected · 2 findings',
    '    output-cap-too-high — line 10',
  ]);
});

test('the tooltip says what each figure is', async () => {
  const report = await sampleReport();
  const tree = buildSiteTree(report, 'file');
  const bot = tree.groups.find((group) => group.key === 'src/support_bot.py')!;
  assert.equal(siteTooltip(bot.sites[0]), [
    'src/support_bot.py:94 · openai.chat.completions · model gpt-4o',
    '1,511 static input tokens (exact, o200k_base)',
    'Expected: $0.008/call, $2,393/month (300,000 calls)',
    'Worst case: $0.1678/call, $50,345/month (every reply at its bound)',
    'Findings: 2, $46,080/month exposure (worst case a right-sized cap removes)',
  ].join('\n'));
});
