// Numbers that cannot be non-finite (issue 13): config values, CLI overrides and imported prices outside sane ranges
// are located problems, and the figures of an audit stay finite ($NaN, $∞ and a JSON null meaning "no volume" were
// all reachable before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { parseConfig } from '../../../src/core/config';
import { importLiteLLM } from '../../../src/core/pricing/litellm';
import { wasmFolder } from './support';

const problemsOf = (text: string) => parseConfig(text).problems.map((problem) => `${problem.span ? text.slice(0, problem.span.start).split('\n').length : '-'}: ${problem.message}`);

test('cache.hitRate: .nan, callsPerMonth: 1e308 and friends are located errors; the defaults stay', () => {
  assert.deepEqual(problemsOf('cache:\n  hitRate: .nan\n'), ['2: cache.hitRate must be a number from 0 to 1, got NaN']);
  assert.deepEqual(problemsOf('cache: { hitRate: .inf }\n'), ['1: cache.hitRate must be a number from 0 to 1, got Infinity']);
  assert.deepEqual(problemsOf('callsPerMonth: 1e308\n'), ['1: callsPerMonth must be a number of calls from 0 to 1,000,000,000,000, got 1e+308']);
  assert.deepEqual(problemsOf('callsPerMonth: .nan\n'), ['1: callsPerMonth must be a number of calls from 0 to 1,000,000,000,000, got NaN']);
  assert.deepEqual(problemsOf('expectedOutputTokens: 1e12\n'), ['1: expectedOutputTokens must be a whole number of tokens from 0 to 1,000,000,000, got 1000000000000']);
  assert.deepEqual(problemsOf('budgets:\n  monthlyUsd: 1e300\n'), ['2: budgets.monthlyUsd must be an amount in USD from 0 to 1e+15, got 1e+300']);
  assert.deepEqual(problemsOf('volumes:\n  - glob: src/**\n    callsPerMonth: 1e300\n'), ['2: each volume needs a glob (text) and callsPerMonth (a number from 0 to 1,000,000,000,000)']);
  const config = parseConfig('cache:\n  hitRate: .nan\ncallsPerMonth: 1e308\n').config;
  assert.equal(config.cache.hitRate, 0.9);
  assert.equal(config.callsPerMonth, 10000);
});

test('a LiteLLM price of 1e300 per token is refused at its key', () => {
  const imported = importLiteLLM(JSON.stringify({ huge: { mode: 'chat', input_cost_per_token: 1e300, output_cost_per_token: 1e-6, max_tokens: 100 } }), { source: 'x.json', asOf: '2026-01-01' });
  assert.deepEqual(imported.models, []);
  assert.deepEqual(imported.problems.map((problem) => `${problem.path}: ${problem.message}`), ['huge.input_cost_per_token: input_cost_per_token must be a number from 0 to 0.1 (USD per token), found 1e+300; entry skipped']);
});

test('--calls-per-month 1e308 is a usage error; the largest allowed values still give finite figures', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-finite-'));
  fs.mkdirSync(path.join(dir, 'prompts'));
  fs.writeFileSync(path.join(dir, 'prompts/a.txt'), 'Summarise {{ticket}} in one line.');
  const tooMany = await runCli(['audit', '.', '--calls-per-month', '1e308'], { cwd: dir, wasmFolder });
  assert.equal(tooMany.exitCode, 2);
  assert.match(tooMany.stderr, /^prompt-cost: --calls-per-month must be a number from 0 to 1,000,000,000,000\n/);
  fs.writeFileSync(path.join(dir, '.promptcost.yaml'), 'callsPerMonth: 1000000000000\nexpectedOutputTokens: 1000000000\nassumedPlaceholderTokens: 1000000000\nmodels:\n  gpt-4o-mini:\n    prices: { input: 100000, output: 100000 }\n');
  const result = await runCli(['audit', '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  assert.equal(result.exitCode, 0, result.stderr);
  const report = JSON.parse(result.stdout) as {
    summary: { expectedMonthlyUsd: number; worstCaseMonthlyUsd: number };
    sites: Array<{ costPerCallUsd: number; costPerMonthUsd: number; worstCasePerCallUsd: number; worstCasePerMonthUsd: number }>;
  };
  assert.equal(report.sites.length, 1);
  const [site] = report.sites;
  for (const value of [report.summary.expectedMonthlyUsd, report.summary.worstCaseMonthlyUsd, site.costPerCallUsd, site.costPerMonthUsd, site.worstCasePerCallUsd, site.worstCasePerMonthUsd]) {
    assert.ok(typeof value === 'number' && Number.isFinite(value) && value > 0, String(value));
  }
  assert.doesNotMatch(result.stdout, /NaN|Infinity/);
});
