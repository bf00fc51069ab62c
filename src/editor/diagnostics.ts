// Findings as diagnostics in the Problems panel, refreshed (debounced) as documents open and change.
import { terminalLines } from '../core/report/escape';
import * as vscode from 'vscode';
import type { Finding } from '../core/types';
import type { LineIndex } from '../core/lineIndex';
import type { WorkspaceAudit } from '../core/workspaceAudit';
import type { AuditService } from './auditService';
import { toRange, toRangeFromLines, toSeverity } from './convert';

export const DOCS_BASE = 'https://github.com/prompt-cost/prompt-cost-auditor/blob/main/README.md#rule-';
const DEBOUNCE_MS = 400;

export interface FindingDiagnostic extends vscode.Diagnostic {
  finding: Finding;
}

export function toDiagnostic(document: vscode.TextDocument, finding: Finding): FindingDiagnostic {
  return diagnosticAt(toRange(document, finding.span), finding);
}

/** For files that are not open: positions come from the audit's own line index. */
function toDiagnosticFromIndex(lines: LineIndex, finding: Finding): FindingDiagnostic {
  return diagnosticAt(toRangeFromLines(lines, finding.span), finding);
}

function diagnosticAt(range: vscode.Range, finding: Finding): FindingDiagnostic {
  const diagnostic = new vscode.Diagnostic(range, terminalLines(finding.message), toSeverity(finding.severity)) as FindingDiagnostic;
  diagnostic.source = 'prompt-cost';
  diagnostic.code = { value: finding.rule, target: vscode.Uri.parse(DOCS_BASE + finding.rule) };
  diagnostic.finding = finding;
  return diagnostic;
}

export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('prompt-cost');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  /** URIs of closed files whose diagnostics came from the last workspace audit (nothing refreshes them as they change). */
  private workspacePublished = new Map<string, vscode.Uri>();

  constructor(private readonly service: AuditService, private readonly log: vscode.LogOutputChannel) {
    // Deleted or renamed files (in VS Code or outside it) must not keep their findings in Problems.
    const deletions = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.disposables.push(
      this.collection,
      deletions,
      deletions.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      // A notebook's cell documents may open before the notebook lists them: ask again once it is open.
      vscode.workspace.onDidOpenNotebookDocument((notebook) => {
        for (const cell of notebook.getCells()) this.schedule(cell.document, 0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        this.schedule(event.document, DEBOUNCE_MS);
        // A notebook's cells share names: an edit in one cell can change what the others send.
        for (const sibling of service.notebookSiblings(event.document)) this.schedule(sibling, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      service.onDidChange(() => {
        // Settings or config changed: closed files' findings were computed under the old ones.
        this.clearWorkspacePublished();
        this.refreshOpenDocuments();
      }),
      service.onDidAuditWorkspace(({ audit }) => {
        this.publishWorkspaceFindings(audit);
        // Open documents pick up the audit's cross-file findings too.
        this.refreshOpenDocuments();
      }),
    );
    // Documents open at activation (the code file whose language started the extension) are classified in the next
    // task, not inside activate(): the first classification compiles the file-scope globs (2–10 ms cold).
    const initial = setTimeout(() => this.refreshOpenDocuments(), 0);
    this.disposables.push({ dispose: () => clearTimeout(initial) });
  }

  /** Drops the diagnostics of a deleted file, or of every file under a deleted folder. */
  private forget(deleted: vscode.Uri): void {
    const prefix = deleted.toString().replace(/\/?$/, '/');
    const gone: vscode.Uri[] = [];
    this.collection.forEach((uri) => {
      if (uri.toString() === deleted.toString() || uri.toString().startsWith(prefix)) gone.push(uri);
    });
    for (const uri of gone) {
      this.collection.delete(uri);
      this.workspacePublished.delete(uri.toString());
    }
  }

  private clearWorkspacePublished(): void {
    const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    for (const [key, uri] of this.workspacePublished) if (!open.has(key)) this.collection.delete(uri);
    this.workspacePublished.clear();
  }

  refreshOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!this.service.isAuditable(document)) {
      // It may have been auditable under the previous promptGlobs.
      if (this.collection.has(document.uri)) this.collection.delete(document.uri);
      return;
    }
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.update(document);
    }, delay));
  }

  async update(document: vscode.TextDocument): Promise<readonly vscode.Diagnostic[]> {
    try {
      const audit = await this.service.auditTextDocument(document);
      if (!audit || document.isClosed) return [];
      // Cross-file findings of the last workspace audit still hold while this document is the text that audit saw
      // (the audit cache hands back the very same object for unchanged content).
      const latest = this.service.latestWorkspaceAudit?.audit;
      const crossFile = latest && latest.documents.includes(audit) ? latest.workspaceFindings.filter((finding) => finding.file === audit.file) : [];
      const diagnostics = [...audit.findings, ...crossFile].map((finding) => toDiagnostic(document, finding));
      this.collection.set(document.uri, diagnostics);
      return diagnostics;
    } catch (error) {
      this.log.error(`diagnostics failed for ${document.uri.toString()}: ${(error as Error).stack ?? error}`);
      return [];
    }
  }

  /** Workspace-audit findings for files that are not open, so Problems shows the whole workspace after an audit. */
  publishWorkspaceFindings(audit: WorkspaceAudit): void {
    const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    const byFile = new Map<string, Finding[]>();
    for (const document of audit.documents) byFile.set(document.file, [...document.findings]);
    for (const finding of audit.workspaceFindings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
    const published = new Map<string, vscode.Uri>();
    for (const document of audit.documents) {
      // Not joinPath(first root, file): files of other roots are named after their own folder.
      const uri = this.service.uriOf(document.file);
      if (!uri || open.has(uri.toString())) continue;
      this.collection.set(uri, (byFile.get(document.file) ?? []).map((finding) => toDiagnosticFromIndex(document.lineIndex, finding)));
      published.set(uri.toString(), uri);
    }
    // Files the previous audit covered and this one does not (deleted, now excluded) lose their findings.
    for (const [key, uri] of this.workspacePublished) {
      if (!published.has(key) && !open.has(key)) this.collection.delete(uri);
    }
    this.workspacePublished = published;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
