import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PanelData } from '../../../src/editor/panelProtocol';
import { computeWaterfall } from '../../../src/core/report/waterfall';
import { coreWorkspaceAudit, extensionApi, poll, sampleSiteFiles, workspaceFile, writeWorkspaceFile } from './support';

// Issue 18: a call whose model and system prompt live in other modules, and an Anthropic call that names no model.
const PANEL_MODELS = "export const CHAT_MODEL = 'gpt-4.1-mini';\n";
const PANEL_PROMPTS = "// Prompts of the support agent.\nexport const SYSTEM_PROMPT = 'You are a careful assistant. Answer in one short paragraph.';\n";
const PANEL_CALL = [
  "import OpenAI from 'openai';",
  "import Anthropic from '@anthropic-ai/sdk';",
  "import { CHAT_MODEL } from './models';",
  "import { SYSTEM_PROMPT } from './prompts';",
  '',
  'const openai = new OpenAI();',
  'const anthropic = new Anthropic();',
  '',
  'export async function answer(question: string) {',
  '  return openai.chat.completions.create({',
  '    model: CHAT_MODEL,',
  '    max_tokens: 300,',
  "    messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: question }],",
  '  });',
  '}',
  '',
  'export async function haiku(topic: string) {',
  "  return anthropic.messages.create({ max_tokens: 64, messages: [{ role: 'user', content: `Write a haiku about ${topic}` }] });",
  '}',
  '',
].join('\n');

suite('summary panel', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test("Show Workspace Cost Summary returns the panel data: totals, sites, by model and by file as the core computes them; findings in a call's prompt count for the call", async () => {
    const data = await vscode.commands.executeCommand<PanelData>('promptCost.showSummary');
    assert.ok(data, 'the command returned no panel data');
    const core = await coreWorkspaceAudit();
    assert.strictEqual(data.catalogAsOf, '2026-12-03');
    assert.strictEqual(data.callsPerMonth, 20000);
    assert.deepStrictEqual(data.totals, {
      monthlyUsd: 2881.774,
      worstCaseMonthlyUsd: 80905.378,
      perCallUsd: core.report.sites.reduce((sum, site) => sum + (site.costPerCallUsd ?? 0), 0),
      sites: 9,
      files: 9,
      unpricedSites: 0,
      findings: 8,
    });
    assert.strictEqual(Number(data.totals.perCallUsd.toFixed(6)), 0.032439);
    assert.deepStrictEqual(data.sites.map((site) => [site.file, site.line, site.model, site.tokens, site.cap, site.perMonthUsd, site.rules.join(',')]), [
      ['.github/prompts/review.prompt.md', 7, 'gpt-4.1', 41, 'none', 127.88, ''],
      ['prompts/classifier.txt', 1, 'gpt-4o-mini', 26, 'none', 0.306, ''],
      ['prompts/faq.prompty', 25, 'gpt-4o-mini', 61, '300', 8.28, ''],
      ['prompts/style-guide.md', 1, 'gpt-4o-mini', 57, 'none', 4.989, ''],
      ['prompts/summarize.prompt.yml', 7, 'gpt-4.1', 45, 'none', 94.56, 'unbounded-output,redundant-instruction'],
      ['prompts/welcome_email.jinja', 1, 'gpt-4o-mini', 37, 'none', 5.139, ''],
      ['src/agent.ts', 8, 'claude-sonnet-4-5', 23, '64,000', 242.52, 'output-cap-too-high,cache-breakpoint-ineffective'],
      ['src/classify.ts', 9, 'gpt-4o', 33, '5', 5.6, 'model-overkill,redundant-instruction'],
      ['src/support_bot.py', 94, 'gpt-4o', 1511, 'none', 2392.5, 'cache-prefix-broken,unbounded-output'],
    ]);
    assert.deepStrictEqual(data.sites.map((site) => site.perMonthUsd), core.report.sites.map((site) => site.costPerMonthUsd));
    assert.deepStrictEqual(data.sites.map((site) => site.worstCaseMonthUsd), core.report.sites.map((site) => site.worstCasePerMonthUsd));
    const byModel = data.byModel.map((row) => [row.label, Number(row.monthlyUsd.toFixed(4))]);
    assert.deepStrictEqual(byModel, [['gpt-4o', 2398.1], ['claude-sonnet-4-5', 242.52], ['gpt-4.1', 222.44], ['gpt-4o-mini', 18.714]]);
    assert.deepStrictEqual(data.byFile.map((row) => row.label), ['src/support_bot.py', 'src/agent.ts', '.github/prompts/review.prompt.md', 'prompts/summarize.prompt.yml', 'prompts/faq.prompty', 'src/classify.ts', 'prompts/welcome_email.jinja', 'prompts/style-guide.md', 'prompts/classifier.txt']);
  });

  test("the panel's savings waterfall equals computeWaterfall on the core's audit of the same files", async () => {
    const data = await vscode.commands.executeCommand<PanelData>('promptCost.showSummary');
    const core = await coreWorkspaceAudit(sampleSiteFiles);
    const waterfall = computeWaterfall(core.audit.documents, core.context.config, core.context.catalog);
    assert.deepStrictEqual(data.waterfall, waterfall.steps);
    assert.deepStrictEqual(data.exposure, waterfall.exposureSteps);
    assert.deepStrictEqual(data.waterfall.map((step) => step.id), ['current', 'routing', 'caching', 'pruning', 'batch']);
    assert.strictEqual(Math.round(data.waterfall[0].monthlyUsd * 1000) / 1000, 2881.774);
    // Worst case → right-size output caps: the exposure of the three cap findings (5,201.92 + 18,892.80 + 46,080).
    assert.deepStrictEqual(data.exposure.map((step) => [step.id, step.basis, Math.round(step.startUsd * 1000) / 1000, Math.round(step.monthlyUsd * 1000) / 1000, step.sites]), [
      ['worst-case', 'worst-case', 80905.378, 80905.378, 9],
      ['caps', 'worst-case', 80905.378, 10730.658, 3],
    ]);
  });

  test("a 'reveal' message from the webview opens src/support_bot.py at line 94; malformed ones are ignored", async () => {
    await vscode.commands.executeCommand('promptCost.showSummary');
    const api = await extensionApi();
    const panel = api.summaryPanel();
    assert.ok(panel, 'no summary panel is open');
    await panel.receive({ type: 'reveal', file: 'src/support_bot.py', line: 94 });
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), workspaceFile('src/support_bot.py').toString());
    assert.deepStrictEqual([editor.selection.active.line, editor.selection.active.character], [93, 0]);
    for (const malformed of [{ type: 'reveal', file: 'prompts/faq.prompty', line: 0 }, { type: 'reveal', file: 42, line: 3 }, { type: 'reveal', file: '../../etc/passwd', line: 1 }, 'reveal', null]) {
      await panel.receive(malformed);
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), workspaceFile('src/support_bot.py').toString(), JSON.stringify(malformed));
    }
  });

  test("each site says where its model and prompt text came from; a 'reveal' of such a line opens it, other files stay closed", async function () {
    this.timeout(60000);
    const api = await extensionApi();
    const created = [await writeWorkspaceFile('src/panel/models.ts', PANEL_MODELS), await writeWorkspaceFile('src/panel/prompts.ts', PANEL_PROMPTS), await writeWorkspaceFile('src/panel/agent.ts', PANEL_CALL)];
    try {
      await vscode.commands.executeCommand('promptCost.showSummary');
      const panel = api.summaryPanel();
      assert.ok(panel);
      const data = await poll(() => panel.refresh(), (value) => value?.sites.some((site) => site.file === 'src/panel/agent.ts' && site.promptSources.length > 0) ?? false, 20000);
      const added = data?.sites.filter((site) => site.file === 'src/panel/agent.ts').map((site) => ({ line: site.line, model: site.model, modelSource: site.modelSource, label: site.modelSourceLabel, modelFrom: site.modelFrom, promptSources: site.promptSources, tokens: site.tokens }));
      assert.deepStrictEqual(added, [
        // 12 o200k tokens: "You are a careful assistant. Answer in one short paragraph."
        { line: 10, model: 'gpt-4.1-mini', modelSource: 'imported-constant', label: 'constant', modelFrom: { file: 'src/panel/models.ts', line: 1 }, promptSources: [{ file: 'src/panel/prompts.ts', line: 2 }], tokens: 12 },
        { line: 18, model: 'claude-sonnet-4-5', modelSource: 'provider-default', label: 'provider default', modelFrom: null, promptSources: [], tokens: 8 },
      ]);
      // The sample workspace's literal models need no label; its prompt files without a model are the workspace default.
      assert.deepStrictEqual(data?.sites.filter((site) => site.file.startsWith('prompts/')).map((site) => [site.file, site.modelSourceLabel]), [
        ['prompts/classifier.txt', 'workspace default'], ['prompts/faq.prompty', null], ['prompts/style-guide.md', 'workspace default'], ['prompts/summarize.prompt.yml', null], ['prompts/welcome_email.jinja', 'workspace default'],
      ]);
      // What the webview posts when its `src/panel/prompts.ts:2` button is pressed: the prompt module opens at that line.
      await panel.receive({ type: 'reveal', file: 'src/panel/prompts.ts', line: 2 });
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), workspaceFile('src/panel/prompts.ts').toString());
      assert.strictEqual(vscode.window.activeTextEditor?.selection.active.line, 1);
      // A workspace file that is neither a site nor a source line is not opened.
      await panel.receive({ type: 'reveal', file: '.promptcost.yaml', line: 1 });
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), workspaceFile('src/panel/prompts.ts').toString());
    } finally {
      for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.uri.path.includes('/src/panel/'))) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      for (const uri of created) await vscode.workspace.fs.delete(uri);
      await api.service.auditWorkspace();
    }
  });

  test('a hostile prompt file and file name reach the panel as plain data, unchanged', async () => {
    const hostileText = '<script>alert(1)</script>\n</textarea>\n"><img src=x onerror=alert(1)>\nSummarize {ticket} for the engineer.\n';
    const hostile = await writeWorkspaceFile('prompts/hostile.txt', hostileText);
    const boldName = await writeWorkspaceFile('prompts/<b>bold.txt', '<b>Answer</b> in one line: {question}\n');
    try {
      const api = await extensionApi();
      await vscode.commands.executeCommand('promptCost.showSummary');
      const panel = api.summaryPanel();
      assert.ok(panel);
      const data = await poll(() => panel.refresh(), (value) => (value?.sites.length ?? 0) === 11);
      const added = data?.sites.filter((site) => site.file.startsWith('prompts/<b>') || site.file === 'prompts/hostile.txt').map((site) => [site.file, site.line, site.kind]);
      assert.deepStrictEqual(added, [['prompts/<b>bold.txt', 1, 'prompt-file'], ['prompts/hostile.txt', 1, 'prompt-file']]);
      assert.ok(data?.byFile.some((row) => row.label === 'prompts/<b>bold.txt'));
    } finally {
      await vscode.workspace.fs.delete(hostile);
      await vscode.workspace.fs.delete(boldName);
    }
    const api = await extensionApi();
    const after = await api.summaryPanel()?.refresh();
    assert.strictEqual(after?.sites.length, 9);
  });
});
