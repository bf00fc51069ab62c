// Provider prompt-cache simulation: which prefix of a site the provider would cache, what breaks it, what it costs.
// Every provider fact (mechanism, minimum, increments, breakpoints, read and write prices) comes from the
// site's catalog entry; this file only knows how the three mechanisms use those facts.
import type { AuditedSite } from '../auditTypes';
import type { AuditConfig } from '../config';
import type { CacheMechanism, ModelCaching, ModelEntry } from '../pricing/types';
import { buildCacheLayout, type CacheLayout, type CacheSegmentView } from './layout';
import { placeholderSize } from '../estimates/placeholderSizes';
import { cacheTtlAdvice, effectiveTtl } from './ttl';

export type { CacheSegmentView } from './layout';
export { buildCacheLayout, sendOrder } from './layout';

export type { BreakpointProblemReason, CacheBreakpointProblem, CacheBreakpoints, NotCachedReason, CacheBreak, CacheWhatIf, CacheSimulation, CacheSimulationOptions } from './types';
import type { CacheBreak, CacheBreakpoints, CacheSimulation, CacheSimulationOptions, CacheWhatIf, NotCachedReason } from './types';

const PER_MILLION = 1_000_000;

/**
 * Tokens a provider caches of a prefix of `prefixTokens` identical tokens: none below the minimum, and for
 * automatic caching only whole increments past it (OpenAI before GPT-5.6: 1,024 + k × 128). An explicit
 * breakpoint caches exactly the prefix it ends.
 */
export function cachedPrefixLength(prefixTokens: number, caching: ModelCaching): number {
  if (caching.mechanism === 'none' || prefixTokens < caching.minimumTokens || prefixTokens <= 0) return 0;
  const increment = caching.incrementTokens;
  if (caching.mechanism !== 'explicit' && increment && increment > 0) {
    return caching.minimumTokens + Math.floor((prefixTokens - caching.minimumTokens) / increment) * increment;
  }
  return prefixTokens;
}

/**
 * Cache-write price per million for the configured TTL: that TTL's price, else the provider's TTL of the same kind
 * (short: Anthropic 5m / OpenAI 30m; long: 1h / 12h), else the other kind; none when the model bills no writes.
 */
export function cacheWritePrice(entry: ModelEntry, ttl: AuditConfig['cache']['ttl']): number | undefined {
  const { cacheWrite5m, cacheWrite1h, cacheWrite30m, cacheWrite12h } = entry.prices;
  switch (ttl) {
    case '1h':
      return cacheWrite1h ?? cacheWrite12h ?? cacheWrite5m ?? cacheWrite30m;
    case '12h':
      return cacheWrite12h ?? cacheWrite1h ?? cacheWrite30m ?? cacheWrite5m;
    case '30m':
      return cacheWrite30m ?? cacheWrite5m ?? cacheWrite12h ?? cacheWrite1h;
    default:
      return cacheWrite5m ?? cacheWrite30m ?? cacheWrite1h ?? cacheWrite12h;
  }
}

/**
 * Expected input cost of one call, in USD. With hit rate h, a call reads the cached prefix (h) or writes it (1 − h;
 * at the input price where writes are free); tokens written every call pay the write price; the rest pays input.
 */
export function expectedInputCostUsd(args: {
  entry: ModelEntry;
  ttl: AuditConfig['cache']['ttl'];
  hitRate: number;
  totalInputTokens: number;
  cachedPrefixTokens: number;
  writtenEveryCallTokens?: number;
}): number {
  const { entry, hitRate } = args;
  const input = entry.prices.input;
  const read = entry.prices.cachedInput ?? input;
  const write = cacheWritePrice(entry, args.ttl) ?? input;
  const cached = args.cachedPrefixTokens;
  const writtenEveryCall = args.writtenEveryCallTokens ?? 0;
  const rest = Math.max(0, args.totalInputTokens - cached - writtenEveryCall);
  const prefixUsd = cached * (hitRate * read + (1 - hitRate) * write);
  return (prefixUsd + writtenEveryCall * write + rest * input) / PER_MILLION;
}

function breakOffset(site: AuditedSite['site'], view: CacheSegmentView): number {
  return view.span?.start ?? site.messages[view.messageIndex]?.span?.start ?? site.anchor.start;
}

interface BreakpointAnalysis extends CacheBreakpoints {
  cachedPrefixTokens: number;
  writtenEveryCallTokens: number;
}

/** Explicit breakpoints: the cache ends at the last breakpoint whose prefix is static, big enough and allowed. */
function analyseBreakpoints(site: AuditedSite['site'], layout: CacheLayout, caching: ModelCaching): BreakpointAnalysis {
  const limit = caching.maxBreakpoints ?? Number.POSITIVE_INFINITY;
  const analysis: BreakpointAnalysis = { count: 0, effective: 0, problems: [], cachedPrefixTokens: 0, writtenEveryCallTokens: 0 };
  let cumulative = 0;
  let longestRewrite = 0;
  layout.segments.forEach((segment, index) => {
    cumulative += segment.tokens;
    if (!segment.cacheBreakpoint) return;
    analysis.count++;
    // The range is the block that carries `cache_control`: its message.
    const problem = { span: site.messages[segment.messageIndex]?.span ?? segment.span, messageIndex: segment.messageIndex, ordinal: analysis.count, prefixTokens: cumulative };
    if (analysis.count > limit) analysis.problems.push({ ...problem, reason: 'too-many' });
    else if (layout.firstDynamicIndex !== -1 && layout.firstDynamicIndex <= index) {
      analysis.problems.push({ ...problem, reason: 'after-dynamic' });
      // A prefix that differs on every call is written afresh each time, unless it is too short to be cached at all.
      if (cumulative >= caching.minimumTokens) longestRewrite = Math.max(longestRewrite, cumulative);
    } else if (cumulative < caching.minimumTokens) analysis.problems.push({ ...problem, reason: 'below-minimum' });
    else {
      analysis.effective++;
      analysis.cachedPrefixTokens = Math.max(analysis.cachedPrefixTokens, cumulative);
    }
  });
  analysis.writtenEveryCallTokens = Math.max(0, longestRewrite - analysis.cachedPrefixTokens);
  return analysis;
}

function notCachedReason(mechanism: CacheMechanism, breakpoints: BreakpointAnalysis | undefined): NotCachedReason {
  if (mechanism === 'none') return 'no-cache-support';
  if (mechanism !== 'explicit') return 'below-minimum';
  if (!breakpoints || breakpoints.count === 0) return 'no-breakpoint';
  return breakpoints.problems.every((problem) => problem.reason === 'below-minimum') ? 'below-minimum' : 'breakpoints-ineffective';
}

/** Simulates how the site's provider would cache it. Undefined only for a site that sends nothing. */
export function simulateSiteCache(audited: AuditedSite, options: CacheSimulationOptions): CacheSimulation | undefined {
  const { site, modelEntry: entry } = audited;
  if (site.messages.length === 0) return undefined;
  const { config } = options;
  const layout = buildCacheLayout(site, {
    countTokens: options.countTokens,
    placeholderTokens: (name) => placeholderSize(name, config).tokens,
    framingTokens: audited.tokens.framing,
  });
  const provider = entry?.provider ?? site.provider ?? 'unknown';
  const firstDynamic = layout.firstDynamicIndex === -1 ? undefined : layout.segments[layout.firstDynamicIndex];
  const explicitBreakpoints = entry?.caching.mechanism === 'explicit';
  const base = {
    provider,
    staticContentTokens: explicitBreakpoints ? layout.reorderedStaticBlockTokens : layout.reorderedStaticTokens,
    segments: layout.segments,
    totalInputTokens: layout.totalInputTokens,
    staticPrefixTokens: layout.staticPrefixTokens,
    staticTokensAfterBreak: layout.staticTokensAfterBreak,
    prefixEnd: firstDynamic ? { offset: breakOffset(site, firstDynamic), placeholder: firstDynamic.label } : null,
  };
  if (!entry) {
    return {
      ...base, mechanism: 'unknown', cacheablePrefixTokens: 0, minimumTokens: 0, cacheable: false, notCachedReason: 'unknown-model',
      breaksAt: null, prefixBroken: false, writtenEveryCallTokens: 0, costPerCallUncachedUsd: null, costPerCallCachedUsd: null,
      monthlyUncachedUsd: null, monthlyCachedUsd: null, reordered: null, monthlySavingIfReorderedUsd: null,
    };
  }

  const caching = entry.caching;
  const mechanism = caching.mechanism;
  const hasBreakpoints = layout.segments.some((segment) => segment.cacheBreakpoint);
  const breakpoints = mechanism === 'explicit' || (hasBreakpoints && caching.maxBreakpoints !== undefined) ? analyseBreakpoints(site, layout, caching) : undefined;

  let cacheablePrefixTokens: number;
  let writtenEveryCallTokens = 0;
  if (mechanism === 'explicit') {
    cacheablePrefixTokens = breakpoints?.cachedPrefixTokens ?? 0;
    writtenEveryCallTokens = breakpoints?.writtenEveryCallTokens ?? 0;
  } else {
    cacheablePrefixTokens = cachedPrefixLength(layout.staticPrefixTokens, caching);
  }
  const cacheable = cacheablePrefixTokens > 0;

  // The best each layout can do: for explicit caching, with a breakpoint placed right after the last static block.
  const bestAsWritten = cachedPrefixLength(explicitBreakpoints ? layout.staticBlockPrefixTokens : layout.staticPrefixTokens, caching);
  const bestReordered = cachedPrefixLength(base.staticContentTokens, caching);
  const gain = bestReordered - bestAsWritten;
  const breakMatters = firstDynamic !== undefined && gain > 0 && (gain >= caching.minimumTokens || bestAsWritten === 0);
  const breaksAt: CacheBreak | null = breakMatters && firstDynamic
    ? { offset: breakOffset(site, firstDynamic), span: firstDynamic.span, placeholder: firstDynamic.label, messageIndex: firstDynamic.messageIndex, segmentIndex: firstDynamic.segmentIndex ?? 0 }
    : null;
  const prefixBroken = breaksAt !== null && (mechanism === 'automatic' || mechanism === 'implicit' || (breakpoints?.problems.some((problem) => problem.reason === 'after-dynamic') ?? false));

  const money = (cachedPrefixTokens: number, writtenEveryCall: number) => {
    const inputUsd = expectedInputCostUsd({ entry, ttl: config.cache.ttl, hitRate: config.cache.hitRate, totalInputTokens: layout.totalInputTokens, cachedPrefixTokens, writtenEveryCallTokens: writtenEveryCall });
    const outputUsd = audited.cost.outputPerCallUsd;
    const perCall = outputUsd === null ? null : inputUsd + outputUsd;
    return { perCall, monthly: perCall === null || audited.callsPerMonth === null ? null : perCall * audited.callsPerMonth };
  };
  const uncached = money(0, 0);
  const cached = money(cacheablePrefixTokens, writtenEveryCallTokens);
  let reordered: CacheWhatIf | null = null;
  if (bestReordered > cacheablePrefixTokens) {
    const whatIf = money(bestReordered, 0);
    reordered = { cacheablePrefixTokens: bestReordered, costPerCallCachedUsd: whatIf.perCall, monthlyCachedUsd: whatIf.monthly };
  }
  const monthlySavingIfReorderedUsd = cached.monthly === null ? null : reordered ? (reordered.monthlyCachedUsd === null ? null : cached.monthly - reordered.monthlyCachedUsd) : 0;
  const advisedPrefix = cacheablePrefixTokens > 0 ? cacheablePrefixTokens : reordered?.cacheablePrefixTokens ?? 0;
  // Explicit breakpoints (Anthropic) and automatic caching with priced retention (OpenAI from GPT-5.6) bill writes by TTL.
  const advice = mechanism === 'explicit' || mechanism === 'automatic' ? cacheTtlAdvice(entry, advisedPrefix, audited.callsPerMonth) : undefined;

  return {
    ...base,
    mechanism,
    cacheablePrefixTokens,
    minimumTokens: caching.minimumTokens,
    cacheable,
    notCachedReason: cacheable ? null : notCachedReason(mechanism, breakpoints),
    breaksAt,
    prefixBroken,
    ...(breakpoints ? { breakpoints: { count: breakpoints.count, effective: breakpoints.effective, problems: breakpoints.problems } } : {}),
    writtenEveryCallTokens,
    costPerCallUncachedUsd: uncached.perCall,
    costPerCallCachedUsd: cached.perCall,
    monthlyUncachedUsd: uncached.monthly,
    monthlyCachedUsd: cached.monthly,
    reordered,
    monthlySavingIfReorderedUsd,
    ...(advice ? { ttlAdvice: { ...advice, prefixTokens: advisedPrefix, configuredTtl: effectiveTtl(config.cache.ttl, advice) } } : {}),
  };
}
