// The one place where core data (offsets, severities, fixes) becomes VS Code types.
import * as vscode from 'vscode';
import type { Fix, Severity, Span } from '../core/types';

export function toRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** A core fix as an ordinary, undoable workspace edit. */
export function toWorkspaceEdit(document: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of fix.edits) edit.replace(document.uri, toRange(document, textEdit.span), textEdit.newText);
  return edit;
}
