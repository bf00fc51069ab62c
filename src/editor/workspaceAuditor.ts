// The workspace audit: lists the workspace's files through VS Code (so it works on virtual file systems), reads them
// without following links, builds the symbol index, then runs the core's workspace loop (the CLI's `auditDocuments`)
// with the cached per-document audits.
import * as vscode from 'vscode';
import { ignoreMatcher } from '../core/ignoreFiles';
import { CODE_EXTENSIONS } from '../core/languages';
import { buildReport, type AuditReport } from '../core/report/model';
import { classifyDocument, MAX_SCANNED_BYTES } from '../core/scanning';
import type { ScanProblem } from '../core/types';
import { auditDocuments, isIncluded, type WorkspaceAudit } from '../core/workspaceAudit';
import { MAX_PROMPT_FILE_CHARS, SymbolIndexBuilder, type WorkspaceSymbols } from '../core/scanning/code/symbolIndex';
import { PROMPT_FILE_EXTENSIONS } from '../core/scanning/code/symbolExtract';
import type { DocumentAudits } from './documentAudits';
import type { DocumentAudit } from '../core/audit';
import { auditInWorker } from '../core/auditWorkers';
import { timeSlices } from '../core/timeSlices';
import type { AuditWorkers } from './workspaceWorker';
import type { AuditWorkerPort } from '../core/auditWorkers';
import type { SessionService } from './sessionService';

/** Globs that can hold sites; findFiles narrows with these, the core's classifier decides. */
export const WORKSPACE_FILE_GLOB = `**/*.{prompty,yml,yaml,json,md,txt,jinja,jinja2,j2,hbs,handlebars,mustache,ipynb,${CODE_EXTENSIONS.join(',')}}`;
const WORKSPACE_EXCLUDE_GLOB = '**/{node_modules,.git,dist,out,build,.venv,venv,__pycache__,.next}/**';
const MAX_WORKSPACE_FILES = 20000;
/** Files the symbol index may ask for besides code: `.env` files, tsconfig/jsconfig, prompt files read by code. */
const SYMBOL_EXTRA_GLOB = `**/{.env,.env.*,tsconfig.json,jsconfig.json,${PROMPT_FILE_EXTENSIONS.map((extension) => `*.${extension}`).join(',')}}`;
/** Ignore files larger than this are not read (they add nothing then). */
const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

/** Where a workspace audit's per-document audits were made (the log says it too). */
export interface AuditPlaces {
  /** Taken from the per-document cache (unchanged since the last audit, or open and already audited). */
  cached: number;
  /** Audited in the worker, beside the extension host's thread. */
  inWorker: number;
  /** Audited on the extension host's thread: no worker could start, or it failed (`workerFailure` says why). */
  inThread: number;
  /** The worker was the one kept from the last audit, or a new one (absent: no worker was asked). */
  worker?: 'kept' | 'new';
  workerFailure?: string;
}

export interface WorkspaceResult {
  audit: WorkspaceAudit;
  report: AuditReport;
  places: AuditPlaces;
}

export class WorkspaceAuditor implements vscode.Disposable {
  private last: WorkspaceResult | undefined;
  private readonly auditedEmitter = new vscode.EventEmitter<WorkspaceResult>();
  /** Fires after each workspace audit (Problems panel for closed files, summary panel). */
  readonly onDidAuditWorkspace = this.auditedEmitter.event;

  constructor(
    private readonly sessions: SessionService,
    private readonly documents: DocumentAudits,
    private readonly log?: vscode.LogOutputChannel,
    /** The worker that audits the changed files; absent, they are audited on this thread. */
    private readonly workers?: AuditWorkers,
  ) {}

  get latest(): WorkspaceResult | undefined {
    return this.last;
  }

  /** Audits every matching workspace file; unchanged files come from the cache. Cancelling throws CancellationError. */
  async auditWorkspace(token?: vscode.CancellationToken, onFile?: (file: string, index: number, total: number) => void): Promise<WorkspaceResult> {
    // The promise too: the audits made with this session are cached under it, even when a setting changes meanwhile.
    const sessionLoad = this.sessions.session();
    const session = await sessionLoad;
    const { config } = session.context;
    const uris = await vscode.workspace.findFiles(WORKSPACE_FILE_GLOB, WORKSPACE_EXCLUDE_GLOB, MAX_WORKSPACE_FILES, token);
    const ignored = await this.ignoreFiles();
    throwIfCancelled(token);
    const candidates = uris
      .map((uri) => ({ uri, file: this.documents.relativePath(uri) }))
      .filter(({ file }) => isIncluded(file, config.include, config.exclude) && classifyDocument(file, config.promptGlobs) !== null && !ignored(file))
      .sort((a, b) => (a.file < b.file ? -1 : 1));
    const problems: ScanProblem[] = [...session.problems];
    if (uris.length >= MAX_WORKSPACE_FILES) problems.push({ file: '', severity: 'warning', message: `stopped listing at ${MAX_WORKSPACE_FILES} files: the rest of the workspace is not in this report` });
    const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const read: Array<{ file: string; text: string }> = [];
    for (const { uri, file } of candidates) {
      // A partial audit must not pass for the workspace's (report, Problems, summary panel).
      throwIfCancelled(token);
      this.documents.noteUri(file, uri);
      try {
        read.push({ file, text: await readWorkspaceText(uri, open, MAX_SCANNED_BYTES) });
      } catch (error) {
        problems.push({ file, severity: 'error', message: `cannot read: ${(error as Error).message}` });
      }
    }
    // Pass 1 (issue 18): every file's exported bindings, then the `.env` files, tsconfig aliases and prompt files they ask for.
    const symbols = await this.buildSymbols(read, token);
    this.documents.useSymbols(symbols);
    throwIfCancelled(token);
    // Pass 2: files unchanged since their last audit come from the cache; the others are audited in a worker where the
    // host allows one (issue 16: a large workspace would hold this thread, every extension's, for seconds).
    // Hashing every text is ~16 ms per MB: in slices, so the thread answers between them.
    const pause = timeSlices();
    const standing: Array<{ audit: DocumentAudit | undefined; hash: string }> = [];
    for (const { file, text } of read) {
      standing.push(await this.documents.standingAudit(file, text));
      await pause();
    }
    throwIfCancelled(token);
    const changedIndexes = read.flatMap((_, index) => (standing[index].audit === undefined ? [index] : []));
    const changed = changedIndexes.map((index) => read[index]);
    const inputs = this.sessions.inputsOf(session);
    let port: AuditWorkerPort | undefined;
    let worker: 'kept' | 'new' | undefined;
    const run =
      changed.length > 0 && this.workers?.available && inputs
        ? auditInWorker(changed, async () => ({ port, worker } = await this.workers!.take(inputs, symbols)).port, { ...session.context, symbols }, { keepAlive: true })
        : undefined;
    const audits = new Map<string, Promise<DocumentAudit>>(read.flatMap(({ file }, index) => (standing[index].audit ? [[file, Promise.resolve(standing[index].audit)] as const] : [])));
    run?.audits.forEach((audited, index) => {
      this.documents.remember(changed[index].file, standing[changedIndexes[index]].hash, audited, sessionLoad, symbols);
      audits.set(changed[index].file, audited);
      // The log names each file's problems wherever it was audited, as DocumentAudits does for the thread's audits.
      audited.then((result) => result.problems.forEach((problem) => this.log?.warn(`${changed[index].file}: ${problem.message}`)), () => undefined);
    });
    let audit: WorkspaceAudit;
    let completed = false;
    try {
      // The core's loop (the CLI's) in file order; the callback stops it when cancelled.
      audit = await auditDocuments(read, session.context, {
        auditOne: (file, text) => audits.get(file) ?? this.documents.auditTextAsScanned(file, text),
        onDocument: (file, index) => {
          onFile?.(file, index, read.length);
          return token?.isCancellationRequested === true;
        },
      });
      completed = token?.isCancellationRequested !== true;
    } finally {
      // The loop stopped early (cancelled, or an audit threw): the worker goes with what it had not answered.
      if (!completed) run?.stop();
    }
    throwIfCancelled(token);
    const finished = await run?.finished;
    if (port && finished && finished.failure === undefined && finished.inWorker === changed.length) this.workers!.giveBack(port);
    else port?.terminate();
    const places: AuditPlaces = {
      cached: read.length - changed.length,
      inWorker: finished?.inWorker ?? 0,
      inThread: run ? (finished?.inThread ?? 0) : changed.length,
      ...(worker ? { worker } : {}),
      ...(finished?.failure ? { workerFailure: finished.failure } : {}),
    };
    this.log?.info(
      `workspace audit: ${read.length} files, ${places.cached} unchanged, ${places.inWorker} audited in a worker${worker ? ` (${worker})` : ''}, ${places.inThread} on the extension host's thread${places.workerFailure ? ` (the worker failed: ${places.workerFailure})` : ''}`,
    );
    this.documents.useSenders(audit.promptFileSenders);
    const report = buildReport(audit, session.context.catalog, config, problems);
    this.last = { audit, report, places };
    this.auditedEmitter.fire(this.last);
    return this.last;
  }

  /** The workspace root's `.gitignore` and `.promptcostignore`, as the CLI reads them (bounded; missing ones add nothing). */
  private async ignoreFiles(): Promise<ReturnType<typeof ignoreMatcher>> {
    const root = this.sessions.root;
    const texts: string[] = [];
    for (const name of ['.gitignore', '.promptcostignore']) {
      if (!root) break;
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, name));
        if (bytes.byteLength <= MAX_IGNORE_FILE_BYTES) texts.push(new TextDecoder().decode(bytes));
      } catch {
        // No such file: nothing is left out by it.
      }
    }
    return ignoreMatcher(texts);
  }

  /** The workspace symbol index of the files read, with the extra files it asks for that exist in the workspace. */
  private async buildSymbols(files: ReadonlyArray<{ file: string; text: string }>, token?: vscode.CancellationToken): Promise<WorkspaceSymbols> {
    const builder = new SymbolIndexBuilder();
    const pause = timeSlices();
    for (const { file, text } of files) {
      builder.add(file, text);
      await pause();
    }
    const wanted = new Set(builder.wantedExtras());
    if (wanted.size > 0) {
      const uris = await vscode.workspace.findFiles(SYMBOL_EXTRA_GLOB, WORKSPACE_EXCLUDE_GLOB, MAX_WORKSPACE_FILES, token);
      for (const uri of uris) {
        const file = this.documents.relativePath(uri);
        if (!wanted.has(file)) continue;
        try {
          builder.addExtra(file, await readWorkspaceText(uri, new Map(), MAX_PROMPT_FILE_CHARS));
        } catch {
          // Unreadable, a link or too large: the index leaves it out.
        }
      }
    }
    return builder.finish();
  }

  dispose(): void {
    this.auditedEmitter.dispose();
  }
}

function throwIfCancelled(token: vscode.CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new vscode.CancellationError();
}

/** A workspace file's text: the open document's, else read without following a symlink, within `limit` bytes. */
async function readWorkspaceText(uri: vscode.Uri, open: ReadonlyMap<string, vscode.TextDocument>, limit: number): Promise<string> {
  const openDocument = open.get(uri.toString());
  if (openDocument) return openDocument.getText();
  // findFiles follows symlinks (search.followSymlinks); a link out of the workspace, a FIFO or a huge file is not read.
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.SymbolicLink) throw new Error('is a symbolic link (not followed)');
  if (!(stat.type & vscode.FileType.File)) throw new Error('is not a regular file; not read');
  if (stat.size > limit) throw new Error(`is larger than the ${limit / 1048576} MB scan limit; not read`);
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}
