// The per-piece memo: repeated pieces are merged once, long pieces (slices of the text) are never kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEncoding, MEMO_PIECE_CHARS } from '../../../src/core/tokenizing/encodings';
import { referenceCount } from './reference';

test('each distinct short piece is remembered once; pieces longer than the memo limit are counted but not kept', () => {
  const encoder = loadEncoding('cl100k_base');
  const before = encoder.memoizedPieces;
  // Pieces: "Zyxq", " wvut", " " + 20 letters (too long to keep), ".\n" (punctuation takes the line break).
  const longWord = ' ' + 'Kjhgfdsapoiuytrewqmn';
  assert.ok(longWord.length > MEMO_PIECE_CHARS);
  const text = `Zyxq wvut${longWord}.\n`.repeat(1_000);
  assert.equal(encoder.count(text), referenceCount(text, 'cl100k_base'));
  assert.equal(encoder.memoizedPieces - before, 3);
  assert.equal(encoder.count(text), referenceCount(text, 'cl100k_base'));
  assert.equal(encoder.memoizedPieces - before, 3);
});
