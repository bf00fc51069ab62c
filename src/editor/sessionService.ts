// The audit session the editor prices with: settings, then `.promptcost.yaml` (parsed once), the LiteLLM price files
// it names or the user imported, and the price file "Update Prices" stored. Reloads when any of them changes.
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, workspaceRelativePath } from '../core/config';
import { createAuditSession, loadSessionConfig, type AuditSession, type PlainSessionInputs } from '../core/session';
import { parseStoredPriceFile, serializeStoredPriceFile, type StoredPriceFile } from '../core/pricing/priceUpdate';
import { LineIndex } from '../core/lineIndex';
import type { ScanProblem } from '../core/types';
import { problemToDiagnostic } from './convert';
import { readSettings, type EditorSettings } from './settings';
import { markStartup } from '../core/startupMarks';
import { preloadEncoding, prepareEncodings } from '../core/tokenizing';
import { CODE_EXTENSIONS, languageOfPath, type CodeLanguage } from '../core/languages';
import { prepareLanguage } from '../core/scanning/code/warmUp';
import type { ReadBundledFile } from '../core/host';
import { bundledFileReader } from './bundledFiles';
import { warmUpAudit } from '../core/auditWarmUp';
import { auditDocument } from '../core/audit';

/** Code files in a scanned language, and folders never searched for them (the workspace auditor skips them too). */
const CODE_FILE_GLOB = `**/*.{${CODE_EXTENSIONS.join(',')}}`;
const NOT_SEARCHED_GLOB = '**/{node_modules,.git,dist,out,build,.venv,venv,__pycache__,.next}/**';

/** The code file the idle-time warm-up audits is skipped above this size (the warm-up is for the compile, not the file). */
const WARM_UP_CODE_MAX_BYTES = 64 * 1024;

/** Files the code parser's warm-up asks the workspace search for (it uses the first code file among them). */
const CODE_WARM_UP_CANDIDATES = 20;
/** After the first audit of the code file that started the extension, how long its lens is given before the rest of the query compiles. */
const WHOLE_QUERY_IDLE_DELAY_MS = 1000;

const IMPORTED_LITELLM_KEY = 'promptCost.importedLiteLLM';
/** The real LiteLLM map is about 1 MB; the importer refuses more than this too. */
const MAX_LITELLM_BYTES = 64 * 1024 * 1024;

/** Which files count: from settings, then from `.promptcost.yaml` once it is loaded (the CLI applies the same). */
export interface FileScope {
  promptGlobs: readonly string[];
  include: readonly string[];
  exclude: readonly string[];
}

/** The session a load leads to when it reads nothing that changes the settings' session (built on first ask). */
interface Speculation {
  session?: AuditSession;
  failed?: boolean;
  build(): AuditSession;
}

export class SessionService implements vscode.Disposable {
  private sessionPromise: Promise<AuditSession> | undefined;
  private speculation: Speculation | undefined;
  /**
   * Whether the last session loaded read a config, LiteLLM or stored price file: a reload then most likely reads it
   * again, so no provisional session is offered (an audit started on one would be done twice, once thrown away).
   */
  private lastLoadReadFiles = false;
  private settings: EditorSettings = readSettings();
  private scope: FileScope = { promptGlobs: this.settings.baseConfig.promptGlobs, include: this.settings.baseConfig.include, exclude: this.settings.baseConfig.exclude };
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly configDiagnostics = vscode.languages.createDiagnosticCollection('prompt-cost-config');
  /** Fires when anything that affects numbers changed (settings, config file, catalog, prices, file scope). */
  readonly onDidChange = this.changeEmitter.event;
  /** True when `.promptcost.yaml` sets compareModels (it then wins over the setting). */
  configSetsCompareModels = false;

  private readonly readBundledFile: ReadBundledFile;
  /** Each session's inputs that are plain data: a worker builds the same session from them. */
  private readonly plainInputs = new WeakMap<AuditSession, PlainSessionInputs>();

  constructor(
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly state: vscode.Memento,
    /** The extension's global storage: where "Update Prices" keeps the price file (never the workspace). */
    private readonly globalStorageUri?: vscode.Uri,
  ) {
    this.readBundledFile = bundledFileReader(extensionUri);
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    const onConfigFile = () => this.invalidate(`${CONFIG_FILE_NAME} changed`);
    this.disposables.push(
      this.changeEmitter,
      this.configDiagnostics,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('promptCost')) this.invalidate('settings changed');
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.invalidate('workspace trusted')),
      watcher,
      watcher.onDidChange(onConfigFile),
      watcher.onDidCreate(onConfigFile),
      watcher.onDidDelete(onConfigFile),
    );
    this.loadEagerly();
  }

  /** The plain inputs `session` was built from (a worker builds the same session from them). */
  inputsOf(session: AuditSession): PlainSessionInputs | undefined {
    return this.plainInputs.get(session);
  }

  get editorSettings(): EditorSettings {
    return this.settings;
  }

  get fileScope(): FileScope {
    return this.scope;
  }

  get root(): vscode.Uri | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  session(): Promise<AuditSession> {
    this.sessionPromise ??= this.load();
    return this.sessionPromise;
  }

  invalidate(reason: string): void {
    this.log.info(`configuration reloaded: ${reason}`);
    this.settings = readSettings();
    this.sessionPromise = undefined;
    this.changeEmitter.fire();
    this.loadEagerly();
  }

  /** `.promptcost.yaml` may set promptGlobs, which decide what is auditable: load it before anyone asks for an audit. */
  private loadEagerly(): void {
    this.session().catch((error) => this.log.error(`session failed to load: ${(error as Error).stack ?? error}`));
  }

  private async load(): Promise<AuditSession> {
    markStartup('session-start');
    const readBundledFile = this.readBundledFile;
    // The parser of the code the user is about to see loads beside the session (its reads and compile need no session):
    // after a start with the workspace it is ready before a code file is opened; when opening a code file started the
    // extension, that file's first lens needs both.
    void this.warmCodeParser(readBundledFile);
    // Counting is synchronous; the web host can only read files asynchronously: the rank files are read here, while the
    // config loads, and every count waits for a session. Decoding happens on each encoding's first count.
    const encoders = prepareEncodings(readBundledFile);
    // o200k_base (every estimate and most models count with it) decodes in its own task as soon as its ranks arrive:
    // while the session still waits for the window's thread, rather than inside the first audit after it.
    prepareEncodings(readBundledFile, ['o200k_base']).then(() => setTimeout(() => this.preloadO200k(), 0), () => undefined);
    const root = this.root;
    const configUri = root ? vscode.Uri.joinPath(root, CONFIG_FILE_NAME) : undefined;
    // The session these reads lead to when they find no config file and no price file: a document audit may start on
    // it while they are under way (see provisionalSession). Imported LiteLLM files are known now, and would be read.
    const settingsAlone = { configText: undefined, configFile: CONFIG_FILE_NAME, baseConfig: this.settings.baseConfig, trusted: vscode.workspace.isTrusted };
    const speculation: Speculation | undefined = !this.lastLoadReadFiles && this.importedLiteLLM().length === 0
      ? { build: () => createAuditSession({ ...settingsAlone, litellmFiles: [], readBundledFile }, loadSessionConfig(settingsAlone)) }
      : undefined;
    this.speculation = speculation;
    try {
      return await this.loadFrom(root, configUri, readBundledFile, encoders, speculation, settingsAlone);
    } finally {
      if (this.speculation === speculation) this.speculation = undefined;
    }
  }

  /**
   * While `loading` (the session promise a document audit took) still waits for its reads, the session it becomes if
   * they find no config file and no price file, built from the settings alone (once, on first ask). An audit computed
   * on it is used only if the loaded session turns out to be this same object; otherwise it is thrown away. Undefined
   * once loaded, when imported price files will be read, or when the last session loaded read a config or price file.
   *
   * Why: the reads go through the window's thread, which is busy tokenizing the file just opened (0.3–0.5 s in the web
   * host when opening a code file starts the extension); the first audit's own work then runs meanwhile, not after.
   */
  provisionalSession(loading: Promise<AuditSession>): AuditSession | undefined {
    const speculation = this.speculation;
    if (!speculation || loading !== this.sessionPromise || speculation.failed) return undefined;
    try {
      speculation.session ??= speculation.build();
    } catch {
      // The load reports what fails when it builds its own session; the audit just waits for that one.
      speculation.failed = true;
      return undefined;
    }
    return speculation.session;
  }

  private async loadFrom(
    root: vscode.Uri | undefined,
    configUri: vscode.Uri | undefined,
    readBundledFile: ReadBundledFile,
    encoders: Promise<unknown>,
    speculation: Speculation | undefined,
    settingsAlone: { baseConfig: EditorSettings['baseConfig']; trusted: boolean },
  ): Promise<AuditSession> {
    // Both reads go through the window's thread, busy while an editor opens: asked at once, not one after the other.
    const storedPricesRead = this.readStoredPrices();
    let configText: string | undefined;
    if (configUri) {
      try {
        configText = new TextDecoder().decode(await vscode.workspace.fs.readFile(configUri));
      } catch {
        configText = undefined; // no config file: settings and defaults apply
      }
    }
    markStartup('session-config-read');
    this.configSetsCompareModels = configText !== undefined && /^compareModels\s*:/m.test(configText);
    // Restricted Mode (capabilities.untrustedWorkspaces "limited"): the config's own price files are not read.
    const trusted = vscode.workspace.isTrusted;
    const inputs = { configText, configFile: CONFIG_FILE_NAME, baseConfig: this.settings.baseConfig, trusted };
    // Parsed once: the files it names are read (asynchronously, here) before the session is built from the same parse.
    const loaded = loadSessionConfig(inputs);
    const readProblems: ScanProblem[] = [];
    const litellmFiles = await this.readLiteLLMFiles(root, loaded.config.litellmFiles, readProblems);
    const storedPrices = await storedPricesRead;
    const prices = { litellmFiles, ...(storedPrices ? { updatedPrices: { text: storedPrices.text, source: storedPrices.source, asOf: storedPrices.fetchedOn } } : {}) };
    this.lastLoadReadFiles = configText !== undefined || litellmFiles.length > 0 || readProblems.length > 0 || storedPrices !== undefined;
    // The provisional session stands when the reads added nothing to the settings it was built from.
    const provisional = speculation?.session;
    const stands = provisional !== undefined && !this.lastLoadReadFiles && inputs.baseConfig === settingsAlone.baseConfig && inputs.trusted === settingsAlone.trusted;
    const session = stands ? provisional : createAuditSession({ ...inputs, ...prices, readBundledFile }, loaded);
    // Decided: an audit asked from now on waits for this session (a provisional one built now would be thrown away).
    if (this.speculation === speculation) this.speculation = undefined;
    // The day it priced for, too: a worker started days later (VS Code left open) must price as this session does.
    this.plainInputs.set(session, { ...inputs, baseConfig: plainCopy(inputs.baseConfig), pricedOn: session.context.catalog.pricedOn, ...prices });
    markStartup('session-built');
    session.problems.push(...readProblems);
    this.publishConfigProblems(configUri, configText, session.problems);
    const { promptGlobs, include, exclude } = session.context.config;
    const scope = { promptGlobs, include, exclude };
    if (JSON.stringify(scope) !== JSON.stringify(this.scope)) {
      this.scope = scope;
      // Files that became (or stopped being) prompts must be asked again; the session is cached, so this does not reload.
      queueMicrotask(() => this.changeEmitter.fire());
    }
    await encoders;
    markStartup('session-end');
    // Off the first lens's path, in its own task once the session is ready: one throw-away audit (the first audit's
    // compile and set-up costs).
    setTimeout(() => {
      if (!this.auditWarmedUp && !this.documentAudited) {
        this.auditWarmedUp = true;
        warmUpAudit(session.context).catch((error) => this.log.warn(`the warm-up audit failed: ${(error as Error).message}`));
      }
    }, 0);
    this.log.info(`session ready${trusted ? '' : ' (Restricted Mode: the config imports no price files)'}: ${session.context.catalog.models.length} models (catalog ${session.context.catalog.asOf}), default model ${session.context.config.compareModels[0]}`);
    return session;
  }

  private preloadO200k(): void {
    try {
      preloadEncoding('o200k_base');
    } catch (error) {
      this.log.error(`o200k_base ranks failed to load: ${(error as Error).stack ?? error}`);
    }
  }

  private codeParserWarmed = false;
  private auditWarmedUp = false;
  /** Set once a document's audit has started: it warms what the throw-away audits would, and must not wait for them. */
  private documentAudited = false;
  private noteFirstDocumentAudit: ((started: { audit: Promise<unknown> }) => void) | undefined;
  /** The first document audit the editor started (resolves when it starts, with the audit's own promise). */
  private readonly firstDocumentAudit = new Promise<{ audit: Promise<unknown> }>((resolve) => (this.noteFirstDocumentAudit = resolve));

  /** Called when the editor starts auditing a document (the warm-up audits are skipped from then on). */
  noteDocumentAudit(audit: Promise<unknown>): void {
    this.documentAudited = true;
    this.noteFirstDocumentAudit?.({ audit });
    this.noteFirstDocumentAudit = undefined;
  }

  /**
   * The tree-sitter runtime, grammar and query of one language: an open code document's (the one whose language
   * started the extension, if any), else the first code file a short workspace search returns, which is then audited
   * once and thrown away. Other languages load when a file of theirs is first scanned.
   */
  private async warmCodeParser(readBundledFile: ReadBundledFile): Promise<void> {
    if (this.codeParserWarmed) return;
    this.codeParserWarmed = true;
    try {
      const open = vscode.workspace.textDocuments.find((document) => languageOfPath(document.uri.path) !== null);
      const openLanguage = open ? languageOfPath(open.uri.path) : null;
      if (open && openLanguage) {
        // That document is audited at once: nothing more to warm. Its scan's query (a small file's may be part of the
        // patterns) compiles while the session loads.
        await prepareLanguage(openLanguage.id, readBundledFile, open.getText());
        void this.compileRestOfQueryWhenIdle(openLanguage.id, readBundledFile);
        return;
      }
      markStartup('code-warm-up-search');
      // A few results, not one: a search provider may stop at maxResults before applying the include glob (the web test
      // host's does), and a workspace's first file is often not code.
      const found = (await vscode.workspace.findFiles(CODE_FILE_GLOB, NOT_SEARCHED_GLOB, CODE_WARM_UP_CANDIDATES)).find((uri) => languageOfPath(uri.path) !== null);
      const language = found ? languageOfPath(found.path) : null;
      markStartup(`code-warm-up-${language ? 'found' : 'none'}`);
      if (!found || !language) return;
      await prepareLanguage(language.id, readBundledFile);
      // One throw-away audit of that file, as the prompt-file warm-up: the first code audit also pays for compiling the
      // language's scanner and the rules on code sites. Its result is discarded.
      const bytes = await vscode.workspace.fs.readFile(found);
      if (bytes.length > WARM_UP_CODE_MAX_BYTES) return;
      const { context } = await this.session();
      if (!this.documentAudited) await auditDocument(found.path, new TextDecoder().decode(bytes), context);
    } catch (error) {
      // The first scan tries again and reports what fails.
      this.log.warn(`the code parser did not start ahead of use: ${(error as Error).message}`);
    }
  }

  private restOfQueryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  /**
   * The patterns a partial query left out (~250 ms of compile in the web host) are needed by the first edit or file that
   * holds one: they compile in idle time once the first document audit is done and its lens has been answered, not on
   * that keystroke. Only the language is held while waiting (an audit may never start), not the document.
   */
  private async compileRestOfQueryWhenIdle(language: CodeLanguage, readBundledFile: ReadBundledFile): Promise<void> {
    const { audit } = await this.firstDocumentAudit;
    await audit.catch(() => undefined);
    if (this.disposed) return;
    this.restOfQueryTimer = setTimeout(() => {
      this.restOfQueryTimer = undefined;
      markStartup('query-compile-rest-start');
      prepareLanguage(language, readBundledFile).then(
        () => markStartup('query-compile-rest-end'),
        (error) => this.log.warn(`the code parser's remaining patterns did not compile ahead of use: ${(error as Error).message}`),
      );
    }, WHOLE_QUERY_IDLE_DELAY_MS);
  }

  /** LiteLLM price files: those the config names (inside the root; never a link) and those imported with the command. */
  private async readLiteLLMFiles(root: vscode.Uri | undefined, named: readonly string[], problems: ScanProblem[]): Promise<Array<{ file: string; text: string; asOf: string }>> {
    const sources: Array<{ label: string; uri: vscode.Uri; fromConfig: boolean }> = [
      // parseConfig already dropped paths that leave the workspace; joinPath gets the normalised relative path only.
      ...(root ? named.flatMap((file) => {
        const relative = workspaceRelativePath(file);
        return relative === undefined ? [] : [{ label: file, uri: vscode.Uri.joinPath(root, relative), fromConfig: true }];
      }) : []),
      ...this.importedLiteLLM().map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri, fromConfig: false })),
    ];
    const files: Array<{ file: string; text: string; asOf: string }> = [];
    for (const source of sources) {
      try {
        const stat = await vscode.workspace.fs.stat(source.uri);
        // vscode.workspace.fs follows symlinks; a file the config names must not be one, nor a FIFO or device.
        if (source.fromConfig && stat.type & vscode.FileType.SymbolicLink) throw new Error('is a symbolic link (not followed)');
        if (!(stat.type & vscode.FileType.File)) throw new Error('is not a regular file; not read');
        if (stat.size > MAX_LITELLM_BYTES) throw new Error(`is larger than the ${MAX_LITELLM_BYTES / 1048576} MB limit; not read`);
        files.push({ file: source.label, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(source.uri)), asOf: new Date(stat.mtime).toISOString().slice(0, 10) });
      } catch (error) {
        problems.push({ file: CONFIG_FILE_NAME, severity: 'error', message: `litellm: cannot read ${source.label}: ${(error as Error).message}` });
      }
    }
    return files;
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
    return this.state.get<string[]>(IMPORTED_LITELLM_KEY, []).flatMap((value) => {
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

  /** Forgets an imported LiteLLM price file for this workspace and reloads the catalog, if it was imported (then true). */
  async removeLiteLLMFile(uri: vscode.Uri): Promise<boolean> {
    const stored = this.state.get<string[]>(IMPORTED_LITELLM_KEY, []);
    const kept = stored.filter((value) => value !== uri.toString());
    if (kept.length === stored.length) return false;
    await this.state.update(IMPORTED_LITELLM_KEY, kept);
    this.invalidate(`forgot the imported ${vscode.workspace.asRelativePath(uri)}`);
    return true;
  }

  /**
   * Config problems as diagnostics, located in the text that was parsed: an open editor's document can still hold the
   * previous text right after the file changed on disk, and its offsets would land on the wrong lines.
   */
  private publishConfigProblems(configUri: vscode.Uri | undefined, configText: string | undefined, problems: readonly ScanProblem[]): void {
    this.configDiagnostics.clear();
    if (!configUri) return;
    const lines = new LineIndex(configText ?? '');
    this.configDiagnostics.set(configUri, problems.filter((problem) => problem.file === CONFIG_FILE_NAME).map((problem) => problemToDiagnostic(lines, problem)));
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.restOfQueryTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * `value` as plain objects and arrays: VS Code hands object settings out as read-only proxies, which a worker's message
 * cannot carry (postMessage throws "could not be cloned").
 */
function plainCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainCopy) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, plainCopy(entry)])) as T;
  return value;
}
