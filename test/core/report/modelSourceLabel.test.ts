// The hover's "model: …" line: the priced model and where it came from (src/editor/siteText.ts is vscode-free).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditSite } from '../../../src/core/audit';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadCatalog } from '../../../src/core/pricing/catalog';
import type { ModelSource, PromptSite } from '../../../src/core/types';
import { modelWithSource, promptSourcesLabel } from '../../../src/editor/siteText';
import { markdownLinkDestination } from '../../../src/core/report/escape';

const catalog = loadCatalog().catalog;
const readBundledFile = async (): Promise<Uint8Array> => {
  throw new Error('not used');
};

function label(provider: string | null, model: string | null, modelSource?: ModelSource, modelAlternatives?: string[], modelFrom?: { file: string; line: number }): string {
  const site: PromptSite = {
    kind: 'call', file: 'a.py', span: { start: 0, end: 1 }, anchor: { start: 0, end: 1 }, provider, api: null, model, maxOutputTokens: 10,
    messages: [], ...(modelSource ? { modelSource } : {}), ...(modelAlternatives ? { modelAlternatives } : {}), ...(modelFrom ? { modelFrom } : {}),
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
      'gpt-4o-mini (workspace default)',
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

test('a model or prompt text from another file says where: file:line', () => {
  assert.deepEqual(
    [
      label('openai', 'gpt-4.1-mini', 'imported-constant', undefined, { file: 'app/core/config.py', line: 8 }),
      label('openai', 'gpt-4.1', 'dotenv', undefined, { file: '.env.example', line: 3 }),
      label('openai', 'o3-mini', 'env-default', undefined, { file: 'app/constants.py', line: 3 }),
    ],
    ['gpt-4.1-mini (constant at app/core/config.py:8)', 'gpt-4.1 (.env value at .env.example:3)', 'o3-mini (environment variable default at app/constants.py:3)'],
  );
  const site: PromptSite = {
    kind: 'call', file: 'a.py', span: { start: 0, end: 1 }, anchor: { start: 0, end: 1 }, provider: 'openai', api: null, model: 'gpt-4o', maxOutputTokens: 10, messages: [],
    promptSources: [1, 2, 3, 4, 5].map((line) => ({ file: 'prompts.py', line })),
  };
  assert.equal(promptSourcesLabel(auditSite(site, { config: DEFAULT_CONFIG, catalog, readBundledFile })), 'prompt text from prompts.py:1, prompts.py:2, prompts.py:3, prompts.py:4 and 1 more');
  assert.equal(promptSourcesLabel(auditSite({ ...site, promptSources: undefined }, { config: DEFAULT_CONFIG, catalog, readBundledFile })), undefined);
});

test('go-to-source link destinations: file and vscode-* URIs percent-encode what would end or break a Markdown destination; other schemes are no link', () => {
  assert.equal(markdownLinkDestination('file:///work/my app/prompts (v2).py#L12'), 'file:///work/my%20app/prompts%20%28v2%29.py#L12');
  assert.equal(markdownLinkDestination('vscode-vfs://github/acme/bot/src/a<b>.ts#L3'), 'vscode-vfs://github/acme/bot/src/a%3Cb%3E.ts#L3');
  assert.equal(markdownLinkDestination('file:///a\\b\nc.py'), 'file:///a%5Cb%0Ac.py');
  assert.equal(markdownLinkDestination('command:workbench.action.terminal.sendSequence?%7B%7D'), null);
  assert.equal(markdownLinkDestination('javascript:alert(1)'), null);
});
