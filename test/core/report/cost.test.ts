import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateCost, expectedOutput, formatUsd } from '../../../src/core/pricing/cost';
import type { ModelEntry } from '../../../src/core/pricing/types';

const gpt4o: ModelEntry = {
  id: 'gpt-4o', provider: 'openai', displayName: 'GPT-4o', aliases: [], tokenizer: 'o200k_base',
  prices: { input: 2.5, output: 10, cachedInput: 1.25 }, batchDiscount: 0.5, contextWindow: 128000, maxOutputTokens: 16384,
  caching: { mechanism: 'automatic', minimumTokens: 1024, incrementTokens: 128 }, source: 'test', asOf: '2026-07-24',
};
const config = { expectedOutputTokens: 400, expectOutputAtCap: true };

test('per call = input tokens × input price + expected output × output price', () => {
  // 1,000 × $2.50/M = $0.0025; 300 × $10/M = $0.003 → $0.0055 per call.
  const cost = estimateCost({ model: 'gpt-4o', entry: gpt4o, inputTokens: 1000, cap: 300, callsPerMonth: 20000, config });
  assert.equal(cost.outputBasis, 'cap');
  assert.equal(cost.outputTokens, 300);
  assert.ok(Math.abs(cost.perCallUsd! - 0.0055) < 1e-12);
  assert.ok(Math.abs(cost.per1kCallsUsd! - 5.5) < 1e-9);
  assert.ok(Math.abs(cost.perMonthUsd! - 110) < 1e-9);
  assert.ok(Math.abs(cost.batchPerCallUsd! - 0.00275) < 1e-12);
});

test('no cap: the configured typical output length, labelled as expected', () => {
  const cost = estimateCost({ model: 'gpt-4o', entry: gpt4o, inputTokens: 0, cap: null, callsPerMonth: null, config });
  assert.equal(cost.outputBasis, 'expected');
  assert.equal(cost.outputTokens, 400);
  assert.ok(Math.abs(cost.perCallUsd! - 0.004) < 1e-12);
  assert.equal(cost.perMonthUsd, null);
});

test('expectOutputAtCap false: the typical length, but never more than the cap', () => {
  assert.deepEqual(expectedOutput(4096, { expectedOutputTokens: 400, expectOutputAtCap: false }), { tokens: 400, basis: 'expected-below-cap' });
  assert.deepEqual(expectedOutput(100, { expectedOutputTokens: 400, expectOutputAtCap: false }), { tokens: 100, basis: 'cap' });
  assert.deepEqual(expectedOutput('non-literal', { expectedOutputTokens: 400, expectOutputAtCap: true }), { tokens: 400, basis: 'expected' });
});

test('an unknown model is unpriced, never $0', () => {
  const cost = estimateCost({ model: 'my-model', entry: undefined, inputTokens: 500, cap: 100, callsPerMonth: 1000, config });
  assert.equal(cost.perCallUsd, null);
  assert.equal(cost.perMonthUsd, null);
  assert.equal(formatUsd(cost.perCallUsd), 'unpriced');
});

test('money formats keep small per-call costs readable', () => {
  assert.equal(formatUsd(0.0031), '$0.0031');
  assert.equal(formatUsd(0.000123), '$0.00012');
  assert.equal(formatUsd(0.0055), '$0.0055');
  assert.equal(formatUsd(0.05), '$0.05');
  assert.equal(formatUsd(0.2), '$0.20');
  assert.equal(formatUsd(0.1638), '$0.1638');
  assert.equal(formatUsd(0.0035), '$0.0035');
  assert.equal(formatUsd(0.123), '$0.123');
  assert.equal(formatUsd(12.4), '$12.40');
  assert.equal(formatUsd(1204.4), '$1,204');
  assert.equal(formatUsd(0), '$0');
});
