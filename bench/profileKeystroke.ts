// `node out/bench/profileKeystroke.js [file] [--keys=N] [--profile=FILE] [--code=ts|py] [--index] [--slowest=N]`: keystrokes typed
// into the bench's 1 MB prompt file (issue 16, target 4) as the editor re-audits them (DocumentReaudit), with p50/p99
// and the load printed. --profile=FILE writes a CPU profile of the keystrokes alone. `file` names the document (its
// format follows from the name: `prompts/editor.md` by default). --code types into the bench's 200-call TS or Python
// file instead (--index: with the workspace symbol index, `withFile` per key as the editor does, timed with the
// re-audit). --slowest=N lists the N slowest keys with their counts. Not part of `npm run bench`; it shows where a keystroke's time goes (run node with --trace-gc for GC).
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAuditSession } from '../src/core/session';
import { auditDocument } from '../src/core/audit';
import { DocumentReaudit } from '../src/core/reaudit/documentReaudit';
import { seededRandom } from './seededRandom';
import { largePrompt, pythonWithCalls, typescriptWithCalls, workspaceIndex, workspaceWithImports } from './keystrokeFiles';
import { withFile, type WorkspaceSymbols } from '../src/core/scanning/code/symbolIndex';

const repo = path.resolve(__dirname, '../..');

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const code = /^--code=(ts|py)$/.exec(process.argv.find((arg) => arg.startsWith('--code=')) ?? '')?.[1];
  const withIndex = process.argv.includes('--index');
  const workspace = code && withIndex ? workspaceWithImports(code === 'ts' ? 'typescript' : 'python', 200) : undefined;
  const file = workspace?.file ?? (code === 'ts' ? 'src/assistants.ts' : code === 'py' ? 'app/assistants.py' : (process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'prompts/editor.md'));
  const keys = Number(/^--keys=(\d+)$/.exec(process.argv.find((arg) => arg.startsWith('--keys=')) ?? '')?.[1] ?? 100);
  const slowest = Number(/^--slowest=(\d+)$/.exec(process.argv.find((arg) => arg.startsWith('--slowest=')) ?? '')?.[1] ?? 0);
  const profileFile = process.argv.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length);
  const context = createAuditSession({ readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repo, 'dist/wasm', name))) }).context;
  let text = workspace?.text ?? (code === 'ts' ? typescriptWithCalls(200) : code === 'py' ? pythonWithCalls(200) : (JSON.parse(JSON.stringify(largePrompt(1024 * 1024, repo))) as string));
  let symbols: WorkspaceSymbols | undefined = workspace ? workspaceIndex([...workspace.files, { file: workspace.file, text: workspace.text }]) : undefined;
  const reaudit = new DocumentReaudit(file, context);
  await reaudit.update(text, symbols);
  const random = seededRandom(16);
  const marker = code ? 'You are assistant' : '. ';
  const type = (): void => {
    const starts: number[] = [];
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) starts.push(at + marker.length);
    const at = starts[Math.floor(random() * starts.length)] + Math.floor(random() * 30);
    text = `${text.slice(0, at)}${'etaoin'[Math.floor(random() * 6)]}${text.slice(at)}`;
  };
  /** Time in `withFile` (the index's update) of the last key. */
  let indexMs = 0;
  const update = async (): Promise<void> => {
    const start = performance.now();
    if (symbols) symbols = withFile(symbols, file, text);
    indexMs = performance.now() - start;
    await reaudit.update(text, symbols);
  };
  // Warm-up keys (JIT), not timed.
  for (let key = 0; key < 10; key++) {
    type();
    await update();
  }
  const profiler = profileFile ? new inspector.Session() : undefined;
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => profiler!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  if (profiler) {
    profiler.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  const times: number[] = [];
  const perKey: Array<{ ms: number; indexMs: number; counts: string }> = [];
  let indexTotal = 0;
  let whole = 0;
  const cpuStart = process.cpuUsage();
  for (let key = 0; key < keys; key++) {
    type();
    const start = performance.now();
    await update();
    const ms = performance.now() - start;
    times.push(ms);
    indexTotal += indexMs;
    const { whole: isWhole, reason, parsedChars, rescannedSites, auditedSites, ruleChecks } = reaudit.counts;
    perKey.push({ ms, indexMs, counts: `${isWhole ? `whole (${reason})` : 'partial'}, ${parsedChars} chars parsed, ${rescannedSites} sites rescanned, ${auditedSites} audited, ${ruleChecks} rule checks` });
    if (reaudit.counts.whole) whole++;
  }
  const cpu = process.cpuUsage(cpuStart);
  if (profiler) {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(profileFile!, JSON.stringify(profile));
  }
  const reference: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    await auditDocument(file, text, symbols ? { ...context, symbols } : context);
    reference.push(performance.now() - start);
  }
  const load = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  // The slowest keys with what they did: whether a p99 is work (chars parsed, sites audited) or a pause (GC, load).
  for (const key of [...perKey].sort((a, b) => b.ms - a.ms).slice(0, slowest)) console.log(`  ${key.ms.toFixed(1)} ms (withFile ${key.indexMs.toFixed(1)} ms): ${key.counts}`);
  if (symbols) console.log(`  withFile: ${(indexTotal / keys).toFixed(2)} ms per key on average (wall)`);
  console.log(`${file}: ${keys} keys, ${whole} whole; p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms, CPU ${((cpu.user + cpu.system) / 1000 / keys).toFixed(1)} ms per key; whole audit p50 ${percentile(reference, 0.5).toFixed(1)} ms (load ${load})`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
