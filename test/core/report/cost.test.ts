import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateCost, expectedOutput, formatUsd } from '../../../src/core/pricing/cost';
import type { ModelEntry } from '../../../src/core/pricing/types';
import { defaultCapFor } from '../../../src/core/rules/ruleSupport';
import { bundledCatalog } from '../rules/ruleTestSupport';

const gpt4o: ModelEntry = {
  id: 'gpt-4o', provider: 'openai', displayName: 'GPT-4o', aliases: [], tokenizer: 'o200k_base',
  prices: { input: 2.5, output: 10, cachedInput: 1.25 }, batchDiscount: 0.5, contextWindow: 128000, maxOutputTokens: 16384,
  caching: { mechanism: 'automatic', minimumTokens: 1024, incrementTokens: 128 }, source: 'test', asOf: '2026-07-24',
};
const config = { expectedOutputTokens: 400 };

test('a capped call is expected to write its typical reply, not the cap; the worst case is every reply at the cap', () => {
  // Expected: 1,000 × $2.50/M + 400 × $10/M = $0.0025 + $0.004 = $0.0065. Worst: 1,000 × $2.50/M + 4,096 × $10/M = $0.04346.
  const cost = estimateCost({ model: 'gpt-4o', entry: gpt4o, inputTokens: 1000, cap: 4096, callsPerMonth: 20000, config });
  assert.equal(cost.outputBasis, 'configured');
  assert.equal(cost.outputTokens, 400);
  assert.equal(cost.worstCaseOutputTokens, 4096);
  assert.ok(Math.abs(cost.perCallUsd! - 0.0065) < 1e-12);
  assert.ok(Math.abs(cost.per1kCallsUsd! - 6.5) < 1e-9);
  assert.ok(Math.abs(cost.perMonthUsd! - 130) < 1e-9);
  assert.ok(Math.abs(cost.worstCasePerCallUsd! - 0.04346) < 1e-12);
  assert.ok(Math.abs(cost.worstCasePerMonthUsd! - 869.2) < 1e-9);
  assert.ok(Math.abs(cost.batchPerCallUsd! - 0.00325) < 1e-12);
});

test('a cap below the typical length is the expected output and the worst case at once', () => {
  // 1,000 × $2.50/M + 300 × $10/M = $0.0055 both ways.
  const cost = estimateCost({ model: 'gpt-4o', entry: gpt4o, inputTokens: 1000, cap: 300, callsPerMonth: 20000, config });
  assert.equal(cost.outputBasis, 'cap');
  assert.equal(cost.outputTokens, 300);
  assert.ok(Math.abs(cost.perCallUsd! - 0.0055) < 1e-12);
  assert.ok(Math.abs(cost.worstCasePerCallUsd! - 0.0055) < 1e-12);
  assert.ok(Math.abs(cost.perMonthUsd! - 110) < 1e-9);
});

test('no cap: the configured typical output length is expected; the model maximum is the worst case', () => {
  const cost = estimateCost({ model: 'gpt-4o', entry: gpt4o, inputTokens: 0, cap: null, callsPerMonth: null, config });
  assert.equal(cost.outputBasis, 'configured');
  assert.equal(cost.outputTokens, 400);
  assert.equal(cost.worstCaseOutputTokens, 16384);
  assert.ok(Math.abs(cost.perCallUsd! - 0.004) < 1e-12);
  assert.ok(Math.abs(cost.worstCasePerCallUsd! - 0.16384) < 1e-12);
  assert.equal(cost.perMonthUsd, null);
  assert.equal(cost.worstCasePerMonthUsd, null);
});

test('expected output: a prompt hint, else the typical length, never above the cap or the model maximum', () => {
  const hint = { tokens: 5, label: 'one word' };
  assert.deepEqual(expectedOutput(4096, config, gpt4o), { tokens: 400, replyTokens: 400, basis: 'configured', worstCaseTokens: 4096, capAboveModelMax: false });
  assert.deepEqual(expectedOutput(100, config, gpt4o), { tokens: 100, replyTokens: 400, basis: 'cap', worstCaseTokens: 100, capAboveModelMax: false });
  assert.deepEqual(expectedOutput('non-literal', config, gpt4o), { tokens: 400, replyTokens: 400, basis: 'configured', worstCaseTokens: 16384, capAboveModelMax: false });
  assert.deepEqual(expectedOutput(64000, config, gpt4o), { tokens: 400, replyTokens: 400, basis: 'configured', worstCaseTokens: 16384, capAboveModelMax: true });
  assert.deepEqual(expectedOutput(50, config, gpt4o, hint), { tokens: 5, replyTokens: 5, basis: 'prompt-hint', hint, worstCaseTokens: 50, capAboveModelMax: false });
  assert.deepEqual(expectedOutput(3, config, gpt4o, hint), { tokens: 3, replyTokens: 5, basis: 'cap', hint, worstCaseTokens: 3, capAboveModelMax: false });
  // The model's own maximum bounds the expected output too (a 300-token model asked for 400).
  assert.deepEqual(expectedOutput(null, config, { ...gpt4o, maxOutputTokens: 300 }), { tokens: 300, replyTokens: 400, basis: 'cap', worstCaseTokens: 300, capAboveModelMax: false });
  // Unknown model: the cap is the only bound; without one there is none.
  assert.deepEqual(expectedOutput(null, config), { tokens: 400, replyTokens: 400, basis: 'configured', worstCaseTokens: null, capAboveModelMax: false });
  // Reasoning tokens are added to the reply before the bound: 400 + 4,096 within a 4,096 cap is the cap.
  assert.deepEqual(expectedOutput(4096, config, gpt4o, undefined, 4096), { tokens: 4096, replyTokens: 400, basis: 'cap', worstCaseTokens: 4096, capAboveModelMax: false });
  assert.deepEqual(expectedOutput(null, config, gpt4o, undefined, 4096), { tokens: 4496, replyTokens: 400, basis: 'configured', worstCaseTokens: 16384, capAboveModelMax: false });
});

test('the cap a quick fix writes never raises the expected figure', () => {
  for (const typical of [50, 400, 3000]) {
    const before = estimateCost({ model: 'gpt-4o', entry: gpt4o, inputTokens: 500, cap: null, callsPerMonth: 1000, config: { expectedOutputTokens: typical } });
    const after = estimateCost({ model: 'gpt-4o', entry: gpt4o, inputTokens: 500, cap: defaultCapFor({ expectedOutputTokens: typical }, gpt4o), callsPerMonth: 1000, config: { expectedOutputTokens: typical } });
    assert.ok(after.perMonthUsd! <= before.perMonthUsd!, `typical ${typical}`);
    assert.ok(after.worstCasePerMonthUsd! < before.worstCasePerMonthUsd!, `typical ${typical}`);
  }
  // A reasoning model (o3, default effort medium: 1,024 / 4,096 / 16,384 reasoning tokens assumed): the fix's cap leaves
  // room for the reply plus the high end of the reasoning, 400 + 16,384 → 32,768, so the expected figure stays.
  const o3 = bundledCatalog.resolve('o3')!;
  const before = estimateCost({ model: 'o3', entry: o3, inputTokens: 500, cap: null, callsPerMonth: 1000, config });
  assert.deepEqual(before.reasoning?.tokens, { low: 1024, expected: 4096, high: 16384 });
  const cap = defaultCapFor(config, o3, before.reasoning!.tokens.high);
  assert.equal(cap, 32768);
  const after = estimateCost({ model: 'o3', entry: o3, inputTokens: 500, cap, callsPerMonth: 1000, config });
  assert.equal(after.perMonthUsd, before.perMonthUsd);
  assert.ok(after.worstCasePerMonthUsd! < before.worstCasePerMonthUsd!);
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
