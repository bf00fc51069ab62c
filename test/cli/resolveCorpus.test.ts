// The blind multi-file corpus of issue 18 (test/fixtures/resolve-corpus, labels.json written before the first run):
// the CLI's JSON prices each call with the model a reader finds within the file, says where it came from, and never
// prices a call of a known provider with another provider's model. Cross-file models (imports) are not resolved yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const repo = path.resolve(__dirname, '../../..');
const corpus = path.join(repo, 'test/fixtures/resolve-corpus');
const wasmFolder = path.join(repo, 'dist/wasm');

interface Label { file: string; line: number; provider: string; model: string | null; crossFile?: boolean }
interface Site { file: string; line: number; kind: string; provider: string | null; model: string | null; pricedModel: string | null; modelSource: string; modelAlternatives?: string[]; tokens: { exact: boolean; tokenizer: string } }

async function report(): Promise<{ sites: Site[] }> {
  const result = await runCli(['audit', corpus, '--format', 'json', '--fail-on', 'none'], { cwd: repo, wasmFolder });
  assert.equal(result.exitCode, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const PROVIDER_OF_CATALOG_ID: Array<[RegExp, string]> = [[/^claude-/, 'anthropic'], [/^gemini-/, 'google'], [/^(gpt-|o\d)/, 'openai']];

test('every call of the resolve corpus: model, priced model, source, tokenizer', async () => {
  const { sites } = await report();
  const calls = sites.filter((site) => site.kind === 'call').map((site) => [`${site.file}:${site.line}`, site.model, site.pricedModel, site.modelSource, site.tokens.tokenizer, site.tokens.exact, site.modelAlternatives ?? null]);
  assert.deepEqual(calls, [
    ['agents/agentkit/agent.py:13', 'gpt-4o', 'gpt-4o', 'default-argument', 'o200k_base', true, null],
    ['agents/agentkit/agent.py:29', 'claude-3-5-haiku-latest', 'claude-3-5-haiku', 'fallback', 'anthropic-estimate', false, null],
    ['agents/agentkit/agent.py:43', null, 'claude-sonnet-4-5', 'provider-default', 'anthropic-estimate', false, null],
    ['agents/agentkit/planner.ts:12', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 'default-argument', 'anthropic-estimate', false, null],
    ['fastapi-service/app/llm.py:17', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 'env-default', 'anthropic-estimate', false, null],
    ['fastapi-service/app/llm.py:28', 'claude-3-5-haiku-20241022', 'claude-3-5-haiku', 'env-default', 'anthropic-estimate', false, null],
    // Cross-file (settings.model_name and an imported constant): not resolved yet, priced with the Anthropic default.
    ['fastapi-service/app/llm.py:39', null, 'claude-sonnet-4-5', 'provider-default', 'anthropic-estimate', false, null],
    ['fastapi-service/app/llm.py:49', null, 'claude-sonnet-4-5', 'provider-default', 'anthropic-estimate', false, null],
    ['fastapi-service/app/llm.py:58', 'claude-3-5-haiku-latest', 'claude-3-5-haiku', 'default-argument', 'anthropic-estimate', false, null],
    ['fastapi-service/app/llm.py:69', null, 'claude-sonnet-4-5', 'provider-default', 'anthropic-estimate', false, null],
    ['fastapi-service/app/llm.py:78', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 'conditional', 'anthropic-estimate', false, ['claude-sonnet-4-5', 'claude-3-5-haiku-latest']],
    ['nextjs-chat/app/api/chat/route.ts:12', 'gpt-4o', 'gpt-4o', 'env-default', 'o200k_base', true, null],
    ['nextjs-chat/app/api/chat/route.ts:21', null, 'gpt-4o-mini', 'workspace-default', 'o200k_base', true, null],
    ['nextjs-chat/app/api/chat/route.ts:30', 'claude-3-5-haiku-latest', 'claude-3-5-haiku', 'fallback', 'anthropic-estimate', false, null],
    ['nextjs-chat/app/api/chat/route.ts:39', null, 'gpt-4o-mini', 'workspace-default', 'o200k_base', true, null],
    ['nextjs-chat/app/api/chat/route.ts:48', 'o3-mini', 'o3-mini', 'conditional', 'o200k_base', true, ['o3-mini', 'gpt-4o']],
    ['nextjs-chat/app/api/chat/route.ts:56', 'gpt-4o-mini', 'gpt-4o-mini', 'default-argument', 'o200k_base', true, null],
    ['nextjs-chat/app/api/chat/route.ts:68', 'gpt-4.1-mini', 'gpt-4.1-mini', 'env-default', 'o200k_base', true, null],
  ]);
});

test('score against the blind labels: 12 of 16 findable models (all 12 findable within a file), 0 calls priced as another provider', async () => {
  const labels: Label[] = JSON.parse(fs.readFileSync(path.join(corpus, 'labels.json'), 'utf8')).calls;
  const { sites } = await report();
  let findable = 0;
  let resolved = 0;
  let inFile = 0;
  let resolvedInFile = 0;
  let otherProvider = 0;
  for (const label of labels) {
    const site = sites.find((candidate) => candidate.kind === 'call' && candidate.file === label.file && candidate.line === label.line);
    assert.ok(site, `${label.file}:${label.line} is found`);
    const pricedProvider = PROVIDER_OF_CATALOG_ID.find(([pattern]) => pattern.test(site.pricedModel ?? ''))?.[1];
    if (pricedProvider && pricedProvider !== label.provider) otherProvider++;
    if (label.model === null) continue;
    findable++;
    if (!label.crossFile) inFile++;
    if (site.model === label.model) {
      resolved++;
      if (!label.crossFile) resolvedInFile++;
    }
  }
  assert.deepEqual({ findable, resolved, inFile, resolvedInFile, otherProvider }, { findable: 16, resolved: 12, inFile: 12, resolvedInFile: 12, otherProvider: 0 });
});
