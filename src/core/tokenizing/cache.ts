// Counts already made, keyed by the text itself: recounting an unchanged prompt is a Map lookup.
import { TextLru } from '../textLru';

/**
 * Least-recently-used map from text to token count, bounded by the total length of the cached texts. Keys are copies
 * holding only their own characters (see ownCopy).
 */
export class TokenCountCache extends TextLru<number> {
  /**
   * @param maxChars total UTF-16 length of all cached texts.
   * @param maxTextChars longer texts are not cached (one huge paste would otherwise evict everything else).
   */
  constructor(maxChars: number, maxTextChars: number = Math.floor(maxChars / 4)) {
    super(maxChars, maxTextChars, ownCopy);
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
