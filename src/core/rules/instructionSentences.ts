// Splits what a site sends into instruction sentences, located in the document, normalised, and tagged with their intent.
import type { PromptMessage, PromptSite, Span } from '../types';
import { isValidSpan, lineEndAt, lineStartAt } from './ruleSupport';
import type { PieceMemo } from '../reaudit/pieceMemo';
import { isWhitespace } from '../whitespace';

export interface InstructionSentence {
  /** The sentence as the prompt sends it. */
  text: string;
  /** Lower case, apostrophes dropped, punctuation as spaces, single spaces. */
  normalized: string;
  /** How many words `normalized` has (single spaces apart); for an unspaced sentence, how many characters (see `sentenceWords`). */
  wordCount: number;
  messageIndex: number;
  /** Where the sentence is in the document, when it can be found there. */
  span?: Span;
  /** The literal text region a removal may touch; absent when the source cannot be edited verbatim. */
  bounds?: Span;
  /** Intent family key (`brevity`, `language:english`, …), when the sentence is just that instruction. */
  intent?: string;
  /** Written in a script without spaces between words (Chinese, Japanese): its characters stand in for its words. */
  unspaced?: boolean;
  /**
   * The comparable words of `normalized` (articles left out, plain plurals folded), read in the walk that normalises it:
   * (FNV-1a hash, start, end) per word. Absent for an unspaced sentence.
   */
  wordHashes?: number[];
}

/** Bound on the work per site: prompts longer than this many sentences are only partly checked. */
export const MAX_SENTENCES_PER_SITE = 2000;

const PLACEHOLDER = '\uFFFC';
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'mr', 'mrs', 'ms', 'dr', 'no', 'approx', 'incl', 'cf']);
export const LIST_MARKER = /^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+/;
// Example blocks and their labels are repeated on purpose (few-shot); they are data, not instructions.
const EXAMPLE_LINE = /^\s*(?:input|output|example|q|a|question|answer|user|assistant|human|ai|sample|expected)\s*\d*\s*:/i;
const HEADING_OR_RULE = /^\s*(?:#{1,6}\s|[-=*_]{3,}\s*$)/;
// `<example>`, `<examples>`, `<example_output>`, `<sample-reply>`: blocks of sample text, repeated on purpose.
const EXAMPLE_OPEN = /<(?:examples?|samples?)(?:[-_][\w-]*)?(?:\s[^<>]*)?>/i;
const EXAMPLE_CLOSE = /<\/(?:examples?|samples?)(?:[-_][\w-]*)?\s*>/i;
// A line of nothing but tags (`<rules>`, `</rules>`, `<br/>`): structure, never an instruction.
const MARKUP_ONLY = /^(?:<\/?[A-Za-z][\w:.-]*(?:\s[^<>]*)?\/?>\s*)+$/;
// One element on one line: `<p>…</p>` is page content (a template of the output); `<rule>…</rule>` holds an instruction.
const ONE_ELEMENT = /^<([A-Za-z][\w:.-]*)(?:\s[^<>]*)?>(.*)<\/\1\s*>$/;
const HTML_ELEMENTS = new Set(['p', 'div', 'span', 'li', 'td', 'th', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'b', 'i', 'em', 'strong', 'small', 'label', 'button', 'title', 'header', 'footer', 'section', 'article', 'main', 'nav', 'ul', 'ol', 'table', 'body', 'html', 'pre', 'code', 'blockquote', 'option', 'caption', 'figcaption']);
// A line that is a quoted sample (`"Thanks for reaching out…"`), a table row, or JSON-like data is not an instruction.
const QUOTED_LINE = /^(?:"[^"]*"|“[^“”]*”|'[^']*'|«[^«»]*»|「[^「」]*」)[,.]?$/;
const DATA_LINE = /^(?:\||[{[]|[}\]],?$)/;
// "Remember: …", "Note: …" restate what follows; the prefix is not part of the instruction.
const REMINDER_PREFIX = /^(?:remember|reminder|note|important|again|once again|as a reminder|to repeat|to be clear)\s*[:,!—–-]\s*/i;
// Scripts written without spaces: a sentence's characters stand in for its words.
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Prompts checked per site at most: one per alternative of its conditional texts. */
export const MAX_PROMPT_VARIANTS = 8;

/**
 * The prompts a site may send, for the text rules: the site itself when no placeholder carries alternatives, else one
 * prompt per alternative of each conditional (`A if c else B`: the prompt with A, the prompt with B), the other
 * placeholders left as they are. Only one alternative runs, so each is checked on its own, never against another.
 */
export function promptVariants(site: PromptSite): PromptSite[] {
  const variants: PromptSite[] = [];
  site.messages.forEach((message, messageIndex) => {
    message.segments.forEach((segment, segmentIndex) => {
      if (segment.kind !== 'dynamic' || !segment.alternatives) return;
      for (const alternative of segment.alternatives) {
        if (variants.length >= MAX_PROMPT_VARIANTS) return;
        const segments = [...message.segments.slice(0, segmentIndex), ...alternative, ...message.segments.slice(segmentIndex + 1)];
        variants.push({ ...site, messages: site.messages.map((other, index) => (index === messageIndex ? { ...other, segments } : other)) });
      }
    });
  });
  return variants.length ? variants : [site];
}

/** The instruction sentences of every message the site sends, in send order. Assistant and tool turns are data. */
export function instructionSentences(site: PromptSite, documentText: string, memo?: PieceMemo): InstructionSentence[] {
  const bodies = messageBodies(site);
  return placeSentences(bodies, readSentences(bodies.map(({ body }) => body), memo), documentText);
}

/** One message's text as the sentence reader sees it: its static texts with U+FFFC for each placeholder. */
export interface MessageBody {
  messageIndex: number;
  body: string;
  /** The static segments in `body`, for placing sentences in the document (per call: they record where a literal sits). */
  pieces: Piece[];
}

/** The bodies of the messages whose sentences are instructions, in send order. Assistant and tool turns are data. */
export function messageBodies(site: PromptSite): MessageBody[] {
  // A user turn answered by a later assistant turn is a few-shot example, not an instruction to this call.
  let lastAssistant = -1;
  site.messages.forEach((message, index) => {
    if (message.role === 'assistant') lastAssistant = index;
  });
  const bodies: MessageBody[] = [];
  site.messages.forEach((message, messageIndex) => {
    if (message.role === 'assistant' || message.role === 'tool') return;
    if (message.role === 'user' && messageIndex < lastAssistant) return;
    bodies.push(messageBody(message, messageIndex));
  });
  return bodies;
}

/**
 * The sentences found in some bodies, as their text alone decides them (no document offsets): the same bodies give the
 * same `ReadSentences`, which is what lets a caller keep it by the bodies' content.
 */
export interface ReadSentences {
  /** At most MAX_SENTENCES_PER_SITE in all, body after body. */
  found: FoundSentence[];
  /** Per found sentence: what to add to its offsets to make them offsets in its body. */
  offsets: number[];
  /** Per body: how many of `found` are its. */
  counts: number[];
}

/** The sentences of each body (`MessageBody.body`) in order, at most MAX_SENTENCES_PER_SITE in all. */
export function readSentences(bodies: readonly string[], memo?: PieceMemo): ReadSentences {
  const read: ReadSentences = { found: [], offsets: [], counts: [] };
  const take = (found: FoundSentence, offset: number): boolean => {
    read.found.push(found);
    read.offsets.push(offset);
    return read.found.length < MAX_SENTENCES_PER_SITE;
  };
  for (const body of bodies) {
    const before = read.found.length;
    if (before < MAX_SENTENCES_PER_SITE) readBody(body, take, memo);
    read.counts.push(read.found.length - before);
  }
  return read;
}

/** Each found sentence of `read` (found in `bodies`) located in the document and in its message. */
export function placeSentences(bodies: readonly MessageBody[], read: ReadSentences, documentText: string): InstructionSentence[] {
  const sentences: InstructionSentence[] = [];
  let next = 0;
  bodies.forEach(({ messageIndex, pieces }, index) => {
    const cursor = { piece: 0 };
    for (const end = next + read.counts[index]; next < end; next++) sentences.push(placeSentence(read.found[next], read.offsets[next], pieces, cursor, messageIndex, documentText));
  });
  return sentences;
}

interface Piece {
  start: number;
  end: number;
  segmentText: string;
  segmentSpan?: Span;
  /** Document offset where the segment's text sits verbatim; null = not verbatim; undefined = not looked up yet. */
  literalStart?: number | null;
}

/** Literals longer than this are not searched sentence by sentence (a pathological file must stay fast). */
const MAX_SEARCHED_LITERAL = 200_000;
/** How far from a sentence its literal's quote or line edge may be for a fix to be offered. */
const LITERAL_REACH = 2_000;

function messageBody(message: PromptMessage, messageIndex: number): MessageBody {
  let body = '';
  const pieces: Piece[] = [];
  for (const segment of message.segments) {
    if (segment.kind === 'static') {
      pieces.push({ start: body.length, end: body.length + segment.text.length, segmentText: segment.text, segmentSpan: segment.span });
      body += segment.text;
    } else body += PLACEHOLDER;
  }
  return { messageIndex, body, pieces };
}

/** Hands each sentence of `body` and its piece's offset in the body to `take` until it returns false. */
function readBody(body: string, take: (found: FoundSentence, offset: number) => boolean, memo?: PieceMemo): void {
  if (!memo || body.length < PIECEWISE_MIN_CHARS) {
    readLines(body, 0, body.length, { inFence: false, inExample: false }, (found) => take(found, 0));
    return;
  }
  // A long body read piece by piece (cut at line starts, see reaudit/pieceMemo.ts): each piece's sentences, from the
  // fence and example state the lines before it leave, are kept by the piece's content and that state.
  let state: LineState = { inFence: false, inExample: false };
  for (const piece of memo.sentencePieces(body)) {
    const read = memo.get(`instruction-sentences:${state.inFence ? 'f' : ''}${state.inExample ? 'e' : ''}`, piece.text, (text) => {
      const found: FoundSentence[] = [];
      return { found, state: readLines(text, 0, text.length, state, (sentence) => found.push(sentence) > 0) };
    });
    for (const found of read.found) if (!take(found, piece.start)) return;
    state = read.state;
  }
}

/** Whether the lines read so far leave a code fence or an example block open. */
interface LineState {
  inFence: boolean;
  inExample: boolean;
}

/** A sentence as its text alone decides it (offsets into the text read); placed in the document by `placeSentence`. */
export interface FoundSentence {
  start: number;
  end: number;
  text: string;
  normalized: string;
  wordCount: number;
  intent?: string;
  unspaced?: boolean;
  wordHashes?: number[];
}

/** Bodies at least this long are read piece by piece when the caller keeps a memo of pieces. */
const PIECEWISE_MIN_CHARS = 32 * 1024;

/**
 * The instruction sentences of the whole lines in body[from, to) (`to` is the body's end or a line start), in order,
 * from `state`; stops when `emit` returns false. Returns the state after the last line.
 */
function readLines(body: string, from: number, to: number, state: LineState, emit: (found: FoundSentence) => boolean): LineState {
  let { inFence, inExample } = state;
  const marks = new MarkFinder(body);
  for (let lineStart = from; lineStart < to; ) {
    let lineEnd = body.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    const line = body.slice(lineStart, body.charCodeAt(lineEnd - 1) === 13 && lineEnd > lineStart ? lineEnd - 1 : lineEnd);
    const trimmed = line.trim();
    const opensExample = EXAMPLE_OPEN.exec(trimmed);
    const closesExample = EXAMPLE_CLOSE.exec(trimmed);
    if (trimmed.startsWith('```') || trimmed.startsWith('~~~')) inFence = !inFence;
    else if (opensExample) inExample = !(closesExample && closesExample.index > opensExample.index);
    else if (closesExample) inExample = false;
    else if (!inFence && !inExample && trimmed.length > 0 && isInstructionLine(line, trimmed)) {
      const marker = LIST_MARKER.exec(line);
      let contentStart = lineStart + (marker ? marker[0].length : 0);
      let contentEnd = lineStart + line.length;
      // `<rule>Never guess.</rule>`: the instruction is the element's text.
      const element = ONE_ELEMENT.exec(trimmed);
      if (element) {
        const leading = line.indexOf(trimmed);
        contentStart = lineStart + leading + trimmed.indexOf('>') + 1;
        contentEnd = lineStart + leading + trimmed.lastIndexOf('</');
      }
      const going = forEachSentence(body, contentStart, contentEnd, (start, end) => {
        const found = findSentence(body, start, end);
        return !found || emit(found);
      }, marks);
      if (!going) return { inFence, inExample };
    }
    lineStart = lineEnd + 1;
  }
  return { inFence, inExample };
}

/** Markup, headings, table rows, data and quoted samples are not instructions; nor are example labels. */
function isInstructionLine(line: string, trimmed: string): boolean {
  if (HEADING_OR_RULE.test(line) || EXAMPLE_LINE.test(line) || MARKUP_ONLY.test(trimmed) || DATA_LINE.test(trimmed) || QUOTED_LINE.test(trimmed)) return false;
  const element = ONE_ELEMENT.exec(trimmed);
  return !(element && HTML_ELEMENTS.has(element[1].toLowerCase()));
}

/** Counts the characters the splitter visits, for tests that guard its growth. */
export interface SplitStats {
  steps: number;
}

/**
 * Sentence ranges in `text[start, end)`: ends at `.`, `!`, `?` (plus closing quotes) before a space or the line end,
 * and at `。！？`. Linear: each character is visited a bounded number of times (a run of marks is skipped at once, and
 * the word before a period is read backwards at most MAX_ABBREVIATION characters).
 */
export function splitSentences(text: string, start: number, end: number, stats?: SplitStats): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  forEachSentence(text, start, end, (from, to) => ranges.push([from, to]) > 0, new MarkFinder(text), stats);
  return ranges;
}

/**
 * `splitSentences` without the array: `visit(from, to)` for each range in order (white space trimmed, empty ones left
 * out) until it returns false. Reads character codes only; every test is the regex character class it names.
 */
function forEachSentence(text: string, start: number, end: number, visit: (from: number, to: number) => boolean, marks: MarkFinder, stats?: SplitStats): boolean {
  let sentenceStart = start;
  let steps = 0;
  let going = true;
  const emit = (from: number, to: number): void => {
    while (from < to && isWhitespace(text.charCodeAt(from))) from++;
    while (to > from && isWhitespace(text.charCodeAt(to - 1))) to--;
    if (to > from && going) going = visit(from, to);
  };
  for (let index = start; index < end && going; index++) {
    // Straight to the next mark (found natively): the characters before it are each one step, as if visited.
    const mark = marks.next(index);
    steps += Math.min(mark, end) - index;
    if (mark >= end) break;
    index = mark;
    steps++;
    const code = text.charCodeAt(index);
    // 。！？
    if (code === 0x3002 || code === 0xff01 || code === 0xff1f) {
      let close = index + 1;
      while (close < end && isFullStopCloser(text.charCodeAt(close))) close++;
      steps += close - index;
      emit(sentenceStart, close);
      sentenceStart = close;
      index = close - 1;
      continue;
    }
    if (code !== 46 && code !== 33 && code !== 63) continue;
    let close = index + 1;
    while (close < end && isMarkOrCloser(text.charCodeAt(close))) close++;
    steps += close - index;
    // The marks up to `close` all end at the same place: none of them can end a sentence either.
    if (close < end && !isWhitespace(text.charCodeAt(close))) {
      index = close - 1;
      continue;
    }
    if (code === 46 && isAbbreviationBefore(text, sentenceStart, index, (visited) => (steps += visited))) continue;
    emit(sentenceStart, close);
    sentenceStart = close;
    index = close - 1;
  }
  if (sentenceStart < end) emit(sentenceStart, end);
  if (stats) stats.steps += steps + (end - start);
  return going;
}

/** Every character a sentence can end at: `.`, `!`, `?`, `。`, `！`, `？`. */
const SENTENCE_MARK = /[.!?\u3002\uff01\uff1f]/g;

/**
 * The next sentence mark at or after an offset, found by a native search; asked at increasing offsets (one line after
 * another) it reuses the mark it found last, so a text without marks is searched once, not once per line.
 */
class MarkFinder {
  private searchedFrom = 0;
  private found = -1;

  constructor(private readonly text: string) {}

  /** The offset of the first mark at or after `from`, or the text's length when there is none. */
  next(from: number): number {
    if (this.searchedFrom <= from && from <= this.found) return this.found;
    SENTENCE_MARK.lastIndex = from;
    this.found = SENTENCE_MARK.test(this.text) ? SENTENCE_MARK.lastIndex - 1 : this.text.length;
    this.searchedFrom = from;
    return this.found;
  }
}

/** `/[」』）)"”]/`: what may close a sentence after `。！？`. */
function isFullStopCloser(code: number): boolean {
  return code === 0x300d || code === 0x300f || code === 0xff09 || code === 41 || code === 34 || code === 0x201d;
}

/** `/[.!?"'”’)\]]/`: more marks or closing quotes after a sentence's `.!?`. */
function isMarkOrCloser(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 34 || code === 39 || code === 0x201d || code === 0x2019 || code === 41 || code === 93;
}

/** `/[A-Za-z.]/` */
function isAsciiLetterOrPeriod(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 46;
}

/** Whether the period at `index` ends an abbreviation (`e.g`, `etc`) or a single letter; reads back at most MAX_ABBREVIATION characters. */
function isAbbreviationBefore(text: string, sentenceStart: number, index: number, count: (visited: number) => void): boolean {
  let wordStart = index;
  while (wordStart > sentenceStart && index - wordStart < MAX_ABBREVIATION && isAsciiLetterOrPeriod(text.charCodeAt(wordStart - 1))) wordStart--;
  count(index - wordStart);
  if (wordStart === index) return false;
  if (index - wordStart === 1) return text.charCodeAt(wordStart) !== 46;
  // Most sentences end in a word longer than any abbreviation: no string is made for it.
  return index - wordStart <= LONGEST_ABBREVIATION && ABBREVIATIONS.has(text.slice(wordStart, index).toLowerCase());
}

const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((abbreviation) => abbreviation.length));

/** Longer than any abbreviation in ABBREVIATIONS: a longer run of letters before a period is a word, not one. */
const MAX_ABBREVIATION = 8;

/** Sentences with fewer words are never near-duplicate candidates (redundant-instruction's MIN_WORDS_NEAR). */
export const MIN_WORDS_COMPARED = 5;
/** An empty array for the next sentence's words, unless the last one kept it. */
let spareWords: number[] = [];

/** The sentence at body[start, end) as its text decides it, or undefined when it is no instruction sentence. */
function findSentence(body: string, start: number, end: number): FoundSentence | undefined {
  const text = body.slice(start, end);
  if (text.includes(PLACEHOLDER) || text.endsWith(':')) return undefined;
  const words = spareWords;
  const form = normalizedForm(text.replace(REMINDER_PREFIX, ''), words);
  if (form.wordCount === 0) return undefined;
  const { normalized } = form;
  const unspaced = form.mayBeUnspaced && UNSPACED_SCRIPT.test(normalized);
  // No word strings: the rule reads words from `normalized` where it needs them (see `sentenceWords`).
  const found: FoundSentence = { start, end, text, normalized, wordCount: unspaced ? codePointsWithoutSpaces(normalized) : form.wordCount };
  if (unspaced) found.unspaced = true;
  // Kept only where the near-duplicate search reads them (see `comparedAsNear`); otherwise the array is used again.
  if (!unspaced && form.wordCount >= MIN_WORDS_COMPARED) {
    found.wordHashes = words;
    spareWords = [];
  } else words.length = 0;
  const intent = intentOfWords(normalized, form.wordCount);
  if (intent) found.intent = intent;
  return found;
}

/**
 * `normalizeSentence(text)` and its number of words, in one pass that copies runs of the lower-cased text already in
 * normalised form as slices (a typical sentence is one slice: its first word lower-cased, its final period dropped)
 * instead of building each word. `mayBeUnspaced`: some kept character is at U+2E80 or above, where Han, Hiragana and
 * Katakana lie (astral ones as surrogates); without one the text is spaced. With `words`, the same walk also adds each
 * comparable word of the output to it (see `pushComparableWord`): the near-duplicate search then reads no character again
 * but to confirm a word it has seen (issue 16: splitting and hashing them apart was about a tenth of the rule's time on prompt files).
 */
export function normalizedForm(text: string, words?: number[]): { normalized: string; wordCount: number; mayBeUnspaced: boolean } {
  const lower = text.toLowerCase();
  let flushed = '';
  // The pending run lower[runFrom, runTo) is output as it stands; -1: none yet.
  let runFrom = -1;
  let runTo = -1;
  // Offset in the output of lower[index] for an index in the pending run: outBase + index.
  let outBase = 0;
  let wordCount = 0;
  let pendingSpace = false;
  let mayBeUnspaced = false;
  // The current word (for `words`): where it starts in the output, its FNV-1a hash, that hash before its last code
  // unit, and its last two code units and first one (plural folding and articles, see `pushComparableWord`).
  let wordStart = -1;
  let hash = 0;
  let hashBeforeLast = 0;
  let first = 0;
  let last = 0;
  let secondLast = 0;
  for (let index = 0; index < lower.length; index++) {
    const code = lower.charCodeAt(index);
    let kind: number;
    let width = 1;
    if (code < 0x80) kind = (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? KEEP : code === 39 || code === 96 ? DROP : SPACE;
    else if (code === 0x2019 || code === 0x2018 || code === 0xb4) kind = DROP;
    else {
      const point = lower.codePointAt(index)!;
      width = point > 0xffff ? 2 : 1;
      kind = isLetterOrNumber(point) ? KEEP : SPACE;
    }
    if (kind === KEEP) {
      if (code >= 0x2e80) mayBeUnspaced = true;
      // A word after a separator: one space before it, which the run holds when the separator was one space.
      const spaced = pendingSpace && wordCount > 0;
      const startsWord = wordCount === 0 || spaced;
      if (startsWord) wordCount++;
      pendingSpace = false;
      if (spaced ? runTo === index - 1 && lower.charCodeAt(index - 1) === 32 : runTo === index) runTo = index + width;
      else {
        if (runFrom >= 0) flushed += lower.slice(runFrom, runTo);
        if (spaced) flushed += ' ';
        runFrom = index;
        runTo = index + width;
        outBase = flushed.length - index;
      }
      if (words) {
        if (startsWord) {
          if (wordStart >= 0) pushComparableWord(words, wordStart, outBase + index - 1, hash, hashBeforeLast, first, secondLast, last);
          wordStart = outBase + index;
          hash = FNV_OFFSET;
          first = code;
        }
        hashBeforeLast = hash;
        hash = Math.imul(hash ^ code, FNV_PRIME);
        secondLast = last;
        last = code;
        if (width === 2) {
          const low = lower.charCodeAt(index + 1);
          hashBeforeLast = hash;
          hash = Math.imul(hash ^ low, FNV_PRIME);
          secondLast = last;
          last = low;
        }
      }
    } else if (kind === SPACE) pendingSpace = true;
    // A dropped apostrophe joins the letters either side ("don't" is one word): the run breaks, the word goes on.
    if (width === 2) index++;
  }
  const normalized = runFrom < 0 ? '' : flushed === '' ? lower.slice(runFrom, runTo) : flushed + lower.slice(runFrom, runTo);
  if (words && wordStart >= 0) pushComparableWord(words, wordStart, normalized.length, hash, hashBeforeLast, first, secondLast, last);
  return { normalized, wordCount, mayBeUnspaced };
}

/** `wordHashes` of a sentence whose normalised text is `normalized` (normalising it again changes nothing). */
export function comparableWordHashes(normalized: string): number[] {
  const words: number[] = [];
  normalizedForm(normalized, words);
  return words;
}

/** FNV-1a, 32 bits: the hash the near-duplicate search numbers words by. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Adds the word normalized[start, end) to `words` as (hash, start, end) of its comparable form: nothing for an article
 * (`a`, `an`, `the`), one character shorter for a plain plural (`customers` = `customer`, not `class`).
 */
function pushComparableWord(words: number[], start: number, end: number, hash: number, hashBeforeLast: number, first: number, secondLast: number, last: number): void {
  const length = end - start;
  if (length === 1 ? last === 97 : length === 2 ? secondLast === 97 && last === 110 : length === 3 && first === 116 && secondLast === 104 && last === 101) return;
  if (length > 3 && last === 115 && secondLast !== 115) words.push(hashBeforeLast, start, end - 1);
  else words.push(hash, start, end);
}

/** The words of a sentence: `normalized` split at its spaces, or for an unspaced one its characters (spaces left out). */
export function sentenceWords(sentence: Pick<InstructionSentence, 'normalized' | 'unspaced'>): string[] {
  return sentence.unspaced ? [...sentence.normalized.replace(/ /g, '')] : sentence.normalized.split(' ');
}

/** Whether a normalised sentence (words single spaces apart) has the word `word` (no spaces in it). */
export function hasWord(normalized: string, word: string): boolean {
  for (let at = normalized.indexOf(word); at >= 0; at = normalized.indexOf(word, at + 1)) {
    if ((at === 0 || normalized.charCodeAt(at - 1) === 32) && (at + word.length === normalized.length || normalized.charCodeAt(at + word.length) === 32)) return true;
  }
  return false;
}

function codePointsWithoutSpaces(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 32) continue;
    count++;
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
  }
  return count;
}

const KEEP = 0;
const DROP = 1;
const SPACE = 2;

/** A found sentence (its offsets `offset` before the body's) in its message and the document. */
function placeSentence(found: FoundSentence, offset: number, pieces: Piece[], cursor: { piece: number }, messageIndex: number, documentText: string): InstructionSentence {
  const start = found.start + offset;
  const end = found.end + offset;
  const sentence: InstructionSentence = { text: found.text, normalized: found.normalized, wordCount: found.wordCount, messageIndex };
  if (found.unspaced) sentence.unspaced = true;
  if (found.wordHashes) sentence.wordHashes = found.wordHashes;
  if (found.intent) sentence.intent = found.intent;
  // Sentences come in body order, so the piece holding one is at or after the previous one's.
  while (cursor.piece < pieces.length && pieces[cursor.piece].end < end) cursor.piece++;
  const piece = pieces[cursor.piece];
  if (piece && piece.start <= start && end <= piece.end) locate(sentence, piece, start - piece.start, documentText);
  return sentence;
}

/** Finds the sentence in the document: directly when the literal holds the text verbatim, else by a unique search. */
function locate(sentence: InstructionSentence, piece: Piece, offsetInSegment: number, documentText: string): void {
  const span = piece.segmentSpan;
  if (!isValidSpan(documentText, span)) return;
  const source = documentText.slice(span.start, span.end);
  if (piece.literalStart === undefined) {
    piece.literalStart = null;
    if (source === piece.segmentText) piece.literalStart = span.start;
    else {
      const at = source.indexOf(piece.segmentText);
      if (at >= 0 && piece.segmentText.length > 0 && source.indexOf(piece.segmentText, at + 1) < 0) piece.literalStart = span.start + at;
    }
  }
  const literalStart = piece.literalStart;
  if (literalStart !== null) {
    sentence.span = { start: literalStart + offsetInSegment, end: literalStart + offsetInSegment + sentence.text.length };
    sentence.bounds = { start: literalStart, end: literalStart + piece.segmentText.length };
    return;
  }
  // Escapes, dedented block scalars or concatenation: find the sentence itself, once, inside the literal's source.
  if (source.length > MAX_SEARCHED_LITERAL) return;
  const at = source.indexOf(sentence.text);
  if (at < 0 || source.indexOf(sentence.text, at + 1) >= 0) return;
  const start = span.start + at;
  sentence.span = { start, end: start + sentence.text.length };
  sentence.bounds = literalRegionAround(documentText, sentence.span, span);
}

/** The run of literal text on the sentence's line: up to the nearest quote either side, else the whole line with its break. */
function literalRegionAround(text: string, sentence: Span, limit: Span): Span | undefined {
  // Looked for within a bounded reach: on a pathological line the edit is simply not offered.
  const lineStart = lineStartAt(text, sentence.start, Math.max(limit.start, sentence.start - LITERAL_REACH));
  const lineEnd = lineEndAt(text, sentence.end, Math.min(limit.end, sentence.end + LITERAL_REACH));
  let start = sentence.start;
  while (start > lineStart && !/["'`]/.test(text[start - 1])) start--;
  let end = sentence.end;
  while (end < lineEnd && !/["'`]/.test(text[end])) end++;
  if ((start === lineStart && lineStart > limit.start && !/[\r\n"'`]/.test(text[start - 1])) || (end === lineEnd && lineEnd < limit.end && !/[\r\n"'`]/.test(text[end]))) return undefined;
  if (end === lineEnd && !/["'`]/.test(text[end] ?? '')) end = Math.min(lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : 1), limit.end);
  return { start, end };
}

/**
 * Lower case; apostrophes (`'’‘` and backquotes, acute accents) dropped; every run of characters that are neither
 * letters nor numbers (Unicode `\p{L}`, `\p{N}`) one space; no space at either end. One pass over the text: this runs
 * once per sentence of every prompt, and the equivalent chain of four regex replacements was a tenth of an audit.
 */
export function normalizeSentence(text: string): string {
  return normalizedForm(text).normalized;
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const letterOrNumberMemo = new Map<number, boolean>();

/** `\p{L}` or `\p{N}` for a code point above ASCII, memoised: a prompt uses few distinct ones. */
function isLetterOrNumber(point: number): boolean {
  let known = letterOrNumberMemo.get(point);
  if (known === undefined) {
    known = LETTER_OR_NUMBER.test(String.fromCodePoint(point));
    // Bounded: text of every script at once must not grow the memo without limit.
    if (letterOrNumberMemo.size < 65_536) letterOrNumberMemo.set(point, known);
  }
  return known;
}

// ---- Intent families: short sentences that are nothing but one common instruction. ----

const LANGUAGES = 'english|german|french|spanish|italian|portuguese|dutch|polish|russian|ukrainian|chinese|mandarin|japanese|korean|arabic|hindi|turkish|swedish|danish|norwegian|finnish|czech|greek|hebrew|indonesian|vietnamese|thai|romanian|hungarian';

export const INTENT_FAMILIES: ReadonlyArray<{ key: string | ((match: RegExpExecArray) => string); patterns: RegExp[] }> = [
  {
    key: 'brevity',
    patterns: [
      /^(?:please )?(?:always )?(?:be|stay|keep (?:it|things|(?:your |the |all )?(?:answers?|responses?|replies|reply|output|text))) (?:very |extremely |really )?(?:concise|brief|short|succinct|terse)(?: and (?:to the point|clear|precise|direct|simple|sweet|concise|brief|short|succinct))?(?: please)?$/,
      /^(?:please )?(?:always )?(?:answer|respond|reply|write) (?:very )?(?:concisely|briefly|succinctly|tersely)$/,
      /^(?:use |give |write |only )?(?:short|brief|concise) (?:answers|responses|replies)(?: only)?$/,
      /^(?:do not|dont|never) be (?:verbose|wordy|long winded)$/,
      /^(?:avoid|no) (?:verbosity|unnecessary (?:detail|details|words|verbosity)|filler|long answers|rambling)$/,
      /^brevity (?:is key|matters|please)$/,
    ],
  },
  {
    key: 'format:json',
    patterns: [
      /^(?:always |please |only )?(?:respond|reply|answer|output|return|format (?:your |the )?(?:answer|response|output|reply)) (?:only )?(?:in|with|as) (?:valid |a |a valid )?json(?: only| format| object)?$/,
      /^(?:always |only )?(?:use|output|return) (?:valid )?json(?: format| only)?$/,
      /^(?:your |the )?(?:response|output|answer|reply) (?:must|should) be (?:valid )?json(?: only)?$/,
      /^(?:valid )?json only$/,
    ],
  },
  {
    key: (match) => `language:${match[1]}`,
    patterns: [
      new RegExp(`^(?:always )?(?:respond|reply|answer|write)(?: only)? in (${LANGUAGES})(?: only)?$`),
      new RegExp(`^(?:always )?use (${LANGUAGES})(?: only)?$`),
      new RegExp(`^(?:all )?(?:your )?(?:responses|answers|replies) (?:must|should) be in (${LANGUAGES})$`),
    ],
  },
  {
    key: 'language:user',
    patterns: [
      /^(?:always )?(?:respond|reply|answer|write) in the (?:same )?language (?:of the (?:user|customer|question|message)|the (?:user|customer) (?:writes|wrote|uses|used)(?: in)?|used by the (?:user|customer))$/,
      /^(?:always )?(?:respond|reply|answer|write) in the (?:users|customers) language$/,
      /^match the (?:users|customers) language$/,
    ],
  },
  {
    key: 'persona:assistant',
    patterns: [/^(?:you are|youre|act as) (?:a |an )?(?:very )?(?:(?:helpful|friendly|useful|smart|kind|polite|harmless|honest)(?: and | )?)*(?:ai )?(?:assistant|chatbot|bot)$/],
  },
  {
    // "You are a helpful assistant for the Lumen photo editor.": a persona with a scope. A later generic persona
    // repeats it; two scoped ones may say different things, so this key is only ever an original.
    key: 'persona:scoped',
    patterns: [/^(?:you are|youre|act as) (?:a |an )?(?:very )?(?:(?:helpful|friendly|useful|smart|kind|polite|harmless|honest)(?: and | )?)*(?:ai )?(?:assistant|chatbot|bot) (?:for|of|at|on) [\p{L}\p{N} ]{1,60}$/u],
  },
  {
    key: 'no-fabrication',
    patterns: [
      /^(?:please )?(?:do not|dont|never|you must not|you must never|you should not|you should never) (?:make (?:things|anything|something|facts|information|stuff|answers|details) up|make up (?:any )?(?:facts|information|answers|details|things|anything)|invent (?:any )?(?:facts|information|details|answers|things|anything)|fabricate(?: (?:any )?(?:facts|information|details|answers|anything))?|hallucinate(?: (?:any )?(?:facts|information|details|answers))?)$/,
      /^no (?:hallucinations?|made up (?:facts|information|answers)|fabrication)$/,
    ],
  },
  {
    key: 'format:markdown',
    patterns: [
      /^(?:always )?(?:format|write|respond|reply|answer)(?: your (?:answer|response|reply|output))? (?:in|using|with) markdown(?: format| formatting)?$/,
      /^use markdown(?: formatting)?$/,
    ],
  },
  {
    key: 'format:plain',
    patterns: [
      /^(?:do not|dont|never) use markdown(?: formatting)?$/,
      /^(?:no|avoid) markdown(?: formatting)?$/,
      /^(?:respond|reply|answer|write) in plain text(?: only)?$/,
      /^plain text only$/,
    ],
  },
  {
    key: 'reasoning:step-by-step',
    patterns: [
      /^(?:lets |please )?(?:think|reason|work|go)(?: carefully)?(?: (?:it|this) through| through (?:it|this|the problem))? step by step$/,
      /^(?:explain|show) your reasoning step by step$/,
      /^break (?:it|the problem|this) down step by step$/,
    ],
  },
];

export const INTENT_LABELS: Record<string, string> = {
  brevity: 'brevity instruction',
  'format:json': 'JSON-format instruction',
  'language:user': 'language instruction',
  'persona:assistant': 'persona',
  'persona:scoped': 'persona',
  'no-fabrication': '"do not make things up" instruction',
  'format:markdown': 'Markdown instruction',
  'format:plain': 'no-Markdown instruction',
  'reasoning:step-by-step': 'step-by-step instruction',
};

export function intentLabel(key: string): string {
  return INTENT_LABELS[key] ?? (key.startsWith('language:') ? 'language instruction' : 'instruction');
}

/**
 * Every intent pattern as one anchored alternation: `^(?:A|B|…)$` matches exactly when one of `^A$`, `^B$`, … does, so
 * a sentence it rejects (almost every sentence) costs one regex run instead of one per pattern. Built only when every
 * pattern is `^…$` with no flag but `u`; otherwise undefined and each pattern is tried as before.
 */
export const ANY_INTENT: RegExp | undefined = (() => {
  const patterns = INTENT_FAMILIES.flatMap((family) => family.patterns);
  if (!patterns.every((pattern) => /^u?$/.test(pattern.flags) && pattern.source.startsWith('^') && pattern.source.endsWith('$') && !pattern.source.endsWith('\\$') && !hasTopLevelAlternation(pattern.source))) return undefined;
  try {
    return new RegExp(`^(?:${patterns.map((pattern) => `(?:${pattern.source.slice(1, -1)})`).join('|')})$`, 'u');
  } catch {
    return undefined;
  }
})();

/** `^a|b$` is `(^a)|(b$)`: cutting its anchors off and wrapping it would change what it matches. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return true;
  }
  return false;
}

/** The intent family a normalised sentence is nothing but, if any. */
export function intentOf(normalized: string): string | undefined {
  // Words are single spaces apart (none at the ends): spaces + 1 of them; counted only up to the bound.
  let spaces = 0;
  for (let at = normalized.indexOf(' '); at >= 0 && spaces <= 13; at = normalized.indexOf(' ', at + 1)) spaces++;
  return intentOfWords(normalized, spaces + 1);
}

/** `intentOf` for a sentence whose number of words is known. */
function intentOfWords(normalized: string, wordCount: number): string | undefined {
  // More than 14 words is never just one intent.
  if (wordCount > 14) return undefined;
  if (ANY_INTENT && !ANY_INTENT.test(normalized)) return undefined;
  for (const family of INTENT_FAMILIES) {
    for (const pattern of family.patterns) {
      const match = pattern.exec(normalized);
      if (match) return typeof family.key === 'string' ? family.key : family.key(match);
    }
  }
  return undefined;
}
