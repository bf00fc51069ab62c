// The blind multi-file corpus of issue 18 (test/fixtures/resolve-corpus, labels.json written before the first run):
// the CLI's JSON prices each call with the model a reader finds, in its file or through the workspace symbol index
// (imports, settings objects, enum members, same-package Go constants, `.env` files), counts the prompt text a reader
// assembles from other files and prompt files read by code, says where both came from, and never prices a call of a
// known provider with another provider's model.
// Blind scores, before cross-file resolution (main bc2cbd0 + this corpus): models 12/25 findable (0/9 of the session-10
// apps), static prompt tokens exact on 2/9 labelled calls, caps 8/9.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { scoreCorpus, type CorpusSite } from './resolveCorpusScore';

const repo = path.resolve(__dirname, '../../..');
const corpus = path.join(repo, 'test/fixtures/resolve-corpus');
const wasmFolder = path.join(repo, 'dist/wasm');

interface Site { file: string; line: number; kind: string; provider: string | null; model: string | null; pricedModel: string | null; modelSource: string; modelAlternatives?: string[]; modelFrom?: { file: string; line: number }; promptSources?: Array<{ file: string; line: number }>; tokens: { static: number; exact: boolean; tokenizer: string } }

async function report(): Promise<{ sites: Site[] }> {
  const result = await runCli(['audit', corpus, '--format', 'json', '--fail-on', 'none'], { cwd: repo, wasmFolder });
  assert.equal(result.exitCode, 0, result.stderr);
  return JSON.parse(result.stdout);
}


test('every call of the resolve corpus: model, priced model, source, tokenizer, where the model is written, static tokens and their source lines', async () => {
  const { sites } = await report();
  const calls = sites.filter((site) => site.kind === 'call').map((site) => [`${site.file}:${site.line}`, site.model, site.pricedModel, site.modelSource, site.tokens.tokenizer, site.tokens.exact, site.modelAlternatives ?? null, site.modelFrom ? `${site.modelFrom.file}:${site.modelFrom.line}` : null, site.tokens.static, (site.promptSources ?? []).map((source) => `${source.file}:${source.line}`)]);
  assert.deepEqual(calls, [
    ['agents/agentkit/agent.py:13', 'gpt-4o', 'gpt-4o', 'default-argument', 'o200k_base', true, null, null, 0, []],
    ['agents/agentkit/agent.py:29', 'claude-3-5-haiku-latest', 'claude-3-5-haiku', 'fallback', 'anthropic-estimate', false, null, null, 5, []],
    ['agents/agentkit/agent.py:43', null, 'claude-sonnet-4-5', 'provider-default', 'anthropic-estimate', false, null, null, 0, []],
    ['agents/agentkit/planner.ts:12', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 'default-argument', 'anthropic-estimate', false, null, null, 13, []],
    ['fastapi-rag/app/services/chat.py:13', 'gpt-4.1-mini', 'gpt-4.1-mini', 'imported-constant', 'o200k_base', true, null, 'fastapi-rag/app/core/config.py:8', 60, ['fastapi-rag/app/prompts/system_prompts.py:5', 'fastapi-rag/app/prompts/system_prompts.py:3']],
    ['fastapi-rag/app/services/chat.py:25', 'gpt-4o-mini', 'gpt-4o-mini', 'imported-constant', 'o200k_base', true, null, 'fastapi-rag/app/core/config.py:9', 19, ['fastapi-rag/app/prompts/system_prompts.py:11']],
    ['fastapi-rag/app/services/chat.py:37', 'o3-mini', 'o3-mini', 'env-default', 'o200k_base', true, null, 'fastapi-rag/app/constants.py:3', 13, []],
    ['fastapi-rag/app/services/chat.py:47', 'gpt-4.1', 'gpt-4.1', 'dotenv', 'o200k_base', true, null, 'fastapi-rag/.env.example:3', 42, ['fastapi-rag/app/prompts/grader.txt:1']],
    ['fastapi-service/app/llm.py:17', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 'env-default', 'anthropic-estimate', false, null, null, 14, []],
    ['fastapi-service/app/llm.py:28', 'claude-3-5-haiku-20241022', 'claude-3-5-haiku', 'env-default', 'anthropic-estimate', false, null, null, 14, []],
    ['fastapi-service/app/llm.py:39', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet', 'imported-constant', 'anthropic-estimate', false, null, 'fastapi-service/app/config.py:8', 0, []],
    ['fastapi-service/app/llm.py:49', 'claude-3-5-haiku-20241022', 'claude-3-5-haiku', 'env-default', 'anthropic-estimate', false, null, 'fastapi-service/app/config.py:14', 10, []],
    ['fastapi-service/app/llm.py:58', 'claude-3-5-haiku-latest', 'claude-3-5-haiku', 'default-argument', 'anthropic-estimate', false, null, null, 9, []],
    ['fastapi-service/app/llm.py:69', null, 'claude-sonnet-4-5', 'provider-default', 'anthropic-estimate', false, null, null, 0, []],
    ['fastapi-service/app/llm.py:78', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 'conditional', 'anthropic-estimate', false, ['claude-sonnet-4-5', 'claude-3-5-haiku-latest'], null, 0, []],
    ['go-service/internal/llm/triage.go:10', 'gpt-4o-mini', 'gpt-4o-mini', 'imported-constant', 'o200k_base', true, null, 'go-service/internal/llm/prompts.go:5', 18, ['go-service/internal/llm/prompts.go:6']],
    ['next-ai-app/app/actions.ts:10', 'gpt-4o-mini', 'gpt-4o-mini', 'imported-constant', 'o200k_base', true, null, 'next-ai-app/lib/ai/models.ts:4', 18, ['next-ai-app/lib/ai/prompts/titles.ts:1']],
    ['next-ai-app/app/actions.ts:20', 'o3', 'o3', 'imported-constant', 'o200k_base', true, null, 'next-ai-app/lib/ai/models.ts:10', 0, []],
    ['next-ai-app/app/api/chat/route.ts:8', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 'imported-constant', 'anthropic-estimate', false, null, 'next-ai-app/lib/ai/models.ts:1', 33, ['next-ai-app/lib/ai/prompts/base.ts:1', 'next-ai-app/lib/ai/prompts/base.ts:6', 'next-ai-app/lib/ai/prompts/base.ts:3']],
    ['next-ai-app/lib/ai/grader.ts:9', 'gpt-4o', 'gpt-4o', 'dotenv', 'o200k_base', true, null, 'next-ai-app/.env.example:3', 30, ['next-ai-app/lib/ai/rubric.txt:1']],
    ['nextjs-chat/app/api/chat/route.ts:12', 'gpt-4o', 'gpt-4o', 'env-default', 'o200k_base', true, null, null, 10, []],
    ['nextjs-chat/app/api/chat/route.ts:21', 'gpt-4.1-nano', 'gpt-4.1-nano', 'imported-constant', 'o200k_base', true, null, 'nextjs-chat/lib/ai/models.ts:2', 13, []],
    ['nextjs-chat/app/api/chat/route.ts:30', 'claude-3-5-haiku-latest', 'claude-3-5-haiku', 'fallback', 'anthropic-estimate', false, null, null, 9, []],
    ['nextjs-chat/app/api/chat/route.ts:39', 'gpt-4o-mini', 'gpt-4o-mini', 'imported-constant', 'o200k_base', true, null, 'nextjs-chat/lib/ai/models.ts:1', 0, []],
    ['nextjs-chat/app/api/chat/route.ts:48', 'o3-mini', 'o3-mini', 'conditional', 'o200k_base', true, ['o3-mini', 'gpt-4o'], null, 0, []],
    ['nextjs-chat/app/api/chat/route.ts:56', 'gpt-4o-mini', 'gpt-4o-mini', 'default-argument', 'o200k_base', true, null, null, 16, []],
    ['nextjs-chat/app/api/chat/route.ts:68', 'gpt-4.1-mini', 'gpt-4.1-mini', 'env-default', 'o200k_base', true, null, null, 0, []],
  ]);
});

test('score against the blind labels: every findable model (25), every labelled prompt text and cap (9), 0 calls priced as another provider', async () => {
  const { sites } = await report();
  const score = scoreCorpus(corpus, sites as unknown as CorpusSite[]);
  assert.deepEqual(score, { findable: 25, resolved: 25, inFile: 12, resolvedInFile: 12, otherProvider: 0, withText: 9, textExact: 9, withCap: 9, capRight: 9, misses: [] });
});

test('prompt constants and prompt files that a call in another file sends are not sites of their own (counted once)', async () => {
  const { sites } = await report();
  const prompts = sites.filter((site) => site.kind !== 'call').map((site) => `${site.kind} ${site.file}:${site.line}`);
  assert.deepEqual(prompts, []);
});

test('worker threads use the same index: the report is byte for byte the main thread\'s', async () => {
  const workerScript = path.join(repo, 'dist/cli.js');
  assert.ok(fs.existsSync(workerScript), 'dist/cli.js is built before the suites run');
  const single = await runCli(['audit', corpus, '--format', 'json', '--fail-on', 'none', '--jobs', '1', '--no-cache'], { cwd: repo, wasmFolder });
  const parallel = await runCli(['audit', corpus, '--format', 'json', '--fail-on', 'none', '--jobs', '2', '--no-cache'], { cwd: repo, wasmFolder, workerScript, minFilesForWorkers: 1 });
  assert.equal(parallel.exitCode, 0, parallel.stderr);
  assert.equal(parallel.stdout, single.stdout);
});

test('the result cache re-audits a file when a file its values came from changes (an imported constant, a .env line)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-resolve-'));
  const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-resolve-cache-'));
  try {
    fs.cpSync(corpus, dir, { recursive: true });
    const run = async (): Promise<{ sites: Site[]; hits: number; misses: number }> => {
      let hits = -1;
      let misses = -1;
      const result = await runCli(['audit', dir, '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder, cacheFolder, onCacheUse: (h: number, m: number) => ((hits = h), (misses = m)) });
      assert.equal(result.exitCode, 0, result.stderr);
      return { sites: JSON.parse(result.stdout).sites, hits, misses };
    };
    const modelOf = (sites: Site[], where: string): string | null | undefined => sites.find((site) => `${site.file}:${site.line}` === where)?.model;
    const first = await run();
    assert.equal(modelOf(first.sites, 'next-ai-app/app/api/chat/route.ts:8'), 'claude-sonnet-4-5');
    assert.equal(modelOf(first.sites, 'fastapi-rag/app/services/chat.py:47'), 'gpt-4.1');
    const warm = await run();
    assert.deepEqual([warm.hits, warm.misses], [first.hits + first.misses, 0]);
    const models = path.join(dir, 'next-ai-app/lib/ai/models.ts');
    fs.writeFileSync(models, fs.readFileSync(models, 'utf8').replace("'claude-sonnet-4-5'", "'claude-3-5-haiku-latest'"));
    const dotenv = path.join(dir, 'fastapi-rag/.env.example');
    fs.writeFileSync(dotenv, fs.readFileSync(dotenv, 'utf8').replace('GRADER_MODEL=gpt-4.1', 'GRADER_MODEL=gpt-4o'));
    const edited = await run();
    assert.equal(modelOf(edited.sites, 'next-ai-app/app/api/chat/route.ts:8'), 'claude-3-5-haiku-latest');
    assert.equal(modelOf(edited.sites, 'fastapi-rag/app/services/chat.py:47'), 'gpt-4o');
    // Re-audited: models.ts itself, the two files importing it (route.ts, actions.ts) and chat.py (reads GRADER_MODEL).
    assert.equal(edited.misses, 4);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheFolder, { recursive: true, force: true });
  }
});
