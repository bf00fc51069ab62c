import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheTtlAdvice, effectiveTtl, hitShare } from '../../../src/core/cache/ttl';
import { loadCatalog } from '../../../src/core/pricing/catalog';

const sonnet = loadCatalog().catalog.resolve('claude-sonnet-4-5')!;
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: expected ${expected}, got ${actual}`);

test('claude-sonnet-4-5 ($0.30 read, $3.75 5-minute write, $6 1-hour write): 1h pays off above 0.5477 calls per hour', () => {
  // ln((6 − 0.3) / (3.75 − 0.3)) / 55 minutes × 60 = ln(1.65217) / 55 × 60 = 0.547737 calls per hour.
  const advice = cacheTtlAdvice(sonnet, 2000, 20000)!;
  close(advice.breakEvenCallsPerHour, 0.547737, 'break-even');
  // 20,000 calls over 43,200 minutes = 27.778 calls per hour.
  close(advice.callsPerHour, 27.777778, 'rate');
  assert.equal(advice.cheaperTtl, '1h');
  // 5m: hits 1 − e^(−2.3148) = 90.122%; 2,000 × (0.90122 × $0.30 + 0.09878 × $3.75)/M = $0.00128161 per call.
  close(advice.prefixPerCallUsd['5m'], 0.00128161, '5m per call');
  // 1h: virtually every call hits: 2,000 × $0.30/M = $0.0006.
  close(advice.prefixPerCallUsd['1h'], 0.0006, '1h per call');
  // (0.00128161 − 0.0006) × 20,000 = $13.63 per month.
  close(advice.monthlySavingUsd, 13.632258, 'monthly saving');
});

test('at 300 calls a month (0.42 per hour, below the break-even) the 5-minute TTL is cheaper', () => {
  const advice = cacheTtlAdvice(sonnet, 2000, 300)!;
  assert.equal(advice.cheaperTtl, '5m');
  // 5m: hits 3.41% → 2,000 × $3.63227/M; 1h: hits 34.08% → 2,000 × $4.05767/M; × 300 calls.
  close(advice.prefixPerCallUsd['5m'], 0.00726453, '5m per call');
  close(advice.prefixPerCallUsd['1h'], 0.00811535, '1h per call');
  close(advice.monthlySavingUsd, 0.255244, 'monthly saving');
});

test('no advice without both write prices, a volume, or a cached prefix', () => {
  assert.equal(cacheTtlAdvice({ ...sonnet, prices: { input: 3, output: 15, cachedInput: 0.3, cacheWrite5m: 3.75 } }, 2000, 20000), undefined);
  assert.equal(cacheTtlAdvice(sonnet, 2000, null), undefined);
  assert.equal(cacheTtlAdvice(sonnet, 0, 20000), undefined);
  close(hitShare(1, 5), 1 - Math.exp(-5), 'hit share');
});

const terra = loadCatalog().catalog.resolve('gpt-6.1-terra')!;

test('gpt-6.1-terra ($0.05 read, $1.25 30-minute write, $2.50 12-hour write): 12h pays off above 0.0621 calls per hour', () => {
  // ln((2.5 − 0.05) / (1.25 − 0.05)) / (720 − 30) minutes × 60 = ln(2.041667) / 690 × 60 = 0.062067 calls per hour.
  const advice = cacheTtlAdvice(terra, 5000, 1000)!;
  assert.deepEqual([advice.shortTtl, advice.longTtl], ['30m', '12h']);
  close(advice.breakEvenCallsPerHour, 0.062067, 'break-even');
  // 1,000 calls over 43,200 minutes = 1.388889 calls per hour: above the break-even, so 12h.
  close(advice.callsPerHour, 1.388889, 'rate');
  assert.equal(advice.cheaperTtl, '12h');
  // 30m: hits 1 − e^(−0.023148 × 30) = 50.06%; 5,000 × (0.50065 × $0.05 + 0.49935 × $1.25)/M = $0.00324611.
  close(advice.prefixPerCallUsd['30m'], 0.00324611, '30m per call');
  // 12h: hits 1 − e^(−0.023148 × 720) = 99.99999%: 5,000 × $0.05/M ≈ $0.00025.
  close(advice.prefixPerCallUsd['12h'], 0.00025, '12h per call');
  close(advice.monthlySavingUsd, 2.99611, 'monthly saving');
});

test('at 30 calls a month (0.042 per hour, below the break-even) the 30-minute retention is cheaper', () => {
  const advice = cacheTtlAdvice(terra, 5000, 30)!;
  assert.equal(advice.cheaperTtl, '30m');
});

test('the Anthropic pair is compared when a model lists both pairs; a model with one write price of each pair gets none', () => {
  assert.deepEqual([cacheTtlAdvice(sonnet, 2000, 20000)!.shortTtl, cacheTtlAdvice(sonnet, 2000, 20000)!.longTtl], ['5m', '1h']);
  assert.equal(cacheTtlAdvice({ ...terra, prices: { input: 1, output: 5, cachedInput: 0.05, cacheWrite30m: 1.25, cacheWrite1h: 2 } }, 5000, 1000), undefined);
});

test('the configured TTL names the write price used: 5m prices OpenAI 30-minute writes, 1h its 12-hour ones', () => {
  const openai = { shortTtl: '30m', longTtl: '12h' } as const;
  assert.deepEqual((['5m', '1h', '30m', '12h'] as const).map((ttl) => effectiveTtl(ttl, openai)), ['30m', '12h', '30m', '12h']);
  const anthropic = { shortTtl: '5m', longTtl: '1h' } as const;
  assert.deepEqual((['5m', '1h', '30m', '12h'] as const).map((ttl) => effectiveTtl(ttl, anthropic)), ['5m', '1h', '5m', '1h']);
});
