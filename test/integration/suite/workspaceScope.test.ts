import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AuditReport } from '../../../src/core/report/model';
import type { PanelData } from '../../../src/editor/panelProtocol';
import { DEFAULT_TEST_PATHS } from '../../../src/core/testPaths';
import { extensionApi, sampleSiteFiles, workspaceFile, writeWorkspaceFile } from './support';

// What Audit Workspace and the summary read: the root's .gitignore and .promptcostignore are honoured (git's rules,
// including `!` re-includes that VS Code's own file search knows nothing of), and tests/ is audited but reported apart.
suite('workspace scope: ignore files and test paths', () => {
  const added = ['.gitignore', '.promptcostignore', 'scratch', 'generated', 'tests'];

  suiteSetup(async () => {
    await extensionApi();
    await writeWorkspaceFile('.gitignore', 'scratch/\n');
    await writeWorkspaceFile('.promptcostignore', '# rebuilt by the pipeline\ngenerated/*.prompt.md\n!generated/keep.prompt.md\n');
    await vscode.workspace.fs.createDirectory(workspaceFile('scratch'));
    await vscode.workspace.fs.createDirectory(workspaceFile('generated'));
    await vscode.workspace.fs.createDirectory(workspaceFile('tests'));
    await writeWorkspaceFile('scratch/draft.prompt.md', 'Draft: summarise the week.\n');
    await writeWorkspaceFile('generated/notes.prompt.md', '---\nmodel: gpt-4o-mini\n---\nWrite a release note for {{change}}.\n');
    await writeWorkspaceFile('generated/keep.prompt.md', '---\nmodel: gpt-4o-mini\n---\nWrite a changelog entry for {{change}}.\n');
    await writeWorkspaceFile(
      // A static prompt at the default temperature: unbounded-output and response-cache-opportunity, both left out.
      'tests/chat_flow.py',
      'from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef test_summary_reply():\n    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Summarise: the order shipped."}])\n    assert reply.choices\n',
    );
  });

  suiteTeardown(async () => {
    for (const name of added) await vscode.workspace.fs.delete(workspaceFile(name), { recursive: true, useTrash: false });
    // Leave the last workspace audit as the sample's own for whatever runs next.
    await vscode.commands.executeCommand('promptCost.auditWorkspace');
  });

  test('Audit Workspace leaves out what .gitignore and .promptcostignore ignore, keeps a `!` re-include, and reports tests/ apart', async () => {
    const report = await vscode.commands.executeCommand<AuditReport>('promptCost.auditWorkspace');
    assert.ok(report, 'Audit Workspace returned no report');
    assert.deepStrictEqual(report.sites.map((site) => site.file), [...sampleSiteFiles, 'generated/keep.prompt.md'].sort());
    assert.deepStrictEqual([report.summary.sites, report.summary.files, report.findings.length], [10, 10, 8]);
    assert.ok(!report.findings.some((finding) => finding.file.startsWith('tests/')), 'a finding in tests/ is in the findings');
    assert.deepStrictEqual(report.testPaths, {
      counted: false,
      globs: [...DEFAULT_TEST_PATHS],
      files: [{ file: 'tests/chat_flow.py', sites: 1, findingsBySeverity: { error: 0, warning: 1, information: 1, hint: 0 } }],
      sites: 1,
      findingsBySeverity: { error: 0, warning: 1, information: 1, hint: 0 },
    });
  });

  test('the summary panel counts the same sites and says what it left out', async () => {
    const data = await vscode.commands.executeCommand<PanelData>('promptCost.showSummary');
    assert.ok(data, 'the command returned no panel data');
    assert.deepStrictEqual([data.totals.sites, data.totals.files, data.totals.findings], [10, 10, 8]);
    assert.ok(!data.sites.some((site) => site.file.startsWith('tests/') || site.file.startsWith('scratch/') || site.file === 'generated/notes.prompt.md'));
    assert.strictEqual(
      data.testPaths,
      'Left out of the totals, findings and budgets: 1 site(s) and 2 finding(s) in 1 file(s) under test, fixture, example and docs paths; --include-tests (or includeTests: true) counts them.',
    );
  });
});
