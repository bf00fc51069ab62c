// Builds every bundle the project ships or tests:
//   dist/extension.js   the extension, one CJS bundle for the desktop (main) and web (browser) hosts
//   dist/cli.js         the Node CLI (`prompt-cost`)
//   dist/action.js      the GitHub Action (action.yml, node20); runs dist/cli.js beside it
//   packages/cli/dist/  the npm package @prompt-cost/cli: the CLI minified, the wasm files; version from package.json
//   dist/auditWorker.js the extension's workspace-audit worker (worker thread on the desktop, nested Worker on the web)
//   dist/webview.js     the summary panel script
//   dist/wasm/          tree-sitter runtime and grammars, and the encoders' rank files, read at run time by both hosts
//   out/test/**.js      node:test suites (one bundle per *.test.ts, dependencies left in node_modules)
//   out/integration/    the mocha suite that runs inside the real VS Code web extension host
//   out/bench/bench.js  `npm run bench`; out/bench/profileAudit.js one audit to profile
// Usage: node esbuild.js [--only=tests|extension|cli|cli-package|bench|integration] [--filter=SUBSTRING] [--watch]
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { writeRankFiles } = require('./scripts/rankFiles.cjs');

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
const only = args.only ? String(args.only).split(',') : null;
const want = (target) => !only || only.includes(target);
const filter = args.filter ? String(args.filter) : null;
const production = args.production === true;

// Loaders, the `?data` YAML plugin and the extension's options live in scripts/buildOptions.cjs, shared with the
// bench's bundle-size module (it used to copy them and failed when a new kind of imported file appeared).
const { textLoaders, textModules, yamlData, browserOptions } = require('./scripts/buildOptions.cjs');
// Node CJS bundles must use the package's CJS glue: the ESM glue needs import.meta.url, which esbuild empties in CJS.
// Node test and bench bundles read the rank files from dist/wasm (the CLI points at its own wasm folder itself).
const nodeRankFiles = path.join(__dirname, 'test/nodeRankFiles.ts');
const nodeTreeSitterAlias = { 'web-tree-sitter': path.join(__dirname, 'node_modules/web-tree-sitter/tree-sitter.cjs') };

const browserCommon = browserOptions({ production });

const nodeCommon = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  alias: nodeTreeSitterAlias,
  loader: { ...textLoaders },
  plugins: [yamlData, textModules],
};

function walk(dir, predicate, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures' && entry.name !== 'node_modules') walk(full, predicate, out);
    } else if (predicate(full)) out.push(full);
  }
  return out;
}

/** VS Code's icon font for the summary panel, served from the extension's own files. */
function copyCodicons() {
  const target = path.join(__dirname, 'dist/codicons');
  fs.mkdirSync(target, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(__dirname, 'node_modules/@vscode/codicons/dist', file), path.join(target, file));
}

function copyWasm() {
  const target = path.join(__dirname, 'dist/wasm');
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'node_modules/web-tree-sitter/tree-sitter.wasm'), path.join(target, 'tree-sitter.wasm'));
  const grammars = path.join(__dirname, 'node_modules/@vscode/tree-sitter-wasm/wasm');
  // One grammar per language of the language table.
  for (const language of require('./src/core/languages.json').flatMap((entry) => entry.languages.map((row) => row.grammar))) {
    fs.copyFileSync(path.join(grammars, `tree-sitter-${language}.wasm`), path.join(target, `tree-sitter-${language}.wasm`));
  }
  // The encoders' ranks, once, as compact files beside the grammars (no bundle embeds them).
  writeRankFiles(target);
}

/**
 * package.json's `onLanguage:` events for code files, derived from the language table: one block, in the table's
 * order, where the block stood (else after the `workspaceContains:` events); the other events are kept as written.
 * Written only when it changes; a test checks the committed file against the table.
 */
function syncActivationEvents() {
  const manifestPath = path.join(__dirname, 'package.json');
  const text = fs.readFileSync(manifestPath, 'utf8');
  const manifest = JSON.parse(text);
  const table = require('./src/core/languages.json');
  const code = table.flatMap((entry) => entry.languages.flatMap((row) => row.vscodeLanguageIds)).map((id) => `onLanguage:${id}`);
  const isCode = new Set(code);
  const events = manifest.activationEvents;
  const first = events.findIndex((event) => isCode.has(event));
  const kept = events.filter((event) => !isCode.has(event));
  const at = first >= 0 ? first : kept.filter((event) => event.startsWith('workspaceContains:')).length;
  manifest.activationEvents = [...kept.slice(0, at), ...code, ...kept.slice(at)];
  const next = JSON.stringify(manifest, null, 2) + '\n';
  if (next !== text) fs.writeFileSync(manifestPath, next);
}

/** packages/cli: the wasm files beside the bundle, the license, and the root package.json's version. */
function syncCliPackage() {
  const folder = path.join(__dirname, 'packages/cli');
  fs.mkdirSync(path.join(folder, 'dist/wasm'), { recursive: true });
  for (const file of fs.readdirSync(path.join(__dirname, 'dist/wasm'))) fs.copyFileSync(path.join(__dirname, 'dist/wasm', file), path.join(folder, 'dist/wasm', file));
  fs.copyFileSync(path.join(__dirname, 'LICENSE'), path.join(folder, 'LICENSE'));
  const manifestPath = path.join(folder, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, 'package.json'), 'utf8'));
  if (manifest.version !== version) {
    manifest.version = version;
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  }
}

async function main() {
  const builds = [];
  const failures = [];
  const run = (name, options) =>
    builds.push(
      esbuild.build(options).catch((error) => {
        failures.push(`${name}: ${error.message.split('\n')[0]}`);
      }),
    );

  if (want('extension') && fs.existsSync('src/extension.ts')) {
    run('extension', { ...browserCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' });
  }
  // The bench's editorWorker module and the unit tests (auditWorkers.test) start it too.
  if ((want('extension') || want('bench') || want('tests')) && fs.existsSync('src/auditWorker.ts')) {
    // The workspace audit's worker: a worker thread in the desktop host, a nested Worker in the web host (one script).
    run('audit-worker', { ...browserCommon, format: 'iife', entryPoints: ['src/auditWorker.ts'], outfile: 'dist/auditWorker.js' });
  }
  if (want('extension') && fs.existsSync('media/webview.ts')) {
    run('webview', { ...browserCommon, external: [], format: 'iife', inject: [], entryPoints: ['media/webview.ts'], outfile: 'dist/webview.js' });
  }
  if (want('cli') && fs.existsSync('src/cli/main.ts')) {
    run('cli', { ...nodeCommon, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
    run('action', { ...nodeCommon, entryPoints: ['src/action/main.ts'], outfile: 'dist/action.js' });
  }
  if (want('cli-package') && fs.existsSync('src/cli/main.ts')) {
    // The installable CLI: the same entry, minified, no source map; the package's version follows the extension's.
    run('cli-package', { ...nodeCommon, sourcemap: false, minify: true, entryPoints: ['src/cli/main.ts'], outfile: 'packages/cli/dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
  }
  if (want('tests')) {
    const entries = walk('test', (f) => f.endsWith('.test.ts') && !f.includes(`${path.sep}integration${path.sep}`)).filter((f) => !filter || f.includes(filter));
    // A filtered build (one helper's suites) must not delete the other suites' bundles.
    if (!filter) fs.rmSync('out/test', { recursive: true, force: true });
    for (const entry of entries) {
      const rel = path.relative('test', entry).replace(/\.ts$/, '.js');
      // One bundle per suite so a broken suite fails alone; dependencies stay in node_modules.
      run(entry, { ...nodeCommon, entryPoints: [entry], outfile: path.join('out/test', rel), packages: 'external', alias: {}, inject: [nodeRankFiles] });
    }
  }
  if (want('integration') && fs.existsSync('test/integration/suite/index.ts')) {
    run('integration', { ...browserCommon, entryPoints: ['test/integration/suite/index.ts'], outfile: 'out/integration/suite/index.js' });
    // The smoke suite run-vsix.cjs copies into the unpacked VSIX.
    run('integration-vsix', { ...browserCommon, entryPoints: ['test/integration/vsix/index.ts'], outfile: 'out/integration/vsix/index.js' });
    // The activation suite, run in a workspace with no prompt or code file (package.json `test`).
    run('integration-activation', { ...browserCommon, entryPoints: ['test/integration/activation/index.ts'], outfile: 'out/integration/activation/index.js' });
  }
  if (want('bench') && fs.existsSync('bench/bench.ts')) {
    run('bench', { ...nodeCommon, entryPoints: ['bench/bench.ts'], outfile: 'out/bench/bench.js', packages: 'external', alias: {}, inject: [nodeRankFiles] });
    // One whole audit of a bench workspace, for `node --cpu-prof out/bench/profileAudit.js prompts|mixed`.
    run('bench-profile', { ...nodeCommon, entryPoints: ['bench/profileAudit.ts'], outfile: 'out/bench/profileAudit.js', packages: 'external', alias: {}, inject: [nodeRankFiles] });
    // Keystrokes in the 1 MB prompt file, for `node out/bench/profileKeystroke.js [--profile=FILE]`.
    run('bench-keystroke', { ...nodeCommon, entryPoints: ['bench/profileKeystroke.ts'], outfile: 'out/bench/profileKeystroke.js', packages: 'external', alias: {}, inject: [nodeRankFiles] });
  }
  if (want('extension') || want('cli') || want('cli-package') || want('tests') || want('bench')) copyWasm();
  if (want('extension')) copyCodicons();
  if (want('extension')) syncActivationEvents();
  if (want('cli-package')) syncCliPackage();
  await Promise.all(builds);
  if (failures.length) {
    console.error(`[esbuild] ${failures.length} build(s) failed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
