import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, parseConfig, callsPerMonthFor } from '../../../src/core/config';
import { matchesGlob } from '../../../src/core/glob';

test('an empty config file yields the defaults and no problems', () => {
  const { config, problems } = parseConfig('');
  assert.deepEqual(problems, []);
  assert.deepEqual(config.compareModels, DEFAULT_CONFIG.compareModels);
  assert.equal(config.callsPerMonth, 10000);
});

test('reads every documented setting', () => {
  const text = [
    'compareModels: [gpt-4.1-mini, claude-haiku-4-5]',
    'callsPerMonth: 50000',
    'volumes:',
    '  - glob: src/chat/**',
    '    callsPerMonth: 250000',
    'expectedOutputTokens: 300',
    'assumedPlaceholderTokens: 80',
    'budgets:',
    '  monthlyUsd: 2000',
    '  perCallUsd: 0.05',
    '  perFile:',
    '    - glob: prompts/**',
    '      monthlyUsd: 100',
    'rules:',
    '  model-overkill: warning',
    '  redundant-instruction: off',
    'cache: { hitRate: 0.5, ttl: 1h }',
    'batchable: [jobs/**]',
    'aliases:',
    '  my-deploy: gpt-4o',
  ].join('\n');
  const { config, problems } = parseConfig(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(config.compareModels, ['gpt-4.1-mini', 'claude-haiku-4-5']);
  assert.equal(config.callsPerMonth, 50000);
  assert.deepEqual(config.volumes, [{ glob: 'src/chat/**', callsPerMonth: 250000 }]);
  assert.equal(config.expectedOutputTokens, 300);
  assert.equal(config.assumedPlaceholderTokens, 80);
  assert.deepEqual(config.budgets, { monthlyUsd: 2000, perCallUsd: 0.05, perFile: [{ glob: 'prompts/**', monthlyUsd: 100 }] });
  assert.deepEqual(config.rules, { 'model-overkill': 'warning', 'redundant-instruction': 'off' });
  assert.deepEqual(config.cache, { hitRate: 0.5, ttl: '1h' });
  assert.deepEqual(config.batchable, ['jobs/**']);
  assert.deepEqual(config.modelAliases, { 'my-deploy': 'gpt-4o' });
  assert.equal(callsPerMonthFor(config, 'src/chat/bot.py', matchesGlob), 250000);
  assert.equal(callsPerMonthFor(config, 'src/other.py', matchesGlob), 50000);
});

test('malformed YAML is reported at its location and the defaults stay', () => {
  const text = 'compareModels: [gpt-4o\ncallsPerMonth: 5\n';
  const { config, problems } = parseConfig(text);
  assert.ok(problems.length >= 1);
  assert.equal(problems[0].severity, 'error');
  assert.match(problems[0].message, /^YAML: /);
  assert.ok(problems[0].span && problems[0].span.start >= 0);
  assert.deepEqual(config.compareModels, DEFAULT_CONFIG.compareModels);
  assert.equal(config.callsPerMonth, DEFAULT_CONFIG.callsPerMonth);
});

test('expectOutputAtCap, removed in schemaVersion 2, is a located warning that names what replaced it', () => {
  const text = 'expectOutputAtCap: true\n';
  const { config, problems } = parseConfig(text);
  assert.deepEqual(problems.map((p) => [p.severity, p.message, text.slice(p.span!.start, p.span!.end)]), [
    ['warning', 'expectOutputAtCap was removed: costs are now the expected figure, and the worst case (every reply at the cap or the model maximum) is reported beside them', 'expectOutputAtCap'],
  ]);
  assert.equal(config.expectedOutputTokens, 400);
});

test('bad values are located, fall back, and do not stop the good ones', () => {
  const text = 'callsPerMonth: lots\nexpectedOutputTokens: -3\nrules:\n  unbounded-output: loud\nmystery: 1\ncompareModels: [gpt-4o]\n';
  const { config, problems } = parseConfig(text);
  assert.deepEqual(problems.map((p) => [p.severity, p.message, text.slice(p.span!.start, p.span!.end)]), [
    ['error', 'callsPerMonth must be a number of calls from 0 to 1,000,000,000,000, got "lots"', 'lots'],
    ['error', 'expectedOutputTokens must be a whole number of tokens from 0 to 1,000,000,000, got -3', '-3'],
    ['error', 'rule unbounded-output: severity must be one of error, warning, information, hint, off', 'loud'],
    ['warning', 'unknown setting "mystery" (known: compareModels, defaultModels, models, aliases, expectedOutputTokens, assumedPlaceholderTokens, placeholders, callsPerMonth, volumes, budgets, rules, include, exclude, promptGlobs, cache, batchable, litellm, serviceTiers, failOnUnknownModel, priceDataMaxAgeDays, testPaths, includeTests, turnsPerSession, responseCache)', 'mystery'],
  ]);
  assert.equal(config.callsPerMonth, 10000);
  assert.equal(config.expectedOutputTokens, 400);
  assert.deepEqual(config.compareModels, ['gpt-4o']);
});

test('turnsPerSession and responseCache.hitRate: read when valid, located errors and the defaults otherwise', () => {
  const good = parseConfig('turnsPerSession: 25\nresponseCache: { hitRate: 0.8 }\n');
  assert.deepEqual(good.problems, []);
  assert.deepEqual([good.config.turnsPerSession, good.config.responseCache.hitRate], [25, 0.8]);
  const text = 'turnsPerSession: 0\nresponseCache: { hitRate: 2, size: 9 }\n';
  const bad = parseConfig(text);
  assert.deepEqual(bad.problems.map((p) => [p.severity, p.message, text.slice(p.span!.start, p.span!.end)]), [
    ['error', 'turnsPerSession must be a whole number of turns from 1 to 10,000, got 0', '0'],
    ['error', 'responseCache must be { hitRate: a share from 0 to 1 }, got {"hitRate":2,"size":9}', '{ hitRate: 2, size: 9 }'],
  ]);
  assert.deepEqual([bad.config.turnsPerSession, bad.config.responseCache.hitRate], [10, 0.5]);
});

test('a top-level list is rejected with a message, not a crash', () => {
  const { problems } = parseConfig('- a\n- b\n');
  assert.equal(problems[0].message, 'expected a mapping of settings at the top level');
});

test('callsPerMonth: null means no volume is configured', () => {
  assert.equal(parseConfig('callsPerMonth: null').config.callsPerMonth, null);
});

test('the returned config is frozen', () => {
  const { config } = parseConfig('compareModels: [gpt-4o]');
  assert.throws(() => (config.compareModels as string[]).push('x'));
});

test('model overrides from the file win per model over those from the editor settings', () => {
  const base = { ...DEFAULT_CONFIG, modelOverrides: { 'gpt-4o': { prices: { input: 1 } }, 'my-model': { provider: 'acme' } } };
  const { config } = parseConfig('models:\n  gpt-4o:\n    prices: { input: 2 }\n', '.promptcost.yaml', base);
  assert.deepEqual(config.modelOverrides, { 'gpt-4o': { prices: { input: 2 } }, 'my-model': { provider: 'acme' } });
});
