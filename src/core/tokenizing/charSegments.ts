// Counting a piece of multi-byte characters (CJK, emoji, Indic scripts) character by character, exactly.
//
// Byte-pair merging picks the lowest-ranked adjacent pair again and again. Cut a piece between two characters: if no
// part that ever ends at the cut on the left, joined with any part that ever starts there on the right, is a token,
// no merge crosses the cut, and each side merges as it would alone (the first merge across would need such a pair).
// The parts that touch a character's ends are the same wherever it stands as long as no merge crosses its cuts, so
// each character is merged once, keeping those parts (its chains), and each pair of neighbours is checked once.
// Characters joined by a merge (a two-character word) form a segment, merged on its own with its chains checked
// against its neighbours'; if any such check fails, or a segment grows long, the caller merges the whole piece.
import type { RankTable } from './bpe';

const NO_RANK = 0x7fffffff;
/** A segment of characters joined by merges that grows past this many bytes is not worth the bookkeeping (the whole
 *  piece is merged instead): CJK words of up to four characters fit. */
const MAX_SEGMENT_BYTES = 12;
/** Entries a map holds before it starts over (2 MB at most). */
const MAX_ENTRIES = 1 << 16;
/** Numbers the characters' chains hold before the memo starts over (about 40,000 characters, 2 MB). */
const MAX_CHAIN_NUMBERS = 1 << 18;

/** Open-addressing map from a pair of int32 keys to an int32 value (-1 as the first key marks an empty slot). */
class IntPairMap {
  private slots = new Int32Array(4 * 1024).fill(-1);
  private mask = 1023;
  private size = 0;

  get(first: number, second: number): number | undefined {
    const slots = this.slots;
    for (let slot = hashPair(first, second) & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = slot << 2;
      if (slots[k] === first && slots[k + 1] === second) return slots[k + 2];
      if (slots[k] === -1) return undefined;
    }
  }

  set(first: number, second: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.resize(this.size >= MAX_ENTRIES ? 1024 : (this.mask + 1) * 2);
    const slots = this.slots;
    let slot = hashPair(first, second) & this.mask;
    while (slots[slot << 2] !== -1) slot = (slot + 1) & this.mask;
    slots[slot << 2] = first;
    slots[(slot << 2) + 1] = second;
    slots[(slot << 2) + 2] = value;
    this.size++;
  }

  private resize(capacity: number): void {
    const old = this.slots;
    const keep = capacity > this.mask + 1;
    this.slots = new Int32Array(capacity * 4).fill(-1);
    this.mask = capacity - 1;
    this.size = 0;
    if (keep) for (let k = 0; k < old.length; k += 4) if (old[k] !== -1) this.set(old[k], old[k + 1], old[k + 2]);
  }
}

function hashPair(first: number, second: number): number {
  const hash = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca77)) >>> 0;
  return hash ^ (hash >>> 15);
}

/**
 * Per encoding: each character's merge, by its UTF-8 bytes packed in an int (the lead byte tells the length), as an
 * offset into `chains`: [tokens, left chain length, right chain length, left chain…, right chain…]; and whether two
 * neighbouring characters can merge across their cut (1) or not (0).
 */
interface CharacterMemo {
  characters: IntPairMap;
  chains: number[];
  neighbours: IntPairMap;
  /** Per lead byte of a piece's first multi-byte character: pieces in a row that could not be counted by character. */
  misses: Uint8Array;
  attempts: number;
}

const memos = new WeakMap<RankTable, CharacterMemo>();

function memoFor(ranks: RankTable): CharacterMemo {
  let memo = memos.get(ranks);
  if (!memo) {
    memo = { characters: new IntPairMap(), chains: [], neighbours: new IntPairMap(), misses: new Uint8Array(256), attempts: 0 };
    memos.set(ranks, memo);
  }
  return memo;
}

/**
 * Merges `bytes[from, to)` alone (tiktoken's rescan), returning the parts left; fills `left` and `right` with the
 * ranks of every part that held the first byte, and the last byte, in the order they formed.
 */
function mergeKeepingChains(bytes: Uint8Array, from: number, to: number, ranks: RankTable, left: number[], right: number[]): number {
  const parts: number[] = [];
  for (let i = from; i < to; i++) parts.push(ranks.byteRanks[bytes[i]]);
  left.length = 0;
  right.length = 0;
  left.push(parts[0]);
  right.push(parts[parts.length - 1]);
  for (;;) {
    let best = NO_RANK;
    let at = -1;
    for (let k = 0; k + 1 < parts.length; k++) {
      const rank = ranks.pairRank(parts[k], parts[k + 1]);
      if (rank < best) {
        best = rank;
        at = k;
      }
    }
    if (at < 0) return parts.length;
    parts.splice(at, 2, best);
    if (at === 0) left.push(best);
    if (at === parts.length - 1) right.push(best);
  }
}

/** Whether some part of `rightChain` followed by some part of `leftChain` is a token. */
function canMergeAcross(rightChain: ArrayLike<number>, rightFrom: number, rightTo: number, leftChain: ArrayLike<number>, leftFrom: number, leftTo: number, ranks: RankTable): boolean {
  for (let r = rightFrom; r < rightTo; r++) {
    for (let l = leftFrom; l < leftTo; l++) if (ranks.pairRank(rightChain[r], leftChain[l]) !== NO_RANK) return true;
  }
  return false;
}

const scratchLeft: number[] = [];
const scratchRight: number[] = [];

/** Offset of the character `bytes[from, to)` in memo.chains, merging it on first sight. */
function characterAt(memo: CharacterMemo, key: number, bytes: Uint8Array, from: number, to: number, ranks: RankTable): number {
  const known = memo.characters.get(key, 0);
  if (known !== undefined) return known;
  const tokens = mergeKeepingChains(bytes, from, to, ranks, scratchLeft, scratchRight);
  const offset = memo.chains.length;
  memo.chains.push(tokens, scratchLeft.length, scratchRight.length, ...scratchLeft, ...scratchRight);
  memo.characters.set(key, 0, offset);
  return offset;
}

/** Key of the character whose UTF-8 bytes start at `at`: its bytes packed in an int (never -1). */
function characterKey(bytes: Uint8Array, at: number, width: number): number {
  let key = 0;
  for (let i = at; i < at + width; i++) key = (key << 8) | bytes[i];
  return key;
}

function characterWidth(lead: number): number {
  return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/**
 * Parts that byte-pair merging leaves of the UTF-8 `bytes[0, length)` (valid UTF-8, not empty), found character by
 * character; -1 when a segment of joined characters fails its check or grows long (the caller then merges the whole
 * piece).
 */
export function countByCharacterSegments(bytes: Uint8Array, length: number, ranks: RankTable): number {
  const memo = memoFor(ranks);
  // Start over between pieces only, while no offset into the chains is held.
  if (memo.chains.length > MAX_CHAIN_NUMBERS) {
    memo.characters = new IntPairMap();
    memo.neighbours = new IntPairMap();
    memo.chains = [];
  }
  // Scripts whose letters merge across characters (Arabic, Devanagari) fail every time: after a few failures in a row,
  // their pieces go straight to the whole merge, and one in 32 tries again.
  let lead = 0;
  for (let i = 0; i < length && lead < 0xc0; i++) lead = bytes[i];
  if (memo.misses[lead] >= 4 && (++memo.attempts & 31) !== 0) return -1;
  const counted = countCharacters(memo, bytes, length, ranks);
  memo.misses[lead] = counted < 0 ? Math.min(memo.misses[lead] + 1, 255) : 0;
  return counted;
}

function countCharacters(memo: CharacterMemo, bytes: Uint8Array, length: number, ranks: RankTable): number {
  let total = 0;
  let width = characterWidth(bytes[0]);
  let key = characterKey(bytes, 0, width);
  let character = characterAt(memo, key, bytes, 0, width, ranks);
  // The segment being built starts at byte segmentStart and holds segmentCharacters characters.
  let segmentStart = 0;
  let segmentCharacters = 1;
  // The segment before it: the offset of its character when it held one, else its right chain; neither at the start.
  let previousCharacter = -1;
  let previousRight: number[] | null = null;
  let at = width;
  for (;;) {
    let nextKey = 0;
    let nextCharacter = -1;
    if (at < length) {
      width = characterWidth(bytes[at]);
      nextKey = characterKey(bytes, at, width);
      nextCharacter = characterAt(memo, nextKey, bytes, at, at + width, ranks);
      // The chains start over only between pieces (offsets are held here): a piece of more distinct characters than
      // the character map keeps re-adds them as the map starts over, so past twice the bound it is merged whole.
      if (memo.chains.length > 2 * MAX_CHAIN_NUMBERS) return -1;
      if (neighboursJoin(memo, key, nextKey, character, nextCharacter, ranks)) {
        // Words of scripts that merge across characters (Arabic, Devanagari) stop here at once.
        if (at + width - segmentStart > MAX_SEGMENT_BYTES) return -1;
        segmentCharacters++;
        key = nextKey;
        character = nextCharacter;
        at += width;
        continue;
      }
    }
    // Close the segment [segmentStart, at): its parts, and its chains where it meets the segment before.
    const chains = memo.chains;
    let leftChain: ArrayLike<number> = chains;
    let leftFrom = character + 3;
    let leftTo = leftFrom + chains[character + 1];
    let closedRight: number[] | null = null;
    if (segmentCharacters === 1) {
      total += chains[character];
    } else {
      const left: number[] = [];
      closedRight = [];
      total += mergeKeepingChains(bytes, segmentStart, at, ranks, left, closedRight);
      leftChain = left;
      leftFrom = 0;
      leftTo = left.length;
    }
    // Two single characters were checked by neighboursJoin; a cut beside a longer segment is checked with its chains.
    if (segmentStart > 0 && (previousRight !== null || closedRight !== null)) {
      const right: ArrayLike<number> = previousRight ?? chains;
      const rightFrom = previousRight ? 0 : previousCharacter + 3 + chains[previousCharacter + 1];
      const rightTo = previousRight ? previousRight.length : rightFrom + chains[previousCharacter + 2];
      if (canMergeAcross(right, rightFrom, rightTo, leftChain, leftFrom, leftTo, ranks)) return -1;
    }
    if (at >= length) return total;
    previousCharacter = segmentCharacters === 1 ? character : -1;
    previousRight = closedRight;
    segmentStart = at;
    segmentCharacters = 1;
    key = nextKey;
    character = nextCharacter;
    at += width;
  }
}

/** Whether the characters `leftKey` then `rightKey` (chains at the given offsets) can merge across their cut. */
function neighboursJoin(memo: CharacterMemo, leftKey: number, rightKey: number, leftCharacter: number, rightCharacter: number, ranks: RankTable): boolean {
  const known = memo.neighbours.get(leftKey, rightKey);
  if (known !== undefined) return known === 1;
  const chains = memo.chains;
  const rightFrom = leftCharacter + 3 + chains[leftCharacter + 1];
  const leftFrom = rightCharacter + 3;
  const join = canMergeAcross(chains, rightFrom, rightFrom + chains[leftCharacter + 2], chains, leftFrom, leftFrom + chains[rightCharacter + 1], ranks);
  memo.neighbours.set(leftKey, rightKey, join ? 1 : 0);
  return join;
}
