// Results kept by the exact text they were computed from, least recently used dropped first: a prompt sent by several
// calls, or copied into several files, is read once or twice per audit instead of once per site.
import { TextLru } from './textLru';

/**
 * A map from a text to what was computed from it, bounded by the total length of the texts kept. A result is kept
 * from the second time its text is computed: most texts are computed once, and keeping every result (or even building
 * the text to look up) cost more than it saved on a 3 MB prompt-file audit, where no prompt repeats. So a caller first
 * asks `mayHold` with a fingerprint of the text (a number computed without building it): a fingerprint not seen before
 * means a text not seen before, and only then is noted; otherwise the caller builds the text and asks `get`.
 */
export class ContentMemo<T> {
  private readonly results: TextLru<T>;
  /** Fingerprints of texts computed, the oldest first (the value is unused). */
  private readonly fingerprints = new Map<number, true>();

  /**
   * @param maxChars total UTF-16 length of the texts kept with their results.
   * @param maxTextChars longer texts are not kept (one huge prompt would otherwise push out every other one).
   * @param maxFingerprints fingerprints noted at most.
   */
  constructor(
    readonly maxChars: number,
    readonly maxTextChars: number,
    readonly maxFingerprints = 4096,
  ) {
    this.results = new TextLru<T>(maxChars, maxTextChars);
  }

  /** How many results are kept. */
  get size(): number {
    return this.results.size;
  }

  /**
   * Whether a text with this fingerprint was computed before (equal texts have equal fingerprints; unequal ones may
   * too). When not, notes it: the next text with it will be looked up and kept.
   */
  mayHold(fingerprint: number): boolean {
    if (this.fingerprints.has(fingerprint)) return true;
    this.fingerprints.set(fingerprint, true);
    if (this.fingerprints.size > this.maxFingerprints) for (const oldest of this.fingerprints.keys()) return !this.fingerprints.delete(oldest);
    return false;
  }

  /** Forgets every result and fingerprint. */
  clear(): void {
    this.results.clear();
    this.fingerprints.clear();
  }

  /** The result kept for a text equal to `text`, if any. */
  get(text: string): T | undefined {
    return this.results.get(text);
  }

  /**
   * Keeps `value` as the result for `text`, which must hold its own characters (not be a slice of a document, which
   * would keep the whole document alive while the entry lives).
   */
  set(text: string, value: T): void {
    this.results.set(text, value);
  }
}

/** FNV-1a offset and prime, 32 bits. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/**
 * A fingerprint of `text` for `ContentMemo.mayHold`, added to `fingerprint` (start with `startFingerprint()`): FNV-1a
 * of its length and every character. Every character, not a sample: texts that share length and a sample but differ
 * elsewhere (generated or padded prompts) were each taken for a repeat, so each built its key, missed and was kept;
 * the churn of kept searches through old space took the 10,000-file CLI run's peak RSS from 366 to 428 MB. A linear
 * pass over the text costs far less than reading its sentences.
 */
export function addToFingerprint(fingerprint: number, text: string): number {
  let hash = Math.imul(fingerprint ^ text.length, FNV_PRIME);
  for (let at = 0; at < text.length; at++) hash = Math.imul(hash ^ text.charCodeAt(at), FNV_PRIME);
  return hash;
}

export function startFingerprint(): number {
  return FNV_OFFSET;
}
