// `prompt-cost diff` on a temporary git repository with two commits: exact per-site and total deltas, sites matched
// across moved lines, new and fixed findings, the diff budget, and the working tree never read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { runCli } from '../../src/cli/main';
import { countTokens } from '../../src/core/tokenizing';
import { loadCatalog } from '../../src/core/pricing/catalog';
import { DIFF_COMMENT_MARKER } from '../../src/core/report/diffRender';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
}

function write(dir: string, files: Record<string, string | null>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (content === null) fs.rmSync(file);
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
}

const OLD_PROMPT = 'Write a haiku about invoices.';
const NEW_PROMPT = 'Write a long haiku about overdue invoices, their reminders and the people who forget them.';
const CALL = (text: string) => `client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "${text}"}])\n`;
const CONFIG = 'compareModels: [gpt-4o]\ncallsPerMonth: 1000\nexpectedOutputTokens: 100\nbudgets:\n  diff:\n    monthlyUsd: 0.01\n';

interface Oracle { sites: Array<{ file: string; line: number; costPerCallUsd: number; costPerMonthUsd: number; tokens: { static: number } }>; summary: { expectedMonthlyUsd: number } }

async function auditWorkingTree(dir: string): Promise<Oracle> {
  const result = await runCli(['audit', '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  return JSON.parse(result.stdout);
}

async function twoCommits() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-diff-'));
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, {
    '.promptcost.yaml': CONFIG,
    'prompts/a.txt': OLD_PROMPT,
    'prompts/gone.txt': 'Say goodbye politely.',
    'src/app.py': `from openai import OpenAI\nclient = OpenAI()\n${CALL('Classify this ticket.')}`,
    'src/legacy.py': `from openai import OpenAI\nclient = OpenAI()\n${CALL('Old summary prompt.')}`,
  });
  const before = await auditWorkingTree(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  write(dir, {
    'prompts/a.txt': NEW_PROMPT,
    'prompts/gone.txt': null,
    'prompts/new.txt': 'Translate the text to French.',
    // The classifier call moves down three lines, unchanged; a second, new call is added below it.
    'src/app.py': `from openai import OpenAI\n\n# Support tickets\n\nclient = OpenAI()\n${CALL('Classify this ticket.')}${CALL('Reply to the customer.')}`,
    'src/legacy.py': null,
  });
  const after = await auditWorkingTree(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'head');
  return { dir, before, after };
}

test('diff of two commits: exact deltas per site and in total, moved site unchanged, new and fixed findings, budget exit 1', async () => {
  const { dir, before, after } = await twoCommits();
  // The working tree is never read: uncommitted garbage changes nothing.
  write(dir, { 'prompts/a.txt': 'x '.repeat(5000), 'prompts/untracked.txt': 'Not committed.' });
  const result = await runCli(['diff', '--format', 'json'], { cwd: dir, wasmFolder });
  assert.equal(result.exitCode, 1, result.stderr);
  assert.equal(result.stderr, `diff budget exceeded: ${JSON.parse(result.stdout).budget.reasons[0]}\n`, 'the new finding is a warning: below the default --fail-on error');
  const diff = JSON.parse(result.stdout);
  assert.equal(diff.base.ref, 'HEAD~1');
  assert.equal(diff.base.commit, git(dir, 'rev-parse', 'HEAD~1').trim());
  assert.equal(diff.head.commit, git(dir, 'rev-parse', 'HEAD').trim());

  // Hand-computed: the only change to prompts/a.txt is its text, so the per-call change is the token change at gpt-4o's input price.
  const gpt4o = loadCatalog().catalog.resolve('gpt-4o')!;
  const tokenDelta = countTokens(NEW_PROMPT, 'o200k_base').tokens - countTokens(OLD_PROMPT, 'o200k_base').tokens;
  assert.ok(tokenDelta > 10);
  const perCallDelta = (tokenDelta * gpt4o.prices.input) / 1e6;
  const siteOf = (file: string) => diff.sites.find((site: { file: string }) => site.file === file);
  const a = siteOf('prompts/a.txt');
  assert.equal(a.change, 'changed');
  assert.equal(a.tokens.delta, tokenDelta);
  assert.ok(Math.abs(a.costPerCallUsd.delta - perCallDelta) < 1e-9, `${a.costPerCallUsd.delta} vs ${perCallDelta}`);
  assert.ok(Math.abs(a.costPerMonthUsd.delta - perCallDelta * 1000) < 1e-6);

  // Every other figure equals the difference of the two revisions' own audits.
  const oracle = (report: Oracle, file: string, line?: number) => report.sites.find((site) => site.file === file && (line === undefined || site.line === line))!;
  assert.deepEqual(diff.sites.map((site: { change: string; file: string; line: number }) => `${site.change} ${site.file}:${site.line}`), [
    'changed prompts/a.txt:1', 'removed prompts/gone.txt:1', 'added prompts/new.txt:1', 'added src/app.py:7', 'removed src/legacy.py:3',
  ]);
  assert.equal(siteOf('prompts/gone.txt').costPerMonthUsd.delta, -oracle(before, 'prompts/gone.txt').costPerMonthUsd);
  assert.equal(siteOf('prompts/new.txt').costPerMonthUsd.delta, oracle(after, 'prompts/new.txt').costPerMonthUsd);
  assert.equal(siteOf('prompts/new.txt').tokens.delta, countTokens('Translate the text to French.', 'o200k_base').tokens);
  assert.equal(diff.totals.costPerMonthUsd.base, before.summary.expectedMonthlyUsd);
  assert.equal(diff.totals.costPerMonthUsd.head, after.summary.expectedMonthlyUsd);
  assert.equal(diff.totals.costPerMonthUsd.delta, Math.round((after.summary.expectedMonthlyUsd - before.summary.expectedMonthlyUsd) * 1e9) / 1e9);
  assert.equal(diff.totals.costPerMonthUsd.percent, Math.round((diff.totals.costPerMonthUsd.delta / before.summary.expectedMonthlyUsd) * 10000) / 100);
  assert.deepEqual(diff.totals.sites, { base: 4, head: 4, added: 2, removed: 2, changed: 1, unchanged: 1, moved: 1 });
  assert.equal(diff.totals.tokens.delta, after.sites.reduce((t, s) => t + s.tokens.static, 0) - before.sites.reduce((t, s) => t + s.tokens.static, 0));

  // The classifier call moved from line 3 to 6 and is not reported as changed; its uncapped-output finding is not new.
  assert.equal(oracle(before, 'src/app.py').line, 3);
  assert.equal(oracle(after, 'src/app.py', 6).costPerMonthUsd, oracle(before, 'src/app.py').costPerMonthUsd);
  assert.deepEqual(diff.newFindings.map((f: { file: string; line: number; rule: string }) => `${f.file}:${f.line} ${f.rule}`), ['src/app.py:7 response-cache-opportunity', 'src/app.py:7 unbounded-output']);
  assert.deepEqual(diff.fixedFindings.map((f: { file: string; line: number; rule: string }) => `${f.file}:${f.line} ${f.rule}`), ['src/legacy.py:3 response-cache-opportunity', 'src/legacy.py:3 unbounded-output']);
  assert.equal(diff.budget.exceeded, true);
  assert.equal(diff.budget.monthlyUsd, 0.01);
});

test('diff Markdown starts with the comment marker; a raised budget passes; --base/--head pick revisions; bad refs are usage errors', async () => {
  const { dir } = await twoCommits();
  write(dir, { '.promptcost.yaml': CONFIG.replace('monthlyUsd: 0.01', 'monthlyUsd: 1000\n    percent: 1000') });
  git(dir, 'commit', '-q', '-am', 'raise the diff budget');
  const markdown = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD', '--format', 'markdown', '--fail-on', 'none'], { cwd: dir, wasmFolder });
  assert.equal(markdown.exitCode, 0, markdown.stderr);
  const lines = markdown.stdout.split('\n');
  assert.equal(lines[0], DIFF_COMMENT_MARKER);
  assert.equal(lines[1], '## Prompt cost change');
  assert.match(lines[3], /^📈 Expected cost per month: \*\*\$[\d.]+ → \$[\d.]+\*\* \(\+\$[\d.]+, \+[\d.]+%\)$/);
  assert.ok(lines.includes('| prompts/a.txt:1 | changed | gpt-4o | +' + (countTokens(NEW_PROMPT, 'o200k_base').tokens - countTokens(OLD_PROMPT, 'o200k_base').tokens) + ' | ' + lines.find((line) => line.startsWith('| prompts/a.txt:1'))!.split(' | ').slice(4).join(' | ')));
  assert.ok(lines.includes('| src/app.py | 7 | warning | unbounded-output | ' + lines.find((line) => line.startsWith('| src/app.py | 7 | warning'))!.split(' | ').slice(4).join(' | ')));
  const same = await runCli(['diff', '--base', 'HEAD', '--head', 'HEAD', '--format', 'json'], { cwd: dir, wasmFolder });
  assert.equal(same.exitCode, 0);
  const none = JSON.parse(same.stdout);
  assert.deepEqual([none.sites, none.newFindings, none.totals.costPerMonthUsd.delta, none.totals.costPerMonthUsd.percent], [[], [], 0, 0]);
  const bad = await runCli(['diff', '--base', '--output=/tmp/x'], { cwd: dir, wasmFolder });
  assert.equal(bad.exitCode, 2);
  assert.equal(bad.stderr, 'prompt-cost: not a revision: "--output=/tmp/x"\n');
  const unknown = await runCli(['diff', '--base', 'no-such-branch'], { cwd: dir, wasmFolder });
  assert.equal(unknown.stderr, 'prompt-cost: unknown revision no-such-branch\n');
  const sarif = await runCli(['diff', '--format', 'sarif'], { cwd: dir, wasmFolder });
  assert.equal(sarif.stderr, 'prompt-cost: diff writes table, json, markdown, github, not sarif\n');
});

test('in a GitHub pull request the base defaults to origin/$GITHUB_BASE_REF, measured from the merge-base', async () => {
  const { dir } = await twoCommits();
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD~1');
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, { 'prompts/feature.txt': 'A feature prompt.' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'feature');
  // main moves on after the branch point: its change must not show up in the pull request's diff.
  git(dir, 'update-ref', 'refs/remotes/origin/main', git(dir, 'commit-tree', '-p', 'HEAD~1', '-m', 'main moves', git(dir, 'rev-parse', 'HEAD~2^{tree}').trim()).trim());
  const result = await runCli(['diff', '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder, env: { GITHUB_BASE_REF: 'main' } });
  const diff = JSON.parse(result.stdout);
  assert.equal(diff.base.ref, 'origin/main');
  assert.equal(diff.base.commit, git(dir, 'rev-parse', 'HEAD~1').trim());
  assert.match(result.stderr, /^prompt-cost: measuring from the merge-base [0-9a-f]{12} of origin\/main and HEAD\n/);
  assert.deepEqual(diff.sites.map((site: { change: string; file: string }) => `${site.change} ${site.file}`), ['added prompts/feature.txt']);
});

test('diff leaves tests/ out of both revisions like audit does, says so per revision, and --include-tests counts them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-diff-tests-'));
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, { '.promptcost.yaml': 'compareModels: [gpt-4o]\ncallsPerMonth: 1000\n', 'prompts/a.txt': OLD_PROMPT, 'tests/prompts/fixture.txt': OLD_PROMPT });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  write(dir, { 'tests/prompts/fixture.txt': NEW_PROMPT });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'head');
  const result = await runCli(['diff', '--base', 'HEAD~1', '--format', 'json'], { cwd: dir, wasmFolder });
  assert.equal(result.exitCode, 0, result.stderr);
  const diff = JSON.parse(result.stdout);
  assert.deepEqual([diff.sites, diff.totals.sites.unchanged], [[], 1]);
  const entry = () => ({ file: 'tests/prompts/fixture.txt', sites: 1, findingsBySeverity: { error: 0, warning: 0, information: 0, hint: 0 } });
  assert.deepEqual([diff.testPaths.base.counted, diff.testPaths.base.files, diff.testPaths.head.files], [false, [entry()], [entry()]]);
  const table = await runCli(['diff', '--base', 'HEAD~1'], { cwd: dir, wasmFolder });
  assert.ok(table.stdout.includes('\nHead: Left out of the totals, findings and budgets: 1 site(s) and 0 finding(s) in 1 file(s) under test, fixture, example and docs paths; --include-tests (or includeTests: true) counts them.\n'), table.stdout);
  const counted = JSON.parse((await runCli(['diff', '--base', 'HEAD~1', '--format', 'json', '--include-tests'], { cwd: dir, wasmFolder })).stdout);
  assert.deepEqual([counted.sites.map((site: { file: string; change: string }) => [site.file, site.change]), counted.testPaths.head.counted], [[['tests/prompts/fixture.txt', 'changed']], true]);
});
