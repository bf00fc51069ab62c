import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PromptCostApi } from '../../../src/extension';
import { createAuditSession } from '../../../src/core/session';
import { auditDocument } from '../../../src/core/audit';
import { costLensTitle } from '../../../src/editor/siteText';
import { codeLenses, extensionId, poll, sleep, workspaceFile, writeWorkspaceFile } from '../suite/support';

/** VS Code marks the start of an extension's activation (fetching its code) in the extension host, before it runs. */
function activationStarted(): boolean {
  return performance.getEntriesByType('mark').some((mark) => mark.name === `code/extHost/willFetchExtensionCode/${extensionId}`);
}

const PROMPTY = [
  '---',
  'name: Greeting',
  'model:',
  '  id: gpt-4o-mini',
  '  provider: openai',
  '  apiType: chat',
  '  options:',
  '    maxOutputTokens: 120',
  'inputs:',
  '  customer:',
  '    type: string',
  '---',
  'system:',
  'You greet customers of Northwind Billing in one friendly sentence.',
  '',
  'user:',
  'Greet {{customer}}.',
  '',
].join('\n');

suite('activation events in a workspace with no prompt or code file', () => {
  test('the extension has not started, and opening a plain-text file does not start it', async () => {
    const extension = vscode.extensions.getExtension<PromptCostApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed in the test host`);
    assert.deepStrictEqual({ active: extension.isActive, started: activationStarted() }, { active: false, started: false });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('notes/todo.txt')));
    assert.strictEqual(editor.document.languageId, 'plaintext');
    // onLanguage:plaintext, if it were an event, would start activation as the model appears: give it time to show.
    await sleep(4000);
    assert.deepStrictEqual({ active: extension.isActive, started: activationStarted() }, { active: false, started: false });
  });

  test('opening a .prompty file starts it and shows the cost lens the core computes for that file', async () => {
    const extension = vscode.extensions.getExtension<PromptCostApi>(extensionId);
    assert.ok(extension);
    const uri = await writeWorkspaceFile('prompts/greeting.prompty', PROMPTY);
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      assert.strictEqual(editor.document.languageId, 'prompty');
      // Nothing in this suite calls activate(): only the opened file's language can have started the extension.
      assert.strictEqual(await poll(() => extension.isActive, (active) => active, 30000), true);
      const session = createAuditSession({ readBundledFile: async (name) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'dist', 'wasm', name)) });
      const reference = await auditDocument('prompts/greeting.prompty', PROMPTY, session.context);
      assert.strictEqual(reference.sites.length, 1);
      const expected = [{ line: 12, character: 0, title: costLensTitle(reference.sites[0]), command: 'promptCost.compareModels' }];
      assert.match(expected[0].title, /^\d+ tokens \+ 1 placeholder · \$[\d.]+\/call · .*gpt-4o-mini/);
      const lenses = await poll(() => codeLenses(uri), (found) => found.some((lens) => lens.line === 12 && lens.title === expected[0].title), 30000);
      assert.deepStrictEqual(lenses.filter((lens) => lens.line === 12 && lens.command === 'promptCost.compareModels'), expected);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    }
  });

  test('once started, a .txt prompt under prompts/ (plain text, the default prompt globs) gets its cost lens too', async () => {
    const extension = vscode.extensions.getExtension<PromptCostApi>(extensionId);
    assert.ok(extension);
    const text = 'You are a support assistant for Northwind Billing. Answer in two sentences.\n';
    const uri = await writeWorkspaceFile('prompts/support.txt', text);
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      assert.strictEqual(editor.document.languageId, 'plaintext');
      const session = createAuditSession({ readBundledFile: async (name) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'dist', 'wasm', name)) });
      const reference = await auditDocument('prompts/support.txt', text, session.context);
      assert.strictEqual(reference.sites.length, 1);
      const title = costLensTitle(reference.sites[0]);
      assert.match(title, /^\d+ tokens · \$[\d.]+\/call/);
      const lenses = await poll(() => codeLenses(uri), (found) => found.some((lens) => lens.title === title), 30000);
      assert.deepStrictEqual(lenses.filter((lens) => lens.command === 'promptCost.compareModels'), [{ line: 0, character: 0, title, command: 'promptCost.compareModels' }]);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    }
  });
});
