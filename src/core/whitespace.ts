// The one definition of white space the text helpers share.

/** The characters `\s` and `String.prototype.trim` treat as white space (ECMAScript WhiteSpace and LineTerminator). */
export function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * The characters Python's `\s` (in a str pattern) and `str.strip()` treat as white space: what Jinja's trim markers
 * (`{%-`, `-%}`) strip. Unlike `\s` in JavaScript, also U+001C-U+001F and U+0085, and not U+FEFF. Checked against
 * jinja2 3.1.6 for every code point.
 */
export function isPythonWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
  if (code < 0x85) return false;
  return code === 0x85 || (code !== 0xfeff && isWhitespace(code));
}

/** A space or a tab: the white space that can stand before text on its line. */
export function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}
