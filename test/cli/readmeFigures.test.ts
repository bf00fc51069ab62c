// The README's example output is the CLI's real output on the sample workspace, so its figures cannot drift.
// Regenerate with: npm run readme:figures  (UPDATE_README=1 node --test out/test/cli/readmeFigures.test.js)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const repo = path.resolve(__dirname, '../../..');
const readmePath = path.join(repo, 'README.md');
const sample = path.join(repo, 'test/fixtures/sample-workspace');
const START = '<!-- sample-audit:start -->';
const END = '<!-- sample-audit:end -->';
const AS_OF = '2026-12-03';

async function sampleBlock(): Promise<string> {
  // Priced for a fixed day (the price data's age line would change daily) with no price file stored by `prices update`.
  const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-readme-'));
  const result = await runCli(['audit', '--fail-on', 'none', '--as-of', AS_OF], { cwd: sample, wasmFolder: path.join(repo, 'dist/wasm'), cacheFolder });
  assert.equal(result.exitCode, 0, result.stderr);
  return `${START}\n\`\`\`text\n$ npx @prompt-cost/cli audit --as-of ${AS_OF}        # in test/fixtures/sample-workspace\n${result.stdout}\`\`\`\n${END}`;
}

test('the README example audit is the CLI output on the sample workspace', async () => {
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  assert.ok(start >= 0 && end > start, `README.md has no ${START} … ${END} block`);
  const expected = await sampleBlock();
  const current = readme.slice(start, end + END.length);
  if (process.env.UPDATE_README === '1' && current !== expected) {
    fs.writeFileSync(readmePath, readme.slice(0, start) + expected + readme.slice(end + END.length));
    return;
  }
  assert.equal(current, expected, 'README example is stale: run npm run readme:figures');
});
