// Byte-pair merging over one pre-tokenizer piece, counting the tokens it becomes.
//
// tiktoken merges, again and again, the adjacent pair whose bytes have the lowest rank (leftmost on ties) until no
// pair is in the vocabulary. Every part is always a token, and the rank of a pair is the rank of the token its bytes
// form, so the merge runs on integer ranks: parts start as the ranks of single bytes and a pair's rank comes from a
// hash table of (left rank, right rank) filled on first sight, never from slicing and hashing byte strings.
// tiktoken rescans every pair after each merge (quadratic in the piece length, which is what made js-tiktoken take
// seconds on 10 KB of spaces). Long pieces here use a heap of (rank, start) with stale entries skipped, which picks
// exactly the same pair at every step in O(n log n).

import { countByCharacterSegments } from './charSegments';

const NO_RANK = 0x7fffffff;
const UNKNOWN_PAIR = -1;

/**
 * The ranks of one encoding, in typed arrays: every token's bytes in one buffer, and an open-addressing hash table
 * from bytes to rank. No string per token and no Map: the table builds in a fraction of the time, and the garbage
 * collector has 200,000 fewer objects to trace during every audit. Pair ranks are cached by the two parts' ranks.
 */
export class RankTable {
  /** Bytes of every token, back to back; token `rank` is bytes[starts[rank]] .. bytes[starts[rank] + lengths[rank]). */
  private bytes: Uint8Array = new Uint8Array(1 << 20);
  private bytesUsed = 0;
  private starts = new Int32Array(1 << 16);
  private lengths = new Int32Array(1 << 16);
  /** Hash table of ranks by their bytes (-1 = empty slot). */
  private slots: Int32Array = new Int32Array(0);
  private slotMask = 0;
  private count = 0;
  /** Rank of each single byte (every byte is a token in the OpenAI encodings); -1 if one were missing. */
  readonly byteRanks = new Int32Array(256).fill(-1);
  /** Bytes of the longest token: longer pieces cannot be one token. */
  maxTokenBytes = 0;
  // Open-addressing table: slot i holds left rank keys[2i], right rank keys[2i+1], pair rank values[i] (or NO_RANK).
  private keys = new Int32Array(0);
  private values = new Int32Array(0);
  private pairCount = 0;
  private mask = 0;
  /** Rank of the pair (left, right) at left * 256 + right for ranks under 256, or UNKNOWN_PAIR before first sight. */
  private lowPairs = new Int32Array(1 << 16).fill(UNKNOWN_PAIR);
  /** Pair lookups that missed the pair table and looked bytes up (the bench and tests read it). */
  pairMisses = 0;

  constructor(expectedTokens = 1 << 16) {
    this.resizeSlots(RankTable.slotCountFor(expectedTokens));
    this.resizePairs(1 << 16);
  }

  /** Hash slots of a table built for `count` tokens: the power of two at least twice the count (at most half full). */
  static slotCountFor(count: number): number {
    let size = 1;
    while (size < count * 2) size *= 2;
    return size;
  }

  get size(): number {
    return this.count;
  }

  /**
   * A table over tokens given as `lengths[rank]` and their bytes back to back in rank order (the body of a rank file):
   * the bytes are used in place, starts are a running sum, and the hash slots are built by hashing every token, or
   * taken as given: `slots` must be what hashing builds (`slotRanks()` of such a table; rankFile.ts checks a file's).
   * Throws when a token has no bytes or the lengths do not add up to `bytes.length`.
   */
  static fromTokenBytes(lengths: Uint8Array, bytes: Uint8Array, slots?: Int32Array): RankTable {
    const count = lengths.length;
    if (slots !== undefined && slots.length !== RankTable.slotCountFor(count)) throw new Error(`${slots.length} slots given for ${count} tokens; the table has ${RankTable.slotCountFor(count)}`);
    // Given slots replace the constructor's, so it allocates one.
    const table = new RankTable(slots === undefined ? count : 0);
    // Locals, not fields, in the loop: it runs once per token on a cold start, mostly before it is optimized.
    const starts = new Int32Array(count);
    const lengthsByRank = new Int32Array(count);
    const byteRanks = table.byteRanks;
    let maxTokenBytes = 0;
    let at = 0;
    for (let rank = 0; rank < count; rank++) {
      const length = lengths[rank];
      if (length === 0) throw new Error(`token ${rank} has no bytes`);
      starts[rank] = at;
      lengthsByRank[rank] = length;
      if (length > maxTokenBytes) maxTokenBytes = length;
      if (length === 1) byteRanks[bytes[at]] = rank;
      at += length;
    }
    if (at !== bytes.length) throw new Error(`the token lengths add up to ${at} bytes; ${bytes.length} were given`);
    table.starts = starts;
    table.lengths = lengthsByRank;
    table.maxTokenBytes = maxTokenBytes;
    table.bytes = bytes;
    table.bytesUsed = at;
    if (slots === undefined) {
      for (let rank = 0; rank < count; rank++) table.insertSlot(rank);
    } else {
      table.slots = slots;
      table.slotMask = slots.length - 1;
    }
    table.count = count;
    return table;
  }

  /**
   * A 24-bit checksum of a slot layout (each occupied slot and its rank, in slot order): the build stores it in a rank
   * file, and decoding uses a layout only when it matches, since a layout damaged in a way that keeps every rank once
   * (a bitmap byte with the same bits set, two ranks swapped) passes every other check and leaves tokens unfound.
   */
  static layoutChecksum(slots: Int32Array): number {
    let hash = FNV_OFFSET;
    for (let slot = 0; slot < slots.length; slot++) {
      const rank = slots[slot];
      if (rank >= 0) hash = Math.imul(Math.imul(hash ^ slot, FNV_PRIME) ^ rank, FNV_PRIME);
    }
    return (hash ^ (hash >>> 24)) & 0xffffff;
  }

  /** The hash slots: the rank held by each slot, -1 where empty (a copy; the build writes it into rank files). */
  slotRanks(): Int32Array {
    return this.slots.slice();
  }

  /** The rank this table finds for token `rank`'s own bytes: `rank` itself wherever the slots are sound. */
  rankOfToken(rank: number): number {
    const start = this.starts[rank];
    return this.rankOfBytes(this.bytes.subarray(start, start + this.lengths[rank]), this.lengths[rank]);
  }

  /** Adds token `rank` whose bytes are `source[from .. from + length)`. */
  addBytes(rank: number, source: Uint8Array, from: number, length: number): void {
    if (rank >= this.starts.length) {
      const grown = Math.max(rank + 1, this.starts.length * 2);
      this.starts = copyInto(new Int32Array(grown), this.starts);
      this.lengths = copyInto(new Int32Array(grown), this.lengths);
    }
    if (this.bytesUsed + length > this.bytes.length) this.bytes = copyInto(new Uint8Array(Math.max(this.bytes.length * 2, this.bytesUsed + length)), this.bytes);
    this.bytes.set(source.subarray(from, from + length), this.bytesUsed);
    this.starts[rank] = this.bytesUsed;
    this.lengths[rank] = length;
    this.bytesUsed += length;
    if (length > this.maxTokenBytes) this.maxTokenBytes = length;
    if (length === 1) this.byteRanks[source[from]] = rank;
    if ((this.count + 1) * 2 > this.slotMask + 1) this.resizeSlots((this.slotMask + 1) * 2);
    this.insertSlot(rank);
    this.count++;
  }

  /** Adds a token given as a byte string (one char per byte). */
  set(bytes: string, rank: number): void {
    const buffer = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) buffer[i] = bytes.charCodeAt(i);
    this.addBytes(rank, buffer, 0, bytes.length);
  }

  /** Rank of a byte string (one char per byte), if it is a token. */
  get(bytes: string): number | undefined {
    let hash = FNV_OFFSET;
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes.charCodeAt(i), FNV_PRIME);
    const all = this.bytes;
    for (let slot = mix(hash) & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      const rank = this.slots[slot];
      if (rank < 0) return undefined;
      if (this.lengths[rank] !== bytes.length) continue;
      const start = this.starts[rank];
      let equal = true;
      for (let i = 0; i < bytes.length; i++) {
        if (all[start + i] !== bytes.charCodeAt(i)) {
          equal = false;
          break;
        }
      }
      if (equal) return rank;
    }
  }

  has(bytes: string): boolean {
    return this.get(bytes) !== undefined;
  }

  /** Rank of the bytes `source[0 .. length)`, or -1. */
  rankOfBytes(source: Uint8Array, length: number): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ source[i], FNV_PRIME);
    return this.find(hash, source, 0, length, -1, 0);
  }

  /** Rank of the token made of part `left` followed by part `right`, or NO_RANK when no such token exists. */
  pairRank(left: number, right: number): number {
    // Pairs of low ranks (the single bytes every piece starts from) are looked up by index, not hashed.
    if ((left | right) >>> 0 < 256) {
      const index = (left << 8) | right;
      let rank = this.lowPairs[index];
      if (rank === UNKNOWN_PAIR) {
        rank = this.pairRankFromTable(left, right);
        this.lowPairs[index] = rank;
      }
      return rank;
    }
    return this.pairRankFromTable(left, right);
  }

  private pairRankFromTable(left: number, right: number): number {
    const mask = this.mask;
    const keys = this.keys;
    let slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca77)) >>> 0;
    slot = (slot ^ (slot >>> 15)) & mask;
    for (;;) {
      const k = slot << 1;
      const storedLeft = keys[k];
      if (storedLeft === left && keys[k + 1] === right) return this.values[slot];
      if (storedLeft === -1) break;
      slot = (slot + 1) & mask;
    }
    this.pairMisses++;
    const rank = left < 0 || right < 0 ? NO_RANK : this.concatenationRank(left, right);
    this.insertPair(left, right, rank);
    return rank;
  }

  /** Rank of the bytes of token `left` followed by the bytes of token `right`, or NO_RANK. */
  private concatenationRank(left: number, right: number): number {
    const all = this.bytes;
    const leftStart = this.starts[left];
    const leftLength = this.lengths[left];
    const rightStart = this.starts[right];
    const rightLength = this.lengths[right];
    const length = leftLength + rightLength;
    if (length > this.maxTokenBytes) return NO_RANK;
    let hash = FNV_OFFSET;
    for (let i = 0; i < leftLength; i++) hash = Math.imul(hash ^ all[leftStart + i], FNV_PRIME);
    for (let i = 0; i < rightLength; i++) hash = Math.imul(hash ^ all[rightStart + i], FNV_PRIME);
    const rank = this.find(hash, all, leftStart, leftLength, rightStart, rightLength);
    return rank < 0 ? NO_RANK : rank;
  }

  /** Rank whose bytes are `source[firstStart..+firstLength)` then `this.bytes[secondStart..+secondLength)`, or -1. */
  private find(hash: number, source: Uint8Array, firstStart: number, firstLength: number, secondStart: number, secondLength: number): number {
    const all = this.bytes;
    const length = firstLength + secondLength;
    for (let slot = mix(hash) & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      const rank = this.slots[slot];
      if (rank < 0) return -1;
      if (this.lengths[rank] !== length) continue;
      const start = this.starts[rank];
      let equal = true;
      for (let i = 0; i < firstLength; i++) {
        if (all[start + i] !== source[firstStart + i]) {
          equal = false;
          break;
        }
      }
      if (!equal) continue;
      for (let i = 0; i < secondLength; i++) {
        if (all[start + firstLength + i] !== all[secondStart + i]) {
          equal = false;
          break;
        }
      }
      if (equal) return rank;
    }
  }

  private insertSlot(rank: number): void {
    const all = this.bytes;
    const start = this.starts[rank];
    const length = this.lengths[rank];
    let hash = FNV_OFFSET;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ all[start + i], FNV_PRIME);
    let slot = mix(hash) & this.slotMask;
    while (this.slots[slot] >= 0) slot = (slot + 1) & this.slotMask;
    this.slots[slot] = rank;
  }

  private resizeSlots(capacity: number): void {
    let size = 1;
    while (size < capacity) size *= 2;
    const old = this.slots;
    this.slots = new Int32Array(size).fill(-1);
    this.slotMask = size - 1;
    for (let i = 0; i < old.length; i++) if (old[i] >= 0) this.insertSlot(old[i]);
  }

  private insertPair(left: number, right: number, rank: number): void {
    // Half full at most; a table that grows past 8M pairs (a huge adversarial input) starts over.
    if ((this.pairCount + 1) * 2 > this.mask + 1) this.resizePairs(this.mask + 1 >= 1 << 24 ? 1 << 16 : (this.mask + 1) * 2);
    const mask = this.mask;
    let slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca77)) >>> 0;
    slot = (slot ^ (slot >>> 15)) & mask;
    while (this.keys[slot << 1] !== -1) slot = (slot + 1) & mask;
    this.keys[slot << 1] = left;
    this.keys[(slot << 1) + 1] = right;
    this.values[slot] = rank;
    this.pairCount++;
  }

  private resizePairs(capacity: number): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const keep = capacity > this.mask + 1;
    this.keys = new Int32Array(capacity * 2).fill(-1);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.pairCount = 0;
    if (!keep) return;
    for (let slot = 0; slot < oldValues.length; slot++) {
      if (oldKeys[slot << 1] !== -1) this.insertPair(oldKeys[slot << 1], oldKeys[(slot << 1) + 1], oldValues[slot]);
    }
  }
}

/** FNV-1a's offset and prime (32 bits): the table's hash and its slot layout's checksum (rankFile.ts computes it inline). */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** Spreads FNV's low bits (the table index takes the low bits). */
function mix(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  return (hash ^ (hash >>> 15)) >>> 0;
}

function copyInto<T extends Int32Array | Uint8Array>(target: T, source: T): T {
  target.set(source);
  return target;
}

const BASE64_VALUES = (() => {
  const values = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
})();

/**
 * Builds the rank table from js-tiktoken's compressed `bpe_ranks` ("prefix offset token64 token64 …" lines),
 * decoding the base64 straight into the byte buffer.
 */
export function buildRankTable(bpeRanks: string): RankTable {
  const ranks = new RankTable(bpeRanks.length >> 3);
  const decoded = new Uint8Array(1024);
  let position = 0;
  while (position < bpeRanks.length) {
    let lineEnd = bpeRanks.indexOf('\n', position);
    if (lineEnd < 0) lineEnd = bpeRanks.length;
    const prefixEnd = bpeRanks.indexOf(' ', position);
    if (prefixEnd < 0 || prefixEnd >= lineEnd) {
      position = lineEnd + 1;
      continue;
    }
    const offsetEnd = bpeRanks.indexOf(' ', prefixEnd + 1);
    const fieldsEnd = offsetEnd < 0 || offsetEnd > lineEnd ? lineEnd : offsetEnd;
    let rank = Number.parseInt(bpeRanks.slice(prefixEnd + 1, fieldsEnd), 10);
    let at = fieldsEnd + 1;
    while (at < lineEnd) {
      let end = bpeRanks.indexOf(' ', at);
      if (end < 0 || end > lineEnd) end = lineEnd;
      // Base64 of one token: 4 chars to 3 bytes, '=' padding at the end.
      let length = 0;
      let bits = 0;
      let bitCount = 0;
      for (let i = at; i < end; i++) {
        const value = BASE64_VALUES[bpeRanks.charCodeAt(i) & 0x7f];
        if (value < 0) break;
        bits = (bits << 6) | value;
        bitCount += 6;
        if (bitCount >= 8) {
          bitCount -= 8;
          decoded[length++] = (bits >> bitCount) & 0xff;
        }
      }
      if (end > at) ranks.addBytes(rank, decoded, 0, length);
      rank++;
      at = end + 1;
    }
    position = lineEnd + 1;
  }
  return ranks;
}

/** Pieces of multi-byte characters this long are counted by character (shorter ones are merged once, then memoized). */
const SEGMENT_MIN_BYTES = 13;

/** Above this many bytes the heap merge beats rescanning (and keeps the worst case near-linear). */
export const HEAP_MERGE_THRESHOLD = 48;

// Scratch arrays shared by every merge (counting is synchronous, so one set serves all callers); grown on demand.
let scratchParts = new Int32Array(1024);
/** UTF-8 bytes of the piece being counted. */
let scratchBytes = new Uint8Array(1024);
let scratchPairs = new Int32Array(1024);

function partsFor(length: number): Int32Array {
  if (scratchParts.length < length) {
    scratchParts = new Int32Array(length * 2);
    scratchPairs = new Int32Array(length * 2);
    scratchBytes = new Uint8Array(length * 2);
  }
  return scratchParts;
}

/** Tokens that `bytes` (a byte string of one piece) becomes. */
export function countPieceTokens(bytes: string, ranks: RankTable): number {
  if (bytes.length <= 1) return bytes.length;
  const parts = partsFor(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = ranks.byteRanks[bytes.charCodeAt(i)];
  const merged = mergeParts(parts, bytes.length, ranks);
  // tiktoken takes a piece that is itself a token as one, even where merging would not reach it.
  return merged > 1 && bytes.length <= ranks.maxTokenBytes && ranks.has(bytes) ? 1 : merged;
}

/**
 * Tokens that one pre-tokenizer piece (text, not bytes) becomes: its UTF-8 bytes go straight into the merge as
 * byte ranks, and a byte string is built only to ask whether a short piece that merges into several parts is itself
 * a token.
 */
export function countTextPieceTokens(piece: string, ranks: RankTable): number {
  return countTextRangeTokens(piece, 0, piece.length, ranks);
}

/** Tokens that the piece `text[start, end)` becomes (see countTextPieceTokens), read in place. */
export function countTextRangeTokens(text: string, start: number, end: number, ranks: RankTable): number {
  // At most 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units).
  const parts = partsFor((end - start) * 3);
  const bytes = scratchBytes;
  let length = 0;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes[length++] = code;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        code = 0xfffd; // a lone surrogate, as TextEncoder (and so the reference) sees it
      }
    }
    if (code < 0x800) {
      bytes[length++] = 0xc0 | (code >> 6);
      bytes[length++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      bytes[length++] = 0xe0 | (code >> 12);
      bytes[length++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[length++] = 0x80 | (code & 0x3f);
    } else {
      bytes[length++] = 0xf0 | (code >> 18);
      bytes[length++] = 0x80 | ((code >> 12) & 0x3f);
      bytes[length++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[length++] = 0x80 | (code & 0x3f);
    }
  }
  if (length <= 1) return length;
  // Multi-byte characters (CJK, emoji, Indic scripts) mostly merge within themselves: counted by character where that
  // is exact (charSegments.ts), else merged whole.
  let merged = length >= SEGMENT_MIN_BYTES && length >= 2 * (end - start) ? countByCharacterSegments(bytes, length, ranks) : -1;
  if (merged < 0) {
    const byteRanks = ranks.byteRanks;
    for (let i = 0; i < length; i++) parts[i] = byteRanks[bytes[i]];
    merged = mergeParts(parts, length, ranks);
  }
  // tiktoken takes a piece that is itself a token as one, even where merging would not reach it.
  if (merged === 1 || length > ranks.maxTokenBytes) return merged;
  return ranks.rankOfBytes(bytes, length) >= 0 ? 1 : merged;
}

function mergeParts(parts: Int32Array, length: number, ranks: RankTable): number {
  return length > HEAP_MERGE_THRESHOLD ? heapMergeParts(parts, length, ranks) : rescanMergeParts(parts, length, ranks);
}

/** tiktoken's own algorithm: rescan all pairs after each merge. Fast for the short pieces of ordinary text. */
export function countByRescanMerge(bytes: string, ranks: RankTable): number {
  if (bytes.length <= 1) return bytes.length;
  const parts = partsFor(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = ranks.byteRanks[bytes.charCodeAt(i)];
  return rescanMergeParts(parts, bytes.length, ranks);
}

/** Same merges as `countByRescanMerge`, in O(n log n). */
export function countByHeapMerge(bytes: string, ranks: RankTable): number {
  if (bytes.length <= 1) return bytes.length;
  const parts = partsFor(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = ranks.byteRanks[bytes.charCodeAt(i)];
  return heapMergeParts(parts, bytes.length, ranks);
}

/** Rescan merge over `parts` (ranks, overwritten); returns how many parts remain. */
function rescanMergeParts(parts: Int32Array, length: number, ranks: RankTable): number {
  if (length <= 1) return length;
  const pairRanks = scratchPairs;
  for (let i = 0; i + 1 < length; i++) pairRanks[i] = ranks.pairRank(parts[i], parts[i + 1]);
  let count = length;
  while (count > 1) {
    let best = NO_RANK;
    let at = -1;
    for (let k = 0; k < count - 1; k++) {
      if (pairRanks[k] < best) {
        best = pairRanks[k];
        at = k;
      }
    }
    if (at < 0) break;
    parts[at] = best;
    // Drop part at+1 and pair at+1 (the pair (at, at+1) is now part `at` itself).
    parts.copyWithin(at + 1, at + 2, count);
    pairRanks.copyWithin(at + 1, at + 2, count - 1);
    count--;
    if (at < count - 1) pairRanks[at] = ranks.pairRank(best, parts[at + 1]);
    if (at > 0) pairRanks[at - 1] = ranks.pairRank(parts[at - 1], best);
  }
  return count;
}

// Heap keys pack (rank, start) into one double: rank < 2^21, start < 2^31, product < 2^53.
const START_SCALE = 2 ** 31;

let heapScratch = { next: new Int32Array(0), previous: new Int32Array(0), alive: new Uint8Array(0), pairRank: new Int32Array(0), heap: new Float64Array(0) };

function heapArraysFor(length: number): typeof heapScratch {
  if (heapScratch.next.length < length) {
    const size = Math.max(length, 2 * heapScratch.next.length, 1024);
    heapScratch = { next: new Int32Array(size), previous: new Int32Array(size), alive: new Uint8Array(size), pairRank: new Int32Array(size), heap: new Float64Array(3 * size) };
  }
  return heapScratch;
}

/** Heap merge over `partRank` (ranks, overwritten); parts are a linked list keyed by their start byte. */
function heapMergeParts(partRank: Int32Array, length: number, ranks: RankTable): number {
  // Scratch arrays: next = start of the following part (length at the end), previous = start of the preceding part
  // (-1 at the beginning), pairRank = rank of (part at this start, following part) or NO_RANK.
  const { next, previous, alive, pairRank, heap } = heapArraysFor(length);
  let heapSize = 0;

  const push = (key: number): void => {
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= key) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = key;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap[--heapSize];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heapSize) break;
      if (child + 1 < heapSize && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= last) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return top;
  };
  const updatePair = (start: number): void => {
    const middle = next[start];
    if (middle >= length) {
      pairRank[start] = NO_RANK;
      return;
    }
    const rank = ranks.pairRank(partRank[start], partRank[middle]);
    pairRank[start] = rank;
    if (rank !== NO_RANK) push(rank * START_SCALE + start);
  };

  for (let i = 0; i < length; i++) {
    next[i] = i + 1;
    previous[i] = i - 1;
    alive[i] = 1;
  }
  for (let i = 0; i + 1 < length; i++) updatePair(i);

  let parts = length;
  while (heapSize > 0) {
    const key = pop();
    const rank = Math.floor(key / START_SCALE);
    const start = key - rank * START_SCALE;
    // Entries go stale when their part merged away or changed neighbour; an equal rank means equal bytes, so it stands.
    if (!alive[start] || pairRank[start] !== rank) continue;
    const absorbed = next[start];
    alive[absorbed] = 0;
    next[start] = next[absorbed];
    if (next[start] < length) previous[next[start]] = start;
    partRank[start] = rank;
    parts--;
    updatePair(start);
    if (previous[start] >= 0) updatePair(previous[start]);
  }
  return parts;
}
