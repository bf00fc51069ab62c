// diffReports on hand-built reports: matching rules (moved, edited, renamed), worst-case deltas when the reports carry
// them, percent from a zero base, and the diff budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffReports, matchSites } from '../../../src/core/diff';
import type { AuditReport, ReportSite } from '../../../src/core/report/model';

function site(file: string, line: number, hash: string, staticTokens: number, perMonth: number, extra: Partial<ReportSite> & { worstCasePerMonthUsd?: number | null } = {}): ReportSite {
  return {
    file, line, endLine: line, column: 1, kind: 'call', provider: 'openai', api: 'openai.chat.completions', model: 'gpt-4o',
    pricedModel: 'gpt-4o', pricedModelIsDefault: false, maxOutputTokens: null, placeholders: [],
    tokens: { static: staticTokens, exact: true, tokenizer: 'o200k_base', framing: 7, assumedDynamic: 0 },
    outputTokens: 400, outputBasis: 'configured', costPerCallUsd: perMonth / 1000, costPer1kCallsUsd: perMonth, callsPerMonth: 1000,
    costPerMonthUsd: perMonth, fingerprint: `${hash}:1`, ...extra,
  } as ReportSite;
}

function report(sites: ReportSite[]): AuditReport {
  return { schemaVersion: 1, catalog: { asOf: '2026-07-24' }, summary: {} as AuditReport['summary'], sites, findings: [], budgets: [], problems: [] } as unknown as AuditReport;
}

const revisions = { base: { ref: 'a', commit: 'aaaa' }, head: { ref: 'b', commit: 'bbbb' } };

test('moved sites pair by content, edited ones by kind and API in the same file, renamed files by content', () => {
  const base = [site('app.py', 3, 'h1', 10, 1), site('app.py', 9, 'h2', 20, 2), site('old.py', 4, 'h3', 30, 3)];
  const head = [site('app.py', 12, 'h1', 10, 1), site('app.py', 20, 'h9', 25, 2.5), site('new.py', 4, 'h3', 30, 3)];
  const pairs = matchSites(base, head).map(([b, h]) => `${b ? `${b.file}:${b.line}` : '-'} → ${h ? `${h.file}:${h.line}` : '-'}`);
  assert.deepEqual(pairs.sort(), ['app.py:3 → app.py:12', 'app.py:9 → app.py:20', 'old.py:4 → new.py:4']);
  const diff = diffReports(report(base), report(head), revisions);
  assert.deepEqual(diff.sites.map((s) => `${s.change} ${s.file}:${s.line} was ${s.baseFile}:${s.baseLine} tokens ${s.tokens.delta} month ${s.costPerMonthUsd.delta}`), ['changed app.py:20 was app.py:9 tokens 5 month 0.5']);
  assert.deepEqual(diff.totals.sites, { base: 3, head: 3, added: 0, removed: 0, changed: 1, unchanged: 2, moved: 2 });
  assert.equal(diff.totals.worstCasePerMonthUsd, undefined, 'no worst case in the reports: none in the diff');
});

test('worst-case exposure per month is diffed per site and in total when the reports carry worstCasePerMonthUsd', () => {
  const base = [site('app.py', 3, 'h1', 10, 1, { worstCasePerMonthUsd: 50 })];
  const head = [site('app.py', 3, 'h1b', 10, 1, { worstCasePerMonthUsd: 5, maxOutputTokens: 300 }), site('b.py', 1, 'h4', 5, 0.5, { worstCasePerMonthUsd: null })];
  const diff = diffReports(report(base), report(head), revisions);
  const capped = diff.sites.find((s) => s.file === 'app.py')!;
  assert.equal(capped.change, 'changed', 'only the worst case changed (a cap was added): still a change');
  assert.deepEqual(capped.worstCasePerMonthUsd, { base: 50, head: 5, delta: -45 });
  assert.deepEqual(diff.sites.find((s) => s.file === 'b.py')!.worstCasePerMonthUsd, { base: null, head: null, delta: null }, 'unbounded: no figure, not 0');
  assert.deepEqual(diff.totals.worstCasePerMonthUsd, { base: 50, head: 5, delta: -45 });
});

test('percent is null (new) from a zero base; the diff budget names each exceeded limit', () => {
  const diff = diffReports(report([]), report([site('a.py', 1, 'h', 10, 12.5)]), revisions, { monthlyUsd: 10, percent: 50 });
  assert.deepEqual(diff.totals.costPerMonthUsd, { base: 0, head: 12.5, delta: 12.5, percent: null });
  assert.deepEqual(diff.budget, {
    monthlyUsd: 10, percent: 50, exceeded: true,
    reasons: ['the expected monthly cost rises by $12.50 (budgets.diff.monthlyUsd: $10.00)', 'the expected monthly cost rises by more than any percentage (from $0) (budgets.diff.percent: 50%)'],
  });
  const within = diffReports(report([site('a.py', 1, 'h', 10, 100)]), report([site('a.py', 1, 'h2', 11, 104)]), revisions, { monthlyUsd: 10, percent: 5 });
  assert.deepEqual([within.totals.costPerMonthUsd.percent, within.budget.exceeded], [4, false]);
});
