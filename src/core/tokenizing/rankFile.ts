// Reads a compact rank file (`<encoding>.ranks`, written at build time by scripts/rankFiles.cjs from js-tiktoken's
// ranks): a 12-byte header ("PCRK", version 1, three zero bytes, token count N as u32 LE), N token lengths (one byte
// each, rank order), then the tokens' bytes back to back. Decoding uses the bytes in place and builds only the hash.
import { RankTable } from './bpe';
import type { BaseEncoding } from './pretokenize';

const MAGIC = [0x50, 0x43, 0x52, 0x4b]; // "PCRK"
const VERSION = 1;
const HEADER_BYTES = 12;

/** The file holding an encoding's ranks, in the bundle's `wasm/` folder beside the tree-sitter files. */
export function rankFileName(encoding: BaseEncoding): string {
  return `${encoding}.ranks`;
}

/** The rank table a rank file holds; throws on anything that is not a complete version-1 rank file. */
export function decodeRankFile(data: Uint8Array, label = 'rank file'): RankTable {
  if (data.length < HEADER_BYTES || MAGIC.some((byte, index) => data[index] !== byte)) throw new Error(`${label} is not a rank file`);
  if (data[4] !== VERSION) throw new Error(`${label} has format version ${data[4]}; this build reads version ${VERSION}`);
  const count = (data[8] | (data[9] << 8) | (data[10] << 16) | (data[11] << 24)) >>> 0;
  if (count === 0 || HEADER_BYTES + count > data.length) throw new Error(`${label} is truncated (${data.length} bytes for ${count} tokens)`);
  const lengths = data.subarray(HEADER_BYTES, HEADER_BYTES + count);
  const bytes = data.subarray(HEADER_BYTES + count);
  let total = 0;
  for (let rank = 0; rank < count; rank++) {
    if (lengths[rank] === 0) throw new Error(`${label}: token ${rank} has no bytes`);
    total += lengths[rank];
  }
  if (total !== bytes.length) throw new Error(`${label} is ${total > bytes.length ? 'truncated' : 'longer than its tokens'} (${bytes.length} token bytes, lengths add up to ${total})`);
  return RankTable.fromTokenBytes(lengths, bytes);
}
