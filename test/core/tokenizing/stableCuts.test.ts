// Long texts are counted piece by piece, cut where no pre-tokenizer piece can cross (tokenizing/stableCuts.ts): the
// sum is the exact count, and a keystroke in a 1 MB prompt re-encodes only the piece it lands in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEncoding } from '../../../src/core/tokenizing/encodings';
import { countTokens, encodedCharCount } from '../../../src/core/tokenizing';
import { stableCuts } from '../../../src/core/tokenizing/stableCuts';
import { seededRandom } from '../../../bench/seededRandom';
import { BASE_ENCODINGS, readTokenFixtures } from './reference';

/** Every fixture (all scripts, code, CRLF, odd white space) in seeded order with line breaks of every kind between. */
function mixedText(chars: number, seed: number): string {
  const fixtures = [...readTokenFixtures().values()];
  const random = seededRandom(seed);
  const joints = ['\n', '\n\n', '\r\n', ' \n', '.\n', '\n\t', '\n ', '\u2028', '\n\n\n'];
  let text = '';
  while (text.length < chars) {
    const fixture = fixtures[Math.floor(random() * fixtures.length)];
    // Whole code points: a lone surrogate is never a cache hit (the cache keys a copy where it became U+FFFD).
    const from = Array.from(fixture).slice(0, Math.floor(random() * fixture.length)).join('').length;
    text += Array.from(fixture.slice(from)).slice(0, 200 + Math.floor(random() * 2000)).join('') + joints[Math.floor(random() * joints.length)];
  }
  return text;
}

test('cuts fall after a line break and before an ASCII letter, ascending, pieces of at least 2 KB', () => {
  const text = mixedText(300_000, 1);
  const cuts = stableCuts(text);
  assert.ok(cuts.length >= 15, `${cuts.length} cuts`);
  let last = 0;
  for (const cut of cuts) {
    assert.equal(text[cut - 1], '\n');
    assert.match(text[cut], /[A-Za-z]/);
    assert.ok(cut - last >= 2048, `piece of ${cut - last}`);
    last = cut;
  }
});

for (const encoding of BASE_ENCODINGS) {
  test(`${encoding}: a long text counts the same piece by piece as whole, on every script and line ending`, () => {
    const id = encoding;
    for (const seed of [2, 3, 4]) {
      const text = mixedText(120_000, seed);
      const whole = loadEncoding(encoding).count(text);
      assert.equal(countTokens(text, id).tokens, whole, `seed ${seed}`);
      const cuts = [0, ...stableCuts(text), text.length];
      const pieces = cuts.slice(1).reduce((sum, cut, index) => sum + loadEncoding(encoding).count(text.slice(cuts[index], cut)), 0);
      assert.equal(pieces, whole, `seed ${seed}: pieces counted apart`);
    }
  });
}

test('one character typed into a 1 MB prompt re-encodes the piece it lands in, and the count stays exact', () => {
  let text = mixedText(1 << 20, 5);
  countTokens(text, 'o200k_base');
  const random = seededRandom(6);
  const pieces: number[] = [];
  for (let key = 0; key < 20; key++) {
    const at = Math.floor(random() * text.length);
    text = `${text.slice(0, at)}e${text.slice(at)}`;
    const before = encodedCharCount();
    const counted = countTokens(text, 'o200k_base').tokens;
    const encoded = encodedCharCount() - before;
    pieces.push(encoded);
    if (key % 5 === 0) assert.equal(counted, loadEncoding('o200k_base').count(text), `key ${key}`);
  }
  // Each key re-encodes the piece it lands in: the median piece is about 2.5 KB; nothing near the megabyte.
  assert.ok(Math.max(...pieces) <= 12_000, `characters encoded per key: ${pieces.join(', ')}`);
  assert.ok(pieces.every((encoded) => encoded > 0));
});
