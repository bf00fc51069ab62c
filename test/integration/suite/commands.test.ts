import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AuditReport } from '../../../src/core/report/model';
import { renderMarkdown } from '../../../src/core/report/markdown';
import { renderCsv } from '../../../src/core/report/csv';
import { CONFIG_TEMPLATE, comparisonItems } from '../../../src/editor/commands';
import { codeLenses, coreWorkspaceAudit, extensionApi, nextReload, openFile, ourDiagnostics, poll, readWorkspaceFile, sampleSiteFiles, sleep, workspaceFile, writeWorkspaceFile } from './support';

/** Runs a command that shows a QuickPick, moves the selection down `next` rows, accepts it, returns the command's result. */
async function pickInQuickPick<T>(command: string, args: unknown[], next: number): Promise<T> {
  const running = vscode.commands.executeCommand<T>(command, ...args);
  let settled = false;
  void running.then(() => (settled = true), () => (settled = true));
  // The command audits before it opens the pick; the audit is cached by now, so a second is plenty.
  await sleep(1000);
  for (let i = 0; i < next; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  for (let attempt = 0; attempt < 30 && !settled; attempt++) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await sleep(100);
  }
  return running;
}

suite('commands', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test('Audit Workspace returns the report: 9 sites in 9 files, $2,881.77/month expected ($80,905.38 worst case), 8 warnings, the same as the core', async () => {
    const report = await vscode.commands.executeCommand<AuditReport>('promptCost.auditWorkspace');
    assert.ok(report, 'the command returned no report');
    assert.deepStrictEqual(report.summary, {
      files: 9,
      sites: 9,
      unpricedSites: 0,
      expectedMonthlyUsd: 2881.774,
      worstCaseMonthlyUsd: 80905.378,
      callsPerMonth: 20000,
      findingsBySeverity: { error: 0, warning: 8, information: 0, hint: 0 },
    });
    const core = await coreWorkspaceAudit();
    assert.deepStrictEqual(report.summary, core.report.summary);
    assert.deepStrictEqual(report.sites, core.report.sites);
    assert.deepStrictEqual(report.findings, core.report.findings);
    // The command also opens the Markdown report: a read-only virtual document (reports.test.ts pins how it behaves).
    const shown = vscode.workspace.textDocuments.find((document) => document.uri.toString() === 'prompt-cost-report:/Prompt%20Cost%20Audit.md');
    assert.strictEqual(shown?.languageId, 'markdown');
    assert.strictEqual(shown?.getText(), renderMarkdown(report));
    // Problems lists every file with findings, open or not, with the report's counts and lines.
    for (const file of new Set(report.findings.map((finding) => finding.file))) {
      const expected = report.findings.filter((finding) => finding.file === file).map((finding) => `${finding.line}:${finding.rule}`);
      const published = await poll(
        () => ourDiagnostics(workspaceFile(file)).map((d) => `${d.range.start.line + 1}:${typeof d.code === 'object' ? d.code.value : d.code}`),
        (lines) => lines.length === expected.length,
      );
      assert.deepStrictEqual(published.sort(), expected.sort(), file);
    }
  });

  test('a workspace audit audits the files it has no audit of in a worker beside the extension host, with the core\'s figures; a second one takes them all from the cache', async () => {
    const api = await extensionApi();
    // A file no editor has open (earlier suites leave the sample's files open, and their lenses audit them on the host).
    const probe = 'prompts/worker-probe.txt';
    await writeWorkspaceFile(probe, 'You are a support agent for Acme. Answer in two sentences and cite the manual.\n');
    try {
      // A reloaded session makes every cached audit stale (open documents may be audited again at once, by their lenses).
      const reloaded = nextReload(api);
      api.service.sessions.invalidate('test: every file is audited again');
      await reloaded;
      const first = await api.service.auditWorkspace();
      const files = first.audit.documents.length;
      assert.ok(first.audit.documents.some((document) => document.file === probe));
      assert.strictEqual(first.places.workerFailure, undefined);
      assert.strictEqual(first.places.inThread, 0);
      assert.ok(first.places.worker, 'no worker was asked');
      assert.ok(first.places.inWorker > 0, `no file was audited in a worker: ${JSON.stringify(first.places)}`);
      assert.strictEqual(first.places.cached + first.places.inWorker, files);
      const core = await coreWorkspaceAudit([...sampleSiteFiles, probe]);
      assert.deepStrictEqual(first.report.summary, core.report.summary);
      assert.deepStrictEqual(first.report.sites, core.report.sites);
      assert.deepStrictEqual(first.report.findings, core.report.findings);
      const second = await api.service.auditWorkspace();
      assert.deepStrictEqual(second.places, { cached: files, inWorker: 0, inThread: 0 });
      assert.deepStrictEqual(second.report, first.report);
      // An edited file: audited by the worker the first audit kept (its encoders and grammars loaded), as the core does.
      await writeWorkspaceFile(probe, 'You are a support agent for Acme. Answer in three sentences and cite the manual.\n');
      const third = await api.service.auditWorkspace();
      assert.deepStrictEqual(third.places, { cached: files - 1, inWorker: 1, inThread: 0, worker: 'kept' });
      assert.deepStrictEqual(third.report.sites, (await coreWorkspaceAudit([...sampleSiteFiles, probe])).report.sites);
    } finally {
      await vscode.workspace.fs.delete(workspaceFile(probe));
    }
  });

  test('Export Report writes Markdown, JSON and CSV equal to the core renderers on the same audit', async () => {
    const core = await coreWorkspaceAudit();
    const expected = {
      markdown: renderMarkdown(core.report),
      json: JSON.stringify(core.report, null, 2) + '\n',
      csv: renderCsv(core.report),
    };
    for (const [format, extension] of [['markdown', 'md'], ['json', 'json'], ['csv', 'csv']] as const) {
      const target = workspaceFile(`exports/report.${extension}`);
      const written = await vscode.commands.executeCommand<vscode.Uri>('promptCost.exportReport', format, target);
      assert.strictEqual(written?.toString(), target.toString());
      assert.strictEqual(await readWorkspaceFile(`exports/report.${extension}`), expected[format], format);
    }
    // Literal lines of the golden report (test/fixtures/sample-workspace.expected.md), so the check is not only core = core.
    const markdownLines = expected.markdown.split('\n');
    assert.ok(markdownLines.includes('| 9 | 9 | 0 | $2,882 | $80,905 | 0 | 8 | 0 |'), expected.markdown);
    assert.ok(markdownLines.includes('| src/support_bot.py | 94 | call | gpt-4o | 1,511 + 70 assumed | none | 400 (typical) | $0.008 | $2,393 | $0.1678 | $50,345 |'));
    // CSV rows end in CRLF (RFC 4180).
    assert.strictEqual(expected.csv.split('\r\n')[0], 'file,line,kind,provider,api,model,pricedModel,maxOutputTokens,staticTokens,exact,assumedDynamicTokens,outputTokens,outputBasis,worstCaseOutputTokens,costPerCallUsd,costPerMonthUsd,worstCasePerCallUsd,worstCasePerMonthUsd,findings');
    await vscode.workspace.fs.delete(workspaceFile('exports'), { recursive: true });
  });

  test('Compare Models: accepting the cheapest row (gpt-4o-mini) replaces gpt-4o in src/classify.ts through an undoable edit', async () => {
    const editor = await openFile('src/classify.ts');
    const document = editor.document;
    const original = document.getText();
    const offset = original.indexOf('openai.chat.completions.create');
    const picked = await pickInQuickPick<string | undefined>('promptCost.compareModels', [document.uri, offset], 0);
    assert.strictEqual(picked, 'gpt-4o-mini');
    assert.strictEqual(document.getText(), original.replace("model: 'gpt-4o',", "model: 'gpt-4o-mini',"));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(document.getText(), original);
  });

  test('Compare Models: the second row for prompts/faq.prompty is gemini-2.5-flash and becomes the model id', async () => {
    const editor = await openFile('prompts/faq.prompty');
    const document = editor.document;
    const original = document.getText();
    const picked = await pickInQuickPick<string | undefined>('promptCost.compareModels', [document.uri, 407], 1);
    assert.strictEqual(picked, 'gemini-2.5-flash');
    assert.strictEqual(document.getText(), original.replace('  id: gpt-4o-mini\n', '  id: gemini-2.5-flash\n'));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(document.getText(), original);
  });

  test('Compare Models asks before it edits: picking gpt-4o-mini, then "Keep gpt-4o", leaves src/classify.ts unchanged', async () => {
    const editor = await openFile('src/classify.ts');
    const document = editor.document;
    const original = document.getText();
    const running = vscode.commands.executeCommand<string | undefined>('promptCost.compareModels', document.uri, original.indexOf('openai.chat.completions.create'));
    await sleep(1000);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // gpt-4o-mini, the cheapest row
    await sleep(700);
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext'); // "Keep gpt-4o"
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.strictEqual(await running, undefined);
    assert.strictEqual(document.getText(), original);
  });

  test('Compare Models marks the current model, and "Show all catalog models" offers every catalog model, cheapest first', async () => {
    const api = await extensionApi();
    const editor = await openFile('src/classify.ts');
    const audit = await api.service.auditTextDocument(editor.document);
    const audited = audit!.sites[0];
    const { context } = await api.service.session();
    const rows = comparisonItems(audited, ['gpt-4o-mini', 'gpt-4o'], context.catalog, context.config);
    assert.deepStrictEqual(rows.map((row) => row.label), ['gpt-4o-mini', '$(check) gpt-4o']);
    assert.ok(String(rows[1].description).startsWith('current · $0.00028/call'), rows[1].description);
    // The full list: the command's second page, whose first row is the catalog's cheapest model for this call.
    const everything = comparisonItems(audited, context.catalog.models.map((entry) => entry.id), context.catalog, context.config);
    assert.strictEqual(everything.length, context.catalog.models.length);
    const document = editor.document;
    const original = document.getText();
    const running = vscode.commands.executeCommand<string | undefined>('promptCost.compareModels', document.uri, original.indexOf('openai.chat.completions.create'));
    await sleep(1000);
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectPrevious'); // wraps to the last row: Show all …
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await sleep(700);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // the cheapest catalog model
    await sleep(700);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // "Replace gpt-4o with …"
    const picked = await running;
    assert.strictEqual(picked, everything[0].model);
    assert.notStrictEqual(picked, 'gpt-4o-mini', 'the cheapest catalog model should not be one of the compared ones for this check to mean anything');
    assert.strictEqual(document.getText(), original.replace("model: 'gpt-4o',", `model: '${picked}',`));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(document.getText(), original);
  });

  test('the promptCost.siteAtCursor context key follows the cursor: on the call, then off it', async () => {
    const api = await extensionApi();
    const editor = await openFile('src/classify.ts');
    const text = editor.document.getText();
    const onCall = editor.document.positionAt(text.indexOf('openai.chat.completions.create') + 3);
    editor.selection = new vscode.Selection(onCall, onCall);
    assert.strictEqual(await poll(() => api.cursorContext.siteAtCursor, (value) => value === true, 5000), true);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.strictEqual(await poll(() => api.cursorContext.siteAtCursor, (value) => value === false, 5000), false);
    // The palette and the editor's context menu show the cursor commands only under that key.
    const menus = vscode.extensions.getExtension('prompt-cost.prompt-cost-auditor')!.packageJSON.contributes.menus;
    for (const command of ['promptCost.compareModels', 'promptCost.simulateCache']) {
      assert.strictEqual(menus.commandPalette.find((entry: { command: string }) => entry.command === command)?.when, 'promptCost.siteAtCursor', command);
      assert.strictEqual(menus['editor/context'].find((entry: { command: string }) => entry.command === command)?.when, 'promptCost.siteAtCursor', command);
    }
  });

  test('Simulate Cache Layout on src/support_bot.py returns the layout with the row that breaks the prefix', async () => {
    const editor = await openFile('src/support_bot.py');
    const markdown = await vscode.commands.executeCommand<string>('promptCost.simulateCache', editor.document.uri, editor.document.getText().indexOf('client.chat'));
    assert.ok(markdown, 'the command returned nothing');
    const lines = markdown.split('\n');
    assert.deepStrictEqual(lines.slice(0, 5), [
      '# Cache layout — src/support_bot.py:94',
      '',
      'Model: gpt-4o · provider openai · automatic caching · minimum 1,024 tokens',
      '',
      '**cache: broken at line 11**',
    ]);
    assert.ok(lines.includes('| # | Role | Segment | Tokens | Running total | Cached |'), markdown);
    assert.deepStrictEqual(lines.filter((line) => line.includes('breaks the prefix')), ['| 3 | system | {today} | ~10 | 16 | no · **breaks the prefix** |'], markdown);
  });

  test('Select Models with arguments stores promptCost.compareModels for the workspace and warns that the config file wins', async () => {
    const chosen = await vscode.commands.executeCommand<string[]>('promptCost.selectModels', ['gpt-4.1', 'gpt-4o']);
    try {
      assert.deepStrictEqual(chosen, ['gpt-4.1', 'gpt-4o']);
      assert.deepStrictEqual(vscode.workspace.getConfiguration('promptCost').inspect('compareModels')?.workspaceValue, ['gpt-4.1', 'gpt-4o']);
      // .promptcost.yaml sets compareModels, so the default model of prompts that name none stays gpt-4o-mini.
      const editor = await openFile('prompts/classifier.txt');
      const api = await extensionApi();
      const audit = await api.service.auditTextDocument(editor.document);
      assert.strictEqual(audit?.sites[0].modelId, 'gpt-4o-mini');
    } finally {
      await vscode.workspace.getConfiguration('promptCost').update('compareModels', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Import LiteLLM prices a model that only the imported file knows (acme-chat-1)', async () => {
    const api = await extensionApi();
    const promptUri = await writeWorkspaceFile('prompts/acme.prompty', [
      '---',
      'name: Acme',
      'model:',
      '  api: chat',
      '  configuration:',
      '    type: openai',
      '    name: acme-chat-1',
      '  parameters:',
      '    max_tokens: 100',
      '---',
      'system:',
      'You answer questions about Acme products in one short paragraph.',
      '',
    ].join('\n'));
    let litellm: vscode.Uri | undefined;
    try {
      await openFile('prompts/acme.prompty');
      // The cost lens (the one that opens Compare Models); the cap is in the hover since the lens was shortened.
      const costLens = (lenses: Awaited<ReturnType<typeof codeLenses>>) => lenses.filter((lens) => lens.command === 'promptCost.compareModels');
      const before = costLens(await poll(() => codeLenses(promptUri), (lenses) => costLens(lenses).length > 0));
      assert.deepStrictEqual(before.map((lens) => lens.title), ['~12 tokens · unpriced · acme-chat-1 (unpriced)']);
      litellm = await writeWorkspaceFile('prices/litellm.json', JSON.stringify({
        'acme-chat-1': { mode: 'chat', litellm_provider: 'openai', input_cost_per_token: 0.000002, output_cost_per_token: 0.000008, max_input_tokens: 128000, max_output_tokens: 4096 },
        'acme-embed-1': { mode: 'embedding', litellm_provider: 'openai', input_cost_per_token: 0.0000001, max_input_tokens: 8192 },
      }));
      const reloaded = nextReload(api);
      assert.strictEqual(await vscode.commands.executeCommand('promptCost.importLiteLLM', litellm), 1);
      await reloaded;
      // The imported model has no exact tokenizer, so the count becomes an estimate; "one short paragraph" (100 tokens, = the cap) out at $8/M dominates.
      const after = costLens(await poll(() => codeLenses(promptUri), (lenses) => costLens(lenses).length > 0 && !String(costLens(lenses)[0].title).includes('unpriced')));
      // Per call $0.000838 (19 input tokens with framing at $2/M + 100 output at $8/M) × 20,000 calls (.promptcost.yaml) = $16.76.
      assert.deepStrictEqual(after.map((lens) => lens.title), ['~13 tokens · $0.00084/call · $16.76/month · acme-chat-1']);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(promptUri);
      // Later suites start from the workspace as it was: no imported price file (it would be read by every session).
      if (litellm) {
        // Not imported (the test failed before): no reload comes, and waiting for one would hide the failure.
        const restored = nextReload(api);
        if (await api.service.sessions.removeLiteLLMFile(litellm)) await restored;
        else restored.catch(() => undefined);
        await vscode.workspace.fs.delete(litellm);
      }
    }
  });

  test('Update Prices fetches nothing for an address that is not http(s) and says what stays in use', async () => {
    const message = await vscode.commands.executeCommand('promptCost.updatePrices', 'file:///etc/prices.json');
    assert.strictEqual(message, 'Prompt Cost: price update failed: file:///etc/prices.json is not an http(s) address; the bundled catalog stays in use.');
  });

  test('Open or Create .promptcost.yaml creates the commented template when the file is missing, and opens it', async () => {
    const api = await extensionApi();
    const original = await readWorkspaceFile('.promptcost.yaml');
    const configUri = workspaceFile('.promptcost.yaml');
    const deleted = nextReload(api);
    await vscode.workspace.fs.delete(configUri);
    await deleted;
    try {
      const opened = await vscode.commands.executeCommand<vscode.Uri>('promptCost.openConfig');
      assert.strictEqual(opened?.toString(), configUri.toString());
      const created = await readWorkspaceFile('.promptcost.yaml');
      assert.strictEqual(created, CONFIG_TEMPLATE);
      assert.strictEqual(created.split('\n')[0], '# Prompt Cost Auditor configuration (shared by the VS Code extension and the prompt-cost CLI).');
      assert.ok(created.includes('\ncompareModels: [gpt-4o-mini, gpt-4o, claude-sonnet-4-5, gemini-2.5-flash]\n'));
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), configUri.toString());
      // An existing file is opened, not overwritten.
      await writeWorkspaceFile('.promptcost.yaml', original);
      await vscode.commands.executeCommand('promptCost.openConfig');
      assert.strictEqual(await readWorkspaceFile('.promptcost.yaml'), original);
    } finally {
      const restored = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', original);
      await restored.catch(() => undefined);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    const report = await vscode.commands.executeCommand<AuditReport>('promptCost.auditWorkspace');
    assert.strictEqual(report?.summary.expectedMonthlyUsd, 2881.774);
  });

  test('a setting changed while a workspace audit runs: the audits the worker made with the old session are not served under the new one', async () => {
    const api = await extensionApi();
    // A file no editor has open, so the workspace audit's worker audits it; its two repeats are a redundant-instruction finding.
    const probe = 'prompts/stale-session-probe.txt';
    const text = 'Always answer in valid JSON only. Always answer in valid JSON only.\n';
    await writeWorkspaceFile(probe, text);
    const settings = () => vscode.workspace.getConfiguration('promptCost');
    try {
      const reloaded = nextReload(api);
      api.service.sessions.invalidate('test: every file is audited again');
      await reloaded;
      // The audit takes the current session, then the setting lands while it lists, reads and indexes the files.
      const audited = api.service.auditWorkspace();
      const changed = nextReload(api);
      await settings().update('rules', { 'redundant-instruction': 'off' }, vscode.ConfigurationTarget.Workspace);
      await changed;
      const first = await audited;
      assert.ok(first.places.inWorker > 0, `no file was audited in a worker: ${JSON.stringify(first.places)}`);
      // The audit was made with the session it started with (the rule on).
      assert.deepStrictEqual(first.audit.documents.find((document) => document.file === probe)?.findings.map((finding) => finding.rule), ['redundant-instruction']);
      // Under the new session the rule is off: the probe's audit must say so, not the old session's finding.
      const now = await api.service.documents.auditTextAsScanned(probe, text);
      assert.deepStrictEqual(now.findings.map((finding) => finding.rule), []);
    } finally {
      const restored = nextReload(api);
      await settings().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      await restored.catch(() => undefined);
      await vscode.workspace.fs.delete(workspaceFile(probe));
    }
  });
});
