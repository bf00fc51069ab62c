// Worked examples from the providers' documented prices (USD per million tokens), checked to a millionth of a dollar.
// Expected cost per call with hit rate h: prefix × (h × read + (1 − h) × write) + rest × input, where write is the
// input price where the provider does not bill writes. Output is left out (cap 0) unless a test says otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateSiteCache, type CacheSimulation } from '../../../src/core/cache';
import type { ModelEntry } from '../../../src/core/pricing/types';
import type { PromptSite } from '../../../src/core/types';
import { CLAUDE_SONNET_4_5, GEMINI_2_5_FLASH, GPT_4O, GPT_5_6, assertUsd, audit, configWith, countWords, message, placeholder, site, staticText, words } from './helpers';

function simulate(promptSite: PromptSite, entry: ModelEntry, config = configWith()): CacheSimulation {
  const sim = simulateSiteCache(audit(promptSite, entry, config), { config, countTokens: countWords });
  assert.ok(sim);
  return sim;
}

/** 3 framing + 1,997 words = a 2,000-token system block closed by a breakpoint; then `{question}` (50 assumed) and 6 framing. */
const anthropicTwoThousand = (maxOutputTokens = 0) =>
  site('anthropic', 'anthropic.messages', [message('system', [staticText(words(1997))], true), message('user', [placeholder('question')])], { maxOutputTokens });

/** `Today is {today}. ` then policy text, in one system message; the user message is `{question}`. */
const todayFirst = (provider: string, api: string, policyWords: number, breakpoint = false) =>
  site(provider, api, [
    message('system', [staticText('Today is '), placeholder('today'), staticText(`. ${words(policyWords)}`)], breakpoint),
    message('user', [placeholder('question')]),
  ]);

test('claude-sonnet-4-5, 2,000-token cached prefix, 10,000 calls at hit rate 0.9 (5-minute writes): $14.58 a month instead of $61.68', () => {
  const sim = simulate(anthropicTwoThousand(), CLAUDE_SONNET_4_5);
  assert.equal(sim.totalInputTokens, 2056);
  assert.equal(sim.cacheablePrefixTokens, 2000);
  // Uncached: 2,056 × $3/M = $0.006168 per call → × 10,000 = $61.68.
  assertUsd(sim.costPerCallUncachedUsd, 0.006168);
  assertUsd(sim.monthlyUncachedUsd, 61.68);
  // Cached: 2,000 × (0.9 × $0.30 + 0.1 × $3.75 = $0.645)/M = $0.00129, + 56 × $3/M = $0.000168 → $0.001458 per call.
  assertUsd(sim.costPerCallCachedUsd, 0.001458);
  assertUsd(sim.monthlyCachedUsd, 14.58);
  // Already laid out well: the what-if gains nothing.
  assert.equal(sim.reordered, null);
  assert.equal(sim.monthlySavingIfReorderedUsd, 0);
});

test('claude-sonnet-4-5 with 1-hour writes: 2,000 × (0.9 × $0.30 + 0.1 × $6) = $0.00174, + $0.000168 → $19.08 a month', () => {
  const sim = simulate(anthropicTwoThousand(), CLAUDE_SONNET_4_5, configWith({ ttl: '1h' }));
  assertUsd(sim.costPerCallCachedUsd, 0.001908);
  assertUsd(sim.monthlyCachedUsd, 19.08);
});

test('a cache that never hits costs more than no cache: hit rate 0 writes 2,000 tokens at $3.75/M every call ($76.68 a month)', () => {
  const sim = simulate(anthropicTwoThousand(), CLAUDE_SONNET_4_5, configWith({ hitRate: 0 }));
  // 2,000 × $3.75/M = $0.0075, + $0.000168 = $0.007668 per call.
  assertUsd(sim.monthlyCachedUsd, 76.68);
});

test('the cached cost includes the same output cost as the uncached one', () => {
  const audited = audit(anthropicTwoThousand(400), CLAUDE_SONNET_4_5);
  const sim = simulateSiteCache(audited, { config: configWith(), countTokens: countWords });
  // Output: 400 × $15/M = $0.006 per call on both sides.
  assertUsd(sim?.costPerCallUncachedUsd ?? null, 0.012168);
  assertUsd(sim?.costPerCallUncachedUsd ?? null, audited.cost.perCallUsd ?? Number.NaN);
  assertUsd(sim?.costPerCallCachedUsd ?? null, 0.007458);
});

test('gpt-4o with "Today is {today}." before 1,499 policy tokens: nothing cached; moving it saves $15.84 a month', () => {
  const sim = simulate(todayFirst('openai', 'openai.chat.completions', 1498), GPT_4O);
  // Layout: 3 framing, "Today is " (2), {today} (50), ". " + 1,498 words (1,499), 3 framing, {question} (50), 3 primer = 1,610.
  assert.equal(sim.totalInputTokens, 1610);
  assert.equal(sim.staticPrefixTokens, 5);
  assert.equal(sim.cacheablePrefixTokens, 0);
  assert.equal(sim.staticTokensAfterBreak, 1499);
  assert.deepEqual(sim.breaksAt, { offset: 0, span: undefined, placeholder: '{today}', messageIndex: 0, segmentIndex: 1 });
  assert.equal(sim.prefixBroken, true);
  // Uncached: 1,610 × $2.50/M = $0.004025 per call → $40.25 a month; with nothing cached, the same.
  assertUsd(sim.monthlyUncachedUsd, 40.25);
  assertUsd(sim.monthlyCachedUsd, 40.25);
  // Reordered: 1,610 − 100 dynamic − 3 primer = 1,507 static tokens → cached 1,024 + 3 × 128 = 1,408.
  assert.equal(sim.reordered?.cacheablePrefixTokens, 1408);
  // 1,408 × (0.9 × $1.25 + 0.1 × $2.50 = $1.375)/M = $0.001936, + 202 × $2.50/M = $0.000505 → $0.002441 → $24.41 a month.
  assertUsd(sim.reordered?.costPerCallCachedUsd ?? null, 0.002441);
  assertUsd(sim.reordered?.monthlyCachedUsd ?? null, 24.41);
  assertUsd(sim.monthlySavingIfReorderedUsd, 15.84);
});

test('gpt-5.6 bills cache writes: a 1,503-token prefix costs $18.81 a month instead of $77.80', () => {
  const sim = simulate(site('openai', 'openai.chat.completions', [message('system', [staticText(words(1497))]), message('user', [placeholder('question')])]), GPT_5_6);
  // 1,503 × (0.9 × $0.50 + 0.1 × $6.25 = $1.075)/M = $0.001615725, + 53 × $5/M = $0.000265 → $0.001880725 per call.
  assertUsd(sim.costPerCallCachedUsd, 0.001880725);
  assertUsd(sim.monthlyCachedUsd, 18.80725);
  // 1,556 × $5/M × 10,000 = $77.80.
  assertUsd(sim.monthlyUncachedUsd, 77.8);
});

test('gemini-2.5-flash implicit caching: a 1,200-token prefix costs $0.84 a month instead of $3.76', () => {
  const sim = simulate(site('google', 'google.generateContent', [message('system', [staticText(words(1194))]), message('user', [placeholder('question')])]), GEMINI_2_5_FLASH);
  // 1,200 × (0.9 × $0.03 + 0.1 × $0.30 = $0.057)/M = $0.0000684, + 53 × $0.30/M = $0.0000159 → $0.0000843 per call.
  assertUsd(sim.monthlyCachedUsd, 0.843);
  // 1,253 × $0.30/M × 10,000 = $3.759.
  assertUsd(sim.monthlyUncachedUsd, 3.759);
});

test('claude-sonnet-4-5 breakpoint after {today}: 2,053 tokens written every call ($78.67 a month); the reorder saves $62.57', () => {
  const sim = simulate(todayFirst('anthropic', 'anthropic.messages', 1997, true), CLAUDE_SONNET_4_5);
  // Layout: 3, "Today is " (2), {today} (50), ". " + 1,997 words (1,998) | breakpoint at 2,053 | 3, {question} (50), 3 = 2,109.
  assert.equal(sim.totalInputTokens, 2109);
  assert.equal(sim.cacheablePrefixTokens, 0);
  assert.equal(sim.notCachedReason, 'breakpoints-ineffective');
  assert.equal(sim.writtenEveryCallTokens, 2053);
  assert.deepEqual(sim.breakpoints?.problems.map((problem) => [problem.reason, problem.prefixTokens]), [['after-dynamic', 2053]]);
  // Every call: 2,053 × $3.75/M = $0.00769875, + 56 × $3/M = $0.000168 → $0.00786675 → $78.6675 a month (uncached: $63.27).
  assertUsd(sim.monthlyCachedUsd, 78.6675);
  assertUsd(sim.monthlyUncachedUsd, 63.27);
  // Reordered with the breakpoint after the static text: 3 + 2 + 1,998 = 2,003 cached.
  // 2,003 × $0.645/M = $0.001291935, + 106 × $3/M = $0.000318 → $0.001609935 → $16.09935 a month.
  assert.equal(sim.reordered?.cacheablePrefixTokens, 2003);
  assertUsd(sim.reordered?.monthlyCachedUsd ?? null, 16.09935);
  assertUsd(sim.monthlySavingIfReorderedUsd, 62.56815);
  assert.equal(sim.prefixBroken, true);
});

test('anthropic without a breakpoint: the what-if of adding one after the 2,000 static tokens saves $47.10 a month', () => {
  const sim = simulate(site('anthropic', 'anthropic.messages', [message('system', [staticText(words(1997))]), message('user', [placeholder('question')])]), CLAUDE_SONNET_4_5);
  assertUsd(sim.monthlyCachedUsd, 61.68);
  // $61.68 uncached − $14.58 with the 2,000-token prefix cached (first example) = $47.10.
  assertUsd(sim.monthlySavingIfReorderedUsd, 47.1);
});

test('without a configured volume the monthly figures and the saving are null, the per-call ones are not', () => {
  const sim = simulate(todayFirst('openai', 'openai.chat.completions', 1498), GPT_4O, configWith({ callsPerMonth: null }));
  assert.equal(sim.monthlyUncachedUsd, null);
  assert.equal(sim.monthlySavingIfReorderedUsd, null);
  assertUsd(sim.costPerCallUncachedUsd, 0.004025);
  assertUsd(sim.reordered?.costPerCallCachedUsd ?? null, 0.002441);
});
