// The per-file problem cap reaches every CLI output: a .prompty with 2,000 YAML problems gives 101 problems in the
// JSON report, 101 SARIF tool notifications and 101 notes on stderr, the last saying how many were left out, and where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');

/** `units` keys, each followed by a tab-indented line: two YAML problems per key. */
function frontMatterWithProblems(units: number): string {
  let yaml = 'name: x\n';
  for (let k = 0; k < units; k++) yaml += `k${k}:\n\tv\n`;
  return `---\n${yaml}---\nBe brief.\n`;
}

const SUMMARY = '1,900 more problems in this file are not listed (only the first 100 are); the first of them: YAML: Tabs are not allowed as indentation';

test('a file with 2,000 YAML problems: 101 problems in JSON, SARIF and stderr notes; the last is located at the first one left out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-problem-cap-'));
  fs.writeFileSync(path.join(dir, 'many.prompty'), frontMatterWithProblems(1000));
  const audit = (format: string) => runCli(['audit', '.', '--format', format, '--as-of', '2026-12-03', '--no-cache', '--fail-on', 'none'], { cwd: dir, wasmFolder });

  const json = await audit('json');
  const problems = JSON.parse(json.stdout).problems as Array<{ file: string; line?: number; message: string }>;
  assert.equal(problems.length, 101);
  // Key kN is on line 3 + 2N and its tab-indented value on the next: the 101st problem is k50's tab, on line 104.
  assert.deepEqual(problems[100], { file: 'many.prompty', line: 104, severity: 'error', message: SUMMARY });
  assert.equal(problems[99].line, 102);
  const notes = json.stderr.split('\n').filter((line) => line.startsWith('note: '));
  assert.equal(notes.length, 101);
  assert.equal(notes[100], `note: many.prompty:104: ${SUMMARY}`);

  const sarif = JSON.parse((await audit('sarif')).stdout);
  const notifications = sarif.runs[0].invocations[0].toolExecutionNotifications as Array<{ message: { text: string } }>;
  assert.equal(notifications.length, 101);
  assert.equal(notifications[100].message.text, SUMMARY);
});
