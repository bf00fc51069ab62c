// The pre-tokenizer patterns of pretokenize.ts as hand-written scanners over a table of character classes.
//
// Each scanner returns where the piece starting at a position ends, the same end the sticky pattern would match, without
// running the regex engine or slicing the text (a regex test, a slice and a Map lookup per piece were most of
// counting's time on every script). The patterns stay the definition: the tests compare both on every code point and
// on generated text. Each alternative is decided by what its greedy quantifiers keep after backtracking, worked out
// below per alternative.
import { NEWER_THAN_TIKTOKEN_RANGES, type BaseEncoding } from './pretokenize';

// Character classes, as the patterns see them (after NEWER_THAN_TIKTOKEN_RANGES are taken as punctuation).
const UNFILLED = 0;
/** \p{Lu}, \p{Lt}: in the o200k UPPER class only. */
const UPPER_LETTER = 1;
/** \p{Ll}: in the o200k LOWER class only. */
const LOWER_LETTER = 2;
/** \p{Lm}, \p{Lo}: in both UPPER and LOWER. */
const OTHER_LETTER = 3;
/** \p{M}: in UPPER and LOWER, but not a letter (`\p{L}`), so it is also punctuation and a prefix. */
const MARK = 4;
const NUMBER = 5;
/** White space (Rust's `\s`) other than \r and \n. */
const SPACE = 6;
const LINE_BREAK = 7;
/** Everything else: punctuation, symbols, emoji, unassigned code points, lone surrogates. */
const OTHER = 8;

const bit = (...classes: number[]): number => classes.reduce((mask, c) => mask | (1 << c), 0);
const IN_UPPER = bit(UPPER_LETTER, OTHER_LETTER, MARK);
const IN_LOWER = bit(LOWER_LETTER, OTHER_LETTER, MARK);
const LETTER = bit(UPPER_LETTER, LOWER_LETTER, OTHER_LETTER);
/** `[^\r\n\p{L}\p{N}]`, the optional character before a word. */
const PREFIX = bit(MARK, SPACE, OTHER);
/** `[^\s\p{L}\p{N}]`. */
const PUNCTUATION = bit(MARK, OTHER);

/**
 * Class of every code point, filled 256 at a time on first sight (text touches few pages: ASCII and its scripts').
 * Allocated when the first scanner is asked for, off the extension's activation path.
 */
let classes = new Uint8Array(0);
const PAGE_BITS = 8;

const WHITESPACE_CODES = [0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
for (let cp = 0x2000; cp <= 0x200a; cp++) WHITESPACE_CODES.push(cp);

const CLASS_PATTERNS: [number, RegExp][] = [
  [UPPER_LETTER, /[\p{Lu}\p{Lt}]/gu],
  [LOWER_LETTER, /\p{Ll}/gu],
  [OTHER_LETTER, /[\p{Lm}\p{Lo}]/gu],
  [MARK, /\p{M}/gu],
  [NUMBER, /\p{N}/gu],
];

function fillPage(codePoint: number): number {
  const first = (codePoint >> PAGE_BITS) << PAGE_BITS;
  const last = first + (1 << PAGE_BITS) - 1;
  classes.fill(OTHER, first, last + 1);
  // Surrogate code points only reach here as lone surrogates: punctuation to the patterns.
  if (first < 0xd800 || first > 0xdfff) {
    let page = '';
    for (let cp = first; cp <= last; cp++) page += String.fromCodePoint(cp);
    const width = first >= 0x10000 ? 2 : 1;
    for (const [cls, pattern] of CLASS_PATTERNS) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(page); match !== null; match = pattern.exec(page)) classes[first + match.index / width] = cls;
    }
    for (const cp of WHITESPACE_CODES) if (cp >= first && cp <= last) classes[cp] = cp === 0xa || cp === 0xd ? LINE_BREAK : SPACE;
    for (const [from, to] of NEWER_THAN_TIKTOKEN_RANGES) {
      if (to >= first && from <= last) classes.fill(OTHER, Math.max(from, first), Math.min(to, last) + 1);
    }
  }
  return classes[codePoint];
}

/**
 * Class and UTF-16 width of the code point at `i` (i < end), packed as `class | width << 4`: a surrogate pair is
 * one code point, a lone surrogate one punctuation character, as in a `u` regex.
 */
function classAt(text: string, i: number, end: number): number {
  const unit = text.charCodeAt(i);
  if ((unit & 0xf800) !== 0xd800) {
    const cls = classes[unit];
    return (cls === UNFILLED ? fillPage(unit) : cls) | (1 << 4);
  }
  if (unit <= 0xdbff && i + 1 < end) {
    const low = text.charCodeAt(i + 1);
    if ((low & 0xfc00) === 0xdc00) {
      const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
      const cls = classes[codePoint];
      return (cls === UNFILLED ? fillPage(codePoint) : cls) | (2 << 4);
    }
  }
  return OTHER | (1 << 4);
}

/** The class of the code point at `i` as a bit, or 0 at the end. */
function bitAt(text: string, i: number, end: number): number {
  return i < end ? 1 << (classAt(text, i, end) & 15) : 0;
}

/** End of the run of code points from `i` whose class is in `mask`. */
function runEnd(text: string, i: number, end: number, mask: number): number {
  while (i < end) {
    const info = classAt(text, i, end);
    if (((1 << (info & 15)) & mask) === 0) break;
    i += info >> 4;
  }
  return i;
}

/** After a word: `(?i:'s|'t|'re|'ve|'m|'ll|'d)` with Rust's case folding (ſ folds to s), else `at` itself. */
function contractionEnd(text: string, at: number, end: number): number {
  if (at + 1 >= end || text.charCodeAt(at) !== 0x27) return at;
  const next = text.charCodeAt(at + 1) | 0x20;
  if (next === 0x73 || next === 0x74 || next === 0x6d || next === 0x64 || text.charCodeAt(at + 1) === 0x17f) return at + 2;
  if (at + 2 >= end) return at;
  const third = text.charCodeAt(at + 2) | 0x20;
  if ((next === 0x72 || next === 0x76) && third === 0x65) return at + 3;
  if (next === 0x6c && third === 0x6c) return at + 3;
  return at;
}

/**
 * `UPPER*LOWER+` from `i`, else (when `upperRunToo`) `UPPER+LOWER*`, else -1. UPPER* takes the whole run of UPPER
 * characters; if a LOWER character follows, LOWER+ takes its run. Otherwise UPPER* gives characters back until LOWER+
 * can take one: the last character of the run that is also LOWER, and LOWER+ stops right after it (the next is UPPER
 * only, or not a letter). With no such character `UPPER*LOWER+` fails, and `UPPER+LOWER*` is the UPPER run if not
 * empty (what follows it is not LOWER).
 */
function wordEnd(text: string, i: number, end: number, upperRunToo: boolean): number {
  const start = i;
  let lastLowerEnd = -1;
  while (i < end) {
    const info = classAt(text, i, end);
    const classBit = 1 << (info & 15);
    if ((classBit & IN_UPPER) === 0) {
      if ((classBit & IN_LOWER) !== 0) return runEnd(text, i + (info >> 4), end, IN_LOWER);
      break;
    }
    i += info >> 4;
    if ((classBit & IN_LOWER) !== 0) lastLowerEnd = i;
  }
  if (lastLowerEnd >= 0) return lastLowerEnd;
  return upperRunToo && i > start ? i : -1;
}

/** `\p{N}{1,3}` from `i`, whose code point is a number. */
function numberEnd(text: string, i: number, end: number, firstWidth: number): number {
  i += firstWidth;
  for (let taken = 1; taken < 3 && i < end; taken++) {
    const info = classAt(text, i, end);
    if ((info & 15) !== NUMBER) break;
    i += info >> 4;
  }
  return i;
}

/**
 * ` ?PUNCTUATION+` then `[\r\n]*` (cl100k) or `[\r\n/]*` (o200k) from `i`, or -1. The optional space is kept only
 * if punctuation follows it; without it, PUNCTUATION+ cannot start on a space.
 */
function punctuationEnd(text: string, i: number, end: number, firstBit: number, slashToo: boolean): number {
  let from = -1;
  if (text.charCodeAt(i) === 0x20 && (bitAt(text, i + 1, end) & PUNCTUATION) !== 0) from = i + 1;
  else if ((firstBit & PUNCTUATION) !== 0) from = i;
  if (from < 0) return -1;
  let at = runEnd(text, from, end, PUNCTUATION);
  for (; at < end; at++) {
    const unit = text.charCodeAt(at);
    if (unit !== 0x0a && unit !== 0x0d && (unit !== 0x2f || !slashToo)) break;
  }
  return at;
}

/**
 * The three white-space alternatives from `i` (white space): `\s*[\r\n]+` ends after the run's last line break;
 * without one, `\s+(?!\S)` keeps the run if it ends the text, else gives back its last character (white space is
 * all single UTF-16 units) when that leaves one; else `\s+` takes the run.
 */
function whiteSpaceEnd(text: string, i: number, end: number): number {
  let at = i;
  let lastBreakEnd = -1;
  for (; at < end; at++) {
    const cls = classAt(text, at, end) & 15;
    if (cls === LINE_BREAK) lastBreakEnd = at + 1;
    else if (cls !== SPACE) break;
  }
  if (lastBreakEnd >= 0) return lastBreakEnd;
  if (at === end) return at;
  return at - 1 > i ? at - 1 : at;
}

/**
 * End of the o200k_base piece starting at `i` (< end). Alternatives in the pattern's order:
 * `[^\r\n\p{L}\p{N}]?UPPER*LOWER+'?`, `[^\r\n\p{L}\p{N}]?UPPER+LOWER*'?`, `\p{N}{1,3}`, ` ?PUNCTUATION+[\r\n/]*`,
 * then white space. An optional prefix is tried taken first, then not; so the second alternative is reached only where
 * the first fails both ways, which wordEnd's `upperRunToo` covers (see the cases below).
 */
function o200kPieceEnd(text: string, i: number, end: number): number {
  const info = classAt(text, i, end);
  const width = info >> 4;
  const cls = info & 15;
  const firstBit = 1 << cls;
  let word = -1;
  if (cls === MARK) {
    // A prefix and a word character: `UPPER*LOWER+` after it, else from it (a mark is LOWER, so that never fails).
    word = wordEnd(text, i + width, end, false);
    if (word < 0) word = wordEnd(text, i, end, false);
  } else if ((firstBit & PREFIX) !== 0) {
    // Only a prefix: every alternative without it fails at once, so both word alternatives are tried after it.
    word = wordEnd(text, i + width, end, true);
  } else if ((firstBit & LETTER) !== 0) {
    word = wordEnd(text, i, end, true);
  }
  if (word >= 0) return contractionEnd(text, word, end);
  if (cls === NUMBER) return numberEnd(text, i, end, width);
  const punctuation = punctuationEnd(text, i, end, firstBit, true);
  if (punctuation >= 0) return punctuation;
  return whiteSpaceEnd(text, i, end);
}

/**
 * End of the cl100k_base piece starting at `i` (< end). Alternatives in the pattern's order: a contraction,
 * `[^\r\n\p{L}\p{N}]?\p{L}+`, `\p{N}{1,3}`, ` ?PUNCTUATION+[\r\n]*`, then white space.
 */
function cl100kPieceEnd(text: string, i: number, end: number): number {
  const contraction = contractionEnd(text, i, end);
  if (contraction > i) return contraction;
  const info = classAt(text, i, end);
  const width = info >> 4;
  const firstBit = 1 << (info & 15);
  if ((firstBit & PREFIX) !== 0 && (bitAt(text, i + width, end) & LETTER) !== 0) return runEnd(text, i + width, end, LETTER);
  if ((firstBit & LETTER) !== 0) return runEnd(text, i, end, LETTER);
  if ((firstBit & (1 << NUMBER)) !== 0) return numberEnd(text, i, end, width);
  const punctuation = punctuationEnd(text, i, end, firstBit, false);
  if (punctuation >= 0) return punctuation;
  return whiteSpaceEnd(text, i, end);
}

/** The scanner for an encoding's pattern. */
export function pieceEndScanner(encoding: BaseEncoding): (text: string, i: number, end: number) => number {
  if (classes.length === 0) {
    classes = new Uint8Array(0x110000);
    fillPage(0);
  }
  return encoding === 'o200k_base' ? o200kPieceEnd : cl100kPieceEnd;
}
