// Whole-audit figures: the sample workspace and a generated 300-file workspace through the same pipeline as the CLI,
// with heap growth, beside a reference that only reads and token-counts the same text with OpenAI's tiktoken (WASM).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchModule, BenchRow } from './types';
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
function generatedWorkspace(files: number): SourceDocument[] {
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
  rows.push({ name: '300-file workspace: heap growth during the audit', value: Math.max(0, heapAfter - heapBefore), unit: 'MB', target: { max: 200 } });
  const again = await timed(() => auditDocuments(generated, context));
  rows.push({ name: '300-file workspace: second audit (token counts cached)', value: again.ms, unit: 'ms', reference: { name: 'first audit', value: run.ms } });
  return rows;
};
