// Build step: writes each exact encoding's ranks as one compact binary file (`<encoding>.ranks`) beside the wasm
// files, from js-tiktoken's rank modules (a build-time input only: no bundle contains them). Both hosts read the
// files at run time: the extension through vscode.workspace.fs, the CLI and the tests through fs.
//
// Format (read by src/core/tokenizing/rankFile.ts), all integers little-endian:
//   bytes 0-3   "PCRK"
//   byte  4     format version (2)
//   bytes 5-7   the slot layout's checksum (RankTable.layoutChecksum), u24: a damaged layout is not used
//   bytes 8-11  token count N (ranks 0 .. N-1, no gaps)
//   bytes 12-15 B, the tokens' bytes in all (where the slot layout starts)
//   N bytes     the byte length of each token, in rank order (1..255)
//   then        every token's bytes back to back, in rank order
//   4 bytes     slot count S of the rank table's hash (RankTable.slotCountFor(N))
//   ceil(S/8)   occupancy bitmap: slot s is occupied when bit s % 8 of byte s / 8 is set
//   3N bytes    the rank in each occupied slot, in slot order
// The slots are RankTable's own (bpe.ts, bundled and loaded here at build time: one hash, in one place), so decoding
// fills them in one pass instead of hashing 200,000 tokens. 2.26 MB for o200k_base and 1.08 MB for cl100k_base
// (1.60 and 0.74 MB of tokens, 0.66 and 0.33 MB of layout), against 2.3 and 1.1 MB of base64 text in js-tiktoken.
'use strict';
const fs = require('fs');
const path = require('path');

const MAGIC = 'PCRK';
const VERSION = 2;
const RANK_BYTES = 3;
const HEADER_BYTES = 16;
/** The exact encodings' base encodings (BaseEncoding in src/core/tokenizing/pretokenize.ts; a test checks both agree). */
const ENCODINGS = ['o200k_base', 'cl100k_base'];

/** Tokens in rank order, from js-tiktoken's `bpe_ranks` lines ("prefix offset token64 token64 …"). */
function tiktokenTokens(encoding) {
  const module = require(`js-tiktoken/ranks/${encoding}`);
  const text = (module.bpe_ranks !== undefined ? module : module.default).bpe_ranks;
  const tokens = [];
  for (const line of text.split('\n')) {
    const [, offset, ...encoded] = line.split(' ');
    if (offset === undefined) continue;
    let rank = Number.parseInt(offset, 10);
    for (const token of encoded) tokens[rank++] = Buffer.from(token, 'base64');
  }
  return tokens;
}

/**
 * The file for `tokens` (Buffers in rank order) whose table has the hash slots `slots` (rank per slot, -1 empty:
 * RankTable's slotRanks(), see slotLayoutOf).
 */
function encodeRankFile(tokens, slots, checksum) {
  if (!Number.isInteger(checksum) || checksum < 0 || checksum > 0xffffff) throw new Error(`the slot layout's checksum must be a u24 (RankTable.layoutChecksum); got ${checksum}`);
  const byteCount = tokens.reduce((sum, token, rank) => {
    if (!token || token.length === 0 || token.length > 255) throw new Error(`rank ${rank} has ${token ? token.length : 'no'} bytes; the format holds 1 to 255`);
    return sum + token.length;
  }, 0);
  if (tokens.length >= 1 << (8 * RANK_BYTES)) throw new Error(`${tokens.length} tokens; the format holds ranks below 2^24`);
  const bitmapBytes = Math.ceil(slots.length / 8);
  const file = Buffer.alloc(HEADER_BYTES + tokens.length + byteCount + 4 + bitmapBytes + RANK_BYTES * tokens.length);
  file.write(MAGIC, 0, 'latin1');
  file[4] = VERSION;
  file.writeUIntLE(checksum, 5, 3);
  file.writeUInt32LE(tokens.length, 8);
  file.writeUInt32LE(byteCount, 12);
  let at = HEADER_BYTES + tokens.length;
  tokens.forEach((token, rank) => {
    file[HEADER_BYTES + rank] = token.length;
    token.copy(file, at);
    at += token.length;
  });
  file.writeUInt32LE(slots.length, at);
  const bitmap = at + 4;
  at = bitmap + bitmapBytes;
  slots.forEach((rank, slot) => {
    if (rank < 0) return;
    file[bitmap + (slot >>> 3)] |= 1 << (slot & 7);
    file.writeUIntLE(rank, at, RANK_BYTES);
    at += RANK_BYTES;
  });
  if (at !== file.length) throw new Error(`the slots hold ${(at - bitmap - bitmapBytes) / RANK_BYTES} ranks for ${tokens.length} tokens`);
  return file;
}

/** The folder of RankTable's sources: every file in it is an input of the rank files (loadRankTable checks). */
const TABLE_SOURCES = path.join(__dirname, '../src/core/tokenizing');

/**
 * RankTable (src/core/tokenizing/bpe.ts), bundled in memory and loaded, so the layout written is the one the table
 * builds by hashing.
 */
function loadRankTable() {
  const root = path.join(__dirname, '..');
  const result = require('esbuild').buildSync({ absWorkingDir: root, entryPoints: ['src/core/tokenizing/bpe.ts'], bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, metafile: true, logLevel: 'warning' });
  const outside = Object.keys(result.metafile.inputs).filter((input) => path.dirname(path.resolve(root, input)) !== TABLE_SOURCES);
  if (outside.length) throw new Error(`RankTable's bundle reads ${outside.join(', ')}, outside ${path.relative(root, TABLE_SOURCES)}: add them to the rank files' inputs`);
  const module = { exports: {} };
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, require);
  return module.exports.RankTable;
}

/** The hash slots RankTable builds for `tokens`: what encodeRankFile writes. */
function slotLayoutOf(RankTable, tokens) {
  const lengths = Uint8Array.from(tokens, (token) => token.length);
  return RankTable.fromTokenBytes(lengths, new Uint8Array(Buffer.concat(tokens))).slotRanks();
}

/**
 * Writes `<encoding>.ranks` into `folder` for every encoding whose file is missing or older than its inputs: this
 * script, js-tiktoken's ranks and the table's sources (a changed hash means a changed layout; a version-1 file left
 * in dist/wasm is older than this script, so it is rewritten). The table is bundled only when a file is written.
 */
function writeRankFiles(folder) {
  const sources = fs.readdirSync(TABLE_SOURCES).filter((name) => name.endsWith('.ts')).map((name) => path.join(TABLE_SOURCES, name));
  const ownInputs = Math.max(...[__filename, ...sources].map((file) => fs.statSync(file).mtimeMs));
  let RankTable;
  for (const encoding of ENCODINGS) {
    const target = path.join(folder, `${encoding}.ranks`);
    const inputs = Math.max(ownInputs, fs.statSync(require.resolve(`js-tiktoken/ranks/${encoding}`)).mtimeMs);
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= inputs) continue;
    RankTable ??= loadRankTable();
    const tokens = tiktokenTokens(encoding);
    const staging = `${target}.${process.pid}`;
    const slots = slotLayoutOf(RankTable, tokens);
    fs.writeFileSync(staging, encodeRankFile(tokens, slots, RankTable.layoutChecksum(slots)));
    fs.renameSync(staging, target);
  }
}

module.exports = { ENCODINGS, writeRankFiles, encodeRankFile, tiktokenTokens };
