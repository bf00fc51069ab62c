// Per-document audits, cached by content and session: the lens, hover, diagnostics and status bar asking at once share
// one audit. Imported names resolve through the workspace symbol index the last workspace audit built.
import * as vscode from 'vscode';
import { auditDocument, type DocumentAudit } from '../core/audit';
import { classifyDocument } from '../core/scanning';
import type { AuditSession } from '../core/session';
import { isIncluded } from '../core/workspaceAudit';
import { textHash, withFile, type WorkspaceSymbols } from '../core/scanning/code/symbolIndex';
import type { SessionService } from './sessionService';

/** Keystrokes in an imported module are gathered this long before the documents that import it refresh. */
const SYMBOLS_CHANGE_DELAY_MS = 300;
/** Schemes whose documents are never the user's prompts (logs, diffs' originals, settings). */
const SKIPPED_SCHEMES = new Set(['output', 'git', 'vscode-userdata']);

/** FNV-1a: a cheap content key so unchanged text is never audited twice. */
export function contentHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(36)}:${text.length}`;
}

interface CachedAudit {
  hash: string;
  /** The session it was priced with: a reloaded session (settings, config, prices) makes it stale. */
  session: Promise<AuditSession>;
  /** The workspace symbol index the audit resolved names with (undefined: none yet). */
  symbols: WorkspaceSymbols | undefined;
  /** Shared by every caller asking while the audit runs (lens, hover, diagnostics, status bar at once). */
  audit: Promise<DocumentAudit>;
}

export class DocumentAudits implements vscode.Disposable {
  private readonly audits = new Map<string, CachedAudit>();
  /** Report file name → the document it came from: multi-root and outside-folder files cannot be rebuilt from the first root. */
  private readonly uris = new Map<string, vscode.Uri>();
  /**
   * The workspace symbol index (issue 18), built by the last workspace audit and kept current as documents are edited;
   * single-document audits resolve imported names through it (before a workspace audit, within the file only).
   */
  private symbols: WorkspaceSymbols | undefined;
  private symbolsChangeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly symbolsEmitter = new vscode.EventEmitter<void>();
  /** Fires when an edited module changed what other documents' imported names resolve to. */
  readonly onDidChangeSymbols = this.symbolsEmitter.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly sessions: SessionService, private readonly log: vscode.LogOutputChannel) {
    this.disposables = [
      this.symbolsEmitter,
      vscode.workspace.onDidChangeTextDocument((event) => this.noteEdited(event.document)),
      { dispose: () => clearTimeout(this.symbolsChangeTimer) },
    ];
  }

  /**
   * The file name used in audits and reports: relative to its workspace folder, prefixed by the folder's name for
   * every folder but the first (two roots' prompts/a.txt stay two files); outside every folder, the URI path, since
   * asRelativePath would return an fsPath with backslashes on Windows that no glob matches.
   */
  relativePath(uri: vscode.Uri): string {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return uri.path;
    const relative = vscode.workspace.asRelativePath(uri, false);
    return folder.index === 0 ? relative : `${folder.name}/${relative}`;
  }

  /** Remembers which document a report file name stands for. */
  noteUri(file: string, uri: vscode.Uri): void {
    this.uris.set(file, uri);
  }

  /** The document a report file name was last audited from, if any. */
  uriOf(file: string): vscode.Uri | undefined {
    return this.uris.get(file);
  }

  /** True when the core would scan this document (prompt file or supported source file) under the current scope. */
  isAuditable(document: vscode.TextDocument): boolean {
    if (SKIPPED_SCHEMES.has(document.uri.scheme)) return false;
    const file = this.relativePath(document.uri);
    const scope = this.sessions.fileScope;
    return isIncluded(file, scope.include, scope.exclude) && classifyDocument(file, [...scope.promptGlobs]) !== null;
  }

  /** Replaces the symbol index (a workspace audit built a new one). */
  useSymbols(symbols: WorkspaceSymbols): void {
    this.symbols = symbols;
  }

  async auditText(file: string, text: string): Promise<DocumentAudit> {
    const hash = contentHash(text);
    const session = this.sessions.session();
    const cached = this.audits.get(file);
    if (cached && cached.hash === hash && cached.session === session) {
      if (cached.symbols === this.symbols) return cached.audit;
      // The index changed: the audit stands when none of the files its values came from did.
      const previous = cached.symbols;
      const current = this.symbols;
      const audit = await cached.audit.catch(() => undefined);
      if (audit && previous && current && (audit.dependencies ?? []).every((dependency) => previous.hashes.get(dependency) === current.hashes.get(dependency))) {
        if (this.audits.get(file) === cached) cached.symbols = current;
        return audit;
      }
    }
    const symbols = this.symbols;
    const audit = (async () => {
      const { context } = await session;
      const started = Date.now();
      const result = await auditDocument(file, text, symbols ? { ...context, symbols } : context);
      const elapsed = Date.now() - started;
      if (elapsed > 200) this.log.info(`audited ${file} in ${elapsed} ms`);
      for (const problem of result.problems) this.log.warn(`${file}: ${problem.message}`);
      return result;
    })();
    this.audits.set(file, { hash, session, symbols, audit });
    // A failed audit must not stay cached: the next request tries again.
    audit.catch(() => {
      if (this.audits.get(file)?.audit === audit) this.audits.delete(file);
    });
    return audit;
  }

  async auditTextDocument(document: vscode.TextDocument): Promise<DocumentAudit | undefined> {
    if (!this.isAuditable(document)) return undefined;
    const file = this.relativePath(document.uri);
    this.uris.set(file, document.uri);
    return this.auditText(file, document.getText());
  }

  /**
   * An edited module that the index knows (a prompts or models module other files import from): the index takes its
   * text at once, and a moment later every lens and diagnostic refreshes, so a call importing it shows the new count.
   */
  private noteEdited(document: vscode.TextDocument): void {
    if (!this.symbols || SKIPPED_SCHEMES.has(document.uri.scheme)) return;
    const file = this.relativePath(document.uri);
    if (!this.symbols.files.has(file)) return;
    const text = document.getText();
    if (this.symbols.hashes.get(file) === textHash(text)) return;
    this.symbols = withFile(this.symbols, file, text);
    clearTimeout(this.symbolsChangeTimer);
    this.symbolsChangeTimer = setTimeout(() => this.symbolsEmitter.fire(), SYMBOLS_CHANGE_DELAY_MS);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
