// The third blind multi-file corpus of issue 18 (test/fixtures/resolve-corpus3, labels.json committed before the first
// run): a Rails helpdesk (module and top-level constants, an ENV.fetch default, a Ruby symbol), a Flask app (a settings
// instance, a Jinja template with a comment, an if/else builder, a two-model conditional), an Express app (CommonJS
// modules), a Next.js app (a prompts barrel with export * and export { }, the AI SDK) and a Go service (an envOr
// helper, an SDK model constant).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { scoreCorpus, type CorpusSite } from './resolveCorpusScore';

const repo = path.resolve(__dirname, '../../..');
const corpus = path.join(repo, 'test/fixtures/resolve-corpus3');
const wasmFolder = path.join(repo, 'dist/wasm');

async function sites(): Promise<CorpusSite[]> {
  const result = await runCli(['audit', corpus, '--format', 'json', '--fail-on', 'none', '--no-cache'], { cwd: repo, wasmFolder });
  assert.equal(result.exitCode, 0, result.stderr);
  return JSON.parse(result.stdout).sites;
}

// First blind score (branch at 166c30a): models 9/14, static text exact 9/14, caps 12/14, other provider 0.
test('score against the blind labels of the third corpus: every model and cap; the if / else builder stays a placeholder with both texts as alternatives (as a conditional written at the call), so its first text is not counted', async () => {
  const score = scoreCorpus(corpus, await sites());
  assert.deepEqual(score, {
    findable: 14,
    resolved: 14,
    inFile: 6,
    resolvedInFile: 6,
    otherProvider: 0,
    withText: 14,
    textExact: 13,
    withCap: 14,
    capRight: 14,
    misses: ['flask-recipes/recipes/planner.py:9 static tokens 0 (reader: 16 with claude-haiku-4-5)'],
  });
});
