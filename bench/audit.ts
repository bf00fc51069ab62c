// Whole-audit figures: the sample workspace and a generated 300-file workspace through the same pipeline as the CLI,
// with heap growth, beside a reference that only reads and token-counts the same text with OpenAI's tiktoken (WASM).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import type { BenchModule, BenchRow } from './types';
import { seededRandom } from './seededRandom';
import { auditDocuments, type SourceDocument } from '../src/core/workspaceAudit';
import { createAuditSession } from '../src/core/session';
import { DEFAULT_CONFIG } from '../src/core/config';
import { discoverFiles, readDocuments } from '../src/workspace/nodeFiles';
import type { ScanProblem } from '../src/core/types';

const repo = path.resolve(__dirname, '../..');
const wasm = path.join(repo, 'dist/wasm');

function session() {
  return createAuditSession({ readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(wasm, name))) }).context;
}

/** A workspace of realistic files: prompt files and code calls in several shapes, repeated with variations. */
export function generatedWorkspace(files: number): SourceDocument[] {
  const sample = path.join(repo, 'test/fixtures/sample-workspace');
  const problems: ScanProblem[] = [];
  const seeds = [...readDocuments(discoverFiles(sample, sample, DEFAULT_CONFIG, problems), problems)];
  const documents: SourceDocument[] = [];
  for (let i = 0; i < files; i++) {
    const seed = seeds[i % seeds.length];
    // Vary the text so the content caches do not make later copies free; a YAML file gets a comment (a line of prose
    // after its last key made every `.prompt.yml` copy a YAML error until session 12).
    const variant = /\.(py|ya?ml)$/.test(seed.file) ? `${seed.text}\n# variant ${i}\n` : seed.file.endsWith('.ts') ? `${seed.text}\n// variant ${i}\n` : `${seed.text}\nVariant ${i}.\n`;
    const slash = seed.file.lastIndexOf('/');
    documents.push({ file: `${seed.file.slice(0, slash + 1)}copy${i}-${seed.file.slice(slash + 1)}`, text: variant });
  }
  return documents;
}

/** Ordinary application code with no LLM call or prompt, one file per kind (test/fixtures/code/unrelated). */
export function unrelatedCode(): SourceDocument[] {
  const folder = path.join(repo, 'test/fixtures/code/unrelated');
  return fs
    .readdirSync(folder)
    .filter((name) => name !== 'README.md')
    .sort()
    .map((name) => ({ file: `app/${name}`, text: fs.readFileSync(path.join(folder, name), 'utf8') }));
}

/**
 * The mixed workspace issue 16 describes ("60% unrelated code, code with calls, prompt files, large prompts"): of every
 * ten files six are ordinary application code with no LLM call or prompt (test/fixtures/code/unrelated, eight
 * languages; some hold words such as `message` or `role` that the code pre-filter must see past), four are copies of the sample
 * workspace's files in turn (code with calls, every kind of prompt file, the large prompt of support_bot.py). Each copy
 * gets a line of its own so no two files share their text. Until session 14 the bench's "mixed" row used
 * `generatedWorkspace` alone, where every file holds a site.
 */
export function issueMixedWorkspace(files: number): SourceDocument[] {
  const unrelated = unrelatedCode();
  const withSites = generatedWorkspace(Math.ceil((files * 4) / 10));
  const documents: SourceDocument[] = [];
  let next = 0;
  for (let i = 0; i < files; i++) {
    if (i % 10 >= 6) {
      documents.push(withSites[next++]);
      continue;
    }
    const seed = unrelated[(i - next) % unrelated.length];
    const comment = /\.(py|rb)$/.test(seed.file) ? '#' : '//';
    const slash = seed.file.lastIndexOf('/');
    documents.push({ file: `${seed.file.slice(0, slash + 1)}copy${i}-${seed.file.slice(slash + 1)}`, text: `${seed.text}\n${comment} variant ${i}\n` });
  }
  return documents;
}

/**
 * About `totalChars` of prompt files only (no code), in files of about `fileChars` (10 KB): every kind of prompt file from the
 * prompt-file corpus, bodies padded with generated prose sentences so that no two files share their text.
 */
export function promptFileWorkspace(totalChars: number, fileChars = 10_000): SourceDocument[] {
  const corpus = path.join(repo, 'test/fixtures/prompt-files-corpus');
  const seeds: SourceDocument[] = [];
  const visit = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (!/expected|README|check-|^\./.test(entry.name) && !entry.name.endsWith('.prompt.yml') && !entry.name.endsWith('.yaml')) {
        seeds.push({ file: path.relative(corpus, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  visit(corpus);
  seeds.sort((a, b) => (a.file < b.file ? -1 : 1));
  const words = fs.readFileSync(path.join(repo, 'test/fixtures/tokens/prose-en.txt'), 'utf8').split(/\s+/).filter(Boolean);
  const random = seededRandom(16);
  const sentence = (): string => {
    const length = 6 + Math.floor(random() * 14);
    const picked = Array.from({ length }, () => words[Math.floor(random() * words.length)].replace(/[^\p{L}\p{N}'-]/gu, '')).filter(Boolean);
    return picked.length === 0 ? 'Answer briefly.' : `${picked[0][0].toUpperCase()}${picked.join(' ').slice(1)}.`;
  };
  const documents: SourceDocument[] = [];
  let total = 0;
  for (let i = 0; total < totalChars; i++) {
    const seed = seeds[i % seeds.length];
    let padding = '';
    while (seed.text.length + padding.length < fileChars) padding += `${Array.from({ length: 5 }, sentence).join(' ')}\n\n`;
    const slash = seed.file.lastIndexOf('/');
    const file = `prompts/${seed.file.slice(0, slash + 1)}v${i}-${seed.file.slice(slash + 1)}`;
    const text = flatString(`${seed.text.replace(/\s*$/, '')}\n\n${padding}`);
    documents.push({ file, text });
    total += text.length;
  }
  return documents;
}

/**
 * `text` as one flat string, as a file read from disk or an editor's document is. Built by concatenation it is a rope,
 * which the audit reads more slowly: the 10 MB row's audit took ~18% longer on the ropes (session 16), a cost no user
 * pays. profileAudit.js flattened them already; tiktoken gets the same flat texts.
 */
function flatString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * About `totalChars` in `files` files: 40% of them copies of the sample workspace (code with calls, every kind of prompt
 * file, about 4.5 KB each), the rest prompt files padded to share the remaining characters.
 */
export function largeWorkspace(files: number, totalChars: number): SourceDocument[] {
  const mixed = generatedWorkspace(Math.round(files * 0.4));
  const mixedChars = mixed.reduce((n, d) => n + d.text.length, 0);
  const promptFiles = files - mixed.length;
  const fileChars = Math.max(1_000, Math.floor((totalChars - mixedChars) / promptFiles));
  // The padding makes each file a little longer than fileChars: ask for fewer characters so the count comes out right.
  return [...mixed, ...promptFileWorkspace(promptFiles * fileChars, fileChars).slice(0, promptFiles)];
}

/** Wall time and this process's CPU time (user + system) of `work`: on a shared machine the CPU time is less disturbed. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(cpuStart);
  return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

export const benchAudit: BenchModule = async () => {
  const rows: BenchRow[] = [];
  const context = session();
  // Warm: grammar and encoder loading are measured by the scanning and tokenizing modules.
  await auditDocuments([{ file: 'warm.py', text: 'client.chat.completions.create(model="gpt-4o", messages=[])' }, { file: 'prompts/warm.txt', text: 'warm' }], context);

  const sample = path.join(repo, 'test/fixtures/sample-workspace');
  const problems: ScanProblem[] = [];
  const sampleDocuments = [...readDocuments(discoverFiles(sample, sample, DEFAULT_CONFIG, problems), problems)];
  const sampleRun = await timed(() => auditDocuments(sampleDocuments, session()));
  rows.push({ name: `sample workspace (${sampleDocuments.length} files, ${sampleRun.value.documents.reduce((n, d) => n + d.sites.length, 0)} sites)`, value: sampleRun.ms, unit: 'ms', target: { max: 1000 } });
  // The rows below are throughput: the grammars and queries of every language they hold are loaded first (before
  // session 12 the 300-file row paid for loading the TypeScript grammar, the reference never pays for its encoder;
  // since session 14 also the grammars of the unrelated code's eight languages).
  await auditDocuments([...sampleDocuments, ...unrelatedCode().map((document) => ({ file: `warm/${document.file}`, text: document.text }))], context);

  const { get_encoding } = require('tiktoken') as { get_encoding(name: string): { encode_ordinary(text: string): Uint32Array; free(): void } };
  /** The whole audit of `documents` and, right after it in the same process, tiktoken counting the same text. */
  const againstTiktoken = async (documents: SourceDocument[], auditContext = context) => {
    const heapBefore = heapMb();
    const run = await timed(() => auditDocuments(documents, auditContext));
    const heapAfter = heapMb();
    const reference = get_encoding('o200k_base');
    const referenceRun = await timed(async () => {
      let tokens = 0;
      for (const document of documents) tokens += reference.encode_ordinary(document.text).length;
      return tokens;
    });
    reference.free();
    return { run, referenceRun, heapGrowth: Math.max(0, heapAfter - heapBefore) };
  };

  // Issue 16's mixed workspace (60% unrelated code): the target row. It runs first, so it pays the JIT warm-up the
  // sample-workspace copies below paid until session 13 (both follow the same 9-file warm-up).
  {
    const mixed = issueMixedWorkspace(300);
    const bytes = mixed.reduce((n, d) => n + d.text.length, 0);
    const { run, referenceRun } = await againstTiktoken(mixed);
    rows.push({
      name: `300-file mixed workspace, 60% unrelated code (${(bytes / 1024).toFixed(0)} KB): full audit`,
      value: run.ms,
      unit: 'ms',
      reference: { name: 'tiktoken count of the same text only', value: referenceRun.ms },
    });
    rows.push({ name: '300-file mixed workspace: speed against tiktoken counting it (x)', value: referenceRun.ms / run.ms, unit: 'x', target: { min: 0.5 } });
    rows.push({ name: '300-file mixed workspace: the same in CPU time (x)', value: referenceRun.cpuMs / run.cpuMs, unit: 'x' });
    // The same pair once more, in a new session (the token-count cache is per process, so counts are cached, as most
    // of the copies' counts already were in the first run): how much of the first audit was the JIT compiling the
    // audit's code, which a 300-file audit cannot amortise. For information; the target row is the first one.
    const second = await againstTiktoken(issueMixedWorkspace(300), session());
    rows.push({ name: '300-file mixed workspace, audited again (JIT warm, counts cached): speed (x)', value: second.referenceRun.ms / second.run.ms, unit: 'x' });
    rows.push({ name: '300-file mixed workspace, audited again: the same in CPU time (x)', value: second.referenceRun.cpuMs / second.run.cpuMs, unit: 'x' });
  }

  // Copies of the sample workspace only (every file holds a site): until session 13 this was the "mixed" row.
  const generated = generatedWorkspace(300);
  const bytes = generated.reduce((n, d) => n + d.text.length, 0);
  const { run, referenceRun, heapGrowth } = await againstTiktoken(generated);
  rows.push({
    name: `300 sample-workspace copies, all with sites (${(bytes / 1024).toFixed(0)} KB): full audit`,
    value: run.ms,
    unit: 'ms',
    reference: { name: 'tiktoken count of the same text only', value: referenceRun.ms },
    target: { max: 5000 },
  });
  rows.push({ name: '300 sample-workspace copies: speed against tiktoken counting them (x)', value: referenceRun.ms / run.ms, unit: 'x' });
  // The same ratio in CPU time (both sides single-threaded JS/WASM; garbage collection threads count for the audit).
  rows.push({ name: '300 sample-workspace copies: the same in CPU time (x)', value: referenceRun.cpuMs / run.cpuMs, unit: 'x' });
  rows.push({ name: '300 sample-workspace copies: heap growth during the audit', value: heapGrowth, unit: 'MB', target: { max: 200 } });
  const again = await timed(() => auditDocuments(generated, context));
  rows.push({ name: '300 sample-workspace copies: second audit (token counts cached)', value: again.ms, unit: 'ms', reference: { name: 'first audit', value: run.ms } });

  // 10 MB of prompt files: the whole audit against counting the same text with tiktoken (target: at least 0.8x its speed).
  {
    const prompts = promptFileWorkspace(10 * 1024 * 1024);
    const chars = prompts.reduce((n, d) => n + d.text.length, 0);
    const referenceEncoding = get_encoding('o200k_base');
    const counted = await timed(async () => {
      let tokens = 0;
      for (const document of prompts) tokens += referenceEncoding.encode_ordinary(document.text).length;
      return tokens;
    });
    referenceEncoding.free();
    const audited = await timed(() => auditDocuments(prompts, context));
    rows.push({
      name: `${prompts.length.toLocaleString('en-US')} prompt files (${(chars / 1048576).toFixed(1)} M chars): whole audit`,
      value: audited.ms,
      unit: 'ms',
      reference: { name: 'tiktoken count of the same text only', value: counted.ms },
    });
    rows.push({ name: '10 MB of prompt files: speed against tiktoken counting it (x)', value: counted.ms / audited.ms, unit: 'x', target: { min: 0.8 } });
    rows.push({ name: '10 MB of prompt files: the same in CPU time (x)', value: counted.cpuMs / audited.cpuMs, unit: 'x' });
  }

  // Cost per file from 1 to 10,000 files (target: flat), read off one 10,000-file audit: the time of each stretch of
  // files, per file, then the cross-file rules at the end. (Until session 13 four separate audits of 1k, 2k, 4k and
  // 8k files, 15,000 files in all, each figure averaging from its first file, JIT warm-up included.)
  {
    const marks = [1_000, 2_000, 4_000, 8_000, 10_000];
    const documents = generatedWorkspace(marks[marks.length - 1]);
    const reached: number[] = [];
    const start = performance.now();
    let documentsDone = start;
    await auditDocuments(documents, context, {
      onDocument: (_file, index) => {
        if (marks.includes(index + 1)) reached.push(performance.now() - start);
        if (index + 1 === documents.length) documentsDone = performance.now();
      },
    });
    const finished = performance.now();
    let firstStretch = 0;
    marks.forEach((mark, at) => {
      const from = at === 0 ? 0 : marks[at - 1];
      const perFile = (reached[at] - (at === 0 ? 0 : reached[at - 1])) / (mark - from);
      if (at === 0) firstStretch = perFile;
      const stretch = `files ${(from + 1).toLocaleString('en-US')}-${mark.toLocaleString('en-US')} of a 10,000-file workspace`;
      rows.push({ name: `${stretch}: audit per file`, value: perFile, unit: 'ms', reference: { name: 'files 1-1,000', value: firstStretch } });
    });
    rows.push({ name: '10,000-file workspace: cross-file rules and report after the last file', value: finished - documentsDone, unit: 'ms', reference: { name: 'all 10,000 files', value: documentsDone - start } });
  }

  return rows;
};

/**
 * Issue 16 target 2 through the CLI on 10,000 files / 100 MB: cold on two worker threads (which fills an empty cache of
 * its own), then warm. `npm run bench -- large --full` first runs the same files on one thread without the cache too.
 */
export const benchLarge: BenchModule = async () => cliRows(largeWorkspace(10_000, 100 * 1024 * 1024), process.argv.includes('--full'));

interface CliRun {
  ms: number;
  cpuMs: number;
  peakMb: number;
  load: string;
}

/**
 * The CLI end to end on `documents` written to disk: one thread without the cache, two worker threads with an empty
 * cache of their own (cold, which fills it), then the same again (warm). Wall time, CPU time (user+sys, what the run
 * cost whatever else the machine did) and peak RSS of each run, with the load when it ended.
 */
function cliRows(documents: SourceDocument[], withSingleThread: boolean): BenchRow[] {
  const rows: BenchRow[] = [];
  const chars = documents.reduce((n, d) => n + d.text.length, 0);
  const label = `${documents.length.toLocaleString('en-US')} files (${(chars / 1048576).toFixed(0)} M chars)`;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-bench-'));
  const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-bench-cache-'));
  try {
    for (const document of documents) {
      const target = path.join(folder, document.file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, document.text);
    }
    const cli = path.join(repo, 'dist/cli.js');
    const runCli = (jobs: number, cache: boolean): CliRun => {
      const args = [cli, 'audit', folder, '--format', 'json', '--jobs', String(jobs), '--fail-on', 'none', '--quiet', ...(cache ? [] : ['--no-cache'])];
      const env = { ...process.env, PROMPT_COST_CACHE_DIR: cacheFolder };
      const start = performance.now();
      // GNU time gives peak RSS and CPU time; a machine without it prints no RSS row rather than a made-up one.
      const result = fs.existsSync('/usr/bin/time')
        ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env })
        : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, env });
      const ms = performance.now() - start;
      const measured = /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
      return { ms, peakMb: Number(measured?.[1] ?? NaN) / 1024, cpuMs: (Number(measured?.[2] ?? NaN) + Number(measured?.[3] ?? NaN)) * 1000, load: loadNow() };
    };
    const runs: Array<[string, CliRun, number | undefined]> = [];
    if (withSingleThread) runs.push(['CLI --jobs 1 --no-cache', runCli(1, false), undefined]);
    // The cache trusts a file's stamp only when the file had not changed for 2 s before the run that cached it (as
    // a workspace's files usually have not): the warm run below then reads no unchanged file.
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_100);
    runs.push(['CLI cold, 2 worker threads', runCli(2, true), 30_000]);
    runs.push(['CLI warm (cache, no file changed)', runCli(2, true), 3_000]);
    const single = withSingleThread ? runs[0][1] : undefined;
    for (const [name, run, wallTarget] of runs) {
      rows.push({ name: `${label}, ${name}: wall (load ${run.load})`, value: run.ms, unit: 'ms', ...(wallTarget ? { target: { max: wallTarget } } : {}) });
      // Two threads can only gain when a second core is idle: the CPU time says how much work each way did.
      if (Number.isFinite(run.cpuMs)) rows.push({ name: `${label}, ${name}: CPU time`, value: run.cpuMs, unit: 'ms', ...(single && run !== single ? { reference: { name: 'CLI --jobs 1', value: single.cpuMs } } : {}) });
      if (Number.isFinite(run.peakMb)) rows.push({ name: `${label}, ${name}: peak RSS`, value: run.peakMb, unit: 'MB', target: { max: 400 } });
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(cacheFolder, { recursive: true, force: true });
  }
  return rows;
}

function loadNow(): string {
  return os.loadavg()[0].toFixed(1);
}
