#!/usr/bin/env node
// Runs the same integration suites in desktop VS Code through @vscode/test-electron. Needs internet
// (it downloads VS Code into .vscode-test/) unless VSCODE_EXECUTABLE_PATH names a local install;
// on headless Linux run it under `xvfb-run -a`. Builds nothing: run `node esbuild.js` first.
// The suite bundle out/integration/suite/index.js is the browser one; it also loads in the Node host
// (mocha's browser build runs there; the suite only needs `vscode` and `assert`).
//   VSCODE_VERSION=1.96.0 npm run test:desktop     minimum supported version instead of stable
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Writable } = require('stream');
const { runTests } = require('@vscode/test-electron');

const repoRoot = path.resolve(__dirname, '../..');
const suiteResultMarker = 'PROMPT_COST_SUITE_RESULT';

/** Forwards VS Code's output and picks the suite's result line out of it. */
function resultCapturingStream(target, onResult) {
  let pending = '';
  return new Writable({
    write(chunk, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const index = line.indexOf(suiteResultMarker);
        if (index >= 0) onResult(JSON.parse(line.slice(index + suiteResultMarker.length)));
        else target.write(`${line}\n`);
      }
      done();
    },
    final(done) {
      if (pending) target.write(pending);
      done();
    },
  });
}

async function main() {
  const extensionTestsPath = path.join(repoRoot, 'out/integration/suite/index.js');
  if (!fs.existsSync(extensionTestsPath)) throw new Error('out/integration/suite/index.js is missing: run `node esbuild.js` first');
  const runFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-desktop-'));
  const workspace = path.join(runFolder, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test/fixtures/sample-workspace'), workspace, { recursive: true });
  let result;
  let exitCode = 1;
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', path.join(runFolder, 'user-data')],
      stdout: resultCapturingStream(process.stdout, (counts) => (result = counts)),
    });
    exitCode = result && result.failed === 0 && result.passed > 0 ? 0 : 1;
  } catch (error) {
    console.error(`[run-desktop] ${error.message ?? error}`);
  } finally {
    fs.rmSync(runFolder, { recursive: true, force: true });
  }
  if (!result) console.error('[run-desktop] the suite reported no result');
  console.log(`${result?.passed ?? 0} passed, ${result?.failed ?? 0} failed`);
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(`[run-desktop] ${error.stack ?? error}`);
  console.log('0 passed, 0 failed');
  process.exit(3);
});
