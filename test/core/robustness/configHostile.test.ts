// Hostile `.promptcost.yaml` and LiteLLM price files: every one yields a session with located problems, never a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BILLION_LAUGHS_ANCHORS } from './hostileInputs';
import { randomBytes, readBundledFile, runWatched, serveJobsInWorker } from './support';
import { DEFAULT_CONFIG, parseConfig } from '../../../src/core/config';
import { createAuditSession } from '../../../src/core/session';
import { importLiteLLM } from '../../../src/core/pricing/litellm';

const HOSTILE_CONFIGS: Record<string, string> = {
  'billion laughs under models': `${BILLION_LAUGHS_ANCHORS}\nmodels: *i\n`,
  'billion laughs under compareModels': `${BILLION_LAUGHS_ANCHORS}\ncompareModels: *i\n`,
  'billion laughs under rules, volumes, budgets, cache': `${BILLION_LAUGHS_ANCHORS}\nrules: *i\nvolumes: *i\nbudgets: *i\ncache: *i\n`,
  'tabs': 'callsPerMonth:\t5\nrules:\n\tunbounded-output: off\n',
  'duplicate keys': 'callsPerMonth: 5\ncallsPerMonth: 6\n',
  'wrong types everywhere': 'compareModels: [1,2]\ncallsPerMonth: 1e309\nexpectedOutputTokens: -1\nassumedPlaceholderTokens: "lots"\nlitellm: 5\ninclude: "**"\n',
  'binary junk': randomBytes(7, 4096).toString('latin1'),
  'NUL bytes': '\u0000\u0001\u0002',
  'a list at the top': '- a\n- b\n',
  'prototype keys': '__proto__: {polluted: true}\nconstructor: 1\nmodels: {__proto__: {prices: {input: 1, output: 1}}}\naliases: {__proto__: gpt-4o}\n',
  'unterminated flow': 'compareModels: [gpt-4o,\nrules: {a: ',
  '100,000 models': 'compareModels: [' + Array(100_000).fill('gpt-4o').join(',') + ']\n',
  'lone surrogates and RTL': 'compareModels: ["\uD800gpt", "\u202Egpt-4o"]\n',
};

const HOSTILE_LITELLM: Record<string, string> = {
  empty: '',
  'NUL byte': '\u0000',
  'a list': '[1,2]',
  'a string': '"x"',
  '100,000 nested lists': '['.repeat(100_000) + ']'.repeat(100_000),
  'wrong values': JSON.stringify({ 'gpt-x': { mode: 'chat', input_cost_per_token: 1e308, output_cost_per_token: -1, max_input_tokens: 'lots', litellm_provider: { a: 1 } }, m3: null, m4: [1] }),
  'prototype key': '{"__proto__": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6, "max_tokens": 1000, "litellm_provider": "openai"}}',
  'binary junk': randomBytes(11, 4096).toString('utf8'),
};

const jobs = {
  sessions(): Array<{ name: string; configProblems: string[]; sessionProblems: number; compareModels: number; polluted: unknown }> {
    return Object.entries(HOSTILE_CONFIGS).map(([name, text]) => {
      const loaded = parseConfig(text);
      const session = createAuditSession({ configText: text, readBundledFile });
      return {
        name,
        configProblems: loaded.problems.filter((problem) => !problem.message.startsWith('unknown setting')).map((problem) => `${problem.severity}: ${problem.message}`),
        sessionProblems: session.problems.length,
        compareModels: session.context.config.compareModels.length,
        polluted: ({} as Record<string, unknown>).polluted,
      };
    });
  },
  litellm(): Array<{ name: string; models: number; problems: string[]; sessionModels: number }> {
    return Object.entries(HOSTILE_LITELLM).map(([name, text]) => {
      const imported = importLiteLLM(text, { source: 'prices.json', asOf: '2026-11-01' });
      const session = createAuditSession({ litellmFiles: [{ file: 'prices.json', text, asOf: '2026-11-01' }], readBundledFile });
      return { name, models: imported.models.length, problems: imported.problems.map((problem) => `${problem.severity}: ${problem.message}`), sessionModels: session.context.catalog.models.length };
    });
  },
};

if (!serveJobsInWorker(jobs)) {
  test('hostile .promptcost.yaml texts: no throw, no prototype pollution, each bad value a problem, defaults kept', { timeout: 120_000 }, async () => {
    const results = await runWatched<Awaited<ReturnType<typeof jobs.sessions>>>(__filename, 'sessions', null);
    const byName = new Map(results.map((result) => [result.name, result]));
    for (const result of results) assert.equal(result.polluted, undefined, `${result.name}: Object.prototype untouched`);
    assert.deepEqual(byName.get('billion laughs under compareModels')!.configProblems, ['error: compareModels must be a non-empty list of model ids']);
    assert.deepEqual(byName.get('billion laughs under rules, volumes, budgets, cache')!.configProblems.slice(0, 3), [
      'error: rules must map rule ids to error, warning, information, hint or off',
      'error: volumes must be a list of { glob, callsPerMonth }',
      'error: budgets must be a mapping (monthlyUsd, perCallUsd, perFile)',
    ]);
    assert.deepEqual(byName.get('tabs')!.configProblems, ['error: YAML: Tabs are not allowed as indentation']);
    assert.deepEqual(byName.get('duplicate keys')!.configProblems, ['error: YAML: Map keys must be unique']);
    assert.deepEqual(byName.get('wrong types everywhere')!.configProblems, [
      'error: compareModels must be a non-empty list of model ids',
      'error: callsPerMonth must be a number of calls from 0 to 1,000,000,000,000, got Infinity',
      'error: expectedOutputTokens must be a whole number of tokens from 0 to 1,000,000,000, got -1',
      'error: assumedPlaceholderTokens must be a whole number of tokens from 0 to 1,000,000,000, got "lots"',
      'error: litellm must be a path (or list of paths) to model_prices_and_context_window.json',
      'error: include must be a list of globs',
    ]);
    assert.equal(byName.get('wrong types everywhere')!.compareModels, DEFAULT_CONFIG.compareModels.length, 'defaults kept');
    for (const name of ['binary junk', 'NUL bytes', 'a list at the top', 'unterminated flow']) {
      assert.ok(byName.get(name)!.configProblems.length >= 1 && byName.get(name)!.configProblems.every((problem) => problem.startsWith('error: ')), name);
    }
    assert.deepEqual(byName.get('a list at the top')!.configProblems, ['error: expected a mapping of settings at the top level']);
    assert.equal(byName.get('100,000 models')!.compareModels, 100_000);
  });

  test('hostile LiteLLM price files: no throw, nothing imported from junk, one clear error each', { timeout: 120_000 }, async () => {
    const results = await runWatched<Awaited<ReturnType<typeof jobs.litellm>>>(__filename, 'litellm', null);
    const byName = new Map(results.map((result) => [result.name, result]));
    const bundledModels = byName.get('empty')!.sessionModels;
    // A well-formed entry named `__proto__` is an ordinary (odd) model: imported as one entry, nothing polluted.
    assert.deepEqual([byName.get('prototype key')!.models, byName.get('prototype key')!.sessionModels], [1, bundledModels + 1]);
    assert.equal(({} as Record<string, unknown>).mode, undefined);
    for (const result of results.filter((candidate) => candidate.name !== 'prototype key')) {
      assert.equal(result.models, 0, `${result.name}: nothing priced from junk`);
      assert.equal(result.sessionModels, bundledModels, `${result.name}: the bundled catalog is intact`);
    }
    assert.deepEqual(byName.get('empty')!.problems, ['error: not valid JSON']);
    assert.deepEqual(byName.get('a list')!.problems, ['error: expected an object keyed by model name, found a list']);
    assert.deepEqual(byName.get('100,000 nested lists')!.problems, ['error: expected an object keyed by model name, found a list']);
    assert.deepEqual(byName.get('a string')!.problems, ['error: expected an object keyed by model name, found text of 1 character(s)']);
    assert.ok(byName.get('wrong values')!.problems.some((problem) => problem.includes('output_cost_per_token must be a number from 0 to 0.1 (USD per token), found -1')));
  });
}
