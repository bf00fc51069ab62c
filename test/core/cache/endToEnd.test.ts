// The "done means" case through the real pipeline: scanner, tokenizer, catalog, simulation and the cache rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditDocument, type DocumentAudit } from '../../../src/core/audit';
import { formatCacheLensState } from '../../../src/core/cache/render';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { LineIndex } from '../../../src/core/lineIndex';
import { loadCatalog } from '../../../src/core/pricing/catalog';
import { cacheBelowMinimumRule } from '../../../src/core/rules/cacheBelowMinimum';
import { cacheBreakpointIneffectiveRule } from '../../../src/core/rules/cacheBreakpointIneffective';
import { cachePrefixBrokenRule } from '../../../src/core/rules/cachePrefixBroken';
import { runDocumentRules } from '../../../src/core/rules/engine';
import { applyTextEdits } from '../../../src/core/rules/textEdits';
import type { Finding } from '../../../src/core/types';

const fixtures = join(__dirname, '../../../../test/fixtures/cache');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(__dirname, '../../../../dist/wasm', name)));
const catalog = loadCatalog().catalog;
const cacheRules = [cachePrefixBrokenRule, cacheBreakpointIneffectiveRule, cacheBelowMinimumRule];
// Every placeholder at 50 tokens, as these worked examples were written: they are about cache layouts, not sizes by meaning.
const config = { ...DEFAULT_CONFIG, placeholders: [{ glob: '*', tokens: 50 }] };

async function auditFixture(name: string): Promise<{ text: string; audit: DocumentAudit; findings: Finding[]; lines: LineIndex }> {
  const text = readFileSync(join(fixtures, name), 'utf8');
  const audit = await auditDocument(name, text, { config, catalog, readBundledFile });
  const lines = new LineIndex(text);
  const findings = runDocumentRules({ file: name, text, lineIndex: lines, sites: audit.sites, config, catalog, countTokens: () => { throw new Error('the cache rules count through the simulation'); } }, cacheRules);
  return { text, audit, findings, lines };
}

function at(lines: LineIndex, offset: number): string {
  const position = lines.positionAt(offset);
  return `${position.line + 1}:${position.column + 1}`;
}

test('support_bot.py (gpt-4o): f"Today is {today}." before 1,480 policy tokens breaks the prefix at line 17, a $15.84/month saving, with the move fix', async () => {
  const { text, audit, findings, lines } = await auditFixture('support_bot.py');
  assert.deepEqual(audit.problems, []);
  assert.equal(audit.sites.length, 1);
  const sim = audit.sites[0].cache;
  assert.ok(sim);
  assert.equal(sim.provider, 'openai');
  assert.equal(sim.minimumTokens, 1024);
  assert.equal(sim.cacheablePrefixTokens, 0);
  assert.equal(sim.cacheable, false);
  assert.equal(sim.staticTokensAfterBreak, 1480);
  assert.equal(sim.totalInputTokens, 1592);
  assert.equal(sim.reordered?.cacheablePrefixTokens, 1408);
  assert.equal(at(lines, sim.breaksAt!.offset), '17:41');
  assert.equal(sim.breaksAt?.placeholder, '{today}');
  // Saving = 1,408 cached tokens × ($2.50 − (0.9 × $1.25 + 0.1 × $2.50))/M × 10,000 calls = 1,408 × $1.125/M × 10,000 = $15.84.
  assert.ok(Math.abs(sim.monthlySavingIfReorderedUsd! - 15.84) < 1e-9);
  assert.equal(formatCacheLensState(sim, lines), 'cache: broken at line 17');

  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding.rule, 'cache-prefix-broken');
  assert.equal(finding.severity, 'warning');
  assert.equal(text.slice(finding.span.start, finding.span.end), '{today}');
  assert.equal(at(lines, finding.span.start), '17:41');
  assert.equal(finding.message, 'Prompt cache broken by {today}: 1,480 static tokens after it miss the cache on every call; moving it after the static text would cache 1,408 tokens, saving $15.84/month at 10,000 calls.');
  assert.equal(finding.fixes?.length, 1);
  assert.equal(finding.fixes![0].title, 'Move "Today is {today}." to the end of the message');
  assert.equal(applyTextEdits(text, finding.fixes![0].edits), readFileSync(join(fixtures, 'support_bot.fixed.py'), 'utf8'));
});

test('the fixed support_bot.py caches 1,408 tokens and raises no cache finding', async () => {
  const { audit, findings, lines } = await auditFixture('support_bot.fixed.py');
  const sim = audit.sites[0].cache!;
  // The policy now comes first: 3 framing + 1,482 tokens of text ending in "Today is " before {today} = 1,485,
  // cached as 1,024 + 3 × 128 = 1,408; only the "." after {today} is left outside.
  assert.equal(sim.staticPrefixTokens, 1485);
  assert.equal(sim.staticTokensAfterBreak, 1);
  assert.equal(sim.cacheablePrefixTokens, 1408);
  assert.equal(sim.breaksAt, null);
  assert.deepEqual(findings, []);
  assert.equal(formatCacheLensState(sim, lines), 'cache: 1,408 of 1,592 tokens ✓');
});

test('claude_support_bot.py: a cache_control block that starts with the date never hits and rewrites 1,907 tokens each call', async () => {
  const { text, audit, findings, lines } = await auditFixture('claude_support_bot.py');
  const sim = audit.sites[0].cache!;
  assert.equal(sim.provider, 'anthropic');
  assert.equal(sim.mechanism, 'explicit');
  assert.equal(sim.writtenEveryCallTokens, 1907);
  assert.deepEqual(findings.map((finding) => [finding.rule, at(lines, finding.span.start), text.slice(finding.span.start, finding.span.end)]), [
    ['cache-prefix-broken', '14:38', '{today}'],
    ['cache-breakpoint-ineffective', '31:18', 'cache_control'],
  ]);
  // 1,907 tokens × ($3.75 − $3)/M × 10,000 calls = $14.3025.
  assert.equal(findings[1].message, 'cache_control breakpoint after dynamic content ({today}): its prefix differs on every call, so it never hits and writes 1,907 tokens to the cache on every call (+$14.30/month at 10,000 calls).');
  assert.equal(findings[0].message, 'Prompt cache broken by {today}: 1,850 static tokens after it miss the cache on every call; moving it after the static text would cache 1,857 tokens, saving $58.03/month at 10,000 calls.');
  assert.equal(applyTextEdits(text, findings[0].fixes![0].edits), readFileSync(join(fixtures, 'claude_support_bot.fixed.py'), 'utf8'));
});

test('support.prompty: the same policy after "Today is {{today}}." breaks the prefix at line 17 and the move fix rewrites the message', async () => {
  const { text, audit, findings, lines } = await auditFixture('support.prompty');
  assert.deepEqual(audit.problems, []);
  const sim = audit.sites[0].cache!;
  assert.equal(sim.cacheablePrefixTokens, 0);
  assert.equal(sim.reordered?.cacheablePrefixTokens, 1408);
  assert.equal(formatCacheLensState(sim, lines), 'cache: broken at line 17');
  assert.deepEqual(findings.map((finding) => [finding.rule, at(lines, finding.span.start), text.slice(finding.span.start, finding.span.end)]), [['cache-prefix-broken', '17:10', '{{today}}']]);
  assert.equal(findings[0].message, 'Prompt cache broken by {{today}}: 1,480 static tokens after it miss the cache on every call; moving it after the static text would cache 1,408 tokens, saving $15.84/month at 10,000 calls.');
  assert.equal(applyTextEdits(text, findings[0].fixes![0].edits), readFileSync(join(fixtures, 'support.fixed.prompty'), 'utf8'));
});
