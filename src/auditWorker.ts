// The extension's workspace-audit worker (issue 16): started beside the extension host's thread, as a worker thread in
// the desktop (Node) host and as a nested Worker in the web host, so a workspace audit leaves that thread free. It is
// told its session first, then audits the batches it is sent (src/core/auditWorkers.ts).
import { serveAuditWorker, type FromWorker, type ToWorker, type WorkerStart } from './core/auditWorkers';
import type { AuditContext } from './core/auditTypes';
import type { ReadBundledFile } from './core/host';
import { createAuditSession } from './core/session';
import { prepareEncodings } from './core/tokenizing';

interface HostSide {
  listen(listener: (message: ToWorker) => void): void;
  post(message: FromWorker): void;
  close(): void;
  readBundledFile(folder: string): ReadBundledFile;
}

interface WebWorkerScope {
  onmessage: ((event: { data: ToWorker }) => void) | null;
  postMessage(message: FromWorker): void;
  close(): void;
}

/** The web host's nested Worker, else a Node worker thread (the desktop host). */
async function hostSide(): Promise<HostSide> {
  const scope = (globalThis as { self?: WebWorkerScope }).self;
  if (scope && typeof scope.postMessage === 'function') {
    return {
      listen: (listener) => (scope.onmessage = (event) => listener(event.data)),
      post: (message) => scope.postMessage(message),
      close: () => scope.close(),
      // The folder is the extension's http(s) URL: fetched as the extension host fetches them (bundledFiles.ts).
      readBundledFile: (folder) => async (name) => {
        const response = await fetch(`${folder}/${name}`);
        if (!response.ok) throw new Error(`cannot fetch ${name}: HTTP ${response.status}`);
        return new Uint8Array(await response.arrayBuffer());
      },
    };
  }
  // Imported only here: in the web host's Worker these modules do not exist and these lines never run.
  const [{ parentPort }, fs, path] = await Promise.all([import('worker_threads'), import('fs'), import('path')]);
  if (!parentPort) throw new Error('the audit worker must be started as a worker');
  return {
    listen: (listener) => parentPort.on('message', listener),
    post: (message) => parentPort.postMessage(message),
    close: () => parentPort.close(),
    readBundledFile: (folder) => async (name) => new Uint8Array(await fs.promises.readFile(path.join(folder, name))),
  };
}

/** The same context the main thread audits with: its session's inputs, the index, the bundled files read here. */
async function sessionContext(start: WorkerStart, readBundledFile: ReadBundledFile): Promise<AuditContext> {
  // Counting is synchronous: the rank files are read before the first audit.
  await prepareEncodings(readBundledFile);
  return createAuditSession({ ...start.session, readBundledFile }).context;
}

void hostSide().then((host) => {
  // A worker kept between workspace audits is told each audit's session and index; an unchanged session is not rebuilt.
  let session: { key: string; context: Promise<AuditContext> } | undefined;
  let context: Promise<AuditContext> | undefined;
  let forward: ((message: ToWorker) => void) | undefined;
  host.listen((message) => {
    if (message.kind !== 'start') {
      forward?.(message);
      return;
    }
    const key = JSON.stringify([message.session, message.wasmFolder]);
    if (session?.key !== key) session = { key, context: sessionContext(message, host.readBundledFile(message.wasmFolder)) };
    const { symbols } = message;
    context = session.context.then((built) => ({ ...built, ...(symbols ? { symbols } : {}) }));
    // A context that cannot be built fails every batch (the main thread then audits them itself).
    context.catch(() => undefined);
    if (!forward) serveAuditWorker({ onMessage: (listener) => (forward = listener), postMessage: host.post, close: host.close }, () => context!, { keepCacheBreakdown: true });
  });
});
