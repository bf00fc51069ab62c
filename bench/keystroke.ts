// Keystroke re-audits (issue 16, target 4): one character typed at a time inside the prompts of a 2,000-line
// TypeScript file and its Python equivalent (200 calls each), and inside a 1 MB prompt file; p50 and p99 of the
// re-audit (DocumentReaudit, as the editor runs it) beside a whole audit of the same text in the same process. The code
// files are typed into twice: alone, and with the workspace symbol index present (as after any workspace audit: the
// editor replaces the file's entry with `withFile` on every keystroke, timed with the re-audit).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchModule, BenchRow } from './types';
import { createAuditSession } from '../src/core/session';
import { auditDocument } from '../src/core/audit';
import { DocumentReaudit } from '../src/core/reaudit/documentReaudit';
import { seededRandom } from './seededRandom';
import { largePrompt, pythonWithCalls, typescriptWithCalls, workspaceIndex, workspaceWithImports } from './keystrokeFiles';
import { withFile, type WorkspaceSymbols } from '../src/core/scanning/code/symbolIndex';

const repo = path.resolve(__dirname, '../..');
const KEYSTROKES = 200;
/** Whole audits measured as the reference (each costs what a keystroke cost before). */
const REFERENCE_RUNS = 20;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

export const benchKeystroke: BenchModule = async () => {
  const context = createAuditSession({ readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repo, 'dist/wasm', name))) }).context;
  const indexed = (language: 'typescript' | 'python') => {
    const workspace = workspaceWithImports(language, 200);
    return { file: workspace.file, text: workspace.text, symbols: workspaceIndex([...workspace.files, { file: workspace.file, text: workspace.text }]) };
  };
  const documents: Array<{ label: string; file: string; text: string; target: number; symbols?: WorkspaceSymbols }> = [
    { label: '2,000-line TS, 200 calls', file: 'src/assistants.ts', text: typescriptWithCalls(200), target: 16 },
    { label: '2,000-line TS, 200 calls, symbol index present (50 imports)', ...indexed('typescript'), target: 16 },
    { label: '2,000-line Python, 200 calls', file: 'app/assistants.py', text: pythonWithCalls(200), target: 16 },
    { label: '2,000-line Python, 200 calls, symbol index present (50 imports)', ...indexed('python'), target: 16 },
    { label: '1 MB prompt file', file: 'prompts/editor.md', text: largePrompt(1024 * 1024, repo), target: 50 },
  ];
  const rows: BenchRow[] = [];
  for (const document of documents) {
    const random = seededRandom(16);
    const reaudit = new DocumentReaudit(document.file, context);
    let text = document.text;
    let symbols = document.symbols;
    await reaudit.update(text, symbols);
    // Where a person types: inside the prompts (the code files' prompt constants, the prompt file's sentences).
    const marker = document.file.endsWith('.md') ? '. ' : 'You are assistant';
    const promptStarts = (): number[] => {
      const starts: number[] = [];
      for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) starts.push(at + marker.length);
      return starts;
    };
    const times: number[] = [];
    let whole = 0;
    let parsed = 0;
    let ruleChecks = 0;
    for (let key = 0; key < KEYSTROKES; key++) {
      const prompts = promptStarts();
      const at = prompts[Math.floor(random() * prompts.length)] + Math.floor(random() * 30);
      text = `${text.slice(0, at)}${'etaoin'[key % 6]}${text.slice(at)}`;
      const start = performance.now();
      if (symbols) symbols = withFile(symbols, document.file, text);
      await reaudit.update(text, symbols);
      times.push(performance.now() - start);
      if (reaudit.counts.whole) whole++;
      parsed += reaudit.counts.parsedChars;
      ruleChecks += reaudit.counts.ruleChecks;
    }
    const reference: number[] = [];
    for (let run = 0; run < REFERENCE_RUNS; run++) {
      const start = performance.now();
      await auditDocument(document.file, text, symbols ? { ...context, symbols } : context);
      reference.push(performance.now() - start);
    }
    const referenceP50 = percentile(reference, 0.5);
    const counts = `${whole} whole, ${Math.round(parsed / KEYSTROKES).toLocaleString('en-US')} chars parsed, ${(ruleChecks / KEYSTROKES).toFixed(0)} rule checks per key`;
    rows.push({ name: `keystroke, ${document.label}: p50 (${counts})`, value: percentile(times, 0.5), unit: 'ms', reference: { name: 'whole audit p50', value: referenceP50 } });
    rows.push({ name: `keystroke, ${document.label}: p99`, value: percentile(times, 0.99), unit: 'ms', reference: { name: 'whole audit p50', value: referenceP50 }, target: { max: document.target } });
  }
  return rows;
};
