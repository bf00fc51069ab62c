// Sites under test, fixture, example and docs paths are audited but reported apart: out of the totals, findings,
// budgets and exit code unless --include-tests (or includeTests: true), with a line and a JSON field that say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { DEFAULT_TEST_PATHS } from '../../src/core/testPaths';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');

const CAPPED = 'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o-mini", max_tokens=200, messages=[{"role": "user", "content": "Summarise the ticket: " + ticket}])\n';
const UNCAPPED = 'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Summarise the ticket: " + ticket}])\n';
const UNCAPPED_TS = "import OpenAI from 'openai';\n\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Say hi to ${name}.` }] });\n";

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-tests-'));
  const files: Record<string, string> = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.promptcost.yaml': 'rules:\n  unbounded-output: error\n',
    'src/chat.py': CAPPED,
    'tests/chat_flow.py': UNCAPPED,
    'examples/demo.ts': UNCAPPED_TS,
  };
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const run = (args: string[], cwd: string) => runCli(args, { cwd, wasmFolder });
const noFindings = { error: 0, warning: 0, information: 0, hint: 0 };

test('by default tests/ and examples/ are audited but left out of the totals, findings and exit code, and the report says so', async () => {
  const dir = project();
  const result = await run(['audit', '.', '--format', 'json'], dir);
  assert.equal(result.exitCode, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.sites.map((site: { file: string }) => site.file), ['src/chat.py']);
  assert.deepEqual([report.summary.sites, report.summary.files, report.findings.length], [1, 1, 0]);
  assert.deepEqual(report.testPaths, {
    counted: false,
    globs: [...DEFAULT_TEST_PATHS],
    files: [
      { file: 'examples/demo.ts', sites: 1, findingsBySeverity: { ...noFindings, error: 1 } },
      { file: 'tests/chat_flow.py', sites: 1, findingsBySeverity: { ...noFindings, error: 1 } },
    ],
    sites: 2,
    findingsBySeverity: { ...noFindings, error: 2 },
  });
  const table = await run(['audit', '.'], dir);
  assert.equal(table.exitCode, 0);
  assert.ok(
    table.stdout.includes('\nLeft out of the totals, findings and budgets: 2 site(s) and 2 finding(s) in 2 file(s) under test, fixture, example and docs paths; --include-tests (or includeTests: true) counts them.\n'),
    table.stdout,
  );
  const markdown = await run(['audit', '.', '--format', 'markdown'], dir);
  assert.ok(markdown.stdout.includes('\nLeft out of the totals, findings and budgets: 2 site(s)'), markdown.stdout);
  const sarif = JSON.parse((await run(['audit', '.', '--format', 'sarif'], dir)).stdout);
  assert.deepEqual([sarif.runs[0].results.length, sarif.runs[0].invocations[0].toolExecutionNotifications], [
    0,
    [{ level: 'note', message: { text: 'Left out of the totals, findings and budgets: 2 site(s) and 2 finding(s) in 2 file(s) under test, fixture, example and docs paths; --include-tests (or includeTests: true) counts them.' } }],
  ]);
  const github = await run(['audit', '.', '--format', 'github'], dir);
  assert.ok(github.stdout.includes('::notice title=prompt-cost test paths::Left out of the totals, findings and budgets: 2 site(s)'), github.stdout);
});

test('--include-tests counts them: the error findings fail the run and the line says they were counted', async () => {
  const dir = project();
  const result = await run(['audit', '.', '--format', 'json', '--include-tests'], dir);
  assert.equal(result.exitCode, 1);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.sites.map((site: { file: string }) => site.file), ['examples/demo.ts', 'src/chat.py', 'tests/chat_flow.py']);
  assert.deepEqual([report.summary.sites, report.summary.findingsBySeverity.error, report.testPaths.counted, report.testPaths.sites], [3, 2, true, 2]);
  const table = await run(['audit', '.', '--include-tests'], dir);
  assert.ok(table.stdout.includes('\nCounted 2 site(s) and 2 finding(s) in 2 file(s) under test, fixture, example and docs paths (--include-tests / includeTests: true).\n'), table.stdout);
});

test('a folder named on the command line is what was asked for: `audit tests` counts its files (file-name patterns such as test_*.py still apply below it); testPaths: [] in the config reports nothing apart', async () => {
  const dir = project();
  const tests = JSON.parse((await run(['audit', 'tests', '--format', 'json', '--fail-on', 'none'], dir)).stdout);
  assert.deepEqual([tests.sites.map((site: { file: string }) => site.file), tests.testPaths.files], [['tests/chat_flow.py'], []]);
  const named = JSON.parse((await run(['audit', 'examples/demo.ts', '--format', 'json', '--fail-on', 'none'], dir)).stdout);
  assert.deepEqual(named.sites.map((site: { file: string }) => site.file), ['examples/demo.ts']);
  fs.writeFileSync(path.join(dir, '.promptcost.yaml'), 'testPaths: []\n');
  const none = JSON.parse((await run(['audit', '.', '--format', 'json', '--fail-on', 'none'], dir)).stdout);
  assert.deepEqual([none.summary.sites, none.testPaths], [3, { counted: false, globs: [], files: [], sites: 0, findingsBySeverity: noFindings }]);
});
