// The glob matcher's answers on the shapes the defaults use, and the work it does (operation counts, never time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, takeGlobMatchSteps } from '../../../src/core/globMatcher';
import { DEFAULT_TEST_PATHS } from '../../../src/core/testPaths';

test('a path without a glob\'s required literal is refused without running the matcher', () => {
  const glob = compileGlob('**/fixtures/**');
  takeGlobMatchSteps();
  assert.equal(glob.match('src/prompts/summarize.prompt.yml'), false);
  assert.equal(takeGlobMatchSteps(), 0);
  assert.equal(glob.match('test/fixtures/a.txt'), true);
  assert.ok(takeGlobMatchSteps() > 0);
  // The literal is required, not sufficient: the matcher still decides.
  assert.equal(glob.match('x/myfixtures/a'), false);
  assert.equal(glob.match('x/fixtures'), true);
  assert.equal(glob.match('fixtures/a'), true);
});

test('optional parts are never required: `**/`, `/**` and chains of them match the empty stretch', () => {
  const cases: Array<[string, string, boolean]> = [
    ['**/**', 'a', true],
    ['a/**/**', 'a', true],
    ['src/**/**', 'src/x/y', true],
    ['**/**/x', 'x', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/c/d/b', true],
    ['a/**/b', 'ab', false],
    ['a/**', 'a', true],
    ['a/**', 'ab', false],
    ['**/test_*.py', 'test_x.py', true],
    ['**/test_*.py', 'src/tests_x.py', false],
    ['*.{txt,md}', 'x.md', true],
    ['!**/docs/**', 'docs/a.md', false],
    ['!**/docs/**', 'src/a.md', true],
  ];
  for (const [glob, path, expected] of cases) assert.equal(compileGlob(glob).match(path), expected, `${glob} on ${path}`);
});

test('matching the default test paths against 1,000 files does work proportional to the files that hold a literal', () => {
  const globs = DEFAULT_TEST_PATHS.map((glob) => compileGlob(glob));
  const files = Array.from({ length: 1000 }, (_, index) => `prompts/group${index % 7}/copy${index}-summarize.prompt.yml`);
  takeGlobMatchSteps();
  for (const file of files) for (const glob of globs) assert.equal(glob.match(file), false, file);
  // `**/*.test.*`, `**/*.spec.*` and the like need a `.test.` or `.spec.`; `**/*Test.java` a `Test.java`: none is here.
  assert.equal(takeGlobMatchSteps(), 0);
});
