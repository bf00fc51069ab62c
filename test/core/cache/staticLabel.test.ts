// The cache layout's label of a static run reads only the start of the run (a prompt file's run is the whole file),
// and says exactly what the collapsed, trimmed text would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticLabel } from '../../../src/core/cache/layout';
import { seededRandom } from '../../../bench/seededRandom';

/** The label's definition: white space collapsed to one space, trimmed, quoted, cut to 28 characters with an ellipsis. */
function byDefinition(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed.length === 0) return '(whitespace)';
  return collapsed.length > 28 ? `"${collapsed.slice(0, 27)}…"` : `"${collapsed}"`;
}

test('labels a run as its collapsed, trimmed start, quoted', () => {
  assert.equal(staticLabel('  You are\n\n a   careful editor.  '), '"You are a careful editor."');
  assert.equal(staticLabel('Rewrite the text the user sends in plain English.'), '"Rewrite the text the user s…"');
  assert.equal(staticLabel(' \r\n\t\u00a0\u3000'), '(whitespace)');
  // 28 characters exactly stay whole, even with white space after them; a 29th character (after a space) cuts.
  assert.equal(staticLabel('abcdefghijklmnopqrstuvwxyz12   \n'), '"abcdefghijklmnopqrstuvwxyz12"');
  assert.equal(staticLabel('abcdefghijklmnopqrstuvwxyz12 3'), '"abcdefghijklmnopqrstuvwxyz1…"');
});

test('equals the collapse-and-trim definition on random text of every kind of white space', () => {
  const random = seededRandom(62);
  const alphabet = ['a', 'b', 'Z', '.', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2003', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', 'é', '😀', '\ud800'];
  for (let run = 0; run < 3000; run++) {
    const length = Math.floor(random() * 60);
    const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    assert.equal(staticLabel(text), byDefinition(text), JSON.stringify(text));
  }
});
