// Cache TTL advice (Anthropic 5-minute vs 1-hour cache writes): which TTL is cheaper at the configured volume.
// Model: calls to one site arrive at random (Poisson) at the monthly volume spread evenly over a 30-day month. A call
// reads the cached prefix when the previous call came within the TTL (each hit refreshes it), else writes it again.
import type { ModelEntry } from '../pricing/types';

const MINUTES_PER_MONTH = 30 * 24 * 60;
const PER_MILLION = 1_000_000;
const TTL_MINUTES = { '5m': 5, '1h': 60 } as const;

export interface TtlAdvice {
  /** The TTL with the lower expected prefix cost at the configured volume. */
  cheaperTtl: '5m' | '1h';
  /** Calls per hour above which the 1-hour TTL is cheaper (below it, the 5-minute one). */
  breakEvenCallsPerHour: number;
  callsPerHour: number;
  /** Expected cost per call of the cached prefix with each TTL (hit: read price; miss: that TTL's write price). */
  prefixPerCallUsd: { '5m': number; '1h': number };
  /** What choosing the cheaper TTL saves per month against the other; null without a volume. */
  monthlySavingUsd: number;
}

/** Share of calls that find the prefix cached when calls arrive at `perMinute` and a hit refreshes a `ttl`-minute entry. */
export function hitShare(perMinute: number, ttlMinutes: number): number {
  return 1 - Math.exp(-perMinute * ttlMinutes);
}

/**
 * Advice for a prefix of `prefixTokens` cached at explicit breakpoints. Undefined when the model does not list both
 * write prices, has no cache read price, there is no volume, or nothing is cached.
 */
export function cacheTtlAdvice(entry: ModelEntry, prefixTokens: number, callsPerMonth: number | null): TtlAdvice | undefined {
  const { cachedInput: read, cacheWrite5m: write5m, cacheWrite1h: write1h } = entry.prices;
  if (read === undefined || write5m === undefined || write1h === undefined || callsPerMonth === null || callsPerMonth <= 0 || prefixTokens <= 0) return undefined;
  if (!(write1h > write5m && write5m > read)) return undefined;
  const perMinute = callsPerMonth / MINUTES_PER_MONTH;
  const perCall = (ttl: '5m' | '1h', write: number) => {
    const hits = hitShare(perMinute, TTL_MINUTES[ttl]);
    return (prefixTokens * (hits * read + (1 - hits) * write)) / PER_MILLION;
  };
  const prefixPerCallUsd = { '5m': perCall('5m', write5m), '1h': perCall('1h', write1h) };
  // Equal when e^(−60λ)(W1h − R) = e^(−5λ)(W5m − R): λ = ln((W1h − R) / (W5m − R)) / 55 per minute.
  const breakEvenPerMinute = Math.log((write1h - read) / (write5m - read)) / (TTL_MINUTES['1h'] - TTL_MINUTES['5m']);
  const cheaperTtl = prefixPerCallUsd['1h'] < prefixPerCallUsd['5m'] ? '1h' : '5m';
  return {
    cheaperTtl,
    breakEvenCallsPerHour: breakEvenPerMinute * 60,
    callsPerHour: perMinute * 60,
    prefixPerCallUsd,
    monthlySavingUsd: Math.abs(prefixPerCallUsd['5m'] - prefixPerCallUsd['1h']) * callsPerMonth,
  };
}
