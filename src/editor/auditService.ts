// The audit layer's composition root (after VS Code's markdown-language-features `extension.shared.ts`): three small
// services, one lifetime. Features take this one object; each method belongs to exactly one of the services.
//   sessions   settings + `.promptcost.yaml` + price files → the session, config diagnostics, change events
//   documents  per-document audits cached by content and session, the symbol index, file names ↔ URIs
//   workspace  the workspace audit through the core's loop, its last result and event
import * as vscode from 'vscode';
import type { DocumentAudit } from '../core/audit';
import type { AuditSession } from '../core/session';
import type { StoredPriceFile } from '../core/pricing/priceUpdate';
import { DocumentAudits } from './documentAudits';
import { SessionService } from './sessionService';
import type { EditorSettings } from './settings';
import { WorkspaceAuditor, type WorkspaceResult } from './workspaceAuditor';
import { AuditWorkers, auditWorkerHost } from './workspaceWorker';

export class AuditService implements vscode.Disposable {
  readonly sessions: SessionService;
  readonly documents: DocumentAudits;
  readonly workspace: WorkspaceAuditor;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[];
  /** Fires when anything that affects numbers changed: settings, config file, catalog, prices, or an imported module. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, state: vscode.Memento, globalStorageUri?: vscode.Uri) {
    const workers = new AuditWorkers(auditWorkerHost(extensionUri));
    this.sessions = new SessionService(extensionUri, log, state, globalStorageUri);
    this.documents = new DocumentAudits(this.sessions, log);
    this.workspace = new WorkspaceAuditor(this.sessions, this.documents, log, workers);
    // The services go in reverse order of creation: the workspace auditor first, the session last.
    this.disposables = [
      this.changeEmitter,
      this.sessions.onDidChange(() => this.changeEmitter.fire()),
      this.documents.onDidChangeSymbols(() => this.changeEmitter.fire()),
      this.workspace,
      this.documents,
      this.sessions,
      workers,
    ];
  }

  // Sessions.
  get editorSettings(): EditorSettings {
    return this.sessions.editorSettings;
  }
  get root(): vscode.Uri | undefined {
    return this.sessions.root;
  }
  get configSetsCompareModels(): boolean {
    return this.sessions.configSetsCompareModels;
  }
  get configDiagnostics(): vscode.DiagnosticCollection {
    return this.sessions.configDiagnostics;
  }
  session(): Promise<AuditSession> {
    return this.sessions.session();
  }
  invalidate(reason: string): void {
    this.sessions.invalidate(reason);
  }
  readStoredPrices(): Promise<StoredPriceFile | undefined> {
    return this.sessions.readStoredPrices();
  }
  storePrices(stored: StoredPriceFile): Promise<vscode.Uri> {
    return this.sessions.storePrices(stored);
  }
  addLiteLLMFile(uri: vscode.Uri): Promise<void> {
    return this.sessions.addLiteLLMFile(uri);
  }

  // Documents.
  relativePath(uri: vscode.Uri): string {
    return this.documents.relativePath(uri);
  }
  uriOf(file: string): vscode.Uri | undefined {
    return this.documents.uriOf(file);
  }
  sourceUri(file: string): vscode.Uri | undefined {
    return this.documents.sourceUri(file);
  }
  isAuditable(document: vscode.TextDocument): boolean {
    return this.documents.isAuditable(document);
  }
  auditText(file: string, text: string): Promise<DocumentAudit> {
    return this.documents.auditText(file, text);
  }
  auditTextDocument(document: vscode.TextDocument): Promise<DocumentAudit | undefined> {
    return this.documents.auditTextDocument(document);
  }
  notebookSiblings(cell: vscode.TextDocument): vscode.TextDocument[] {
    return this.documents.notebookSiblings(cell);
  }

  // Workspace.
  get onDidAuditWorkspace(): vscode.Event<WorkspaceResult> {
    return this.workspace.onDidAuditWorkspace;
  }
  get latestWorkspaceAudit(): WorkspaceResult | undefined {
    return this.workspace.latest;
  }
  auditWorkspace(token?: vscode.CancellationToken, onFile?: (file: string, index: number, total: number) => void): Promise<WorkspaceResult> {
    return this.workspace.auditWorkspace(token, onFile);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
