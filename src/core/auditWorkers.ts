// The workspace audit's worker protocol, the same on every host: the CLI's worker threads, the desktop extension host's
// worker thread and the web extension host's nested Worker. Only the port (how a message crosses) differs per host.
// Audits cross detached from their texts (the main thread holds the texts), so a message carries no prompt text back.
import { auditDocument, type AuditContext, type DocumentAudit } from './audit';
import { attachTexts, detachTexts } from './crossFileInputs';
import { reviveLineIndex } from './lineIndex';
import type { WorkspaceSymbols } from './scanning/code/symbolIndex';
import type { PlainSessionInputs } from './session';

export interface PendingDocument {
  index: number;
  file: string;
  text: string;
}

/** What one file became: its audit, detached from its text. */
export interface FileAudit {
  index: number;
  audit: DocumentAudit;
}

/**
 * The extension's worker is told its session first (the CLI's gets it as workerData): the plain inputs the main thread
 * built its session from, the workspace symbol index, and where the bundled wasm and rank files are (a folder in the
 * desktop host, an http(s) URL in the web host).
 */
export interface WorkerStart {
  kind: 'start';
  session: PlainSessionInputs;
  symbols?: WorkspaceSymbols;
  wasmFolder: string;
}

export type ToWorker = WorkerStart | { kind: 'batch'; documents: PendingDocument[] } | { kind: 'stop' };
export type FromWorker = { kind: 'results'; results: FileAudit[] } | { kind: 'failed'; message: string };

export interface WorkerAuditOptions {
  /**
   * Keep the cache simulations' per-segment breakdown (the editor's view of a prompt's layout). The CLI drops it: a run
   * keeps every audit until the report (and in the result cache), and no report reads it.
   */
  keepCacheBreakdown?: boolean;
}

/** The main thread's end of one started worker. */
export interface AuditWorkerPort {
  postMessage(message: ToWorker): void;
  /**
   * `failed`: the worker could not start, threw outside an audit, or ended before it was told to stop. Each call replaces
   * the listener before it (a worker kept between runs is listened to by one run at a time).
   */
  listen(listener: { message(message: FromWorker): void; failed(error: Error): void }): void;
  /** Resolves once a worker told to stop has ended (at once where the host gives no exit event). */
  ended(): Promise<void>;
  terminate(): void;
}

/** The worker's end: how it hears the main thread and answers. */
export interface AuditWorkerSide {
  onMessage(listener: (message: ToWorker) => void): void;
  postMessage(message: FromWorker): void;
  close(): void;
}

/**
 * Feeds one worker batches from `nextBatch` until it returns none, then tells it to stop. Each result is handed to
 * `record` with its line index revived. Rejects when the worker fails; what it had not answered is then not recorded.
 */
export function driveAuditWorker(
  port: AuditWorkerPort,
  nextBatch: () => PendingDocument[],
  record: (result: FileAudit) => void,
  /** Leave the worker running when the batches run out (it is kept for the next run) instead of telling it to stop. */
  keepAlive = false,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      port.terminate();
      reject(error);
    };
    const sendBatch = (): void => {
      const documents = nextBatch();
      if (documents.length > 0) {
        port.postMessage({ kind: 'batch', documents });
        return;
      }
      if (keepAlive) {
        settled = true;
        resolve();
        return;
      }
      port.postMessage({ kind: 'stop' });
      port.ended().then(() => {
        if (settled) return;
        settled = true;
        resolve();
      }, fail);
    };
    port.listen({
      message: (message) => {
        if (settled) return;
        if (message.kind === 'failed') {
          fail(new Error(`audit worker failed: ${message.message}`));
          return;
        }
        try {
          for (const result of message.results) {
            result.audit.lineIndex = reviveLineIndex(result.audit.lineIndex);
            record(result);
          }
          sendBatch();
        } catch (error) {
          fail(error as Error);
        }
      },
      failed: fail,
    });
    try {
      sendBatch();
    } catch (error) {
      fail(error as Error);
    }
  });
}

/** The worker's side: audits each batch it is sent with one context (built once, perhaps still loading), ends on `stop`. */
export function serveAuditWorker(side: AuditWorkerSide, context: AuditContext | Promise<AuditContext> | (() => AuditContext | Promise<AuditContext>), options: WorkerAuditOptions = {}): void {
  const current = typeof context === 'function' ? context : () => context;
  side.onMessage((message) => {
    if (message.kind === 'stop') {
      side.close();
      return;
    }
    if (message.kind !== 'batch') return;
    void (async () => {
      const ready = await current();
      const results: FileAudit[] = [];
      for (const document of message.documents) results.push(await auditForTransfer(document, ready, options));
      return results;
    })().then(
      (results) => side.postMessage({ kind: 'results', results }),
      (error: Error) => side.postMessage({ kind: 'failed', message: error?.stack ?? String(error) }),
    );
  });
}

/** One document's audit as it crosses to the main thread: detached from its text (and, for the CLI, without breakdowns). */
export async function auditForTransfer(document: PendingDocument, context: AuditContext, options: WorkerAuditOptions = {}): Promise<FileAudit> {
  const audit = detachTexts(await auditDocument(document.file, document.text, context), document.text);
  return { index: document.index, audit: options.keepCacheBreakdown ? audit : withoutCacheBreakdown(audit) };
}

/**
 * The audit without its cache simulations' per-segment breakdown (the editor's view of a prompt's layout): a run keeps
 * every audit until the report (and in the result cache), no report reads the breakdown, and it is most of a simulation.
 */
function withoutCacheBreakdown(audit: DocumentAudit): DocumentAudit {
  if (!audit.sites.some(({ cache }) => cache && cache.segments.length > 0)) return audit;
  return { ...audit, sites: audit.sites.map((audited) => (audited.cache && audited.cache.segments.length > 0 ? { ...audited, cache: { ...audited.cache, segments: [] } } : audited)) };
}

/** A Node worker thread as far as the port needs it (structural: the core imports no Node module). */
export interface NodeWorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): unknown;
}

/** A Node worker thread as the protocol's port: an error or a non-zero exit fails it. */
export function nodeWorkerPort(worker: NodeWorkerLike): AuditWorkerPort {
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  let current: { message(message: FromWorker): void; failed(error: Error): void } | undefined;
  worker.on('message', (message) => current?.message(message));
  worker.on('error', (error) => current?.failed(error));
  void exited.then((code) => {
    if (code !== 0) current?.failed(new Error(`audit worker exited with code ${code}`));
  });
  return {
    postMessage: (message) => worker.postMessage(message),
    listen: (listener) => void (current = listener),
    ended: () => exited.then((code) => (code === 0 ? undefined : Promise.reject(new Error(`audit worker exited with code ${code}`)))),
    terminate: () => void worker.terminate(),
  };
}

/** A web Worker as the protocol's port (the web host gives no exit event: a worker told to stop closes itself). */
export function webWorkerPort(worker: Worker): AuditWorkerPort {
  return {
    postMessage: (message) => worker.postMessage(message),
    listen: (listener) => {
      worker.onmessage = (event: MessageEvent<FromWorker>) => listener.message(event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        listener.failed(new Error(event.message || 'the audit worker failed to load or threw'));
      };
      worker.onmessageerror = () => listener.failed(new Error('an audit worker message could not be read'));
    },
    ended: () => Promise.resolve(),
    terminate: () => worker.terminate(),
  };
}

/** Thrown into the audits a stopped run had not answered (the workspace audit was cancelled). */
export class AuditRunStopped extends Error {
  constructor() {
    super('the workspace audit was stopped');
  }
}

export interface WorkerAuditRun {
  /** Each document's audit (texts attached), in the order given; rejected with AuditRunStopped once `stop` was called. */
  readonly audits: ReadonlyArray<Promise<DocumentAudit>>;
  /** Where the audits were made: in the worker, or here after the worker could not start or failed (and why). */
  readonly finished: Promise<{ inWorker: number; inThread: number; failure?: string }>;
  /** No more batches: the worker ends and what it had not answered is rejected with AuditRunStopped. */
  stop(): void;
}

/**
 * Audits `documents` in one worker, in batches, each answered as its batch comes back. When the worker cannot start or
 * fails, what it had not answered is audited on this thread with `context` (which must be the worker's context), with
 * the same results: nothing is lost, only the thread differs.
 */
export function auditInWorker(
  documents: ReadonlyArray<{ file: string; text: string }>,
  startWorker: () => AuditWorkerPort | Promise<AuditWorkerPort>,
  context: AuditContext,
  { batchFiles = 32, keepAlive = false }: { batchFiles?: number; keepAlive?: boolean } = {},
): WorkerAuditRun {
  const settlers = documents.map(() => ({ resolve: (_audit: DocumentAudit): void => undefined, reject: (_error: Error): void => undefined }));
  const audits = documents.map((_, index) => new Promise<DocumentAudit>((resolve, reject) => (settlers[index] = { resolve, reject })));
  // A rejected audit nobody awaited (a stopped run's) must not surface as an unhandled rejection.
  for (const audit of audits) audit.catch(() => undefined);
  const answered = documents.map(() => false);
  let next = 0;
  let stopped = false;
  let inWorker = 0;
  let inThread = 0;
  let port: AuditWorkerPort | undefined;
  // A terminated web Worker says nothing more: stopping must end the run by itself.
  let onStop = (): void => undefined;
  const stoppedSignal = new Promise<void>((resolve) => (onStop = resolve));
  const answer = (index: number, audit: DocumentAudit): void => {
    if (answered[index]) return;
    answered[index] = true;
    settlers[index].resolve(audit);
  };
  const nextBatch = (): PendingDocument[] => {
    const batch: PendingDocument[] = [];
    while (!stopped && batch.length < batchFiles && next < documents.length) {
      const index = next++;
      batch.push({ index, file: documents[index].file, text: documents[index].text });
    }
    return batch;
  };
  const rejectUnanswered = (): void => {
    documents.forEach((_, index) => {
      if (answered[index]) return;
      answered[index] = true;
      settlers[index].reject(new AuditRunStopped());
    });
  };
  const finished = (async () => {
    let failure: string | undefined;
    try {
      port = await startWorker();
      if (stopped) port.terminate();
      else {
        const driven = driveAuditWorker(port, nextBatch, ({ index, audit }) => {
          inWorker++;
          answer(index, attachTexts(audit, documents[index].text));
        }, keepAlive);
        await Promise.race([driven, stoppedSignal]);
      }
    } catch (error) {
      failure = (error as Error)?.message ?? String(error);
    }
    // What the worker did not answer (it failed, or never started): audited here, in order, unless stopped.
    for (let index = 0; index < documents.length && !stopped; index++) {
      if (answered[index]) continue;
      try {
        const audit = await auditDocument(documents[index].file, documents[index].text, context);
        inThread++;
        answer(index, audit);
      } catch (error) {
        answered[index] = true;
        settlers[index].reject(error as Error);
      }
    }
    if (stopped) rejectUnanswered();
    return { inWorker, inThread, ...(failure !== undefined ? { failure } : {}) };
  })();
  return {
    audits,
    finished,
    stop: () => {
      if (stopped) return;
      stopped = true;
      port?.terminate();
      rejectUnanswered();
      onStop();
    },
  };
}
