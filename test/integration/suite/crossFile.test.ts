// Issue 18 in the real editor: a call whose system prompt is imported from another module counts that prompt's tokens
// once a workspace audit has built the symbol index, and its CodeLens follows edits of the prompt module; a prompt
// built by an imported function counts its template, and the hover links to the lines the model and text came from.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeLenses, extensionApi, openFile, poll, writeWorkspaceFile } from './support';

const PROMPTS = "export const SYSTEM_PROMPT = 'You are a careful assistant. Answer in one short paragraph.';\n";
const CALL = [
  "import OpenAI from 'openai';",
  "import { SYSTEM_PROMPT } from './prompts';",
  '',
  'const client = new OpenAI();',
  '',
  'export async function answer(question: string) {',
  '  return client.chat.completions.create({',
  "    model: 'gpt-4o',",
  '    max_tokens: 300,',
  '    messages: [',
  "      { role: 'system', content: SYSTEM_PROMPT },",
  "      { role: 'user', content: question },",
  '    ],',
  '  });',
  '}',
  '',
].join('\n');

/** The call's lens title up to the model: `12 tokens + 1 placeholder … gpt-4o`, without the prices. */
async function tokensPart(uri: vscode.Uri, expected: string): Promise<string> {
  const part = async () => ((await codeLenses(uri))[0]?.title ?? '').split(' · ')[0];
  return poll(part, (title) => title === expected, 15000);
}

const BUILDERS = [
  "export const CHAT_MODEL = 'gpt-4o-mini';",
  '',
  'export const systemPrompt = (product: string) =>',
  '  `You answer questions about ${product}. Keep every answer under three sentences.`;',
  '',
].join('\n');
const BUILDER_CALL = [
  "import OpenAI from 'openai';",
  "import { CHAT_MODEL, systemPrompt } from './builders';",
  '',
  'const client = new OpenAI();',
  '',
  'export async function ask(product: string, question: string) {',
  '  return client.chat.completions.create({',
  '    model: CHAT_MODEL,',
  '    max_tokens: 200,',
  "    messages: [{ role: 'system', content: systemPrompt(product) }, { role: 'user', content: question }],",
  '  });',
  '}',
  '',
].join('\n');

// A prompt file the call reads beside it (`**/prompts/**/*.md` makes it a prompt file of its own).
const SENT_PROMPT = 'You are the support assistant of Acme.\nAnswer in two sentences and cite the manual section.\n';
const SENDER = [
  'from pathlib import Path',
  '',
  'from openai import OpenAI',
  '',
  'client = OpenAI()',
  'SYSTEM = Path("prompts/system.md").read_text()',
  '',
  '',
  'def answer(question):',
  '    return client.chat.completions.create(',
  '        model="gpt-4.1-mini",',
  '        max_tokens=300,',
  '        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}],',
  '    )',
  '',
].join('\n');

/** Our hover's Markdown on the call (other providers may add hovers of their own). */
async function promptCostHover(uri: vscode.Uri, line: number, character: number): Promise<string> {
  const read = async () => {
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character))) ?? [];
    const content = hovers.flatMap((hover) => hover.contents).find((candidate) => typeof candidate === 'object' && 'value' in candidate && candidate.value.startsWith('**Prompt Cost**')) as vscode.MarkdownString | undefined;
    return content?.value ?? '';
  };
  return poll(read, (markdown) => markdown.includes('prompt text from'), 15000);
}

suite('cross-file prompts', () => {
  test('an imported system prompt counts once the workspace is audited, and the lens follows edits of its module', async function () {
    // Two workspace audits and three lens refreshes.
    this.timeout(90000);
    const api = await extensionApi();
    const prompts = await writeWorkspaceFile('src/ai/prompts.ts', PROMPTS);
    const call = await writeWorkspaceFile('src/ai/answer.ts', CALL);
    try {
      // Not in the index yet: the imported name is a placeholder of unknown text.
      await openFile('src/ai/answer.ts');
      assert.strictEqual(await tokensPart(call, '0 tokens + 2 placeholders'), '0 tokens + 2 placeholders');
      await api.service.auditWorkspace();
      // 12 o200k tokens: "You are a careful assistant. Answer in one short paragraph." (the CLI counts the same).
      assert.strictEqual(await tokensPart(call, '12 tokens + 1 placeholder'), '12 tokens + 1 placeholder');
      const lens = (await codeLenses(call))[0];
      // The cost lens ends with the model (the cap is in the hover since the lens was shortened).
      assert.strictEqual(lens.title?.split(' · ').pop(), 'gpt-4o');
      // Typing in the importing file itself (re-audited incrementally with the index present): the new model is shown
      // and the imported prompt still counts.
      const callEditor = await openFile('src/ai/answer.ts');
      const typing = new vscode.WorkspaceEdit();
      typing.insert(call, callEditor.document.positionAt(callEditor.document.getText().indexOf("'gpt-4o'") + "'gpt-4o".length), '-mini');
      assert.ok(await vscode.workspace.applyEdit(typing));
      const model = async () => (await codeLenses(call))[0]?.title?.split(' · ').pop() ?? '';
      assert.strictEqual(await poll(model, (title) => title === 'gpt-4o-mini', 15000), 'gpt-4o-mini');
      assert.strictEqual(await tokensPart(call, '12 tokens + 1 placeholder'), '12 tokens + 1 placeholder');
      // Edit the prompt module (unsaved): the call in the other file is re-priced from the edited text.
      const editor = await openFile('src/ai/prompts.ts');
      const text = editor.document.getText();
      const start = text.indexOf('one short paragraph.');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(prompts, new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(start + 'one short paragraph.'.length)), 'two short paragraphs and give one worked example.');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.strictEqual(await tokensPart(call, '17 tokens + 1 placeholder'), '17 tokens + 1 placeholder');
      await editor.document.save();
    } finally {
      for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.uri.path.includes('/src/ai/'))) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      await vscode.workspace.fs.delete(prompts);
      await vscode.workspace.fs.delete(call);
      await api.service.auditWorkspace();
    }
  });

  test("a prompt file a call reads shows that call's model and cap and says which call sends it, once the workspace is audited", async function () {
    this.timeout(90000);
    const api = await extensionApi();
    const prompt = await writeWorkspaceFile('src/sent/prompts/system.md', SENT_PROMPT);
    const sender = await writeWorkspaceFile('src/sent/app.py', SENDER);
    try {
      await openFile('src/sent/prompts/system.md');
      const title = async () => (await codeLenses(prompt))[0]?.title ?? '';
      // Alone, the file names no model: the workspace default, no cap.
      assert.strictEqual(await poll(title, (text) => text.endsWith('(default)'), 15000), '19 tokens · $0.00004/call · $0.795/month · gpt-4o-mini (default)');
      await api.service.auditWorkspace();
      // 19 o200k tokens at gpt-4.1-mini, output 60 (the prompt asks for two sentences) within the call's cap of 300; 20,000 calls a month.
      assert.strictEqual(await poll(title, (text) => text.includes('sent by'), 15000), '19 tokens · $0.00011/call · $2.12/month · gpt-4.1-mini · sent by src/sent/app.py:10');
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', prompt, new vscode.Position(0, 4))) ?? [];
      const markdown = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'object' && 'value' in content ? content.value : '')).find((value) => value.startsWith('**Prompt Cost**')) ?? '';
      const target = (line: number) => sender.with({ fragment: `L${line}` }).toString().replace(/[\s()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      assert.ok(markdown.includes(`model: gpt\\-4\\.1\\-mini \\(model of the call that sends it\\) — [src/sent/app\\.py:11](${target(11)})`), markdown);
      assert.ok(markdown.includes(`sent by [src/sent/app\\.py:10](${target(10)}) (its tokens count at that call)`), markdown);
    } finally {
      for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.uri.path.includes('/src/sent/'))) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      await vscode.workspace.fs.delete(prompt);
      await vscode.workspace.fs.delete(sender);
      await api.service.auditWorkspace();
    }
  });

  test('a prompt built by an imported function counts its template; the hover links to the model\'s and the text\'s lines', async function () {
    this.timeout(90000);
    const api = await extensionApi();
    const builders = await writeWorkspaceFile('src/ai/builders.ts', BUILDERS);
    const call = await writeWorkspaceFile('src/ai/ask.ts', BUILDER_CALL);
    try {
      await openFile('src/ai/ask.ts');
      await api.service.auditWorkspace();
      // "You answer questions about " (4) + " Keep every answer under three sentences." … counted around the {product} placeholder.
      const title = await tokensPart(call, '13 tokens + 2 placeholders');
      assert.strictEqual(title, '13 tokens + 2 placeholders');
      const markdown = await promptCostHover(call, 6, 30);
      const target = (line: number) => `${builders.with({ fragment: `L${line}` }).toString().replace(/[\s()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
      assert.ok(markdown.includes(`model: gpt\\-4o\\-mini \\(constant\\) — [src/ai/builders\\.ts:1](${target(1)})`), markdown);
      assert.ok(markdown.includes(`prompt text from [src/ai/builders\\.ts:4](${target(4)})`), markdown);
      // Following the link opens the module at that line (what the hover's link does).
      await vscode.commands.executeCommand('vscode.open', builders.with({ fragment: 'L4' }));
      await poll(async () => vscode.window.activeTextEditor?.document.uri.path ?? '', (path) => path.endsWith('/src/ai/builders.ts'), 10000);
    } finally {
      for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.uri.path.includes('/src/ai/'))) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      await vscode.workspace.fs.delete(builders);
      await vscode.workspace.fs.delete(call);
      await api.service.auditWorkspace();
    }
  });
});
