// The one thing the core needs from its host: bytes of the extension's own bundled files (wasm grammars).
// The CLI reads them with fs, the extension with vscode.workspace.fs; the core never touches either.

/** Returns the bytes of a file under the bundle's `wasm/` folder, e.g. `tree-sitter-python.wasm`. */
export type ReadBundledFile = (fileName: string) => Promise<Uint8Array>;
