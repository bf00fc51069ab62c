// Counting finds each pre-tokenizer piece where the last one ended (pieceScanner.ts, checked against the sticky pattern):
// that is the split a global search gives only because the pieces tile every text. These tests pin that property of both patterns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pretokenizerPattern, type BaseEncoding } from '../../../src/core/tokenizing/pretokenize';

const ENCODINGS: BaseEncoding[] = ['o200k_base', 'cl100k_base'];

/** The pieces a global search finds, as [start, end) pairs. */
function searchedPieces(text: string, encoding: BaseEncoding): Array<[number, number]> {
  const pattern = pretokenizerPattern(encoding);
  const pieces: Array<[number, number]> = [];
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) pieces.push([match.index, match.index + match[0].length]);
  return pieces;
}

test('every code point and lone surrogate starts a piece, at the end of a text and before any kind of character', () => {
  for (const encoding of ENCODINGS) {
    const sticky = new RegExp(pretokenizerPattern(encoding).source, 'uy');
    let checked = 0;
    for (let point = 0; point <= 0x10ffff; point++) {
      const character = String.fromCodePoint(point);
      for (const text of [character, `${character} `, `${character}a`]) {
        sticky.lastIndex = 0;
        if (!sticky.test(text)) assert.fail(`U+${point.toString(16)} in ${JSON.stringify(text)} (${encoding}) starts no piece`);
      }
      checked++;
    }
    assert.equal(checked, 0x110000);
  }
});

test('the pieces a global search finds tile the text: each starts where the one before it ended', () => {
  const pieces = fc.oneof(
    fc.constantFrom(' ', '  ', '\n', '\r\n', '\t', '\u00a0', '\u0085', '\u3000', "'s", "'LL", 'ſ', 'Hello', 'world', '42', '12345', '.', '...', '—', '語', '😀', '\u0301', '\ud800', '\udfff', '\u{323B0}'),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')), (text) => {
      for (const encoding of ENCODINGS) {
        let end = 0;
        for (const [start, pieceEnd] of searchedPieces(text, encoding)) {
          assert.equal(start, end, `${JSON.stringify(text)} (${encoding})`);
          end = pieceEnd;
        }
        assert.equal(end, text.length);
      }
    }),
    { seed: 16, numRuns: 2_000 },
  );
});
