// One file reports at most MAX_PROBLEMS_PER_FILE problems plus one that says how many were left out, whatever gave
// them: a front matter with thousands of YAML errors gave as many Problems-panel entries, SARIF results and CLI notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditDocument } from '../../../src/core/audit';
import { capProblems, MAX_PROBLEMS_PER_FILE } from '../../../src/core/problemCap';
import { loadSessionConfig } from '../../../src/core/session';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';
import type { ScanProblem } from '../../../src/core/types';
import { defaultContext } from './support';

/** `units` keys, each followed by a tab-indented line: two YAML problems per key. */
function frontMatterWithProblems(units: number): string {
  let yaml = 'name: x\n';
  for (let k = 0; k < units; k++) yaml += `k${k}:\n\tv\n`;
  return `---\n${yaml}---\nBe brief.\n`;
}

const located = (problems: readonly ScanProblem[]) => problems.map((problem) => `${problem.severity} ${problem.span?.start}-${problem.span?.end} ${problem.message}`);

test('a prompt file with 2,000 YAML problems reports the first 100 in text order and one located problem for the other 1,900', async () => {
  const text = frontMatterWithProblems(1000);
  const scanned = scanPromptFile('many.prompty', text, 'prompty');
  assert.equal(scanned.problems.length, 2000);
  const audit = await auditDocument('many.prompty', text, defaultContext());
  assert.equal(MAX_PROBLEMS_PER_FILE, 100);
  assert.equal(audit.problems.length, 101);
  assert.equal(audit.sites.length, 1);
  assert.deepEqual(located(audit.problems.slice(0, 100)), located(scanned.problems.slice(0, 100)));
  // The 101st problem is key k50's tab: `---\nname: x\n` is 16 characters, then 50 units of `kN:\n\tv\n`.
  const k50 = text.indexOf('k50:\n\t') + 5;
  assert.deepEqual(located(audit.problems.slice(100)), [
    `error ${k50}-${k50 + 1} 1,900 more problems in this file are not listed (only the first 100 are); the first of them: YAML: Tabs are not allowed as indentation`,
  ]);
  assert.equal(audit.problems[100].file, 'many.prompty');
});

test('at most 100 problems are passed on as they are (the same array); 101 keep 100 and say one more is not listed', () => {
  const problem = (start: number): ScanProblem => ({ file: 'f', severity: 'warning', message: `p${start}`, span: { start, end: start + 1 } });
  const hundred = Array.from({ length: 100 }, (_, index) => problem(100 - index));
  assert.equal(capProblems('f', hundred), hundred);
  const capped = capProblems('f', [...hundred, problem(0)]);
  assert.equal(capped.length, 101);
  // Text order: the problem at offset 0 comes first, the one at 100 is the one left out.
  assert.deepEqual(capped.slice(0, 3).map((kept) => kept.message), ['p0', 'p1', 'p2']);
  assert.deepEqual(located(capped.slice(100)), ['warning 100-101 1 more problem in this file is not listed (only the first 100 are); the first of them: p100']);
});

test('the cap keeps problems about the whole file first, keeps the order of problems at one offset, and reports the worst severity left out', () => {
  const atTen = Array.from({ length: 150 }, (_, index): ScanProblem => ({ file: 'f', severity: index === 140 ? 'error' : 'information', message: `same${index}`, span: { start: 10, end: 11 } }));
  const whole: ScanProblem = { file: 'f', severity: 'warning', message: 'rules failed: x' };
  const capped = capProblems('f', [...atTen, whole]);
  assert.deepEqual(capped.slice(0, 3).map((kept) => kept.message), ['rules failed: x', 'same0', 'same1']);
  assert.equal(capped[99].message, 'same98');
  assert.deepEqual(located(capped.slice(100)), ['error 10-11 51 more problems in this file are not listed (only the first 100 are); the first of them: same99']);
});

test('a config with 2,000 YAML problems gives the session 100 of them and one for the rest (Problems panel, CLI notes, diff)', () => {
  let text = 'name: x\n';
  for (let k = 0; k < 1000; k++) text += `k${k}:\n\tv\n`;
  const loaded = loadSessionConfig({ configText: text, configFile: 'repo/.promptcost.yaml' });
  assert.equal(loaded.problems.length, 101);
  const k50 = text.indexOf('k50:\n\t') + 5;
  assert.deepEqual(located(loaded.problems.slice(100)), [
    `error ${k50}-${k50 + 1} 1,900 more problems in this file are not listed (only the first 100 are); the first of them: YAML: Tabs are not allowed as indentation`,
  ]);
  assert.equal(loaded.problems[100].file, 'repo/.promptcost.yaml');
});
