// CLI edge cases around paths: overlapping PATH arguments, --output into a missing folder, volumes without a global volume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { discoverFiles, toRelative } from '../../src/workspace/nodeFiles';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { formatUsd } from '../../src/core/pricing/cost';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt cost paths '));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

test('overlapping paths (the folder and a file inside it) audit each file once', async () => {
  const dir = tempDir({ 'prompts/a.txt': 'Write a haiku about invoices.', 'prompts/b.txt': 'Summarise the text.' });
  const once = await runCli(['audit', '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  const twice = await runCli(['audit', '.', 'prompts', 'prompts/a.txt', '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  assert.equal(twice.exitCode, 0, twice.stderr);
  const report = JSON.parse(twice.stdout);
  assert.deepEqual(report.sites.map((site: { file: string }) => site.file), ['prompts/a.txt', 'prompts/b.txt']);
  assert.equal(report.summary.sites, 2);
  assert.equal(report.summary.expectedMonthlyUsd, JSON.parse(once.stdout).summary.expectedMonthlyUsd);
});

test('--output into a folder that does not exist yet creates it and writes the report there', async () => {
  const dir = tempDir({ 'prompts/a.txt': 'Write a haiku about invoices.' });
  const result = await runCli(['audit', '.', '--format', 'json', '--fail-on', 'none', '--output', 'reports/ci run/cost.json'], { cwd: dir, wasmFolder });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'wrote reports/ci run/cost.json\n');
  const written = JSON.parse(fs.readFileSync(path.join(dir, 'reports/ci run/cost.json'), 'utf8'));
  assert.deepEqual(written.sites.map((site: { file: string }) => site.file), ['prompts/a.txt']);
});

test('--output that cannot be written (its parent is a file) is exit 2 with the reason, not an internal error', async () => {
  const dir = tempDir({ 'prompts/a.txt': 'Write a haiku about invoices.', 'blocker': 'a file, not a folder' });
  const result = await runCli(['audit', '.', '--format', 'json', '--output', 'blocker/cost.json'], { cwd: dir, wasmFolder });
  assert.equal(result.exitCode, 2);
  assert.equal(result.stderr, `prompt-cost: cannot write --output ${path.join(dir, 'blocker/cost.json')}: ${path.join(dir, 'blocker')} is not a folder (EEXIST)\n`);
});

test('callsPerMonth: null with a volume glob: the table names the volumes, never "at 0 calls per site"', async () => {
  const dir = tempDir({
    '.promptcost.yaml': 'callsPerMonth: null\nvolumes:\n  - glob: prompts/**\n    callsPerMonth: 1000\n',
    'prompts/a.txt': 'Write a haiku about invoices.',
  });
  const table = await runCli(['audit', '.', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  assert.equal(table.exitCode, 0, table.stderr);
  const json = JSON.parse((await runCli(['audit', '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder })).stdout);
  assert.equal(json.summary.callsPerMonth, null);
  assert.equal(json.sites[0].callsPerMonth, 1000);
  const summaryLine = table.stdout.split('\n').find((line) => line.startsWith('1 site(s)'));
  assert.equal(summaryLine, `1 site(s) in 1 file(s): ${formatUsd(json.summary.expectedMonthlyUsd)}/month expected (worst-case exposure ${formatUsd(json.summary.worstCaseMonthlyUsd)}/month) at the configured volumes; 0 unpriced. Catalog as of ${json.catalog.asOf}. * = default model, ~ = estimate.`);
  const markdown = await runCli(['audit', '.', '--format', 'markdown', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  assert.equal(markdown.stdout.split('\n')[2], `Catalog as of ${json.catalog.asOf}; monthly volumes set per file glob only.`);
});

test('discovered files carry the path relative to the root, built as the walk goes down: the root, a folder below it, one file, a folder beside it', () => {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-walk-'));
  try {
    const root = path.join(top, 'repo');
    const names = ['prompts/a.prompt.md', 'prompts/deep/er/b.prompt.md', 'src/prompts/c.txt', 'z.prompt.md'];
    for (const name of names) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), 'Answer briefly.');
    }
    fs.mkdirSync(path.join(top, 'beside/prompts'), { recursive: true });
    fs.writeFileSync(path.join(top, 'beside/prompts/d.prompt.md'), 'Answer briefly.');
    const walk = (target: string) => discoverFiles(root, target, DEFAULT_CONFIG, []).map((found) => [found.file, toRelative(root, found.absolute)]);
    const same = (list: string[]) => list.map((name) => [name, name]);
    assert.deepEqual(walk(root), same(names));
    assert.deepEqual(walk(path.join(root, 'prompts')), same(['prompts/a.prompt.md', 'prompts/deep/er/b.prompt.md']));
    assert.deepEqual(walk(path.join(root, 'prompts/deep/er/b.prompt.md')), same(['prompts/deep/er/b.prompt.md']));
    assert.deepEqual(walk(path.join(top, 'beside')), same(['../beside/prompts/d.prompt.md']));
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});
