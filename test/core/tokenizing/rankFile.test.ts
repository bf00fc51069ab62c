// The encoders' compact rank files: written at build time from js-tiktoken, read by both hosts, refused when damaged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { decodeRankFile, inspectRankFile, rankFileName } from '../../../src/core/tokenizing/rankFile';
import { RankTable, countTextPieceTokens } from '../../../src/core/tokenizing/bpe';
import { BASE_ENCODINGS, isEncodingLoaded } from '../../../src/core/tokenizing/encodings';
import { countTokens, prepareEncodings, setRankFileReader } from '../../../src/core/tokenizing';
import { useRankFilesIn } from '../../../src/workspace/rankFiles';

const build = require('../../../scripts/rankFiles.cjs') as { ENCODINGS: string[]; tiktokenTokens(encoding: string): Buffer[]; encodeRankFile(tokens: Buffer[], slots: ArrayLike<number>, checksum: number): Buffer };

const distWasm = path.resolve(__dirname, '../../../../dist/wasm');
const readRankFile = (name: string) => new Uint8Array(fs.readFileSync(path.join(distWasm, name)));

/** The table for `tokens` with its slots built by hashing every token (what version 1 did on every decode). */
const hashedTable = (tokens: Buffer[]) => RankTable.fromTokenBytes(Uint8Array.from(tokens, (token) => token.length), new Uint8Array(Buffer.concat(tokens)));
/** A rank file as the build writes it: the slots are the hashed table's. */
const encode = (tokens: Buffer[]) => layOut(tokens, hashedTable(tokens).slotRanks());
/** A rank file of `tokens` with the slot layout `slots` and its checksum. */
const layOut = (tokens: Buffer[], slots: Int32Array) => build.encodeRankFile(tokens, slots, RankTable.layoutChecksum(slots));
/** Where the slot layout (slot count, bitmap, ranks) starts in a rank file of `tokens`. */
const layoutStart = (tokens: Buffer[]) => 16 + tokens.length + tokens.reduce((sum, token) => sum + token.length, 0);

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
  test(`dist/wasm/${encoding}.ranks holds js-tiktoken's ${encoding} ranks byte for byte, and the table's hash slots`, () => {
    const tokens = build.tiktokenTokens(encoding);
    const file = readRankFile(rankFileName(encoding));
    const { table, layoutRejected } = inspectRankFile(file);
    // The shipped layout is used: no hashing on decode.
    assert.equal(layoutRejected, undefined);
    assert.equal(table.size, tokens.length);
    assert.equal(table.size, encoding === 'o200k_base' ? 199_998 : 100_256);
    // 16-byte header, one length byte per token, the bytes themselves, then the slot count, one bit per slot and
    // 3 bytes per rank: nothing else.
    const slotCount = encoding === 'o200k_base' ? 524_288 : 262_144;
    assert.equal(RankTable.slotCountFor(tokens.length), slotCount);
    assert.equal(file.length, layoutStart(tokens) + 4 + slotCount / 8 + 3 * tokens.length);
    assert.equal(file.length, encoding === 'o200k_base' ? 2_263_218 : 1_077_642);
    // The slots read are exactly those hashing builds.
    assert.deepEqual(table.slotRanks(), hashedTable(tokens).slotRanks());
    tokens.forEach((token, rank) => {
      if (table.rankOfBytes(token, token.length) !== rank) assert.fail(`${encoding} rank ${rank} (${token.toString('hex')}) decodes as rank ${table.rankOfBytes(token, token.length)}`);
    });
  });
}

test('a shipped table read from its layout merges like one built by hashing, pair lookups included', () => {
  const tokens = build.tiktokenTokens('o200k_base');
  const read = decodeRankFile(readRankFile(rankFileName('o200k_base')));
  const hashed = hashedTable(tokens);
  const pieces = [' tokens', ' counting', 'Hello', ' 日本語のテキスト', ' 🙂🙂🙂', ' '.repeat(300), 'x'.repeat(70), ' supercalifragilisticexpialidocious'];
  assert.deepEqual(pieces.map((piece) => countTextPieceTokens(piece, read)), pieces.map((piece) => countTextPieceTokens(piece, hashed)));
  // As js-tiktoken encodes each piece.
  assert.deepEqual(pieces.map((piece) => countTextPieceTokens(piece, read)), [1, 1, 1, 6, 3, 3, 10, 10]);
  assert.equal(read.pairMisses, hashed.pairMisses);
  assert.equal(read.pairMisses, 230);
});

test('a shipped file whose slot list has two ranks swapped is read by hashing, and counts exactly', () => {
  const tokens = build.tiktokenTokens('cl100k_base');
  const good = Buffer.from(readRankFile(rankFileName('cl100k_base')));
  const slots = hashedTable(tokens).slotRanks();
  // Swap the entries of rank 0 ('!', a single-byte token every decode looks up) and rank 5,000 (not looked up).
  const entryOf = (rank: number) => layoutStart(tokens) + 4 + slots.length / 8 + 3 * slots.subarray(0, slots.indexOf(rank)).filter((held) => held >= 0).length;
  const swapped = Buffer.from(good);
  swapped.writeUIntLE(5000, entryOf(0), 3);
  swapped.writeUIntLE(0, entryOf(5000), 3);
  const { table, layoutRejected } = inspectRankFile(new Uint8Array(swapped));
  assert.match(layoutRejected ?? '', /^the slot layout's checksum is \d+; the header says \d+$/);
  assert.deepEqual(table.slotRanks(), slots);
  assert.equal(table.rankOfBytes(new Uint8Array(Buffer.from('!')), 1), 0);
  // As js-tiktoken encodes them.
  assert.deepEqual(['!!!', ' hello world', '!important'].map((piece) => countTextPieceTokens(piece, table)), [1, 2, 1]);
});

test('a rank file laid out by another hash is read by hashing, and counts exactly', () => {
  const tokens = [Buffer.from('a'), Buffer.from('b'), Buffer.from('ab')];
  const hashed = hashedTable(tokens).slotRanks();
  assert.deepEqual([...hashed].filter((rank) => rank >= 0).sort(), [0, 1, 2]);
  // Each rank in the slot after the one this build's hash gives it: a sound layout of some other hash.
  const shifted = Int32Array.from(hashed, (_, slot) => hashed[(slot + hashed.length - 1) % hashed.length]);
  const { table, layoutRejected } = inspectRankFile(new Uint8Array(layOut(tokens, shifted)));
  assert.match(layoutRejected ?? '', /^token [01] is not where this build's hash looks for it$/);
  assert.deepEqual(table.slotRanks(), hashed);
  assert.equal(table.rankOfBytes(new Uint8Array(Buffer.from('ab')), 2), 2);
});

test('a damaged rank file is refused with what is wrong, or its slot layout is dropped for hashing', () => {
  const tokens = [Buffer.from('a'), Buffer.from('b'), Buffer.from('ab')];
  const good = encode(tokens);
  // 16 + 3 + 4 bytes of tokens, then 4 (slot count 8) + 1 (bitmap) + 9 (ranks).
  assert.equal(good.length, 37);
  assert.deepEqual(inspectRankFile(new Uint8Array(good)).layoutRejected, undefined);
  assert.equal(decodeRankFile(new Uint8Array(good)).size, 3);
  assert.equal(decodeRankFile(new Uint8Array(good)).rankOfBytes(new Uint8Array(Buffer.from('ab')), 2), 2);
  const damaged = (change: (bytes: Buffer) => Buffer) => new Uint8Array(change(Buffer.from(good)));
  assert.throws(() => decodeRankFile(damaged((bytes) => bytes.subarray(0, 8)), 'x.ranks'), { message: 'x.ranks is not a rank file' });
  assert.throws(() => decodeRankFile(damaged((bytes) => Buffer.concat([Buffer.from('MZ'), bytes.subarray(2)])), 'x.ranks'), { message: 'x.ranks is not a rank file' });
  assert.throws(() => decodeRankFile(damaged((bytes) => (bytes[4] = 1, bytes)), 'x.ranks'), { message: 'x.ranks has format version 1; this build reads version 2' });
  assert.throws(() => decodeRankFile(damaged((bytes) => bytes.subarray(0, bytes.length - 1)), 'x.ranks'), { message: 'x.ranks is truncated (13 bytes after the tokens; 8 slots for 3 tokens take 14)' });
  assert.throws(() => decodeRankFile(damaged((bytes) => Buffer.concat([bytes, Buffer.from('c')])), 'x.ranks'), { message: 'x.ranks is longer than its slot layout (15 bytes after the tokens; 8 slots for 3 tokens take 14)' });
  assert.throws(() => decodeRankFile(damaged((bytes) => bytes.subarray(0, 23)), 'x.ranks'), { message: 'x.ranks is truncated (23 bytes for 3 tokens of 4 bytes and a slot layout)' });
  assert.throws(() => decodeRankFile(damaged((bytes) => (bytes[18] = 1, bytes)), 'x.ranks'), { message: 'x.ranks: the token lengths add up to 3 bytes; 4 were given' });
  assert.throws(() => decodeRankFile(damaged((bytes) => (bytes.writeUInt32LE(1000, 8), bytes)), 'x.ranks'), { message: 'x.ranks is truncated (37 bytes for 1000 tokens of 4 bytes and a slot layout)' });
  assert.throws(() => decodeRankFile(damaged((bytes) => (bytes[17] = 0, bytes)), 'x.ranks'), { message: 'x.ranks: token 1 has no bytes' });
  assert.throws(() => decodeRankFile(damaged((bytes) => (bytes.writeUInt32LE(0xffffffff, 23), bytes)), 'x.ranks'), { message: 'x.ranks is truncated (14 bytes after the tokens; 4294967295 slots for 3 tokens take 536870925)' });
  assert.throws(() => build.encodeRankFile([Buffer.alloc(256)], [], 0), { message: 'rank 0 has 256 bytes; the format holds 1 to 255' });

  // A layout that is whole but wrong: the table is built by hashing, and says why.
  const slots = hashedTable(tokens).slotRanks();
  const occupied = [...slots.keys()].filter((slot) => slots[slot] >= 0);
  const bitmapAt = 27;
  const ranksAt = 28;
  const dropped = (change: (bytes: Buffer) => Buffer) => {
    const { table, layoutRejected } = inspectRankFile(damaged(change), 'x.ranks');
    assert.deepEqual(table.slotRanks(), slots);
    return layoutRejected;
  };
  const wider = Int32Array.from({ length: 16 }, (_, slot) => (slot < 3 ? slot : -1));
  assert.equal(dropped(() => layOut(tokens, wider)), "16 slots; this build's table has 8 for 3 tokens");
  assert.equal(dropped((bytes) => (bytes[ranksAt] = 3, bytes)), `slot ${occupied[0]} holds rank 3; the file has 3 tokens`);
  assert.equal(dropped((bytes) => (bytes.writeUIntLE(slots[occupied[0]], ranksAt + 3, 3), bytes)), `rank ${slots[occupied[0]]} is in two slots (the second is slot ${occupied[1]})`);
  assert.equal(dropped((bytes) => (bytes[bitmapAt] &= ~(1 << occupied[2]), bytes)), '2 occupied slots for 3 tokens');
  const empty = [...slots.keys()].find((slot) => slots[slot] < 0) ?? -1;
  assert.equal(dropped((bytes) => (bytes[bitmapAt] |= 1 << empty, bytes)), 'more than 3 occupied slots for 3 tokens');
  // One token: 2 slots, so the bitmap's byte has 6 bits that stand for no slot.
  const single = [Buffer.from('a')];
  const singleFile = encode(single);
  assert.equal(inspectRankFile(new Uint8Array(singleFile)).layoutRejected, undefined);
  singleFile[singleFile.length - 4] |= 1 << 5;
  const { table: singleTable, layoutRejected: singleRejected } = inspectRankFile(new Uint8Array(singleFile));
  assert.equal(singleRejected, 'bits past slot 1 are set');
  assert.equal(singleTable.rankOfBytes(new Uint8Array(Buffer.from('a')), 1), 0);
});

test('a slot layout damaged in one bitmap byte that keeps its bit count is not used: counts stay exact', () => {
  // One byte of the occupancy bitmap rewritten with the same number of bits set (0x01 -> 0x02, say) passes the
  // permutation checks; unless the token it moves is one the spot check samples, that token is then not found.
  const tokens = build.tiktokenTokens('cl100k_base');
  const good = Buffer.from(readRankFile(rankFileName('cl100k_base')));
  const slots = hashedTable(tokens).slotRanks();
  const hello = tokens.findIndex((token) => token.toString('latin1') === ' hello');
  assert.ok(hello > 0 && hello % 997 !== 0);
  const slot = slots.indexOf(hello);
  // An empty neighbour in the same bitmap byte: moving the bit there keeps the byte's bit count and the ranks' order.
  const neighbour = [slot + 1, slot - 1].find((candidate) => candidate >> 3 === slot >> 3 && slots[candidate] < 0);
  assert.ok(neighbour !== undefined, `slot ${slot} has no empty neighbour in its bitmap byte`);
  const bitmapAt = layoutStart(tokens) + 4;
  const damaged = Buffer.from(good);
  damaged[bitmapAt + (slot >> 3)] &= ~(1 << (slot & 7));
  damaged[bitmapAt + (neighbour >> 3)] |= 1 << (neighbour & 7);
  const { table, layoutRejected } = inspectRankFile(new Uint8Array(damaged));
  assert.match(layoutRejected ?? '', /^the slot layout's checksum is \d+; the header says \d+$/);
  // As js-tiktoken encodes them (what the same file read by hashing gives).
  assert.deepEqual([' hello world', ' hello', 'say hello'].map((piece) => countTextPieceTokens(piece, table)), [' hello world', ' hello', 'say hello'].map((piece) => countTextPieceTokens(piece, hashedTable(tokens))));
});
