// Build step: writes each exact encoding's ranks as one compact binary file (`<encoding>.ranks`) beside the wasm
// files, from js-tiktoken's rank modules (a build-time input only: no bundle contains them). Both hosts read the
// files at run time: the extension through vscode.workspace.fs, the CLI and the tests through fs.
//
// Format (read by src/core/tokenizing/rankFile.ts), all integers little-endian:
//   bytes 0-3   "PCRK"
//   byte  4     format version (1)
//   bytes 5-7   0
//   bytes 8-11  token count N (ranks 0 .. N-1, no gaps)
//   N bytes     the byte length of each token, in rank order (1..255)
//   then        every token's bytes back to back, in rank order
// 1.6 MB for o200k_base and 0.74 MB for cl100k_base, against 2.3 and 1.1 MB of base64 text in js-tiktoken's modules.
'use strict';
const fs = require('fs');
const path = require('path');

const MAGIC = 'PCRK';
const VERSION = 1;
const HEADER_BYTES = 12;
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

function encodeRankFile(tokens) {
  const byteCount = tokens.reduce((sum, token, rank) => {
    if (!token || token.length === 0 || token.length > 255) throw new Error(`rank ${rank} has ${token ? token.length : 'no'} bytes; the format holds 1 to 255`);
    return sum + token.length;
  }, 0);
  const file = Buffer.alloc(HEADER_BYTES + tokens.length + byteCount);
  file.write(MAGIC, 0, 'latin1');
  file[4] = VERSION;
  file.writeUInt32LE(tokens.length, 8);
  let at = HEADER_BYTES + tokens.length;
  tokens.forEach((token, rank) => {
    file[HEADER_BYTES + rank] = token.length;
    token.copy(file, at);
    at += token.length;
  });
  return file;
}

/** Writes `<encoding>.ranks` into `folder` for every encoding whose file is missing or older than its inputs. */
function writeRankFiles(folder) {
  for (const encoding of ENCODINGS) {
    const target = path.join(folder, `${encoding}.ranks`);
    const inputs = Math.max(fs.statSync(__filename).mtimeMs, fs.statSync(require.resolve(`js-tiktoken/ranks/${encoding}`)).mtimeMs);
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= inputs) continue;
    const staging = `${target}.${process.pid}`;
    fs.writeFileSync(staging, encodeRankFile(tiktokenTokens(encoding)));
    fs.renameSync(staging, target);
  }
}

module.exports = { ENCODINGS, writeRankFiles, encodeRankFile, tiktokenTokens };
