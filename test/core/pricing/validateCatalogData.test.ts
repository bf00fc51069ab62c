import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateCatalogData } from '../../../src/core/pricing/catalog';

const goodEntry = () => ({
  id: 'acme-large',
  provider: 'acme',
  displayName: 'Acme Large',
  aliases: ['acme/acme-large'],
  tokenizer: 'generic-estimate',
  prices: { input: 1, output: 2, cachedInput: 0.5 },
  contextWindow: 32000,
  maxOutputTokens: 4096,
  caching: { mechanism: 'automatic', minimumTokens: 1024 },
  tier: 'standard',
  source: 'acme pricing page',
  asOf: '2026-01-31',
});
const doc = (...models: unknown[]) => ({ asOf: '2026-01-31', sources: { acme: 'https://acme.example/pricing' }, models });
const summary = (result: ReturnType<typeof validateCatalogData>) => result.problems.map((problem) => `${problem.path}: ${problem.message}`);

test('a well-formed entry validates with no problems and keeps every field', () => {
  const result = validateCatalogData(doc(goodEntry()), 'test.yaml');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.models, [goodEntry()]);
  assert.equal(result.rules.asOf, '2026-01-31');
});

test('each bad field is reported at its path and the entry is skipped', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ prices: { input: '2.50', output: 2 } }, 'models[0].prices.input: prices.input must be a number above zero (USD per million tokens, at most 100000), found "2.50"'],
    [{ prices: { input: -1, output: 2 } }, 'models[0].prices.input: prices.input must be a number above zero (USD per million tokens, at most 100000), found -1'],
    [{ prices: { input: 0, output: 2 } }, 'models[0].prices.input: prices.input must be a number above zero (USD per million tokens, at most 100000), found 0'],
    [{ prices: { input: 2.5e-6 * 1e12, output: 2 } }, 'models[0].prices.input: prices.input must be a number above zero (USD per million tokens, at most 100000), found 2500000'],
    [{ tokenizer: 'llama3' }, 'models[0].tokenizer: tokenizer must be one of o200k_base, cl100k_base, o200k_harmony, anthropic-estimate, gemini-estimate, generic-estimate, openai-estimate, found "llama3"'],
    [{ asOf: '2026-02-30' }, 'models[0].asOf: asOf must be a date written YYYY-MM-DD, found "2026-02-30"'],
    [{ asOf: '31/01/2026' }, 'models[0].asOf: asOf must be a date written YYYY-MM-DD, found "31/01/2026"'],
    [{ contextWindow: 1.5 }, 'models[0].contextWindow: contextWindow must be a whole number of tokens from 1 to 1000000000, found 1.5'],
    [{ maxOutputTokens: 0 }, 'models[0].maxOutputTokens: maxOutputTokens must be a whole number of tokens from 1 to 1000000000, found 0'],
    [{ caching: { mechanism: 'sometimes', minimumTokens: 1024 } }, 'models[0].caching.mechanism: caching.mechanism must be one of automatic, explicit, implicit, none, found "sometimes"'],
    [{ batchDiscount: 50 }, 'models[0].batchDiscount: batchDiscount must be a fraction between 0 and 1 (0.5 = half price), found 50'],
    [{ tier: 'huge' }, 'models[0].tier: tier must be frontier, standard or small, found "huge"'],
    [{ aliases: 'acme' }, 'models[0].aliases: aliases must be a list of names, found "acme"'],
    [{ aliases: ['ok', 7] }, 'models[0].aliases[1]: alias must be a non-empty single-line text, found 7'],
    [{ id: '' }, 'models[0].id: id must be a non-empty single-line text, found ""'],
  ];
  for (const [change, expected] of cases) {
    const result = validateCatalogData(doc({ ...goodEntry(), ...change }), 'test.yaml');
    assert.deepEqual(result.models, [], expected);
    assert.equal(summary(result)[0], expected);
    assert.equal(result.problems[0].severity, 'warning');
    assert.equal(result.problems[0].file, 'test.yaml');
  }
});

test('problems carry path segments usable with yaml getIn', () => {
  const result = validateCatalogData(doc(goodEntry(), { ...goodEntry(), id: 'acme-small', aliases: [], displayName: 'Acme Small', prices: { input: 1, output: 'x' } }), 'test.yaml');
  assert.deepEqual(result.problems[0].pathSegments, ['models', 1, 'prices', 'output']);
  assert.deepEqual(result.models.map((model) => model.id), ['acme-large']);
});

test('missing required fields are listed together and the entry is skipped', () => {
  const { id, provider, prices, ...rest } = goodEntry();
  void id;
  void provider;
  void prices;
  const result = validateCatalogData(doc(rest), 'test.yaml');
  assert.deepEqual(summary(result), ['models[0]: model (no id) is missing id, provider, prices.input, prices.output; skipped']);
});

test('a cache read dearer than the input price is inconsistent', () => {
  const result = validateCatalogData(doc({ ...goodEntry(), prices: { input: 1, output: 2, cachedInput: 3 } }), 'test.yaml');
  assert.deepEqual(summary(result), ['models[0].prices.cachedInput: prices.cachedInput (3) is above prices.input (1); a cache read is never dearer than a miss']);
  assert.deepEqual(result.models, []);
});

test('unknown keys are reported with a suggestion and the entry is kept', () => {
  const result = validateCatalogData(doc({ ...goodEntry(), contextWindw: 10, prices: { ...goodEntry().prices, cached: 1 } }), 'test.yaml');
  assert.deepEqual(summary(result), [
    'models[0].contextWindw: unknown key contextWindw (did you mean contextWindow?); ignored',
    'models[0].prices.cached: unknown key cached; ignored',
  ]);
  assert.equal(result.models.length, 1);
});

test('duplicate ids and names claimed by two entries are reported; the first entry keeps them', () => {
  const second = { ...goodEntry(), displayName: 'Acme Large Again' };
  const third = { ...goodEntry(), id: 'acme-other', displayName: 'Acme Other', aliases: ['ACME/acme-large', 'acme-other-2'] };
  const result = validateCatalogData(doc(goodEntry(), second, third), 'test.yaml');
  assert.deepEqual(summary(result), [
    'models[1].id: model acme-large: the name acme-large already belongs to acme-large; skipped',
    'models[2].aliases: model acme-other: the name ACME/acme-large already belongs to acme-large',
  ]);
  assert.deepEqual(result.models.map((model) => [model.id, model.aliases]), [['acme-large', ['acme/acme-large']], ['acme-other', ['acme-other-2']]]);
});

test('a small sibling that names no model is reported and dropped', () => {
  const result = validateCatalogData(doc({ ...goodEntry(), smallSibling: 'acme-tiny' }), 'test.yaml');
  assert.deepEqual(summary(result), ['models[0].smallSibling: model acme-large: smallSibling acme-tiny is not a model id in this catalog; ignored']);
  assert.equal(result.models[0].smallSibling, undefined);
});

test('documents of the wrong shape give one clear problem and no models', () => {
  for (const [data, expected] of [
    [null, ': expected a mapping with asOf, sources and models, found null'],
    [[1, 2], ': expected a mapping with asOf, sources and models, found a list'],
    ['models: []', ': expected a mapping with asOf, sources and models, found "models: []"'],
  ] as const) {
    const result = validateCatalogData(data, 'test.yaml');
    assert.deepEqual(summary(result), [expected]);
    assert.equal(result.problems[0].severity, 'error');
  }
  const noList = validateCatalogData({ asOf: '2026-01-31', sources: {}, models: { a: 1 } }, 'test.yaml');
  assert.deepEqual(summary(noList), ['models: models must be a list of model entries, found a mapping']);
});

test('rules with bad patterns or bodies are reported and left out', () => {
  const result = validateCatalogData(
    {
      ...doc(goodEntry()),
      batchDiscounts: { acme: 0.5, other: 2 },
      cachingRules: [
        { models: 'acme-', caching: { mechanism: 'automatic', minimumTokens: 256 }, source: 'acme docs' },
        { models: '(', caching: { mechanism: 'automatic', minimumTokens: 256 }, source: 'x' },
        { models: 'b', caching: { mechanism: 'automatic' }, source: 'x' },
      ],
      tokenRatioRules: [{ models: 'acme', tokenRatio: -1, source: 'x' }],
    },
    'test.yaml',
  );
  assert.deepEqual(summary(result), [
    'batchDiscounts.other: batch discount must be a fraction between 0 and 1, found 2',
    'cachingRules[1].models: models is not a valid regular expression: Invalid regular expression: /(/: Unterminated group',
    'cachingRules[2].caching: caching needs a valid mechanism and minimumTokens',
    'tokenRatioRules[0].tokenRatio: tokenRatio must be a number above 0 and at most 10, found -1',
  ]);
  assert.deepEqual({ ...result.rules.batchDiscounts }, { acme: 0.5 });
  assert.deepEqual(result.rules.cachingRules.map((rule) => [rule.pattern.source, rule.caching.minimumTokens]), [['acme-', 256]]);
  assert.deepEqual(result.rules.tokenRatioRules, []);
});

test('a huge list of junk entries is reported in bounded time with a capped problem list', () => {
  const junk = Array.from({ length: 20_000 }, (_, index) => (index % 2 ? 'text' : { prices: 'free' }));
  const result = validateCatalogData(doc(...junk), 'test.yaml');
  assert.deepEqual(result.models, []);
  assert.equal(result.problems.length, 501);
  assert.match(result.problems[500].message, /^\d+ more problem\(s\) not listed$/);
});
