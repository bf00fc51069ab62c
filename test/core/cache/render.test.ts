import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateSiteCache, type CacheSimulation } from '../../../src/core/cache';
import { describeCacheLayout, formatCacheLensState, renderSegmentBar } from '../../../src/core/cache/render';
import { LineIndex } from '../../../src/core/lineIndex';
import type { ModelEntry } from '../../../src/core/pricing/types';
import type { PromptSite } from '../../../src/core/types';
import { CLAUDE_SONNET_4_5, GPT_4O, NO_CACHE_MODEL, audit, configWith, countWords, message, placeholder, site, staticText, words } from './helpers';

function simulate(promptSite: PromptSite, entry: ModelEntry | undefined): CacheSimulation {
  const sim = simulateSiteCache(audit(promptSite, entry), { config: configWith(), countTokens: countWords });
  assert.ok(sim);
  return sim;
}

const cachedChat = site('openai', 'openai.chat.completions', [message('system', [staticText(words(1294))]), message('user', [placeholder('question')])]);
const brokenText = `line one\nToday is {today}. ${words(1500)}`;
const brokenChat = site('openai', 'openai.chat.completions', [message('system', [staticText('Today is ', 9), placeholder('today', '{today}', 18), staticText(`. ${words(1500)}`, 25)])]);

test('the lens shows the cached share of the prompt with a check mark', () => {
  assert.equal(formatCacheLensState(simulate(cachedChat, GPT_4O)), 'cache: 1,280 of 1,353 tokens ✓');
});

test('the lens names the 1-based line of the break, or the placeholder without a line index', () => {
  const sim = simulate(brokenChat, GPT_4O);
  assert.equal(formatCacheLensState(sim, new LineIndex(brokenText)), 'cache: broken at line 2');
  assert.equal(formatCacheLensState(sim), 'cache: broken at {today}');
});

test('the lens says why nothing is cached', () => {
  assert.equal(formatCacheLensState(simulate(site('openai', 'openai.chat.completions', [message('system', [staticText(words(994))]), message('user', [placeholder('q')])]), GPT_4O)), 'cache: 1,000 tokens, under the 1,024 minimum ✗');
  assert.equal(formatCacheLensState(simulate(site('anthropic', 'anthropic.messages', [message('system', [staticText(words(1997))])]), CLAUDE_SONNET_4_5)), 'cache: off (no cache_control breakpoint)');
  assert.equal(formatCacheLensState(simulate(cachedChat, NO_CACHE_MODEL)), 'cache: not offered for this model');
  assert.equal(formatCacheLensState(simulate(cachedChat, undefined)), 'cache: unknown model');
  const afterDynamic = site('anthropic', 'anthropic.messages', [message('system', [placeholder('name'), staticText(words(300))], true)]);
  assert.equal(formatCacheLensState(simulate(afterDynamic, CLAUDE_SONNET_4_5)), 'cache: breakpoints never hit ✗');
});

test('the segment bar marks static and dynamic cells, the cache boundary and the minimum', () => {
  // 1,353 tokens in 20 cells of 67.65: only cell 19's midpoint (1,319.2) falls in {question} (tokens 1,300–1,350).
  // M at floor(1,024 × 20 / 1,353) = 15, C at floor(1,280 × 20 / 1,353) = 18.
  assert.equal(renderSegmentBar(simulate(cachedChat, GPT_4O), 20), [
    '███████████████████░',
    '               M  C',
    '█ static  ░ dynamic  C cached 1,280  M minimum 1,024',
  ].join('\n'));
  // The broken prompt: 3 + 2 + {today} 50 + 1,501 + 3 = 1,559 tokens in cells of 38.975: cell 0 (midpoint 19.5) is {today}.
  // Nothing cached, so C sits on cell 0; M at floor(1,024 × 40 / 1,559) = 26.
  assert.equal(renderSegmentBar(simulate(brokenChat, GPT_4O), 40), [
    `░${'█'.repeat(39)}`,
    `C${' '.repeat(25)}M`,
    '█ static  ░ dynamic  C cached 0  M minimum 1,024',
  ].join('\n'));
});

test('the segment bar notes a minimum past the end of a short prompt', () => {
  const short = site('openai', 'openai.chat.completions', [message('user', [placeholder('q'), staticText(words(44))])]);
  // 3 + 50 + 44 + 3 = 100 tokens: the first half of the bar is {q}.
  assert.equal(renderSegmentBar(simulate(short, GPT_4O), 4), ['░░██', 'C  M', '█ static  ░ dynamic  C cached 0  M minimum 1,024 (past the end)'].join('\n'));
});

test('the layout rows carry running totals, the cached rows and the breaking placeholder', () => {
  const rows = describeCacheLayout(simulate(brokenChat, GPT_4O));
  assert.deepEqual(rows.map((row) => [row.kind, row.label, row.tokens, row.cumulativeTokens, row.cached, row.breaksPrefix]), [
    ['framing', 'system message framing', 3, 3, false, false],
    ['static', '"Today is"', 2, 5, false, false],
    ['dynamic', '{today}', 50, 55, false, true],
    ['static', '". w0 w1 w2 w3 w4 w5 w6 w7 w…"', 1501, 1556, false, false],
    ['framing', 'reply primer', 3, 1559, false, false],
  ]);
  const cachedRows = describeCacheLayout(simulate(cachedChat, GPT_4O));
  assert.deepEqual(cachedRows.map((row) => row.cached), [true, false, false, false, false]);
});
