import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheTtlAdvice, hitShare } from '../../../src/core/cache/ttl';
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
