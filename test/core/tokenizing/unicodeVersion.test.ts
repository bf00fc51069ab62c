// tiktoken's Rust regex classifies letters, digits and marks by Unicode 16.0; Node 20 and current browsers know
// Unicode 17.0. The characters Unicode 17 added as letters/digits/marks must split as tiktoken splits them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countTokens } from '../../../src/core/tokenizing';
import { NEWER_THAN_TIKTOKEN_RANGES, asTiktokenSees } from '../../../src/core/tokenizing/pretokenize';
import { BASE_ENCODINGS, referenceCount } from './reference';

test('the fuzz case: a CJK Extension J letter before ".nan" counts as tiktoken counts it', () => {
  assert.equal(countTokens('\u{323B0}.nan', 'o200k_base').tokens, referenceCount('\u{323B0}.nan', 'o200k_base'));
  assert.equal(countTokens('\u{323B0}.nan', 'o200k_base').tokens, 6);
  assert.equal(countTokens('\u{323B0}.nan', 'cl100k_base').tokens, referenceCount('\u{323B0}.nan', 'cl100k_base'));
});

test('every letter, digit and mark newer than tiktoken counts exactly as tiktoken does, alone and among words', () => {
  let checked = 0;
  for (const [first, last] of NEWER_THAN_TIKTOKEN_RANGES) {
    for (let cp = first; cp <= last; cp++) {
      const c = String.fromCodePoint(cp);
      for (const probe of [`${c}.nan`, `a${c}a`, `${c}'s`, `1${c}1`, ` ${c}x`, `Hello${c}World ${c}${c} 42`]) {
        for (const encoding of BASE_ENCODINGS) {
          assert.equal(countTokens(probe, encoding).tokens, referenceCount(probe, encoding), `U+${cp.toString(16)} in ${JSON.stringify(probe)} (${encoding})`);
        }
      }
      checked++;
    }
  }
  assert.equal(checked, 4699);
});

test('text without such characters is passed through untouched; with them, only they change and lengths stay', () => {
  const plain = 'Summarise the ticket in 3 bullets. 日本語 👍';
  assert.equal(asTiktokenSees(plain), plain);
  const mixed = `a\u{323B0}b\u0C5Cc`;
  const seen = asTiktokenSees(mixed);
  assert.equal(seen.length, mixed.length);
  assert.equal(seen[0], 'a');
  assert.equal(seen[3], 'b');
  assert.equal(seen[5], 'c');
  assert.doesNotMatch(seen, /[\p{L}\p{N}\p{M}](?<![abc])/u);
});
