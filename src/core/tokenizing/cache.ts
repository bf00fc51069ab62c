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
    this.entries.set(ownCopy(text), tokens);
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

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A string that holds only its own characters. A prompt's text is often a slice of its document, and V8 keeps a
 * slice's whole parent alive: as a cache key it would hold every audited document in memory. Re-decoding makes a
 * flat copy; a lone surrogate becomes U+FFFD, which counts exactly the same (the encoder sees U+FFFD for both).
 */
function ownCopy(text: string): string {
  // V8 copies strings shorter than 13 characters instead of slicing them.
  return text.length < 13 ? text : decoder.decode(encoder.encode(text));
}
