import * as assert from 'assert';
import * as vscode from 'vscode';

const extensionId = 'prompt-cost.prompt-cost-auditor';

suite('packaged VSIX', () => {
  test('the extension comes from the unpacked VSIX (not the source folder) and activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed`);
    // The VSIX holds LICENSE.txt (vsce's name) and no sources; the source folder holds src/extension.ts and no LICENSE.txt.
    const read = (relative: string) => Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, ...relative.split('/'))))
      .then((bytes) => new TextDecoder().decode(bytes), () => '');
    assert.match(await read('LICENSE.txt'), /MIT License/, `no LICENSE.txt in ${extension.extensionUri.toString()}`);
    assert.doesNotMatch(await read('src/extension.ts'), /export (async )?function activate/, `${extension.extensionUri.toString()} serves src/extension.ts`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('a prompt file shows a token and cost lens', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'prompts', 'faq.prompty');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const deadline = Date.now() + 30000;
    let titles: string[] = [];
    while (Date.now() < deadline) {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 1000)) ?? [];
      titles = lenses.map((lens) => lens.command?.title ?? '');
      if (titles.some((title) => /^~?[\d,.]+k? tokens.* · \$[\d.]+\/call/.test(title))) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.fail(`no cost lens on prompts/faq.prompty; lenses: ${JSON.stringify(titles)}`);
  });

  test('the workspace audit runs in the worker the VSIX ships (dist/auditWorker.js)', async () => {
    const extension = vscode.extensions.getExtension<{ service: { auditWorkspace(): Promise<{ places: { inWorker: number; inThread: number; workerFailure?: string } }> } }>(extensionId);
    assert.ok(extension, `${extensionId} is not installed`);
    const { places } = await (await extension.activate()).service.auditWorkspace();
    assert.equal(places.workerFailure, undefined);
    assert.equal(places.inThread, 0);
    assert.ok(places.inWorker > 0, JSON.stringify(places));
  });
});
