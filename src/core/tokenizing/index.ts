// Public entry of the token counters: exact OpenAI encodings and labelled estimators behind one interface.
import { TokenCountCache } from './cache';
import { loadEncoding } from './encodings';
import { ESTIMATORS, estimateFromO200k, isEstimatorId, type EstimatorSpec } from './estimators';
import type { BaseEncoding } from './pretokenize';
import { PiecedTexts } from './piecedTexts';
import type { TokenCount, TokenCounter, TokenizerDescription, TokenizerId } from './types';

export { chatFramingTokens } from './framing';
export { prepareEncodings, setRankFileReader, type ReadBundledFileSync } from './encodings';
export { ESTIMATORS } from './estimators';
export type { TokenCount, TokenCounter, TokenizerDescription, TokenizerId } from './types';

export interface TokenCounterOptions {
  /** Multiplier on the o200k_base count for estimators (a model entry's `tokenRatio`); ignored by exact encodings. */
  ratio?: number;
}

/** Exact encodings and the base encoding each one counts with. o200k_harmony (gpt-oss) is o200k_base plus
 *  special tokens only (same pattern and ranks: openai/gpt-oss gpt_oss/tokenizer.py), so plain text counts the same. */
const EXACT_ENCODINGS: Partial<Record<TokenizerId, BaseEncoding>> = {
  o200k_base: 'o200k_base',
  cl100k_base: 'cl100k_base',
  o200k_harmony: 'o200k_base',
};

const EXACT_DESCRIPTIONS: Partial<Record<TokenizerId, TokenizerDescription>> = {
  o200k_base: {
    exact: true,
    label: 'OpenAI o200k_base',
    source: 'js-tiktoken 1.0.21 ranks; counts checked against OpenAI tiktoken 1.0.22 encode_ordinary',
    asOf: '2026-11-23',
  },
  cl100k_base: {
    exact: true,
    label: 'OpenAI cl100k_base',
    source: 'js-tiktoken 1.0.21 ranks; counts checked against OpenAI tiktoken 1.0.22 encode_ordinary',
    asOf: '2026-11-23',
  },
  o200k_harmony: {
    exact: true,
    label: 'OpenAI o200k_harmony (gpt-oss)',
    source: 'openai/gpt-oss tokenizer: o200k_base pattern and ranks plus Harmony special tokens, which plain text never produces',
    asOf: '2026-11-23',
  },
};

/** Cached texts per base encoding: 8M UTF-16 units (about 16 MB if nothing else held the strings). */
const CACHE_CHARS = 8 * 1024 * 1024;
const caches = new Map<BaseEncoding, TokenCountCache>();

function cacheFor(encoding: BaseEncoding): TokenCountCache {
  let cache = caches.get(encoding);
  if (!cache) {
    cache = new TokenCountCache(CACHE_CHARS);
    caches.set(encoding, cache);
  }
  return cache;
}

/** Texts this long are counted piece by piece (see stableCuts.ts), each piece through the cache. */
const PIECEWISE_MIN_CHARS = 32 * 1024;
/** Characters the encoders have counted (cache misses), for the growth tests and the bench. */
let encodedChars = 0;

/**
 * The last few long texts counted, in pieces: a keystroke's re-count finds every piece but the edited one by its own
 * string. Holds at most PiecedTexts' four texts (and what they are slices of).
 */
let longTexts = new PiecedTexts();

/** Exact tokens of `text` in a base encoding, from the cache when this text (or, for a long one, a piece) was counted before. */
function countExact(text: string, encoding: BaseEncoding): number {
  if (text.length < PIECEWISE_MIN_CHARS) return countCached(text, encoding);
  // A long text edited a character at a time: only the piece holding the edit is new.
  let tokens = 0;
  for (const piece of longTexts.piecesOf(text).pieces) tokens += countCached(piece, encoding);
  return tokens;
}

function countCached(text: string, encoding: BaseEncoding): number {
  const cache = cacheFor(encoding);
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const tokens = loadEncoding(encoding).count(text);
  encodedChars += text.length;
  cache.set(text, tokens);
  return tokens;
}

/** Characters counted by an encoder so far (not found in a cache). */
export function encodedCharCount(): number {
  return encodedChars;
}

function validRatio(ratio: number | undefined): ratio is number {
  return typeof ratio === 'number' && Number.isFinite(ratio) && ratio > 0;
}

/** Unknown ids (e.g. from a user's catalog override) count with the generic estimator rather than throwing. */
function resolveId(id: TokenizerId): TokenizerId {
  return EXACT_ENCODINGS[id] !== undefined || isEstimatorId(id) ? id : 'generic-estimate';
}

/**
 * A counter for `id`. Exact encodings decode their rank file on the first `count`, never here.
 * `options.ratio` replaces an estimator's default ratio; invalid ratios (≤ 0, NaN) fall back to the default.
 */
export function getTokenCounter(id: TokenizerId, options?: TokenCounterOptions): TokenCounter {
  const resolved = resolveId(id);
  const encoding = EXACT_ENCODINGS[resolved];
  if (encoding !== undefined) {
    return {
      id: resolved,
      exact: true,
      count: (text: string): TokenCount => ({ tokens: countExact(asText(text), encoding), exact: true, tokenizer: resolved }),
    };
  }
  const spec: EstimatorSpec = ESTIMATORS[resolved as keyof typeof ESTIMATORS];
  const overridden = validRatio(options?.ratio);
  const ratio = overridden ? (options?.ratio as number) : spec.defaultRatio;
  const errorBand = overridden ? spec.ratioOverrideErrorBand : spec.errorBand;
  return {
    id: resolved,
    exact: false,
    count: (text: string): TokenCount => ({
      tokens: estimateFromO200k(countExact(asText(text), 'o200k_base'), ratio),
      exact: false,
      tokenizer: resolved,
      errorBand,
    }),
  };
}

/**
 * Decodes a base encoding's ranks now rather than on its first count (an editor does it once its session is ready,
 * so the first lens does not wait for it). Needs the rank file like counting does.
 */
export function preloadEncoding(encoding: BaseEncoding): void {
  loadEncoding(encoding);
}

/** Tokens of `text` as plain text (special-token strings count as ordinary text). */
export function countTokens(text: string, id: TokenizerId, options?: TokenCounterOptions): TokenCount {
  return getTokenCounter(id, options).count(text);
}

/** Whether counts are exact, a label, the error band of estimates, and where the numbers come from. */
export function describeTokenizer(id: TokenizerId): TokenizerDescription {
  const resolved = resolveId(id);
  const exact = EXACT_DESCRIPTIONS[resolved];
  if (exact) return { ...exact };
  const spec = ESTIMATORS[resolved as keyof typeof ESTIMATORS];
  return { exact: false, label: spec.label, errorBand: spec.errorBand, source: spec.source, asOf: spec.asOf };
}

/** Texts and characters held by each encoding's count cache (for the bench, tests and diagnostics). */
export function tokenCountCacheStats(): { encoding: BaseEncoding; texts: number; chars: number }[] {
  return [...caches].map(([encoding, cache]) => ({ encoding, texts: cache.size, chars: cache.totalChars }));
}

/** Forgets every cached count (for benchmarks and tests; counts never go stale on their own). */
export function clearTokenCountCaches(): void {
  for (const cache of caches.values()) cache.clear();
  longTexts = new PiecedTexts();
}

function asText(text: unknown): string {
  return typeof text === 'string' ? text : '';
}
