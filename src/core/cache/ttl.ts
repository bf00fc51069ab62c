// Cache TTL advice: which cache-write TTL is cheaper at the configured volume — Anthropic's 5-minute vs 1-hour writes,
// or OpenAI's 30-minute vs 12-hour retention (from GPT-5.6), whichever pair the model's prices list.
// Model: calls to one site arrive at random (Poisson) at the monthly volume spread evenly over a 30-day month. A call
// reads the cached prefix when the previous call came within the TTL (each hit refreshes it), else writes it again.
import type { CacheTtl } from '../config';
import type { ModelEntry, ModelPrices } from '../pricing/types';

const MINUTES_PER_MONTH = 30 * 24 * 60;
const PER_MILLION = 1_000_000;

/** The TTL pairs a provider offers, short first, with the price key of each write. */
const TTL_PAIRS: ReadonlyArray<{ short: CacheTtl; long: CacheTtl; shortPrice: keyof ModelPrices; longPrice: keyof ModelPrices; shortMinutes: number; longMinutes: number }> = [
  { short: '5m', long: '1h', shortPrice: 'cacheWrite5m', longPrice: 'cacheWrite1h', shortMinutes: 5, longMinutes: 60 },
  { short: '30m', long: '12h', shortPrice: 'cacheWrite30m', longPrice: 'cacheWrite12h', shortMinutes: 30, longMinutes: 720 },
];

export interface TtlAdvice {
  /** The TTL pair compared (5m / 1h for Anthropic, 30m / 12h for OpenAI). */
  shortTtl: CacheTtl;
  longTtl: CacheTtl;
  /** The TTL with the lower expected prefix cost at the configured volume. */
  cheaperTtl: CacheTtl;
  /** Calls per hour above which the long TTL is cheaper (below it, the short one). */
  breakEvenCallsPerHour: number;
  callsPerHour: number;
  /** Expected cost per call of the cached prefix with each TTL of the pair (hit: read price; miss: that TTL's write). */
  prefixPerCallUsd: Readonly<Record<string, number>>;
  /** What choosing the cheaper TTL saves per month against the other. */
  monthlySavingUsd: number;
}

/** Share of calls that find the prefix cached when calls arrive at `perMinute` and a hit refreshes a `ttl`-minute entry. */
export function hitShare(perMinute: number, ttlMinutes: number): number {
  return 1 - Math.exp(-perMinute * ttlMinutes);
}

/**
 * Advice for a cached prefix of `prefixTokens`. Undefined when the model lists neither write-price pair, has no cache
 * read price, there is no volume, or nothing is cached.
 */
export function cacheTtlAdvice(entry: ModelEntry, prefixTokens: number, callsPerMonth: number | null): TtlAdvice | undefined {
  const read = entry.prices.cachedInput;
  const pair = TTL_PAIRS.find((candidate) => entry.prices[candidate.shortPrice] !== undefined && entry.prices[candidate.longPrice] !== undefined);
  if (!pair || read === undefined || callsPerMonth === null || callsPerMonth <= 0 || prefixTokens <= 0) return undefined;
  const shortWrite = entry.prices[pair.shortPrice] as number;
  const longWrite = entry.prices[pair.longPrice] as number;
  if (!(longWrite > shortWrite && shortWrite > read)) return undefined;
  const perMinute = callsPerMonth / MINUTES_PER_MONTH;
  const perCall = (minutes: number, write: number) => {
    const hits = hitShare(perMinute, minutes);
    return (prefixTokens * (hits * read + (1 - hits) * write)) / PER_MILLION;
  };
  const short = perCall(pair.shortMinutes, shortWrite);
  const long = perCall(pair.longMinutes, longWrite);
  // Equal when e^(−Lλ)(W_long − R) = e^(−Sλ)(W_short − R): λ = ln((W_long − R) / (W_short − R)) / (L − S) per minute.
  const breakEvenPerMinute = Math.log((longWrite - read) / (shortWrite - read)) / (pair.longMinutes - pair.shortMinutes);
  return {
    shortTtl: pair.short,
    longTtl: pair.long,
    cheaperTtl: long < short ? pair.long : pair.short,
    breakEvenCallsPerHour: breakEvenPerMinute * 60,
    callsPerHour: perMinute * 60,
    prefixPerCallUsd: { [pair.short]: short, [pair.long]: long },
    monthlySavingUsd: Math.abs(short - long) * callsPerMonth,
  };
}

/** The TTL of `pair` that the configured TTL prices writes at (a short TTL of the other provider maps to the short one). */
export function effectiveTtl(configured: CacheTtl, advice: Pick<TtlAdvice, 'shortTtl' | 'longTtl'>): CacheTtl {
  if (configured === advice.shortTtl || configured === advice.longTtl) return configured;
  return configured === '5m' || configured === '30m' ? advice.shortTtl : advice.longTtl;
}
