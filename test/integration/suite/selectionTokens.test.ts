import * as assert from 'assert';
import * as vscode from 'vscode';
import { extensionApi, openFile } from './support';

// Exact figures: o200k_base 21 and cl100k_base 22 tokens for TEXT (OpenAI tiktoken 1.0.22); Claude 1.25× and
// Gemini 1.15× of o200k_base, rounded up (27, 25). The sample workspace's models: gpt-4o-mini, gpt-4o, claude-sonnet-4-5,
// gemini-2.5-flash (.promptcost.yaml compareModels).
const TEXT = "You are a terse assistant. Summarise the customer's ticket in two sentences, citing the order number.";
const TOOLTIP = [
  'Tokens in the selection (101 characters), by the configured models:',
  'gpt-4o-mini: 21 tokens (exact, OpenAI o200k_base)',
  'gpt-4o: 21 tokens (exact, OpenAI o200k_base)',
  'claude-sonnet-4-5: ~27 tokens (estimate ±20%, Claude (estimate: o200k_base × ratio))',
  'gemini-2.5-flash: ~25 tokens (estimate ±25%, Gemini (estimate: o200k_base × ratio))',
  '~ marks an estimate; only OpenAI encodings count exactly. Click for the list.',
].join('\n');

async function closeActiveWithoutSaving(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/**
 * Sets the editor's selections and waits until VS Code echoes them back. Right after showTextDocument the window
 * may still send the editor's initial selection; arriving after our own set, it would replace it.
 */
async function selectSettled(editor: vscode.TextEditor, selections: vscode.Selection[]): Promise<void> {
  const echoed = new Promise<void>((resolve) => {
    const timer = setTimeout(() => { subscription.dispose(); resolve(); }, 5000);
    const subscription = vscode.window.onDidChangeTextEditorSelection((event) => {
      if (event.textEditor !== editor || event.selections.length !== selections.length) return;
      if (!event.selections.every((selection, index) => selection.isEqual(selections[index]))) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
  editor.selections = selections;
  await echoed;
}

suite('tokens in selection', () => {
  test('an untitled buffer: the status item shows the selection\'s tokens by the configured models, exact and estimated', async () => {
    const api = await extensionApi();
    const document = await vscode.workspace.openTextDocument({ content: `Intro line.\n${TEXT}\n`, language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    try {
      assert.strictEqual(document.isUntitled, true);
      await selectSettled(editor, [new vscode.Selection(1, 0, 1, TEXT.length)]);
      assert.deepStrictEqual(await api.selectionTokens.refresh(), {
        visible: true,
        text: '$(selection) 21 tokens · gpt-4o-mini (21–27 across 4 models)',
        tooltip: TOOLTIP,
      });
      // No selection: the item goes away.
      await selectSettled(editor, [new vscode.Selection(0, 0, 0, 0)]);
      assert.strictEqual((await api.selectionTokens.refresh()).visible, false);
    } finally {
      await closeActiveWithoutSaving();
    }
  });

  test('two selections count together, joined by a newline', async () => {
    const api = await extensionApi();
    const document = await vscode.workspace.openTextDocument({ content: `${TEXT}\n${TEXT}\n`, language: 'markdown' });
    const editor = await vscode.window.showTextDocument(document);
    try {
      await selectSettled(editor, [new vscode.Selection(0, 0, 0, TEXT.length), new vscode.Selection(1, 0, 1, TEXT.length)]);
      const status = await api.selectionTokens.refresh();
      // 42 in o200k_base (tiktoken 1.0.22 on the joined text, one fewer than 21 + 21 + 1); Claude ⌈42 × 1.25⌉ = 53.
      assert.strictEqual(status.text, '$(selection) 42 tokens · gpt-4o-mini (42–53 across 4 models)');
      assert.ok(status.tooltip.startsWith('Tokens in the selection (203 characters)'), status.tooltip);
    } finally {
      await closeActiveWithoutSaving();
    }
  });

  test('Count Tokens in Selection counts the whole document when nothing is selected (prompts/classifier.txt: 27 o200k_base tokens)', async () => {
    const editor = await openFile('prompts/classifier.txt');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const counted = await vscode.commands.executeCommand<{ characters: number; counts: Array<{ model: string; tokens: number; exact: boolean }> }>('promptCost.countSelectionTokens');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(counted);
    assert.strictEqual(counted.characters, 132);
    assert.deepStrictEqual(counted.counts.map((count) => [count.model, count.tokens, count.exact]), [['gpt-4o-mini', 27, true], ['gpt-4o', 27, true], ['claude-sonnet-4-5', 34, false], ['gemini-2.5-flash', 32, false]]);
  });
});
