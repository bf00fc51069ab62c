// OpenAI's pre-tokenizer patterns, rewritten for JavaScript so they split text exactly as tiktoken's Rust regex does.
//
// tiktoken runs these patterns with Rust's `fancy-regex`, whose `\s` is Unicode White_Space and whose `(?i:'s)` also
// matches `'ſ` (U+017F folds to `s`). JavaScript's `\s` differs (it adds U+FEFF and lacks U+0085), and JS has no scoped
// `(?i:)` in Node 20, so both are spelled out as explicit classes here. The tests compare the resulting counts with
// the `tiktoken` reference on the fixture corpus and on generated text (the `\s` difference shows there; the `ſ`
// folding changed no count in 40 000 probes, so it is kept only to mirror Rust's semantics).

/** Unicode White_Space, the meaning of `\s` in Rust's regex crate. */
const WHITESPACE = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE = `[${WHITESPACE}]`;
const NOT_SPACE = `[^${WHITESPACE}]`;
/** `(?i:'s|'t|'re|'ve|'m|'ll|'d)` with Rust's simple case folding (s, S and ſ). */
const CONTRACTION = "'(?:[sS\\u017f]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])";
const UPPER = '[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]';
const LOWER = '[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]';
const PUNCTUATION = `[^${WHITESPACE}\\p{L}\\p{N}]`;

export type BaseEncoding = 'o200k_base' | 'cl100k_base';

/** The `pat_str` of each encoding (tiktoken_ext/openai_public.py), alternative by alternative. */
const PATTERN_SOURCES: Record<BaseEncoding, string[]> = {
  o200k_base: [
    `[^\\r\\n\\p{L}\\p{N}]?${UPPER}*${LOWER}+(?:${CONTRACTION})?`,
    `[^\\r\\n\\p{L}\\p{N}]?${UPPER}+${LOWER}*(?:${CONTRACTION})?`,
    '\\p{N}{1,3}',
    ` ?${PUNCTUATION}+[\\r\\n/]*`,
    `${SPACE}*[\\r\\n]+`,
    `${SPACE}+(?!${NOT_SPACE})`,
    `${SPACE}+`,
  ],
  cl100k_base: [
    CONTRACTION,
    '[^\\r\\n\\p{L}\\p{N}]?\\p{L}+',
    '\\p{N}{1,3}',
    ` ?${PUNCTUATION}+[\\r\\n]*`,
    `${SPACE}*[\\r\\n]+`,
    `${SPACE}+(?!${NOT_SPACE})`,
    `${SPACE}+`,
  ],
};

/**
 * Letters, digits and marks that Unicode 17.0 added and tiktoken's Rust regex (Unicode 16.0 tables, tiktoken 1.0.22)
 * does not know: to tiktoken they are unassigned, so they split like punctuation. Node 20 and current browsers
 * classify them by Unicode 17, so the patterns alone would count them as letters (`\u{323B0}.nan`: 5 tokens, tiktoken
 * 6). Derived by comparing both on every code point Node calls \p{L}/\p{N}/\p{M}; the tokenizing tests re-check each.
 */
export const NEWER_THAN_TIKTOKEN_RANGES: readonly (readonly [number, number])[] = [
  [0x88F, 0x88F], [0xC5C, 0xC5C], [0xCDC, 0xCDC], [0x1ACF, 0x1ADD], [0x1AE0, 0x1AEB], [0xA7CE, 0xA7CF],
  [0xA7D2, 0xA7D2], [0xA7D4, 0xA7D4], [0xA7F1, 0xA7F1], [0x10940, 0x10959], [0x10EC5, 0x10EC7], [0x10EFA, 0x10EFB],
  [0x11B60, 0x11B67], [0x11DB0, 0x11DDB], [0x11DE0, 0x11DE9], [0x16EA0, 0x16EB8], [0x16EBB, 0x16ED3],
  [0x16FF2, 0x16FF6], [0x187F8, 0x187FF], [0x18D09, 0x18D1E], [0x18D80, 0x18DF2], [0x1E6C0, 0x1E6DE],
  [0x1E6E0, 0x1E6F5], [0x1E6FE, 0x1E6FF], [0x2B73A, 0x2B73F], [0x2CEA2, 0x2CEAD], [0x323B0, 0x33479],
];

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;
const NEWER_CLASS = NEWER_THAN_TIKTOKEN_RANGES.map(([first, last]) => (first === last ? hex(first) : `${hex(first)}-${hex(last)}`)).join('');
const NEWER_ANY = new RegExp(`[${NEWER_CLASS}]`, 'u');
const NEWER_ALL = new RegExp(`[${NEWER_CLASS}]`, 'gu');
/** Stand-ins of the same UTF-16 length that every pattern treats as punctuation (a symbol, So). */
const BMP_STAND_IN = '\u00D7';
const ASTRAL_STAND_IN = '\u{1F600}';

/**
 * `text` as tiktoken's regex classifies it: each character in NEWER_THAN_TIKTOKEN_RANGES replaced by a punctuation
 * stand-in of the same UTF-16 length, so match offsets still index the original text (whose bytes are what get merged).
 * Returns `text` itself when it holds none (one linear scan).
 */
export function asTiktokenSees(text: string): string {
  if (!NEWER_ANY.test(text)) return text;
  return text.replace(NEWER_ALL, (c) => (c.length === 1 ? BMP_STAND_IN : ASTRAL_STAND_IN));
}

/** A fresh global regex (each caller owns its `lastIndex`). */
export function pretokenizerPattern(encoding: BaseEncoding): RegExp {
  return new RegExp(PATTERN_SOURCES[encoding].join('|'), 'gu');
}
