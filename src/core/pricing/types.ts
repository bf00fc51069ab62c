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
  /** OpenAI from GPT-5.6: writes kept 30 minutes (in memory) or 12 hours (extended retention). */
  cacheWrite30m?: number;
  cacheWrite12h?: number;
}

/** Prices that take effect on a date (a cut, an introductory price ending); fields not given keep their value. */
export interface PriceChange {
  /** First day (UTC) the prices apply, YYYY-MM-DD. */
  from: string;
  prices: Partial<ModelPrices>;
  source: string;
}

/** A long-context tier: above `aboveInputTokens` prompt tokens the whole request is billed at multiplied prices. */
export interface LongContextTier {
  /** The tier applies when the prompt has more than this many tokens. */
  aboveInputTokens: number;
  /** Multiplier on input, cached-input and cache-write prices. */
  inputMultiplier: number;
  /** Multiplier on the output price. */
  outputMultiplier: number;
  source: string;
}

export type ServiceTier = 'standard' | 'batch' | 'flex' | 'priority';

/** Multipliers on the standard prices for the provider's service tiers (batch comes from `batchDiscount`). */
export interface ServiceTierPrices {
  flex?: number;
  priority?: number;
  source: string;
}

/** Where a model is in its provider's lifecycle. Retired models stay priced at their last known price. */
export interface ModelLifecycle {
  status: 'deprecated' | 'retired';
  /** Day requests stop working (retired: already passed on the catalog date), YYYY-MM-DD; absent = not announced. */
  retirementDate?: string;
  /** The provider's recommended replacement (a catalog id). */
  replacement?: string;
  source: string;
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
  /** Later prices by effective date, oldest first; `prices` are the ones before the first change. */
  priceChanges?: PriceChange[];
  longContext?: LongContextTier;
  serviceTiers?: ServiceTierPrices;
  lifecycle?: ModelLifecycle;
  /**
   * Set on the entries of a local provider's models (Ollama): the model runs on the user's own server, so its $0 prices
   * are the API charge (there is none), not a missing price. Hardware, power and time are not modelled.
   */
  local?: { source: string };
  source: string;
  asOf: string;
}

export interface Catalog {
  /** Date of the newest fact in the catalog (YYYY-MM-DD): how old the price data is. */
  asOf: string;
  /** The day prices are taken for (the audit's date, `--as-of`), YYYY-MM-DD; entries carry the prices of that day. */
  pricedOn: string;
  /** Where the prices come from: the bundled catalog, or a price file the user fetched (`prices update`). */
  priceSource?: string;
  models: ModelEntry[];
  /** Looks a name up by id, alias, display name or provider-prefixed form, case-insensitively. */
  resolve(name: string): ModelEntry | undefined;
  /** Known ids closest to an unknown name, best first (for `unknown-model`). */
  nearest(name: string, limit?: number): string[];
  /** The $0 entry of a model a local provider (catalog `localProviders`: Ollama) serves; undefined for other providers. */
  local?(provider: string | null, modelId: string): ModelEntry | undefined;
}
