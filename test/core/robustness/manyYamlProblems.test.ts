// Front matter with more YAML problems than a call takes arguments: the scan keeps every problem and the prompt.
// `problems.push(...parsed.problems)` passed one argument per problem; past about 120,000 (fewer on a deeper stack)
// V8 threw RangeError and the file became one "Could not scan" problem with no site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';
import { parseYamlBounded } from '../../../src/core/yamlLimits';
import { INTERNAL_FAILURE } from './support';

/** `units` keys, each followed by a tab-indented line: two YAML problems per key. */
function frontMatterWithProblems(units: number): string {
  let yaml = 'name: x\n';
  for (let k = 0; k < units; k++) yaml += `k${k}:\n\tv\n`;
  return `---\n${yaml}---\nBe brief.\n`;
}

function deeper<T>(frames: number, run: () => T): T {
  if (frames === 0) return run();
  const result = deeper(frames - 1, run);
  return result;
}

test('150,000 YAML problems in front matter are all reported and the body is still a site, the same 2,000 frames deeper', () => {
  const text = frontMatterWithProblems(75_000);
  const prompty = scanPromptFile('many.prompty', text, 'prompty');
  const vscodePrompt = deeper(2000, () => scanPromptFile('many.prompt.md', text, 'vscode-prompt'));
  // Prompty renders with Jinja, which drops the final newline.
  for (const [scanned, body] of [[prompty, 'Be brief.'], [vscodePrompt, 'Be brief.\n']] as const) {
    assert.equal(scanned.problems.filter((problem) => INTERNAL_FAILURE.test(problem.message)).length, 0);
    assert.equal(scanned.problems.length, 150_000);
    assert.equal(scanned.sites.length, 1);
    assert.deepEqual(scanned.sites[0].messages.map((message) => message.segments.map((segment) => segment.kind === 'static' ? segment.text : segment.raw).join('')), [body]);
  }
  const located = (problems: typeof prompty.problems) => problems.map((problem) => `${problem.span?.start}-${problem.span?.end} ${problem.message}`);
  assert.deepEqual(located(vscodePrompt.problems), located(prompty.problems));
  assert.deepEqual(located(prompty.problems.slice(0, 2)), ['16-17 YAML: Tabs are not allowed as indentation', '17-21 YAML: Implicit keys need to be on a single line']);
  // The last key's tab (offset 813,899) and its value `v`, before the closing `---`.
  assert.deepEqual(located(prompty.problems.slice(-2)), ['813899-813900 YAML: Tabs are not allowed as indentation', '813900-813901 YAML: Implicit map keys need to be followed by map values']);
});

test('yaml problems are made without a captured stack trace, and the caller\'s Error.stackTraceLimit is kept', () => {
  const before = Error.stackTraceLimit;
  const parserErrors = parseYamlBounded('b:\n\tc\n', { prettyErrors: false }).errors;
  const duplicateKeys = parseYamlBounded('a: 1\na: 2\n', { prettyErrors: false }).errors;
  assert.equal(Error.stackTraceLimit, before);
  assert.deepEqual(parserErrors.map((error) => error.code), ['TAB_AS_INDENT', 'MISSING_CHAR']);
  assert.deepEqual(duplicateKeys.map((error) => error.code), ['DUPLICATE_KEY']);
  for (const error of [...parserErrors, ...duplicateKeys]) assert.doesNotMatch(error.stack ?? '', /\n\s+at /);
});
