// The "Get Started with Prompt Cost Auditor" walkthrough's own commands: open it, and write the CI workflow.
import { CommandId } from './commandIds';
import * as vscode from 'vscode';
import { CI_WORKFLOW_PATH, CI_WORKFLOW_TEMPLATE } from '../core/ciWorkflowTemplate';

export const WALKTHROUGH_ID = 'prompt-cost.prompt-cost-auditor#promptCost.gettingStarted';

export function register(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.OpenWalkthrough, () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
    // Writes the workflow only when there is none (an existing file is opened, never overwritten).
    vscode.commands.registerCommand(CommandId.AddCiWorkflow, async () => {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!root) {
        void vscode.window.showWarningMessage('Prompt Cost: open a folder first; the workflow goes into its .github/workflows.');
        return undefined;
      }
      const uri = vscode.Uri.joinPath(root, ...CI_WORKFLOW_PATH.split('/'));
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        try {
          await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(CI_WORKFLOW_TEMPLATE));
        } catch (error) {
          log.error(`promptCost.addCiWorkflow failed: ${(error as Error).stack ?? error}`);
          void vscode.window.showErrorMessage(`Prompt Cost: cannot write ${CI_WORKFLOW_PATH}: ${(error as Error).message}`);
          return undefined;
        }
      }
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      return uri;
    }),
  );
}
