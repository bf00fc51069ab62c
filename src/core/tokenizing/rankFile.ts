// Reads a compact rank file (`<encoding>.ranks`, written at build time by scripts/rankFiles.cjs from js-tiktoken's
// ranks): a 16-byte header ("PCRK", version 2, the slot layout's checksum as u24 LE, token count N and their byte total B as u32 LE), N
// token lengths (one byte each, rank order), the tokens' B bytes back to back, then the rank table's hash slots as
// RankTable lays them out: the slot count S (u32 LE), an occupancy bitmap (ceil(S / 8) bytes, slot s at bit s % 8 of
// byte s / 8), and the ranks of the occupied slots in slot order (3 bytes LE each). Decoding uses the bytes in place
// and fills the slots in one sequential pass, hashing nothing but a sample that checks the layout against this
// build's hash; a layout that fails any check is dropped and the slots are built by hashing every token, as version 1
// did (slower, same counts).
import { FNV_OFFSET, FNV_PRIME, RankTable } from './bpe';
import type { BaseEncoding } from './pretokenize';

const MAGIC = [0x50, 0x43, 0x52, 0x4b]; // "PCRK"
const VERSION = 2;
const HEADER_BYTES = 16;
const SLOT_COUNT_BYTES = 4;
const RANK_BYTES = 3;
/** Besides every single-byte token, every this-many-th rank is looked up with the runtime hash before a layout is used. */
const SPOT_CHECK_STRIDE = 997;

/** The file holding an encoding's ranks, in the bundle's `wasm/` folder beside the tree-sitter files. */
export function rankFileName(encoding: BaseEncoding): string {
  return `${encoding}.ranks`;
}

/** A decoded rank file: the table, and why the file's slot layout was not used, if it was not. */
export interface DecodedRankFile {
  table: RankTable;
  /** Set when the table's slots were built by hashing because the file's layout failed a check: what failed. */
  layoutRejected?: string;
}

/** The rank table a rank file holds; throws on anything that is not a complete version-2 rank file. */
export function decodeRankFile(data: Uint8Array, label = 'rank file'): RankTable {
  return inspectRankFile(data, label).table;
}

/** decodeRankFile, saying whether the file's slot layout was used (tests and the bench read it). */
export function inspectRankFile(data: Uint8Array, label = 'rank file'): DecodedRankFile {
  if (data.length < HEADER_BYTES || MAGIC.some((byte, index) => data[index] !== byte)) throw new Error(`${label} is not a rank file`);
  if (data[4] !== VERSION) throw new Error(`${label} has format version ${data[4]}; this build reads version ${VERSION}`);
  const count = readUint32(data, 8);
  const byteTotal = readUint32(data, 12);
  const bytesStart = HEADER_BYTES + count;
  const layoutStart = bytesStart + byteTotal;
  if (count === 0 || layoutStart + SLOT_COUNT_BYTES > data.length) throw new Error(`${label} is truncated (${data.length} bytes for ${count} tokens of ${byteTotal} bytes and a slot layout)`);
  const lengths = data.subarray(HEADER_BYTES, bytesStart);
  const bytes = data.subarray(bytesStart, layoutStart);
  const layout = data.subarray(layoutStart);
  const slotCount = readUint32(layout, 0);
  const layoutLength = SLOT_COUNT_BYTES + Math.ceil(slotCount / 8) + RANK_BYTES * count;
  if (layout.length !== layoutLength) {
    throw new Error(`${label} is ${layout.length < layoutLength ? 'truncated' : 'longer than its slot layout'} (${layout.length} bytes after the tokens; ${slotCount} slots for ${count} tokens take ${layoutLength})`);
  }
  const slots = readSlots(layout, slotCount, count, data[5] | (data[6] << 8) | (data[7] << 16));
  // The tokens' own checks (no empty token, lengths adding up to the byte total) run in the table's one pass over them.
  const buildTable = (withSlots?: Int32Array) => {
    try {
      return RankTable.fromTokenBytes(lengths, bytes, withSlots);
    } catch (error) {
      throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
    }
  };
  let layoutRejected = typeof slots === 'string' ? slots : undefined;
  if (typeof slots !== 'string') {
    const fromLayout = buildTable(slots);
    layoutRejected = spotCheck(fromLayout, count);
    if (layoutRejected === undefined) return { table: fromLayout };
  }
  return { table: buildTable(), layoutRejected };
}

/** The slots a layout describes, or what makes it unusable (then the caller hashes). `checksum`: the header's. */
function readSlots(layout: Uint8Array, slotCount: number, count: number, checksum: number): Int32Array | string {
  const expected = RankTable.slotCountFor(count);
  if (slotCount !== expected) return `${slotCount} slots; this build's table has ${expected} for ${count} tokens`;
  const slots = new Int32Array(slotCount).fill(-1);
  // One bit per rank: a rank in two slots would leave another rank out of the table.
  const seen = new Uint8Array((count + 7) >>> 3);
  let occupied = 0;
  // RankTable.layoutChecksum, computed in this pass (a test checks that the shipped files' layouts are used).
  let hash = FNV_OFFSET;
  // Integer arithmetic only (Math.ceil gives a double, and a double index boxes on every step before the loop is optimized).
  let at = SLOT_COUNT_BYTES + ((slotCount + 7) >>> 3);
  // A bitmap of fewer than 8 slots (a table of 1 to 3 tokens) leaves bits over: they must be clear.
  if ((slotCount & 7) !== 0 && layout[SLOT_COUNT_BYTES + (slotCount >>> 3)] >>> (slotCount & 7) !== 0) return `bits past slot ${slotCount - 1} are set`;
  // Byte by byte through the bitmap, visiting only the set bits (lowest first, so slots in order).
  for (let byteIndex = 0; byteIndex * 8 < slotCount; byteIndex++) {
    for (let bits = layout[SLOT_COUNT_BYTES + byteIndex]; bits !== 0; bits &= bits - 1) {
      const slot = (byteIndex << 3) | (31 - Math.clz32(bits & -bits));
      if (++occupied > count) return `more than ${count} occupied slots for ${count} tokens`;
      const rank = layout[at] | (layout[at + 1] << 8) | (layout[at + 2] << 16);
      at += RANK_BYTES;
      if (rank >= count) return `slot ${slot} holds rank ${rank}; the file has ${count} tokens`;
      if ((seen[rank >>> 3] & (1 << (rank & 7))) !== 0) return `rank ${rank} is in two slots (the second is slot ${slot})`;
      seen[rank >>> 3] |= 1 << (rank & 7);
      slots[slot] = rank;
      hash = Math.imul(Math.imul(hash ^ slot, FNV_PRIME) ^ rank, FNV_PRIME);
    }
  }
  if (occupied !== count) return `${occupied} occupied slots for ${count} tokens`;
  const computed = (hash ^ (hash >>> 24)) & 0xffffff;
  if (computed !== checksum) return `the slot layout's checksum is ${computed}; the header says ${checksum}`;
  return slots;
}

/** Looks up every single-byte token and every SPOT_CHECK_STRIDE-th rank with this build's hash; the first that is not found where it should be. */
function spotCheck(table: RankTable, count: number): string | undefined {
  for (let byte = 0; byte < 256; byte++) {
    const rank = table.byteRanks[byte];
    if (rank >= 0 && table.rankOfToken(rank) !== rank) return `token ${rank} is not where this build's hash looks for it`;
  }
  for (let rank = 0; rank < count; rank += SPOT_CHECK_STRIDE) {
    if (table.rankOfToken(rank) !== rank) return `token ${rank} is not where this build's hash looks for it`;
  }
  return undefined;
}

function readUint32(data: Uint8Array, at: number): number {
  return (data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24)) >>> 0;
}
