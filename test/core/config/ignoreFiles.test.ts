// Root ignore files read with git's rules for one file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ignoreMatcher } from '../../../src/core/ignoreFiles';

test('ignore lines: comments, anchors, folders only, any depth, negation, last match wins, ignored folders stay ignored', () => {
  const ignored = ignoreMatcher(['# comment\n/build\nlogs/\n*.gen.ts\n!keep.gen.ts\ndocs/**/*.md\n', 'vendor/\n!vendor/ours.py\n']);
  const cases: Array<[string, boolean]> = [
    ['build/prompts/a.txt', true],
    ['src/build/prompts/a.txt', false],
    ['src/logs/x.py', true],
    ['logs', false],
    ['src/a.gen.ts', true],
    ['src/keep.gen.ts', false],
    ['docs/guide/setup.md', true],
    ['docs/setup.txt', false],
    ['vendor/ours.py', true],
    ['prompts/a.txt', false],
  ];
  assert.deepEqual(cases.map(([path]) => [path, ignored(path)]), cases);
  assert.equal(ignored('logs', true), true);
  assert.equal(ignoreMatcher([''])('anything'), false);
});
