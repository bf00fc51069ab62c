// Sites that name no model are priced with their provider's default model, never another provider's; token counts
// are exact only when the tokenizer is the model's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditSite, tokenizerFor } from '../../../src/core/audit';
import { DEFAULT_CONFIG, parseConfig } from '../../../src/core/config';
import { loadCatalog } from '../../../src/core/pricing/catalog';
import { countTokens } from '../../../src/core/tokenizing';
import type { PromptSite } from '../../../src/core/types';

const catalog = loadCatalog().catalog;
// auditSite scans nothing: the grammar reader is never called.
const readBundledFile = async (): Promise<Uint8Array> => {
  throw new Error('not used');
};
const SYSTEM = 'Summarize the user text in three short bullet points.';

function site(provider: string | null, model: string | null, extra: Partial<PromptSite> = {}): PromptSite {
  return {
    kind: 'call', file: 'a.py', span: { start: 0, end: 10 }, anchor: { start: 0, end: 5 }, provider, api: null, model, maxOutputTokens: 100,
    messages: [{ role: 'system', segments: [{ kind: 'static', text: SYSTEM }] }], ...extra,
  };
}

function priced(provider: string | null, model: string | null, config = DEFAULT_CONFIG, extra: Partial<PromptSite> = {}) {
  const audited = auditSite(site(provider, model, extra), { config, catalog, readBundledFile });
  return { model: audited.modelId, isDefault: audited.modelIsDefault, source: audited.modelSource, tokenizer: audited.tokens.tokenizer, exact: audited.tokens.exact, static: audited.tokens.static };
}

const o200k = countTokens(SYSTEM, 'o200k_base').tokens;

test('the ratio estimators below apply to a 12-token system text (o200k_base)', () => {
  assert.equal(o200k, 12);
});

test('an Anthropic call naming no model is priced with the Anthropic default and counted with the Claude estimator', () => {
  assert.deepEqual(priced('anthropic', null), { model: 'claude-sonnet-4-5', isDefault: true, source: 'provider-default', tokenizer: 'anthropic-estimate', exact: false, static: 15 }); // ceil(12 × 1.25)
});

test('a Google call naming no model is priced with the Google default; an OpenAI one with the first configured model (an OpenAI model)', () => {
  assert.deepEqual(priced('google', null), { model: 'gemini-2.5-flash', isDefault: true, source: 'provider-default', tokenizer: 'gemini-estimate', exact: false, static: 14 }); // ceil(12 × 1.15)
  assert.deepEqual(priced('openai', null), { model: 'gpt-4o-mini', isDefault: true, source: 'workspace-default', tokenizer: 'o200k_base', exact: true, static: 12 });
});

test('the first configured model prices unnamed calls of its own provider; other providers keep their defaults', () => {
  const { config } = parseConfig('compareModels: [claude-3-5-haiku-latest, gpt-4o]\ndefaultModels:\n  openai: gpt-4.1\n');
  assert.deepEqual(priced('anthropic', null, config).model, 'claude-3-5-haiku-latest');
  assert.deepEqual(priced('anthropic', null, config).source, 'workspace-default');
  assert.deepEqual(priced('openai', null, config), { model: 'gpt-4.1', isDefault: true, source: 'provider-default', tokenizer: 'o200k_base', exact: true, static: 12 });
});

test('a provider with no default configured is left unpriced, never priced as another provider', () => {
  const audited = auditSite(site('mistral', null), { config: DEFAULT_CONFIG, catalog, readBundledFile });
  assert.deepEqual([audited.modelId, audited.modelSource, audited.cost.perCallUsd, audited.tokens.tokenizer, audited.tokens.exact], [null, 'provider-default', null, 'generic-estimate', false]);
});

test('a site of unknown provider naming no model uses the workspace default', () => {
  assert.deepEqual(priced(null, null), { model: 'gpt-4o-mini', isDefault: true, source: 'workspace-default', tokenizer: 'o200k_base', exact: true, static: 12 });
});

test('a named model keeps the source the scanner found', () => {
  assert.deepEqual(priced('anthropic', 'claude-3-5-haiku-latest', DEFAULT_CONFIG, { modelSource: 'env-default' }).source, 'env-default');
  assert.deepEqual(priced('openai', 'gpt-4o').source, 'literal');
});

test('models outside the catalog: exact only for an OpenAI family name, else the provider estimator, else the generic estimate', () => {
  // gpt-3.5-turbo-instruct is a cl100k_base model (tiktoken maps the gpt-3.5-turbo- prefix to cl100k_base), not o200k_base.
  assert.deepEqual(tokenizerFor(undefined, 'gpt-3.5-turbo-instruct', 'openai'), { id: 'cl100k_base' });
  assert.deepEqual(tokenizerFor(undefined, 'gpt-4o-2099-01-01', 'openai'), { id: 'o200k_base' });
  // Older completions models (p50k_base / r50k_base) and deployment names have no offline encoding here: estimates.
  assert.deepEqual(tokenizerFor(undefined, 'text-davinci-003', 'openai'), { id: 'openai-estimate' });
  assert.deepEqual(tokenizerFor(undefined, 'prod-chat-deployment', 'openai'), { id: 'openai-estimate' });
  assert.deepEqual(tokenizerFor(undefined, 'my-claude-proxy', 'anthropic'), { id: 'anthropic-estimate' });
  assert.deepEqual(tokenizerFor(undefined, 'house-model', 'google'), { id: 'gemini-estimate' });
  assert.deepEqual(tokenizerFor(undefined, 'house-model', null), { id: 'generic-estimate' });
  assert.deepEqual(tokenizerFor(undefined, null, null), { id: 'generic-estimate' });
});

test('an unknown model of unknown provider is an estimate with a band, never exact', () => {
  const audited = auditSite(site(null, 'house-model-7b'), { config: DEFAULT_CONFIG, catalog, readBundledFile });
  assert.deepEqual([audited.tokens.tokenizer, audited.tokens.exact, audited.tokens.errorBand, audited.tokens.static], ['generic-estimate', false, 0.2, 13]); // ceil(12 × 1.08)
});

test('defaultModels in .promptcost.yaml: located problems for bad entries, good ones kept', () => {
  const { config, problems } = parseConfig('defaultModels:\n  anthropic: claude-3-5-haiku-latest\n  Bad Key: x\n  google: 3\n');
  assert.equal(config.defaultModels.anthropic, 'claude-3-5-haiku-latest');
  assert.equal(config.defaultModels.google, 'gemini-2.5-flash');
  assert.deepEqual(problems.map((problem) => problem.message), [
    'defaultModels: "Bad Key" is not a provider name (lowercase letters, digits, dashes)',
    'defaultModels.google must be a model id',
  ]);
});
