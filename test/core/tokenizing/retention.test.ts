// Counting a slice of a document must not keep the document alive through the count cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { clearTokenCountCaches, countTokens } from '../../../src/core/tokenizing';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

test('40 documents of 1 MB, one 200-character slice of each counted and cached: the documents are collected', () => {
  clearTokenCountCaches();
  countTokens('warm the encoder', 'o200k_base');
  const before = heapMb();
  let counted = 0;
  for (let index = 0; index < 40; index++) {
    // 1M UTF-16 units (2 MB of heap each when flattened); a prompt segment is a slice of its document.
    const document = `${index} `.repeat(20) + 'x'.repeat(1_000_000);
    counted += countTokens(document.slice(10, 210), 'o200k_base').tokens;
  }
  assert.ok(counted > 0);
  const grown = heapMb() - before;
  // Kept slices would hold 40 × 1–2 MB; the copies are 40 × 200 characters.
  assert.ok(grown < 8, `heap grew ${grown.toFixed(1)} MB`);
});

test('40 slices counted again from other 1 MB documents (cache hits): those documents are collected too', () => {
  clearTokenCountCaches();
  countTokens('warm the encoder', 'o200k_base');
  const before = heapMb();
  let counted = 0;
  for (let index = 0; index < 40; index++) {
    const head = `${index} `.repeat(120);
    // Cached from a first document, then found again as a slice of a second one: the hit must not make the second
    // document's slice the cache's key.
    counted += countTokens(`${head}${'x'.repeat(1_000_000)}`.slice(10, 210), 'o200k_base').tokens;
    counted += countTokens(`${head}${'y'.repeat(1_000_000)}`.slice(10, 210), 'o200k_base').tokens;
  }
  assert.ok(counted > 0);
  const grown = heapMb() - before;
  assert.ok(grown < 8, `heap grew ${grown.toFixed(1)} MB`);
});
