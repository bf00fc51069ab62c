// Stale state and boundaries: deleted files leave Problems, cancelled audits are not reports, the panel reveals only
// its sites, `.promptcost.yaml` promptGlobs reach the editor, Toggle CodeLens writes where the value comes from.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { AuditWorkers } from '../../../src/editor/workspaceWorker';
import type { AuditWorkerPort } from '../../../src/core/auditWorkers';
import { auditDocument, type DocumentAudit } from '../../../src/core/audit';
import { codeLenses, extensionApi, nextReload, openFile, ourDiagnostics, poll, readWorkspaceFile, workspaceFile, writeWorkspaceFile } from './support';

const UNCAPPED_PROMPT = [
  'name: Orphan',
  'model: openai/gpt-4.1',
  'messages:',
  '  - role: user',
  '    content: Summarise the ticket in three bullet points.',
  '',
].join('\n');

suite('lifecycle', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test('a closed file deleted after a workspace audit loses its prompt-cost diagnostics', async () => {
    const api = await extensionApi();
    const uri = await writeWorkspaceFile('prompts/orphan.prompt.yml', UNCAPPED_PROMPT);
    try {
      await api.service.auditWorkspace();
      const published = await poll(() => ourDiagnostics(uri).map((d) => (typeof d.code === 'object' ? d.code.value : d.code)), (codes) => codes.length === 1);
      assert.deepStrictEqual(published, ['unbounded-output']);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    assert.deepStrictEqual(await poll(() => ourDiagnostics(uri).length, (count) => count === 0), 0);
    const report = (await api.service.auditWorkspace()).report;
    assert.strictEqual(report.summary.sites, 9);
  });

  test('a cancelled workspace audit rejects with CancellationError and publishes nothing', async () => {
    const api = await extensionApi();
    const before = api.service.latestWorkspaceAudit;
    let fired = 0;
    const subscription = api.service.onDidAuditWorkspace(() => fired++);
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    try {
      await assert.rejects(api.service.auditWorkspace(source.token), (error) => error instanceof vscode.CancellationError);
    } finally {
      subscription.dispose();
      source.dispose();
    }
    assert.strictEqual(fired, 0);
    assert.strictEqual(api.service.latestWorkspaceAudit, before);
  });

  test('the summary panel reveals only the sites it lists: an audited file without sites and .promptcost.yaml are refused', async () => {
    const api = await extensionApi();
    const helper = await writeWorkspaceFile('src/plain_helper.py', 'def add(a, b):\n    return a + b\n');
    try {
      const editor = await openFile('src/plain_helper.py');
      assert.deepStrictEqual((await api.service.auditTextDocument(editor.document))?.sites, []);
      await vscode.commands.executeCommand('promptCost.showSummary');
      const panel = api.summaryPanel();
      assert.ok(panel);
      await panel.receive({ type: 'reveal', file: 'src/classify.ts', line: 9 });
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), workspaceFile('src/classify.ts').toString());
      for (const file of ['src/plain_helper.py', '.promptcost.yaml']) {
        await panel.receive({ type: 'reveal', file, line: 1 });
        assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), workspaceFile('src/classify.ts').toString(), file);
      }
    } finally {
      await vscode.workspace.fs.delete(helper);
    }
  });

  test('a file outside every workspace folder is named by its URI path (forward slashes, never an fsPath)', async () => {
    const api = await extensionApi();
    assert.strictEqual(api.service.relativePath(vscode.Uri.parse('file:///c%3A/work/prompts/a.txt')), '/c:/work/prompts/a.txt');
    assert.strictEqual(api.service.relativePath(workspaceFile('prompts/faq.prompty')), 'prompts/faq.prompty');
  });

  test('a reload after a session that read .promptcost.yaml offers no provisional session: open documents are audited once', async () => {
    const api = await extensionApi();
    await openFile('src/classify.ts');
    await api.service.sessions.session();
    // Saving the config (or a setting) reloads with the file still there: a provisional session of the settings alone
    // would not stand, and every open document's audit started on it would be thrown away.
    api.service.invalidate('test: reload with the config file present');
    const loading = api.service.sessions.session();
    assert.strictEqual(api.service.sessions.provisionalSession(loading), undefined);
    await loading;
  });

  test('an audit asked while the session reloads is priced with .promptcost.yaml, not the provisional session of the settings alone', async () => {
    const api = await extensionApi();
    const original = await readWorkspaceFile('.promptcost.yaml');
    const editor = await openFile('src/classify.ts');
    const numbers = (audit: DocumentAudit | undefined): string => JSON.stringify(audit?.sites.map((entry) => [entry.modelId, entry.callsPerMonth, entry.cost]));
    const settled = numbers(await api.service.auditTextDocument(editor.document));
    // A session with no config file first: the reload that finds it again then offers a provisional session.
    const removed = nextReload(api);
    await vscode.workspace.fs.delete(workspaceFile('.promptcost.yaml'));
    await removed;
    await api.service.sessions.session();
    let started: { loading: Promise<unknown>; provisional: unknown; during: Promise<DocumentAudit | undefined> } | undefined;
    // Inside the reload's own change event (the session service's, not the symbol index's), before any read: the audit
    // starts on the provisional session.
    const subscription = api.service.sessions.onDidChange(() => {
      if (started) return;
      const loading = api.service.sessions.session();
      started = { loading, provisional: api.service.sessions.provisionalSession(loading), during: api.service.auditTextDocument(editor.document) };
    });
    try {
      await writeWorkspaceFile('.promptcost.yaml', original);
      const reload = await poll(() => started, (value) => value !== undefined);
      assert.ok(reload?.provisional, 'the last session read no file: the reload offers a provisional session');
      const { context } = reload.provisional as { context: Parameters<typeof auditDocument>[2] };
      // The provisional session's numbers differ (no callsPerMonth, compareModels, volumes), so keeping them would show.
      assert.notStrictEqual(numbers(await auditDocument('src/classify.ts', editor.document.getText(), context)), settled);
      assert.notStrictEqual(await reload.loading, reload.provisional, 'the config file was read: the provisional session does not stand');
      assert.strictEqual(numbers(await reload.during), settled);
    } finally {
      subscription.dispose();
      await api.service.sessions.session();
    }
  });

  test('without .promptcost.yaml the provisional session stands: an audit started on it is the one kept', async () => {
    const api = await extensionApi();
    const original = await readWorkspaceFile('.promptcost.yaml');
    const reloaded = nextReload(api);
    await vscode.workspace.fs.delete(workspaceFile('.promptcost.yaml'));
    await reloaded;
    try {
      const editor = await openFile('src/classify.ts');
      const session = await api.service.sessions.session();
      const settled = await auditDocument('src/classify.ts', editor.document.getText(), session.context);
      api.service.invalidate('test: reload with no config file');
      const loading = api.service.sessions.session();
      const provisional = api.service.sessions.provisionalSession(loading);
      assert.ok(provisional);
      const during = api.service.auditTextDocument(editor.document);
      assert.strictEqual(await loading, provisional, 'nothing was read that changes the settings: the loaded session is the provisional one');
      const kept = await during;
      assert.deepStrictEqual(kept?.sites.map((entry) => [entry.modelId, entry.callsPerMonth, entry.cost]), settled.sites.map((entry) => [entry.modelId, entry.callsPerMonth, entry.cost]));
      assert.strictEqual(api.service.sessions.provisionalSession(loading), undefined, 'a loaded session offers no provisional one');
    } finally {
      const restored = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', original);
      await restored;
    }
  });

  test('promptGlobs set in .promptcost.yaml make a Markdown file outside prompts/ a prompt in the editor (CodeLens)', async () => {
    const api = await extensionApi();
    const original = await readWorkspaceFile('.promptcost.yaml');
    const brief = await writeWorkspaceFile('notes/llm/brief.md', 'Answer in one sentence.\n');
    try {
      const editor = await openFile('notes/llm/brief.md');
      assert.strictEqual(api.service.isAuditable(editor.document), false);
      const reloaded = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', `${original}promptGlobs: ['**/notes/llm/*.md']\n`);
      await reloaded;
      assert.strictEqual(await poll(() => api.service.isAuditable(editor.document), (auditable) => auditable), true);
      const lenses = await poll(() => codeLenses(brief), (found) => found.length === 1);
      assert.deepStrictEqual(lenses.map((lens) => lens.title?.split(' · ').pop()), ['gpt-4o-mini (default)']);
    } finally {
      const restored = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', original);
      await restored;
      await vscode.workspace.fs.delete(workspaceFile('notes'), { recursive: true });
    }
  });

  test('exclude set in .promptcost.yaml hides a file from the editor, as it does from the CLI', async () => {
    const api = await extensionApi();
    const original = await readWorkspaceFile('.promptcost.yaml');
    const editor = await openFile('prompts/classifier.txt');
    // A config restored by the test before resolves its reload on the change event; the file scope follows once the
    // session has loaded again (after the config, LiteLLM and stored price reads), so wait for it.
    assert.strictEqual(await poll(() => api.service.isAuditable(editor.document), (auditable) => auditable), true);
    try {
      const reloaded = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', `${original}exclude: ['prompts/classifier.txt']\n`);
      await reloaded;
      assert.strictEqual(await poll(() => api.service.isAuditable(editor.document), (auditable) => !auditable), false);
      assert.deepStrictEqual(await poll(() => codeLenses(editor.document.uri), (found) => found.length === 0), []);
    } finally {
      const restored = nextReload(api);
      await writeWorkspaceFile('.promptcost.yaml', original);
      await restored;
    }
    assert.strictEqual(await poll(() => api.service.isAuditable(editor.document), (auditable) => auditable), true);
  });

  test('a workspace audit shows duplicated-instruction-block on open files too, until the text changes', async () => {
    const api = await extensionApi();
    const policy =
      'Refunds: customers on monthly plans may ask for a full refund within fourteen days of their first payment. ' +
      'After that, refunds are prorated to the unused part of the billing period and go back to the original payment ' +
      'method within five to ten business days. Goodwill credits are not refundable and expire after twelve months. ' +
      'When a customer disputes a charge with their bank, do not offer a refund in the chat: the billing team handles it ' +
      'and the customer receives an email within two business days. Annual plans are refunded in full within thirty days ' +
      'of purchase; after that, unused whole months are refunded minus a ten percent processing fee.';
    await writeWorkspaceFile('prompts/dup-refunds.txt', `You answer billing questions.\n\n${policy}\n`);
    await writeWorkspaceFile('prompts/dup-support.txt', `You answer support tickets.\n\n${policy}\n`);
    try {
      const editor = await openFile('prompts/dup-refunds.txt');
      await api.service.auditWorkspace();
      const rules = await poll(
        () => ourDiagnostics(editor.document.uri).map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code))),
        (found) => found.includes('duplicated-instruction-block'),
      );
      assert.deepStrictEqual(rules, ['duplicated-instruction-block']);
      const diagnostic = ourDiagnostics(editor.document.uri)[0];
      assert.strictEqual(diagnostic.range.start.line, 2);
      assert.match(diagnostic.message, /^This \d+-token instruction block is repeated in 1 other file \(prompts\/dup-support\.txt\): keep one shared copy\.$/);
      // An edit makes the workspace finding stale: it disappears until the next workspace audit.
      await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), 'Be kind. '));
      assert.deepStrictEqual(await poll(() => ourDiagnostics(editor.document.uri), (found) => found.length === 0), []);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } finally {
      await vscode.workspace.fs.delete(workspaceFile('prompts/dup-refunds.txt'));
      await vscode.workspace.fs.delete(workspaceFile('prompts/dup-support.txt'));
    }
  });

  test('Toggle CodeLens under a workspace value turns CodeLens off there (a Global write would change nothing)', async () => {
    const settings = () => vscode.workspace.getConfiguration('promptCost');
    const globalBefore = settings().inspect('codeLens.enabled')?.globalValue;
    await settings().update('codeLens.enabled', true, vscode.ConfigurationTarget.Workspace);
    try {
      assert.strictEqual(await vscode.commands.executeCommand('promptCost.toggleCodeLens'), false);
      assert.strictEqual(settings().get('codeLens.enabled'), false);
      assert.strictEqual(settings().inspect('codeLens.enabled')?.workspaceValue, false);
      assert.strictEqual(settings().inspect('codeLens.enabled')?.globalValue, globalBefore);
    } finally {
      await settings().update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.strictEqual(settings().get('codeLens.enabled'), true);
  });

  test('a worker handed back after the audit workers were disposed (an audit that outlived the service) is ended, not kept', async () => {
    const ended: string[] = [];
    const portNamed = (name: string): AuditWorkerPort => ({
      postMessage: () => undefined,
      listen: () => undefined,
      ended: () => Promise.resolve(),
      terminate: () => void ended.push(name),
    });
    let started = 0;
    const workers = new AuditWorkers({ wasmFolder: 'unused', start: async () => portNamed(`worker ${++started}`) });
    const { port } = await workers.take({});
    workers.dispose();
    workers.giveBack(port);
    assert.deepStrictEqual(ended, ['worker 1']);
    // Nothing is kept for a later run either: a take after disposal starts no worker.
    await assert.rejects(workers.take({}));
    assert.strictEqual(started, 1);
  });
});
