import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import catalogText from '../../../src/core/pricing/catalog.yaml';
import { bundledCatalog, loadCatalog, validateCatalogData } from '../../../src/core/pricing/catalog';
import { importLiteLLM } from '../../../src/core/pricing/litellm';
import { takeEditDistanceCells } from '../../../src/core/pricing/names';
import type { ModelEntry } from '../../../src/core/pricing/types';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures/catalog');
// Priced on a fixed day: entries with dated price changes carry the prices of that day.
const { catalog, problems } = loadCatalog({ pricedOn: '2026-12-03' });
const entry = (id: string): ModelEntry => {
  const found = catalog.models.find((model) => model.id === id);
  assert.ok(found, `catalog has ${id}`);
  return found;
};
const near = (actual: number | undefined, expected: number) => assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

test('the bundled catalog loads with zero problems and 106 models, newest facts dated 2026-12-03', () => {
  assert.deepEqual(problems, []);
  assert.deepEqual(bundledCatalog().problems, []);
  assert.equal(catalog.models.length, 106);
  assert.equal(catalog.asOf, '2026-12-03');
});

test('every bundled entry passes validation again and keeps all its names', () => {
  const again = validateCatalogData(parse(catalogText), 'catalog.yaml');
  assert.deepEqual(again.problems, []);
  assert.deepEqual(again.models, bundledCatalog().models);
  const raw = parse(catalogText) as { models: Array<{ aliases: string[] }> };
  assert.equal(again.models.reduce((sum, model) => sum + model.aliases.length, 0), raw.models.reduce((sum, model) => sum + model.aliases.length, 0));
});

test('the catalog covers the required families by provider', () => {
  const byProvider = new Map<string, number>();
  for (const model of catalog.models) byProvider.set(model.provider, (byProvider.get(model.provider) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(byProvider), { openai: 48, groq: 4, mistral: 8, anthropic: 25, google: 19, deepseek: 2 });
  for (const id of ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-4o-mini', 'o1', 'o3', 'o3-mini', 'o4-mini', 'gpt-4-turbo', 'gpt-4', 'gpt-3.5-turbo', 'gpt-oss-120b', 'claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-3-5-haiku', 'claude-3-7-sonnet', 'claude-3-haiku', 'gemini-3-pro-preview', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.0-flash', 'deepseek-chat', 'deepseek-reasoner', 'llama-3.3-70b-versatile', 'llama-3.1-8b-instant',
    // The families released after the 2026-07-24 snapshot.
    'gpt-6-astra', 'gpt-6-sol', 'gpt-6-luna', 'gpt-6.1-sol', 'gpt-6.1-terra', 'gpt-6.2-sol', 'gpt-6.2-astra', 'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5',
    'claude-fable-5-1', 'claude-fable-5-2', 'claude-mythos-5-2', 'gemini-4-argon', 'gemini-4-carbon', 'gemini-4-hydrogen', 'gemini-4-neon', 'gemini-3.7-flash', 'gemini-3.8-flash']) {
    entry(id);
  }
});

test('prices equal the LiteLLM snapshot values, per million tokens', () => {
  assert.deepEqual(entry('gpt-4o').prices, { input: 2.5, output: 10, cachedInput: 1.25 });
  assert.deepEqual(entry('gpt-4o-mini').prices, { input: 0.15, output: 0.6, cachedInput: 0.075 });
  assert.deepEqual(entry('gpt-4.1').prices, { input: 2, output: 8, cachedInput: 0.5 });
  assert.deepEqual(entry('gpt-5').prices, { input: 1.25, output: 10, cachedInput: 0.125 });
  assert.deepEqual(entry('gpt-5-nano').prices, { input: 0.05, output: 0.4, cachedInput: 0.005 });
  assert.deepEqual(entry('gpt-5.6').prices, { input: 5, output: 30, cachedInput: 0.5, cacheWrite30m: 6.25 });
  assert.deepEqual(entry('o3-mini').prices, { input: 1.1, output: 4.4, cachedInput: 0.55 });
  assert.deepEqual(entry('gpt-4').prices, { input: 30, output: 60 });
  assert.deepEqual(entry('gpt-4o-2024-05-13').prices, { input: 5, output: 15 });
  assert.deepEqual(entry('claude-sonnet-4-5').prices, { input: 3, output: 15, cachedInput: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 });
  assert.deepEqual(entry('claude-opus-4-1').prices, { input: 15, output: 75, cachedInput: 1.5, cacheWrite5m: 18.75, cacheWrite1h: 30 });
  assert.deepEqual(entry('claude-haiku-4-5').prices, { input: 1, output: 5, cachedInput: 0.1, cacheWrite5m: 1.25, cacheWrite1h: 2 });
  assert.deepEqual(entry('claude-3-5-haiku').prices, { input: 0.8, output: 4, cachedInput: 0.08, cacheWrite5m: 1, cacheWrite1h: 1.6 });
  assert.deepEqual(entry('gemini-2.5-pro').prices, { input: 1.25, output: 10, cachedInput: 0.125 });
  assert.deepEqual(entry('gemini-2.5-flash').prices, { input: 0.3, output: 2.5, cachedInput: 0.03 });
  assert.deepEqual(entry('gemini-2.0-flash').prices, { input: 0.1, output: 0.4, cachedInput: 0.025 });
  assert.deepEqual(entry('deepseek-chat').prices, { input: 0.28, output: 0.42, cachedInput: 0.028 });
  assert.deepEqual(entry('llama-3.3-70b-versatile').prices, { input: 0.59, output: 0.79 });
  assert.deepEqual(entry('llama-3.1-8b-instant').prices, { input: 0.05, output: 0.08 });
  assert.deepEqual(entry('gpt-oss-120b').prices, { input: 0.15, output: 0.75 });
});

test('limits come from the snapshot: context window is the input limit', () => {
  assert.deepEqual([entry('gpt-4o').contextWindow, entry('gpt-4o').maxOutputTokens], [128000, 16384]);
  assert.deepEqual([entry('gpt-5').contextWindow, entry('gpt-5').maxOutputTokens], [272000, 128000]);
  assert.deepEqual([entry('gpt-4.1').contextWindow, entry('gpt-4.1').maxOutputTokens], [1047576, 32768]);
  assert.deepEqual([entry('claude-opus-4-6').contextWindow, entry('claude-opus-4-6').maxOutputTokens], [1000000, 128000]);
  assert.deepEqual([entry('gemini-2.5-pro').contextWindow, entry('gemini-2.5-pro').maxOutputTokens], [1048576, 65535]);
  assert.deepEqual([entry('deepseek-reasoner').contextWindow, entry('deepseek-reasoner').maxOutputTokens], [131072, 65536]);
});

test('entries sourced from the 2026-07-24 snapshot match what the importer reads from its excerpt', () => {
  const imported = importLiteLLM(readFileSync(resolve(FIXTURES, 'litellm-2026-07-24-excerpt.json'), 'utf8'), { source: 'excerpt', asOf: '2026-07-24' });
  const byKey = new Map(imported.models.map((model) => [model.id, model]));
  // Where the provider's page disagrees with the snapshot the page wins: Gemini 3.6 Flash launched at an introductory price.
  const docsWin = new Set(['gemini-3.6-flash']);
  let compared = 0;
  // The undated entries: their first prices, before any dated change.
  for (const model of bundledCatalog().models) {
    const match = /^litellm-2026-07-24: ([^,;]+)/.exec(model.source);
    if (!match) continue;
    const snapshot = byKey.get(match[1]);
    assert.ok(snapshot, `${model.id}: ${match[1]} is in the excerpt`);
    if (!docsWin.has(model.id)) assert.equal(model.prices.input, snapshot.prices.input, `${model.id} input`);
    if (!docsWin.has(model.id)) assert.equal(model.prices.output, snapshot.prices.output, `${model.id} output`);
    assert.equal(model.contextWindow, snapshot.contextWindow, `${model.id} context`);
    assert.equal(model.maxOutputTokens, snapshot.maxOutputTokens, `${model.id} max output`);
    // claude-3-haiku follows the PROVIDERS.md multipliers where the snapshot rounds (0.03 / 0.30 / 6.00).
    if (model.id !== 'claude-3-haiku' && !docsWin.has(model.id)) assert.equal(model.prices.cachedInput, snapshot.prices.cachedInput, `${model.id} cached`);
    compared++;
  }
  assert.equal(compared, 71);
});

test('every entry cites declared sources and carries the date of the newest one', () => {
  const sources = (parse(catalogText) as { sources: Record<string, string> }).sources;
  for (const model of catalog.models) {
    const tag = /^([a-z0-9.-]+):/.exec(model.source)?.[1];
    assert.ok(tag && sources[tag], `${model.id} cites ${tag}`);
    // Entries checked against the provider pages on 2026-12-03 carry that date; Mistral's the date of genai-prices 0.1.8's
    // data (its pages are stored copies without a date); the rest their snapshot's.
    const checked = /-2026-12:|genai-prices-0\.1\.8:/.test(model.source);
    assert.equal(model.asOf, model.provider === 'mistral' ? '2026-09-23' : checked ? '2026-12-03' : tag.slice('litellm-'.length), model.id);
  }
});

test('Anthropic cache prices follow the PROVIDERS.md multipliers (0.1x read, 1.25x 5-minute, 2x 1-hour write)', () => {
  // The snapshot entries; later models read their cache at 0.05x or 0.025x (tiers.test.ts).
  const anthropic = catalog.models.filter((model) => model.provider === 'anthropic' && model.source.startsWith('litellm-'));
  assert.equal(anthropic.length, 17);
  for (const model of anthropic) {
    near(model.prices.cachedInput, 0.1 * model.prices.input);
    near(model.prices.cacheWrite5m, 1.25 * model.prices.input);
    near(model.prices.cacheWrite1h, 2 * model.prices.input);
    assert.deepEqual([model.caching.mechanism, model.caching.maxBreakpoints, model.caching.lookbackBlocks], ['explicit', 4, 20], model.id);
  }
});

test('Anthropic cache minimums follow PROVIDERS.md per family', () => {
  const minimum = (id: string) => entry(id).caching.minimumTokens;
  assert.equal(minimum('claude-opus-5'), 512);
  assert.equal(minimum('claude-opus-4-8'), 1024, 'PROVIDERS.md wins over LiteLLM 2048');
  assert.equal(minimum('claude-opus-4-7'), 2048);
  assert.equal(minimum('claude-opus-4-6'), 4096);
  assert.equal(minimum('claude-opus-4-5'), 4096);
  assert.equal(minimum('claude-opus-4-1'), 1024);
  assert.equal(minimum('claude-opus-4'), 1024);
  assert.equal(minimum('claude-sonnet-5'), 1024);
  assert.equal(minimum('claude-sonnet-4-5'), 1024);
  assert.equal(minimum('claude-haiku-4-5'), 4096);
  assert.equal(minimum('claude-3-5-haiku'), 2048);
});

test('OpenAI cached-input discount follows the family: gpt-4o 50%, gpt-4.1 75%, gpt-5 family 90%', () => {
  for (const model of catalog.models.filter((candidate) => candidate.provider === 'openai' && candidate.prices.cachedInput !== undefined)) {
    const share = model.prices.cachedInput! / model.prices.input;
    if (model.id.startsWith('gpt-4o')) near(share, 0.5);
    else if (model.id.startsWith('gpt-4.1')) near(share, 0.25);
    else if (model.id.startsWith('gpt-5')) near(share, 0.1);
  }
  assert.deepEqual(entry('gpt-4o').caching, { mechanism: 'automatic', minimumTokens: 1024, incrementTokens: 128 });
  assert.deepEqual(entry('gpt-5.5').caching, { mechanism: 'automatic', minimumTokens: 1024, incrementTokens: 128 });
  assert.deepEqual(entry('gpt-5.6').caching, { mechanism: 'automatic', minimumTokens: 1024, maxBreakpoints: 4 });
  assert.deepEqual(entry('gpt-4').caching, { mechanism: 'none', minimumTokens: 0 });
});

test('Gemini caching is implicit from 2.5 with 1,024 (Flash) / 4,096 (Pro) minimums; batch is half price for the big three', () => {
  assert.deepEqual(entry('gemini-2.5-flash').caching, { mechanism: 'implicit', minimumTokens: 1024 });
  assert.deepEqual(entry('gemini-2.5-pro').caching, { mechanism: 'implicit', minimumTokens: 4096 });
  assert.deepEqual(entry('gemini-3.1-pro-preview').caching, { mechanism: 'implicit', minimumTokens: 4096 });
  assert.deepEqual(entry('gemini-2.0-flash').caching, { mechanism: 'explicit', minimumTokens: 1024 });
  for (const model of catalog.models) {
    assert.equal(model.batchDiscount, ['openai', 'anthropic', 'google'].includes(model.provider) ? 0.5 : undefined, model.id);
  }
});

test('every cached entry uses the first caching rule that matches its id', () => {
  const { rules } = bundledCatalog();
  for (const model of catalog.models) {
    if (model.prices.cachedInput === undefined) {
      assert.deepEqual(model.caching, { mechanism: 'none', minimumTokens: 0 }, model.id);
      continue;
    }
    const rule = rules.cachingRules.find((candidate) => candidate.pattern.test(model.id));
    assert.deepEqual(model.caching, rule?.caching, model.id);
  }
});

test('tokenizers by family, and the 1.35 ratio only from Claude Opus 4.7 on', () => {
  assert.equal(entry('gpt-4o').tokenizer, 'o200k_base');
  assert.equal(entry('o3').tokenizer, 'o200k_base');
  assert.equal(entry('gpt-4').tokenizer, 'cl100k_base');
  assert.equal(entry('gpt-3.5-turbo').tokenizer, 'cl100k_base');
  assert.equal(entry('gpt-oss-20b').tokenizer, 'o200k_harmony');
  assert.equal(entry('claude-sonnet-4-5').tokenizer, 'anthropic-estimate');
  assert.equal(entry('gemini-2.5-pro').tokenizer, 'gemini-estimate');
  assert.equal(entry('deepseek-chat').tokenizer, 'generic-estimate');
  assert.deepEqual(catalog.models.filter((model) => model.tokenRatio !== undefined).map((model) => `${model.id}=${model.tokenRatio}`), [
    'claude-opus-5=1.35', 'claude-sonnet-5=1.35', 'claude-fable-5=1.35', 'claude-mythos-5=1.35', 'claude-opus-4-8=1.35', 'claude-opus-4-7=1.35',
    'claude-opus-5-5=1.35', 'claude-sonnet-5-5=1.35', 'claude-haiku-5-5=1.35', 'claude-fable-5-1=1.35', 'claude-fable-5-2=1.35', 'claude-mythos-5-2=1.35',
  ]);
});

test('Claude Fable 5.2 (released 2026-11-09) is priced at $8 / $40, reads at 0.025x, writes 1.25x (5 min) and 2x (1 h)', () => {
  assert.deepEqual(entry('claude-fable-5-2').prices, { input: 8, output: 40, cachedInput: 0.2, cacheWrite5m: 10, cacheWrite1h: 16 });
  assert.deepEqual(entry('claude-mythos-5-2').prices, entry('claude-fable-5-2').prices);
  assert.equal(entry('claude-fable-5-2').lifecycle, undefined);
});

test('every small sibling is a small-tier model of the same provider', () => {
  let siblings = 0;
  for (const model of catalog.models) {
    if (!model.smallSibling) continue;
    const sibling = entry(model.smallSibling);
    assert.equal(sibling.provider, model.provider, model.id);
    assert.equal(sibling.tier, 'small', model.id);
    assert.ok(sibling.prices.input < model.prices.input || model.tier === 'small', model.id);
    siblings++;
  }
  assert.equal(siblings, 82);
  assert.equal(entry('gpt-4o').smallSibling, 'gpt-4o-mini');
  assert.equal(entry('claude-opus-4-1').smallSibling, 'claude-haiku-4-5');
});

test('resolves ids, dated snapshots, provider prefixes, display names and case', () => {
  const cases: Array<[string, string]> = [
    ['gpt-4o', 'gpt-4o'],
    ['GPT-4o', 'gpt-4o'],
    ['  gpt-4o  ', 'gpt-4o'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai/gpt-4o', 'gpt-4o'],
    ['azure/gpt-4o-2024-11-20', 'gpt-4o'],
    ['gpt-4o-2024-05-13', 'gpt-4o-2024-05-13'],
    ['GPT-4.1', 'gpt-4.1'],
    ['gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
    ['o1-2024-12-17', 'o1'],
    ['gpt-4-0613', 'gpt-4'],
    ['gpt-5-chat', 'gpt-5-chat-latest'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['Claude Sonnet 4.5', 'claude-sonnet-4-5'],
    ['claude sonnet 4.5', 'claude-sonnet-4-5'],
    ['claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['openrouter/anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['vertex_ai/claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3-5-haiku'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
    ['claude-opus-4-0', 'claude-opus-4'],
    ['claude-opus-4-20250514', 'claude-opus-4'],
    ['Claude 3.7 Sonnet', 'claude-3-7-sonnet'],
    ['gemini/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['vertex_ai/gemini-2.0-flash', 'gemini-2.0-flash'],
    ['projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash-lite', 'gemini-2.5-flash-lite'],
    ['Gemini 2.5 Pro', 'gemini-2.5-pro'],
    ['deepseek/deepseek-reasoner', 'deepseek-reasoner'],
    ['groq/llama-3.3-70b-versatile', 'llama-3.3-70b-versatile'],
    ['groq/openai/gpt-oss-120b', 'gpt-oss-120b'],
    ['openai:gpt-4o', 'gpt-4o'],
    ['anthropic:claude-3-5-haiku-latest', 'claude-3-5-haiku'],
    ['google-gla:gemini-2.0-flash', 'gemini-2.0-flash'],
  ];
  assert.deepEqual(cases.map(([name]) => [name, catalog.resolve(name)?.id]), cases);
});

test('a dated suffix falls back to the base id only when no exact entry exists', () => {
  assert.equal(catalog.resolve('gpt-4o-2030-01-01')?.id, 'gpt-4o');
  assert.equal(catalog.resolve('claude-haiku-4-5-20991231')?.id, 'claude-haiku-4-5');
  assert.equal(catalog.resolve('gpt-4o-2024-05-13')?.prices.input, 5);
});

test('unknown names resolve to undefined', () => {
  for (const name of ['gpt-7', 'my-model', '', '   ', 'gpt-4o-mini-tts', 'claude', 'x'.repeat(10_000), 'gpt-4o\nturbo']) {
    assert.equal(catalog.resolve(name), undefined, JSON.stringify(name.slice(0, 20)));
  }
  assert.equal(catalog.resolve(42 as unknown as string), undefined);
});

test('nearest suggests the intended id for typos and nothing for unrelated names', () => {
  assert.deepEqual(catalog.nearest('gpt4o'), ['gpt-4o']);
  assert.deepEqual(catalog.nearest('claude-sonet-4-5'), ['claude-sonnet-4-5', 'claude-sonnet-4', 'claude-sonnet-4-6']);
  assert.deepEqual(catalog.nearest('claude-sonet-4-5', 1), ['claude-sonnet-4-5']);
  assert.deepEqual(catalog.nearest('openai/gpt-4o-mni'), ['gpt-4o-mini']);
  assert.deepEqual(catalog.nearest('gemni-2.5-flash', 2), ['gemini-2.5-flash', 'gemini-1.5-flash']);
  assert.deepEqual(catalog.nearest('completely-unrelated-name'), []);
  assert.deepEqual(catalog.nearest(''), []);
  assert.deepEqual(catalog.nearest('gpt-4o', 0), []);
});

test('lookups on pathological names do bounded work: long names are refused, suggestions compare at most 64 characters', () => {
  const long = 'a/'.repeat(5_000) + 'gpt-4o';
  const names = catalog.models.reduce((count, model) => count + 1 + model.aliases.length, 0);
  takeEditDistanceCells();
  assert.equal(catalog.resolve(long), undefined);
  assert.deepEqual(catalog.nearest(long), []);
  assert.equal(takeEditDistanceCells(), 0, 'a name over the lookup limit is never compared');
  assert.deepEqual(catalog.nearest('z'.repeat(200)), []);
  assert.deepEqual(catalog.nearest('z'.repeat(24)), []);
  const cells = takeEditDistanceCells();
  assert.ok(cells > 0, 'names as long as known names are compared');
  // Each known name is compared with the name cut to 64 characters, and only when their lengths are within the allowed
  // distance: at most 64 rows of at most 64 + 3 cells per name, whatever the input length.
  assert.ok(cells <= names * 64 * 67, `${cells} cells for ${names} names`);
});

test('bundled entries cannot be changed by callers', () => {
  assert.throws(() => {
    (entry('gpt-4o').prices as { input: number }).input = 0;
  }, TypeError);
  assert.equal(loadCatalog().catalog.resolve('gpt-4o')?.prices.input, 2.5);
});

test('Mistral: each -latest name is a moving alias priced by the dated model it pointed to on the day priced', () => {
  // The aliases real code writes, each with its own entry; provider-prefixed names resolve to them.
  for (const [name, id] of [
    ['mistral-large-latest', 'mistral-large-latest'],
    ['mistral/mistral-large-latest', 'mistral-large-latest'],
    ['mistral-large-2512', 'mistral-large-2512'],
    ['mistral-medium-latest', 'mistral-medium-latest'],
    ['mistral-small-latest', 'mistral-small-latest'],
    ['codestral-latest', 'codestral-latest'],
    ['codestral-2508', 'codestral-latest'],
    ['open-mistral-nemo', 'open-mistral-nemo'],
    ['open-mistral-nemo-2407', 'open-mistral-nemo'],
    ['ministral-8b-latest', 'ministral-8b-latest'],
    ['pixtral-large-latest', 'pixtral-large-latest'],
    ['mistral:mistral-small-latest', 'mistral-small-latest'],
  ] as const) {
    assert.equal(catalog.resolve(name)?.id, id, name);
    assert.equal(catalog.resolve(name)?.provider, 'mistral', name);
  }
  const on = (date: string, id: string) => loadCatalog({ pricedOn: date }).catalog.resolve(id)!.prices;
  // mistral-large-latest was Large 24.11 ($2 / $6, LiteLLM 2025-09-05) until Large 3 (25.12) shipped on 2025-12-02.
  assert.deepEqual(on('2025-09-05', 'mistral-large-latest'), { input: 2, output: 6 });
  assert.deepEqual(on('2025-12-02', 'mistral-large-latest'), { input: 0.5, output: 1.5 });
  assert.deepEqual(entry('mistral-large-latest').prices, entry('mistral-large-2512').prices);
  // mistral-medium-latest moved to Medium 3.5 on 2026-06-16; ministral-8b-latest to Ministral 3 8B on 2025-12-02.
  assert.deepEqual(on('2026-06-15', 'mistral-medium-latest'), { input: 0.4, output: 2 });
  assert.deepEqual(on('2026-06-16', 'mistral-medium-latest'), { input: 1.5, output: 7.5 });
  assert.deepEqual(on('2025-12-01', 'ministral-8b-latest'), { input: 0.1, output: 0.1 });
  assert.deepEqual(entry('ministral-8b-latest').prices, { input: 0.15, output: 0.15 });
  // Where genai-prices 0.1.8 (2026-09-23) and the LiteLLM 2025-09-05 snapshot disagree, the newer price wins.
  assert.deepEqual(entry('codestral-latest').prices, { input: 0.3, output: 0.9 });
  assert.deepEqual(entry('open-mistral-nemo').prices, { input: 0.15, output: 0.15 });
  assert.deepEqual(entry('mistral-small-latest').prices, { input: 0.1, output: 0.3 });
  assert.deepEqual(entry('pixtral-large-latest').prices, { input: 2, output: 6 });
  for (const model of catalog.models.filter((candidate) => candidate.provider === 'mistral')) {
    // No offline Mistral tokenizer: counts are labelled estimates; Mistral's cache and batch prices are not modelled.
    assert.equal(model.tokenizer, 'generic-estimate', model.id);
    assert.equal(model.caching.mechanism, 'none', model.id);
    assert.equal(model.batchDiscount, undefined, model.id);
    assert.match(model.source, /genai-prices-0\.1\.8|litellm-2025-09-05/, model.id);
  }
  // A Mistral name the catalog does not list stays unknown: no guess from a neighbour.
  assert.equal(catalog.resolve('ministral-3b-latest'), undefined);
});

test('a local provider (Ollama) prices any model it serves at $0 API cost, labelled local; its hosted -cloud models stay unpriced', () => {
  const rules = bundledCatalog().rules;
  assert.deepEqual([...rules.localProviders.keys()], ['ollama']);
  const local = catalog.local?.('ollama', 'llama3.2');
  assert.ok(local);
  assert.deepEqual({ id: local.id, provider: local.provider, displayName: local.displayName, prices: local.prices, contextWindow: local.contextWindow, maxOutputTokens: local.maxOutputTokens, tokenizer: local.tokenizer, asOf: local.asOf },
    { id: 'llama3.2', provider: 'ollama', displayName: 'llama3.2 (local)', prices: { input: 0, output: 0 }, contextWindow: 0, maxOutputTokens: 0, tokenizer: 'generic-estimate', asOf: '2026-12-04' });
  assert.match(local.local!.source, /^ollama-docs: /);
  // Even a name the catalog prices as a hosted model is local through Ollama: the call goes to the user's server.
  assert.equal(catalog.local?.('ollama', 'gpt-oss-20b')?.prices.output, 0);
  for (const hosted of ['gpt-oss:120b-cloud', 'deepseek-v3.1:671b-cloud', 'qwen3-coder:cloud']) assert.equal(catalog.local?.('ollama', hosted), undefined, hosted);
  for (const provider of ['openai', 'mistral', null, 'constructor', '__proto__']) assert.equal(catalog.local?.(provider, 'llama3.2'), undefined, String(provider));
  // The catalog's own models are never local, and no catalog model has a $0 price.
  assert.ok(catalog.models.every((model) => model.local === undefined && model.prices.output > 0));
});

test('localProviders are validated: a source citing an unknown key, a bad date or a bad pattern is reported and the provider skipped', () => {
  const base = { asOf: '2026-07-24', sources: { 'ollama-docs': 'x' }, models: [] };
  const bad = validateCatalogData({ ...base, localProviders: { a: { source: 'nowhere: x', asOf: '2026-12-04' }, b: { source: 'ollama-docs: x', asOf: 'soon' }, c: { source: 'ollama-docs: x', asOf: '2026-12-04', notLocal: '(' }, d: 'local', e: { source: 'ollama-docs: x', asOf: '2026-12-04', extra: 1 } } }, 'catalog.yaml');
  assert.deepEqual(bad.problems.map((problem) => `${problem.path}: ${problem.message}`), [
    'localProviders.a.source: local provider a: source must start with a key of sources, found "nowhere: x"',
    'localProviders.b.asOf: local provider b: asOf must be a date written YYYY-MM-DD, found "soon"',
    'localProviders.c.notLocal: local provider c: notLocal must be a regular expression, found "("',
    'localProviders.d: local provider d must be a mapping { source, asOf, notLocal }, found "local"',
    'localProviders.e.extra: unknown key extra; ignored',
  ]);
  assert.deepEqual([...bad.rules.localProviders.keys()], ['e']);
});
