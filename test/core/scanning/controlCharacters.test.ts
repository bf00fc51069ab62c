// The binary-text check's count of control characters: one native search when there are none, the same count as a
// loop over every character of the sample otherwise; and the two scanners' verdicts on binary samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { controlCharactersIn } from '../../../src/core/scanning/controlCharacters';
import { looksBinary } from '../../../src/core/scanning';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';

/** The definition: every character of the sample tested (what both scanners looped over before). */
function byDefinition(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const code = text.charCodeAt(i);
    if (code < 9 || (code > 13 && code < 32) || code === 0xfffd) count++;
  }
  return count;
}

test('counts control characters and U+FFFD in the sample exactly as a loop over every character does', () => {
  const pieces = fc.oneof(
    fc.constantFrom('\u0000', '\u0001', '\u0008', '\t', '\n', '\u000b', '\u000c', '\r', '\u000e', '\u001f', ' ', '\u007f', '\ufffd', '\ufffe', 'a', 'é', '😀'),
    fc.string({ unit: 'binary', maxLength: 5 }),
    fc.string({ maxLength: 8 }),
  );
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 50 }).map((parts) => parts.join('')), fc.nat(120), (text, end) => {
      assert.equal(controlCharactersIn(text, end), byDefinition(text, end));
    }),
    { seed: 16, numRuns: 2_000 },
  );
});

test('a NUL within the first 8,192 characters makes a file binary; one after them, or text with few controls, does not', () => {
  const prose = 'Answer briefly.\n'.repeat(100);
  assert.equal(looksBinary(`${prose}\u0000`), true);
  assert.equal(looksBinary(`${prose}${'x'.repeat(8192)}\u0000`), false);
  assert.equal(looksBinary(`${prose}\u0001\ufffd`), false);
  assert.equal(looksBinary('\u0001'.repeat(10) + 'abcdefghijklmnopqrstuvwxyz'.repeat(3)), true);
  assert.equal(looksBinary(''), false);
  assert.deepEqual(scanPromptFile('p.prompt.md', `${prose}\u0000`, 'vscode-prompt').problems.map((problem) => problem.message), ['Not scanned: the file contains NUL characters, so it is binary data, not prompt text.']);
  assert.deepEqual(scanPromptFile('p.txt', `${'\u0002'.repeat(10)}${'abc'.repeat(20)}`, 'plain').problems.map((problem) => problem.message), ['Not scanned: the file is mostly control characters or undecodable bytes, so it is binary data, not prompt text.']);
  assert.deepEqual(scanPromptFile('p.txt', `${'x'.repeat(8192)}\u0000`, 'plain').problems, []);
});
