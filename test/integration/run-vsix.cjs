#!/usr/bin/env node
// Packages the extension as a VSIX with the pinned @vscode/vsce, checks what is inside (what the extension runs, and
// no CLI bundle), unpacks it and runs a smoke suite inside the real VS Code web workbench with the unpacked VSIX as
// the extension (not the source folder): it must activate and show a cost lens.
//   node test/integration/run-vsix.cjs            (after `node esbuild.js`; builds the production extension itself)
// Prints the VSIX size and its files, then the web runner's `N passed, N failed`.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '../..');
const workFolder = path.join(repoRoot, '.tmp', `vsix-${process.pid}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}`);
  return result;
}

/** Entries of a zip archive (name → content), read with the central directory and zlib: no unzip tool needed. */
function readZip(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive');
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory');
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (!name.endsWith('/')) entries.set(name, method === 0 ? data : zlib.inflateRawSync(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What the VSIX must and must not hold; returns the failures. */
function checkContents(entries) {
  const failures = [];
  const required = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/auditWorker.js', 'extension/dist/webview.js', 'extension/media/icon.png',
    'extension/CHANGELOG.md', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/dist/wasm/tree-sitter.wasm', 'extension/dist/codicons/codicon.ttf',
    'extension/dist/wasm/o200k_base.ranks', 'extension/dist/wasm/cl100k_base.ranks'];
  const names = [...entries.keys()];
  const lower = new Set(names.map((name) => name.toLowerCase()));
  for (const name of required) if (!lower.has(name.toLowerCase())) failures.push(`missing ${name}`);
  for (const name of names) {
    if (/(^|\/)cli\.js$|\.map$|(^|\/)(src|test|node_modules|out|bench|packages|scripts)\//.test(name.replace(/^extension\//, ''))) failures.push(`should not ship ${name}`);
  }
  // The rank tables ship once, as the .ranks files: no script may embed js-tiktoken's rank text as well.
  for (const [name, data] of entries) {
    if (name.endsWith('.js') && data.includes('bpe_ranks')) failures.push(`${name} embeds js-tiktoken rank tables (they ship as dist/wasm/*.ranks)`);
  }
  const manifest = JSON.parse(entries.get('extension/package.json').toString('utf8'));
  for (const field of ['icon', 'keywords', 'repository', 'bugs']) if (!manifest[field]) failures.push(`package.json has no ${field}`);
  return failures;
}

function main() {
  fs.rmSync(workFolder, { recursive: true, force: true });
  fs.mkdirSync(workFolder, { recursive: true });
  const vsixPath = path.join(workFolder, 'prompt-cost-auditor.vsix');
  try {
    run(process.execPath, ['esbuild.js', '--only=extension', '--production']);
    run(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsixPath]);
    const buffer = fs.readFileSync(vsixPath);
    const entries = readZip(buffer);
    console.log(`[run-vsix] ${path.basename(vsixPath)}: ${(buffer.length / 1048576).toFixed(2)} MB, ${entries.size} files`);
    for (const [name, data] of [...entries].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`  ${name}  ${data.length.toLocaleString('en-US')} bytes`);
    const failures = checkContents(entries);
    if (failures.length > 0) {
      for (const failure of failures) console.error(`[run-vsix] ${failure}`);
      console.log(`0 passed, ${failures.length} failed`);
      process.exitCode = 1;
      return;
    }
    const unpacked = path.join(workFolder, 'unpacked');
    for (const [name, data] of entries) {
      const target = path.join(unpacked, name);
      if (!target.startsWith(unpacked + path.sep)) throw new Error(`zip entry outside the folder: ${name}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, data);
    }
    const extensionFolder = path.join(unpacked, 'extension');
    // test-web serves the suite from the extension's own folder, so the smoke suite is copied into the unpacked VSIX.
    const smoke = path.join(extensionFolder, 'smoke-test', 'index.js');
    fs.mkdirSync(path.dirname(smoke), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'out/integration/vsix/index.js'), smoke);
    const web = spawnSync(process.execPath, [path.join(__dirname, 'run-web.cjs'), `--extensionDevelopmentPath=${extensionFolder}`, `--extensionTestsPath=${smoke}`], { cwd: repoRoot, stdio: 'inherit' });
    process.exitCode = web.status ?? 1;
  } finally {
    // The dev build again, so later runs of the suites see source maps.
    spawnSync(process.execPath, ['esbuild.js', '--only=extension'], { cwd: repoRoot, stdio: 'inherit' });
    if (!process.argv.includes('--keep')) fs.rmSync(workFolder, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`[run-vsix] ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
}
