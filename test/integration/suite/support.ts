// Shared helpers of the integration suites: the extension's API, workspace files, polling for asynchronous results.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PromptCostApi } from '../../../src/extension';
import { createAuditSession } from '../../../src/core/session';
import { auditDocuments, type WorkspaceAudit } from '../../../src/core/workspaceAudit';
import { buildReport, type AuditReport } from '../../../src/core/report/model';
import type { AuditContext } from '../../../src/core/audit';

export const extensionId = 'prompt-cost.prompt-cost-auditor';

/** Every file of test/fixtures/sample-workspace that holds a site, as the CLI lists them. */
export const sampleSiteFiles = [
  '.github/prompts/review.prompt.md',
  'prompts/classifier.txt',
  'prompts/faq.prompty',
  'prompts/style-guide.md',
  'prompts/summarize.prompt.yml',
  'prompts/welcome_email.jinja',
  'src/agent.ts',
  'src/classify.ts',
  'src/support_bot.py',
];

export async function extensionApi(): Promise<PromptCostApi> {
  const extension = vscode.extensions.getExtension<PromptCostApi>(extensionId);
  assert.ok(extension, `${extensionId} is not installed in the test host`);
  return extension.activate();
}

export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

export async function readWorkspaceFile(relativePath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(relativePath)));
}

export async function writeWorkspaceFile(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function openFile(relativePath: string): Promise<vscode.TextEditor> {
  await extensionApi();
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `read` until `done` accepts its value or the time is up, then returns the last value: the caller's
 * exact assertion then reports what was actually there.
 */
export async function poll<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(150);
  }
}

export interface LensView {
  line: number;
  character: number;
  title: string | undefined;
  command: string | undefined;
}

/** The document's CodeLenses with every title resolved. */
export async function codeLenses(uri: vscode.Uri): Promise<LensView[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 1000)) ?? [];
  return lenses.map((lens) => ({ line: lens.range.start.line, character: lens.range.start.character, title: lens.command?.title, command: lens.command?.command }));
}

export interface DiagnosticView {
  range: [number, number, number, number];
  severity: string;
  code: string;
  message: string;
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'prompt-cost');
}

export function describeDiagnostic(diagnostic: vscode.Diagnostic): DiagnosticView {
  const { start, end } = diagnostic.range;
  return {
    range: [start.line, start.character, end.line, end.character],
    severity: vscode.DiagnosticSeverity[diagnostic.severity],
    code: typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code),
    message: diagnostic.message,
  };
}

/** Resolves once the extension reloaded its session (settings, `.promptcost.yaml`, imported prices). */
export function nextReload(api: PromptCostApi, timeoutMs = 10000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the extension did not reload within ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = api.service.onDidChange(() => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

/**
 * The audit the core computes on its own for the workspace's current files and `.promptcost.yaml`, the way the
 * CLI does it: the reference the extension's numbers must equal.
 */
export async function coreWorkspaceAudit(files: readonly string[] = sampleSiteFiles): Promise<{ audit: WorkspaceAudit; report: AuditReport; context: AuditContext }> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension);
  const session = createAuditSession({
    configText: await readWorkspaceFile('.promptcost.yaml'),
    configFile: '.promptcost.yaml',
    readBundledFile: async (name) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'dist', 'wasm', name)),
  });
  const documents = await Promise.all(files.map(async (file) => ({ file, text: await readWorkspaceFile(file) })));
  const audit = await auditDocuments(documents, session.context);
  return { audit, report: buildReport(audit, session.context.catalog, session.context.config, session.problems), context: session.context };
}

/** One `undo` in the document's editor must bring back exactly `original` (an applied fix is one undo step). */
export async function undoOnce(document: vscode.TextDocument, original: string): Promise<void> {
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('undo');
  const text = await poll(() => document.getText(), (current) => current === original, 3000);
  assert.strictEqual(text, original, 'one undo did not restore the original text');
  // The web workbench auto-saves after a delay (files.autoSave afterDelay): an edited state kept dirty for over a second
  // reaches the disk, and undoing leaves the restored text unsaved. Saving it makes the disk the original again, so the
  // suites that later compare the extension (open documents) with the core (disk) read the same text.
  if (document.isDirty) assert.ok(await document.save(), 'the restored text could not be saved');
}
