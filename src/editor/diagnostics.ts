// Findings as diagnostics in the Problems panel, refreshed (debounced) as documents open and change.
import * as vscode from 'vscode';
import type { Finding } from '../core/types';
import type { LineIndex } from '../core/lineIndex';
import type { WorkspaceAudit } from '../core/workspaceAudit';
import type { AuditService } from './auditService';
import { toRange, toSeverity } from './convert';

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
  const start = lines.positionAt(finding.span.start);
  const end = lines.positionAt(finding.span.end);
  return diagnosticAt(new vscode.Range(start.line, start.column, end.line, end.column), finding);
}

function diagnosticAt(range: vscode.Range, finding: Finding): FindingDiagnostic {
  const diagnostic = new vscode.Diagnostic(range, finding.message, toSeverity(finding.severity)) as FindingDiagnostic;
  diagnostic.source = 'prompt-cost';
  diagnostic.code = { value: finding.rule, target: vscode.Uri.parse(DOCS_BASE + finding.rule) };
  diagnostic.finding = finding;
  return diagnostic;
}

export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('prompt-cost');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: AuditService, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      service.onDidChange(() => this.refreshOpenDocuments()),
      service.onDidAuditWorkspace(({ audit }) => this.publishWorkspaceFindings(audit)),
    );
    this.refreshOpenDocuments();
  }

  refreshOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!this.service.isAuditable(document)) return;
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
      const diagnostics = audit.findings.map((finding) => toDiagnostic(document, finding));
      this.collection.set(document.uri, diagnostics);
      return diagnostics;
    } catch (error) {
      this.log.error(`diagnostics failed for ${document.uri.toString()}: ${(error as Error).stack ?? error}`);
      return [];
    }
  }

  /** Workspace-audit findings for files that are not open, so Problems shows the whole workspace after an audit. */
  publishWorkspaceFindings(audit: WorkspaceAudit): void {
    const root = this.service.root;
    if (!root) return;
    const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    const byFile = new Map<string, Finding[]>();
    for (const document of audit.documents) byFile.set(document.file, [...document.findings]);
    for (const finding of audit.workspaceFindings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
    for (const document of audit.documents) {
      const uri = vscode.Uri.joinPath(root, document.file);
      if (open.has(uri.toString())) continue;
      this.collection.set(uri, (byFile.get(document.file) ?? []).map((finding) => toDiagnosticFromIndex(document.lineIndex, finding)));
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
