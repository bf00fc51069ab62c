// The cache simulation's data types, apart from the simulation so that what uses them imports no code.
import type { TtlAdvice } from './ttl';
import type { AuditConfig, CacheTtl } from '../config';
import type { CacheMechanism } from '../pricing/types';
import type { TokenCount } from '../tokenizing/types';
import type { Span } from '../types';
import type { CacheSegmentView } from './layout';

export type BreakpointProblemReason = 'after-dynamic' | 'below-minimum' | 'too-many';

export interface CacheBreakpointProblem {
  span?: Span;
  reason: BreakpointProblemReason;
  messageIndex: number;
  /** 1-based position of the breakpoint in send order. */
  ordinal: number;
  /** Tokens from the start of the request through the breakpoint. */
  prefixTokens: number;
}

export interface CacheBreakpoints {
  count: number;
  /** Breakpoints whose prefix is static, at least the minimum, and within the allowed number. */
  effective: number;
  problems: CacheBreakpointProblem[];
}

/** Why a site is not cached at all (null when it is). */
export type NotCachedReason = 'unknown-model' | 'no-cache-support' | 'no-breakpoint' | 'below-minimum' | 'breakpoints-ineffective';

export interface CacheBreak {
  /** Offset of the first dynamic segment (its span, else its message's, else the site anchor). */
  offset: number;
  span?: Span;
  /** The placeholder as written, e.g. `{today}`. */
  placeholder: string;
  messageIndex: number;
  /** Index into the message's `segments`. */
  segmentIndex: number;
}

export interface CacheWhatIf {
  cacheablePrefixTokens: number;
  costPerCallCachedUsd: number | null;
  monthlyCachedUsd: number | null;
}

export interface CacheSimulation {
  /** The model's provider ('openai' | 'anthropic' | 'google' | …), else the site's, else 'unknown'. */
  provider: string;
  /** 'unknown' when the model is not in the catalog: the token layout is still reported, money is null. */
  mechanism: CacheMechanism | 'unknown';
  /** Send order, framing included. */
  segments: CacheSegmentView[];
  totalInputTokens: number;
  /** What the provider would actually cache (after the minimum, increments and breakpoints); 0 if nothing. */
  cacheablePrefixTokens: number;
  /** Tokens before the first dynamic segment, whatever the mechanism. */
  staticPrefixTokens: number;
  /** Where the static prefix ends: the first dynamic segment in send order, whether or not the break costs money (null: all static). */
  prefixEnd: { offset: number; placeholder: string } | null;
  /** Static text tokens after the first dynamic segment. */
  staticTokensAfterBreak: number;
  /**
   * The longest prefix any order of this content could share: static text and framing with the dynamic segments
   * moved last (for explicit caching, through the last static block, where a breakpoint can close it).
   */
  staticContentTokens: number;
  minimumTokens: number;
  cacheable: boolean;
  notCachedReason: NotCachedReason | null;
  /**
   * The first dynamic segment, when moving the dynamic text after the static content would cache at least a
   * provider minimum more, or make an uncached prompt cacheable. Null when the layout already caches all it could.
   */
  breaksAt: CacheBreak | null;
  /**
   * True when the break costs caching the site actually gets: automatic and implicit caching always, explicit
   * caching only when a breakpoint sits after the break (without one, nothing past it was meant to be cached).
   */
  prefixBroken: boolean;
  /** Explicit breakpoints (Anthropic `cache_control`); absent when the site has none and the model takes none. */
  breakpoints?: CacheBreakpoints;
  /** Tokens written to the cache on every call by breakpoints after dynamic content (never read back). */
  writtenEveryCallTokens: number;
  costPerCallUncachedUsd: number | null;
  /** Expected per call at `config.cache.hitRate`: hits read the prefix, misses write it (at the write price where billed). */
  costPerCallCachedUsd: number | null;
  monthlyUncachedUsd: number | null;
  monthlyCachedUsd: number | null;
  /** The what-if of moving every dynamic segment after the static content (for explicit caching: with a breakpoint at its end). */
  reordered: CacheWhatIf | null;
  /** Null when unpriced or no volume is configured; 0 when the reorder gains nothing. */
  monthlySavingIfReorderedUsd: number | null;
  /** Explicit caching with both write TTLs priced: which TTL is cheaper for the cached (else the reordered) prefix. */
  ttlAdvice?: TtlAdvice & { prefixTokens: number; configuredTtl: CacheTtl };
}

export interface CacheSimulationOptions {
  config: AuditConfig;
  /** Counts text with the site's tokenizer (the same counter the audit used for `SiteTokens`). */
  countTokens: (text: string) => TokenCount;
}
