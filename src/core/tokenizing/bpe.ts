// Byte-pair merging over one pre-tokenizer piece, counting the tokens it becomes.
//
// tiktoken merges, again and again, the adjacent pair whose bytes have the lowest rank (leftmost on ties) until no
// pair is in the vocabulary. Its loop rescans every pair after each merge: quadratic in the piece length, which is
// what made js-tiktoken take seconds on 10 KB of spaces. Long pieces here use a heap of (rank, start) with stale
// entries skipped, which picks exactly the same pair at every step in O(n log n).

/** Byte string (one char per byte) to rank. */
export type RankTable = Map<string, number>;

/** Builds the rank table from js-tiktoken's compressed `bpe_ranks` ("prefix offset token64 token64 …" lines). */
export function buildRankTable(bpeRanks: string): RankTable {
  const ranks: RankTable = new Map();
  for (const line of bpeRanks.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    const offset = Number.parseInt(fields[1], 10);
    for (let i = 2; i < fields.length; i++) ranks.set(atob(fields[i]), offset + i - 2);
  }
  return ranks;
}

/** Above this many bytes the heap merge beats rescanning (and keeps the worst case near-linear). */
export const HEAP_MERGE_THRESHOLD = 48;

/** Tokens that `bytes` (a byte string of one piece) becomes. */
export function countPieceTokens(bytes: string, ranks: RankTable): number {
  if (bytes.length <= 1) return bytes.length;
  if (ranks.has(bytes)) return 1;
  return bytes.length > HEAP_MERGE_THRESHOLD ? countByHeapMerge(bytes, ranks) : countByRescanMerge(bytes, ranks);
}

const NO_RANK = Number.POSITIVE_INFINITY;

/** tiktoken's own algorithm: rescan all pairs after each merge. Fast for the short pieces of ordinary text. */
export function countByRescanMerge(bytes: string, ranks: RankTable): number {
  const length = bytes.length;
  const starts: number[] = [];
  for (let i = 0; i < length; i++) starts.push(i);
  const pairRanks: number[] = [];
  for (let i = 0; i + 1 < length; i++) pairRanks.push(ranks.get(bytes.slice(i, i + 2)) ?? NO_RANK);
  let parts = length;
  // Rank of the pair formed by part k and part k+1.
  const rankOfPair = (k: number): number => ranks.get(bytes.slice(starts[k], k + 2 < parts ? starts[k + 2] : length)) ?? NO_RANK;

  while (parts > 1) {
    let best = NO_RANK;
    let at = -1;
    for (let k = 0; k < parts - 1; k++) {
      if (pairRanks[k] < best) {
        best = pairRanks[k];
        at = k;
      }
    }
    if (at < 0) break;
    starts.splice(at + 1, 1);
    pairRanks.splice(at, 1);
    parts--;
    if (at < parts - 1) pairRanks[at] = rankOfPair(at);
    if (at > 0) pairRanks[at - 1] = rankOfPair(at - 1);
  }
  return parts;
}

// Heap keys pack (rank, start) into one double: rank < 2^21, start < 2^31, product < 2^53.
const START_SCALE = 2 ** 31;

/** Same merges as `countByRescanMerge`, in O(n log n): parts are a linked list keyed by their start byte. */
export function countByHeapMerge(bytes: string, ranks: RankTable): number {
  const length = bytes.length;
  const next = new Int32Array(length); // start of the following part (length at the end)
  const previous = new Int32Array(length); // start of the preceding part (-1 at the beginning)
  const alive = new Uint8Array(length);
  const partRank = new Int32Array(length); // every part is a token: single bytes at first, merged tokens after
  const pairRank = new Float64Array(length); // rank of (part at this start, following part), or NO_RANK
  const heap = new Float64Array(3 * length);
  let heapSize = 0;
  // Long pieces repeat the same few pairs (a run of spaces has one): look them up by the two parts' ranks.
  const pairMemo = new Map<number, number>();

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
    // Ranks are below 2^18, so the pair key is exact in a double.
    const memoKey = partRank[start] * 262_144 + partRank[middle];
    let rank = pairMemo.get(memoKey);
    if (rank === undefined) {
      rank = ranks.get(bytes.slice(start, next[middle])) ?? NO_RANK;
      pairMemo.set(memoKey, rank);
    }
    pairRank[start] = rank;
    if (rank !== NO_RANK) push(rank * START_SCALE + start);
  };

  for (let i = 0; i < length; i++) {
    next[i] = i + 1;
    previous[i] = i - 1;
    alive[i] = 1;
    partRank[i] = ranks.get(bytes[i]) ?? -1;
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
