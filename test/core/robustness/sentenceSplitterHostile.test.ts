// Issue 13's first listed hang, fixed by the "findings" engineer (issue 12): the sentence splitter re-scanned from
// the sentence start at every `x. ` (384 KB → 105 s). Pinned here in the hostile suite: step counts on the
// splitter itself, and a whole audit of the same text under the hang watchdog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSentences } from '../../../src/core/rules/instructionSentences';
import { defaultContext, auditAndSummarize, runWatched, serveJobsInWorker } from './support';

const HOSTILE = ['x. '.repeat(128_000), 'e.g. '.repeat(80_000), `${'a'.repeat(200_000)}. ${'b. '.repeat(60_000)}`, '"x." '.repeat(90_000)];

const jobs = {
  async audit(index: number) {
    const summary = await auditAndSummarize('prompts/hostile.txt', HOSTILE[index], defaultContext());
    return { sites: summary.siteCount, internalFailures: summary.internalFailures, violations: summary.violations.length };
  },
};

if (!serveJobsInWorker(jobs)) {
  test('the sentence splitter takes a bounded number of steps per character on period-heavy text', () => {
    for (const text of HOSTILE) {
      const stats = { steps: 0 };
      splitSentences(text, 0, text.length, stats);
      assert.ok(stats.steps <= 4 * text.length, `${stats.steps} steps for ${text.length} characters`);
    }
  });

  test('a whole audit of 384 KB of "x. " finishes (watchdog) with one site and no internal failure', { timeout: 300_000 }, async () => {
    for (let index = 0; index < HOSTILE.length; index++) {
      const result = await runWatched<{ sites: number; internalFailures: string[]; violations: number }>(__filename, 'audit', index, 120_000);
      assert.deepEqual(result, { sites: 1, internalFailures: [], violations: 0 }, `input ${index}`);
    }
  });
}
