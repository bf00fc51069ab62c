// The cache layout's label of a static run collapses only a prefix of the text: it must equal the whole-text label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticLabel } from '../../../src/core/cache/layout';

/** The label as it was computed from the whole text (collapse every run of white space, trim, cut to 28). */
function wholeTextLabel(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed.length === 0) return '(whitespace)';
  return collapsed.length > 28 ? `"${collapsed.slice(0, 27)}…"` : `"${collapsed}"`;
}

test('the static label equals the whole-text label for texts of every length and white-space mix', () => {
  // Letters, every kind of white space `\s` knows (ASCII, NBSP, ideographic, line separator, BOM) and a surrogate pair.
  const alphabet = ['a', 'b', 'Z', ' ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2028', '\ufeff', '😀', '  ', '          '];
  let state = 11;
  const next = (limit: number): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % limit;
  let checked = 0;
  for (let run = 0; run < 3_000; run++) {
    // Lengths around the windows (112, 448, 1,792 characters) and far past them; mostly white space in some runs.
    const length = [0, 1, 27, 28, 29, 30, 111, 112, 113, 447, 449, 1_800, 5_000][run % 13] + next(40);
    const spaceHeavy = run % 3 === 0;
    let text = '';
    while (text.length < length) text += spaceHeavy && next(4) > 0 ? alphabet[3 + next(alphabet.length - 3)] : alphabet[next(alphabet.length)];
    assert.equal(staticLabel(text), wholeTextLabel(text), JSON.stringify(text));
    checked++;
  }
  assert.equal(checked, 3_000);
  assert.equal(staticLabel(`${' '.repeat(100_000)}x`), '"x"');
  assert.equal(staticLabel(' \n '.repeat(50_000)), '(whitespace)');
  assert.equal(staticLabel(`${'word '.repeat(10)}\n`), '"word word word word word wo…"');
});
