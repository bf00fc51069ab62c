// The second blind multi-file corpus of issue 18 (test/fixtures/resolve-corpus2, labels.json written before the first
// run): a Django service (settings module named by DJANGO_SETTINGS_MODULE, prompts module with an f-string builder), a
// Next.js app (lib/ai/models.ts and prompts.ts builders, an options object spread into the call, a Handlebars file),
// an agent framework (a config dataclass, constructor defaults, an imported options dict), a Go service (a getEnv
// helper, `cfg := config.Load()`), and Jinja / LangChain template loaders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { scoreCorpus, type CorpusSite } from './resolveCorpusScore';

const repo = path.resolve(__dirname, '../../..');
const corpus = path.join(repo, 'test/fixtures/resolve-corpus2');
const wasmFolder = path.join(repo, 'dist/wasm');

async function sites(): Promise<CorpusSite[]> {
  const result = await runCli(['audit', corpus, '--format', 'json', '--fail-on', 'none', '--no-cache'], { cwd: repo, wasmFolder });
  assert.equal(result.exitCode, 0, result.stderr);
  return JSON.parse(result.stdout).sites;
}

// First blind score (main 9e15a7f): models 9/16, static text exact 5/16, caps 11/16, other provider 0.
test('score against the blind labels of the second corpus: every model and every static text; caps from parameter defaults stay non-literal by design', async () => {
  const score = scoreCorpus(corpus, await sites());
  assert.deepEqual(score, {
    findable: 16,
    resolved: 16,
    inFile: 4,
    resolvedInFile: 4,
    otherProvider: 0,
    withText: 16,
    textExact: 16,
    withCap: 16,
    capRight: 14,
    misses: [
      'crewlite/crewlite/agent.py:17 cap non-literal (reader: 2048)',
      'crewlite/crewlite/roles.py:17 cap non-literal (reader: 4096)',
    ],
  });
});

test('prompt builders, constants and template files a call of another file sends are not sites of their own (counted once)', async () => {
  const prompts = (await sites()).filter((site) => site.kind !== 'call').map((site) => `${site.kind} ${site.file}:${site.line}`);
  assert.deepEqual(prompts, []);
});

test('template files count as their engine renders them, each text piece with its line in the file', async () => {
  const found = new Map((await sites()).map((site) => [`${site.file}:${site.line}`, site as CorpusSite & { promptSources?: Array<{ file: string; line: number }> }]));
  const sources = (where: string): string[] => (found.get(where)?.promptSources ?? []).map((source) => `${source.file}:${source.line}`);
  assert.deepEqual(sources('docsbot/docsbot/answer.py:14'), ['docsbot/docsbot/templates/rewrite.jinja:1']);
  assert.deepEqual(sources('docsbot/docsbot/answer.py:27'), ['docsbot/docsbot/templates/answer.j2:1', 'docsbot/docsbot/templates/answer.j2:5']);
  assert.deepEqual(sources('docsbot/docsbot/grader.py:9'), ['docsbot/prompts/grade.txt:1', 'docsbot/prompts/grade.txt:2']);
  assert.deepEqual(sources('next-bookshop/app/api/welcome/route.ts:13'), ['next-bookshop/lib/ai/templates/welcome.hbs:1']);
});

test('auditing part of the project (`audit next-bookshop/app`) still resolves models and prompts imported from lib/ under the same project root', async () => {
  const result = await runCli(['audit', path.join(corpus, 'next-bookshop/app'), '--format', 'json', '--fail-on', 'none', '--no-cache'], { cwd: repo, wasmFolder });
  assert.equal(result.exitCode, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { sites: Array<CorpusSite & { promptSources?: Array<{ file: string; line: number }> }> };
  assert.deepEqual(
    report.sites.map((site) => [`${site.file}:${site.line}`, site.model, site.maxOutputTokens, site.tokens.static, (site.promptSources ?? []).length]),
    [
      ['next-bookshop/app/api/chat/route.ts:8', 'gpt-4.1', 1200, 41, 3],
      ['next-bookshop/app/api/review/route.ts:8', 'claude-sonnet-4-5', 500, 30, 1],
      ['next-bookshop/app/api/title/route.ts:8', 'gpt-4.1-nano', 30, 19, 1],
      ['next-bookshop/app/api/welcome/route.ts:13', 'gpt-4o-mini', 200, 23, 1],
    ],
  );
});
