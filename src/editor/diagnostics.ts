// Findings as diagnostics in the Problems panel, refreshed (debounced) as documents open and change.
import * as vscode from 'vscode';
import type { Finding } from '../core/types';
import type { AuditService } from './auditService';
import { toRange, toSeverity } from './convert';

export const DOCS_BASE = 'https://github.com/prompt-cost/prompt-cost-auditor/blob/main/README.md#rule-';
const DEBOUNCE_MS = 400;

export interface FindingDiagnostic extends vscode.Diagnostic {
  finding: Finding;
}

export function toDiagnostic(document: vscode.TextDocument, finding: Finding): FindingDiagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(document, finding.span), finding.message, toSeverity(finding.severity)) as FindingDiagnostic;
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

  /** Workspace-audit findings for files that are not open (so Problems shows the whole workspace after an audit). */
  publishWorkspaceFindings(findingsByUri: Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>): void {
    for (const { uri, diagnostics } of findingsByUri.values()) {
      if (!vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) this.collection.set(uri, diagnostics);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
