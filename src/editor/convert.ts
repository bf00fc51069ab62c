// The one place where core data (offsets, severities, fixes) becomes VS Code types.
import * as vscode from 'vscode';
import type { Fix, ScanProblem, Severity, Span } from '../core/types';
import type { LineIndex } from '../core/lineIndex';

export function toRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

/** For text that is not an open document (a closed file, the config text that was parsed): its own line index. */
export function toRangeFromLines(lines: LineIndex, span: Span): vscode.Range {
  const start = lines.positionAt(span.start);
  const end = lines.positionAt(span.end);
  return new vscode.Range(start.line, start.column, end.line, end.column);
}

/** A config or read problem as a diagnostic, located in the text it was found in (line 1 when it has no span). */
export function problemToDiagnostic(lines: LineIndex, problem: ScanProblem): vscode.Diagnostic {
  const range = problem.span ? toRangeFromLines(lines, problem.span) : new vscode.Range(0, 0, 0, 0);
  const diagnostic = new vscode.Diagnostic(range, problem.message, toSeverity(problem.severity));
  diagnostic.source = 'prompt-cost';
  return diagnostic;
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
