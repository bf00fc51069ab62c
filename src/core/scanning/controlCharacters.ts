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
