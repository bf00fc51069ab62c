// The Prompt Costs view in a real workbench: its tree (grouped by file and by model, most expensive first, with the
// expected cost, exposure and finding counts), click to reveal, and its context-menu commands on real nodes.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SitesNode, SitesView } from '../../../src/editor/sitesView';
import { buildSiteTree, groupDescription } from '../../../src/core/report/siteTree';
import { comparisonItems } from '../../../src/editor/commands';
import { coreWorkspaceAudit, extensionApi, openFile, poll, undoOnce, workspaceFile } from './support';

interface ItemView {
  label: string;
  description: string | undefined;
  children: ItemView[];
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** The whole tree as VS Code gets it from the provider: labels, descriptions, children. */
function outline(view: SitesView, element?: SitesNode): ItemView[] {
  return view.getChildren(element).map((child) => {
    const item = view.getTreeItem(child);
    return { label: labelOf(item), description: typeof item.description === 'string' ? item.description : undefined, children: outline(view, child) };
  });
}

function findNode(view: SitesView, predicate: (item: vscode.TreeItem) => boolean, element?: SitesNode): SitesNode | undefined {
  for (const child of view.getChildren(element)) {
    if (predicate(view.getTreeItem(child))) return child;
    const inner = findNode(view, predicate, child);
    if (inner) return inner;
  }
  return undefined;
}

suite('Prompt Costs view', () => {
  let view: SitesView;
  suiteSetup(async () => {
    view = (await extensionApi()).sitesView;
    if (view.groupBy !== 'file') await vscode.commands.executeCommand('promptCost.sites.groupByFile');
    await vscode.commands.executeCommand('promptCost.sites.refresh');
  });

  test('by file: support_bot.py first with its expected cost, exposure and findings; the rest as the core computes them', async () => {
    const tree = outline(view);
    assert.deepStrictEqual(tree[0], {
      label: 'src/support_bot.py',
      description: '$2,393/month expected · $46,080/month exposure · 2 findings',
      children: [{
        label: 'line 94 · gpt-4o',
        description: '$2,393/month expected · $46,080/month exposure · 2 findings',
        children: [
          { label: 'Dynamic text breaks the cacheable prompt prefix', description: 'line 11 · saves $475.20/month', children: [] },
          { label: 'Generation without an output cap', description: 'line 94 · $46,080/month exposure', children: [] },
        ],
      }],
    });
    const { report } = await coreWorkspaceAudit();
    const reference = buildSiteTree(report, 'file');
    assert.deepStrictEqual(tree.map((group) => [group.label, group.description]), reference.groups.map((group) => [group.key, groupDescription(group, reference.basis)]));
    assert.deepStrictEqual(tree.map((group) => group.label), [
      'src/support_bot.py', 'src/agent.ts', '.github/prompts/review.prompt.md', 'prompts/summarize.prompt.yml', 'prompts/faq.prompty',
      'src/classify.ts', 'prompts/welcome_email.jinja', 'prompts/style-guide.md', 'prompts/classifier.txt',
    ]);
  });

  test('Group by Model regroups by priced model, most expensive first, and Group by File switches back', async () => {
    await vscode.commands.executeCommand('promptCost.sites.groupByModel');
    assert.strictEqual(view.groupBy, 'model');
    const tree = outline(view);
    assert.deepStrictEqual(tree.map((group) => `${group.label} — ${group.description}`), [
      'gpt-4o — $2,398/month expected · $46,080/month exposure · 4 findings',
      'claude-sonnet-4-5 — $242.52/month expected · $18,893/month exposure · 2 findings',
      'gpt-4.1 — $222.44/month expected · $5,202/month exposure · 2 findings',
      'gpt-4o-mini — $18.71/month expected',
    ]);
    assert.deepStrictEqual(tree[3].children.map((site) => site.label), ['prompts/faq.prompty:25', 'prompts/welcome_email.jinja:1', 'prompts/style-guide.md:1', 'prompts/classifier.txt:1']);
    await vscode.commands.executeCommand('promptCost.sites.groupByFile');
    assert.strictEqual(outline(view)[0].label, 'src/support_bot.py');
  });

  test('clicking a site reveals it: the editor opens src/support_bot.py with the cursor on the call at line 94', async () => {
    const node = findNode(view, (item) => labelOf(item).startsWith('line 94 ·'));
    assert.ok(node);
    const item = view.getTreeItem(node);
    assert.strictEqual(item.command?.command, 'promptCost.sites.reveal');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.strictEqual(editor.document.uri.toString(), workspaceFile('src/support_bot.py').toString());
    assert.deepStrictEqual([editor.selection.start.line, editor.selection.start.character], [93, 15]);
    assert.strictEqual(editor.document.lineAt(93).text.slice(15, 21), 'client');
  });

  test('the context menu offers Compare Models and Simulate Cache Layout on sites and Suppress on findings', async () => {
    const menu = vscode.extensions.getExtension('prompt-cost.prompt-cost-auditor')!.packageJSON.contributes.menus['view/item/context'] as Array<{ command: string; when: string }>;
    assert.deepStrictEqual(menu.map((entry) => entry.command), ['promptCost.sites.compareModels', 'promptCost.sites.simulateCache', 'promptCost.sites.suppress']);
    const site = findNode(view, (item) => labelOf(item).startsWith('line 94 ·'))!;
    assert.strictEqual(view.getTreeItem(site).contextValue, 'promptCostSite promptCostCache');
    const finding = findNode(view, (item) => labelOf(item) === 'Generation without an output cap')!;
    assert.strictEqual(view.getTreeItem(finding).contextValue, 'promptCostFinding');
  });

  test('Simulate Cache Layout on a site node shows the same layout as the command at that call', async () => {
    const editor = await openFile('src/support_bot.py');
    const direct = await vscode.commands.executeCommand<string>('promptCost.simulateCache', editor.document.uri, editor.document.getText().indexOf('client.chat'));
    const site = findNode(view, (item) => labelOf(item).startsWith('line 94 ·'))!;
    const fromView = await vscode.commands.executeCommand<string>('promptCost.sites.simulateCache', site);
    assert.ok(direct);
    assert.strictEqual(fromView, direct);
  });

  test('Compare Models on a site node opens the comparison for that site (prompts/classifier.txt: cheapest row first)', async () => {
    const api = await extensionApi();
    const document = await vscode.workspace.openTextDocument(workspaceFile('prompts/classifier.txt'));
    const audit = await api.service.auditTextDocument(document);
    const { context } = await api.service.session();
    const expected = comparisonItems(audit!.sites[0], context.config.compareModels, context.catalog, context.config)[0].model;
    const site = findNode(view, (item) => (item.contextValue ?? '').startsWith('promptCostSite') && String(item.tooltip).startsWith('prompts/classifier.txt'))!;
    const running = vscode.commands.executeCommand<string>('promptCost.sites.compareModels', site);
    let settled = false;
    void running.then(() => (settled = true), () => (settled = true));
    for (let attempt = 0; attempt < 40 && !settled; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    // A prompt file names no model in code, so picking only answers the question: nothing is edited.
    assert.strictEqual(await running, expected);
  });

  test('Suppress on a finding node writes the suppression comment, and the refreshed view drops the finding', async () => {
    const finding = findNode(view, (item) => labelOf(item) === 'Generation without an output cap' && item.description === 'line 94 · $46,080/month exposure')!;
    const document = await vscode.workspace.openTextDocument(workspaceFile('src/support_bot.py'));
    const original = document.getText();
    assert.strictEqual(await vscode.commands.executeCommand('promptCost.sites.suppress', finding), true);
    assert.strictEqual(document.lineAt(93).text, '    # prompt-cost-ignore-next-line unbounded-output');
    const after = await poll(() => outline(view)[0], (group) => group.description?.endsWith('1 finding') ?? false);
    assert.deepStrictEqual([after.label, after.description], ['src/support_bot.py', '$2,393/month expected · 1 finding']);
    await undoOnce(document, original);
    await vscode.commands.executeCommand('promptCost.sites.refresh');
    assert.strictEqual(outline(view)[0].description, '$2,393/month expected · $46,080/month exposure · 2 findings');
  });
});
