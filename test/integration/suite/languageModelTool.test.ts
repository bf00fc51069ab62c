import * as assert from 'assert';
import * as vscode from 'vscode';
import { coreWorkspaceAudit, extensionApi, openFile } from './support';

const TOOL = 'promptCost_audit';

interface ToolAnswer {
  file?: string;
  scope?: string;
  error?: string;
  lines?: { start: number; end: number; tokens: { characters: number; counts: Array<{ model: string; tokens: number; exact: boolean }> } };
  report?: { sites: Array<{ line: number; endLine: number; model: string }>; summary: { sites: number; expectedMonthlyUsd: number | null } };
}

// src/support_bot.py holds one gpt-4o call (lines 94–100), priced at 300,000 calls a month by .promptcost.yaml.
suite('language-model tool "prompt cost"', () => {
  test('for a file: the audit JSON, with the site and monthly cost the core computes for that file', async () => {
    const api = await extensionApi();
    const answer = JSON.parse(await api.promptCostTool({ file: 'src/support_bot.py' })) as ToolAnswer;
    const reference = await coreWorkspaceAudit(['src/support_bot.py']);
    assert.strictEqual(answer.file, 'src/support_bot.py');
    assert.strictEqual(answer.scope, 'file');
    assert.deepStrictEqual(answer.report?.sites.map((site) => [site.line, site.endLine, site.model]), [[94, 100, 'gpt-4o']]);
    assert.deepStrictEqual(answer.report?.sites, JSON.parse(JSON.stringify(reference.report.sites)));
    assert.strictEqual(answer.report?.summary.expectedMonthlyUsd, reference.report.summary.expectedMonthlyUsd);
  });

  test('for the active editor\'s selection: only the sites the selected lines touch, and their tokens', async () => {
    const api = await extensionApi();
    const editor = await openFile('src/support_bot.py');
    editor.selection = new vscode.Selection(0, 0, 3, 0);
    const above = JSON.parse(await api.promptCostTool({})) as ToolAnswer;
    assert.strictEqual(above.scope, 'lines');
    assert.deepStrictEqual([above.lines?.start, above.lines?.end], [1, 3]);
    assert.deepStrictEqual(above.report?.sites, []);
    assert.strictEqual(above.lines?.tokens.characters, editor.document.getText(new vscode.Range(0, 0, 3, 0)).length);
    editor.selection = new vscode.Selection(95, 0, 96, 4);
    const inside = JSON.parse(await api.promptCostTool({})) as ToolAnswer;
    assert.deepStrictEqual([inside.lines?.start, inside.lines?.end], [96, 97]);
    assert.deepStrictEqual(inside.report?.sites.map((site) => site.line), [94]);
  });

  test('a path out of the workspace folder is refused with an error the agent can read', async () => {
    const api = await extensionApi();
    assert.deepStrictEqual(JSON.parse(await api.promptCostTool({ file: '../../etc/passwd' })), { error: '"../../etc/passwd" is not a path inside the workspace folder' });
  });

  test('the tool is registered with its input schema, and lm.invokeTool returns the same JSON', async () => {
    const api = await extensionApi();
    const info = vscode.lm.tools.find((tool) => tool.name === TOOL);
    assert.ok(info, `${TOOL} is not in vscode.lm.tools (${vscode.lm.tools.map((tool) => tool.name).join(', ')})`);
    assert.deepStrictEqual(Object.keys((info.inputSchema as { properties: object }).properties), ['file', 'startLine', 'endLine']);
    const result = await vscode.lm.invokeTool(TOOL, { input: { file: 'src/support_bot.py', startLine: 94, endLine: 94 }, toolInvocationToken: undefined });
    const text = result.content.map((part) => (typeof (part as { value?: unknown }).value === 'string' ? (part as { value: string }).value : '')).join('');
    assert.strictEqual(text, await api.promptCostTool({ file: 'src/support_bot.py', startLine: 94, endLine: 94 }));
    assert.deepStrictEqual((JSON.parse(text) as ToolAnswer).report?.sites.map((site) => site.line), [94]);
  });
});
