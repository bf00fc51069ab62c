// The extension's workspace audit in a worker (issue 16, target 2): the worker script the extension ships
// (dist/auditWorker.js), run here as a Node worker thread as the desktop host runs it, gives the same audits and report
// as the host's own thread; a worker that cannot start, dies or cannot load its session leaves the rest to this thread
// with the same results; stopping ends the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AuditRunStopped, auditInWorker, nodeWorkerPort, type AuditWorkerPort } from '../../src/core/auditWorkers';
import { createAuditSession, type PlainSessionInputs } from '../../src/core/session';
import { auditDocuments } from '../../src/core/workspaceAudit';
import { buildReport } from '../../src/core/report/model';
import { discoverFiles, readDocuments } from '../../src/workspace/nodeFiles';
import { buildWorkspaceSymbols } from '../../src/workspace/symbolIndexFiles';
import type { ScanProblem } from '../../src/core/types';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');
const workerScript = path.join(repo, 'dist/auditWorker.js');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(await fs.promises.readFile(path.join(wasmFolder, name)));

/** A fixture folder as the extension audits it: its config's session, its files read, its symbol index. */
function workspace(folder: string) {
  const root = path.join(repo, 'test/fixtures', folder);
  const configFile = path.join(root, '.promptcost.yaml');
  const inputs: PlainSessionInputs = { configFile: '.promptcost.yaml', pricedOn: '2026-12-03', ...(fs.existsSync(configFile) ? { configText: fs.readFileSync(configFile, 'utf8') } : {}) };
  const session = createAuditSession({ ...inputs, readBundledFile });
  const problems: ScanProblem[] = [];
  const files = discoverFiles(root, root, session.context.config, problems);
  const documents = [...readDocuments(files, problems)];
  const symbols = buildWorkspaceSymbols(root, files);
  return { inputs, session, documents, symbols, context: { ...session.context, symbols } };
}

function startShippedWorker(inputs: PlainSessionInputs, symbols: unknown, folder = wasmFolder): AuditWorkerPort {
  const port = nodeWorkerPort(new Worker(workerScript));
  port.postMessage({ kind: 'start', session: inputs, symbols: symbols as never, wasmFolder: folder });
  return port;
}

/** The workspace audit with its per-document audits taken from `audits` (as the editor's auditor does). */
async function reportWith(space: ReturnType<typeof workspace>, audits?: ReadonlyArray<Promise<unknown>>) {
  let position = 0;
  const audit = await auditDocuments(space.documents, space.context, audits ? { auditOne: () => audits[position++] as never } : {});
  return { audit, report: buildReport(audit, space.session.context.catalog, space.session.context.config, []) };
}

for (const folder of ['sample-workspace', 'resolve-corpus']) {
  test(`the shipped worker gives the same workspace audit and report as this thread: ${folder}`, async () => {
    assert.ok(fs.existsSync(workerScript), 'dist/auditWorker.js is built (node esbuild.js --only=tests builds it) before the suite runs');
    const space = workspace(folder);
    assert.ok(space.documents.length >= 9, `${folder} has files to audit`);
    const run = auditInWorker(space.documents, () => startShippedWorker(space.inputs, space.symbols), space.context, { batchFiles: 4 });
    const inWorker = await reportWith(space, run.audits);
    assert.deepEqual(await run.finished, { inWorker: space.documents.length, inThread: 0 });
    const inThread = await reportWith(space);
    assert.deepEqual(inWorker.audit, inThread.audit);
    assert.equal(JSON.stringify(inWorker.report), JSON.stringify(inThread.report));
    // The prompt layout the editor shows (cache breakdown) crosses too.
    assert.ok(inWorker.audit.documents.some((document) => document.sites.some((site) => (site.cache?.segments.length ?? 0) > 0)));
  });
}

test('a worker that cannot start, exits at once, or cannot load its session leaves every file to this thread: same report, the reason kept', async () => {
  const space = workspace('sample-workspace');
  const expected = JSON.stringify((await reportWith(space)).report);
  const cases: Array<[string, () => AuditWorkerPort | Promise<AuditWorkerPort>, RegExp]> = [
    ['cannot start', () => Promise.reject(new Error('workers are not allowed here')), /workers are not allowed here/],
    ['exits at once', () => nodeWorkerPort(new Worker('process.exit(3)', { eval: true })), /exited with code 3/],
    ['throws while loading', () => nodeWorkerPort(new Worker('throw new Error("broken script")', { eval: true })), /broken script/],
    ['cannot read its rank files', () => startShippedWorker(space.inputs, space.symbols, path.join(repo, 'no-such-folder')), /audit worker failed: .*ENOENT/s],
  ];
  for (const [name, start, reason] of cases) {
    const run = auditInWorker(space.documents, start, space.context, { batchFiles: 4 });
    assert.equal(JSON.stringify((await reportWith(space, run.audits)).report), expected, name);
    const finished = await run.finished;
    assert.equal(finished.inThread, space.documents.length, name);
    assert.equal(finished.inWorker, 0, name);
    assert.match(finished.failure ?? '', reason, name);
  }
});

test('a worker that dies after its first batch: that batch is kept, the rest is audited here, the report is the same', async () => {
  const space = workspace('sample-workspace');
  const expected = JSON.stringify((await reportWith(space)).report);
  let batches = 0;
  const run = auditInWorker(
    space.documents,
    () => {
      const worker = new Worker(workerScript);
      const port = nodeWorkerPort(worker);
      port.postMessage({ kind: 'start', session: space.inputs, symbols: space.symbols, wasmFolder });
      // The second batch kills the worker before it answers.
      return { ...port, postMessage: (message) => (message.kind === 'batch' && ++batches === 2 ? void worker.terminate() : port.postMessage(message)) };
    },
    space.context,
    { batchFiles: 4 },
  );
  assert.equal(JSON.stringify((await reportWith(space, run.audits)).report), expected);
  const finished = await run.finished;
  assert.deepEqual([finished.inWorker, finished.inThread], [4, space.documents.length - 4]);
  assert.match(finished.failure ?? '', /exited with code 1/);
});

test('stopping a run ends the worker and rejects what it had not answered; nothing is audited afterwards', async () => {
  const space = workspace('sample-workspace');
  const run = auditInWorker(space.documents, () => startShippedWorker(space.inputs, space.symbols), space.context, { batchFiles: 2 });
  await run.audits[0];
  run.stop();
  const settled = await Promise.allSettled(run.audits);
  const rejected = settled.filter((result) => result.status === 'rejected');
  assert.ok(rejected.length >= space.documents.length - 2, `${rejected.length} of ${space.documents.length} rejected`);
  assert.ok(rejected.every((result) => (result as PromiseRejectedResult).reason instanceof AuditRunStopped));
  const finished = await run.finished;
  assert.equal(finished.inThread, 0);
  assert.equal(finished.inWorker, space.documents.length - rejected.length);
});

test('a worker kept between runs audits the next run with that run\'s session and index: the same reports as this thread', async () => {
  const sample = workspace('sample-workspace');
  const corpus = workspace('resolve-corpus');
  const port = nodeWorkerPort(new Worker(workerScript));
  try {
    // Two workspaces with different configs and indexes, then the first again: one worker, told each run's session.
    for (const space of [sample, corpus, sample]) {
      port.postMessage({ kind: 'start', session: space.inputs, symbols: space.symbols, wasmFolder });
      const run = auditInWorker(space.documents, () => port, space.context, { batchFiles: 8, keepAlive: true });
      const inWorker = await reportWith(space, run.audits);
      assert.deepEqual(await run.finished, { inWorker: space.documents.length, inThread: 0 });
      assert.equal(JSON.stringify(inWorker.report), JSON.stringify((await reportWith(space)).report));
    }
  } finally {
    port.terminate();
  }
});
