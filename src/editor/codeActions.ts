// Quick fixes from the rules' core Fix data, then the controls every finding gets: suppress it (for the line or the
// file, in the file's own comment syntax), disable its rule in .promptcost.yaml, and open its documentation.
// All are ordinary, undoable WorkspaceEdits or commands the user chooses.
import * as vscode from 'vscode';
import { disableRuleInConfig, suppressionFix } from '../core/rules/controls';
import type { AuditService } from './auditService';
import { CONFIG_FILE_NAME } from '../core/config';
import { toWorkspaceEdit } from './convert';

export function register(service: AuditService, log: vscode.LogOutputChannel): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(document, range, context) {
      const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === 'prompt-cost');
      if (ours.length === 0) return [];
      try {
        const audit = await service.auditTextDocument(document);
        if (!audit) return [];
        const text = document.getText();
        const sites = audit.sites.map((audited) => audited.site);
        const actions: vscode.CodeAction[] = [];
        const controls: vscode.CodeAction[] = [];
        const configEdits = new Map<string, vscode.WorkspaceEdit | undefined>();
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
          const suppression = finding ? suppressionFix(text, finding.file, finding.span, rule, sites) : undefined;
          if (suppression) {
            const action = new vscode.CodeAction(suppression.title, vscode.CodeActionKind.QuickFix);
            action.edit = toWorkspaceEdit(document, suppression);
            action.diagnostics = [diagnostic];
            controls.push(action);
          }
          if (!configEdits.has(rule)) configEdits.set(rule, await disableRuleEdit(service, rule));
          const disable = configEdits.get(rule);
          if (disable) {
            const action = new vscode.CodeAction(`Disable ${rule} in ${CONFIG_FILE_NAME}`, vscode.CodeActionKind.QuickFix);
            action.edit = disable;
            action.diagnostics = [diagnostic];
            controls.push(action);
          }
          if (typeof diagnostic.code === 'object' && diagnostic.code.target) {
            const action = new vscode.CodeAction(`Show documentation for ${rule}`, vscode.CodeActionKind.QuickFix);
            action.command = { command: 'vscode.open', title: `Show documentation for ${rule}`, arguments: [diagnostic.code.target] };
            action.diagnostics = [diagnostic];
            controls.push(action);
          }
        }
        return [...actions, ...controls];
      } catch (error) {
        log.error(`code actions failed: ${(error as Error).stack ?? error}`);
        return [];
      }
    },
  };
  return vscode.languages.registerCodeActionsProvider({ pattern: '**/*' }, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] });
}

/** Sets `rules.<rule>: off` in the workspace's .promptcost.yaml, creating the file when there is none. */
async function disableRuleEdit(service: AuditService, rule: string): Promise<vscode.WorkspaceEdit | undefined> {
  const root = service.root;
  if (!root) return undefined;
  const uri = vscode.Uri.joinPath(root, CONFIG_FILE_NAME);
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  let current: string | undefined = open?.getText();
  if (current === undefined) {
    try {
      current = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      current = undefined;
    }
  }
  const change = disableRuleInConfig(current, rule);
  if (!change) return undefined;
  const edit = new vscode.WorkspaceEdit();
  if (current === undefined) {
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), change.text);
    return edit;
  }
  for (const textEdit of change.edits) edit.replace(uri, new vscode.Range(positionIn(current, textEdit.span.start), positionIn(current, textEdit.span.end)), textEdit.newText);
  return edit;
}

/** Line and character of an offset in text that is not open in an editor (the config file may be closed). */
function positionIn(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}
