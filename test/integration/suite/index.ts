// Entry point that VS Code's extension host loads as `extensionTestsPath` and calls `run()` on.
// Mocha UI: tdd (`suite`, `test`, `suiteSetup`, `setup`, ...), like VS Code's own extension tests.
// The worker host cannot glob files, so every suite file is imported here explicitly: add new suites
// below `./mochaHost`, which must stay the first import.
import { runMocha } from './mochaHost';
import * as vscode from 'vscode';
import './activation.test';
import './codeLens.test';
// Issue 10: Bedrock, Mistral and Ollama lenses; adds a file and deletes it again.
import './providers.test';
import './hover.test';
import './statusBar.test';
// Untitled buffers and selections; closes what it opens without saving.
import './selectionTokens.test';
// Reads only: the virtual workspace, the manifest's capabilities, the trusted session.
import './workspaceKinds.test';
// Reads only: the prompt cost tool's JSON through the API and lm.invokeTool.
import './languageModelTool.test';
import './diagnostics.test';
import './quickFixes.test';
// Suppress / disable / documentation actions; restores .promptcost.yaml and undoes its edits.
import './controls.test';
// Issue 12's cases (XML tags, kwargs in elif branches, compound sentence, capped classifier); deletes its files.
import './issueCases.test';
// The summary panel runs before the commands: Import LiteLLM stays imported for the rest of the run and moves
// the catalog's as-of date to the import date.
import './summaryPanel.test';
import './commands.test';
// The Prompt Costs view; Suppress writes a comment into src/support_bot.py and undoes it.
import './sitesView.test';
// Opens the walkthrough; writes .github/workflows/prompt-cost.yml and deletes it again.
import './walkthrough.test';
// Report documents, their closing, Export Report (every format).
import './reports.test';
// Adds one hostile prompt file and deletes it again.
import './escaping.test';
// The prompty language, the config schema and the config's own diagnostics; rewrites and restores .promptcost.yaml.
import './language.test';
// Adds ignore files, ignored and test files, and deletes them again.
import './workspaceScope.test';
// Adds two files (an imported prompt module and its caller), audits the workspace, edits the module, deletes both.
import './crossFile.test';
// Last: it adds and deletes workspace files and rewrites .promptcost.yaml and settings.
import './lifecycle.test';

export async function run(): Promise<void> {
  // The web workbench auto-saves dirty editors after a delay. On a loaded machine an applied fix reached the disk before
  // its test undid it, and later suites that compare the editor with the core (which reads the disk) saw one cap more.
  // Tests that need the disk to change save explicitly.
  await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  await runMocha();
}
