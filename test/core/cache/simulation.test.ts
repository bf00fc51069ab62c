import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedPrefixLength, simulateSiteCache, type CacheSimulation } from '../../../src/core/cache';
import type { ModelEntry } from '../../../src/core/pricing/types';
import type { PromptSite } from '../../../src/core/types';
import {
  CLAUDE_HAIKU_4_5, CLAUDE_OPUS_4_7, CLAUDE_OPUS_5, CLAUDE_SONNET_4_5, GEMINI_2_5_FLASH, GEMINI_2_5_PRO, GPT_4O, GPT_5_6, NO_CACHE_MODEL,
  audit, configWith, countWords, message, placeholder, site, staticText, words,
} from './helpers';

// Framing in every layout below (the audit's OpenAI cookbook formula): 3 tokens before each message, 3 for the reply primer.

function simulate(promptSite: PromptSite, entry: ModelEntry | undefined, config = configWith()): CacheSimulation {
  const sim = simulateSiteCache(audit(promptSite, entry, config), { config, countTokens: countWords });
  assert.ok(sim);
  return sim;
}

/** A chat call: a static system prompt of `systemWords` tokens, then a user message that is only `{question}`. */
function systemThenQuestion(provider: string, api: string, systemWords: number, breakpoint = false): PromptSite {
  return site(provider, api, [message('system', [staticText(words(systemWords))], breakpoint), message('user', [placeholder('question')])]);
}

test('openai: a 1,300-token static prefix caches 1,280 tokens (1,024 + two 128-token increments)', () => {
  // 3 framing + 1,294 system + 3 user framing = 1,300 tokens before {question}.
  const sim = simulate(systemThenQuestion('openai', 'openai.chat.completions', 1294), GPT_4O);
  assert.equal(sim.staticPrefixTokens, 1300);
  assert.equal(sim.cacheablePrefixTokens, 1280);
  assert.equal(sim.cacheable, true);
  assert.equal(sim.totalInputTokens, 1353); // 1,300 + 50 assumed for {question} + 3 primer
  assert.equal(sim.minimumTokens, 1024);
  assert.equal(sim.mechanism, 'automatic');
  assert.equal(sim.provider, 'openai');
  assert.equal(sim.breaksAt, null);
  assert.equal(sim.notCachedReason, null);
});

test('openai: a 1,000-token static prefix is below the 1,024 minimum and not cacheable', () => {
  const sim = simulate(systemThenQuestion('openai', 'openai.chat.completions', 994), GPT_4O);
  assert.equal(sim.staticPrefixTokens, 1000);
  assert.equal(sim.cacheablePrefixTokens, 0);
  assert.equal(sim.cacheable, false);
  assert.equal(sim.notCachedReason, 'below-minimum');
  assert.equal(sim.reordered, null);
  assert.equal(sim.monthlySavingIfReorderedUsd, 0);
});

test('openai: exactly 1,024 tokens is cached, and 1,151 still rounds down to 1,024', () => {
  assert.equal(simulate(systemThenQuestion('openai', 'openai.chat.completions', 1018), GPT_4O).cacheablePrefixTokens, 1024);
  assert.equal(simulate(systemThenQuestion('openai', 'openai.chat.completions', 1145), GPT_4O).cacheablePrefixTokens, 1024);
  assert.equal(simulate(systemThenQuestion('openai', 'openai.chat.completions', 1146), GPT_4O).cacheablePrefixTokens, 1152);
});

test('openai from GPT-5.6: no increments, so a 1,503-token prefix caches all 1,503', () => {
  const sim = simulate(systemThenQuestion('openai', 'openai.chat.completions', 1497), GPT_5_6);
  assert.equal(sim.cacheablePrefixTokens, 1503);
});

test('gemini flash caches from 1,024 tokens with no increments; pro needs 4,096', () => {
  assert.equal(simulate(systemThenQuestion('google', 'google.generateContent', 1194), GEMINI_2_5_FLASH).cacheablePrefixTokens, 1200);
  assert.equal(simulate(systemThenQuestion('google', 'google.generateContent', 1017), GEMINI_2_5_FLASH).cacheablePrefixTokens, 0);
  const pro = simulate(systemThenQuestion('google', 'google.generateContent', 3994), GEMINI_2_5_PRO);
  assert.equal(pro.staticPrefixTokens, 4000);
  assert.equal(pro.cacheablePrefixTokens, 0);
  assert.equal(pro.minimumTokens, 4096);
  assert.equal(simulate(systemThenQuestion('google', 'google.generateContent', 4090), GEMINI_2_5_PRO).cacheablePrefixTokens, 4096);
  assert.equal(simulate(systemThenQuestion('google', 'google.generateContent', 4090), GEMINI_2_5_PRO).mechanism, 'implicit');
});

test('anthropic: each model family caches from its own minimum (512, 1,024, 2,048, 4,096) and not one token below', () => {
  for (const [entry, minimum] of [[CLAUDE_OPUS_5, 512], [CLAUDE_SONNET_4_5, 1024], [CLAUDE_OPUS_4_7, 2048], [CLAUDE_HAIKU_4_5, 4096]] as const) {
    // The breakpoint closes the system message: 3 framing + (minimum − 3) words = the minimum exactly.
    const atMinimum = simulate(systemThenQuestion('anthropic', 'anthropic.messages', minimum - 3, true), entry);
    assert.equal(atMinimum.cacheablePrefixTokens, minimum, entry.id);
    assert.equal(atMinimum.minimumTokens, minimum, entry.id);
    assert.deepEqual(atMinimum.breakpoints, { count: 1, effective: 1, problems: [] }, entry.id);
    const below = simulate(systemThenQuestion('anthropic', 'anthropic.messages', minimum - 4, true), entry);
    assert.equal(below.cacheablePrefixTokens, 0, entry.id);
    assert.equal(below.notCachedReason, 'below-minimum', entry.id);
    assert.deepEqual(below.breakpoints?.problems, [{ span: undefined, reason: 'below-minimum', messageIndex: 0, ordinal: 1, prefixTokens: minimum - 1 }], entry.id);
  }
});

test('anthropic: a site without any cache_control breakpoint is not cached; the what-if adds one after the static text', () => {
  const sim = simulate(systemThenQuestion('anthropic', 'anthropic.messages', 1997), CLAUDE_SONNET_4_5);
  assert.equal(sim.cacheable, false);
  assert.equal(sim.cacheablePrefixTokens, 0);
  assert.equal(sim.notCachedReason, 'no-breakpoint');
  assert.deepEqual(sim.breakpoints, { count: 0, effective: 0, problems: [] });
  // A breakpoint closing the system block (3 + 1,997 tokens) would cache 2,000.
  assert.equal(sim.staticContentTokens, 2000);
  assert.equal(sim.reordered?.cacheablePrefixTokens, 2000);
  assert.equal(sim.breaksAt, null);
  assert.equal(sim.prefixBroken, false);
});

test('anthropic: the cache ends at the last breakpoint whose prefix is static', () => {
  const sim = simulate(
    site('anthropic', 'anthropic.messages', [
      message('system', [staticText(words(1497))], true), // breakpoint at 1,500
      message('system', [staticText(words(497))], true), // breakpoint at 2,000
      message('user', [placeholder('question')], true), // after dynamic content
    ]),
    CLAUDE_SONNET_4_5,
  );
  assert.equal(sim.cacheablePrefixTokens, 2000);
  assert.equal(sim.breakpoints?.count, 3);
  assert.equal(sim.breakpoints?.effective, 2);
  assert.deepEqual(sim.breakpoints?.problems, [{ span: undefined, reason: 'after-dynamic', messageIndex: 2, ordinal: 3, prefixTokens: 2053 }]);
  // The third breakpoint's prefix (2,053 tokens, {question} included) is written on every call beyond the 2,000 read.
  assert.equal(sim.writtenEveryCallTokens, 53);
});

test('anthropic: a fifth breakpoint is too many; breakpoints below the minimum cache nothing', () => {
  const blocks = Array.from({ length: 5 }, () => message('system', [staticText(words(297))], true));
  const sim = simulate(site('anthropic', 'anthropic.messages', [...blocks, message('user', [placeholder('question')])]), CLAUDE_SONNET_4_5);
  // Breakpoints at 300, 600, 900, 1,200 and 1,500 tokens.
  assert.deepEqual(sim.breakpoints?.problems.map((problem) => [problem.ordinal, problem.reason, problem.prefixTokens]), [
    [1, 'below-minimum', 300], [2, 'below-minimum', 600], [3, 'below-minimum', 900], [5, 'too-many', 1500],
  ]);
  assert.equal(sim.breakpoints?.effective, 1);
  assert.equal(sim.cacheablePrefixTokens, 1200);
});

test('anthropic: system blocks are sent before messages whatever their order in the source', () => {
  const sim = simulate(
    site('anthropic', 'anthropic.messages', [message('user', [placeholder('question')]), message('system', [staticText(words(1997))], true)]),
    CLAUDE_SONNET_4_5,
  );
  assert.deepEqual(sim.segments.map((segment) => [segment.kind, segment.role, segment.tokens]), [
    ['framing', 'system', 3], ['static', 'system', 1997], ['framing', 'user', 3], ['dynamic', 'user', 50], ['framing', 'assistant', 3],
  ]);
  assert.equal(sim.cacheablePrefixTokens, 2000);
});

test('openai chat keeps the messages in the order written', () => {
  const sim = simulate(site('openai', 'openai.chat.completions', [message('user', [placeholder('question')]), message('system', [staticText(words(10))])]), GPT_4O);
  assert.deepEqual(sim.segments.map((segment) => segment.role), ['user', 'user', 'system', 'system', 'assistant']);
});

test('segments split static runs at placeholders and sum to the audit\'s token counts', () => {
  const promptSite = site('openai', 'openai.chat.completions', [
    message('system', [staticText('You are '), staticText('a helper. '), placeholder('name'), staticText(' Be brief.'), { kind: 'dynamic', name: 'if', raw: '{% if x %}', control: true }, staticText('Extra.')]),
  ]);
  const audited = audit(promptSite, GPT_4O);
  const sim = simulateSiteCache(audited, { config: configWith(), countTokens: countWords });
  assert.ok(sim);
  assert.deepEqual(sim.segments.map((segment) => [segment.kind, segment.tokens, segment.label, segment.segmentIndex]), [
    ['framing', 3, 'system message framing', undefined],
    ['static', 4, '"You are a helper."', 0],
    ['dynamic', 50, '{name}', 2],
    ['static', 2, '"Be brief."', 3],
    ['dynamic', 0, '{% if x %}', 4],
    ['static', 1, '"Extra."', 5],
    ['framing', 3, 'reply primer', undefined],
  ]);
  assert.equal(sim.totalInputTokens, audited.tokens.static + audited.tokens.framing + audited.tokens.assumedDynamic);
  assert.equal(sim.totalInputTokens, audited.cost.inputTokens);
  assert.equal(sim.staticPrefixTokens, 7);
  assert.equal(sim.staticTokensAfterBreak, 3);
});

test('a model without caching reports its tokens and no cache', () => {
  const sim = simulate(systemThenQuestion('groq', 'openai.chat.completions', 3000), NO_CACHE_MODEL);
  assert.equal(sim.mechanism, 'none');
  assert.equal(sim.cacheable, false);
  assert.equal(sim.notCachedReason, 'no-cache-support');
  assert.equal(sim.totalInputTokens, 3059);
  assert.equal(sim.reordered, null);
});

test('an unknown model keeps the token layout and leaves every amount null', () => {
  const sim = simulate(systemThenQuestion('openai', 'openai.chat.completions', 1294), undefined);
  assert.equal(sim.mechanism, 'unknown');
  assert.equal(sim.provider, 'openai');
  assert.equal(sim.staticPrefixTokens, 1300);
  assert.equal(sim.totalInputTokens, 1353);
  assert.equal(sim.cacheable, false);
  assert.equal(sim.notCachedReason, 'unknown-model');
  assert.equal(sim.costPerCallUncachedUsd, null);
  assert.equal(sim.monthlySavingIfReorderedUsd, null);
});

test('a site that sends no messages has no simulation', () => {
  const promptSite = site('openai', 'openai.chat.completions', []);
  assert.equal(simulateSiteCache(audit(promptSite, GPT_4O), { config: configWith(), countTokens: countWords }), undefined);
});

test('cachedPrefixLength applies minimum and increments from the caching facts alone', () => {
  assert.equal(cachedPrefixLength(1300, { mechanism: 'automatic', minimumTokens: 1024, incrementTokens: 128 }), 1280);
  assert.equal(cachedPrefixLength(1023, { mechanism: 'automatic', minimumTokens: 1024, incrementTokens: 128 }), 0);
  assert.equal(cachedPrefixLength(700, { mechanism: 'automatic', minimumTokens: 64, incrementTokens: 64 }), 640);
  assert.equal(cachedPrefixLength(1300, { mechanism: 'explicit', minimumTokens: 1024, incrementTokens: 128 }), 1300);
  assert.equal(cachedPrefixLength(5000, { mechanism: 'none', minimumTokens: 0 }), 0);
});
