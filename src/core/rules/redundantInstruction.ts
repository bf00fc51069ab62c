// redundant-instruction: the same instruction sent twice in one call, word for word, nearly, or in other words.
import type { AuditedSite } from '../auditTypes';
import { formatTokens, formatUsd, inputCostUsd } from '../pricing/cost';
import type { Fix, PromptSite, Span } from '../types';
import type { RuleContext, RuleResult } from './types';
import { defineRule } from './defineRule';
import { comparableWordHashes, MIN_WORDS_COMPARED, hasWord, instructionSentences, intentLabel, promptVariants, intentOf, LIST_MARKER, sentenceWords, messageBodies, readSentences, placeSentences, type InstructionSentence, type MessageBody, type ReadSentences } from './instructionSentences';
import { addToFingerprint, ContentMemo, startFingerprint } from '../contentMemo';
import { isValidSpan, monthlyOf, quoteText, siteAnchor, isLocalModel, localCostPhrase } from './ruleSupport';
import type { PieceMemo } from '../reaudit/pieceMemo';
import { repeatsWithMemo } from '../reaudit/repeatsMemo';

/** Word-set overlap at which two sentences say the same thing. */
export const NEAR_DUPLICATE_JACCARD = 0.8;
/** Shorter sentences only count as repeats when identical or in the same intent family. */
const MIN_WORDS_EXACT = 3;
const MIN_WORDS_NEAR = MIN_WORDS_COMPARED;
/** Bound on pairwise comparisons for near-duplicates. */
const MAX_NEAR_CANDIDATES = 1000;
const NEGATIONS = new Set(['not', 'no', 'never', 'dont', 'doesnt', 'cannot', 'cant', 'wont', 'without', 'avoid', 'nor']);

export type Repeat = { sentence: InstructionSentence; original: InstructionSentence; kind: 'exact' | 'near' | 'intent' | 'compound' };

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
  return findRepeats(audited, context.text, context.pieceMemo).map((repeat) => toResult(context, audited, repeat));
}

/** Repeats in every prompt the site may send (one per alternative of a conditional text), each found once. */
export function findRepeats(audited: AuditedSite, text: string, memo?: PieceMemo): Repeat[] {
  const variants = promptVariants(audited.site);
  if (variants.length === 1) {
    // An open document's re-audit searches only what its edit may have changed (same result).
    return memo ? repeatsWithMemo(instructionSentences(variants[0], text, memo), memo) : promptRepeats(variants[0], text);
  }
  const seen = new Set<string>();
  const repeats: Repeat[] = [];
  for (const variant of variants) {
    for (const repeat of promptRepeats(variant, text)) {
      const key = `${repeat.sentence.span?.start}:${repeat.original.span?.start}:${repeat.sentence.normalized}`;
      if (seen.has(key)) continue;
      seen.add(key);
      repeats.push(repeat);
    }
  }
  return repeats;
}

/** What a prompt's text alone decides: its sentences and, per sentence, the original it repeats and how (null: none). */
interface PromptSearch {
  read: ReadSentences;
  decisions: Array<{ original: number; kind: Repeat['kind'] } | null>;
}

/**
 * Searches of prompts by their messages' text. The mixed workspace's support bot sends one 7 KB prompt from 13 files;
 * a prompt constant sent by several calls is searched once too. Bounded: a few dozen long prompts.
 */
const PROMPT_SEARCHES = new ContentMemo<PromptSearch>(256 * 1024, 64 * 1024);

/** Forgets every kept search: the growth bench times the search of a prompt, not a memo hit on its second run. */
export function clearPromptSearches(): void {
  PROMPT_SEARCHES.clear();
}

/** Counts for the tests: prompts searched afresh (not found in PROMPT_SEARCHES). */
export const promptSearchWork = { searched: 0 };

/** The repeats to report in one prompt; the search is kept by the text it reads (see PROMPT_SEARCHES). */
function promptRepeats(site: PromptSite, text: string): Repeat[] {
  const bodies = messageBodies(site);
  let fingerprint = startFingerprint();
  for (const { messageIndex, body } of bodies) fingerprint = addToFingerprint(fingerprint ^ messageIndex, body);
  // Every body with its message index and length before it: no two lists of bodies give one key. Joined into a new
  // string, which holds no slice of the document. Built only for a prompt whose fingerprint was seen before.
  const key = PROMPT_SEARCHES.mayHold(fingerprint) ? bodies.flatMap(({ messageIndex, body }) => [bodyHeader(messageIndex, body.length), body]).join('') : undefined;
  const known = key === undefined ? undefined : PROMPT_SEARCHES.get(key);
  if (known) {
    const placed = placeSentences(bodies, known.read, text);
    return keptRepeats(known.decisions.map((decision, index) => (decision ? { sentence: placed[index], original: placed[decision.original], kind: decision.kind } : undefined)));
  }
  promptSearchWork.searched++;
  // A kept search is read from the key's copy of each body: its sentence texts are slices of the key, not of the document.
  const read = readSentences(key === undefined ? bodies.map(({ body }) => body) : bodiesIn(key, bodies));
  const placed = placeSentences(bodies, read, text);
  const repeats = decideAll(placed);
  if (key !== undefined) {
    const indexOf = new Map(placed.map((sentence, index) => [sentence, index] as const));
    PROMPT_SEARCHES.set(key, { read, decisions: repeats.map((repeat) => (repeat ? { original: indexOf.get(repeat.original)!, kind: repeat.kind } : null)) });
  }
  return keptRepeats(repeats);
}

function bodyHeader(messageIndex: number, length: number): string {
  return `${messageIndex}:${length}:`;
}

/** The bodies as slices of `key` (see promptRepeats). */
function bodiesIn(key: string, bodies: readonly MessageBody[]): string[] {
  let at = 0;
  return bodies.map(({ messageIndex, body }) => {
    at += bodyHeader(messageIndex, body.length).length + body.length;
    return key.slice(at - body.length, at);
  });
}

/** Each sentence's repeat (undefined for an original), every sentence decided in order. */
function decideAll(sentences: InstructionSentence[]): Array<Repeat | undefined> {
  const search = new RepeatSearch(sentences);
  return sentences.map((_, index) => search.decide(index));
}

/** The repeats to report: the same source text sent twice (one constant in two messages) cannot be removed in one place only. */
export function keptRepeats(decisions: ReadonlyArray<Repeat | undefined>): Repeat[] {
  return decisions.filter((repeat): repeat is Repeat => repeat !== undefined && !(repeat.sentence.span && repeat.original.span && repeat.sentence.span.start === repeat.original.span.start));
}

/**
 * The search for repeats, one sentence at a time in order: each is a repeat of an earlier original, or an original.
 * `decideAll` decides every sentence; a re-audit (reaudit/repeatsMemo.ts) adopts the decisions an edit cannot have
 * changed (see `mayDecide`) and decides the others, so the state each decision sees is the one `decideAll` builds.
 */
export class RepeatSearch {
  private readonly firstByText = new Map<string, InstructionSentence>();
  private readonly firstByIntent = new Map<string, InstructionSentence>();
  /** Built on the first near-duplicate search (a replay that searches nothing needs no word ranks). */
  private near: NearCandidates | undefined;
  /** The originals added to the near-duplicate candidates, in order. */
  private readonly added: number[] = [];
  /** Per sentence: 1 once it is an original added to the near-duplicate candidates (only the first MAX_NEAR_CANDIDATES are). */
  readonly addedToNear: Uint8Array;
  /** Per sentence: 1 once it is decided or adopted as an original. */
  readonly original: Uint8Array;

  constructor(private readonly sentences: InstructionSentence[]) {
    this.addedToNear = new Uint8Array(sentences.length);
    this.original = new Uint8Array(sentences.length);
  }

  /** Sentence `index`'s repeat, or undefined when it is an original; every sentence before it must be decided or adopted. */
  decide(index: number): Repeat | undefined {
    const sentence = this.sentences[index];
    const { firstByText, firstByIntent } = this;
    let repeat: Repeat | undefined;
    const sameText = firstByText.get(sentence.normalized);
    if (sameText && (sentence.wordCount >= MIN_WORDS_EXACT || sentence.intent)) repeat = { sentence, original: sameText, kind: 'exact' };
    if (!repeat && comparedAsNear(sentence)) {
      if (!this.near) {
        this.near = new NearCandidates(this.sentences, comparedAsNear);
        for (const candidate of this.added) this.near.add(candidate);
      }
      const near = this.near.firstNearDuplicate(index);
      if (near !== undefined) repeat = { sentence, original: this.sentences[near], kind: 'near' };
    }
    if (!repeat && sentence.intent && !SCOPED_INTENTS.has(sentence.intent)) {
      const sameIntent = firstByIntent.get(sentence.intent);
      if (sameIntent) repeat = { sentence, original: sameIntent, kind: 'intent' };
    }
    if (!repeat && !sentence.unspaced) {
      const original = compoundOriginal(sentence, firstByText, firstByIntent);
      if (original) repeat = { sentence, original, kind: 'compound' };
    }
    if (!repeat) this.adopt(index, undefined);
    return repeat;
  }

  /** Takes a decision known for sentence `index` without searching: an original joins the maps and the candidates. */
  adopt(index: number, repeat: Repeat | undefined): void {
    if (repeat) return;
    const sentence = this.sentences[index];
    this.original[index] = 1;
    if (!this.firstByText.has(sentence.normalized)) this.firstByText.set(sentence.normalized, sentence);
    if (sentence.intent) {
      const key = SCOPED_INTENTS.get(sentence.intent) ?? sentence.intent;
      if (!this.firstByIntent.has(key)) this.firstByIntent.set(key, sentence);
    }
    if (comparedAsNear(sentence) && this.added.length < MAX_NEAR_CANDIDATES) {
      this.added.push(index);
      this.near?.add(index);
      this.addedToNear[index] = 1;
    }
  }
}

/**
 * Whether `other`, as an original before `sentence` (or no longer one), can change `sentence`'s decision: the same text,
 * an intent (any intent changes the intent and compound searches), a text a compound sentence may hold as a clause, or
 * enough shared words to be a near duplicate. Never false when it can (it may be true when it cannot).
 */
export function mayDecide(other: InstructionSentence, sentence: InstructionSentence): boolean {
  if (other.normalized === sentence.normalized) return true;
  const compound = !sentence.unspaced && hasWord(sentence.normalized, 'and');
  if (other.intent && (sentence.intent || compound)) return true;
  if (compound && sentence.normalized.includes(other.normalized)) return true;
  if (!comparedAsNear(other) || !comparedAsNear(sentence)) return false;
  const a = comparableSetOf(other);
  // Jaccard is at most |b| / |a| when b is the smaller set, and |b| is at most the sentence's word count.
  if (sentence.wordCount / a.size < NEAR_DUPLICATE_JACCARD - 1e-9) return false;
  const b = comparableSetOf(sentence);
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared) >= NEAR_DUPLICATE_JACCARD - 1e-9;
}

/**
 * Each sentence's comparable word set, made once: a re-audit asks `mayDecide` of every later sentence against each
 * changed one. Kept only as long as the sentence object (a new one per audit).
 */
const comparableSets = new WeakMap<InstructionSentence, Set<string>>();

function comparableSetOf(sentence: InstructionSentence): Set<string> {
  let set = comparableSets.get(sentence);
  if (!set) comparableSets.set(sentence, (set = comparableWords(sentenceWords(sentence))));
  return set;
}

/** Only sentences of spaced scripts with enough words are near-duplicate candidates (and looked up as such). */
function comparedAsNear(sentence: InstructionSentence): boolean {
  return !sentence.unspaced && sentence.wordCount >= MIN_WORDS_NEAR;
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
  /**
   * Every compared sentence's comparable words as ranks, ascending (rarest first), one sentence after another in one
   * array: sentence i's set is ranks[setStart[i], setStart[i + 1]) (empty for sentences never compared). One array for
   * all sets instead of two typed arrays per sentence: a 10 MB prompt corpus has ~100K sentences.
   */
  private readonly ranks: Int32Array;
  private readonly setStart: Int32Array;
  private readonly prefixLengths: Int32Array;
  /** Ranks of negations and words with a digit: two sets that differ in one of them never nearly repeat. */
  private readonly sensitive: Uint8Array;
  /** Per rank, how many compared sentences hold the word. */
  private readonly sentencesWith: Int32Array;
  private readonly byRank: Array<number[] | undefined> = [];
  /** Which query last found each candidate, so a candidate is collected once per query without a Set. */
  private readonly seenBy: Int32Array;
  /** Candidates of the current query (each at most once), reused from query to query. */
  private readonly found: Int32Array;
  private queries = 0;
  size = 0;

  constructor(sentences: InstructionSentence[], compared: (sentence: InstructionSentence) => boolean) {
    // Each comparable word numbered once (first seen, first numbered), by the hash and place the sentence's normalising
    // walk gave it (`wordHashes`): no word string is made and no character hashed again (WORD_IDS only compares them),
    // and no Set or string sort is made per prompt. Any fixed order of the words gives the same answers (the prefix
    // property holds for every order); rarest first keeps the lists short.
    const wordIds = WORD_IDS.reset();
    const frequency: number[] = [];
    const lastSentence: number[] = [];
    const ids: number[] = [];
    this.setStart = new Int32Array(sentences.length + 1);
    sentences.forEach((sentence, index) => {
      this.setStart[index] = ids.length;
      if (!compared(sentence)) return;
      const text = sentence.normalized;
      const words = sentence.wordHashes ?? comparableWordHashes(text);
      for (let at = 0; at < words.length; at += 3) {
        const id = wordIds.idOf(words[at], text, words[at + 1], words[at + 2]);
        if (id === frequency.length) {
          frequency.push(0);
          lastSentence.push(-1);
        }
        if (lastSentence[id] === index) continue;
        lastSentence[id] = index;
        frequency[id]++;
        ids.push(id);
      }
    });
    this.setStart[sentences.length] = ids.length;
    const byRarity = byFrequency(frequency);
    const rankOfId = new Int32Array(frequency.length);
    this.sensitive = new Uint8Array(frequency.length);
    this.sentencesWith = new Int32Array(frequency.length);
    byRarity.forEach((id, rank) => {
      rankOfId[id] = rank;
      this.sensitive[rank] = wordIds.sensitive[id];
      this.sentencesWith[rank] = frequency[id];
    });
    this.ranks = new Int32Array(ids.length);
    this.prefixLengths = new Int32Array(sentences.length);
    for (let index = 0; index < sentences.length; index++) {
      const from = this.setStart[index];
      const to = this.setStart[index + 1];
      // Insertion sort: a sentence has a few dozen words at most, and this allocates nothing.
      for (let at = from; at < to; at++) {
        const rank = rankOfId[ids[at]];
        let slot = at;
        while (slot > from && this.ranks[slot - 1] > rank) {
          this.ranks[slot] = this.ranks[slot - 1];
          slot--;
        }
        this.ranks[slot] = rank;
      }
      const size = to - from;
      // Rounded down a hair so floating point can only make the prefix longer (slower), never shorter (wrong).
      const overlap = Math.ceil(NEAR_DUPLICATE_JACCARD * size - 1e-9);
      this.prefixLengths[index] = Math.min(size, Math.max(0, size - overlap + 1));
    }
    this.seenBy = new Int32Array(sentences.length).fill(-1);
    this.found = new Int32Array(sentences.length);
  }

  add(index: number): void {
    this.size++;
    const from = this.setStart[index];
    for (let at = from; at < from + this.prefixLengths[index]; at++) {
      const list = this.byRank[this.ranks[at]];
      if (list) list.push(index);
      else this.byRank[this.ranks[at]] = [index];
    }
  }

  /** The earliest added sentence that sentence `index` nearly repeats. */
  firstNearDuplicate(index: number): number | undefined {
    const query = this.queries++;
    const from = this.setStart[index];
    const size = this.setStart[index + 1] - from;
    // A near repeat holds the same numbers and negations (isNearDuplicate): when no other sentence holds one of this
    // sentence's, no candidate can be one. Numbered steps ("Step 12: check item 12") share every other word, so the
    // prefix index alone would hand each step every earlier one (quadratic in the steps).
    for (let at = from; at < from + size; at++) if (this.sensitive[this.ranks[at]] && this.sentencesWith[this.ranks[at]] === 1) return undefined;
    let count = 0;
    for (let at = from; at < from + this.prefixLengths[index]; at++) {
      const list = this.byRank[this.ranks[at]];
      if (!list) continue;
      for (const candidate of list) {
        if (this.seenBy[candidate] === query) continue;
        this.seenBy[candidate] = query;
        this.found[count++] = candidate;
      }
    }
    // A typed array sorts numerically without a comparator call per pair.
    const found = count > 1 ? this.found.subarray(0, count).sort() : this.found.subarray(0, count);
    for (const candidate of found) {
      const otherSize = this.setStart[candidate + 1] - this.setStart[candidate];
      // Jaccard is at most the smaller size over the larger: below the threshold, no comparison can pass.
      if (Math.min(size, otherSize) / Math.max(size, otherSize) < NEAR_DUPLICATE_JACCARD) continue;
      nearDuplicateWork.comparisons++;
      if (isNearDuplicate(this.ranks, from, size, this.setStart[candidate], otherSize, this.sensitive)) return candidate;
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
  if (!hasWord(sentence.normalized, 'and')) return undefined;
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

/** Word set for near-duplicate comparison: articles dropped, plain plurals folded (`customers` = `customer`). */
export function comparableWords(words: string[]): Set<string> {
  const set = new Set<string>();
  for (const word of words) {
    const end = comparableWordEnd(word, 0, word.length);
    if (end >= 0) set.add(word.slice(0, end));
  }
  return set;
}

/**
 * Where the comparable form of the word text[from, to) ends: -1 for an article (`a`, `an`, `the`: dropped), one
 * character earlier for a plain plural (`customers` = `customer`, not `class`), else `to`. Read in place, no string made.
 */
function comparableWordEnd(text: string, from: number, to: number): number {
  if (isArticle(text, from, to)) return -1;
  return to - from > 3 && text.charCodeAt(to - 1) === 115 && text.charCodeAt(to - 2) !== 115 ? to - 1 : to;
}

/**
 * Word ids ordered by how often they occur, rarest first, ties by id: what a sort by (frequency, id) gives, as a
 * counting sort (frequencies are at most the number of sentences).
 */
function byFrequency(frequency: readonly number[]): Int32Array {
  let most = 0;
  for (const count of frequency) if (count > most) most = count;
  const firstOf = new Int32Array(most + 2);
  for (const count of frequency) firstOf[count + 1]++;
  for (let count = 1; count <= most + 1; count++) firstOf[count] += firstOf[count - 1];
  const order = new Int32Array(frequency.length);
  frequency.forEach((count, id) => (order[firstOf[count]++] = id));
  return order;
}

/** The longest word of NEGATIONS: a longer word is none of them. */
const MAX_NEGATION_LENGTH = Math.max(...[...NEGATIONS].map((word) => word.length));

function hasDigit(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
}

/** text[from, to) is `a`, `an` or `the`. */
function isArticle(text: string, from: number, to: number): boolean {
  const length = to - from;
  if (length === 1) return text.charCodeAt(from) === 97;
  if (length === 2) return text.charCodeAt(from) === 97 && text.charCodeAt(from + 1) === 110;
  return length === 3 && text.charCodeAt(from) === 116 && text.charCodeAt(from + 1) === 104 && text.charCodeAt(from + 2) === 101;
}

/**
 * Numbers the words of one prompt, first seen first numbered, by their characters in the text that holds them (an open
 * addressing table of their FNV-1a hashes, given by the caller, whose entries point at a copy of the word's characters in one typed array, which
 * compares faster than the sentence strings, often ropes): looking a word up makes no string. One table, reset per
 * prompt (a generation stamp marks the live slots); `NearCandidates` is built in one go.
 */
class WordIds {
  private capacity = 1024;
  private generation = 0;
  private slotGeneration = new Int32Array(this.capacity);
  private slotHash = new Int32Array(this.capacity);
  private slotId = new Int32Array(this.capacity);
  /** Every word's characters, one after another (copied once, when the word is first seen): compared without a string. */
  private chars = new Uint16Array(4096);
  private used = 0;
  private start: number[] = [];
  private length: number[] = [];
  /** Per id: 1 for a negation or a word with a digit (see NEGATIONS and `isNearDuplicate`). */
  sensitive: number[] = [];

  reset(): this {
    this.generation++;
    this.used = 0;
    // A long prompt's words are not kept for the rest of the session.
    if (this.chars.length > MAX_KEPT_CHARS) this.chars = new Uint16Array(4096);
    this.start = [];
    this.length = [];
    this.sensitive = [];
    return this;
  }

  /** The id of the word text[from, to), whose FNV-1a hash is `hash` (the next id when it is new). */
  idOf(hash: number, text: string, from: number, to: number): number {
    const mask = this.capacity - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (this.slotGeneration[slot] !== this.generation) {
        const id = this.start.length;
        if (this.used + (to - from) > this.chars.length) {
          const chars = new Uint16Array(Math.max(2 * this.chars.length, this.used + (to - from)));
          chars.set(this.chars.subarray(0, this.used));
          this.chars = chars;
        }
        for (let at = from; at < to; at++) this.chars[this.used++] = text.charCodeAt(at);
        this.start.push(this.used - (to - from));
        this.length.push(to - from);
        this.sensitive.push(hasDigit(text, from, to) || (to - from <= MAX_NEGATION_LENGTH && NEGATIONS.has(text.slice(from, to))) ? 1 : 0);
        this.slotGeneration[slot] = this.generation;
        this.slotHash[slot] = hash;
        this.slotId[slot] = id;
        // At most half full, so a probe always ends at an empty slot.
        if (2 * (id + 1) > this.capacity) this.grow();
        return id;
      }
      if (this.slotHash[slot] === hash && this.sameWord(this.slotId[slot], text, from, to)) return this.slotId[slot];
    }
  }

  private sameWord(id: number, text: string, from: number, to: number): boolean {
    if (this.length[id] !== to - from) return false;
    const { chars } = this;
    const start = this.start[id];
    for (let at = 0; at < to - from; at++) if (chars[start + at] !== text.charCodeAt(from + at)) return false;
    return true;
  }

  private grow(): void {
    const oldGeneration = this.slotGeneration;
    const oldHash = this.slotHash;
    const oldId = this.slotId;
    this.capacity *= 2;
    this.slotGeneration = new Int32Array(this.capacity);
    this.slotHash = new Int32Array(this.capacity);
    this.slotId = new Int32Array(this.capacity);
    const mask = this.capacity - 1;
    for (let old = 0; old < oldGeneration.length; old++) {
      if (oldGeneration[old] !== this.generation) continue;
      let slot = oldHash[old] & mask;
      while (this.slotGeneration[slot] === this.generation) slot = (slot + 1) & mask;
      this.slotGeneration[slot] = this.generation;
      this.slotHash[slot] = oldHash[old];
      this.slotId[slot] = oldId[old];
    }
  }
}

/** Characters of words WORD_IDS keeps between prompts at most (more are let go at the next reset). */
const MAX_KEPT_CHARS = 64 * 1024;
const WORD_IDS = new WordIds();

/** Word-set overlap of two sorted runs of `ranks` at least the threshold, and no negation or number in one only. */
function isNearDuplicate(ranks: Int32Array, aFrom: number, aSize: number, bFrom: number, bSize: number, sensitive: Uint8Array): boolean {
  let shared = 0;
  // A count, not `||=`: the index must advance whatever was already found.
  let sensitiveDifferences = 0;
  let i = aFrom;
  let j = bFrom;
  const aEnd = aFrom + aSize;
  const bEnd = bFrom + bSize;
  while (i < aEnd && j < bEnd) {
    if (ranks[i] === ranks[j]) {
      shared++;
      i++;
      j++;
    } else if (ranks[i] < ranks[j]) sensitiveDifferences += sensitive[ranks[i++]];
    else sensitiveDifferences += sensitive[ranks[j++]];
  }
  while (i < aEnd) sensitiveDifferences += sensitive[ranks[i++]];
  while (j < bEnd) sensitiveDifferences += sensitive[ranks[j++]];
  const union = aSize + bSize - shared;
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
