// Starts the workspace audit's worker (dist/auditWorker.js) where the extension host allows one: a worker thread in the
// desktop (Node) host; in the web host, where the extension host is itself a Worker, a nested Worker. The web host
// serves the extension from another origin than the one its worker runs in, and a Worker must be same-origin: the
// script is fetched and started from a blob: URL. Whatever fails here, the workspace audit runs on the host's thread.
import * as vscode from 'vscode';
import { nodeWorkerPort, webWorkerPort, type AuditWorkerPort, type WorkerStart } from '../core/auditWorkers';

export type StartAuditWorker = (start: Omit<WorkerStart, 'kind' | 'wasmFolder'>) => Promise<AuditWorkerPort>;

export function auditWorkerStarter(extensionUri: vscode.Uri, fetchFile: typeof fetch | undefined = globalThis.fetch): StartAuditWorker {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'auditWorker.js');
  const wasm = vscode.Uri.joinPath(extensionUri, 'dist', 'wasm');
  if (extensionUri.scheme === 'file') {
    return async (start) => {
      const { Worker } = await import('worker_threads');
      const port = nodeWorkerPort(new Worker(script.fsPath));
      port.postMessage({ kind: 'start', ...start, wasmFolder: wasm.fsPath });
      return port;
    };
  }
  return async (start) => {
    if (typeof Worker !== 'function' || typeof fetchFile !== 'function') throw new Error('this extension host cannot start a Worker');
    const response = await fetchFile(script.toString(true));
    if (!response.ok) throw new Error(`cannot fetch the audit worker: HTTP ${response.status}`);
    const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
    try {
      const port = webWorkerPort(new Worker(url, { name: 'prompt-cost-audit' }));
      port.postMessage({ kind: 'start', ...start, wasmFolder: wasm.toString(true) });
      return port;
    } finally {
      // The Worker reads its script asynchronously: the URL goes later, not at once.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
  };
}
