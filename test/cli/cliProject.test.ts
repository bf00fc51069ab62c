// Config discovery (walk up to the repository root), root-relative paths, did-you-mean for config names, and the
// CLI's output options: several outputs in one run, --format github, --quiet, colour, progress, `-` for stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, wantsColor, type CliEnvironment } from '../../src/cli/main';
import { formatUsd } from '../../src/core/pricing/cost';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-project-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const run = (args: string[], cwd: string, extra: CliEnvironment = {}) => runCli(args, { cwd, wasmFolder, ...extra });
const json = async (args: string[], cwd: string) => {
  const result = await run([...args, '--format', 'json', '--fail-on', 'none'], cwd);
  assert.equal(result.exitCode, 0, result.stderr);
  return JSON.parse(result.stdout);
};

test('the config at the repository root applies to `audit src`, and `audit src`, `audit .` and a run from src report the same paths', async () => {
  const dir = tempDir({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.promptcost.yaml': 'callsPerMonth: 1234\nbudgets:\n  monthlyUsd: 1000\n',
    'src/prompts/a.txt': 'Write a haiku about invoices.',
    'lib/prompts/b.txt': 'Summarise the text.',
  });
  const whole = await json(['audit', '.'], dir);
  const sub = await json(['audit', 'src'], dir);
  const fromInside = await json(['audit', '.'], path.join(dir, 'src'));
  assert.deepEqual(whole.sites.map((site: { file: string }) => site.file), ['lib/prompts/b.txt', 'src/prompts/a.txt']);
  assert.deepEqual(sub.sites.map((site: { file: string }) => site.file), ['src/prompts/a.txt']);
  assert.deepEqual(fromInside.sites.map((site: { file: string }) => site.file), ['src/prompts/a.txt']);
  assert.equal(sub.sites[0].callsPerMonth, 1234);
  assert.equal(fromInside.sites[0].callsPerMonth, 1234);
  assert.deepEqual(sub.sites[0], whole.sites[1]);
});

test('with no config, the folder holding .git is the root; a nested project config is the root of its own folder', async () => {
  const dir = tempDir({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'app/prompts/a.txt': 'Write a haiku about invoices.',
    'packages/bot/.promptcost.yaml': 'callsPerMonth: 7\n',
    'packages/bot/prompts/b.txt': 'Summarise the text.',
  });
  const app = await json(['audit', 'prompts'], path.join(dir, 'app'));
  assert.deepEqual(app.sites.map((site: { file: string; callsPerMonth: number }) => [site.file, site.callsPerMonth]), [['app/prompts/a.txt', 10000]]);
  const bot = await json(['audit', 'packages/bot/prompts'], dir);
  assert.deepEqual(bot.sites.map((site: { file: string; callsPerMonth: number }) => [site.file, site.callsPerMonth]), [['prompts/b.txt', 7]]);
  const mixed = await run(['audit', 'app', 'packages/bot'], dir);
  assert.equal(mixed.exitCode, 2);
  assert.equal(mixed.stderr.split('\n').length, 2, 'one line');
  assert.match(mixed.stderr, /^prompt-cost: app and packages\/bot belong to different projects .*`prompt-cost merge` the JSON reports\n$/);
});

test('with no config, `audit api` inside a repository resolves a prompt imported from lib/ through the whole repository; outside one only the paths are indexed', async () => {
  const files = {
    'lib/prompts.ts': "export const SYSTEM_PROMPT = 'You are a careful assistant. Answer in one short paragraph.';\n",
    'api/chat.ts': [
      "import OpenAI from 'openai';",
      "import { SYSTEM_PROMPT } from '../lib/prompts';",
      '',
      'const client = new OpenAI();',
      '',
      'export const chat = (question: string) =>',
      "  client.chat.completions.create({ model: 'gpt-4o', max_tokens: 200, messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: question }] });",
      '',
    ].join('\n'),
  };
  const summary = (report: { sites: Array<{ file: string; line: number; tokens: { static: number }; promptSources?: unknown }> }) => report.sites.map((site) => [site.file, site.line, site.tokens.static, site.promptSources ?? null]);
  const repository = tempDir({ ...files, '.git/HEAD': 'ref: refs/heads/main\n' });
  // 12 o200k tokens: "You are a careful assistant. Answer in one short paragraph."
  assert.deepEqual(summary(await json(['audit', 'api'], repository)), [['api/chat.ts', 7, 12, [{ file: 'lib/prompts.ts', line: 1 }]]]);
  // Run from inside the audited folder: the same root, the same resolution.
  assert.deepEqual(summary(await json(['audit', '.'], path.join(repository, 'api'))), [['api/chat.ts', 7, 12, [{ file: 'lib/prompts.ts', line: 1 }]]]);
  const loose = tempDir(files);
  assert.deepEqual(summary(await json(['audit', 'api'], loose)), [['api/chat.ts', 7, 0, null]]);
});

test('unknown setting, budget, rule id, severity and model names in the config are reported with a did-you-mean at their line', async () => {
  const dir = tempDir({
    '.promptcost.yaml': [
      'compareModel: [gpt-4o]',
      'compareModels: [gpt-4o-mnii, gpt-4o]',
      'budgets:',
      '  montlyUsd: 5',
      '  diff:',
      '    percnt: 10',
      'rules:',
      '  model-overkil: warning',
      '  unbounded-output: warnin',
      '',
    ].join('\n'),
    'prompts/a.txt': 'Write a haiku about invoices.',
  });
  const result = await run(['audit', '.', '--format', 'json', '--fail-on', 'none'], dir);
  const problems = JSON.parse(result.stdout).problems.map((problem: { line?: number; severity: string; message: string }) => `${problem.line}: ${problem.severity}: ${problem.message}`);
  assert.deepEqual(problems, [
    '1: warning: unknown setting "compareModel" (did you mean "compareModels"?)',
    '4: warning: unknown budget "montlyUsd" (did you mean "monthlyUsd"?)',
    '6: warning: unknown diff budget "percnt" (did you mean "percent"?)',
    '8: warning: unknown rule "model-overkil" (did you mean "model-overkill"?); ignored',
    '9: error: rule unbounded-output: severity must be one of error, warning, information, hint, off (did you mean "warning"?)',
    '2: warning: unknown model "gpt-4o-mnii" in compareModels (did you mean "gpt-4o-mini"?); its sites are unpriced',
  ]);
  assert.equal(result.exitCode, 2, 'a bad severity is a config error');
});

test('budgets.diff is read from the config', async () => {
  const { parseConfig } = await import('../../src/core/config');
  const loaded = parseConfig('budgets:\n  diff:\n    monthlyUsd: 25\n    percent: 10\n');
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.config.budgets.diff, { monthlyUsd: 25, percent: 10 });
});

test('an unknown flag is one line with the closest flag', async () => {
  const result = await run(['audit', '--fromat', 'json'], os.tmpdir());
  assert.equal(result.exitCode, 2);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'prompt-cost: unknown option --fromat (did you mean "--format"?)\n');
});

test('--output-json, --output-sarif and --output-markdown write three reports in one run, each equal to its own run', async () => {
  const dir = tempDir({ 'prompts/a.txt': 'Write a haiku about invoices.', 'prompts/b.txt': 'Answer {{question}} in one line.' });
  const result = await run(['audit', '.', '--fail-on', 'none', '--output-json', 'out/r.json', '--output-sarif', 'out/r.sarif', '--output-markdown', 'out/r.md'], dir);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^SITE\s+KIND/);
  assert.equal(result.stderr, 'wrote out/r.json\nwrote out/r.sarif\nwrote out/r.md\n');
  for (const [format, file] of [['json', 'out/r.json'], ['sarif', 'out/r.sarif'], ['markdown', 'out/r.md']]) {
    const alone = await run(['audit', '.', '--fail-on', 'none', '--format', format], dir);
    assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), alone.stdout, file);
  }
});

test('--format github prints one workflow command per finding and budget, escaped, and a summary notice', async () => {
  const dir = tempDir({
    '.promptcost.yaml': 'budgets:\n  perCallUsd: 0.0000001\n',
    'src/a,b:c.py': 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi%"}])\n',
  });
  const result = await run(['audit', '.', '--format', 'github', '--fail-on', 'none'], dir);
  assert.equal(result.exitCode, 1);
  const report = JSON.parse((await run(['audit', '.', '--format', 'json', '--fail-on', 'none'], dir)).stdout);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, report.findings.length + report.budgets.length + 1);
  const unbounded = report.findings.find((finding: { rule: string }) => finding.rule === 'unbounded-output');
  assert.ok(lines.includes(`::warning file=src/a%2Cb%3Ac.py,line=3,endLine=3,col=${unbounded.column},endColumn=${unbounded.endColumn},title=prompt-cost unbounded-output::${unbounded.message.replace(/%/g, '%25')}`), lines.join('\n'));
  assert.match(lines[lines.length - 2], /^::error file=src\/a%2Cb%3Ac\.py,line=3,title=prompt-cost budget perCallUsd::budget perCallUsd exceeded for one call: \$[\d.]+ > \$0\.0000001$/);
  assert.equal(lines[lines.length - 1], `::notice title=prompt-cost::1 site(s) in 1 file(s), ${formatUsd(report.summary.expectedMonthlyUsd)}/month expected (worst case ${formatUsd(report.summary.worstCaseMonthlyUsd)}); ${report.findings.length} finding(s), 1 budget(s) exceeded`);
});

test('--quiet prints no report and no notes, only the reason for the exit code; an explicit --format still prints', async () => {
  const dir = tempDir({ '.promptcost.yaml': 'budgets:\n  perCallUsd: 0.0000001\n', 'prompts/a.txt': 'Write a haiku about invoices.' });
  const quiet = await run(['audit', '.', '--quiet', '--fail-on', 'none', '--output-json', 'r.json'], dir);
  assert.deepEqual([quiet.exitCode, quiet.stdout, quiet.stderr], [1, '', 'budget exceeded: 1 budget(s)\n']);
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).budgets.length, 1);
  const explicit = await run(['audit', '.', '-q', '--format', 'json', '--fail-on', 'none'], dir);
  assert.equal(JSON.parse(explicit.stdout).budgets.length, 1);
});

test('colour only when asked by a terminal and never with NO_COLOR', async () => {
  assert.equal(wantsColor(true, {}), true);
  assert.equal(wantsColor(false, {}), false);
  assert.equal(wantsColor(undefined, {}), false);
  assert.equal(wantsColor(true, { NO_COLOR: '1' }), false);
  assert.equal(wantsColor(true, { NO_COLOR: '' }), true, 'no-color.org: an empty NO_COLOR does not count');
  const dir = tempDir({ 'src/app.py': 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])\n' });
  const plain = await run(['audit', '.', '--fail-on', 'none'], dir);
  const coloured = await run(['audit', '.', '--fail-on', 'none'], dir, { color: true });
  assert.doesNotMatch(plain.stdout, /\u001b/);
  assert.match(coloured.stdout, /\u001b\[33mwarning {4}\u001b\[0m unbounded-output/);
  assert.equal(coloured.stdout.replace(/\u001b\[\d+m/g, ''), plain.stdout);
});

test('`-` audits standard input under --stdin-filename, with the same numbers as the file on disk', async () => {
  const text = 'Write a haiku about invoices for {{customer}}.';
  const dir = tempDir({ 'prompts/a.txt': text });
  const fromDisk = await json(['audit', 'prompts/a.txt'], dir);
  const result = await run(['audit', '-', '--stdin-filename', 'prompts/a.txt', '--format', 'json', '--fail-on', 'none'], dir, { readStdin: async () => text });
  assert.equal(result.exitCode, 0, result.stderr);
  const fromStdin = JSON.parse(result.stdout);
  assert.deepEqual(fromStdin.sites, fromDisk.sites);
  const defaultName = await run(['audit', '-', '--format', 'json', '--fail-on', 'none'], dir, { readStdin: async () => text });
  assert.deepEqual(JSON.parse(defaultName.stdout).sites.map((site: { file: string }) => site.file), ['stdin.prompt.md']);
});

test('an audit of 200 files or more reports progress ten times; smaller audits and --quiet stay silent', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 200; i++) files[`prompts/p${String(i).padStart(3, '0')}.txt`] = `Prompt number ${i}.`;
  const dir = tempDir(files);
  const lines: string[] = [];
  const result = await run(['audit', '.', '--format', 'json', '--fail-on', 'none'], dir, { progress: (line) => lines.push(line) });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(lines, Array.from({ length: 10 }, (_, i) => `prompt-cost: audited ${(i + 1) * 20}/200 files\n`));
  const quiet: string[] = [];
  await run(['audit', '.', '--quiet', '--fail-on', 'none'], dir, { progress: (line) => quiet.push(line) });
  assert.deepEqual(quiet, []);
  const small: string[] = [];
  await run(['audit', 'prompts/p000.txt', '--fail-on', 'none'], dir, { progress: (line) => small.push(line) });
  assert.deepEqual(small, []);
});

test('site and finding fingerprints survive lines inserted above them, and equal calls in one file stay distinct', async () => {
  const call = 'client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Classify this ticket."}])\n';
  const before = tempDir({ 'src/app.py': `from openai import OpenAI\nclient = OpenAI()\n${call}${call}` });
  const after = tempDir({ 'src/app.py': `from openai import OpenAI\n\n# a comment\nclient = OpenAI()\n\n${call}${call.replace('Classify', 'Label')}` });
  const a = await json(['audit', '.'], before);
  const b = await json(['audit', '.'], after);
  assert.deepEqual(a.sites.map((site: { line: number }) => site.line), [3, 4]);
  assert.deepEqual(b.sites.map((site: { line: number }) => site.line), [6, 7]);
  assert.match(a.sites[0].fingerprint, /^[0-9a-f]{14}:1$/);
  assert.equal(a.sites[1].fingerprint, a.sites[0].fingerprint.replace(/:1$/, ':2'), 'equal calls: same hash, numbered');
  assert.equal(b.sites[0].fingerprint, a.sites[0].fingerprint, 'moved, unchanged: same fingerprint');
  assert.notEqual(b.sites[1].fingerprint.split(':')[0], a.sites[0].fingerprint.split(':')[0], 'edited text: new fingerprint');
  const unbounded = (report: { findings: Array<{ rule: string; fingerprint: string }> }) => report.findings.filter((finding) => finding.rule === 'unbounded-output').map((finding) => finding.fingerprint);
  assert.equal(unbounded(a).length, 2);
  assert.equal(unbounded(b)[0], unbounded(a)[0]);
});
