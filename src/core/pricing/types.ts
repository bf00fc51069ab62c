// The model catalog's shape. Facts live in catalog.yaml (each entry with a source and an as-of date).
import type { TokenizerId } from '../tokenizing/types';

/** USD per million tokens. */
export interface ModelPrices {
  input: number;
  output: number;
  /** Price of input tokens read from the provider's prompt cache; absent when the model has no cache discount. */
  cachedInput?: number;
  /** Price of writing input tokens to the cache, by TTL (Anthropic 5 min / 1 h; OpenAI from GPT-5.6). */
  cacheWrite5m?: number;
  cacheWrite1h?: number;
}

export type CacheMechanism = 'automatic' | 'explicit' | 'implicit' | 'none';

export interface ModelCaching {
  mechanism: CacheMechanism;
  /** Smallest prefix the provider caches, in tokens. */
  minimumTokens: number;
  /** Cached prefixes grow in steps of this many tokens (OpenAI before GPT-5.6: 128); absent = any length. */
  incrementTokens?: number;
  /** Explicit breakpoints allowed per request (Anthropic: 4). */
  maxBreakpoints?: number;
  /** Blocks a breakpoint looks back to find a previous entry (Anthropic: 20). */
  lookbackBlocks?: number;
}

export interface ModelEntry {
  /** Canonical id, e.g. `gpt-4o-mini`, `claude-sonnet-4-5`, `gemini-2.5-flash`. */
  id: string;
  provider: string;
  displayName: string;
  /** Other names that resolve to this entry: dated snapshots, `provider/` prefixed ids, display names. */
  aliases: string[];
  tokenizer: TokenizerId;
  /** Multiplier on the o200k count for estimated tokenizers (e.g. 1.35 for Claude Opus 4.7+). */
  tokenRatio?: number;
  prices: ModelPrices;
  /** Fraction taken off by the provider's batch API (0.5 = half price); absent when there is none. */
  batchDiscount?: number;
  contextWindow: number;
  maxOutputTokens: number;
  caching: ModelCaching;
  /** Cheaper model of the same provider suggested for simple tasks (`model-overkill`). */
  smallSibling?: string;
  /** Price tier used by `model-overkill`: 'frontier' and 'standard' are expensive, 'small' is not. */
  tier?: 'frontier' | 'standard' | 'small';
  source: string;
  asOf: string;
}

export interface Catalog {
  /** Date of the newest fact in the catalog (YYYY-MM-DD). */
  asOf: string;
  models: ModelEntry[];
  /** Looks a name up by id, alias, display name or provider-prefixed form, case-insensitively. */
  resolve(name: string): ModelEntry | undefined;
  /** Known ids closest to an unknown name, best first (for `unknown-model`). */
  nearest(name: string, limit?: number): string[];
}
