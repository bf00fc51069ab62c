// Counts already made, keyed by the text itself: recounting an unchanged prompt is a Map lookup.

/** Least-recently-used map from text to token count, bounded by the total length of the cached texts. */
export class TokenCountCache {
  private readonly entries = new Map<string, number>();
  private cachedChars = 0;

  /**
   * @param maxChars total UTF-16 length of all cached texts.
   * @param maxTextChars longer texts are not cached (one huge paste would otherwise evict everything else).
   */
  constructor(
    readonly maxChars: number,
    readonly maxTextChars: number = Math.floor(maxChars / 4),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get totalChars(): number {
    return this.cachedChars;
  }

  get(text: string): number | undefined {
    const tokens = this.entries.get(text);
    if (tokens !== undefined) {
      // Re-insert so Map order stays least-recently-used first.
      this.entries.delete(text);
      this.entries.set(text, tokens);
    }
    return tokens;
  }

  set(text: string, tokens: number): void {
    if (text.length > this.maxTextChars) return;
    if (this.entries.delete(text)) this.cachedChars -= text.length;
    this.entries.set(text, tokens);
    this.cachedChars += text.length;
    for (const oldest of this.entries.keys()) {
      if (this.cachedChars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.cachedChars -= oldest.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.cachedChars = 0;
  }
}
