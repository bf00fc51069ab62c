// The installable CLI (packages/cli): versioned with the extension, `npm pack` holds only the bundle, the wasm
// files, README and LICENSE, and `npx` of the packed tarball audits the sample workspace offline exactly as the
// repository's CLI does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { runCli } from '../../src/cli/main';

const repo = path.resolve(__dirname, '../../..');
const packageFolder = path.join(repo, 'packages/cli');
const sample = path.join(repo, 'test/fixtures/sample-workspace');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

test('the CLI package carries the extension version and the same bin name', () => {
  const root = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const cli = JSON.parse(fs.readFileSync(path.join(packageFolder, 'package.json'), 'utf8'));
  assert.equal(cli.version, root.version);
  assert.deepEqual(Object.keys(cli.bin), ['prompt-cost']);
  assert.equal(cli.dependencies, undefined, 'everything is bundled: nothing to download at install time');
});

test('npx of the packed tarball audits the sample workspace offline, identical to the repository CLI', async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-npx-'));
  try {
    const packed = JSON.parse(execFileSync(npm, ['pack', '--pack-destination', scratch, '--json'], { cwd: packageFolder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
    assert.deepEqual(packed.files.map((file: { path: string }) => file.path).sort(), [
      'LICENSE', 'README.md', 'dist/cli.js',
      ...['c-sharp', 'go', 'java', 'javascript', 'python', 'ruby', 'tsx', 'typescript'].map((language) => `dist/wasm/tree-sitter-${language}.wasm`),
      'dist/wasm/tree-sitter.wasm', 'dist/wasm/o200k_base.ranks', 'dist/wasm/cl100k_base.ranks', 'package.json',
    ].sort());
    const tarball = path.join(scratch, packed.filename);
    // A fresh npm cache and --offline: the tarball must need nothing from a registry.
    const output = execFileSync(npx, ['--yes', '--offline', '--cache', path.join(scratch, 'cache'), '--package', tarball, 'prompt-cost', 'audit', sample, '--format', 'json', '--fail-on', 'none'], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const expected = await runCli(['audit', sample, '--format', 'json', '--fail-on', 'none'], { cwd: scratch, wasmFolder: path.join(repo, 'dist/wasm') });
    assert.deepEqual(JSON.parse(output), JSON.parse(expected.stdout));
    const version = execFileSync(npx, ['--yes', '--offline', '--cache', path.join(scratch, 'cache'), '--package', tarball, 'prompt-cost', '--version'], { cwd: scratch, encoding: 'utf8' });
    assert.equal(version, `prompt-cost ${JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version}\n`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
