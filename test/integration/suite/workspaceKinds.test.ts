import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeLenses, extensionApi, extensionId, openFile, poll } from './support';

// The web test host mounts the sample workspace through a file system provider (scheme vscode-test-web): a virtual
// workspace, with no file: URIs. The extension declares virtualWorkspaces support and must work there unchanged.
suite('virtual and trusted workspaces', () => {
  test('the workspace is virtual (not file:), and the extension activates and shows a prompt file\'s cost lens there', async () => {
    await extensionApi();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.strictEqual(folder?.uri.scheme, 'vscode-test-web');
    const editor = await openFile('prompts/faq.prompty');
    const lenses = await poll(() => codeLenses(editor.document.uri), (found) => found.length > 0);
    assert.deepStrictEqual(lenses[0], { line: 24, character: 0, title: '61 tokens + 2 placeholders · $0.00041/call · $8.28/month · gpt-4o-mini', command: 'promptCost.compareModels' });
  });

  test('the manifest declares limited Restricted Mode support and virtual workspace support', () => {
    const capabilities = vscode.extensions.getExtension(extensionId)!.packageJSON.capabilities;
    assert.strictEqual(capabilities.untrustedWorkspaces.supported, 'limited');
    assert.strictEqual(capabilities.virtualWorkspaces.supported, true);
  });

  test('a trusted workspace: the session applied .promptcost.yaml in full and reported no Restricted Mode limit', async () => {
    const api = await extensionApi();
    assert.strictEqual(vscode.workspace.isTrusted, true);
    const session = await api.service.session();
    assert.strictEqual(session.context.config.callsPerMonth, 20000);
    assert.deepStrictEqual(session.problems.filter((problem) => problem.message.includes('Restricted Mode')), []);
  });
});
