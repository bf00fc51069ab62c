// `prompt-cost merge`: the JSON reports of sharded runs give the report one run over all the paths would give,
// with budgets evaluated on the whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-merge-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const call = (text: string) => `from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "${text}"}])\n`;

test('two shards merged equal one audit of both, and a monthly budget only the whole exceeds fails the merge', async () => {
  const files = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.promptcost.yaml': 'callsPerMonth: 100000\n',
    'services/a/app.py': call('Classify this ticket as billing or technical.'),
    'services/a/prompts/a.txt': 'Write a haiku about invoices.',
    'services/b/bot.py': call('Summarise the conversation for the next agent.'),
  };
  const dir = tempDir(files);
  const whole = JSON.parse((await runCli(['audit', '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder })).stdout);
  // A budget between the largest shard's cost and the total.
  const shardA = await runCli(['audit', 'services/a', '--output-json', 'shard-a.json', '--fail-on', 'none', '--quiet'], { cwd: dir, wasmFolder });
  const shardB = await runCli(['audit', 'services/b', '--output-json', 'shard-b.json', '--fail-on', 'none', '--quiet'], { cwd: dir, wasmFolder });
  assert.deepEqual([shardA.exitCode, shardB.exitCode], [0, 0]);
  const a = JSON.parse(fs.readFileSync(path.join(dir, 'shard-a.json'), 'utf8'));
  const b = JSON.parse(fs.readFileSync(path.join(dir, 'shard-b.json'), 'utf8'));
  const limit = Math.round(((Math.max(a.summary.expectedMonthlyUsd, b.summary.expectedMonthlyUsd) + whole.summary.expectedMonthlyUsd) / 2) * 100) / 100;
  fs.writeFileSync(path.join(dir, '.promptcost.yaml'), `callsPerMonth: 100000\nbudgets:\n  monthlyUsd: ${limit}\n`);

  const merged = await runCli(['merge', 'shard-b.json', 'shard-a.json', 'shard-a.json', '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  assert.equal(merged.exitCode, 1, merged.stderr);
  assert.equal(merged.stderr, 'budget exceeded: 1 budget(s)\n');
  const report = JSON.parse(merged.stdout);
  assert.deepEqual(report.sites, whole.sites);
  assert.deepEqual(report.findings, whole.findings);
  assert.deepEqual(report.summary, whole.summary);
  assert.deepEqual(report.catalog, whole.catalog, 'the date, age and source of the prices survive the merge');
  assert.deepEqual(report.budgets, [{ budget: 'monthlyUsd', limitUsd: limit, actualUsd: whole.summary.expectedMonthlyUsd }]);
  const sarif = await runCli(['merge', 'shard-a.json', 'shard-b.json', '--format', 'sarif', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  const results = JSON.parse(sarif.stdout).runs[0].results;
  assert.equal(results.filter((r: { ruleId: string }) => r.ruleId === 'budget-monthly').length, 1);
});

test('a file that is not a report, or a report of another schema version, is a one-line error', async () => {
  const dir = tempDir({ 'bad.json': '{"schemaVersion": 99, "sites": [], "findings": [], "problems": []}', 'text.json': 'not json' });
  const version = await runCli(['merge', 'bad.json'], { cwd: dir, wasmFolder });
  assert.deepEqual([version.exitCode, version.stderr], [2, 'prompt-cost: bad.json: not a prompt-cost JSON report with schemaVersion 2\n']);
  const text = await runCli(['merge', 'text.json'], { cwd: dir, wasmFolder });
  assert.equal(text.exitCode, 2);
  assert.match(text.stderr, /^prompt-cost: .*text\.json is not JSON: .*\n$/);
  const none = await runCli(['merge'], { cwd: dir, wasmFolder });
  assert.equal(none.stderr, 'prompt-cost: merge needs the JSON reports to merge\n');
});

test('merge --fail-on-unknown-model fails on a shard\'s unpriced site; shards priced for different days are said to be', async () => {
  const dir = tempDir({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'a/app.py': call('Classify this ticket.'),
    'b/bot.py': 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-9-ultra", messages=[{"role": "user", "content": "Hi"}])\n',
  });
  const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-merge-cache-'));
  await runCli(['audit', 'a', '--output-json', 'a.json', '--fail-on', 'none', '--quiet', '--as-of', '2026-12-03'], { cwd: dir, wasmFolder, cacheFolder });
  await runCli(['audit', 'b', '--output-json', 'b.json', '--fail-on', 'none', '--quiet', '--as-of', '2026-12-10'], { cwd: dir, wasmFolder, cacheFolder });
  const plain = await runCli(['merge', 'a.json', 'b.json', '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  assert.equal(plain.exitCode, 0, plain.stderr);
  const report = JSON.parse(plain.stdout);
  assert.equal(report.summary.unpricedSites, 1);
  assert.deepEqual(report.catalog, { asOf: '2026-12-03', pricedOn: '2026-12-10', ageDays: 7, maxAgeDays: 60, stale: false, source: 'bundled catalog' });
  assert.deepEqual(report.problems.map((problem: { message: string }) => problem.message), ["the shards were priced for different days (2026-12-03, 2026-12-10); the merged report states the newest catalog's"]);
  const strict = await runCli(['merge', 'a.json', 'b.json', '--fail-on', 'none', '--fail-on-unknown-model', '--quiet'], { cwd: dir, wasmFolder });
  assert.deepEqual([strict.exitCode, strict.stderr], [1, 'unpriced: 1 site(s) use a model that is not in the catalog\n']);
});
