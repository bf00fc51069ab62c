import * as assert from 'assert';
import * as vscode from 'vscode';
import { describeDiagnostic, extensionApi, nextReload, openFile, poll, readWorkspaceFile, workspaceFile, writeWorkspaceFile } from './support';

suite('language and schema support', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test('.prompty files open as the Prompty language, not Plain Text', async () => {
    const editor = await openFile('prompts/faq.prompty');
    assert.strictEqual(editor.document.languageId, 'prompty');
    const languages = await vscode.languages.getLanguages();
    assert.ok(languages.includes('prompty'));
  });

  test('Toggle Block Comment in a prompty body writes a Jinja comment {# … #} (the language configuration)', async () => {
    const editor = await openFile('prompts/faq.prompty');
    const document = editor.document;
    const original = document.getText();
    const line = document.lineAt(28); // "Keep answers under 120 words and use plain language."
    assert.strictEqual(line.text, 'Keep answers under 120 words and use plain language.');
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    await vscode.commands.executeCommand('editor.action.blockComment');
    const commented = await poll(() => document.lineAt(28).text, (text) => text !== line.text, 3000);
    assert.strictEqual(commented, '{# Keep answers under 120 words and use plain language. #}');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(document.getText(), original);
  });

  test('Toggle Line Comment in the front matter writes a YAML comment (the front matter is embedded YAML)', async () => {
    const editor = await openFile('prompts/faq.prompty');
    const document = editor.document;
    const original = document.getText();
    assert.strictEqual(document.lineAt(1).text, 'name: FAQ Answerer');
    editor.selection = new vscode.Selection(1, 3, 1, 3);
    // The grammar tokenizes in the background; the comment toggle reads the embedded language from the tokens.
    const commented = await poll(async () => {
      await vscode.commands.executeCommand('editor.action.commentLine');
      const text = document.lineAt(1).text;
      if (text !== '# name: FAQ Answerer' && text !== 'name: FAQ Answerer') await vscode.commands.executeCommand('undo');
      return text;
    }, (text) => text === '# name: FAQ Answerer', 15000);
    assert.strictEqual(commented, '# name: FAQ Answerer');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(document.getText(), original);
  });

  test('.promptcost.yaml without the YAML extension: unknown keys, mistyped rule ids and severities, unknown model ids are diagnostics with did-you-mean', async () => {
    const api = await extensionApi();
    assert.strictEqual(vscode.extensions.getExtension('redhat.vscode-yaml'), undefined, 'this test is about the host without the YAML extension');
    const original = await readWorkspaceFile('.promptcost.yaml');
    const configUri = workspaceFile('.promptcost.yaml');
    const text = [
      'compareModels: [gpt-4o-mnii, gpt-4o]',
      'complareModels: [gpt-4o]',
      'rules:',
      '  model-overkil: warning',
      '  unbounded-output: warnig',
      'callsPerMonth: 20000',
      '',
    ].join('\n');
    try {
      const reloaded = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', text);
      await reloaded;
      await api.service.session();
      const diagnostics = await poll(
        () => vscode.languages.getDiagnostics(configUri).filter((diagnostic) => diagnostic.source === 'prompt-cost'),
        (found) => found.length >= 4,
      );
      assert.deepStrictEqual(diagnostics.map(describeDiagnostic).sort((a, b) => a.range[0] - b.range[0]).map(({ range, severity, message }) => ({ range, severity, message })), [
        { range: [0, 16, 0, 27], severity: 'Warning', message: 'unknown model "gpt-4o-mnii" in compareModels (did you mean "gpt-4o-mini"?); its sites are unpriced' },
        { range: [1, 0, 1, 14], severity: 'Warning', message: 'unknown setting "complareModels" (did you mean "compareModels"?)' },
        { range: [3, 2, 3, 15], severity: 'Warning', message: 'unknown rule "model-overkil" (did you mean "model-overkill"?); ignored' },
        { range: [4, 20, 4, 26], severity: 'Error', message: 'rule unbounded-output: severity must be one of error, warning, information, hint, off (did you mean "warning"?)' },
      ]);
    } finally {
      const restored = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', original);
      await restored.catch(() => undefined);
    }
    const cleared = await poll(() => vscode.languages.getDiagnostics(configUri).filter((diagnostic) => diagnostic.source === 'prompt-cost'), (found) => found.length === 0);
    assert.deepStrictEqual(cleared.map((diagnostic) => diagnostic.message), []);
  });

  test('the extension contributes its .promptcost.yaml schema to the YAML extension, and the schema file is shipped', async () => {
    const extension = vscode.extensions.getExtension('prompt-cost.prompt-cost-auditor');
    assert.ok(extension);
    const contributed = extension.packageJSON.contributes.yamlValidation as Array<{ fileMatch: string; url: string }>;
    assert.deepStrictEqual(contributed, [{ fileMatch: '.promptcost.yaml', url: './schemas/promptcost.schema.json' }]);
    const schema = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'schemas', 'promptcost.schema.json'))));
    assert.strictEqual(schema.properties.rules.properties['model-overkill'].enum.join(','), 'error,warning,information,hint,off');
  });
});
