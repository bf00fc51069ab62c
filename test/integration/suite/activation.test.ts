import * as assert from 'assert';
import * as vscode from 'vscode';

const extensionId = 'prompt-cost.prompt-cost-auditor';
// "61 tokens + 2 placeholders · $0.00041/call · worst $0.0005 · gpt-4o-mini · cap 300": count, optional placeholders, cost per call.
const costLensTitle = /^~?[\d,.]+k? tokens.* · \$[\d.]+\/call/;

function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

/** 0-based lines of the `system:` / `user:` / `assistant:` role markers after the front matter. */
function messageLines(document: vscode.TextDocument): number[] {
  const lines: number[] = [];
  let inFrontMatter = false;
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    if (text.trim() === '---') {
      inFrontMatter = line === 0;
      continue;
    }
    if (!inFrontMatter && /^\s*(system|user|assistant)\s*:\s*$/i.test(text)) lines.push(line);
  }
  return lines;
}

async function openFaqPrompt(): Promise<vscode.TextDocument> {
  await vscode.extensions.getExtension(extensionId)?.activate();
  const document = await vscode.workspace.openTextDocument(workspaceFile('prompts/faq.prompty'));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Lenses may appear only after the extension's first scan, so poll briefly instead of asking once. */
async function codeLensesMatching(uri: vscode.Uri, title: RegExp, timeoutMs: number): Promise<{ matching: vscode.CodeLens[]; titles: string[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // The second argument resolves every lens, so titles filled in by resolveCodeLens are included.
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 1000)) ?? [];
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    const matching = lenses.filter((lens) => title.test(lens.command?.title ?? ''));
    if (matching.length > 0 || Date.now() > deadline) return { matching, titles };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

suite('activation', () => {
  test('the extension prompt-cost.prompt-cost-auditor is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed in the test host`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  test('prompts/faq.prompty gets a "tokens · $…/call" CodeLens on its first message line', async () => {
    const document = await openFaqPrompt();
    const [firstMessageLine] = messageLines(document);
    assert.notStrictEqual(firstMessageLine, undefined, 'prompts/faq.prompty has no system/user/assistant line');

    const { matching, titles } = await codeLensesMatching(document.uri, costLensTitle, 10000);
    assert.ok(matching.length > 0, `no CodeLens title matches ${costLensTitle}; titles: ${JSON.stringify(titles)}`);
    assert.strictEqual(matching[0].range.start.line, firstMessageLine, `titles: ${JSON.stringify(titles)}`);
  });

  test('prompts/faq.prompty shows the site cost on `system:` and the user message share on `user:`', async () => {
    const document = await openFaqPrompt();
    const [systemLine, userLine] = messageLines(document);
    await codeLensesMatching(document.uri, costLensTitle, 10000);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 1000)) ?? [];
    // gpt-4o-mini: 61 static tokens + 2 placeholders at 50 assumed tokens + chat framing in, 300 capped out.
    assert.deepStrictEqual(
      lenses.map((lens) => ({ line: lens.range.start.line, title: lens.command?.title })),
      [
        { line: systemLine, title: '61 tokens + 2 placeholders · $0.00041/call · $8.28/month · gpt-4o-mini' },
        { line: userLine, title: 'user: 0 tokens + 1 placeholder' },
      ],
    );
  });
});
