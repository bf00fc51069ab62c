import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importLiteLLM } from '../../../src/core/pricing/litellm';
import type { ModelEntry } from '../../../src/core/pricing/types';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures/catalog');
const recent = importLiteLLM(readFileSync(resolve(FIXTURES, 'litellm-2026-07-24-excerpt.json'), 'utf8'), { source: 'litellm-2026-07-24', asOf: '2026-07-24' });
const older = importLiteLLM(readFileSync(resolve(FIXTURES, 'litellm-2025-09-05-excerpt.json'), 'utf8'), { source: 'litellm-2025-09-05', asOf: '2025-09-05' });
const model = (result: { models: ModelEntry[] }, id: string): ModelEntry => {
  const found = result.models.find((candidate) => candidate.id === id);
  assert.ok(found, `imported ${id}`);
  return found;
};
const importText = (value: unknown) => importLiteLLM(typeof value === 'string' ? value : JSON.stringify(value), { source: 'test.json', asOf: '2026-11-23' });
const summary = (problems: Array<{ path: string; message: string }>) => problems.map((problem) => `${problem.path}: ${problem.message}`);

test('the 2026-07-24 excerpt imports 75 of 83 entries: 7 non-chat and 1 zero-priced skipped', () => {
  assert.deepEqual(recent.problems, []);
  assert.equal(recent.models.length, 75);
  assert.deepEqual(recent.skipped, { spec: 0, notChat: 7, noTokenPrices: 1, noContextWindow: 0 });
  assert.equal(recent.models.some((entry) => entry.id === 'gpt-image-1' || entry.id === 'gemini-embedding-001' || entry.id === 'deepseek-v3-2-251201'), false);
});

test('the 2025-09-05 excerpt imports 15 of 23 entries: 6 non-chat, 1 free, 1 without limits', () => {
  assert.deepEqual(older.problems, []);
  assert.equal(older.models.length, 15);
  assert.deepEqual(older.skipped, { spec: 0, notChat: 6, noTokenPrices: 1, noContextWindow: 1 });
});

test('an OpenAI entry converts per-token prices to per-million and gets OpenAI caching', () => {
  assert.deepEqual(model(recent, 'gpt-4o'), {
    id: 'gpt-4o',
    provider: 'openai',
    displayName: 'gpt-4o',
    aliases: [],
    tokenizer: 'o200k_base',
    prices: { input: 2.5, output: 10, cachedInput: 1.25 },
    batchDiscount: 0.5,
    contextWindow: 128000,
    maxOutputTokens: 16384,
    caching: { mechanism: 'automatic', minimumTokens: 1024, incrementTokens: 128 },
    source: 'litellm-2026-07-24: gpt-4o',
    asOf: '2026-07-24',
  });
  assert.deepEqual(model(recent, 'gpt-5.6').caching, { mechanism: 'automatic', minimumTokens: 1024, maxBreakpoints: 4 });
  assert.deepEqual(model(recent, 'gpt-5.6').prices, { input: 5, output: 30, cachedInput: 0.5, cacheWrite5m: 6.25 });
  assert.equal(model(recent, 'gpt-4').tokenizer, 'cl100k_base');
  assert.deepEqual(model(recent, 'gpt-4').caching, { mechanism: 'none', minimumTokens: 0 });
  assert.deepEqual(model(recent, 'gpt-3.5-turbo-instruct').prices, { input: 1.5, output: 2 });
});

test('Anthropic entries keep both cache-write prices and LiteLLM\'s own cache minimum', () => {
  const opus48 = model(recent, 'claude-opus-4-8');
  assert.deepEqual(opus48.prices, { input: 5, output: 25, cachedInput: 0.5, cacheWrite5m: 6.25, cacheWrite1h: 10 });
  assert.deepEqual(opus48.caching, { mechanism: 'explicit', minimumTokens: 2048, maxBreakpoints: 4, lookbackBlocks: 20 });
  assert.equal(opus48.tokenRatio, 1.35);
  assert.equal(opus48.tokenizer, 'anthropic-estimate');
  assert.equal(opus48.batchDiscount, 0.5);
  const bedrock = model(recent, 'claude-sonnet-4-5-20250929-v1:0');
  assert.equal(bedrock.provider, 'bedrock');
  assert.equal(bedrock.batchDiscount, undefined);
  assert.deepEqual(bedrock.caching, { mechanism: 'explicit', minimumTokens: 1024, maxBreakpoints: 4, lookbackBlocks: 20 });
  // No prompt_cache_min_tokens in the 2025 map: the family rule supplies Haiku 3.5's 2,048.
  assert.deepEqual(model(older, 'claude-3-5-haiku-20241022').caching, { mechanism: 'explicit', minimumTokens: 2048, maxBreakpoints: 4, lookbackBlocks: 20 });
});

test('providers map to ours and caching follows the family rules', () => {
  const gemini = model(older, 'gemini/gemini-2.5-pro');
  assert.deepEqual([gemini.provider, gemini.tokenizer, gemini.batchDiscount, gemini.prices.cachedInput], ['google', 'gemini-estimate', 0.5, 0.3125]);
  assert.deepEqual(gemini.caching, { mechanism: 'implicit', minimumTokens: 4096 });
  const azure = model(older, 'azure/gpt-4o');
  assert.deepEqual([azure.provider, azure.tokenizer, azure.batchDiscount], ['azure', 'o200k_base', undefined]);
  const deepseek = model(older, 'deepseek-chat');
  assert.deepEqual(deepseek.prices, { input: 0.14, output: 0.28, cachedInput: 0.014 });
  assert.deepEqual(deepseek.caching, { mechanism: 'automatic', minimumTokens: 64, incrementTokens: 64 });
  const groq = model(older, 'groq/llama-3.3-70b-versatile');
  assert.deepEqual([groq.provider, groq.tokenizer, groq.contextWindow, groq.maxOutputTokens], ['groq', 'generic-estimate', 128000, 32768]);
  assert.equal(model(older, 'groq/openai/gpt-oss-120b').tokenizer, 'o200k_harmony');
  assert.equal(model(older, 'vertex_ai/claude-3-5-haiku').provider, 'vertex-ai');
  assert.equal(model(older, 'mistral/mistral-large-latest').provider, 'mistral');
  assert.equal(model(recent, 'kimi-k2.5').provider, 'moonshot');
});

test('the batch discount is measured from *_batches prices when LiteLLM has them', () => {
  const result = importText({ m: { mode: 'chat', litellm_provider: 'acme', input_cost_per_token: 4e-6, input_cost_per_token_batches: 3e-6, output_cost_per_token: 8e-6, max_tokens: 8000 } });
  assert.equal(result.models[0].batchDiscount, 0.25);
  assert.equal(result.models[0].contextWindow, 8000);
  assert.equal(result.models[0].maxOutputTokens, 8000);
});

test('sample_spec and entries without a generation mode are skipped silently', () => {
  const result = importText({
    sample_spec: { mode: 'one of: chat, embedding', input_cost_per_token: 0 },
    emb: { mode: 'embedding', input_cost_per_token: 1e-7, output_cost_per_token: 0, max_input_tokens: 8000 },
    bucket: { input_cost_per_token: 2e-7, output_cost_per_token: 2e-7 },
    chat: { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, max_input_tokens: 1000, max_output_tokens: 100 },
  });
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.skipped, { spec: 1, notChat: 2, noTokenPrices: 0, noContextWindow: 0 });
  assert.deepEqual(result.models.map((entry) => [entry.id, entry.provider, entry.prices.input, entry.prices.output]), [['chat', 'unknown', 1, 2]]);
});

test('malformed documents give one error and no models', () => {
  const cases: Array<[string, string]> = [
    ['not json at all', 'not valid JSON'],
    ['[1, 2, 3]', 'expected an object keyed by model name, found a list'],
    ['null', 'expected an object keyed by model name, found null'],
    ['"gpt-4o"', 'expected an object keyed by model name, found text of 6 character(s)'],
    ['{"a": NaN}', 'not valid JSON'],
    ['', 'not valid JSON'],
  ];
  for (const [text, start] of cases) {
    const result = importText(text);
    assert.deepEqual(result.models, [], text);
    assert.equal(result.problems.length, 1, text);
    assert.equal(result.problems[0].severity, 'error');
    assert.ok(result.problems[0].message.startsWith(start), `${text}: ${result.problems[0].message}`);
  }
});

test('bad values in an entry are reported at their key and the entry is skipped, never priced at $0', () => {
  // JSON.stringify cannot write 1e999, which JSON.parse reads as Infinity: splice it into the text.
  const result = importText(JSON.stringify({
    stringPrice: { mode: 'chat', input_cost_per_token: '0.000001', output_cost_per_token: 2e-6, max_tokens: 100 },
    nanPrice: { mode: 'chat', input_cost_per_token: 'NaN', output_cost_per_token: 2e-6, max_tokens: 100 },
    negative: { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: -2e-6, max_tokens: 100 },
    infinite: { mode: 'chat', input_cost_per_token: '<infinity>', output_cost_per_token: 2e-6, max_tokens: 100 },
    badCache: { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, cache_read_input_token_cost: { low: 1 }, max_tokens: 100 },
    dearCache: { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, cache_read_input_token_cost: 3e-6, max_tokens: 100 },
    noOutput: { mode: 'chat', input_cost_per_token: 1e-6, max_tokens: 100 },
    zero: { mode: 'chat', input_cost_per_token: 0, output_cost_per_token: 0, max_tokens: 100 },
    noLimits: { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 },
    badLimit: { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, max_input_tokens: 'big', max_tokens: 4096 },
    list: [1, 2],
    text: 'gpt',
  }).replace('"<infinity>"', '1e999'));
  assert.deepEqual(summary(result.problems), [
    'stringPrice.input_cost_per_token: input_cost_per_token must be a number from 0 to 0.1 (USD per token), found text of 8 character(s); entry skipped',
    'nanPrice.input_cost_per_token: input_cost_per_token must be a number from 0 to 0.1 (USD per token), found text of 3 character(s); entry skipped',
    'negative.output_cost_per_token: output_cost_per_token must be a number from 0 to 0.1 (USD per token), found -0.000002; entry skipped',
    'infinite.input_cost_per_token: input_cost_per_token must be a number from 0 to 0.1 (USD per token), found Infinity; entry skipped',
    'badCache.cache_read_input_token_cost: cache_read_input_token_cost must be a number from 0 to 0.1 (USD per token), found a mapping; entry skipped',
    'dearCache.prices.cachedInput: prices.cachedInput (3) is above prices.input (1); a cache read is never dearer than a miss',
    'badLimit.max_input_tokens: max_input_tokens must be a positive number of tokens, found text of 3 character(s); ignored',
    'list: entry is a list, not an object; skipped',
    'text: entry is text of 3 character(s), not an object; skipped',
  ]);
  assert.deepEqual(result.problems[0].pathSegments, ['stringPrice', 'input_cost_per_token']);
  assert.deepEqual(result.skipped, { spec: 0, notChat: 0, noTokenPrices: 2, noContextWindow: 1 });
  assert.deepEqual(result.models.map((entry) => [entry.id, entry.contextWindow]), [['badLimit', 4096]]);
});

test('a bad asOf is reported once and the entries still import', () => {
  const result = importLiteLLM(JSON.stringify({ m: { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, max_tokens: 100 } }), { source: 'x.json', asOf: 'yesterday' });
  assert.deepEqual(summary(result.problems), [': asOf must be a date written YYYY-MM-DD, found "yesterday"']);
  assert.equal(result.models.length, 1);
});

test('a 5 MB price map imports whole (per-entry work is a fixed rule list: no index or search over other entries)', () => {
  const entries: Record<string, unknown> = {};
  for (let index = 0; index < 12_000; index++) {
    entries[`provider-${index % 7}/model-${index}`] = {
      max_tokens: 8192, max_input_tokens: 128000, max_output_tokens: 8192,
      input_cost_per_token: (index + 1) * 1e-9, output_cost_per_token: (index + 1) * 2e-9, cache_read_input_token_cost: (index + 1) * 1e-10,
      litellm_provider: `provider_${index % 7}`, mode: index % 10 === 0 ? 'embedding' : 'chat',
      supports_function_calling: true, supports_vision: true, supports_prompt_caching: true, supports_system_messages: true, supports_tool_choice: true,
      source: 'https://example.com/pricing/with/a/long/path/so/the/entry/is/realistically/sized',
    };
  }
  const text = JSON.stringify(entries, null, 2);
  assert.ok(text.length > 5_000_000, `${text.length} characters`);
  const result = importText(text);
  assert.equal(result.models.length, 10_800);
  assert.equal(result.skipped.notChat, 1_200);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.models[0].prices, { input: 0.002, output: 0.004, cachedInput: 0.0002 });
});

test('thousands of broken entries give a capped problem list', () => {
  const entries: Record<string, unknown> = {};
  for (let index = 0; index < 1_000; index++) entries[`m${index}`] = { mode: 'chat', input_cost_per_token: 'free', output_cost_per_token: 1e-6, max_tokens: 10 };
  const result = importText(entries);
  assert.equal(result.problems.length, 201);
  assert.equal(result.problems[200].message, '800 more problem(s) not listed');
});

test('text past the size limit is refused without parsing; deep nesting does not throw', () => {
  const huge = importText(' '.repeat(64 * 1024 * 1024 + 1));
  assert.deepEqual(summary(huge.problems), [': file is 67108865 characters, more than the 67108864 a price map can plausibly be; not read']);
  const nested = importText(`{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
  assert.deepEqual(nested.models, []);
  assert.equal(nested.problems.length, 1);
});
