// The three cache rules on hand-built sites (word-count tokens), with exact ranges and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditedSite } from '../../../src/core/audit';
import { simulateSiteCache } from '../../../src/core/cache';
import type { AuditConfig } from '../../../src/core/config';
import { LineIndex } from '../../../src/core/lineIndex';
import type { Catalog, ModelEntry } from '../../../src/core/pricing/types';
import { cacheBelowMinimumRule } from '../../../src/core/rules/cacheBelowMinimum';
import { cacheBreakpointIneffectiveRule } from '../../../src/core/rules/cacheBreakpointIneffective';
import { cachePrefixBrokenRule } from '../../../src/core/rules/cachePrefixBroken';
import type { Rule, RuleContext } from '../../../src/core/rules/types';
import type { PromptSite } from '../../../src/core/types';
import { CLAUDE_HAIKU_4_5, CLAUDE_SONNET_4_5, GEMINI_2_5_FLASH, GPT_4O, audit, configWith, countWords, message, placeholder, site, staticText, words } from './helpers';

const emptyCatalog: Catalog = { asOf: '2026-07-24', pricedOn: '2026-07-24', models: [], resolve: () => undefined, nearest: () => [] };

function withCache(promptSite: PromptSite, entry: ModelEntry | undefined, config: AuditConfig): AuditedSite {
  const audited = audit(promptSite, entry, config);
  audited.cache = simulateSiteCache(audited, { config, countTokens: countWords });
  return audited;
}

function run(rule: Rule, text: string, promptSite: PromptSite, entry: ModelEntry | undefined, config = configWith()) {
  const context: RuleContext = {
    file: promptSite.file, text, lineIndex: new LineIndex(text), sites: [withCache(promptSite, entry, config)], config, catalog: emptyCatalog,
    countTokens: countWords,
  };
  return rule.check(context);
}

/** A prompt text file: `Today is {today}. ` then policy words, as one user message with exact spans. */
function todayPrompt(policyWords: number, provider = 'openai'): { text: string; promptSite: PromptSite } {
  const text = `Today is {today}. ${words(policyWords)}\n`;
  const promptSite = site(provider, 'plain-text', [
    message('user', [staticText('Today is ', 0), placeholder('today', '{today}', 9), staticText(text.slice(16), 16)]),
  ], { kind: 'prompt-file', file: 'prompts/support.txt', span: { start: 0, end: text.length }, anchor: { start: 0, end: 17 } });
  return { text, promptSite };
}

test('cache-prefix-broken points at the placeholder and states the tokens lost and the monthly saving', () => {
  const { text, promptSite } = todayPrompt(1500);
  const [result, ...rest] = run(cachePrefixBrokenRule, text, promptSite, GPT_4O);
  assert.equal(rest.length, 0);
  assert.deepEqual(result.span, { start: 9, end: 16 });
  // Layout: 3 framing, "Today is " (2), {today} (50), ". w0 … w1499\n" (1,501), 3 primer = 1,559; reordered static 1,506 → 1,408 cached.
  // Saving: 1,408 × ($2.50 − $1.375)/M × 10,000 = $15.84.
  assert.equal(result.message, 'Prompt cache broken by {today}: 1,501 static tokens after it miss the cache on every call; moving it after the static text would cache 1,408 tokens, saving $15.84/month at 10,000 calls.');
  assert.ok(Math.abs(result.monthlySavingUsd! - 15.84) < 1e-9);
  assert.equal(result.fixes?.[0].title, 'Move "Today is {today}." to the end of the message');
});

test('cache-prefix-broken without a configured volume gives the saving per call', () => {
  const { text, promptSite } = todayPrompt(1500);
  const [result] = run(cachePrefixBrokenRule, text, promptSite, GPT_4O, configWith({ callsPerMonth: null }));
  // 1,408 × $1.125/M = $0.001584 per call.
  assert.equal(result.message, 'Prompt cache broken by {today}: 1,501 static tokens after it miss the cache on every call; moving it after the static text would cache 1,408 tokens, saving $0.0016 per call.');
  assert.equal(result.monthlySavingUsd, undefined);
});

test('cache-prefix-broken is quiet when the static text after the placeholder gains less than a provider minimum', () => {
  // 1,100 static tokens first, then {today} and 600 more: the reorder would cache 1,664 instead of 1,024 (+640 < 1,024).
  const text = `${words(1097)} {today} ${words(600)}`;
  const promptSite = site('openai', 'plain-text', [message('user', [staticText(`${words(1097)} `), placeholder('today'), staticText(` ${words(600)}`)])]);
  assert.deepEqual(run(cachePrefixBrokenRule, text, promptSite, GPT_4O), []);
});

test('cache-prefix-broken is not raised for an anthropic site without breakpoints, which is not cached at all', () => {
  const { text, promptSite } = todayPrompt(1500, 'anthropic');
  assert.deepEqual(run(cachePrefixBrokenRule, text, promptSite, CLAUDE_SONNET_4_5), []);
});

test('an unknown model has no cache facts, so cache-prefix-broken says nothing about it', () => {
  const { text, promptSite } = todayPrompt(1500);
  assert.deepEqual(run(cachePrefixBrokenRule, text, promptSite, undefined), []);
});

function anthropicBlocks(blockWords: number[], breakpoints: boolean[]): { text: string; promptSite: PromptSite } {
  let text = '';
  const messages = blockWords.map((count, index) => {
    const start = text.length;
    const body = words(count);
    text += `{"text": "${body}", "cache_control": {"type": "ephemeral"}}\n`;
    return { ...message('system', [staticText(body, start + 10)], breakpoints[index]), span: { start, end: text.length - 1 } };
  });
  text += '{question}\n';
  const promptSite = site('anthropic', 'anthropic.messages', [...messages, message('user', [placeholder('question', '{question}', text.length - 11)])]);
  return { text, promptSite };
}

test('cache-breakpoint-ineffective flags breakpoints below the minimum and a fifth one, at their cache_control keys', () => {
  const { text, promptSite } = anthropicBlocks([297, 297, 297, 297, 297], [true, true, true, true, true]);
  const results = run(cacheBreakpointIneffectiveRule, text, promptSite, CLAUDE_SONNET_4_5);
  const lines = new LineIndex(text);
  assert.deepEqual(results.map((result) => [lines.positionAt(result.span.start).line, text.slice(result.span.start, result.span.end)]), [
    [0, 'cache_control'], [1, 'cache_control'], [2, 'cache_control'], [4, 'cache_control'],
  ]);
  assert.deepEqual(results.map((result) => result.message), [
    "cache_control breakpoint covers 300 tokens, 724 short of claude-sonnet-4-5's 1,024-token cache minimum: it is silently not cached.",
    "cache_control breakpoint covers 600 tokens, 424 short of claude-sonnet-4-5's 1,024-token cache minimum: it is silently not cached.",
    "cache_control breakpoint covers 900 tokens, 124 short of claude-sonnet-4-5's 1,024-token cache minimum: it is silently not cached.",
    '5th cache_control breakpoint: claude-sonnet-4-5 allows 4 per request.',
  ]);
});

test('cache-breakpoint-ineffective: haiku 4.5 needs 4,096 tokens where sonnet caches 3,000', () => {
  const { text, promptSite } = anthropicBlocks([2997], [true]);
  assert.deepEqual(run(cacheBreakpointIneffectiveRule, text, promptSite, CLAUDE_SONNET_4_5), []);
  assert.deepEqual(run(cacheBreakpointIneffectiveRule, text, promptSite, CLAUDE_HAIKU_4_5).map((result) => result.message), [
    "cache_control breakpoint covers 3,000 tokens, 1,096 short of claude-haiku-4-5's 4,096-token cache minimum: it is silently not cached.",
  ]);
});

test('cache-breakpoint-ineffective prices the rewrite of a breakpoint after dynamic content', () => {
  const text = 'Today is {today}. policy\n';
  const promptSite = site('anthropic', 'anthropic.messages', [
    { ...message('system', [staticText('Today is ', 0), placeholder('today', '{today}', 9), staticText(`. ${words(1997)}`)], true), span: { start: 0, end: 24 } },
    message('user', [placeholder('question')]),
  ]);
  const [result] = run(cacheBreakpointIneffectiveRule, text, promptSite, CLAUDE_SONNET_4_5);
  // No `cache_control` key in this text: the block's first line is the range.
  assert.deepEqual(result.span, { start: 0, end: 24 });
  // 2,053 tokens rewritten every call × ($3.75 − $3)/M × 10,000 = $15.3975.
  assert.equal(result.message, 'cache_control breakpoint after dynamic content ({today}): its prefix differs on every call, so it never hits and writes 2,053 tokens to the cache on every call (+$15.40/month at 10,000 calls).');
  assert.ok(Math.abs(result.monthlyWasteUsd! - 15.3975) < 1e-9);
});

test('cache-below-minimum tells how few tokens would make a repeated prompt cacheable, and what that saves', () => {
  const text = `${words(894)}\n{question}\n`;
  const promptSite = site('google', 'google.generateContent', [message('system', [staticText(words(894))]), message('user', [placeholder('question')])], { anchor: { start: 0, end: 2 } });
  const [result, ...rest] = run(cacheBelowMinimumRule, text, promptSite, GEMINI_2_5_FLASH);
  assert.equal(rest.length, 0);
  assert.deepEqual(result.span, { start: 0, end: 2 });
  // Static content 3 + 894 + 3 = 900, 124 short of 1,024. Padded: 1,077 tokens sent, 1,024 cached:
  // 1,024 × $0.057/M + 53 × $0.30/M = $0.0000742680; uncached now 953 × $0.30/M = $0.0002859 → saves $0.000211632 × 10,000 = $2.12.
  assert.equal(result.message, 'Just under the prompt cache minimum: 900 static tokens, 124 short of the 1,024 gemini-2.5-flash caches; reaching it would save $2.12/month at 10,000 calls.');
  assert.ok(Math.abs(result.monthlySavingUsd! - 2.11632) < 1e-9);
});

test('cache-below-minimum stays quiet far below the minimum, at or above it, and when padding would not pay', () => {
  const far = site('google', 'google.generateContent', [message('system', [staticText(words(700))]), message('user', [placeholder('question')])]);
  assert.deepEqual(run(cacheBelowMinimumRule, '', far, GEMINI_2_5_FLASH), []);
  const enough = site('google', 'google.generateContent', [message('system', [staticText(words(1018))]), message('user', [placeholder('question')])]);
  assert.deepEqual(run(cacheBelowMinimumRule, '', enough, GEMINI_2_5_FLASH), []);
  const justUnder = site('google', 'google.generateContent', [message('system', [staticText(words(894))]), message('user', [placeholder('question')])]);
  // With no hits, padding only adds tokens.
  assert.deepEqual(run(cacheBelowMinimumRule, '', justUnder, GEMINI_2_5_FLASH, configWith({ hitRate: 0 })), []);
});

test('cache-below-minimum on anthropic without a breakpoint says a breakpoint is needed too', () => {
  const promptSite = site('anthropic', 'anthropic.messages', [message('system', [staticText(words(897))]), message('user', [placeholder('question')])]);
  const [result] = run(cacheBelowMinimumRule, 'x', promptSite, CLAUDE_SONNET_4_5);
  // Static block 3 + 897 = 900 tokens, 124 short; 956 sent now (× $3/M = $0.002868). Padded: 1,080 sent, 1,024 cached:
  // 1,024 × $0.645/M + 56 × $3/M = $0.00082848 → saves $0.00203952 per call × 10,000 = $20.3952.
  assert.equal(result.message, 'Just under the prompt cache minimum: 900 static tokens, 124 short of the 1,024 claude-sonnet-4-5 caches; reaching it and a cache_control breakpoint at its end would save $20.40/month at 10,000 calls.');
  assert.ok(Math.abs(result.monthlySavingUsd! - 20.3952) < 1e-9);
});

test('the cache rules never throw on sites without messages, models or simulations', () => {
  const empty = site('openai', 'openai.chat.completions', []);
  for (const rule of [cachePrefixBrokenRule, cacheBreakpointIneffectiveRule, cacheBelowMinimumRule]) {
    assert.deepEqual(run(rule, '', empty, GPT_4O), []);
    assert.deepEqual(run(rule, '', site('openai', null as unknown as string, [message('user', [placeholder('q')])]), undefined), []);
  }
});
