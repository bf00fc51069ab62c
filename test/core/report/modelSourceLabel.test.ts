// The hover's "model: …" line: the priced model and where it came from (src/editor/siteText.ts is vscode-free).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditSite } from '../../../src/core/audit';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadCatalog } from '../../../src/core/pricing/catalog';
import type { ModelSource, PromptSite } from '../../../src/core/types';
import { modelWithSource } from '../../../src/editor/siteText';

const catalog = loadCatalog().catalog;
const readBundledFile = async (): Promise<Uint8Array> => {
  throw new Error('not used');
};

function label(provider: string | null, model: string | null, modelSource?: ModelSource, modelAlternatives?: string[]): string {
  const site: PromptSite = {
    kind: 'call', file: 'a.py', span: { start: 0, end: 1 }, anchor: { start: 0, end: 1 }, provider, api: null, model, maxOutputTokens: 10,
    messages: [], ...(modelSource ? { modelSource } : {}), ...(modelAlternatives ? { modelAlternatives } : {}),
  };
  return modelWithSource(auditSite(site, { config: DEFAULT_CONFIG, catalog, readBundledFile }));
}

test('the hover names where the priced model came from', () => {
  assert.deepEqual(
    [
      label('anthropic', null),
      label(null, null),
      label('mistral', null),
      label('openai', 'gpt-4o', 'env-default'),
      label('openai', 'gpt-4o-mini', 'default-argument'),
      label('anthropic', 'claude-3-5-haiku-latest', 'fallback'),
      label('openai', 'o3-mini', 'conditional', ['o3-mini', 'gpt-4o']),
      label('openai', 'gpt-4o', 'constant'),
      label('openai', 'gpt-4o'),
    ],
    [
      'claude-sonnet-4-5 (provider default)',
      'gpt-4o-mini (default)',
      'no model (no default for provider mistral)',
      'gpt-4o (environment variable default)',
      'gpt-4o-mini (parameter default)',
      'claude-3-5-haiku-latest (fallback value)',
      'o3-mini (first of two: o3-mini, gpt-4o)',
      'gpt-4o (constant)',
      'gpt-4o',
    ],
  );
});
