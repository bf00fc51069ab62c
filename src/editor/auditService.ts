// Owns the audit session (settings + .promptcost.yaml + catalog) and caches document audits by content.
import { ignoreMatcher } from '../core/ignoreFiles';
import { CODE_EXTENSIONS } from '../core/languages';
import * as vscode from 'vscode';
import { auditDocument, type DocumentAudit } from '../core/audit';
import { buildReport, type AuditReport } from '../core/report/model';
import { classifyDocument, MAX_SCANNED_BYTES } from '../core/scanning';
import { createAuditSession, type AuditSession } from '../core/session';
import { parseConfig, workspaceRelativePath } from '../core/config';
import type { ScanProblem } from '../core/types';
import { finishWorkspaceAudit, isIncluded, type WorkspaceAudit } from '../core/workspaceAudit';
import { MAX_PROMPT_FILE_CHARS, SymbolIndexBuilder, textHash, withFile, type WorkspaceSymbols } from '../core/scanning/code/symbolIndex';
import { readSettings, type EditorSettings } from './settings';
import { parseStoredPriceFile, serializeStoredPriceFile, type StoredPriceFile } from '../core/pricing/priceUpdate';
import { LineIndex } from '../core/lineIndex';
import { cellAudit, joinNotebookCells } from '../core/notebookCells';

export const CONFIG_FILE_NAME = '.promptcost.yaml';
/** The scheme of a notebook cell's text document. */
const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';
const IMPORTED_LITELLM_KEY = 'promptCost.importedLiteLLM';

/** Globs that can hold sites; findFiles narrows with these, the core's classifier decides. */
export const WORKSPACE_FILE_GLOB = `**/*.{prompty,yml,yaml,json,md,txt,jinja,jinja2,j2,hbs,handlebars,mustache,ipynb,${CODE_EXTENSIONS.join(',')}}`;
const WORKSPACE_EXCLUDE_GLOB = '**/{node_modules,.git,dist,out,build,.venv,venv,__pycache__,.next}/**';
const MAX_WORKSPACE_FILES = 20000;
/** Keystrokes in an imported module are gathered this long before the documents that import it refresh. */
const SYMBOLS_CHANGE_DELAY_MS = 300;
/** Files the symbol index may ask for besides code: `.env` files, tsconfig/jsconfig, prompt files read by code. */
const SYMBOL_EXTRA_GLOB = '**/{.env,.env.*,tsconfig.json,jsconfig.json,*.txt,*.md,*.prompt,*.tmpl,*.text}';
/** The real LiteLLM map is about 1 MB; the importer refuses more than this too. */
const MAX_LITELLM_BYTES = 64 * 1024 * 1024;

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
  /** The workspace symbol index the audit resolved names with (undefined: none yet). */
  symbols: WorkspaceSymbols | undefined;
  /** Shared by every caller asking while the audit runs (lens, hover, diagnostics, status bar at once). */
  audit: Promise<DocumentAudit>;
}

export class AuditService implements vscode.Disposable {
  private sessionPromise: Promise<AuditSession> | undefined;
  private settings: EditorSettings = readSettings();
  private readonly audits = new Map<string, CachedAudit>();
  /**
   * The workspace symbol index (issue 18), built by the last workspace audit and kept current as documents are edited;
   * single-document audits resolve imported names through it (before a workspace audit, within the file only).
   */
  private symbols: WorkspaceSymbols | undefined;
  private symbolsChangeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Report file name → the document it came from: multi-root and outside-folder files cannot be rebuilt from the first root. */
  private readonly uris = new Map<string, vscode.Uri>();
  /** The prompt globs that decide what is auditable: the settings', until the session applies `.promptcost.yaml`. */
  /** Which files count, from settings and then `.promptcost.yaml` once it is loaded (the CLI applies the same). */
  private fileScope: { promptGlobs: readonly string[]; include: readonly string[]; exclude: readonly string[] } = {
    promptGlobs: this.settings.baseConfig.promptGlobs,
    include: this.settings.baseConfig.include,
    exclude: this.settings.baseConfig.exclude,
  };
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private lastWorkspaceAudit: { audit: WorkspaceAudit; report: AuditReport } | undefined;
  readonly configDiagnostics = vscode.languages.createDiagnosticCollection('prompt-cost-config');
  /** Fires when anything that affects numbers changed (settings, config file, catalog). */
  readonly onDidChange = this.changeEmitter.event;
  private readonly workspaceAuditEmitter = new vscode.EventEmitter<{ audit: WorkspaceAudit; report: AuditReport }>();
  /** Fires after each workspace audit (Problems panel for closed files, summary panel). */
  readonly onDidAuditWorkspace = this.workspaceAuditEmitter.event;

  /** True when `.promptcost.yaml` sets compareModels (it then wins over the setting). */
  configSetsCompareModels = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly state: vscode.Memento,
    /** The extension's global storage: where "Update Prices" keeps the price file (never the workspace). */
    private readonly globalStorageUri?: vscode.Uri,
  ) {
    this.disposables.push(
      this.changeEmitter,
      this.workspaceAuditEmitter,
      this.configDiagnostics,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('promptCost')) this.invalidate('settings changed');
      }),
      vscode.workspace.onDidChangeTextDocument((event) => this.noteEdited(event.document)),
      { dispose: () => clearTimeout(this.symbolsChangeTimer) },
    );
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    const onConfigFile = () => this.invalidate(`${CONFIG_FILE_NAME} changed`);
    this.disposables.push(watcher, watcher.onDidChange(onConfigFile), watcher.onDidCreate(onConfigFile), watcher.onDidDelete(onConfigFile));
    this.loadSessionEagerly();
  }

  /** `.promptcost.yaml` may set promptGlobs, which decide isAuditable(): load it before anyone asks for an audit. */
  private loadSessionEagerly(): void {
    this.session().catch((error) => this.log.error(`session failed to load: ${(error as Error).stack ?? error}`));
  }

  get editorSettings(): EditorSettings {
    return this.settings;
  }

  get root(): vscode.Uri | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  invalidate(reason: string): void {
    this.log.info(`configuration reloaded: ${reason}`);
    this.settings = readSettings();
    this.sessionPromise = undefined;
    this.audits.clear();
    this.changeEmitter.fire();
    this.loadSessionEagerly();
  }

  session(): Promise<AuditSession> {
    this.sessionPromise ??= this.loadSession();
    return this.sessionPromise;
  }

  private async readBundledFile(name: string): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'dist', 'wasm', name));
  }

  private async loadSession(): Promise<AuditSession> {
    const root = this.root;
    let configText: string | undefined;
    const configUri = root ? vscode.Uri.joinPath(root, CONFIG_FILE_NAME) : undefined;
    if (configUri) {
      try {
        configText = new TextDecoder().decode(await vscode.workspace.fs.readFile(configUri));
      } catch {
        configText = undefined; // no config file: settings and defaults apply
      }
    }
    this.configSetsCompareModels = configText !== undefined && /^compareModels\s*:/m.test(configText);
    // LiteLLM price files: those the config names (relative to the root) and those imported with the command.
    const named = configText !== undefined ? parseConfig(configText, CONFIG_FILE_NAME, this.settings.baseConfig).config.litellmFiles : [];
    const sources: Array<{ label: string; uri: vscode.Uri }> = [
      // parseConfig already dropped paths that leave the workspace; joinPath gets the normalised relative path only.
      ...(root ? named.flatMap((file) => {
        const relative = workspaceRelativePath(file);
        return relative === undefined ? [] : [{ label: file, uri: vscode.Uri.joinPath(root, relative), fromConfig: true }];
      }) : []),
      ...this.importedLiteLLM().map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    ];
    const litellmFiles: Array<{ file: string; text: string; asOf: string }> = [];
    const readProblems: ScanProblem[] = [];
    for (const source of sources) {
      try {
        const stat = await vscode.workspace.fs.stat(source.uri);
        // vscode.workspace.fs follows symlinks; a file the config names must not be one, nor a FIFO or device.
        if ('fromConfig' in source && stat.type & vscode.FileType.SymbolicLink) throw new Error('is a symbolic link (not followed)');
        if (!(stat.type & vscode.FileType.File)) throw new Error('is not a regular file; not read');
        if (stat.size > MAX_LITELLM_BYTES) throw new Error(`is larger than the ${MAX_LITELLM_BYTES / 1048576} MB limit; not read`);
        litellmFiles.push({ file: source.label, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(source.uri)), asOf: new Date(stat.mtime).toISOString().slice(0, 10) });
      } catch (error) {
        readProblems.push({ file: CONFIG_FILE_NAME, severity: 'error', message: `litellm: cannot read ${source.label}: ${(error as Error).message}` });
      }
    }
    const storedPrices = await this.readStoredPrices();
    const session = createAuditSession({
      configText,
      configFile: CONFIG_FILE_NAME,
      baseConfig: this.settings.baseConfig,
      litellmFiles,
      ...(storedPrices ? { updatedPrices: { text: storedPrices.text, source: storedPrices.source, asOf: storedPrices.fetchedOn } } : {}),
      readBundledFile: (name) => this.readBundledFile(name),
    });
    session.problems.push(...readProblems);
    this.publishConfigProblems(configUri, configText, session.problems);
    const { promptGlobs, include, exclude } = session.context.config;
    const fileScope = { promptGlobs, include, exclude };
    if (JSON.stringify(fileScope) !== JSON.stringify(this.fileScope)) {
      this.fileScope = fileScope;
      // Files that became (or stopped being) prompts must be asked again; the session is cached, so this does not reload.
      queueMicrotask(() => this.changeEmitter.fire());
    }
    this.log.info(`session ready: ${session.context.catalog.models.length} models (catalog ${session.context.catalog.asOf}), default model ${session.context.config.compareModels[0]}`);
    return session;
  }

  private get priceFileUri(): vscode.Uri | undefined {
    return this.globalStorageUri ? vscode.Uri.joinPath(this.globalStorageUri, 'prices.json') : undefined;
  }

  /** The price file stored by "Update Prices", or undefined when there is none (or it is damaged). */
  async readStoredPrices(): Promise<StoredPriceFile | undefined> {
    const uri = this.priceFileUri;
    if (!uri) return undefined;
    try {
      return parseStoredPriceFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      return undefined;
    }
  }

  /** Replaces the stored price file (written beside it, then renamed over it) and reloads the session. */
  async storePrices(stored: StoredPriceFile): Promise<vscode.Uri> {
    const uri = this.priceFileUri;
    if (!uri || !this.globalStorageUri) throw new Error('no extension storage folder');
    await vscode.workspace.fs.createDirectory(this.globalStorageUri);
    const temporary = vscode.Uri.joinPath(this.globalStorageUri, 'prices.json.tmp');
    await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(serializeStoredPriceFile(stored)));
    await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
    this.invalidate(`prices updated from ${stored.source}`);
    return uri;
  }

  private importedLiteLLM(): vscode.Uri[] {
    const stored = this.state.get<string[]>(IMPORTED_LITELLM_KEY, []);
    return stored.flatMap((value) => {
      try {
        return [vscode.Uri.parse(value, true)];
      } catch {
        return [];
      }
    });
  }

  /** Remembers an imported LiteLLM price file for this workspace and reloads the catalog. */
  async addLiteLLMFile(uri: vscode.Uri): Promise<void> {
    const stored = this.state.get<string[]>(IMPORTED_LITELLM_KEY, []).filter((value) => value !== uri.toString());
    await this.state.update(IMPORTED_LITELLM_KEY, [...stored, uri.toString()]);
    this.invalidate(`imported ${vscode.workspace.asRelativePath(uri)}`);
  }

  /**
   * Config problems as diagnostics, located in the text that was parsed: an open editor's document can still hold the
   * previous text right after the file changed on disk, and its offsets would land on the wrong lines.
   */
  private publishConfigProblems(configUri: vscode.Uri | undefined, configText: string | undefined, problems: ScanProblem[]): void {
    this.configDiagnostics.clear();
    if (!configUri) return;
    const lines = new LineIndex(configText ?? '');
    const position = (offset: number) => {
      const { line, column } = lines.positionAt(offset);
      return new vscode.Position(line, column);
    };
    const diagnostics = problems
      .filter((problem) => problem.file === CONFIG_FILE_NAME)
      .map((problem) => {
        const range = problem.span ? new vscode.Range(position(problem.span.start), position(problem.span.end)) : new vscode.Range(0, 0, 0, 0);
        const diagnostic = new vscode.Diagnostic(range, problem.message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'prompt-cost';
        return diagnostic;
      });
    this.configDiagnostics.set(configUri, diagnostics);
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

  /** The document a report file name was last audited from, if any. */
  uriOf(file: string): vscode.Uri | undefined {
    return this.uris.get(file);
  }

  /** True when the core would scan this document (prompt file or supported source file). */
  isAuditable(document: vscode.TextDocument): boolean {
    if (document.uri.scheme === 'output' || document.uri.scheme === 'git' || document.uri.scheme === 'vscode-userdata') return false;
    if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) return document.languageId === 'python' && this.notebookOf(document) !== undefined;
    const file = this.relativePath(document.uri);
    const scope = this.fileScope;
    return isIncluded(file, scope.include, scope.exclude) && classifyDocument(file, [...scope.promptGlobs]) !== null;
  }

  async auditText(file: string, text: string, codeLanguage?: 'python'): Promise<DocumentAudit> {
    const hash = contentHash(text);
    // A notebook's joined cells are cached apart from the notebook file's own audit (its JSON text).
    const key = codeLanguage ? `${file}\u0000cells` : file;
    const cached = this.audits.get(key);
    if (cached && cached.hash === hash) {
      if (cached.symbols === this.symbols) return cached.audit;
      // The index changed: the audit stands when none of the files its values came from did.
      const previous = cached.symbols;
      const current = this.symbols;
      const audit = await cached.audit.catch(() => undefined);
      if (audit && previous && current && (audit.dependencies ?? []).every((dependency) => previous.hashes.get(dependency) === current.hashes.get(dependency))) {
        if (this.audits.get(key) === cached) cached.symbols = current;
        return audit;
      }
    }
    const symbols = this.symbols;
    const audit = (async () => {
      const session = await this.session();
      const started = Date.now();
      const context = { ...session.context, ...(symbols ? { symbols } : {}), ...(codeLanguage ? { codeLanguage } : {}) };
      const result = await auditDocument(file, text, context);
      const elapsed = Date.now() - started;
      if (elapsed > 200) this.log.info(`audited ${file} in ${elapsed} ms`);
      for (const problem of result.problems) this.log.warn(`${file}: ${problem.message}`);
      return result;
    })();
    this.audits.set(key, { hash, symbols, audit });
    // A failed audit must not stay cached: the next request tries again.
    audit.catch(() => {
      if (this.audits.get(key)?.audit === audit) this.audits.delete(key);
    });
    return audit;
  }

  /**
   * An edited module that the index knows (a prompts or models module other files import from): the index takes its
   * text at once, and a moment later every lens and diagnostic refreshes, so a call importing it shows the new count.
   */
  private noteEdited(document: vscode.TextDocument): void {
    if (!this.symbols || document.uri.scheme === 'output') return;
    const file = this.relativePath(document.uri);
    if (!this.symbols.files.has(file)) return;
    const text = document.getText();
    if (this.symbols.hashes.get(file) === textHash(text)) return;
    this.symbols = withFile(this.symbols, file, text);
    clearTimeout(this.symbolsChangeTimer);
    this.symbolsChangeTimer = setTimeout(() => this.changeEmitter.fire(), SYMBOLS_CHANGE_DELAY_MS);
  }

  async auditTextDocument(document: vscode.TextDocument): Promise<DocumentAudit | undefined> {
    if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) return this.auditNotebookCell(document);
    if (!this.isAuditable(document)) return undefined;
    const file = this.relativePath(document.uri);
    this.uris.set(file, document.uri);
    return this.auditText(file, document.getText());
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
    const scope = this.fileScope;
    if (!isIncluded(file, scope.include, scope.exclude) || classifyDocument(file, [...scope.promptGlobs])?.kind !== 'notebook') return undefined;
    const cells = owner.notebook.getCells().map((candidate) => ({ code: candidate.kind === vscode.NotebookCellKind.Code && candidate.document.languageId === 'python', text: candidate.document.getText() }));
    const joined = joinNotebookCells(cells);
    const start = joined.cellStarts[owner.index];
    if (start === null || start === undefined) return undefined;
    this.uris.set(file, owner.notebook.uri);
    return cellAudit(await this.auditText(file, joined.text, 'python'), start, cells[owner.index].text);
  }

  /** The workspace root's `.gitignore` and `.promptcostignore`, as the CLI reads them (bounded; missing ones add nothing). */
  private async ignoreFiles(): Promise<ReturnType<typeof ignoreMatcher>> {
    const root = this.root;
    const texts: string[] = [];
    for (const name of ['.gitignore', '.promptcostignore']) {
      if (!root) break;
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, name));
        if (bytes.byteLength <= 1024 * 1024) texts.push(new TextDecoder().decode(bytes));
      } catch {
        // No such file: nothing is left out by it.
      }
    }
    return ignoreMatcher(texts);
  }

  /** Audits every matching workspace file; unchanged files come from the cache. */
  async auditWorkspace(token?: vscode.CancellationToken, onFile?: (file: string, index: number, total: number) => void): Promise<{ audit: WorkspaceAudit; report: AuditReport }> {
    const session = await this.session();
    const { config } = session.context;
    const uris = await vscode.workspace.findFiles(WORKSPACE_FILE_GLOB, WORKSPACE_EXCLUDE_GLOB, MAX_WORKSPACE_FILES, token);
    const ignored = await this.ignoreFiles();
    if (token?.isCancellationRequested) throw new vscode.CancellationError();
    const candidates = uris
      .map((uri) => ({ uri, file: this.relativePath(uri) }))
      .filter(({ file }) => isIncluded(file, config.include, config.exclude) && classifyDocument(file, config.promptGlobs) !== null && !ignored(file))
      .sort((a, b) => (a.file < b.file ? -1 : 1));
    const problems: ScanProblem[] = [...session.problems];
    if (uris.length >= MAX_WORKSPACE_FILES) problems.push({ file: '', severity: 'warning', message: `stopped listing at ${MAX_WORKSPACE_FILES} files: the rest of the workspace is not in this report` });
    const texts = new Map<string, string>();
    const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const read: Array<{ file: string; text: string }> = [];
    for (let index = 0; index < candidates.length; index++) {
      // A partial audit must not pass for the workspace's (report, Problems, summary panel).
      if (token?.isCancellationRequested) throw new vscode.CancellationError();
      const { uri, file } = candidates[index];
      this.uris.set(file, uri);
      try {
        read.push({ file, text: await this.readWorkspaceText(uri, open, MAX_SCANNED_BYTES) });
      } catch (error) {
        problems.push({ file, severity: 'error', message: `cannot read: ${(error as Error).message}` });
      }
    }
    // Pass 1 (issue 18): every file's exported bindings, then the `.env` files, tsconfig aliases and prompt files they ask for.
    this.symbols = await this.buildSymbols(read, token);
    const audits: DocumentAudit[] = [];
    for (let index = 0; index < read.length; index++) {
      if (token?.isCancellationRequested) throw new vscode.CancellationError();
      const { file, text } = read[index];
      onFile?.(file, index, read.length);
      const audit = await this.auditText(file, text);
      audits.push(audit);
      if (audit.sites.length > 0) texts.set(file, text);
    }
    const workspaceAudit = finishWorkspaceAudit(audits, texts, session.context);
    const report = buildReport(workspaceAudit, session.context.catalog, config, problems);
    this.lastWorkspaceAudit = { audit: workspaceAudit, report };
    this.workspaceAuditEmitter.fire(this.lastWorkspaceAudit);
    return this.lastWorkspaceAudit;
  }

  /** A workspace file's text: the open document's, else read without following a symlink, within `limit` bytes. */
  private async readWorkspaceText(uri: vscode.Uri, open: ReadonlyMap<string, vscode.TextDocument>, limit: number): Promise<string> {
    const openDocument = open.get(uri.toString());
    if (openDocument) return openDocument.getText();
    // findFiles follows symlinks (search.followSymlinks); a link out of the workspace, a FIFO or a huge file is not read.
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.SymbolicLink) throw new Error('is a symbolic link (not followed)');
    if (!(stat.type & vscode.FileType.File)) throw new Error('is not a regular file; not read');
    if (stat.size > limit) throw new Error(`is larger than the ${limit / 1048576} MB scan limit; not read`);
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  }

  /** The workspace symbol index of the files read, with the extra files it asks for that exist in the workspace. */
  private async buildSymbols(files: ReadonlyArray<{ file: string; text: string }>, token?: vscode.CancellationToken): Promise<WorkspaceSymbols> {
    const builder = new SymbolIndexBuilder();
    for (const { file, text } of files) builder.add(file, text);
    const wanted = new Set(builder.wantedExtras());
    if (wanted.size > 0) {
      const uris = await vscode.workspace.findFiles(SYMBOL_EXTRA_GLOB, WORKSPACE_EXCLUDE_GLOB, MAX_WORKSPACE_FILES, token);
      for (const uri of uris) {
        const file = this.relativePath(uri);
        if (!wanted.has(file)) continue;
        try {
          builder.addExtra(file, await this.readWorkspaceText(uri, new Map(), MAX_PROMPT_FILE_CHARS));
        } catch {
          // Unreadable, a link or too large: the index leaves it out.
        }
      }
    }
    return builder.finish();
  }

  get latestWorkspaceAudit(): { audit: WorkspaceAudit; report: AuditReport } | undefined {
    return this.lastWorkspaceAudit;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
