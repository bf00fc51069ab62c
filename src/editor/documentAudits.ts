// Per-document audits, cached by content and session: the lens, hover, diagnostics and status bar asking at once share
// one audit. Imported names resolve through the workspace symbol index the last workspace audit built.
import * as vscode from 'vscode';
import { auditDocument, type AuditContext, type DocumentAudit } from '../core/audit';
import { classifyDocument } from '../core/scanning';
import type { AuditSession } from '../core/session';
import { isIncluded } from '../core/workspaceAudit';
import { withFile, type WorkspaceSymbols } from '../core/scanning/code/symbolIndex';
import { sameSenders, withSenders, type PromptFileSenders } from '../core/sentPromptFiles';
import type { SessionService } from './sessionService';
import { cellAudit, joinNotebookCells } from '../core/notebookCells';
import { DocumentReaudit } from '../core/reaudit/documentReaudit';
import { markStartup } from '../core/startupMarks';

/** Keystrokes in an imported module are gathered this long before the documents that import it refresh. */
const SYMBOLS_CHANGE_DELAY_MS = 300;
/** Schemes whose documents are never the user's prompts (logs, diffs' originals, settings). */
const SKIPPED_SCHEMES = new Set(['output', 'git', 'vscode-userdata']);
/** The scheme of a notebook cell's text document. */
const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

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
  /** The open document and its version the text was read from: the same version is the same text, read and hashed no more. */
  document?: vscode.TextDocument;
  version?: number;
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
  /** Prompt file → the calls that send it, from the last workspace audit. */
  private senders: PromptFileSenders | undefined;
  private symbolsChangeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly symbolsEmitter = new vscode.EventEmitter<void>();
  /** Fires when an edited module changed what other documents' imported names resolve to. */
  readonly onDidChangeSymbols = this.symbolsEmitter.event;
  private readonly disposables: vscode.Disposable[];
  /**
   * Open documents' re-audits (issue 16): after an edit only the changed chunks are scanned again and only the changed
   * sites counted and checked. Keyed by report file name; dropped when the document closes.
   */
  private readonly reaudits = new Map<string, DocumentReaudit>();

  constructor(private readonly sessions: SessionService, private readonly log: vscode.LogOutputChannel) {
    this.disposables = [
      this.symbolsEmitter,
      vscode.workspace.onDidChangeTextDocument((event) => this.noteEdited(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        const file = this.relativePath(document.uri);
        this.reaudits.delete(file);
        // The audit stays cached by its hash; the closed document (and its text) is not kept for it.
        const cached = this.audits.get(file);
        if (cached?.document === document) {
          delete cached.document;
          delete cached.version;
        }
      }),
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

  /**
   * The URI of a file a report names, audited or not (an imported module, a `.env` line, a template): the inverse of
   * `relativePath` (the first folder's files unprefixed, the others' under their folder's name).
   */
  sourceUri(file: string): vscode.Uri | undefined {
    const known = this.uris.get(file);
    if (known) return known;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const slash = file.indexOf('/');
    const named = slash > 0 ? folders.find((folder) => folder.index > 0 && folder.name === file.slice(0, slash)) : undefined;
    const folder = named ?? folders[0];
    if (!folder || file.startsWith('/') || file.split('/').includes('..')) return undefined;
    return vscode.Uri.joinPath(folder.uri, ...(named ? file.slice(slash + 1) : file).split('/'));
  }

  /** True when the core would scan this document (prompt file or supported source file) under the current scope. */
  isAuditable(document: vscode.TextDocument): boolean {
    if (SKIPPED_SCHEMES.has(document.uri.scheme)) return false;
    if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) return document.languageId === 'python' && this.notebookOf(document) !== undefined;
    const file = this.relativePath(document.uri);
    const scope = this.sessions.fileScope;
    return isIncluded(file, scope.include, scope.exclude) && classifyDocument(file, [...scope.promptGlobs]) !== null;
  }

  /** Replaces the symbol index (a workspace audit built a new one). */
  useSymbols(symbols: WorkspaceSymbols): void {
    this.symbols = symbols;
  }

  /**
   * Takes the calls that send each prompt file from a workspace audit (issue 18): an open prompt file is then priced
   * with its sender's model and cap. Lenses and diagnostics refresh when a file's senders changed.
   */
  useSenders(senders: PromptFileSenders | undefined): void {
    const previous = this.senders;
    this.senders = senders;
    const files = new Set([...(previous?.keys() ?? []), ...(senders?.keys() ?? [])]);
    if ([...files].some((file) => !sameSenders(previous?.get(file), senders?.get(file)))) this.symbolsEmitter.fire();
  }

  /**
   * The document's audit as the editor shows it: a prompt file that calls send is priced as they send it. `live`: the
   * text of an open document being edited, re-audited incrementally (same result as a whole audit).
   */
  async auditText(file: string, text: string | vscode.TextDocument, codeLanguage?: 'python', live = false): Promise<DocumentAudit> {
    const audit = await this.auditTextAsScanned(file, text, codeLanguage, live);
    const senders = this.senders?.get(file);
    if (!senders) return audit;
    const { context } = await this.sessions.session();
    return withSenders(audit, senders, context);
  }

  /**
   * The document's own audit (cached by text, session and index), before any sender is applied: the workspace audit's
   * input. Workspace audits pass every file once (`live` false) and keep no per-document state.
   */
  async auditTextAsScanned(file: string, source: string | vscode.TextDocument, codeLanguage?: 'python', live = false): Promise<DocumentAudit> {
    const session = this.sessions.session();
    // A notebook's joined cells are cached apart from the notebook file's own audit (its JSON text).
    const key = codeLanguage ? `${file}\u0000cells` : file;
    const cached = this.audits.get(key);
    // Every feature asks once per keystroke (lens, hover, diagnostics, status bar): an open document at the version
    // already audited is neither copied out (getText) nor hashed again, which for a 1 MB prompt file costs ms per ask.
    const document = typeof source === 'string' ? undefined : source;
    const version = document?.version;
    const sameVersion = document !== undefined && cached?.document === document && cached.version === version;
    let read: string | undefined;
    const textOf = (): string => (read ??= typeof source === 'string' ? source : source.getText());
    const hash = sameVersion ? cached.hash : contentHash(textOf());
    if (cached && cached.hash === hash && cached.session === session) {
      if (cached.symbols === this.symbols) return cached.audit;
      const audit = await this.standsUnderIndex(key, cached);
      if (audit) return audit;
    }
    const symbols = this.symbols;
    // Read now: the document may be at a later version once the session has loaded.
    const text = textOf();
    // An open document keeps its re-audit with the symbol index too: it goes whole only when another file's entry changed.
    const auditWith = (context: AuditContext): Promise<DocumentAudit> =>
      live && !codeLanguage ? this.reauditOf(file, context).update(text, symbols) : auditDocument(file, text, { ...context, ...(symbols ? { symbols } : {}), ...(codeLanguage ? { codeLanguage } : {}) });
    const audit = (async () => {
      markStartup('editor-audit-start');
      // While the session's reads wait for the window's thread, the audit runs on the session they most likely lead to;
      // it is kept only if the loaded session is that very one (same config, prices and settings), else done again.
      const provisional = this.sessions.provisionalSession(session);
      const early = provisional ? auditWith(provisional.context) : undefined;
      early?.catch(() => undefined);
      const { context } = await session;
      markStartup('editor-audit-session');
      const started = Date.now();
      const result = early && provisional?.context === context ? await early : await auditWith(context);
      const elapsed = Date.now() - started;
      if (elapsed > 200) this.log.info(`audited ${file} in ${elapsed} ms`);
      for (const problem of result.problems) this.log.warn(`${file}: ${problem.message}`);
      markStartup('editor-audit-end');
      return result;
    })();
    this.sessions.noteDocumentAudit(audit);
    this.audits.set(key, { hash, session, symbols, audit, ...(document ? { document, version } : {}) });
    // A failed audit must not stay cached: the next request tries again.
    audit.catch(() => {
      if (this.audits.get(key)?.audit === audit) this.audits.delete(key);
    });
    return audit;
  }

  /** The index changed since `cached` was made: its audit stands when none of the files its values came from did. */
  private async standsUnderIndex(key: string, cached: CachedAudit): Promise<DocumentAudit | undefined> {
    const previous = cached.symbols;
    const current = this.symbols;
    const audit = await cached.audit.catch(() => undefined);
    if (audit && previous && current && (audit.dependencies ?? []).every((dependency) => previous.hashes.get(dependency) === current.hashes.get(dependency))) {
      if (this.audits.get(key) === cached) cached.symbols = current;
      return audit;
    }
    return undefined;
  }

  /**
   * For the workspace audit: the cached audit of `text` when it still stands (same text, session and index, as
   * auditTextAsScanned decides), else undefined; nothing is audited. `hash` is the text's, for `remember`.
   */
  async standingAudit(file: string, text: string): Promise<{ audit: DocumentAudit | undefined; hash: string }> {
    const hash = contentHash(text);
    const cached = this.audits.get(file);
    if (!cached || cached.session !== this.sessions.session() || cached.hash !== hash) return { audit: undefined, hash };
    if (cached.symbols === this.symbols) return { audit: await cached.audit.catch(() => undefined), hash };
    return { audit: await this.standsUnderIndex(file, cached), hash };
  }

  /**
   * Caches an audit made elsewhere (the workspace audit's worker) as that of the text with `hash`, with `session` and
   * `symbols`: the ones it was made with, not the current ones (a setting changed during the workspace audit must not
   * pass its audits as new).
   */
  remember(file: string, hash: string, audit: Promise<DocumentAudit>, session: Promise<AuditSession>, symbols: WorkspaceSymbols | undefined): void {
    this.audits.set(file, { hash, session, symbols, audit });
    audit.catch(() => {
      if (this.audits.get(file)?.audit === audit) this.audits.delete(file);
    });
  }

  async auditTextDocument(document: vscode.TextDocument): Promise<DocumentAudit | undefined> {
    if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) return this.auditNotebookCell(document);
    if (!this.isAuditable(document)) return undefined;
    const file = this.relativePath(document.uri);
    this.uris.set(file, document.uri);
    return this.auditText(file, document, undefined, true);
  }

  /** The document's re-audit for this session's context (a reloaded session starts a new one). */
  private reauditOf(file: string, context: AuditContext): DocumentReaudit {
    let reaudit = this.reaudits.get(file);
    if (!reaudit || reaudit.context !== context) {
      reaudit = new DocumentReaudit(file, context);
      this.reaudits.set(file, reaudit);
    }
    return reaudit;
  }

  /** The notebook a cell document belongs to, and the cell's index in it. */
  private notebookOf(cell: vscode.TextDocument): { notebook: vscode.NotebookDocument; index: number } | undefined {
    const key = cell.uri.toString();
    for (const notebook of vscode.workspace.notebookDocuments) {
      const index = notebook.getCells().findIndex((candidate) => candidate.document.uri.toString() === key);
      if (index >= 0) return { notebook, index };
    }
    return undefined;
  }

  /** The other cell documents of the notebook a cell belongs to (they share its names, so an edit may change them). */
  notebookSiblings(cell: vscode.TextDocument): vscode.TextDocument[] {
    if (cell.uri.scheme !== NOTEBOOK_CELL_SCHEME) return [];
    const owner = this.notebookOf(cell);
    return owner ? owner.notebook.getCells().map((candidate) => candidate.document).filter((document) => document !== cell) : [];
  }

  /**
   * A notebook cell: the notebook's Python code cells joined (cells share one namespace) and audited once, then the
   * part of that audit in this cell, with offsets into the cell's text. Markup cells and other kernels get nothing.
   */
  private async auditNotebookCell(cell: vscode.TextDocument): Promise<DocumentAudit | undefined> {
    const owner = this.notebookOf(cell);
    if (!owner) return undefined;
    const file = this.relativePath(owner.notebook.uri);
    const scope = this.sessions.fileScope;
    if (!isIncluded(file, scope.include, scope.exclude) || classifyDocument(file, [...scope.promptGlobs])?.kind !== 'notebook') return undefined;
    const cells = owner.notebook.getCells().map((candidate) => ({ code: candidate.kind === vscode.NotebookCellKind.Code && candidate.document.languageId === 'python', text: candidate.document.getText() }));
    const joined = joinNotebookCells(cells);
    const start = joined.cellStarts[owner.index];
    if (start === null || start === undefined) return undefined;
    this.uris.set(file, owner.notebook.uri);
    return cellAudit(await this.auditText(file, joined.text, 'python'), start, cells[owner.index].text);
  }

  /**
   * An edited module that the index knows (a prompts or models module other files import from): the index takes its
   * text at once, and a moment later every lens and diagnostic refreshes, so a call importing it shows the new count.
   */
  private noteEdited(document: vscode.TextDocument): void {
    if (!this.symbols || SKIPPED_SCHEMES.has(document.uri.scheme)) return;
    const file = this.relativePath(document.uri);
    if (!this.symbols.files.has(file)) return;
    const symbols = withFile(this.symbols, file, document.getText());
    // The same index: the text is what it holds already (withFile hashes it once for both questions).
    if (symbols === this.symbols) return;
    this.symbols = symbols;
    clearTimeout(this.symbolsChangeTimer);
    this.symbolsChangeTimer = setTimeout(() => this.symbolsEmitter.fire(), SYMBOLS_CHANGE_DELAY_MS);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
