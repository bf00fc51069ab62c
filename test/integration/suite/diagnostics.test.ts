import * as assert from 'assert';
import * as vscode from 'vscode';
import { describeDiagnostic, extensionApi, nextReload, openFile, ourDiagnostics, poll, readWorkspaceFile, writeWorkspaceFile, type DiagnosticView } from './support';

const docs = 'https://github.com/prompt-cost/prompt-cost-auditor/blob/main/README.md#rule-';

/** Diagnostics are published after a debounced audit: wait until the file's set has the expected size. */
async function diagnosticsOf(relativePath: string, count: number): Promise<DiagnosticView[]> {
  const editor = await openFile(relativePath);
  const diagnostics = await poll(() => ourDiagnostics(editor.document.uri), (found) => found.length === count);
  return diagnostics.map(describeDiagnostic);
}

const classifyFindings: DiagnosticView[] = [
  { range: [9, 11, 9, 19], severity: 'Warning', code: 'model-overkill', message: 'gpt-4o-mini is 16.7× cheaper than gpt-4o for this short answer: $5.26/month less at 20,000 calls (one word, label only, cap 5). gpt-4o-mini: OpenAI model page: "a fast, affordable small model for focused tasks". Verify on a sample of real inputs before switching.' },
  { range: [16, 81, 16, 95], severity: 'Warning', code: 'redundant-instruction', message: 'Repeats the brevity instruction of line 17 ("Be concise."); keep line 17, remove this one: 4 tokens per call, $0.20/month at 20,000 calls.' },
];

suite('diagnostics', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test('src/support_bot.py: cache-prefix-broken at {today} on line 11 and unbounded-output at the call on line 94', async () => {
    assert.deepStrictEqual(await diagnosticsOf('src/support_bot.py', 2), [
      { range: [10, 33, 10, 40], severity: 'Warning', code: 'cache-prefix-broken', message: 'Prompt cache broken by {today}: 1,508 static tokens after it miss the cache on every call; moving it after the static text would cache 1,408 tokens, saving $475.20/month at 300,000 calls.' },
      { range: [93, 15, 93, 45], severity: 'Warning', code: 'unbounded-output', message: "No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.1678 per call ($50,345/month at 300,000 calls), against $0.008 expected; a 1,024-token cap removes $46,080/month of it." },
    ]);
  });

  test('src/classify.ts: model-overkill (warning from .promptcost.yaml) on the model and redundant-instruction on "Keep it short."', async () => {
    assert.deepStrictEqual(await diagnosticsOf('src/classify.ts', 2), classifyFindings);
  });

  test('src/agent.ts: output-cap-too-high on 64000 and cache-breakpoint-ineffective on cache_control', async () => {
    assert.deepStrictEqual(await diagnosticsOf('src/agent.ts', 2), [
      { range: [9, 16, 9, 21], severity: 'Warning', code: 'output-cap-too-high', message: "max_tokens 64,000 is claude-sonnet-4-5's maximum output, so it caps nothing: worst case $0.9661 per call ($19,323/month at 20,000 calls), against $0.0121 expected; a 1,024-token cap removes $18,893/month of it." },
      { range: [14, 8, 14, 21], severity: 'Warning', code: 'cache-breakpoint-ineffective', message: 'cache_control breakpoint after dynamic content (${customerTier}): its prefix differs on every call, so it never hits.' },
    ]);
  });

  test('prompts/summarize.prompt.yml: unbounded-output on the model line and redundant-instruction on line 11', async () => {
    assert.deepStrictEqual(await diagnosticsOf('prompts/summarize.prompt.yml', 2), [
      { range: [2, 0, 2, 21], severity: 'Warning', code: 'unbounded-output', message: "No output cap: a reply can run to gpt-4.1's 32,768-token maximum: worst case $0.2663 per call ($5,325/month at 20,000 calls), against $0.0047 expected; a 256-token cap removes $5,202/month of it." },
      { range: [10, 18, 10, 32], severity: 'Warning', code: 'redundant-instruction', message: 'Repeats the brevity instruction of line 11 ("Be concise."); keep line 11, remove this one: 4 tokens per call, $0.16/month at 20,000 calls.' },
    ]);
  });

  test('files without findings get no prompt-cost diagnostics (faq, classifier, style guide, welcome email, review prompt)', async () => {
    // support_bot.py is audited first so that an empty list below is a finished audit, not a pending one.
    await diagnosticsOf('src/support_bot.py', 2);
    for (const file of ['prompts/faq.prompty', 'prompts/classifier.txt', 'prompts/style-guide.md', 'prompts/welcome_email.jinja', '.github/prompts/review.prompt.md']) {
      const editor = await openFile(file);
      const api = await extensionApi();
      const published = await api.diagnostics.update(editor.document);
      assert.deepStrictEqual(published.map((d) => describeDiagnostic(d)), [], file);
      assert.deepStrictEqual(ourDiagnostics(editor.document.uri).map(describeDiagnostic), [], file);
    }
  });

  test("every diagnostic has source 'prompt-cost' and a code linking to the rule's README section", async () => {
    const editor = await openFile('src/agent.ts');
    const diagnostics = await poll(() => ourDiagnostics(editor.document.uri), (found) => found.length === 2);
    assert.deepStrictEqual(
      diagnostics.map((d) => ({ source: d.source, code: typeof d.code === 'object' ? { value: d.code.value, target: d.code.target.toString(true) } : d.code })),
      [
        { source: 'prompt-cost', code: { value: 'output-cap-too-high', target: `${docs}output-cap-too-high` } },
        { source: 'prompt-cost', code: { value: 'cache-breakpoint-ineffective', target: `${docs}cache-breakpoint-ineffective` } },
      ],
    );
  });

  test('rules in .promptcost.yaml change severities (model-overkill: error) and turn rules off (redundant-instruction: off)', async () => {
    const api = await extensionApi();
    const original = await readWorkspaceFile('.promptcost.yaml');
    const editor = await openFile('src/classify.ts');
    const uri = editor.document.uri;
    await poll(() => ourDiagnostics(uri), (found) => found.length === 2);
    try {
      const reloaded = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', original.replace('  model-overkill: warning\n', '  model-overkill: error\n  redundant-instruction: off\n'));
      await reloaded;
      const changed = await poll(() => ourDiagnostics(uri).map(describeDiagnostic), (found) => found.length === 1 && found[0].severity === 'Error');
      assert.deepStrictEqual(changed, [{ ...classifyFindings[0], severity: 'Error' }]);
    } finally {
      const restored = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', original);
      await restored;
    }
    assert.deepStrictEqual(await poll(() => ourDiagnostics(uri).map(describeDiagnostic), (found) => found.length === 2), classifyFindings);
  });

  test('a `# prompt-cost-ignore-next-line unbounded-output` comment above the call removes only that finding', async () => {
    const editor = await openFile('src/support_bot.py');
    const document = editor.document;
    const original = document.getText();
    await poll(() => ourDiagnostics(document.uri), (found) => found.length === 2);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(93, 0), '    # prompt-cost-ignore-next-line unbounded-output\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const suppressed = await poll(() => ourDiagnostics(document.uri).map(describeDiagnostic), (found) => found.length === 1);
      assert.deepStrictEqual(suppressed.map((d) => [d.code, d.range]), [['cache-prefix-broken', [10, 33, 10, 40]]]);
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
    }
    assert.strictEqual(document.getText(), original);
    const back = await poll(() => ourDiagnostics(document.uri).map(describeDiagnostic), (found) => found.length === 2);
    assert.deepStrictEqual(back.map((d) => d.code), ['cache-prefix-broken', 'unbounded-output']);
  });
});
