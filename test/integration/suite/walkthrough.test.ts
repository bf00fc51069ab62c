// The walkthrough opens in the real workbench, and its CI step writes the workflow once (never overwriting one).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CI_WORKFLOW_TEMPLATE } from '../../../src/core/ciWorkflowTemplate';
import { extensionApi, poll, readWorkspaceFile, workspaceFile, writeWorkspaceFile } from './support';

const WORKFLOW = '.github/workflows/prompt-cost.yml';

function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
}

suite('walkthrough', () => {
  suiteSetup(async () => {
    await extensionApi();
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile('.github/workflows'), { recursive: true }).then(undefined, () => undefined);
  });

  test('Prompt Cost: Get Started opens the walkthrough in the Welcome editor', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('promptCost.openWalkthrough');
    const labels = await poll(tabLabels, (found) => found.some((label) => /Welcome|Walkthrough|Get Started/i.test(label)), 8000);
    assert.ok(labels.some((label) => /Welcome|Walkthrough|Get Started/i.test(label)), labels.join(', '));
  });

  test('Add the CI Check writes .github/workflows/prompt-cost.yml and opens it; run again, it keeps the file as edited', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('promptCost.addCiWorkflow');
    assert.strictEqual(uri?.toString(), workspaceFile(WORKFLOW).toString());
    assert.strictEqual(await readWorkspaceFile(WORKFLOW), CI_WORKFLOW_TEMPLATE);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await writeWorkspaceFile(WORKFLOW, '# our own workflow\n');
    await vscode.commands.executeCommand('promptCost.addCiWorkflow');
    assert.strictEqual(await readWorkspaceFile(WORKFLOW), '# our own workflow\n');
  });
});
