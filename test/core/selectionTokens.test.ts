// Count Tokens in Selection: one row per configured model, exact for OpenAI encodings, labelled estimates otherwise.
// Exact figures checked with OpenAI's tiktoken 1.0.22 (o200k_base 21, cl100k_base 22 for TEXT); estimates are
// o200k_base × the estimator's ratio, rounded up (Claude 1.25 → 27, Gemini 1.15 → 25, generic 1.08 → 23).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/core/pricing/catalog';
import { countSelection, selectionCountLines } from '../../src/core/selectionTokens';

const TEXT = "You are a terse assistant. Summarise the customer's ticket in two sentences, citing the order number.";

test('counts a selection under every configured model, in order, without repeating a model', () => {
  const { catalog } = loadCatalog({ pricedOn: '2026-12-01' });
  const counted = countSelection(TEXT, ['gpt-4o-mini', 'claude-sonnet-4-5', 'gemini-2.5-flash', 'gpt-4o-mini', 'in-house-llm'], catalog);
  assert.equal(counted.characters, 101);
  assert.deepEqual(
    counted.counts.map(({ model, catalogId, tokens, exact, tokenizer, errorBand }) => ({ model, catalogId, tokens, exact, tokenizer, errorBand })),
    [
      { model: 'gpt-4o-mini', catalogId: 'gpt-4o-mini', tokens: 21, exact: true, tokenizer: 'o200k_base', errorBand: undefined },
      { model: 'claude-sonnet-4-5', catalogId: 'claude-sonnet-4-5', tokens: 27, exact: false, tokenizer: 'anthropic-estimate', errorBand: 0.2 },
      { model: 'gemini-2.5-flash', catalogId: 'gemini-2.5-flash', tokens: 25, exact: false, tokenizer: 'gemini-estimate', errorBand: 0.25 },
      { model: 'in-house-llm', catalogId: null, tokens: 23, exact: false, tokenizer: 'generic-estimate', errorBand: 0.2 },
    ],
  );
  assert.deepEqual(selectionCountLines(counted), [
    'gpt-4o-mini: 21 tokens (exact, OpenAI o200k_base)',
    'claude-sonnet-4-5: ~27 tokens (estimate ±20%, Claude (estimate: o200k_base × ratio))',
    'gemini-2.5-flash: ~25 tokens (estimate ±25%, Gemini (estimate: o200k_base × ratio))',
    'in-house-llm: ~23 tokens (estimate ±20%, Open model (estimate: o200k_base × ratio); not in the catalog)',
  ]);
});

test('an empty selection is 0 tokens for every model; cl100k models count with cl100k_base', () => {
  const { catalog } = loadCatalog({ pricedOn: '2026-12-01' });
  assert.deepEqual(countSelection('', ['gpt-4o'], catalog).counts.map((count) => count.tokens), [0]);
  const legacy = countSelection(TEXT, ['gpt-3.5-turbo'], catalog).counts[0];
  assert.deepEqual([legacy.tokens, legacy.exact, legacy.tokenizer], [22, true, 'cl100k_base']);
});
