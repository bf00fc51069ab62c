// UTF-8 bytes of a string as a "binary string" (one char per byte): cheap to slice and to use as a Map key.

const CHUNK = 8192;

/**
 * Encodes `text` as UTF-8, one char code (0–255) per byte. Lone surrogates become U+FFFD (EF BF BD), as
 * `TextEncoder` does, which is also what the `tiktoken` reference receives from a JS string.
 */
export function utf8Binary(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text;

  const bytes: number[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        code = 0xfffd;
      }
    }
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    // Flush in chunks: fromCharCode.apply has an argument-count limit.
    if (bytes.length >= CHUNK) {
      out += String.fromCharCode.apply(null, bytes);
      bytes.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, bytes);
}
