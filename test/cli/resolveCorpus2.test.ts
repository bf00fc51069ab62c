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

test('score against the blind labels of the second corpus', async () => {
  const score = scoreCorpus(corpus, await sites());
  console.log(JSON.stringify(score, null, 1));
  assert.deepEqual(score, { findable: 16, resolved: 16, inFile: 4, resolvedInFile: 4, otherProvider: 0, withText: 16, textExact: 16, withCap: 16, capRight: 16, misses: [] });
});
