import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { bundledCatalog, loadCatalog } from '../../../src/core/pricing/catalog';
import { applyAliases, applyOverrides } from '../../../src/core/pricing/overrides';
import type { ModelEntry } from '../../../src/core/pricing/types';

const base = bundledCatalog().models;
const summary = (problems: Array<{ path: string; message: string }>) => problems.map((problem) => `${problem.path}: ${problem.message}`);

test('an override changes only the fields it names and wins in resolve', () => {
  const config = parse(`
models:
  gpt-4o:
    prices: { input: 2.0 }
    contextWindow: 64000
`) as { models: unknown };
  const { catalog, problems } = loadCatalog({ overrides: config.models, fileLabel: '.promptcost.yaml' });
  assert.deepEqual(problems, []);
  const gpt4o = catalog.resolve('openai/gpt-4o-2024-08-06');
  assert.deepEqual(gpt4o?.prices, { input: 2, output: 10, cachedInput: 1.25 });
  assert.equal(gpt4o?.contextWindow, 64000);
  assert.equal(gpt4o?.maxOutputTokens, 16384);
  assert.equal(gpt4o?.source, 'litellm-2026-07-24: gpt-4o, gpt-4o-2024-08-06, gpt-4o-2024-11-20; openai-docs: prices, caching; overridden in .promptcost.yaml: contextWindow, prices.input');
  assert.equal(catalog.models.length, 106);
  assert.equal(loadCatalog().catalog.resolve('gpt-4o')?.prices.input, 2.5, 'the bundled entry is untouched');
});

test('an override keyed by an alias or display name changes the catalog entry', () => {
  const { models, problems } = applyOverrides(base, { 'claude-sonnet-4-5-20250929': { prices: { output: 12 } }, 'Gemini 2.5 Pro': { tier: 'standard' } }, 'cfg.yaml');
  assert.deepEqual(problems, []);
  assert.equal(models.find((model) => model.id === 'claude-sonnet-4-5')?.prices.output, 12);
  assert.equal(models.find((model) => model.id === 'gemini-2.5-pro')?.tier, 'standard');
  assert.equal(models.length, base.length);
});

test('an override adds aliases to the model instead of replacing its names', () => {
  const { catalog } = loadCatalog({ overrides: { 'gpt-4.1': { aliases: ['prod-writer'] } } });
  assert.equal(catalog.resolve('prod-writer')?.id, 'gpt-4.1');
  assert.equal(catalog.resolve('gpt-4.1-2025-04-14')?.id, 'gpt-4.1');
});

test('a new model with the required fields is added with defaults for the rest', () => {
  const { catalog, problems } = loadCatalog({
    overrides: { 'acme-large': { provider: 'acme', prices: { input: 0, output: 0 }, contextWindow: 32000, maxOutputTokens: 4096, smallSibling: 'gpt-4o-mini' } },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(catalog.resolve('ACME-LARGE'), {
    id: 'acme-large',
    provider: 'acme',
    displayName: 'acme-large',
    aliases: [],
    tokenizer: 'generic-estimate',
    prices: { input: 0, output: 0 },
    contextWindow: 32000,
    maxOutputTokens: 4096,
    caching: { mechanism: 'none', minimumTokens: 0 },
    smallSibling: 'gpt-4o-mini',
    source: 'added in .promptcost.yaml',
    asOf: '',
  });
  assert.equal(catalog.models.length, 107);
});

test('a new model named like an OpenAI model gets its tokenizer', () => {
  const { models } = applyOverrides(base, { 'azure/gpt-4o-ft-support': { provider: 'azure', prices: { input: 3, output: 12 }, contextWindow: 128000, maxOutputTokens: 16384 } }, 'cfg.yaml');
  assert.equal(models.at(-1)?.tokenizer, 'o200k_base');
});

test('bad override values are reported with their path and the catalog value stays', () => {
  const overrides = parse(`
gpt-4o:
  prices: { input: "2.50", output: -1, cachedInput: 1.0 }
  contextWindow: lots
  tokeniser: o200k_base
claude-haiku-4-5:
  caching: { minimumTokens: 2048.5 }
  smallSibling: claude-tiny
acme-large:
  provider: acme
  prices: { input: 1 }
"bad entry": 12
`);
  const { models, problems } = applyOverrides(base, overrides, '.promptcost.yaml');
  assert.deepEqual(summary(problems), [
    'models.gpt-4o.tokeniser: unknown key tokeniser (did you mean tokenizer?); ignored',
    'models.gpt-4o.contextWindow: contextWindow must be a whole number of tokens from 1 to 1000000000, found "lots"',
    'models.gpt-4o.prices.input: prices.input must be a number zero or more (USD per million tokens, at most 100000), found "2.50"',
    'models.gpt-4o.prices.output: prices.output must be a number zero or more (USD per million tokens, at most 100000), found -1',
    'models.claude-haiku-4-5.caching.minimumTokens: caching.minimumTokens must be a whole number from 0, found 2048.5',
    'models.acme-large: model acme-large is missing contextWindow, maxOutputTokens, prices.output; skipped',
    'models.bad entry: expected a mapping of model fields, found 12',
    'models.claude-haiku-4-5.smallSibling: smallSibling claude-tiny is not a known model; ignored',
  ]);
  assert.deepEqual(problems[2].pathSegments, ['models', 'gpt-4o', 'prices', 'input']);
  const gpt4o = models.find((model) => model.id === 'gpt-4o') as ModelEntry;
  assert.deepEqual(gpt4o.prices, { input: 2.5, output: 10, cachedInput: 1 });
  assert.equal(gpt4o.contextWindow, 128000);
  const haiku = models.find((model) => model.id === 'claude-haiku-4-5') as ModelEntry;
  assert.equal(haiku.caching.minimumTokens, 4096);
  assert.equal(haiku.smallSibling, undefined);
  assert.equal(models.length, base.length);
});

test('an override that makes the entry inconsistent is refused as a whole', () => {
  const { models, problems } = applyOverrides(base, { 'gpt-4o': { prices: { cachedInput: 9 }, tier: 'small' } }, 'cfg.yaml');
  assert.deepEqual(summary(problems), [
    'models.gpt-4o.prices.cachedInput: prices.cachedInput (9) is above prices.input (2.5); a cache read is never dearer than a miss',
    'models.gpt-4o: override of gpt-4o is inconsistent; the catalog entry is used unchanged',
  ]);
  assert.equal(models.find((model) => model.id === 'gpt-4o')?.tier, 'standard');
});

test('an id inside an override is ignored: the key names the model', () => {
  const { models, problems } = applyOverrides(base, { 'gpt-4o': { id: 'gpt-9', prices: { output: 9 } } }, 'cfg.yaml');
  assert.deepEqual(summary(problems), ['models.gpt-4o.id: id comes from the key (gpt-4o); ignored']);
  assert.equal(models.find((model) => model.id === 'gpt-4o')?.prices.output, 9);
  assert.equal(models.some((model) => model.id === 'gpt-9'), false);
});

test('a models section that is not a mapping is one problem and changes nothing', () => {
  for (const value of [['gpt-4o'], 'gpt-4o', 3]) {
    const { models, problems } = applyOverrides(base, value, 'cfg.yaml');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^models must map model ids to fields, found .+; ignored$/);
    assert.equal(models.length, base.length);
  }
  assert.deepEqual(applyOverrides(base, undefined, 'cfg.yaml').problems, []);
  assert.deepEqual(applyOverrides(base, null, 'cfg.yaml').problems, []);
});

test('aliases map custom deployment names to catalog models', () => {
  const { catalog, problems } = loadCatalog({ aliases: { 'my-gpt4o-deploy': 'gpt-4o', 'support-bot': 'anthropic/claude-sonnet-4-5-20250929' } });
  assert.deepEqual(problems, []);
  assert.equal(catalog.resolve('my-gpt4o-deploy')?.id, 'gpt-4o');
  assert.equal(catalog.resolve('azure/my-gpt4o-deploy')?.id, 'gpt-4o');
  assert.equal(catalog.resolve('Support-Bot')?.id, 'claude-sonnet-4-5');
});

test('a user alias takes a name away from the entry that had it', () => {
  const { models, problems } = applyAliases(base, { 'gpt-5-chat': 'gpt-5.1-chat-latest' }, 'cfg.yaml');
  assert.deepEqual(problems, []);
  assert.equal(models.find((model) => model.id === 'gpt-5-chat-latest')?.aliases.includes('gpt-5-chat'), false);
  assert.equal(models.find((model) => model.id === 'gpt-5.1-chat-latest')?.aliases.includes('gpt-5-chat'), true);
  const { catalog } = loadCatalog({ aliases: { 'gpt-5-chat': 'gpt-5.1-chat-latest' } });
  assert.equal(catalog.resolve('gpt-5-chat')?.id, 'gpt-5.1-chat-latest');
});

test('bad aliases are reported with their path and suggestions', () => {
  const { models, problems } = applyAliases(base, { 'my-deploy': 'gpt4o', 'gpt-4o-mini': 'gpt-4o', broken: 5, '': 'gpt-4o' }, 'cfg.yaml');
  assert.deepEqual(summary(problems), [
    'aliases.my-deploy: alias my-deploy: gpt4o is not a known model (did you mean gpt-4o?); ignored',
    'aliases.gpt-4o-mini: alias gpt-4o-mini is the id of model gpt-4o-mini; ignored',
    'aliases.broken: alias broken must name a model, found 5; ignored',
    'aliases.: alias must be a non-empty single-line name; ignored',
  ]);
  assert.deepEqual(models, [...base]);
  assert.equal(applyAliases(base, ['a'], 'cfg.yaml').problems[0].message, 'aliases must map custom names to model ids, found a list; ignored');
});

test('extra models only add names the catalog does not know', () => {
  const extra = (id: string, input: number): ModelEntry => ({ ...base.find((model) => model.id === 'gpt-4o')!, id, aliases: [], displayName: id, prices: { input, output: 1 } });
  const { catalog } = loadCatalog({ extraModels: [extra('gpt-4o', 99), extra('vertex_ai/claude-3-5-haiku', 1), extra('acme-1', 3), extra('ACME-1', 4)] });
  assert.equal(catalog.resolve('gpt-4o')?.prices.input, 2.5);
  assert.equal(catalog.resolve('vertex_ai/claude-3-5-haiku')?.prices.input, 1);
  assert.equal(catalog.resolve('claude-3-5-haiku')?.prices.input, 0.8);
  assert.equal(catalog.resolve('acme-1')?.prices.input, 3);
  assert.equal(catalog.models.length, 108);
});

test('names resolve entry by entry: a renamed display name no longer finds its model, aliases and ids still do', () => {
  const model = { provider: 'acme', prices: { input: 1, output: 2 }, contextWindow: 1000, maxOutputTokens: 100 };
  const { models, problems } = applyOverrides(
    base,
    {
      'acme-1': { ...model, displayName: 'Acme One', aliases: ['acme-first'] },
      'Acme One': { displayName: 'Acme Uno' }, // the display name as written so far: overrides acme-1
      'acme-first': { prices: { output: 3 } }, // an alias: overrides acme-1 again
      'ACME ONE': { ...model, prices: { input: 5, output: 6 } }, // no model is called this any more: a new model
    },
    'cfg.yaml',
  );
  assert.deepEqual(summary(problems), []);
  const acme = models.filter((entry) => entry.provider === 'acme');
  assert.deepEqual(acme.map((entry) => [entry.id, entry.displayName, entry.prices.input, entry.prices.output]), [
    ['acme-1', 'Acme Uno', 1, 3],
    ['ACME ONE', 'ACME ONE', 5, 6],
  ]);
});
