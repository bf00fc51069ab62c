// The short-piece memo looks pieces up by their characters in place: equal characters share a count, different ones
// never do, whatever their hashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShortPieceCounts } from '../../../src/core/tokenizing/shortPieceCounts';

test('a piece is found by its characters anywhere in any text; two pieces with one FNV-1a hash stay two', () => {
  const counts = new ShortPieceCounts();
  assert.equal(counts.get('say glbvp now', 4, 9), -1);
  counts.add('say glbvp now', 4, 9, 2);
  assert.equal(counts.get('glbvp', 0, 5), 2);
  assert.equal(counts.get('xxglbvpx', 2, 7), 2);
  // 'yacxb' has the FNV-1a hash of 'glbvp'.
  assert.equal(counts.get('yacxb', 0, 5), -1);
  counts.add('yacxb', 0, 5, 3);
  assert.deepEqual([counts.get('glbvp', 0, 5), counts.get('yacxb', 0, 5), counts.get('glbv', 0, 4), counts.get('glbvpp', 0, 6)], [2, 3, -1, -1]);
  assert.equal(counts.size, 2);
  counts.clear();
  assert.deepEqual([counts.size, counts.get('glbvp', 0, 5)], [0, -1]);
});

test('100,000 distinct pieces (the table and its characters grow) are each found with their own count', () => {
  const counts = new ShortPieceCounts();
  const piece = (index: number) => ` ${index.toString(36)}é`;
  for (let index = 0; index < 100_000; index++) {
    const text = `x${piece(index)}y`;
    counts.add(text, 1, text.length - 1, index + 1);
  }
  assert.equal(counts.size, 100_000);
  for (let index = 0; index < 100_000; index += 7) assert.equal(counts.get(piece(index), 0, piece(index).length), index + 1);
  assert.equal(counts.get(' zzzzzé', 0, 7), -1);
});
