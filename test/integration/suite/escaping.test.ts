// Repository text in the editor's surfaces: a model id built to draw icons, reorder text, inject Markdown links and
// HTML reaches the CodeLens, the hover, the Problems panel and the status bar tooltip as inert text.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeLenses, extensionApi, openFile, ourDiagnostics, poll, workspaceFile, writeWorkspaceFile } from './support';

const FILE = 'prompts/hostile-escaping.prompty';
/** YAML double-quoted: `\u202e` is the right-to-left override, `\u0007` BEL. */
const HOSTILE_MODEL_YAML = String.raw`"acme$(alert)-\u202e<img src=x onerror=alert(1)>[run](command:promptCost.showLog)\u0007"`;
const CONTROL_OR_BIDI = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
/** A `$(` that VS Code would draw as an icon: not preceded by its escape backslash. */
const UNESCAPED_ICON = /(^|[^\\])\$\([a-z0-9-]+\)/i;

suite('escaping of repository text in the editor', () => {
  let uri: vscode.Uri;
  suiteSetup(async () => {
    await extensionApi();
    uri = await writeWorkspaceFile(FILE, ['---', 'name: Hostile', 'model:', `  id: ${HOSTILE_MODEL_YAML}`, '---', 'system:', 'Answer in one word.', ''].join('\n'));
    await openFile(FILE);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(workspaceFile(FILE));
  });

  test('CodeLens titles show the id as text: no icon drawn, no control or bidi character', async () => {
    const lenses = await poll(() => codeLenses(uri), (found) => found.some((lens) => lens.title?.includes('acme') ?? false));
    const titles = lenses.map((lens) => lens.title ?? '');
    const withModel = titles.find((title) => title.includes('acme'));
    assert.ok(withModel, titles.join(' | '));
    assert.ok(withModel.includes(String.raw`acme\$(alert)-?<img src=x onerror=alert(1)>[run](command:promptCost.showLog)?`), withModel);
    for (const title of titles) {
      assert.doesNotMatch(title, CONTROL_OR_BIDI, title);
      assert.doesNotMatch(title, UNESCAPED_ICON, title);
    }
  });

  test('the hover is untrusted, renders no HTML, and shows the id with every Markdown marker escaped', async () => {
    const editor = await openFile(FILE);
    const read = async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(5, 2))) ?? [];
      return hovers.flatMap((hover) => hover.contents).filter((content): content is vscode.MarkdownString => typeof content === 'object' && 'value' in content && content.value.startsWith('**Prompt Cost**'));
    };
    const ours = await poll(read, (found) => found.length > 0);
    assert.strictEqual(ours.length, 1);
    const hover = ours[0];
    // Trusted for one command only: the details link the hover itself writes.
    assert.deepStrictEqual(hover.isTrusted, { enabledCommands: ['promptCost.showSiteDetails'] });
    assert.notStrictEqual(hover.supportHtml, true);
    assert.doesNotMatch(hover.value, CONTROL_OR_BIDI);
    // Inside a code span the id is inert; outside, no HTML tag or link may survive.
    const outsideCode = hover.value.replace(/(`+)[\s\S]*?\1/g, '').replace(/\]\(command:promptCost\.showSiteDetails\?[^)\s]*\)/, ']');
    assert.doesNotMatch(outsideCode, /(^|[^\\])<img/, outsideCode);
    assert.doesNotMatch(outsideCode, /(^|[^\\])\]\(command:/, outsideCode);
    assert.match(hover.value, /acme/);
  });

  test('Prompt Costs view labels, descriptions and tooltips show the id as text: no icon drawn, no control or bidi character', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('promptCost.sites.refresh');
    const items: vscode.TreeItem[] = [];
    const walk = (element?: Parameters<typeof api.sitesView.getChildren>[0]) => {
      for (const child of api.sitesView.getChildren(element)) {
        items.push(api.sitesView.getTreeItem(child));
        walk(child);
      }
    };
    for (const grouping of ['promptCost.sites.groupByModel', 'promptCost.sites.groupByFile']) {
      await vscode.commands.executeCommand(grouping);
      walk();
    }
    // Labels and descriptions draw icons from `$(…)`; tooltips and screen-reader labels are plain text.
    const drawn = items.flatMap((item) => [typeof item.label === 'string' ? item.label : item.label?.label ?? '', String(item.description ?? '')]);
    const plain = items.flatMap((item) => [String(item.tooltip ?? ''), item.accessibilityInformation?.label ?? '']);
    const hostile = drawn.filter((text) => text.includes('acme'));
    // The model group's label (by model) and the site's label (by file) both name it.
    assert.ok(hostile.some((text) => text.startsWith(String.raw`acme\$(alert)-?<img`)), hostile.join(' | '));
    for (const text of drawn) {
      assert.doesNotMatch(text, CONTROL_OR_BIDI, text);
      assert.doesNotMatch(text, UNESCAPED_ICON, text);
    }
    assert.ok(plain.some((text) => text.includes('acme$(alert)')), 'tooltips show the id as written');
    for (const text of plain) assert.doesNotMatch(text, CONTROL_OR_BIDI, text);
  });

  test('Problems messages quoting the id have no control or bidi character', async () => {
    const diagnostics = await poll(() => ourDiagnostics(uri), (found) => found.some((diagnostic) => diagnostic.message.includes('acme')));
    const quoting = diagnostics.filter((diagnostic) => diagnostic.message.includes('acme'));
    assert.ok(quoting.length > 0, diagnostics.map((diagnostic) => diagnostic.message).join(' | '));
    for (const diagnostic of diagnostics) assert.doesNotMatch(diagnostic.message, CONTROL_OR_BIDI, diagnostic.message);
  });
});
