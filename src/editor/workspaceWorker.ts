// Starts the workspace audit's worker (dist/auditWorker.js) where the extension host allows one: a worker thread in the
// desktop (Node) host; in the web host, where the extension host is itself a Worker, a nested Worker. The web host
// serves the extension from another origin than the one its worker runs in, and a Worker must be same-origin: the
// script is fetched and started from a blob: URL. Whatever fails here, the workspace audit runs on the host's thread.
import * as vscode from 'vscode';
import { nodeWorkerPort, webWorkerPort, type AuditWorkerPort } from '../core/auditWorkers';
import type { WorkspaceSymbols } from '../core/scanning/code/symbolIndex';
import type { PlainSessionInputs } from '../core/session';

export interface AuditWorkerHost {
  /** A new worker, not yet told its session. */
  start(): Promise<AuditWorkerPort>;
  /** Where the worker reads the bundled wasm and rank files (a folder on the desktop, an http(s) URL on the web). */
  wasmFolder: string;
}

export function auditWorkerHost(extensionUri: vscode.Uri, fetchFile: typeof fetch | undefined = globalThis.fetch): AuditWorkerHost {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'auditWorker.js');
  const wasm = vscode.Uri.joinPath(extensionUri, 'dist', 'wasm');
  if (extensionUri.scheme === 'file') {
    return {
      wasmFolder: wasm.fsPath,
      start: async () => {
        const { Worker } = await import('worker_threads');
        return nodeWorkerPort(new Worker(script.fsPath));
      },
    };
  }
  return {
    wasmFolder: wasm.toString(true),
    start: async () => {
      if (typeof Worker !== 'function' || typeof fetchFile !== 'function') throw new Error('this extension host cannot start a Worker');
      const response = await fetchFile(script.toString(true));
      if (!response.ok) throw new Error(`cannot fetch the audit worker: HTTP ${response.status}`);
      const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
      try {
        return webWorkerPort(new Worker(url, { name: 'prompt-cost-audit' }));
      } finally {
        // The Worker reads its script asynchronously: the URL goes later, not at once.
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }
    },
  };
}

/** A worker kept after a run ends after this long without another (its heap is tens of MB). */
const KEPT_WORKER_IDLE_MS = 60_000;

/**
 * The extension's audit worker, kept between runs (its encoders, grammars and compiled queries stay warm): a run takes
 * it, or a new one, and gives it back when it finished well; it ends after a minute without runs, or when it fails
 * meanwhile.
 */
export class AuditWorkers implements vscode.Disposable {
  private kept: { port: AuditWorkerPort; idle: ReturnType<typeof setTimeout> } | undefined;
  /** Set by dispose: a run that outlives the service ends its worker instead of keeping it for a minute. */
  private disposed = false;

  constructor(private readonly host: AuditWorkerHost | undefined) {}

  get available(): boolean {
    return this.host !== undefined;
  }

  /** The kept worker, else a new one, told `session` and `symbols` for the run about to start. */
  async take(session: PlainSessionInputs, symbols?: WorkspaceSymbols): Promise<{ port: AuditWorkerPort; worker: 'kept' | 'new' }> {
    if (!this.host) throw new Error('this extension host starts no audit worker');
    if (this.disposed) throw new Error('the audit workers were disposed');
    const kept = this.kept;
    this.kept = undefined;
    if (kept) clearTimeout(kept.idle);
    const port = kept?.port ?? (await this.host.start());
    port.postMessage({ kind: 'start', session, ...(symbols ? { symbols } : {}), wasmFolder: this.host.wasmFolder });
    return { port, worker: kept ? 'kept' : 'new' };
  }

  /** Keeps a worker whose run finished well, for the next run (the one kept before it ends). */
  giveBack(port: AuditWorkerPort): void {
    if (this.disposed) {
      port.terminate();
      return;
    }
    this.drop();
    const idle = setTimeout(() => this.drop(), KEPT_WORKER_IDLE_MS);
    this.kept = { port, idle };
    port.listen({
      message: () => undefined,
      failed: () => {
        if (this.kept?.port === port) this.drop();
      },
    });
  }

  private drop(): void {
    if (!this.kept) return;
    clearTimeout(this.kept.idle);
    this.kept.port.terminate();
    this.kept = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.drop();
  }
}
