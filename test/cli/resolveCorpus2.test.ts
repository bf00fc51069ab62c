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
test('score against the blind labels of the second corpus: every model; text of template files not yet counted; caps from parameter defaults stay non-literal by design', async () => {
  const score = scoreCorpus(corpus, await sites());
  assert.deepEqual(score, {
    findable: 16,
    resolved: 16,
    inFile: 4,
    resolvedInFile: 4,
    otherProvider: 0,
    withText: 16,
    textExact: 12,
    withCap: 16,
    capRight: 14,
    misses: [
      'crewlite/crewlite/agent.py:17 cap non-literal (reader: 2048)',
      'crewlite/crewlite/roles.py:17 cap non-literal (reader: 4096)',
      'docsbot/docsbot/answer.py:14 static tokens 0 (reader: 21 with gpt-4.1-nano)',
      'docsbot/docsbot/answer.py:27 static tokens 0 (reader: 37 with gpt-4.1-mini)',
      'docsbot/docsbot/grader.py:9 static tokens 0 (reader: 33 with claude-haiku-4-5)',
      'next-bookshop/app/api/welcome/route.ts:13 static tokens 0 (reader: 23 with gpt-4o-mini)',
    ],
  });
});

test('prompt builders and constants a call of another file sends are not sites of their own (counted once)', async () => {
  const prompts = (await sites()).filter((site) => site.kind !== 'call').map((site) => `${site.kind} ${site.file}:${site.line}`);
  assert.deepEqual(prompts, ['prompt-file docsbot/prompts/grade.txt:1']);
});
