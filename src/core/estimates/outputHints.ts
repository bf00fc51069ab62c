// Expected reply length read from what the prompt asks for: "one word", "in 50 words", "JSON with keys a, b, c".
import type { PromptSite } from '../types';
import type { PieceMemo } from '../reaudit/pieceMemo';

/** A reply length the prompt itself states, and the phrase that states it (shown in the hover). */
export interface OutputHint {
  tokens: number;
  /** Short description of what was read: `one-word answer`, `≤ 50 words`, `JSON with 3 keys`. */
  label: string;
}

/** Tokens per kind of requested reply. Written here once so the README and the tests quote the same numbers. */
export const OUTPUT_HINT_TOKENS = Object.freeze({
  /** A label, yes/no or one word, plus the end of the reply. */
  shortAnswer: 5,
  sentence: 30,
  paragraph: 100,
  bulletPoint: 25,
  /** English prose runs about 4 tokens to 3 words in o200k/cl100k. */
  perWordNumerator: 4,
  perWordDenominator: 3,
  jsonObject: 10,
  jsonKey: 15,
});

// Strong short-answer phrasing: the prompt restricts the reply to a single token-sized answer (model-overkill uses it too).
// `requires`: words (lower case) one of which every match contains, so a prompt holding none of them is not searched
// with the pattern (a plain substring search of the lower-cased text, far cheaper than the pattern at every position).
export const SHORT_ANSWER_PATTERNS: ReadonlyArray<{ pattern: RegExp; label: string; requires: readonly string[] }> = [
  { pattern: /\b(?:answer|reply|respond|return|output|say)\b[^.!?\n]{0,20}?\b(?:yes|true)\b["']?\s*(?:or|\/)\s*["']?\b(?:no|false)\b/i, label: 'yes/no answer', requires: ['yes', 'true'] },
  { pattern: /\b(?:yes|true)\s*(?:or|\/)\s*(?:no|false)\s+only\b/i, label: 'yes/no answer', requires: ['yes', 'true'] },
  { pattern: /\b(?:answer|reply|respond|return|output)\b[^.!?\n]{0,15}?\b(?:with|in|using)\s+(?:exactly\s+|only\s+|just\s+)?(?:one|1|a\s+single|single)\s+(?:word|token|label|letter|number|digit)\b/i, label: 'one word', requires: ['word', 'token', 'label', 'letter', 'number', 'digit'] },
  { pattern: /\b(?:answer|reply|respond|return|output|give)\b\s+(?:with\s+)?(?:only|just)\s+(?:the|a|one)\s+(?:label|category|class|classification|sentiment|tag|intent|score|rating|number|letter|option)\b/i, label: 'label only', requires: ['only', 'just'] },
  { pattern: /\b(?:label|category|class|sentiment|score)\s+only\b/i, label: 'label only', requires: ['only'] },
  { pattern: /\bone[- ]word\s+(?:answer|reply|response)\b/i, label: 'one word', requires: ['word'] },
];

/** Index of the first short-answer pattern `text` matches (-1: none); `lower` is `text.toLowerCase()`, where each required word is looked up. */
export function firstShortAnswer(text: string, lower: string): number {
  return SHORT_ANSWER_PATTERNS.findIndex(({ pattern, requires }) => requires.some((word) => lower.includes(word)) && pattern.test(text));
}

/** Anything asking for prose or reasoning rules a short-answer reading out. */
export const PROSE_REQUEST = /\b(?:explain|explanation|reasoning|step[- ]by[- ]step|justify|justification|elaborate|summari[sz]e|summary|essay|in detail|detailed)\b/i;
/** Every match of PROSE_REQUEST contains one of these (lower case). */
export const PROSE_REQUEST_WORDS: readonly string[] = ['explain', 'explanation', 'reasoning', 'step', 'justif', 'elaborate', 'summar', 'essay', 'detail'];

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, single: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, fifty: 50, hundred: 100,
};
const NUMBER = String.raw`(\d{1,5}|a|an|one|single|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred)`;
/** A count or a range ("2-3", "two to three"): the larger end is the bound. */
const COUNT = String.raw`${NUMBER}(?:\s*(?:-|–|to|or)\s*${NUMBER})?`;
const BOUND = String.raw`(?:in|within|under|at most|no more than|not more than|up to|maximum(?: of)?|max(?:imum)?|fewer than|less than|limit(?:ed)? to|exactly|only|just)`;

const WORDS = new RegExp(String.raw`\b(?:${BOUND}\s+(?:a\s+)?${COUNT}[- ]words?\b|${COUNT}[- ]words?\s+or\s+(?:less|fewer)\b|${COUNT}-word\s+(?:answer|reply|response|summary|description))`, 'gi');
const SENTENCES = new RegExp(String.raw`\b(?:${BOUND}\s+(?:a\s+)?${COUNT}\s+(?:short\s+)?sentences?\b|(?:reply|respond|answer|summari[sz]e|describe|explain)[^.!?\n]{0,30}?\b(?:in|with|using)\s+(?:a\s+)?${COUNT}\s+(?:short\s+)?sentences?\b|${COUNT}[- ]sentence\s+(?:answer|reply|response|summary|description)|${COUNT}\s+sentences?\s+or\s+(?:less|fewer)\b)`, 'gi');
const PARAGRAPHS = new RegExp(String.raw`\b(?:${BOUND}\s+(?:a\s+)?${COUNT}\s+(?:short\s+)?paragraphs?\b|${COUNT}[- ]paragraph\s+(?:answer|reply|response|summary))`, 'gi');
const BULLETS = new RegExp(String.raw`\b(?:${BOUND}\s+${COUNT}\s+(?:short\s+)?(?:bullet(?:\s+points?|s)?|bulleted items|list items|items)\b|${COUNT}\s+(?:short\s+)?bullet(?:\s+points?|s)\b)`, 'gi');
// "JSON with keys a, b and c" / "JSON object with the fields `name`, `age`": keys listed after the word.
const JSON_KEY = String.raw`["'\`]?[A-Za-z_][\w-]{0,40}["'\`]?`;
const JSON_KEYS = new RegExp(String.raw`\bjson\b[^.!?\n]{0,40}?\b(?:keys?|fields?|properties)\s*:?\s*(${JSON_KEY}(?:\s*(?:,\s*(?:and\s+|or\s+)?|\band\b|\bor\b|\/)\s*${JSON_KEY}){0,39})`, 'gi');

function countOf(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (/^\d+$/.test(lower)) return Number(lower);
  return NUMBER_WORDS[lower];
}

/** How far a length statement's sentence is read on each side (bounded, so the scan stays linear). */
const SENTENCE_WINDOW = 160;
// "each problem in one sentence", "sentences under 25 words": a length per item, not of the whole reply.
const PER_ITEM = /\b(?:each|every|per)\b/i;
const ITEM_NOUN_BEFORE = /\b(?:sentences?|lines?|bullets?|bullet points?|items?|paragraphs?|titles?|headings?|names?|labels?|steps?)\s+$/i;
// "… in two sentences for the agent", "… in one sentence for each file": written for a hand-off or per item.
const HAND_OFF_AFTER = /^\s*(?:for|per)\s+(?:the|a|an|each|every|another)\b/i;

/** Whether a length statement at [start, end) is about the whole reply, not one item of it or a hand-off note. */
function aboutWholeReply(text: string, start: number, end: number): boolean {
  let sentenceStart = start;
  while (sentenceStart > 0 && start - sentenceStart < SENTENCE_WINDOW && !/[.!?\n]/.test(text[sentenceStart - 1])) sentenceStart--;
  let sentenceEnd = end;
  while (sentenceEnd < text.length && sentenceEnd - end < SENTENCE_WINDOW && !/[.!?\n]/.test(text[sentenceEnd])) sentenceEnd++;
  return !PER_ITEM.test(text.slice(sentenceStart, end)) && !ITEM_NOUN_BEFORE.test(text.slice(sentenceStart, start)) && !HAND_OFF_AFTER.test(text.slice(end, sentenceEnd));
}

/** The instructions a reply follows: static text of every message the caller writes (not assistant or tool turns). */
export function instructionText(site: PromptSite): string {
  return site.messages
    .filter((message) => message.role !== 'assistant' && message.role !== 'tool')
    .map((message) => message.segments.map((segment) => (segment.kind === 'static' ? segment.text : ' ')).join(''))
    .join('\n');
}

/** What one text says about reply length: its hints per kind in text order, and which phrasings it holds. */
export interface HintSummary {
  /** Hints of each kind (words, sentences, paragraphs, bullets, JSON keys), in text order. */
  byKind: OutputHint[][];
  prose: boolean;
  /** Index of the first SHORT_ANSWER_PATTERNS entry the text holds (-1: none; not read when it asks for prose). */
  firstShortAnswer: number;
}

/**
 * The hints in `text`. No pattern matches `.`, `!`, `?` or starts with white space, and a statement's sentence is read
 * no further than those marks, so a text cut after a sentence's end (see reaudit/pieceMemo.ts) is summarised piece by
 * piece and combined to what the whole text gives.
 */
export function hintSummary(text: string): HintSummary {
  const byKind: OutputHint[][] = [];
  // The patterns are case-insensitive without the u flag: a letter matches only its ASCII case pair, so a match's
  // required word is in the lower-cased text too, and one substring search per word replaces a regex run per pattern.
  const lower = text.toLowerCase();
  const scan = (pattern: RegExp, required: readonly string[], perUnit: (n: number) => number, label: (n: number) => string, maxCount: number) => {
    const hints: OutputHint[] = [];
    byKind.push(hints);
    // Every alternative of `pattern` holds one of `required`'s words: a text without them cannot match, and the plain
    // search for a word is far cheaper than trying the whole alternation at every position of a long prompt.
    if (!required.some((word) => lower.includes(word))) return;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (!aboutWholeReply(text, match.index, match.index + match[0].length)) continue;
      const counts = match.slice(1).flatMap((group) => (group === undefined ? [] : [countOf(group)]));
      const n = counts.length === 0 || counts.includes(undefined) ? undefined : Math.max(...(counts as number[]));
      if (n !== undefined && n >= 1 && n <= maxCount) hints.push({ tokens: perUnit(n), label: label(n) });
    }
  };
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  scan(WORDS, ['word'], (n) => Math.ceil((n * OUTPUT_HINT_TOKENS.perWordNumerator) / OUTPUT_HINT_TOKENS.perWordDenominator), (n) => `≤ ${plural(n, 'word', 'words')}`, 5000);
  scan(SENTENCES, ['sentence'], (n) => n * OUTPUT_HINT_TOKENS.sentence, (n) => plural(n, 'sentence', 'sentences'), 50);
  scan(PARAGRAPHS, ['paragraph'], (n) => n * OUTPUT_HINT_TOKENS.paragraph, (n) => plural(n, 'paragraph', 'paragraphs'), 20);
  scan(BULLETS, ['bullet', 'item'], (n) => n * OUTPUT_HINT_TOKENS.bulletPoint, (n) => plural(n, 'bullet point', 'bullet points'), 100);
  const json: OutputHint[] = [];
  byKind.push(json);
  JSON_KEYS.lastIndex = 0;
  if (lower.includes('json')) for (let match = JSON_KEYS.exec(text); match; match = JSON_KEYS.exec(text)) {
    const keys = match[1].split(/\s*(?:,|\band\b|\bor\b|\/)\s*/).map((key) => key.replace(/["'`]/g, '').trim()).filter((key) => /^[A-Za-z_][\w-]*$/.test(key));
    if (keys.length > 0) json.push({ tokens: OUTPUT_HINT_TOKENS.jsonObject + keys.length * OUTPUT_HINT_TOKENS.jsonKey, label: `JSON with ${plural(keys.length, 'key', 'keys')}` });
  }
  const prose = PROSE_REQUEST_WORDS.some((word) => lower.includes(word)) && PROSE_REQUEST.test(text);
  return { byKind, prose, firstShortAnswer: prose ? -1 : firstShortAnswer(text, lower) };
}

/** The hint of a text from its pieces' summaries, in text order: what `hintSummary` of the whole text leads to. */
export function hintOfSummaries(summaries: readonly HintSummary[]): OutputHint | undefined {
  const hints: OutputHint[] = [];
  const kinds = summaries.length > 0 ? summaries[0].byKind.length : 0;
  // Loops, not push(...)/Math.min(...): one piece of a long prompt can hold hundreds of thousands of length statements,
  // and a memo's prompt as many pieces; one argument each overflowed the call stack and the site was not audited.
  for (let kind = 0; kind < kinds; kind++) for (const summary of summaries) for (const hint of summary.byKind[kind]) hints.push(hint);
  if (!summaries.some((summary) => summary.prose)) {
    // The first pattern the whole text holds is the first one any piece holds.
    let first = Infinity;
    for (const summary of summaries) if (summary.firstShortAnswer >= 0 && summary.firstShortAnswer < first) first = summary.firstShortAnswer;
    if (first !== Infinity) hints.push({ tokens: OUTPUT_HINT_TOKENS.shortAnswer, label: SHORT_ANSWER_PATTERNS[first].label });
  }
  // Several statements of length: the longest one is what a reply may reach. A copy: summaries may be kept in a memo.
  const best = hints.reduce<OutputHint | undefined>((longest, hint) => (!longest || hint.tokens > longest.tokens ? hint : longest), undefined);
  return best && { ...best };
}

/** Instruction texts at least this long are read piece by piece when the caller keeps a memo of pieces. */
const PIECEWISE_MIN_CHARS = 32 * 1024;

/**
 * Longest reply the prompt asks for, or undefined when it says nothing about length. Linear in the text. With a memo
 * (a re-audit of an open document), a long text is read piece by piece and only pieces not seen before are read.
 */
export function outputHintFor(site: PromptSite, memo?: PieceMemo): OutputHint | undefined {
  const text = instructionText(site);
  if (text.length === 0) return undefined;
  if (!memo || text.length < PIECEWISE_MIN_CHARS) return hintOfSummaries([hintSummary(text)]);
  return hintOfSummaries(memo.sentencePieces(text).map((piece) => memo.get('output-hints', piece.text, hintSummary)));
}
