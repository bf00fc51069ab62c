// The editor's workspace audit with and without its worker (issue 16, target 2): how long the extension host's thread
// is held. The same documents go through the editor's path both ways, alternated in one process: on this thread
// (auditDocuments, what the editor did before) and through auditInWorker with the shipped dist/auditWorker.js as the
// desktop host runs it (a worker thread): kept between audits, as the editor keeps it, and new for each audit (it loads
// its own encoders and grammars then: the editor's first audit, or one after a minute without audits). Printed:
// the longest stretch the thread could not answer a timer (a lens or hover request waits that long), the thread's
// busy time (event-loop utilisation), and wall time, medians of the repeats.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { BenchModule, BenchRow } from './types';
import { issueMixedWorkspace, promptFileWorkspace } from './audit';
import { auditDocuments, type SourceDocument } from '../src/core/workspaceAudit';
import { createAuditSession, type PlainSessionInputs } from '../src/core/session';
import { auditInWorker, nodeWorkerPort, type AuditWorkerPort } from '../src/core/auditWorkers';
import { buildReport } from '../src/core/report/model';

const repo = path.resolve(__dirname, '../..');
const wasmFolder = path.join(repo, 'dist/wasm');
const workerScript = path.join(repo, 'dist/auditWorker.js');
const REPEATS = 3;

interface HostFigures {
  wallMs: number;
  longestBlockMs: number;
  busyMs: number;
  report: string;
}

async function measured(work: () => Promise<string>): Promise<HostFigures> {
  // A 1 ms timer: the longest gap between its calls is the longest the thread could not answer anything.
  let longestBlockMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longestBlockMs = Math.max(longestBlockMs, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  longestBlockMs = 0;
  last = performance.now();
  const utilisation = performance.eventLoopUtilization();
  const start = performance.now();
  const report = await work();
  const wallMs = performance.now() - start;
  // One more turn so a block that ended with the work is counted.
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(timer);
  return { wallMs, longestBlockMs, busyMs: performance.eventLoopUtilization(utilisation).active, report };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export const benchEditorWorker: BenchModule = async () => {
  if (!fs.existsSync(workerScript)) throw new Error('dist/auditWorker.js is missing: run `node esbuild.js --only=bench` first');
  const inputs: PlainSessionInputs = { pricedOn: '2026-12-03' };
  const session = createAuditSession({ ...inputs, readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(wasmFolder, name))) });
  const { context } = session;
  const reportOf = (audit: Awaited<ReturnType<typeof auditDocuments>>) => JSON.stringify(buildReport(audit, context.catalog, context.config, []));
  const rows: BenchRow[] = [];
  const workspaces: Array<[string, SourceDocument[]]> = [
    ['300-file mixed workspace', issueMixedWorkspace(300)],
    ['200 prompt files (2 MB)', promptFileWorkspace(2 * 1024 * 1024)],
  ];
  // Warm this thread's encoders, grammars and JIT on both workspaces (an editor that has audited before).
  for (const [, documents] of workspaces) await auditDocuments(documents, context);
  const startWorker = () => {
    const port = nodeWorkerPort(new Worker(workerScript));
    port.postMessage({ kind: 'start', session: inputs, wasmFolder });
    return port;
  };
  /** The editor's path through a worker: `start` gives the run its worker (a new one, or the kept one told its session). */
  const throughWorker = (documents: SourceDocument[], start: () => AuditWorkerPort, keepAlive: boolean) => async () => {
    const run = auditInWorker(documents, start, context, { keepAlive });
    let position = 0;
    const audit = await auditDocuments(documents, context, { auditOne: () => run.audits[position++] });
    const finished = await run.finished;
    if (finished.inWorker !== documents.length) throw new Error(`the worker audited ${finished.inWorker} of ${documents.length} files: ${finished.failure}`);
    return reportOf(audit);
  };
  for (const [name, documents] of workspaces) {
    const inThread: HostFigures[] = [];
    const coldWorker: HostFigures[] = [];
    const keptWorker: HostFigures[] = [];
    // The editor keeps its worker between audits: one run warms it (not measured), each measured run tells it its session.
    const kept = startWorker();
    await throughWorker(documents, () => kept, true)();
    const again = () => {
      kept.postMessage({ kind: 'start', session: inputs, wasmFolder });
      return kept;
    };
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      inThread.push(await measured(async () => reportOf(await auditDocuments(documents, context))));
      coldWorker.push(await measured(throughWorker(documents, startWorker, false)));
      keptWorker.push(await measured(throughWorker(documents, again, true)));
    }
    kept.terminate();
    if ([...coldWorker, ...keptWorker].some((figures) => figures.report !== inThread[0].report)) throw new Error(`${name}: the worker's report differs from this thread's`);
    const pick = (figures: HostFigures[], key: 'wallMs' | 'longestBlockMs' | 'busyMs') => median(figures.map((figure) => figure[key]));
    rows.push({ name: `${name}: longest the host's thread is held, kept worker (ms)`, value: pick(keptWorker, 'longestBlockMs'), unit: 'ms', reference: { name: 'on the thread', value: pick(inThread, 'longestBlockMs') } });
    rows.push({ name: `${name}: the host thread's busy time, kept worker (ms)`, value: pick(keptWorker, 'busyMs'), unit: 'ms', reference: { name: 'on the thread', value: pick(inThread, 'busyMs') } });
    rows.push({ name: `${name}: wall time, kept worker (ms)`, value: pick(keptWorker, 'wallMs'), unit: 'ms', reference: { name: 'on the thread, warm', value: pick(inThread, 'wallMs') } });
    rows.push({ name: `${name}: wall time, a new worker (the first audit after a minute idle) (ms)`, value: pick(coldWorker, 'wallMs'), unit: 'ms', reference: { name: 'on the thread, warm', value: pick(inThread, 'wallMs') } });
  }
  return rows;
};
