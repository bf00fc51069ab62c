// Starts the workspace audit's worker (dist/auditWorker.js) where the extension host allows one: a worker thread in the
// desktop (Node) host; in the web host, where the extension host is itself a Worker, a nested Worker. The web host
// serves the extension from another origin than the one its worker runs in, and a Worker must be same-origin: the
// script is fetched and started from a blob: URL. Whatever fails here, the workspace audit runs on the host's thread.
import * as vscode from 'vscode';
import { nodeWorkerPort, webWorkerPort, type AuditWorkerPort } from '../core/auditWorkers';

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
