// review2: the character memo's bound must hold within one long piece too (c2fd617 starts it over only between
// pieces). A single piece of more distinct letters than the character map keeps (65,536) makes the map start over
// again and again inside the piece, and each character seen again appends its chains once more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { countTokens, clearTokenCountCaches } from '../../../src/core/tokenizing/index';
import { seededRandom } from './reference';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('one long piece of 81,476 distinct letters leaves the character memo within its bound', () => {
  // CJK, extension A, extension B and Hangul syllables: all letters (one pre-tokenizer piece), 81,476 in all.
  const pool: string[] = [];
  for (const [first, last] of [[0x4e00, 0x9fff], [0x3400, 0x4dbf], [0x20000, 0x2a6df], [0xac00, 0xd7a3]]) for (let cp = first; cp <= last; cp++) pool.push(String.fromCodePoint(cp));
  const random = seededRandom(3);
  const parts: string[] = [];
  for (let i = 0; i < 1_500_000; i++) parts.push(pool[Math.floor(random() * pool.length)]);
  const text = parts.join('');
  countTokens('中文中文中文中文中文', 'o200k_base');
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  countTokens(text, 'o200k_base');
  clearTokenCountCaches();
  gc();
  gc();
  const heldMb = (process.memoryUsage().heapUsed - before) / 1e6;
  // The memo's own bounds: two maps of 2 MB and 256K chain numbers (about 2 MB).
  assert.ok(heldMb < 12, `held ${heldMb.toFixed(1)} MB after counting`);
});
