// The controls every prompt-cost diagnostic offers, in the real workbench: suppress (line or file), disable, docs.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { describeDiagnostic, extensionApi, openFile, ourDiagnostics, poll, readWorkspaceFile, undoOnce, writeWorkspaceFile } from './support';

/** Every prompt-cost code action at the diagnostic of `rule` (waits for the file's diagnostics first). */
async function actionsAt(document: vscode.TextDocument, rule: string): Promise<vscode.CodeAction[]> {
  const diagnostics = await poll(() => ourDiagnostics(document.uri), (found) => found.some((d) => describeDiagnostic(d).code === rule));
  const diagnostic = diagnostics.find((d) => describeDiagnostic(d).code === rule);
  assert.ok(diagnostic, `no ${rule} diagnostic in ${document.uri.path}`);
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

const codes = (document: vscode.TextDocument) => ourDiagnostics(document.uri).map((d) => describeDiagnostic(d).code).sort();

suite('finding controls: suppress, disable, documentation', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test('support_bot.py unbounded-output offers its fix, then suppress for the line, disable in .promptcost.yaml and documentation', async () => {
    const editor = await openFile('src/support_bot.py');
    const actions = await actionsAt(editor.document, 'unbounded-output');
    assert.deepStrictEqual(actions.map((action) => action.title), [
      'Add max_completion_tokens: 1024',
      'Suppress unbounded-output for this line',
      'Disable unbounded-output in .promptcost.yaml',
      'Show documentation for unbounded-output',
    ]);
    const docs = actions[3].command;
    // The provider returns `vscode.open`; VS Code's command converter hands it back as its internal `_workbench.open`.
    assert.ok(['vscode.open', '_workbench.open'].includes(docs?.command ?? ''), `command ${docs?.command}`);
    const target = docs?.arguments?.[0] as vscode.Uri | { scheme: string; authority?: string; path?: string; query?: string; fragment?: string };
    const uri = target instanceof vscode.Uri ? target : vscode.Uri.from(target);
    assert.strictEqual(uri.toString(true), 'https://github.com/prompt-cost/prompt-cost-auditor/blob/main/README.md#rule-unbounded-output');
  });

  test('"Suppress unbounded-output for this line" inserts the comment above the call in Python syntax and the finding goes', async () => {
    const editor = await openFile('src/support_bot.py');
    const document = editor.document;
    const original = document.getText();
    await poll(() => codes(document), (found) => found.length === 2);
    const suppress = (await actionsAt(document, 'unbounded-output')).find((action) => action.title === 'Suppress unbounded-output for this line');
    assert.ok(suppress?.edit);
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    const lines = document.getText().split('\n');
    assert.strictEqual(lines[93], '    # prompt-cost-ignore-next-line unbounded-output');
    assert.deepStrictEqual(await poll(() => codes(document), (found) => found.length === 1), ['cache-prefix-broken']);
    await undoOnce(document, original);
  });

  test('"Suppress redundant-instruction in this file" puts a YAML comment at the top of summarize.prompt.yml, not inside the prompt text', async () => {
    const editor = await openFile('prompts/summarize.prompt.yml');
    const document = editor.document;
    const original = document.getText();
    const suppress = (await actionsAt(document, 'redundant-instruction')).find((action) => action.title.startsWith('Suppress redundant-instruction'));
    assert.strictEqual(suppress?.title, 'Suppress redundant-instruction in this file');
    assert.ok(await vscode.workspace.applyEdit(suppress.edit!));
    assert.strictEqual(document.getText(), `# prompt-cost-ignore redundant-instruction\n${original}`);
    await poll(() => codes(document), (found) => !found.includes('redundant-instruction'));
    assert.ok(!codes(document).includes('redundant-instruction'));
    await undoOnce(document, original);
  });

  test('"Disable model-overkill in .promptcost.yaml" sets the rule off in the existing file, keeping its comments', async () => {
    const original = await readWorkspaceFile('.promptcost.yaml');
    const editor = await openFile('src/classify.ts');
    const disable = (await actionsAt(editor.document, 'model-overkill')).find((action) => action.title === 'Disable model-overkill in .promptcost.yaml');
    assert.ok(disable?.edit);
    try {
      assert.ok(await vscode.workspace.applyEdit(disable.edit));
      const config = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.promptcost.yaml'));
      assert.strictEqual(config.getText(), original.replace('rules:\n  model-overkill: warning\n', 'rules:\n  model-overkill: off\n'));
      await config.save();
      await poll(() => codes(editor.document), (found) => !found.includes('model-overkill'));
      assert.ok(!codes(editor.document).includes('model-overkill'));
    } finally {
      await writeWorkspaceFile('.promptcost.yaml', original);
    }
    await poll(() => codes(editor.document), (found) => found.includes('model-overkill'));
  });
});
