// Prices as they apply to one request on one day: effective-dated price changes, long-context tiers and
// service tiers (batch, flex, priority). Pure functions over catalog entries; cost arithmetic stays in cost.ts.
import { groupedInteger } from '../groupedInteger';
import type { ModelEntry, ModelPrices, PriceChange, ServiceTier } from './types';

const DAY_MS = 86_400_000;

/** Today in UTC, YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface DatedPrices {
  prices: ModelPrices;
  /** Day these prices took effect; undefined = the entry's first prices. */
  from?: string;
  source: string;
}

/** The prices in force on `day`: the entry's first prices with every change dated on or before it applied in order. */
export function pricesOn(entry: ModelEntry, day: string): DatedPrices {
  let prices: ModelPrices = { ...entry.prices };
  let from: string | undefined;
  let source = entry.source;
  for (const change of entry.priceChanges ?? []) {
    if (change.from > day) break;
    prices = { ...prices, ...change.prices };
    from = change.from;
    source = change.source;
  }
  return { prices, from, source };
}

/** The entry as priced on `day` (the same object when it has no dated changes). */
export function entryOn(entry: ModelEntry, day: string): ModelEntry {
  if (!entry.priceChanges?.length) return entry;
  const dated = pricesOn(entry, day);
  return { ...entry, prices: dated.prices };
}

export interface UpcomingPriceChange {
  from: string;
  before: ModelPrices;
  after: ModelPrices;
  change: PriceChange;
  /** Days from the audit's day to the change. */
  inDays: number;
}

/** The first price change after `day` and within `withinDays` of it, if any. */
export function upcomingPriceChange(entry: ModelEntry, day: string, withinDays: number): UpcomingPriceChange | undefined {
  const change = (entry.priceChanges ?? []).find((candidate) => candidate.from > day);
  if (!change) return undefined;
  const inDays = daysBetween(day, change.from);
  if (inDays > withinDays) return undefined;
  const before = pricesOn(entry, day).prices;
  return { from: change.from, before, after: { ...before, ...change.prices }, change, inDays };
}

export interface TierRequest {
  /** Tokens of the prompt the request sends (what long-context thresholds compare). */
  promptTokens: number;
  serviceTier?: ServiceTier;
}

export interface TieredEntry {
  entry: ModelEntry;
  /** What changed the prices, in words (`long context above 272,000 prompt tokens`, `flex tier ×0.5`). */
  applied: string[];
  /** A requested tier the model does not offer (priced at standard instead). */
  unavailable?: ServiceTier;
}

const INPUT_SIDE: ReadonlyArray<keyof ModelPrices> = ['input', 'cachedInput', 'cacheWrite5m', 'cacheWrite1h', 'cacheWrite30m', 'cacheWrite12h'];

function scale(prices: ModelPrices, inputFactor: number, outputFactor: number): ModelPrices {
  const scaled: ModelPrices = { ...prices };
  for (const key of INPUT_SIDE) {
    const value = prices[key];
    if (value !== undefined) scaled[key] = round(value * inputFactor);
  }
  scaled.output = round(prices.output * outputFactor);
  return scaled;
}

/** Keeps prices free of binary noise (0.1 × 3 → 0.3, not 0.30000000000000004). */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Prices for one request: a prompt above the model's long-context threshold reprices the whole request; then the
 * service tier's multiplier applies (batch = 1 − batchDiscount). Returns the entry itself when nothing applies.
 */
export function tieredEntry(entry: ModelEntry, request: TierRequest): TieredEntry {
  let prices = entry.prices;
  const applied: string[] = [];
  const long = entry.longContext;
  if (long && request.promptTokens > long.aboveInputTokens) {
    prices = scale(prices, long.inputMultiplier, long.outputMultiplier);
    applied.push(`long context above ${groupedInteger(long.aboveInputTokens)} prompt tokens (input ×${long.inputMultiplier}, output ×${long.outputMultiplier})`);
  }
  const tier = request.serviceTier ?? 'standard';
  let unavailable: ServiceTier | undefined;
  let batchDiscount = entry.batchDiscount;
  if (tier !== 'standard') {
    const factor = tier === 'batch' ? (entry.batchDiscount ? 1 - entry.batchDiscount : undefined) : entry.serviceTiers?.[tier];
    if (factor === undefined) unavailable = tier;
    else {
      prices = scale(prices, factor, factor);
      applied.push(`${tier} tier ×${round(factor)}`);
      // The batch price is already in; a second batch discount would count it twice.
      if (tier === 'batch') batchDiscount = undefined;
    }
  }
  if (applied.length === 0) return { entry, applied, unavailable };
  const { batchDiscount: _dropped, ...rest } = entry;
  return { entry: { ...rest, prices, ...(batchDiscount !== undefined ? { batchDiscount } : {}) }, applied, unavailable };
}

export const SERVICE_TIERS: readonly ServiceTier[] = ['standard', 'batch', 'flex', 'priority'];
