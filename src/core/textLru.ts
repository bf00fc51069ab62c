// Results kept by the exact text they came from, least recently used dropped first, bounded by the total length of the
// texts kept: the one shape behind the token-count cache and the rules' prompt memo.

export class TextLru<T> {
  /** Each entry holds the key it was kept under: a hit re-inserts it under that key, not under the caller's text. */
  private readonly entries = new Map<string, { key: string; value: T }>();
  private keptChars = 0;

  /**
   * @param maxChars total UTF-16 length of the texts kept.
   * @param maxTextChars longer texts are not kept (one huge text would otherwise push out every other one).
   * @param keyOf the key kept for a text (e.g. a copy holding only its own characters, not a slice of a document that
   * would keep the whole document alive); the text itself by default.
   */
  constructor(
    readonly maxChars: number,
    readonly maxTextChars: number,
    private readonly keyOf: (text: string) => string = (text) => text,
  ) {}

  /** How many texts are kept. */
  get size(): number {
    return this.entries.size;
  }

  /** Their total UTF-16 length. */
  get totalChars(): number {
    return this.keptChars;
  }

  /** The value kept for a text equal to `text`, if any; it becomes the most recently used. */
  get(text: string): T | undefined {
    const known = this.entries.get(text);
    if (known === undefined) return undefined;
    // Re-inserted so that Map order stays least recently used first, under its own key: the caller's text may be a
    // slice of a whole document, which the cache would then keep alive.
    this.entries.delete(text);
    this.entries.set(known.key, known);
    return known.value;
  }

  /** Keeps `value` for `text` (replacing any), as the most recently used; the oldest go until the total fits. */
  set(text: string, value: T): void {
    if (text.length > this.maxTextChars) return;
    if (this.entries.delete(text)) this.keptChars -= text.length;
    const key = this.keyOf(text);
    this.entries.set(key, { key, value });
    this.keptChars += text.length;
    for (const oldest of this.entries.keys()) {
      if (this.keptChars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.keptChars -= oldest.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.keptChars = 0;
  }
}
