// The encoders' compact rank files: written at build time from js-tiktoken, read by both hosts, refused when damaged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { decodeRankFile, rankFileName } from '../../../src/core/tokenizing/rankFile';
import { BASE_ENCODINGS, isEncodingLoaded } from '../../../src/core/tokenizing/encodings';
import { countTokens, prepareEncodings, setRankFileReader } from '../../../src/core/tokenizing';
import { useRankFilesIn } from '../../../src/workspace/rankFiles';

const build = require('../../../scripts/rankFiles.cjs') as { ENCODINGS: string[]; tiktokenTokens(encoding: string): Buffer[]; encodeRankFile(tokens: Buffer[]): Buffer };

const distWasm = path.resolve(__dirname, '../../../../dist/wasm');
const readRankFile = (name: string) => new Uint8Array(fs.readFileSync(path.join(distWasm, name)));

// Runs first: nothing in this file has counted yet, and the reader the test bundle installs is taken away.
test('counting an encoding whose rank file no host supplied fails and names the file', () => {
  setRankFileReader(undefined);
  assert.throws(() => countTokens('hello world', 'cl100k_base'), {
    message: 'the cl100k_base ranks (cl100k_base.ranks) are not loaded: the host must call prepareEncodings or setRankFileReader before counting',
  });
  assert.equal(isEncodingLoaded('cl100k_base'), false);
});

test('prepareEncodings reads each rank file once, however many callers ask at once, and counting then works', async () => {
  const reads: string[] = [];
  const read = async (name: string) => {
    reads.push(name);
    return readRankFile(name);
  };
  await Promise.all([prepareEncodings(read), prepareEncodings(read, ['cl100k_base']), prepareEncodings(read)]);
  assert.deepEqual(reads.sort(), ['cl100k_base.ranks', 'o200k_base.ranks']);
  assert.deepEqual(countTokens('Claude counts more tokens than GPT-4o on the same text.', 'cl100k_base'), { tokens: 16, exact: true, tokenizer: 'cl100k_base' });
  assert.equal(countTokens('Claude counts more tokens than GPT-4o on the same text.', 'o200k_base').tokens, 14);
  // Decoded encodings need no file again.
  await prepareEncodings(read);
  assert.equal(reads.length, 2);
  useRankFilesIn(distWasm);
});

test('the build writes a rank file for every base encoding the counter knows, and no other', () => {
  assert.deepEqual([...build.ENCODINGS].sort(), [...BASE_ENCODINGS].sort());
  for (const encoding of BASE_ENCODINGS) assert.ok(fs.existsSync(path.join(distWasm, rankFileName(encoding))), `dist/wasm/${rankFileName(encoding)} is missing`);
});

for (const encoding of BASE_ENCODINGS) {
  test(`dist/wasm/${encoding}.ranks holds js-tiktoken's ${encoding} ranks byte for byte`, () => {
    const tokens = build.tiktokenTokens(encoding);
    const file = readRankFile(rankFileName(encoding));
    const table = decodeRankFile(file);
    assert.equal(table.size, tokens.length);
    assert.equal(table.size, encoding === 'o200k_base' ? 199_998 : 100_256);
    // 12-byte header, one length byte per token, then the bytes themselves: nothing else.
    assert.equal(file.length, 12 + tokens.length + tokens.reduce((sum, token) => sum + token.length, 0));
    tokens.forEach((token, rank) => {
      if (table.rankOfBytes(token, token.length) !== rank) assert.fail(`${encoding} rank ${rank} (${token.toString('hex')}) decodes as rank ${table.rankOfBytes(token, token.length)}`);
    });
  });
}

test('a damaged rank file is refused with what is wrong', () => {
  const good = build.encodeRankFile([Buffer.from('a'), Buffer.from('b'), Buffer.from('ab')]);
  assert.equal(decodeRankFile(new Uint8Array(good)).size, 3);
  assert.equal(decodeRankFile(new Uint8Array(good)).rankOfBytes(new Uint8Array(Buffer.from('ab')), 2), 2);
  const damaged = (change: (bytes: Buffer) => Buffer) => new Uint8Array(change(Buffer.from(good)));
  assert.throws(() => decodeRankFile(damaged((bytes) => bytes.subarray(0, 8)), 'x.ranks'), { message: 'x.ranks is not a rank file' });
  assert.throws(() => decodeRankFile(damaged((bytes) => Buffer.concat([Buffer.from('MZ'), bytes.subarray(2)])), 'x.ranks'), { message: 'x.ranks is not a rank file' });
  assert.throws(() => decodeRankFile(damaged((bytes) => (bytes[4] = 2, bytes)), 'x.ranks'), { message: 'x.ranks has format version 2; this build reads version 1' });
  assert.throws(() => decodeRankFile(damaged((bytes) => bytes.subarray(0, bytes.length - 1)), 'x.ranks'), { message: 'x.ranks is truncated (3 token bytes, lengths add up to 4)' });
  assert.throws(() => decodeRankFile(damaged((bytes) => Buffer.concat([bytes, Buffer.from('c')])), 'x.ranks'), { message: 'x.ranks is longer than its tokens (5 token bytes, lengths add up to 4)' });
  assert.throws(() => decodeRankFile(damaged((bytes) => (bytes.writeUInt32LE(1000, 8), bytes)), 'x.ranks'), { message: 'x.ranks is truncated (19 bytes for 1000 tokens)' });
  assert.throws(() => decodeRankFile(damaged((bytes) => (bytes[13] = 0, bytes)), 'x.ranks'), { message: 'x.ranks: token 1 has no bytes' });
  assert.throws(() => build.encodeRankFile([Buffer.alloc(256)]), { message: 'rank 0 has 256 bytes; the format holds 1 to 255' });
});
