// The extension's own bundled files (rank tables, tree-sitter wasm) for the core. In the web host the extension is
// served over http(s) from where VS Code fetched its code: the worker fetches them itself, as VS Code did the bundle,
// instead of asking the workbench (vscode.workspace.fs goes through the window's thread, busy while an editor opens:
// reads there took 0.3–2 s right after a click). Anything else, or a failed fetch, reads through vscode.workspace.fs.
import * as vscode from 'vscode';
import type { ReadBundledFile } from '../core/host';

export function bundledFileReader(extensionUri: vscode.Uri, fetchFile: typeof fetch | undefined = globalThis.fetch): ReadBundledFile {
  const folder = vscode.Uri.joinPath(extensionUri, 'dist', 'wasm');
  const fetchable = (folder.scheme === 'http' || folder.scheme === 'https') && typeof fetchFile === 'function';
  return async (name) => {
    const uri = vscode.Uri.joinPath(folder, name);
    if (fetchable) {
      try {
        const response = await fetchFile(uri.toString(true));
        if (response.ok) return new Uint8Array(await response.arrayBuffer());
      } catch {
        // Refused (CSP, offline cache): the workbench can still read it.
      }
    }
    return vscode.workspace.fs.readFile(uri);
  };
}
