// The public API: ids, estimators, ratios, descriptions, framing, laziness and the count cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEncodingLoaded } from '../../../src/core/tokenizing/encodings';
import {
  chatFramingTokens,
  clearTokenCountCaches,
  countTokens,
  describeTokenizer,
  ESTIMATORS,
  getTokenCounter,
  tokenCountCacheStats,
  type TokenizerId,
} from '../../../src/core/tokenizing';
import { TokenCountCache } from '../../../src/core/tokenizing/cache';
import { estimateFromO200k } from '../../../src/core/tokenizing/estimators';
import { readTokenFixtures } from './reference';

const SENTENCE = 'Claude counts more tokens than GPT-4o on the same text.'; // o200k 14, cl100k 16 (tiktoken)

// Runs first: nothing in this file has counted yet.
test('creating a counter does not load its encoding; the first count does', () => {
  const counter = getTokenCounter('cl100k_base');
  assert.equal(isEncodingLoaded('cl100k_base'), false);
  assert.deepEqual(counter.count('hello world'), { tokens: 2, exact: true, tokenizer: 'cl100k_base' });
  assert.equal(isEncodingLoaded('cl100k_base'), true);
});

test('exact encodings count plain text exactly and say so', () => {
  assert.deepEqual(countTokens(SENTENCE, 'o200k_base'), { tokens: 14, exact: true, tokenizer: 'o200k_base' });
  assert.deepEqual(countTokens(SENTENCE, 'cl100k_base'), { tokens: 16, exact: true, tokenizer: 'cl100k_base' });
  assert.deepEqual(countTokens('', 'o200k_base'), { tokens: 0, exact: true, tokenizer: 'o200k_base' });
});

test('special-token strings count as ordinary text instead of throwing', () => {
  assert.equal(countTokens('<|endoftext|>', 'o200k_base').tokens, 7);
  assert.equal(countTokens('<|endoftext|>', 'cl100k_base').tokens, 7);
  assert.equal(countTokens('<|im_start|>system\nYou are helpful.<|im_end|>', 'o200k_base').tokens, 17);
});

test('o200k_harmony counts every fixture exactly like o200k_base and labels the count o200k_harmony', () => {
  for (const [name, text] of readTokenFixtures()) {
    const harmony = countTokens(text, 'o200k_harmony');
    assert.equal(harmony.tokens, countTokens(text, 'o200k_base').tokens, name);
    assert.equal(harmony.exact, true);
    assert.equal(harmony.tokenizer, 'o200k_harmony');
  }
});

test('anthropic-estimate is ceil(o200k × 1.25) with a 20% band', () => {
  assert.deepEqual(countTokens(SENTENCE, 'anthropic-estimate'), { tokens: 18, exact: false, tokenizer: 'anthropic-estimate', errorBand: 0.2 });
});

test('a model ratio replaces the default ratio and narrows the band to the text-dependent spread', () => {
  assert.deepEqual(countTokens(SENTENCE, 'anthropic-estimate', { ratio: 1.35 }), { tokens: 19, exact: false, tokenizer: 'anthropic-estimate', errorBand: 0.1 });
  assert.deepEqual(countTokens(SENTENCE, 'gemini-estimate', { ratio: 2 }), { tokens: 28, exact: false, tokenizer: 'gemini-estimate', errorBand: 0.2 });
});

test('invalid ratios (0, negative, NaN, Infinity) fall back to the default ratio', () => {
  for (const ratio of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.deepEqual(countTokens(SENTENCE, 'anthropic-estimate', { ratio }), { tokens: 18, exact: false, tokenizer: 'anthropic-estimate', errorBand: 0.2 });
  }
});

test('gemini-estimate and generic-estimate apply their default ratios to the o200k count', () => {
  assert.deepEqual(countTokens(SENTENCE, 'gemini-estimate'), { tokens: 17, exact: false, tokenizer: 'gemini-estimate', errorBand: 0.25 }); // ceil(14 × 1.15)
  assert.deepEqual(countTokens(SENTENCE, 'generic-estimate'), { tokens: 16, exact: false, tokenizer: 'generic-estimate', errorBand: 0.2 }); // ceil(14 × 1.08)
  assert.equal(countTokens('', 'gemini-estimate').tokens, 0);
});

test('an estimate whose product is whole is not pushed up by float noise', () => {
  assert.equal(estimateFromO200k(100, 1.1), 110);
  assert.equal(estimateFromO200k(100, 1.101), 111);
  assert.equal(countTokens(' the'.repeat(100), 'generic-estimate', { ratio: 1.1 }).tokens, 110);
});

test('ratios passed to exact encodings are ignored', () => {
  assert.deepEqual(countTokens(SENTENCE, 'o200k_base', { ratio: 3 }), { tokens: 14, exact: true, tokenizer: 'o200k_base' });
});

test('an unknown tokenizer id counts with the generic estimator instead of throwing', () => {
  const counter = getTokenCounter('llama-99' as TokenizerId);
  assert.equal(counter.id, 'generic-estimate');
  assert.equal(counter.exact, false);
  assert.deepEqual(counter.count(SENTENCE), { tokens: 16, exact: false, tokenizer: 'generic-estimate', errorBand: 0.2 });
  assert.deepEqual(describeTokenizer('llama-99' as TokenizerId), describeTokenizer('generic-estimate'));
});

test('a non-string text counts as empty instead of throwing', () => {
  assert.equal(countTokens(undefined as unknown as string, 'o200k_base').tokens, 0);
  assert.equal(countTokens(42 as unknown as string, 'anthropic-estimate').tokens, 0);
});

test('describeTokenizer marks exact encodings exact and gives estimates their band, source and date', () => {
  assert.deepEqual(
    (['o200k_base', 'cl100k_base', 'o200k_harmony', 'anthropic-estimate', 'gemini-estimate', 'generic-estimate'] as TokenizerId[]).map((id) => {
      const { exact, label, errorBand } = describeTokenizer(id);
      return { id, exact, label, errorBand };
    }),
    [
      { id: 'o200k_base', exact: true, label: 'OpenAI o200k_base', errorBand: undefined },
      { id: 'cl100k_base', exact: true, label: 'OpenAI cl100k_base', errorBand: undefined },
      { id: 'o200k_harmony', exact: true, label: 'OpenAI o200k_harmony (gpt-oss)', errorBand: undefined },
      { id: 'anthropic-estimate', exact: false, label: 'Claude (estimate: o200k_base × ratio)', errorBand: 0.2 },
      { id: 'gemini-estimate', exact: false, label: 'Gemini (estimate: o200k_base × ratio)', errorBand: 0.25 },
      { id: 'generic-estimate', exact: false, label: 'Open model (estimate: o200k_base × ratio)', errorBand: 0.2 },
    ],
  );
  for (const id of ['o200k_base', 'anthropic-estimate'] as TokenizerId[]) {
    const { source, asOf } = describeTokenizer(id);
    assert.match(asOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(source.length > 20, `${id} names its source`);
  }
});

test('the Claude band covers the documented 1.0×–1.35× range of o200k', () => {
  const { defaultRatio, errorBand } = ESTIMATORS['anthropic-estimate'];
  assert.ok(defaultRatio * (1 - errorBand) <= 1.0 + 1e-9);
  assert.ok(defaultRatio * (1 + errorBand) >= 1.35);
});

test('chatFramingTokens follows the OpenAI cookbook: 3 per message, +1 per name, +3 for the reply', () => {
  assert.equal(chatFramingTokens(0), 0);
  assert.equal(chatFramingTokens(1), 6);
  assert.equal(chatFramingTokens(3), 12);
  assert.equal(chatFramingTokens(3, 1), 13);
  assert.equal(chatFramingTokens(2, 5), 11); // names are capped at the message count
});

test('chatFramingTokens clamps negative, fractional and NaN counts instead of throwing', () => {
  assert.equal(chatFramingTokens(-2), 0);
  assert.equal(chatFramingTokens(Number.NaN, 1), 0);
  assert.equal(chatFramingTokens(2.7, -1), 9);
});

test('counting a text twice keeps one cache entry, shared by o200k_base, o200k_harmony and the estimators', () => {
  clearTokenCountCaches();
  const text = 'A prompt counted by several tokenizers.\n'.repeat(50);
  const first = countTokens(text, 'o200k_base');
  assert.deepEqual(countTokens(text, 'o200k_base'), first);
  countTokens(text, 'o200k_harmony');
  countTokens(text, 'anthropic-estimate');
  countTokens(text, 'gemini-estimate', { ratio: 1.3 });
  assert.deepEqual(tokenCountCacheStats().find((s) => s.encoding === 'o200k_base'), { encoding: 'o200k_base', texts: 1, chars: text.length });
  countTokens(text, 'cl100k_base');
  assert.deepEqual(tokenCountCacheStats().find((s) => s.encoding === 'cl100k_base'), { encoding: 'cl100k_base', texts: 1, chars: text.length });
});

test('the count cache evicts least-recently-used texts once their total length exceeds the budget', () => {
  const cache = new TokenCountCache(10, 6);
  cache.set('aaaa', 1);
  cache.set('bbbb', 2);
  assert.equal(cache.get('aaaa'), 1); // now most recent
  cache.set('cc', 3); // 10 chars: still fits
  assert.deepEqual([cache.size, cache.totalChars], [3, 10]);
  cache.set('dddd', 4); // 14 chars: evicts 'bbbb', the least recently used
  assert.equal(cache.get('bbbb'), undefined);
  assert.deepEqual([cache.get('aaaa'), cache.get('cc'), cache.get('dddd')], [1, 3, 4]);
  assert.equal(cache.totalChars, 10);
});

test('the count cache skips texts longer than its per-text limit and re-setting a text does not double its size', () => {
  const cache = new TokenCountCache(10, 6);
  cache.set('1234567', 5);
  assert.deepEqual([cache.size, cache.totalChars, cache.get('1234567')], [0, 0, undefined]);
  cache.set('abc', 1);
  cache.set('abc', 2);
  assert.deepEqual([cache.size, cache.totalChars, cache.get('abc')], [1, 3, 2]);
  cache.clear();
  assert.deepEqual([cache.size, cache.totalChars], [0, 0]);
});
