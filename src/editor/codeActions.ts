// Quick fixes from the rules' core Fix data: ordinary, undoable WorkspaceEdits the user chooses.
import * as vscode from 'vscode';
import type { AuditService } from './auditService';
import { toWorkspaceEdit } from './convert';

export function register(service: AuditService, log: vscode.LogOutputChannel): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(document, range, context) {
      const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === 'prompt-cost');
      if (ours.length === 0) return [];
      try {
        const audit = await service.auditTextDocument(document);
        if (!audit) return [];
        const actions: vscode.CodeAction[] = [];
        for (const diagnostic of ours) {
          const rule = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
          const start = document.offsetAt(diagnostic.range.start);
          const finding = audit.findings.find((f) => f.rule === rule && f.span.start === start);
          for (const fix of finding?.fixes ?? []) {
            const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            action.edit = toWorkspaceEdit(document, fix);
            action.diagnostics = [diagnostic];
            action.isPreferred = fix.preferred === true;
            actions.push(action);
          }
        }
        return actions;
      } catch (error) {
        log.error(`code actions failed: ${(error as Error).stack ?? error}`);
        return [];
      }
    },
  };
  return vscode.languages.registerCodeActionsProvider({ pattern: '**/*' }, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] });
}
