// Token counts of short pre-tokenizer pieces, found by the piece's place in the text: no piece string is sliced to
// ask (ordinary text repeats a small set of pieces, " the", ".\n", "    ", so most pieces are answered here).

const INITIAL_SLOTS = 1 << 12;

/** FNV-1a over the UTF-16 units of `text[start, end)`. */
export function hashUnits(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/**
 * An open-addressing table from a piece's UTF-16 units (kept back to back in one array, so the memo holds no string
 * and keeps no text alive) to its token count. Starts over when it holds `maxEntries` pieces.
 */
export class PieceCountMemo {
  private hashes = new Int32Array(INITIAL_SLOTS);
  /** Per slot: where the piece's units start in `units`. */
  private offsets = new Int32Array(INITIAL_SLOTS);
  /** Per slot: piece length | tokens << 8; 0 = empty (pieces are never empty). */
  private lengthAndTokens = new Int32Array(INITIAL_SLOTS);
  private units = new Uint16Array(INITIAL_SLOTS * 4);
  private unitsUsed = 0;
  private mask = INITIAL_SLOTS - 1;
  size = 0;

  /** @param maxLength longest piece kept (< 256 units) */
  constructor(
    private readonly maxEntries: number,
    readonly maxLength: number,
  ) {}

  /** Tokens of `text[start, end)` (`hash` = hashUnits of it), or -1 when not remembered. */
  get(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const mask = this.mask;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.lengthAndTokens[slot];
      if (stored === 0) return -1;
      if (this.hashes[slot] !== hash || (stored & 0xff) !== length) continue;
      const units = this.units;
      const offset = this.offsets[slot];
      let i = 0;
      while (i < length && units[offset + i] === text.charCodeAt(start + i)) i++;
      if (i === length) return stored >> 8;
    }
  }

  /** Remembers `tokens` for `text[start, end)`, which `get` did not find. */
  set(text: string, start: number, end: number, hash: number, tokens: number): void {
    if (this.size >= this.maxEntries) this.clear();
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const length = end - start;
    if (this.unitsUsed + length > this.units.length) {
      const grown = new Uint16Array(Math.max(this.units.length * 2, this.unitsUsed + length));
      grown.set(this.units.subarray(0, this.unitsUsed));
      this.units = grown;
    }
    const offset = this.unitsUsed;
    for (let i = 0; i < length; i++) this.units[offset + i] = text.charCodeAt(start + i);
    this.unitsUsed += length;
    this.place(hash, offset, length | (tokens << 8));
    this.size++;
  }

  clear(): void {
    this.lengthAndTokens.fill(0);
    this.unitsUsed = 0;
    this.size = 0;
  }

  private place(hash: number, offset: number, lengthAndTokens: number): void {
    const mask = this.mask;
    let slot = mix(hash) & mask;
    while (this.lengthAndTokens[slot] !== 0) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    this.offsets[slot] = offset;
    this.lengthAndTokens[slot] = lengthAndTokens;
  }

  private grow(): void {
    const { hashes, offsets, lengthAndTokens } = this;
    const slots = (this.mask + 1) * 2;
    this.hashes = new Int32Array(slots);
    this.offsets = new Int32Array(slots);
    this.lengthAndTokens = new Int32Array(slots);
    this.mask = slots - 1;
    for (let slot = 0; slot < lengthAndTokens.length; slot++) {
      if (lengthAndTokens[slot] !== 0) this.place(hashes[slot], offsets[slot], lengthAndTokens[slot]);
    }
  }
}

/** Spreads FNV's low bits (the slot index takes the low bits). */
function mix(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  return (hash ^ (hash >>> 15)) >>> 0;
}
