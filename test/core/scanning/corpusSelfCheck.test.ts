// The evaluation corpora's own consistency checks (expected files well-formed, lines point at callees) run with the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../../..');

for (const script of ['test/fixtures/code/corpus/check-expected.cjs', 'test/fixtures/code/corpus2/check-expected.cjs', 'test/fixtures/code/corpus4/check-expected.cjs', 'test/fixtures/code/corpus5/check-expected.cjs', 'test/fixtures/code/corpus6/check-expected.cjs', 'test/fixtures/code/corpus7/check-expected.cjs', 'test/fixtures/prompt-files-corpus/check-expected.cjs', 'test/fixtures/prompt-files-corpus2/check-expected.cjs']) {
  test(`${script} finds no inconsistency in its corpus`, () => {
    const result = spawnSync(process.execPath, [path.join(repo, script), '--quiet'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^OK: \d+|^all expectations are consistent$/m);
  });
}
