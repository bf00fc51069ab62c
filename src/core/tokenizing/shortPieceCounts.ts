// The token counts of short pre-tokenizer pieces, looked up by the piece's characters where they lie in the text: no
// string is made per piece (a 10 MB prompt workspace has ~2.4M pieces, nearly all repeats; issue 16).

/** FNV-1a, 32 bits. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * An open addressing table of the pieces' FNV-1a hashes; each entry points at a copy of its piece's characters in one
 * typed array, so a lookup compares characters, never strings. Entries are only added; `clear` empties it.
 */
export class ShortPieceCounts {
  private capacity = 4096;
  private slotHash = new Int32Array(this.capacity);
  /** 1 + the entry's index, 0 for an empty slot. */
  private slotEntry = new Int32Array(this.capacity);
  private entryStart: number[] = [];
  private entryLength: number[] = [];
  private entryTokens: number[] = [];
  private chars = new Uint16Array(16_384);
  private used = 0;

  get size(): number {
    return this.entryTokens.length;
  }

  /** The count of the piece text[from, to) kept earlier, or -1. */
  get(text: string, from: number, to: number): number {
    const hash = hashOf(text, from, to);
    const mask = this.capacity - 1;
    for (let slot = hash & mask; this.slotEntry[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.slotHash[slot] !== hash) continue;
      const entry = this.slotEntry[slot] - 1;
      if (this.sameChars(entry, text, from, to)) return this.entryTokens[entry];
    }
    return -1;
  }

  /** Keeps the count of the piece text[from, to), which the table does not hold. */
  add(text: string, from: number, to: number, tokens: number): void {
    const length = to - from;
    if (this.used + length > this.chars.length) {
      const chars = new Uint16Array(2 * (this.used + length));
      chars.set(this.chars.subarray(0, this.used));
      this.chars = chars;
    }
    const entry = this.entryTokens.length;
    for (let at = from; at < to; at++) this.chars[this.used++] = text.charCodeAt(at);
    this.entryStart.push(this.used - length);
    this.entryLength.push(length);
    this.entryTokens.push(tokens);
    // At most half full, so a probe always ends at an empty slot.
    if (2 * (entry + 1) > this.capacity) this.grow();
    this.place(hashOf(text, from, to), entry);
  }

  clear(): void {
    this.capacity = 4096;
    this.slotHash = new Int32Array(this.capacity);
    this.slotEntry = new Int32Array(this.capacity);
    this.entryStart = [];
    this.entryLength = [];
    this.entryTokens = [];
    this.chars = new Uint16Array(16_384);
    this.used = 0;
  }

  private place(hash: number, entry: number): void {
    const mask = this.capacity - 1;
    let slot = hash & mask;
    while (this.slotEntry[slot] !== 0) slot = (slot + 1) & mask;
    this.slotHash[slot] = hash;
    this.slotEntry[slot] = entry + 1;
  }

  private sameChars(entry: number, text: string, from: number, to: number): boolean {
    if (this.entryLength[entry] !== to - from) return false;
    const { chars } = this;
    const start = this.entryStart[entry];
    for (let at = 0; at < to - from; at++) if (chars[start + at] !== text.charCodeAt(from + at)) return false;
    return true;
  }

  private grow(): void {
    const oldHash = this.slotHash;
    const oldEntry = this.slotEntry;
    this.capacity *= 2;
    this.slotHash = new Int32Array(this.capacity);
    this.slotEntry = new Int32Array(this.capacity);
    for (let old = 0; old < oldEntry.length; old++) if (oldEntry[old] !== 0) this.place(oldHash[old], oldEntry[old] - 1);
  }
}

function hashOf(text: string, from: number, to: number): number {
  let hash = FNV_OFFSET;
  for (let at = from; at < to; at++) hash = Math.imul(hash ^ text.charCodeAt(at), FNV_PRIME);
  return hash;
}
