// The hand-written scanners (pieceScanner.ts) must end every piece where the pre-tokenizer pattern (pretokenize.ts,
// itself checked against tiktoken) ends it, on every code point and on generated text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { asTiktokenSees, pretokenizerPattern, type BaseEncoding } from '../../../src/core/tokenizing/pretokenize';
import { pieceEndScanner } from '../../../src/core/tokenizing/pieceScanner';
import { readTokenFixtures } from './reference';

const ENCODINGS: BaseEncoding[] = ['o200k_base', 'cl100k_base'];

/** Piece ends as the sticky pattern finds them, over the text as tiktoken classifies it. */
function patternEnds(text: string, encoding: BaseEncoding): number[] {
  const sticky = new RegExp(pretokenizerPattern(encoding).source, 'uy');
  const seen = asTiktokenSees(text);
  const ends: number[] = [];
  for (let at = 0; at < text.length; at = sticky.lastIndex) {
    sticky.lastIndex = at;
    assert.ok(sticky.test(seen), `the pattern matches at ${at} of ${JSON.stringify(text)}`);
    ends.push(sticky.lastIndex);
  }
  return ends;
}

function scannerEnds(text: string, encoding: BaseEncoding): number[] {
  const pieceEnd = pieceEndScanner(encoding);
  const ends: number[] = [];
  for (let at = 0; at < text.length; ) {
    const end = pieceEnd(text, at, text.length);
    assert.ok(end > at, `the scanner moves on at ${at} of ${JSON.stringify(text)}`);
    ends.push(end);
    at = end;
  }
  return ends;
}

function assertSameEnds(text: string, encoding: BaseEncoding): void {
  assert.deepEqual(scannerEnds(text, encoding), patternEnds(text, encoding), `${JSON.stringify(text)} (${encoding})`);
}

test('every code point and lone surrogate ends its piece where the pattern does, alone and among letters and spaces', () => {
  for (const encoding of ENCODINGS) {
    const sticky = new RegExp(pretokenizerPattern(encoding).source, 'uy');
    const pieceEnd = pieceEndScanner(encoding);
    let checked = 0;
    for (let point = 0; point <= 0x10ffff; point++) {
      const character = String.fromCodePoint(point);
      // The pattern runs on the text as tiktoken sees it; the scanner on the text itself.
      const seenCharacter = asTiktokenSees(character);
      for (const [before, after] of [['', ''], ['', 'a'], [' ', "'s "], ['A', 'A'], ['\n', '\u0301b']]) {
        const text = before + character + after;
        const seen = before + seenCharacter + after;
        for (let at = 0; at < text.length; at = sticky.lastIndex) {
          sticky.lastIndex = at;
          sticky.test(seen);
          const end = pieceEnd(text, at, text.length);
          if (end !== sticky.lastIndex) assert.fail(`U+${point.toString(16)} in ${JSON.stringify(text)} (${encoding}): the pattern ends a piece at ${sticky.lastIndex}, the scanner at ${end}`);
        }
      }
      checked++;
    }
    assert.equal(checked, 0x110000);
  }
});

test('the scanners split generated text as the patterns do', () => {
  const pieces = fc.oneof(
    fc.constantFrom(
      ' ', '  ', '\n', '\r\n', '\r', '\t', '\v', '\f', '\u00a0', '\u0085', '\u2028', '\u3000', "'", "'s", "'S", "'ll", "'LL",
      "'Re", "'ve", "'m", "'D", "'t", 'ſ', "'ſ", 'Hello', 'WORLD', 'a', 'A', 'ǅ', 'ʰ', '42', '7', '١٢', '²', 'Ⅻ', '.', '...',
      '/', '//', '—', '語', '日本', '😀', '👍🏽', '\u0301', '\u0903', '\ud800', '\udfff', '\u{323B0}', '\u0C5C', 'é', 'É',
      'ß', '\u200d', '\ufeff', '🇺🇸', '𝐀', '𝐚', '𝟎', '\u{10400}', '\u{10428}', 'ｶ', 'Ａ', '１', '#', '=', '-', 'ا', 'ह', 'ि',
    ),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')), (text) => {
      for (const encoding of ENCODINGS) assertSameEnds(text, encoding);
    }),
    { seed: 17, numRuns: 5_000 },
  );
});

test('the scanners split every fixture file and long runs as the patterns do', () => {
  const texts = [...readTokenFixtures().values()];
  texts.push(' '.repeat(3_000) + 'x', '\n \n\t'.repeat(500), 'A'.repeat(2_000) + 'b', 'aA'.repeat(1_000), '7'.repeat(1_000));
  texts.push('e' + '\u0301'.repeat(1_000), '語'.repeat(1_000), "it'ſ IT'ſ we'LL they'Re I'M DON'T ".repeat(20), ';\n/\n//\r\n/ */\n'.repeat(50));
  for (const text of texts) for (const encoding of ENCODINGS) assertSameEnds(text, encoding);
});
