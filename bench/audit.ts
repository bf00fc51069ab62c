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
    // Vary the text so the content caches do not make later copies free.
    const variant = seed.file.endsWith('.py') ? `${seed.text}\n# variant ${i}\n` : seed.file.endsWith('.ts') ? `${seed.text}\n// variant ${i}\n` : `${seed.text}\nVariant ${i}.\n`;
    const slash = seed.file.lastIndexOf('/');
    documents.push({ file: `${seed.file.slice(0, slash + 1)}copy${i}-${seed.file.slice(slash + 1)}`, text: variant });
  }
  return documents;
}

/**
 * About `totalChars` of prompt files only (no code), in files of about 10 KB: every kind of prompt file from the
 * prompt-file corpus, bodies padded with generated prose sentences so that no two files share their text.
 */
export function promptFileWorkspace(totalChars: number): SourceDocument[] {
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
    while (seed.text.length + padding.length < 10_000) padding += `${Array.from({ length: 5 }, sentence).join(' ')}\n\n`;
    const slash = seed.file.lastIndexOf('/');
    const file = `prompts/${seed.file.slice(0, slash + 1)}v${i}-${seed.file.slice(slash + 1)}`;
    const text = `${seed.text.replace(/\s*$/, '')}\n\n${padding}`;
    documents.push({ file, text });
    total += text.length;
  }
  return documents;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
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

  const generated = generatedWorkspace(300);
  const bytes = generated.reduce((n, d) => n + d.text.length, 0);
  const heapBefore = heapMb();
  const run = await timed(() => auditDocuments(generated, context));
  const heapAfter = heapMb();
  const { get_encoding } = require('tiktoken') as { get_encoding(name: string): { encode_ordinary(text: string): Uint32Array; free(): void } };
  const reference = get_encoding('o200k_base');
  const referenceRun = await timed(async () => {
    let tokens = 0;
    for (const document of generated) tokens += reference.encode_ordinary(document.text).length;
    return tokens;
  });
  reference.free();
  rows.push({
    name: `300-file workspace (${(bytes / 1024).toFixed(0)} KB): full audit`,
    value: run.ms,
    unit: 'ms',
    reference: { name: 'tiktoken count of the same text only', value: referenceRun.ms },
    target: { max: 5000 },
  });
  const mixedRatio = run.ms / referenceRun.ms;
  rows.push({ name: '300-file mixed workspace: speed against tiktoken counting it (x)', value: 1 / mixedRatio, unit: 'x', target: { min: 0.5 } });
  rows.push({ name: '300-file workspace: heap growth during the audit', value: Math.max(0, heapAfter - heapBefore), unit: 'MB', target: { max: 200 } });
  const again = await timed(() => auditDocuments(generated, context));
  rows.push({ name: '300-file workspace: second audit (token counts cached)', value: again.ms, unit: 'ms', reference: { name: 'first audit', value: run.ms } });

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
  }

  // Cost per file from 1,000 to 8,000 files (target: flat). Each size is a fresh variant set, audited once.
  let perFileAt1k = 0;
  for (const files of [1_000, 2_000, 4_000, 8_000]) {
    const documents = generatedWorkspace(files);
    const sized = await timed(() => auditDocuments(documents, context));
    const perFile = sized.ms / files;
    if (files === 1_000) perFileAt1k = perFile;
    rows.push({ name: `${files.toLocaleString('en-US')}-file workspace: whole audit per file`, value: perFile, unit: 'ms', reference: { name: 'per file at 1,000', value: perFileAt1k } });
  }

  // The CLI end to end on the same 4,000 files written to disk: main thread alone against two worker threads.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-bench-'));
  try {
    for (const document of generatedWorkspace(4_000)) {
      const target = path.join(folder, document.file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, document.text);
    }
    const cli = path.join(repo, 'dist/cli.js');
    const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-bench-cache-'));
    // The single-thread run passes --no-cache; the others use a fresh cache folder of their own (never the user's):
    // the first of them is cold (empty cache, which it fills), the second warm.
    const runCli = (jobs: number, cache: boolean): { ms: number; peakMb: number } => {
      const args = [cli, 'audit', folder, '--format', 'json', '--jobs', String(jobs), '--fail-on', 'none', ...(cache ? [] : ['--no-cache'])];
      const env = { ...process.env, PROMPT_COST_CACHE_DIR: cacheFolder };
      const start = performance.now();
      const result = fs.existsSync('/usr/bin/time')
        ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env })
        : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, env });
      const ms = performance.now() - start;
      const peakKb = Number(/(\d+)\s*$/.exec(result.stderr)?.[1] ?? NaN);
      return { ms, peakMb: peakKb / 1024 };
    };
    try {
      const single = runCli(1, false);
      const parallel = runCli(2, true);
      rows.push({ name: '4,000 files, CLI cold (empty cache), 2 worker threads', value: parallel.ms, unit: 'ms', reference: { name: 'CLI --jobs 1', value: single.ms } });
      // Peak RSS needs GNU time; a machine without it prints no row rather than a made-up one.
      if (Number.isFinite(parallel.peakMb) && Number.isFinite(single.peakMb)) {
        rows.push({ name: '4,000 files, CLI peak RSS, 2 worker threads', value: parallel.peakMb, unit: 'MB', reference: { name: 'CLI --jobs 1', value: single.peakMb }, target: { max: 400 } });
      }
      const warm = runCli(2, true);
      rows.push({ name: '4,000 files, CLI warm (cache, no file changed)', value: warm.ms, unit: 'ms', reference: { name: 'CLI cold, 2 worker threads', value: parallel.ms }, target: { max: 3000 } });
    } finally {
      fs.rmSync(cacheFolder, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  return rows;
};
