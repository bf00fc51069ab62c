// The "prompt cost" language-model tool (contributes.languageModelTools): agent mode calls it for a file or a line
// range and gets the audit's JSON back. Hosts without the lm tool API (or with it turned off) just do not get the tool.
import * as vscode from 'vscode';
import { workspaceRelativePath } from '../core/config';
import { jsonText } from '../core/report/escape';
import { countSelection } from '../core/selectionTokens';
import { promptCostToolResult, toolLineRange, type PromptCostToolInput } from '../core/toolReport';

export type { PromptCostToolInput };
import type { AuditService } from './auditService';

/** The tool name in package.json `contributes.languageModelTools` (VS Code: [\w-]+, no copilot_/vscode_ prefix). */
export const PROMPT_COST_TOOL = 'promptCost_audit';

/** The tool's answer as JSON text: what the model reads. Errors are answers too, so the agent can correct its call. */
export async function promptCostToolText(service: AuditService, input: PromptCostToolInput): Promise<string> {
  const target = await documentFor(service, input.file);
  if ('error' in target) return jsonText({ error: target.error });
  const { document, selection } = target;
  const lines = toolLineRange(input, document.lineCount)
    ?? (selection && !selection.isEmpty ? { start: selection.start.line + 1, end: selection.end.line + (selection.end.character === 0 && selection.end.line > selection.start.line ? 0 : 1) } : undefined);
  const file = service.relativePath(document.uri);
  const text = document.getText();
  const { context } = await service.session();
  const audit = await service.auditTextDocument(document);
  if (!audit) {
    // Not a prompt file or supported source file: no sites to report, but the text's tokens still answer "what does it cost to send".
    const from = lines ? document.offsetAt(new vscode.Position(lines.start - 1, 0)) : 0;
    const to = lines ? document.offsetAt(new vscode.Position(lines.end, 0)) : text.length;
    return jsonText({ file, scope: lines ? 'lines' : 'file', auditable: false, reason: 'not a prompt file or a supported source file: no prompts or LLM calls are scanned in it', tokens: countSelection(text.slice(from, to), context.config.compareModels, context.catalog) });
  }
  return jsonText(promptCostToolResult(audit, text, context, lines));
}

/** The named workspace file (never outside the folder: the input comes from a model), else the active editor's document. */
async function documentFor(service: AuditService, file: string | undefined): Promise<{ document: vscode.TextDocument; selection?: vscode.Selection } | { error: string }> {
  const editor = vscode.window.activeTextEditor;
  if (file === undefined || file === '') {
    if (!editor) return { error: 'no file given and no editor is active: pass "file", a path relative to the workspace folder' };
    return { document: editor.document, selection: editor.selection };
  }
  const open = vscode.workspace.textDocuments.find((document) => service.relativePath(document.uri) === file);
  if (open) return { document: open, ...(editor?.document === open ? { selection: editor.selection } : {}) };
  const relative = workspaceRelativePath(file);
  const root = service.root;
  if (relative === undefined || !root) return { error: `"${file}" is not a path inside the workspace folder` };
  try {
    return { document: await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, relative)) };
  } catch (error) {
    return { error: `cannot open "${file}": ${(error as Error).message}` };
  }
}

export function register(service: AuditService, log: vscode.LogOutputChannel): vscode.Disposable {
  // engines ^1.96 has vscode.lm.registerTool; a host that leaves it out (or a fork) must not fail activation.
  if (typeof vscode.lm?.registerTool !== 'function') {
    log.info('language-model tools are not available in this host: the prompt cost tool is not registered');
    return new vscode.Disposable(() => undefined);
  }
  return vscode.lm.registerTool<PromptCostToolInput>(PROMPT_COST_TOOL, {
    prepareInvocation(options) {
      const where = options.input.file ?? 'the active editor';
      const range = options.input.startLine !== undefined || options.input.endLine !== undefined ? ` lines ${options.input.startLine ?? 1}–${options.input.endLine ?? 'end'}` : '';
      return { invocationMessage: `Auditing the prompt cost of ${where}${range}` };
    },
    async invoke(options, token) {
      try {
        const text = await promptCostToolText(service, options.input ?? {});
        if (token.isCancellationRequested) throw new vscode.CancellationError();
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
      } catch (error) {
        if (error instanceof vscode.CancellationError) throw error;
        log.error(`prompt cost tool failed: ${(error as Error).stack ?? error}`);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(jsonText({ error: `the audit failed: ${(error as Error).message}` }))]);
      }
    },
  });
}
