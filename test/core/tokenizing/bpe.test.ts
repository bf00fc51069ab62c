// The heap merge must pick the same pairs as tiktoken's rescanning merge, for any bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRankTable, countByHeapMerge, countByRescanMerge, countPieceTokens, HEAP_MERGE_THRESHOLD } from '../../../src/core/tokenizing/bpe';
import { utf8Binary } from '../../../src/core/tokenizing/utf8';
import { referenceCount, seededRandom } from './reference';

const o200kRanks = buildRankTable((require('js-tiktoken/ranks/o200k_base') as { bpe_ranks: string }).bpe_ranks);

test('the o200k_base rank table holds 199 998 byte strings, one per rank', () => {
  assert.equal(o200kRanks.size, 199_998);
  assert.equal(o200kRanks.get('!'), 0);
  assert.equal(o200kRanks.get(' the'), referenceTokenId(' the'));
});

function referenceTokenId(text: string): number {
  const reference = (require('tiktoken') as { get_encoding(name: string): { encode_ordinary(t: string): Uint32Array } }).get_encoding('o200k_base');
  const ids = reference.encode_ordinary(text);
  assert.equal(ids.length, 1);
  return ids[0];
}

test('utf8Binary encodes one char per byte, lone surrogates as U+FFFD like TextEncoder', () => {
  assert.equal(utf8Binary('abc'), 'abc');
  assert.equal(utf8Binary('é'), '\xc3\xa9');
  assert.equal(utf8Binary('語'), '\xe8\xaa\x9e');
  assert.equal(utf8Binary('😀'), '\xf0\x9f\x98\x80');
  assert.equal(utf8Binary('a\ud800b\udc00'), 'a\xef\xbf\xbdb\xef\xbf\xbd');
  const long = 'é'.repeat(20_000) + '\ud83d';
  assert.equal(utf8Binary(long), String.fromCharCode(...new TextEncoder().encode(long)));
});

test('heap and rescan merges agree on 1 500 seeded random byte strings of 2–400 bytes', () => {
  const random = seededRandom(7);
  // Bytes drawn from small alphabets so that many pairs are mergeable, and from all 256 values.
  const alphabets = ['ab', ' \n', 'aaaaab ', 'the quick brown fox', '=-+/', '\xe8\xaa\x9e\xc3\xa9'];
  const mismatches: string[] = [];
  for (let i = 0; i < 1_500; i++) {
    const length = 2 + Math.floor(random() * 399);
    const alphabet = i % 7 === 6 ? null : alphabets[i % alphabets.length];
    let bytes = '';
    for (let k = 0; k < length; k++) {
      bytes += alphabet ? alphabet[Math.floor(random() * alphabet.length)] : String.fromCharCode(Math.floor(random() * 256));
    }
    const heap = countByHeapMerge(bytes, o200kRanks);
    const rescan = countByRescanMerge(bytes, o200kRanks);
    if (heap !== rescan) mismatches.push(`#${i}: heap ${heap}, rescan ${rescan}`);
  }
  assert.deepEqual(mismatches, []);
});

test('single pieces longer than the heap threshold count as tiktoken counts them', () => {
  const pieces = ['a'.repeat(5_000), ' '.repeat(3_001), '='.repeat(777), 'x'.repeat(HEAP_MERGE_THRESHOLD + 1), 'Supercalifragilisticexpialidocious'.repeat(40)];
  for (const piece of pieces) {
    assert.equal(countPieceTokens(utf8Binary(piece), o200kRanks), referenceCount(piece, 'o200k_base'), `${piece.slice(0, 12)}… × ${piece.length}`);
  }
});

test('a run of 8·m letters "a" is m tokens, the pattern the 1 MB case relies on', () => {
  assert.equal(countPieceTokens('a'.repeat(8), o200kRanks), 1);
  assert.equal(countPieceTokens('a'.repeat(8 * 1_000), o200kRanks), 1_000);
  assert.equal(countPieceTokens('a'.repeat(8 * 1_000 + 3), o200kRanks), 1_001);
});

test('empty and one-byte pieces are 0 and 1 tokens', () => {
  assert.equal(countPieceTokens('', o200kRanks), 0);
  assert.equal(countPieceTokens('\xff', o200kRanks), 1);
});

test('merges look pair ranks up by integer ranks: a 100 000-byte run hashes a byte string for a handful of pairs only', () => {
  const before = o200kRanks.pairMisses;
  assert.equal(countPieceTokens('q'.repeat(100_000), o200kRanks), referenceCountOfRun('q', 100_000));
  // "qq", "qqqq", … up to the longest run token, and the pairs of leftovers: a few dozen distinct pairs at most.
  assert.ok(o200kRanks.pairMisses - before <= 40, `${o200kRanks.pairMisses - before} pair misses`);
  const again = o200kRanks.pairMisses;
  countPieceTokens('q'.repeat(100_000), o200kRanks);
  assert.equal(o200kRanks.pairMisses, again, 'a second identical merge finds every pair in the table');
});

/** tiktoken's count of `unit` × `length`, from runs short enough for it (the count is periodic in the run length). */
function referenceCountOfRun(unit: string, length: number): number {
  // A run of one letter merges into tokens of a fixed length P; count(c^n) = floor(n / P) + count(c^(n mod P)).
  let period = 1;
  while (referenceCount(unit.repeat(period + 1), 'o200k_base') === 1) period++;
  return Math.floor(length / period) + (length % period === 0 ? 0 : referenceCount(unit.repeat(length % period), 'o200k_base'));
}
