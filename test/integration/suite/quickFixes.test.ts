import * as assert from 'assert';
import * as vscode from 'vscode';
import { describeDiagnostic, extensionApi, openFile, ourDiagnostics, poll, undoOnce } from './support';

const CONTROL_TITLE = /^(?:Suppress|Disable|Show documentation for) [a-z-]+(?: for this line| in this file| in \.promptcost\.yaml)?$/;

interface FixView {
  title: string;
  preferred: boolean | undefined;
  action: vscode.CodeAction;
}

/** Our quick fixes for the finding of `rule` in the file (waits for the file's diagnostics first). */
async function quickFixes(document: vscode.TextDocument, rule: string): Promise<FixView[]> {
  const diagnostics = await poll(() => ourDiagnostics(document.uri), (found) => found.some((d) => describeDiagnostic(d).code === rule));
  const diagnostic = diagnostics.find((d) => describeDiagnostic(d).code === rule);
  assert.ok(diagnostic, `no ${rule} diagnostic in ${document.uri.path}; found ${JSON.stringify(diagnostics.map(describeDiagnostic))}`);
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  // Asked for quick fixes only; at these ranges no other provider offers one, so the list is exactly ours. The
  // controls every finding gets (suppress, disable, documentation) are checked in controls.test.ts.
  return actions.filter((action) => !CONTROL_TITLE.test(action.title)).map((action) => ({ title: action.title, preferred: action.isPreferred, action }));
}

/** Applies the one fix offered for `rule`, checks the exact resulting text, then checks one undo restores the file. */
async function applyOnlyFix(relativePath: string, rule: string, title: string, expected: (original: string) => string): Promise<void> {
  const editor = await openFile(relativePath);
  const document = editor.document;
  const original = document.getText();
  const fixes = await quickFixes(document, rule);
  assert.deepStrictEqual(fixes.map(({ title: t, preferred }) => ({ title: t, preferred })), [{ title, preferred: true }]);
  const edit = fixes[0].action.edit;
  assert.ok(edit, 'the quick fix carries no edit');
  assert.ok(await vscode.workspace.applyEdit(edit), 'workspace.applyEdit refused the fix');
  const wanted = expected(original);
  assert.notStrictEqual(wanted, original, 'the expected text must differ from the original');
  assert.strictEqual(document.getText(), wanted);
  await undoOnce(document, original);
}

/** `text` with `search` replaced once, failing when `search` is not there exactly once. */
function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  assert.ok(at >= 0 && text.indexOf(search, at + 1) < 0, `expected exactly one ${JSON.stringify(search)}`);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

suite('quick fixes', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test('support_bot.py unbounded-output: "Add max_completion_tokens: 1024" inserts the argument after model=', async () => {
    await applyOnlyFix('src/support_bot.py', 'unbounded-output', 'Add max_completion_tokens: 1024', (text) =>
      replaceOnce(text, '        model="gpt-4o",\n', '        model="gpt-4o",\n        max_completion_tokens=1024,\n'));
  });

  test('support_bot.py cache-prefix-broken: moves "Today is {today}." from the start to the end of the system prompt', async () => {
    await applyOnlyFix('src/support_bot.py', 'cache-prefix-broken', 'Move "Today is {today}." to the end of the message', (text) => {
      const moved = replaceOnce(text, 'system_prompt = f"""Today is {today}.\nYou are the support assistant', 'system_prompt = f"""You are the support assistant');
      return replaceOnce(moved, 'are escalated straight away.\n"""', 'are escalated straight away.\nToday is {today}.\n"""');
    });
  });

  test('summarize.prompt.yml redundant-instruction: removes " Keep it short." after "Be concise."', async () => {
    await applyOnlyFix('prompts/summarize.prompt.yml', 'redundant-instruction', 'Remove the repeated sentence "Keep it short."', (text) =>
      replaceOnce(text, '      Be concise. Keep it short.\n', '      Be concise.\n'));
  });

  test('summarize.prompt.yml unbounded-output: adds maxTokens: 256 (twice the three bullet points asked for) as the last key of modelParameters', async () => {
    await applyOnlyFix('prompts/summarize.prompt.yml', 'unbounded-output', 'Add modelParameters.maxTokens: 256', (text) =>
      replaceOnce(text, 'modelParameters:\n  temperature: 0.3\n', 'modelParameters:\n  temperature: 0.3\n  maxTokens: 256\n'));
  });

  test("classify.ts model-overkill: replaces 'gpt-4o' by 'gpt-4o-mini'", async () => {
    await applyOnlyFix('src/classify.ts', 'model-overkill', 'Use gpt-4o-mini', (text) => replaceOnce(text, "model: 'gpt-4o',", "model: 'gpt-4o-mini',"));
  });

  test('classify.ts redundant-instruction: removes " Keep it short." from the string literal', async () => {
    await applyOnlyFix('src/classify.ts', 'redundant-instruction', 'Remove the repeated sentence "Keep it short."', (text) =>
      replaceOnce(text, "negative or neutral. Be concise. Keep it short.',", "negative or neutral. Be concise.',"));
  });

  test('agent.ts output-cap-too-high: a cap equal to the maximum (64000) has no fix; one above it (100000) is lowered to 64000', async () => {
    const editor = await openFile('src/agent.ts');
    const document = editor.document;
    const original = document.getText();
    // 64000 is claude-sonnet-4-5's maximum: the rule warns that it caps nothing, but has no better number to offer.
    assert.deepStrictEqual((await quickFixes(document, 'output-cap-too-high')).map((fix) => fix.title), []);
    const raise = new vscode.WorkspaceEdit();
    raise.replace(document.uri, new vscode.Range(9, 16, 9, 21), '100000');
    assert.ok(await vscode.workspace.applyEdit(raise));
    const raised = document.getText();
    assert.strictEqual(raised, replaceOnce(original, 'max_tokens: 64000,', 'max_tokens: 100000,'));
    try {
      await poll(() => ourDiagnostics(document.uri).map((d) => d.message), (messages) => messages.some((m) => m.startsWith('max_tokens 100,000 exceeds')));
      await applyOnlyFix('src/agent.ts', 'output-cap-too-high', 'Lower the cap to 64,000 (the model maximum)', (text) => replaceOnce(text, 'max_tokens: 100000,', 'max_tokens: 64000,'));
      assert.strictEqual(document.getText(), raised);
    } finally {
      await undoOnce(document, original);
    }
  });

  test('a fix is offered only at its finding: the first line of support_bot.py has no prompt-cost quick fix', async () => {
    const editor = await openFile('src/support_bot.py');
    await poll(() => ourDiagnostics(editor.document.uri), (found) => found.length === 2);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(0, 0, 0, 5), vscode.CodeActionKind.QuickFix.value)) ?? [];
    assert.deepStrictEqual(actions.map((a) => a.title), []);
  });
});
