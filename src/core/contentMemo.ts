// Results kept by the exact text they were computed from, least recently used dropped first: a prompt sent by several
// calls, or copied into several files, is read once or twice per audit instead of once per site.

/**
 * A map from a text to what was computed from it, bounded by the total length of the texts kept. A result is kept
 * from the second time its text is asked for: most texts are asked for once, and keeping every result cost more than it
 * saved (a 3 MB prompt-file audit: +14% of redundant-instruction's time, results promoted by the GC only to be
 * dropped), while keeping the text alone costs little.
 */
export class ContentMemo<T> {
  private readonly entries = new Map<string, T>();
  /** Texts asked for once, whose result is not kept (the value is unused). */
  private readonly seenOnce = new Map<string, true>();
  private keptChars = 0;
  private seenChars = 0;

  /**
   * @param maxChars total UTF-16 length of the texts kept with their results (and, apart, of the texts seen once).
   * @param maxTextChars longer texts are not kept (one huge prompt would otherwise push out every other one).
   */
  constructor(
    readonly maxChars: number,
    readonly maxTextChars: number,
  ) {}

  /** How many results are kept. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * What `compute()` returned for a text equal to `text`, else `compute()`. `text` must hold its own characters (not be
   * a slice of a document, which would keep the whole document alive while the entry lives).
   */
  get(text: string, compute: () => T): T {
    const known = this.entries.get(text);
    if (known !== undefined) {
      // Re-inserted so that Map order stays least recently used first.
      this.entries.delete(text);
      this.entries.set(text, known);
      return known;
    }
    const value = compute();
    if (text.length > this.maxTextChars) return value;
    if (this.seenOnce.delete(text)) {
      this.seenChars -= text.length;
      this.entries.set(text, value);
      this.keptChars += text.length;
      this.keptChars = dropOldest(this.entries, this.keptChars, this.maxChars);
    } else {
      this.seenOnce.set(text, true);
      this.seenChars += text.length;
      this.seenChars = dropOldest(this.seenOnce, this.seenChars, this.maxChars);
    }
    return value;
  }
}

/** Drops the oldest keys of `map` until their total length is at most `maxChars`; returns the total left. */
function dropOldest(map: Map<string, unknown>, chars: number, maxChars: number): number {
  for (const oldest of map.keys()) {
    if (chars <= maxChars) break;
    map.delete(oldest);
    chars -= oldest.length;
  }
  return chars;
}
