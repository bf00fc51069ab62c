// What tells binary data from text in a file's first characters: the share of control characters and U+FFFD
// (undecodable bytes). Shared by the workspace scanner and the prompt-file scanner, which both ask it of every file.

/** C0 control characters other than tab, line feed, vertical tab, form feed and carriage return (0–8, 14–31), and U+FFFD. */
const CONTROL_OR_REPLACEMENT = /[\x00-\x08\x0e-\x1f\ufffd]/;

/**
 * How many of text[0, end) are control characters (0–8, 14–31) or U+FFFD. Text has none almost always: one native
 * search finds that, and only a sample with one is counted character by character (from the first).
 */
export function controlCharactersIn(text: string, end: number): number {
  const sample = end < text.length ? text.slice(0, end) : text;
  const first = sample.search(CONTROL_OR_REPLACEMENT);
  if (first < 0) return 0;
  let count = 0;
  for (let i = first; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 9 || (code > 13 && code < 32) || code === 0xfffd) count++;
  }
  return count;
}

/** Characters sampled from the start of a text to tell binary from text (an edit past them leaves the answer as it was). */
export const BINARY_SAMPLE_CHARS = 8192;

/**
 * Why a text is binary data, judged on its first BINARY_SAMPLE_CHARS characters: it holds a NUL, or more than a tenth
 * of the sample is control characters or U+FFFD. Undefined for text.
 */
export function binaryReason(text: string): 'nul' | 'control' | undefined {
  const sampleLength = Math.min(text.length, BINARY_SAMPLE_CHARS);
  const control = controlCharactersIn(text, sampleLength);
  // NUL is one of them: a sample without any has none.
  if (control > 0 && text.slice(0, sampleLength).includes('\u0000')) return 'nul';
  return sampleLength > 0 && control / sampleLength > 0.1 ? 'control' : undefined;
}
