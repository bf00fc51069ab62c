import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AuditReport } from '../../../src/core/report/model';
import { renderMarkdown } from '../../../src/core/report/markdown';
import { extensionApi, openFile, poll, readWorkspaceFile, workspaceFile } from './support';

const reportUri = 'prompt-cost-report:/Prompt%20Cost%20Audit.md';

function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

function reportDocuments(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((document) => document.uri.scheme === 'prompt-cost-report');
}

/** Closes tabs and resolves with whether they closed; a "Save changes?" dialog would leave it pending, so time out. */
async function closeWithoutPrompt(tabs: vscode.Tab[]): Promise<boolean | 'timed out'> {
  return Promise.race([
    Promise.resolve(vscode.window.tabGroups.close(tabs)),
    new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), 5000)),
  ]);
}

suite('reports', () => {
  suiteSetup(async () => {
    await extensionApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Audit Workspace shows a read-only virtual Markdown document: not dirty, not untitled, the report\'s text, rendered as a preview', async () => {
    const report = await vscode.commands.executeCommand<AuditReport>('promptCost.auditWorkspace');
    assert.ok(report);
    // Earlier suites' cache layouts may still be open; the audit is one document.
    const documents = reportDocuments().filter((document) => document.uri.path === '/Prompt Cost Audit.md');
    assert.deepStrictEqual(documents.map((document) => document.uri.toString()), [reportUri]);
    const [document] = documents;
    assert.strictEqual(document.uri.scheme, 'prompt-cost-report');
    assert.strictEqual(document.isDirty, false);
    assert.strictEqual(document.isUntitled, false);
    assert.strictEqual(document.languageId, 'markdown');
    // The command's report (commands.test.ts pins it equal to the core's; an earlier LiteLLM import moved its as-of date).
    assert.strictEqual(document.getText(), renderMarkdown(report));
    assert.ok(document.getText().split('\n').includes('| 9 | 9 | 0 | $2,882 | $80,905 | 0 | 8 | 0 |'), document.getText());
    // No untitled buffer was made (the old behaviour: a dirty "Untitled-1" that asked to be saved).
    assert.deepStrictEqual(vscode.workspace.textDocuments.filter((candidate) => candidate.isUntitled).map((candidate) => candidate.uri.toString()), []);
    // Shown as the Markdown preview of that document.
    const previews = await poll(() => allTabs().filter((tab) => tab.label.includes('Prompt Cost Audit.md')), (tabs) => tabs.length > 0);
    assert.deepStrictEqual(previews.map((tab) => [tab.label, tab.isDirty]), [['Preview Prompt Cost Audit.md', false]]);
    assert.ok(previews[0].input instanceof vscode.TabInputWebview, 'the report is not shown as a preview');
  });

  test('the report opened as text is read-only and closing it (and its preview) asks nothing', async () => {
    const document = reportDocuments().find((candidate) => candidate.uri.toString() === reportUri);
    assert.ok(document, 'run after the Audit Workspace test');
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // Typing into the editor is refused (a content provider's document is read-only): it stays exactly the report.
    const before = document.getText();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('type', { text: 'edited ' });
    assert.strictEqual(document.getText(), before);
    assert.strictEqual(document.isDirty, false);
    const tabs = allTabs().filter((tab) => tab.label.includes('Prompt Cost Audit.md'));
    assert.strictEqual(tabs.length, 2, tabs.map((tab) => tab.label).join(', '));
    assert.deepStrictEqual(tabs.map((tab) => tab.isDirty), [false, false]);
    assert.strictEqual(await closeWithoutPrompt(tabs), true);
    assert.deepStrictEqual(allTabs().filter((tab) => tab.label.includes('Prompt Cost Audit.md')).map((tab) => tab.label), []);
  });

  test('a second Audit Workspace rewrites the same document (one report, never a pile of buffers)', async () => {
    await vscode.commands.executeCommand<AuditReport>('promptCost.auditWorkspace');
    await vscode.commands.executeCommand<AuditReport>('promptCost.auditWorkspace');
    const open = vscode.workspace.textDocuments.filter((document) => document.uri.path === '/Prompt Cost Audit.md' || document.isUntitled);
    assert.deepStrictEqual(open.map((document) => document.uri.toString()), [reportUri]);
    assert.strictEqual(await closeWithoutPrompt(allTabs().filter((tab) => tab.label.includes('Prompt Cost Audit.md'))), true);
  });

  test('Simulate Cache Layout shows its layout as a read-only document named by the site, beside the code', async () => {
    const editor = await openFile('src/support_bot.py');
    const markdown = await vscode.commands.executeCommand<string>('promptCost.simulateCache', editor.document.uri, editor.document.getText().indexOf('client.chat'));
    const layoutUri = 'prompt-cost-report:/Cache%20Layout%20support_bot.py%2094.md?file%3Dsrc%252Fsupport_bot.py%26line%3D94';
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === layoutUri);
    assert.ok(document, reportDocuments().map((candidate) => candidate.uri.toString()).join(', '));
    assert.strictEqual(document.isDirty, false);
    assert.strictEqual(document.getText(), markdown);
    assert.strictEqual(document.getText().split('\n')[0], '# Cache layout — src/support_bot.py:94');
    const previews = await poll(() => allTabs().filter((tab) => tab.label.includes('Cache Layout support_bot.py 94.md')), (tabs) => tabs.length > 0);
    assert.deepStrictEqual(previews.map((tab) => [tab.label, tab.isDirty, tab.group.viewColumn]), [['Preview Cache Layout support_bot.py 94.md', false, vscode.ViewColumn.Two]]);
    assert.strictEqual(await closeWithoutPrompt(previews), true);
    assert.deepStrictEqual(vscode.workspace.textDocuments.filter((candidate) => candidate.isUntitled).map((candidate) => candidate.uri.toString()), []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Export Report as SARIF writes SARIF 2.1.0 with the 8 findings at their lines and the run\'s outcome', async () => {
    const target = workspaceFile('exports/report.sarif');
    const written = await vscode.commands.executeCommand<vscode.Uri>('promptCost.exportReport', 'sarif', target);
    assert.strictEqual(written?.toString(), target.toString());
    const sarif = JSON.parse(await readWorkspaceFile('exports/report.sarif'));
    assert.strictEqual(sarif.version, '2.1.0');
    const [run] = sarif.runs;
    assert.strictEqual(run.tool.driver.name, 'prompt-cost');
    assert.deepStrictEqual(
      run.results.map((result: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }> }) => {
        const location = result.locations[0].physicalLocation;
        return `${result.ruleId} ${location.artifactLocation.uriBaseId}/${location.artifactLocation.uri}:${location.region.startLine}`;
      }),
      [
        'unbounded-output %SRCROOT%/prompts/summarize.prompt.yml:3',
        'redundant-instruction %SRCROOT%/prompts/summarize.prompt.yml:11',
        'output-cap-too-high %SRCROOT%/src/agent.ts:10',
        'cache-breakpoint-ineffective %SRCROOT%/src/agent.ts:15',
        'model-overkill %SRCROOT%/src/classify.ts:10',
        'redundant-instruction %SRCROOT%/src/classify.ts:17',
        'cache-prefix-broken %SRCROOT%/src/support_bot.py:11',
        'unbounded-output %SRCROOT%/src/support_bot.py:94',
      ],
    );
    // Warnings only and no budget exceeded: the CLI's default --fail-on error would have exited 0.
    assert.deepStrictEqual(run.invocations.map((invocation: { exitCode: number; exitCodeDescription: string }) => [invocation.exitCode, invocation.exitCodeDescription]), [[0, 'ok']]);
    // The web workspace is not on disk (no file: URI), so the report names no absolute base.
    assert.strictEqual(run.originalUriBaseIds, undefined);
    await vscode.workspace.fs.delete(workspaceFile('exports'), { recursive: true });
  });

  test('the report document\'s title bar offers Export Report', async () => {
    const extension = vscode.extensions.getExtension('prompt-cost.prompt-cost-auditor');
    const menus = extension?.packageJSON.contributes.menus['editor/title'] as Array<{ command: string; when: string }>;
    assert.deepStrictEqual(menus.filter((menu) => menu.command === 'promptCost.exportReport'), [
      { command: 'promptCost.exportReport', when: 'resourceScheme == prompt-cost-report', group: 'navigation' },
    ]);
  });
});
