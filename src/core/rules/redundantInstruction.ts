// redundant-instruction: the same instruction sent twice in one call, word for word, nearly, or in other words.
import type { AuditedSite } from '../auditTypes';
import { formatTokens, formatUsd, inputCostUsd } from '../pricing/cost';
import type { Fix, Span } from '../types';
import type { RuleContext, RuleResult } from './types';
import { defineRule } from './defineRule';
import { instructionSentences, intentLabel, promptVariants, intentOf, LIST_MARKER, type InstructionSentence } from './instructionSentences';
import { isValidSpan, monthlyOf, quoteText, siteAnchor, isLocalModel, localCostPhrase } from './ruleSupport';

/** Word-set overlap at which two sentences say the same thing. */
export const NEAR_DUPLICATE_JACCARD = 0.8;
/** Shorter sentences only count as repeats when identical or in the same intent family. */
const MIN_WORDS_EXACT = 3;
const MIN_WORDS_NEAR = 5;
/** Bound on pairwise comparisons for near-duplicates. */
const MAX_NEAR_CANDIDATES = 1000;
const NEGATIONS = new Set(['not', 'no', 'never', 'dont', 'doesnt', 'cannot', 'cant', 'wont', 'without', 'avoid', 'nor']);

type Repeat = { sentence: InstructionSentence; original: InstructionSentence; kind: 'exact' | 'near' | 'intent' | 'compound' };

export const redundantInstructionRule = defineRule({
  id: 'redundant-instruction',
  defaultSeverity: 'warning',
  docValues: { NEAR_DUPLICATE_JACCARD },
  check(context) {
    return withoutOverlappingRemovals(context.sites.flatMap((audited) => siteResults(context, audited)));
  },
  checkSite: (context, audited) => siteResults(context, audited),
  // Two sites sending one shared constant remove the same sentence: their removals must not overlap.
  combineSites: (results) => withoutOverlappingRemovals(results),
});

function siteResults(context: RuleContext, audited: AuditedSite): RuleResult[] {
  return findRepeats(audited, context.text).map((repeat) => toResult(context, audited, repeat));
}

/** Repeats in every prompt the site may send (one per alternative of a conditional text), each found once. */
export function findRepeats(audited: AuditedSite, text: string): Repeat[] {
  const variants = promptVariants(audited.site);
  if (variants.length === 1) return repeatsIn(instructionSentences(variants[0], text));
  const seen = new Set<string>();
  const repeats: Repeat[] = [];
  for (const variant of variants) {
    for (const repeat of repeatsIn(instructionSentences(variant, text))) {
      const key = `${repeat.sentence.span?.start}:${repeat.original.span?.start}:${repeat.sentence.normalized}`;
      if (seen.has(key)) continue;
      seen.add(key);
      repeats.push(repeat);
    }
  }
  return repeats;
}

function repeatsIn(sentences: InstructionSentence[]): Repeat[] {
  const repeats: Repeat[] = [];
  const firstByText = new Map<string, InstructionSentence>();
  const firstByIntent = new Map<string, InstructionSentence>();
  const nearCandidates = new NearCandidates(sentences, comparedAsNear);
  sentences.forEach((sentence, index) => {
    let repeat: Repeat | undefined;
    const sameText = firstByText.get(sentence.normalized);
    if (sameText && (sentence.words.length >= MIN_WORDS_EXACT || sentence.intent)) repeat = { sentence, original: sameText, kind: 'exact' };
    if (!repeat && comparedAsNear(sentence)) {
      const near = nearCandidates.firstNearDuplicate(index);
      if (near !== undefined) repeat = { sentence, original: sentences[near], kind: 'near' };
    }
    if (!repeat && sentence.intent && !SCOPED_INTENTS.has(sentence.intent)) {
      const sameIntent = firstByIntent.get(sentence.intent);
      if (sameIntent) repeat = { sentence, original: sameIntent, kind: 'intent' };
    }
    if (!repeat && !sentence.unspaced) {
      const original = compoundOriginal(sentence, firstByText, firstByIntent);
      if (original) repeat = { sentence, original, kind: 'compound' };
    }
    if (repeat) {
      // The same source text sent twice (one constant in two messages) cannot be removed in one place only.
      if (!(repeat.sentence.span && repeat.original.span && repeat.sentence.span.start === repeat.original.span.start)) repeats.push(repeat);
      return;
    }
    if (!firstByText.has(sentence.normalized)) firstByText.set(sentence.normalized, sentence);
    if (sentence.intent) {
      const key = SCOPED_INTENTS.get(sentence.intent) ?? sentence.intent;
      if (!firstByIntent.has(key)) firstByIntent.set(key, sentence);
    }
    if (comparedAsNear(sentence) && nearCandidates.size < MAX_NEAR_CANDIDATES) nearCandidates.add(index);
  });
  return repeats;
}

/** Only sentences of spaced scripts with enough words are near-duplicate candidates (and looked up as such). */
function comparedAsNear(sentence: InstructionSentence): boolean {
  return !sentence.unspaced && sentence.words.length >= MIN_WORDS_NEAR;
}

/** Word-set comparisons made by the near-duplicate search (for the growth test). */
export const nearDuplicateWork = { comparisons: 0 };

/**
 * Earlier sentences a later one may nearly repeat, indexed so that a sentence is compared only with candidates that
 * can reach the Jaccard threshold (prefix filtering): with the words of every set in one fixed order (rarest first),
 * two sets with Jaccard ≥ t share at least one of the first |x| − ⌈t·|x|⌉ + 1 words of each. The answer is the
 * same as comparing with every candidate in order: the first candidate that passes `isNearDuplicate`.
 * Words are numbered by that order once per prompt, so each set is a sorted array of integers: the order is a numeric
 * sort, and a comparison is one merge of two arrays (no string hashing, no Set per comparison).
 */
class NearCandidates {
  /** Each sentence's comparable words as ranks, ascending (rarest first); undefined for sentences never compared. */
  private readonly sets: Array<Int32Array | undefined>;
  private readonly prefixLengths: Int32Array;
  /** Ranks of negations and words with a digit: two sets that differ in one of them never nearly repeat. */
  private readonly sensitive: Uint8Array;
  private readonly byRank: Array<number[] | undefined> = [];
  /** Which query last found each candidate, so a candidate is collected once per query without a Set. */
  private readonly seenBy: Int32Array;
  private queries = 0;
  size = 0;

  constructor(sentences: InstructionSentence[], compared: (sentence: InstructionSentence) => boolean) {
    // Each comparable word numbered once (first seen, first numbered) and each sentence's set kept as those numbers: the
    // word strings are hashed once per occurrence, and no Set or string sort is made per prompt. Any fixed order of the
    // words gives the same answers (the prefix property holds for every order); rarest first keeps the lists short.
    const idOf = new Map<string, number>();
    const wordOf: string[] = [];
    const frequency: number[] = [];
    const lastSentence: number[] = [];
    const scratch: number[] = [];
    const idSets = sentences.map((sentence, index) => {
      if (!compared(sentence)) return undefined;
      scratch.length = 0;
      for (const word of sentence.words) {
        if (ARTICLES.has(word)) continue;
        const comparable = comparableWord(word);
        let id = idOf.get(comparable);
        if (id === undefined) {
          id = wordOf.length;
          idOf.set(comparable, id);
          wordOf.push(comparable);
          frequency.push(0);
          lastSentence.push(-1);
        }
        if (lastSentence[id] === index) continue;
        lastSentence[id] = index;
        frequency[id]++;
        scratch.push(id);
      }
      return Int32Array.from(scratch);
    });
    const byRarity = Int32Array.from(wordOf.keys()).sort((a, b) => frequency[a] - frequency[b] || a - b);
    const rankOfId = new Int32Array(wordOf.length);
    this.sensitive = new Uint8Array(wordOf.length);
    byRarity.forEach((id, rank) => {
      rankOfId[id] = rank;
      if (NEGATIONS.has(wordOf[id]) || /\d/.test(wordOf[id])) this.sensitive[rank] = 1;
    });
    this.prefixLengths = new Int32Array(sentences.length);
    this.sets = idSets.map((ids, index) => {
      if (!ids) return undefined;
      const ranks = ids.map((id) => rankOfId[id]).sort();
      // Rounded down a hair so floating point can only make the prefix longer (slower), never shorter (wrong).
      const overlap = Math.ceil(NEAR_DUPLICATE_JACCARD * ranks.length - 1e-9);
      this.prefixLengths[index] = Math.min(ranks.length, Math.max(0, ranks.length - overlap + 1));
      return ranks;
    });
    this.seenBy = new Int32Array(sentences.length).fill(-1);
  }

  add(index: number): void {
    this.size++;
    const set = this.sets[index]!;
    for (let at = 0; at < this.prefixLengths[index]; at++) {
      const list = this.byRank[set[at]];
      if (list) list.push(index);
      else this.byRank[set[at]] = [index];
    }
  }

  /** The earliest added sentence that sentence `index` nearly repeats. */
  firstNearDuplicate(index: number): number | undefined {
    const query = this.queries++;
    const set = this.sets[index]!;
    const found: number[] = [];
    for (let at = 0; at < this.prefixLengths[index]; at++) {
      for (const candidate of this.byRank[set[at]] ?? []) {
        if (this.seenBy[candidate] === query) continue;
        this.seenBy[candidate] = query;
        found.push(candidate);
      }
    }
    found.sort((a, b) => a - b);
    for (const candidate of found) {
      const other = this.sets[candidate]!;
      // Jaccard is at most the smaller size over the larger: below the threshold, no comparison can pass.
      if (Math.min(set.length, other.length) / Math.max(set.length, other.length) < NEAR_DUPLICATE_JACCARD) continue;
      nearDuplicateWork.comparisons++;
      if (isNearDuplicate(set, other, this.sensitive)) return candidate;
    }
    return undefined;
  }
}

/** Intents that only stand as originals, and the generic intent a later sentence must have to repeat them. */
const SCOPED_INTENTS = new Map<string, string>([['persona:scoped', 'persona:assistant']]);

/**
 * "Respond in JSON and use valid JSON only." after "Respond in JSON.": a sentence whose every part (split at `and`)
 * is an earlier sentence or the same common instruction as one says nothing new. Returns the first part's original.
 */
function compoundOriginal(sentence: InstructionSentence, firstByText: Map<string, InstructionSentence>, firstByIntent: Map<string, InstructionSentence>): InstructionSentence | undefined {
  if (!sentence.words.includes('and')) return undefined;
  const clauses = sentence.normalized.split(/ and (?:also )?/).map((clause) => clause.trim());
  if (clauses.length < 2 || clauses.some((clause) => clause.length === 0)) return undefined;
  let first: InstructionSentence | undefined;
  for (const clause of clauses) {
    // The intent patterns only run when the clause is no earlier sentence and some earlier sentence has an intent.
    const original = firstByText.get(clause) ?? (firstByIntent.size > 0 ? earlierOfSameIntent(clause, firstByIntent) : undefined);
    if (!original) return undefined;
    first ??= original;
  }
  return first;
}

function earlierOfSameIntent(clause: string, firstByIntent: Map<string, InstructionSentence>): InstructionSentence | undefined {
  const intent = intentOf(clause);
  return intent && !SCOPED_INTENTS.has(intent) ? firstByIntent.get(intent) : undefined;
}

const ARTICLES = new Set(['a', 'an', 'the']);

/** A word as near-duplicate comparison sees it (articles are dropped before): plain plurals folded (`customers` = `customer`). */
function comparableWord(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** Word-set overlap of two sorted rank arrays at least the threshold, and no negation or number in one only. */
function isNearDuplicate(a: Int32Array, b: Int32Array, sensitive: Uint8Array): boolean {
  let shared = 0;
  // A count, not `||=`: the index must advance whatever was already found.
  let sensitiveDifferences = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) sensitiveDifferences += sensitive[a[i++]];
    else sensitiveDifferences += sensitive[b[j++]];
  }
  while (i < a.length) sensitiveDifferences += sensitive[a[i++]];
  while (j < b.length) sensitiveDifferences += sensitive[b[j++]];
  const union = a.length + b.length - shared;
  if (union === 0 || shared / union < NEAR_DUPLICATE_JACCARD) return false;
  // "Do X" and "Do not X", "3 bullets" and "5 bullets" overlap a lot but say different things.
  return sensitiveDifferences === 0;
}

function toResult(context: RuleContext, audited: AuditedSite, repeat: Repeat): RuleResult {
  const { sentence, original } = repeat;
  const entry = audited.modelEntry;
  const tokens = context.countTokens(sentence.text, entry).tokens;
  const perCall = entry ? inputCostUsd(tokens, entry) : null;
  const monthly = monthlyOf(perCall, audited.callsPerMonth);
  const where = original.span ? `line ${context.lineIndex.positionAt(original.span.start).line + 1}` : 'an earlier message';
  const what =
    repeat.kind === 'exact'
      ? `Repeats ${where} word for word`
      : repeat.kind === 'near'
        ? `Nearly repeats ${where} (${quoteText(original.text)})`
        : repeat.kind === 'compound'
          ? `Restates ${where} (${quoteText(original.text)}) and adds nothing to it`
          : `Repeats the ${intentLabel(sentence.intent!)} of ${where} (${quoteText(original.text)})`;
  const keep = `keep ${original.span ? where : 'the earlier one'}, remove this one`;
  let cost: string;
  if (isLocalModel(audited)) cost = `${formatTokens(tokens)} tokens per call (${localCostPhrase(audited)})`;
  else if (perCall === null) cost = `${formatTokens(tokens)} tokens per call (unpriced model)`;
  else if (monthly === null) cost = `${formatTokens(tokens)} tokens, ${formatUsd(perCall)} per call`;
  else cost = `${formatTokens(tokens)} tokens per call, ${formatUsd(monthly)}/month at ${formatTokens(audited.callsPerMonth!)} calls`;
  const fix = removeSentenceFix(context.text, sentence);
  const span = sentence.span ?? messageSpan(context, audited, sentence.messageIndex);
  return { span, message: `${what}; ${keep}: ${cost}.`, fixes: fix ? [fix] : undefined, monthlyWasteUsd: monthly ?? undefined };
}

/**
 * Two adjacent repeats may both claim the space between them. Trimming the later removal to start where the earlier
 * ends keeps every fix valid alone and lets a "fix all" apply them together.
 */
function withoutOverlappingRemovals(results: RuleResult[]): RuleResult[] {
  const removals = results
    .flatMap((result) => (result.fixes ?? []).flatMap((fix) => fix.edits))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (let index = 1; index < removals.length; index++) {
    const previous = removals[index - 1];
    const current = removals[index];
    if (current.span.start < previous.span.end) current.span = { start: Math.min(previous.span.end, current.span.end), end: current.span.end };
  }
  return results;
}

function messageSpan(context: RuleContext, audited: AuditedSite, messageIndex: number): Span {
  const span = audited.site.messages[messageIndex]?.span;
  return isValidSpan(context.text, span) ? span : siteAnchor(context.text, audited.site);
}

/**
 * Deletes the sentence with the whitespace that separated it: a sentence alone on its line goes with its line
 * (and line break); one followed by more text goes with the spaces after it; one ending a line with the spaces before it.
 */
export function removeSentenceFix(text: string, sentence: InstructionSentence): Fix | undefined {
  const span = sentence.span;
  const bounds = sentence.bounds;
  if (!span || !bounds || span.start < bounds.start || span.end > bounds.end) return undefined;
  if (text.slice(span.start, span.end) !== sentence.text) return undefined;
  const edit = removalSpan(text, span, bounds);
  // An escape sequence in the removed text means the source is not the sent text; a verbatim edit is not safe there.
  if (text.slice(edit.start, edit.end).includes('\\')) return undefined;
  return { title: `Remove the repeated sentence ${quoteText(sentence.text, 40)}`, edits: [{ span: edit, newText: '' }], preferred: true };
}

/** How far either side of a sentence we look for its line's edges: indentation and a list marker fit well inside. */
const EDGE_WINDOW = 80;

function removalSpan(text: string, span: Span, bounds: Span): Span {
  // Bounded windows, not whole-line scans: a megabyte-long line must not make each fix cost a megabyte.
  const beforeFrom = Math.max(bounds.start, span.start - EDGE_WINDOW);
  const beforeWindow = text.slice(beforeFrom, span.start);
  const lastBreak = Math.max(beforeWindow.lastIndexOf('\n'), beforeWindow.lastIndexOf('\r'));
  const lineStart = lastBreak >= 0 ? beforeFrom + lastBreak + 1 : beforeFrom === bounds.start ? bounds.start : -1;
  const before = lineStart >= 0 ? text.slice(lineStart, span.start) : 'x';
  const afterWindow = text.slice(span.end, Math.min(bounds.end, span.end + EDGE_WINDOW));
  const nextBreak = afterWindow.search(/[\r\n]/);
  const reachesEnd = span.end + afterWindow.length === bounds.end;
  const after = nextBreak >= 0 ? afterWindow.slice(0, nextBreak) : reachesEnd ? afterWindow : `${afterWindow}x`;
  const lineEnd = span.end + after.length;
  const beforeIsBlank = before.trim() === '' || LIST_MARKER.exec(before)?.[0].length === before.length;
  let removal: Span;
  if (beforeIsBlank && after.trim() === '') {
    const following = lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : 1);
    if (lineEnd < bounds.end && following <= bounds.end) removal = { start: lineStart, end: following };
    else {
      // Last line of the literal: take the line break before it instead, so no empty line remains.
      let breakStart = lineStart;
      if (text[breakStart - 1] === '\n') breakStart--;
      if (text[breakStart - 1] === '\r') breakStart--;
      removal = breakStart >= bounds.start && breakStart < lineStart ? { start: breakStart, end: lineEnd } : { start: lineStart, end: lineEnd };
    }
  } else if (beforeIsBlank) {
    // First on its line, more text after: take the spaces after it.
    let end = span.end;
    while (end < bounds.end && (text[end] === ' ' || text[end] === '\t')) end++;
    removal = { start: span.start, end };
  } else {
    // Text before it: take the spaces before it (and trailing spaces when it ends the line).
    let start = span.start;
    while (start > bounds.start && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    removal = { start, end: after.trim() === '' ? lineEnd : span.end };
  }
  return removal;
}
