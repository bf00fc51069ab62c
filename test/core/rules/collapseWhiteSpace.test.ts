// collapseWhiteSpace replaces only the white-space runs that change; it must equal the plain collapse-and-trim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapseWhiteSpace } from '../../../src/core/rules/ruleSupport';

test('collapseWhiteSpace equals replace(/\\s+/g, " ").trim() on texts of every kind of white space', () => {
  const alphabet = ['a', 'b', '.', ' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2003', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', 'é', '😀', '\ud800'];
  let state = 5;
  const next = (limit: number): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % limit;
  for (let run = 0; run < 5_000; run++) {
    const text = Array.from({ length: next(40) }, () => alphabet[next(alphabet.length)]).join('');
    assert.equal(collapseWhiteSpace(text), text.replace(/\s+/g, ' ').trim(), JSON.stringify(text));
  }
  assert.equal(collapseWhiteSpace(' Keep  one\tspace\r\nbetween words. '), 'Keep one space between words.');
  assert.equal(collapseWhiteSpace('\u00a0\u3000'), '');
});
