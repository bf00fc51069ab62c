// Test helpers: OpenAI's own tokenizer (the `tiktoken` WASM package) as the reference, the fixture corpus, a seeded PRNG.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BaseEncoding } from '../../../src/core/tokenizing/pretokenize';
import { seededRandom } from '../../../bench/seededRandom';

interface ReferenceEncoding {
  encode_ordinary(text: string): Uint32Array;
}

const referenceEncodings = new Map<BaseEncoding, ReferenceEncoding>();

/** `tiktoken`'s `encode_ordinary(text).length`: special-token strings count as ordinary text. */
export function referenceCount(text: string, encoding: BaseEncoding): number {
  let reference = referenceEncodings.get(encoding);
  if (!reference) {
    reference = (require('tiktoken') as { get_encoding(name: string): ReferenceEncoding }).get_encoding(encoding);
    referenceEncodings.set(encoding, reference);
  }
  return reference.encode_ordinary(text).length;
}

export const BASE_ENCODINGS: BaseEncoding[] = ['o200k_base', 'cl100k_base'];

/** test/fixtures/tokens, from the bundled test in out/test/core/tokenizing or from the sources. */
export const TOKEN_FIXTURES = resolve(__dirname, '../../../../test/fixtures/tokens');

/** Every fixture file as text, by file name. */
export function readTokenFixtures(): Map<string, string> {
  const fixtures = new Map<string, string>();
  for (const name of readdirSync(TOKEN_FIXTURES).sort()) fixtures.set(name, readFileSync(join(TOKEN_FIXTURES, name), 'utf8'));
  return fixtures;
}

export { seededRandom };

/** Deterministic pseudo-random bytes as base64 (no whitespace). */
export function base64Blob(byteLength: number, seed: number): string {
  const random = seededRandom(seed);
  const bytes = new Uint8Array(byteLength);
  for (let i = 0; i < byteLength; i++) bytes[i] = Math.floor(random() * 256);
  return Buffer.from(bytes).toString('base64');
}
