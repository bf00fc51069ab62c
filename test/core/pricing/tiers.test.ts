import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/core/pricing/catalog';
import { estimateCost } from '../../../src/core/pricing/cost';
import { pricesOn, tieredEntry, upcomingPriceChange, daysBetween, serviceTierFromCall } from '../../../src/core/pricing/tiers';
import { cacheWritePrice, expectedInputCostUsd } from '../../../src/core/cache';
import type { ModelEntry, ServiceTier } from '../../../src/core/pricing/types';

const DAY = '2026-12-03';
const { catalog, problems } = loadCatalog({ pricedOn: DAY });
const entry = (id: string, from = catalog): ModelEntry => {
  const found = from.resolve(id);
  assert.ok(found, `catalog has ${id}`);
  return found;
};
const config = { expectedOutputTokens: 1000, expectOutputAtCap: true };
/** Per-call USD for a prompt of `promptTokens` and 1,000 output tokens, at the request's tier. */
function perCall(model: ModelEntry, promptTokens: number, serviceTier?: ServiceTier): number {
  const tiered = tieredEntry(model, { promptTokens, serviceTier }).entry;
  const cost = estimateCost({ model: model.id, entry: tiered, inputTokens: promptTokens, cap: 1000, callsPerMonth: null, config });
  return Number(cost.perCallUsd!.toPrecision(12));
}

test('the catalog priced on 2026-12-03 loads with zero problems', () => {
  assert.deepEqual(problems, []);
  assert.equal(catalog.pricedOn, DAY);
  assert.equal(catalog.asOf, DAY);
});

test('OpenAI long context: 272,000 prompt tokens are standard, 272,001 bill the whole request at 2x input and 1.5x output', () => {
  const sol = entry('gpt-6-sol');
  assert.equal(perCall(sol, 272_000), 0.554); // 272,000 × $2 + 1,000 × $10 per million
  assert.equal(perCall(sol, 272_001), 1.103004); // 272,001 × $4 + 1,000 × $15 per million
  assert.deepEqual(tieredEntry(sol, { promptTokens: 272_001 }).applied, ['long context above 272,000 prompt tokens (input ×2, output ×1.5)']);
  assert.deepEqual(tieredEntry(sol, { promptTokens: 272_001 }).entry.prices, { input: 4, output: 15, cachedInput: 0.4, cacheWrite30m: 5 });
});

test('Gemini Pro long context: above 200,000 prompt tokens', () => {
  const pro = entry('gemini-3.1-pro-preview');
  assert.equal(perCall(pro, 200_000), 0.412);
  assert.equal(perCall(pro, 200_001), 0.818004);
  assert.deepEqual(tieredEntry(entry('gemini-2.5-pro'), { promptTokens: 200_001 }).entry.prices, { input: 2.5, output: 15, cachedInput: 0.25 });
});

test('Claude Haiku 5.5 long context: above 100,000 prompt tokens every price is 5x', () => {
  const haiku = entry('claude-haiku-5-5');
  assert.equal(perCall(haiku, 100_000), 0.0105);
  assert.equal(perCall(haiku, 100_001), 0.0525005);
  assert.deepEqual(tieredEntry(haiku, { promptTokens: 100_001 }).entry.prices, { input: 0.5, output: 2.5, cachedInput: 0.05, cacheWrite5m: 0.625, cacheWrite1h: 1 });
});

test('models that bill the full window at the standard rate have no tier', () => {
  assert.equal(perCall(entry('claude-sonnet-5-5'), 900_000), 1.81);
  assert.deepEqual(tieredEntry(entry('claude-opus-5-5'), { promptTokens: 900_000 }).applied, []);
});

test('cache writes are billed at the configured TTL: Anthropic 5m / 1h, OpenAI 30m / 12h', () => {
  const terra = entry('gpt-6.1-terra');
  const sonnet = entry('claude-sonnet-5-5');
  assert.deepEqual((['5m', '30m', '1h', '12h'] as const).map((ttl) => cacheWritePrice(terra, ttl)), [1.25, 1.25, 2.5, 2.5]);
  assert.deepEqual((['5m', '30m', '1h', '12h'] as const).map((ttl) => cacheWritePrice(sonnet, ttl)), [2.5, 2.5, 4, 4]);
  // 10,000 prefix tokens written on every call (hit rate 0).
  const write = (model: ModelEntry, ttl: '5m' | '1h' | '30m' | '12h') =>
    Number(expectedInputCostUsd({ entry: model, ttl, hitRate: 0, totalInputTokens: 10_000, cachedPrefixTokens: 10_000 }).toPrecision(12));
  assert.deepEqual([write(terra, '30m'), write(terra, '12h'), write(sonnet, '5m'), write(sonnet, '1h')], [0.0125, 0.025, 0.025, 0.04]);
  // Models before GPT-5.6 bill no writes: the miss costs the input price.
  assert.equal(cacheWritePrice(entry('gpt-4o'), '30m'), undefined);
});

test('cache reads are per model, not a constant 0.1x', () => {
  const ratio = (id: string) => Number((entry(id).prices.cachedInput! / entry(id).prices.input).toPrecision(6));
  assert.deepEqual([ratio('claude-opus-5-5'), ratio('claude-sonnet-5-5'), ratio('claude-fable-5-1'), ratio('claude-haiku-5-5'), ratio('gemini-4-argon'), ratio('gpt-4o'), ratio('gpt-6.1-terra')], [0.05, 0.05, 0.025, 0.1, 0.05, 0.5, 0.05]);
});

test('service tiers: flex halves, priority doubles (Gemini 4: 1.8x), batch uses the batch discount once', () => {
  const terra = entry('gpt-6.1-terra');
  assert.equal(perCall(terra, 10_000), 0.015);
  assert.equal(perCall(terra, 10_000, 'flex'), 0.0075);
  assert.equal(perCall(terra, 10_000, 'priority'), 0.03);
  const batch = tieredEntry(terra, { promptTokens: 10_000, serviceTier: 'batch' });
  assert.equal(batch.entry.batchDiscount, undefined, 'no second batch discount');
  assert.equal(perCall(terra, 10_000, 'batch'), 0.0075);
  assert.equal(perCall(entry('gemini-4-hydrogen'), 10_000, 'priority'), 0.0405);
  // Long context and flex stack: 300,000 × $2 + 1,000 × $7.50, then half.
  assert.equal(perCall(terra, 300_000, 'flex'), 0.30375);
});

test('a tier the model does not offer is priced at standard and said so', () => {
  const sol = entry('gpt-6.2-sol');
  const result = tieredEntry(sol, { promptTokens: 10_000, serviceTier: 'flex' });
  assert.equal(result.unavailable, 'flex');
  assert.equal(result.entry, sol);
  assert.equal(perCall(sol, 10_000, 'flex'), 0.03);
});

test('service_tier values from code map to tiers', () => {
  assert.deepEqual(['flex', 'priority', 'auto', 'default', 'scale', 'FLEX'].map(serviceTierFromCall), ['flex', 'priority', 'standard', 'standard', undefined, 'flex']);
});

test('a price that changes on a date is priced for the audit day (--as-of)', () => {
  const before = loadCatalog({ pricedOn: '2026-11-30' }).catalog;
  const after = loadCatalog({ pricedOn: '2026-12-01' }).catalog;
  assert.equal(perCall(entry('gemini-4-argon', before), 10_000), 0.03);
  assert.equal(perCall(entry('gemini-4-argon', after), 10_000), 0.06);
  assert.deepEqual(entry('gpt-5.6-sol', loadCatalog({ pricedOn: '2026-08-20' }).catalog).prices, { input: 5, output: 30, cachedInput: 0.5, cacheWrite30m: 6.25 });
  assert.deepEqual(entry('gpt-5.6-sol', loadCatalog({ pricedOn: '2026-08-21' }).catalog).prices, { input: 4, output: 20, cachedInput: 0.4, cacheWrite30m: 5 });
  assert.deepEqual(entry('gpt-5.6-sol').prices, { input: 5, output: 30, cachedInput: 0.5, cacheWrite30m: 6.25 });
  // Anthropic's October cache-read cut on Sonnet 5.5 changes only the read price.
  assert.deepEqual(entry('claude-sonnet-5-5', loadCatalog({ pricedOn: '2026-10-06' }).catalog).prices.cachedInput, 0.2);
  assert.deepEqual(entry('claude-sonnet-5-5').prices, { input: 2, output: 10, cachedInput: 0.1, cacheWrite5m: 2.5, cacheWrite1h: 4 });
  assert.equal(pricesOn(entry('gemini-4-argon', after), '2026-12-01').from, '2026-12-01');
});

test('an upcoming price change within 60 days is found with its before and after prices', () => {
  const flash = entry('gemini-3.6-flash');
  const upcoming = upcomingPriceChange(flash, DAY, 60);
  assert.ok(upcoming);
  assert.deepEqual([upcoming.from, upcoming.inDays, upcoming.before.input, upcoming.after.input, upcoming.before.output, upcoming.after.output], ['2027-01-01', 29, 0.75, 1.5, 3.75, 7.5]);
  assert.equal(upcomingPriceChange(flash, '2026-10-01', 60), undefined, '92 days away');
  assert.equal(upcomingPriceChange(entry('gemini-4-argon'), DAY, 60), undefined, 'already in force');
  assert.equal(daysBetween('2026-12-03', '2027-01-01'), 29);
});

test('retired models resolve, priced at their last known price, with retirement date and replacement', () => {
  const sonnet35 = entry('claude-3-5-sonnet-20241022');
  assert.equal(sonnet35.id, 'claude-3-5-sonnet');
  assert.deepEqual([sonnet35.prices.input, sonnet35.prices.output, sonnet35.lifecycle?.status, sonnet35.lifecycle?.retirementDate, sonnet35.lifecycle?.replacement], [3, 15, 'retired', '2025-10-22', 'claude-sonnet-4']);
  const flash15 = entry('gemini-1.5-flash');
  assert.deepEqual([flash15.prices.input, flash15.lifecycle?.status], [0.075, 'retired']);
  assert.equal(entry('gemini-2.5-flash').lifecycle?.replacement, 'gemini-3.5-flash-lite');
});

test('a user price override replaces the dated prices instead of being replaced by them', () => {
  const { catalog: overridden, problems: overrideProblems } = loadCatalog({ pricedOn: DAY, overrides: { 'gemini-4-argon': { prices: { input: 1, output: 2 } } } });
  assert.deepEqual(overrideProblems, []);
  assert.deepEqual([entry('gemini-4-argon', overridden).prices.input, entry('gemini-4-argon', overridden).prices.output], [1, 2]);
});
