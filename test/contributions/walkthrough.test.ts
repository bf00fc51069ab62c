// The walkthrough and the Prompt Costs view as contributed: every step has its media, every link and completion event
// names a command that exists, the media ship in the VSIX, and the CI step writes the README's workflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CI_WORKFLOW_TEMPLATE } from '../../src/core/ciWorkflowTemplate';

const repo = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const contributed = new Set<string>(manifest.contributes.commands.map((command: { command: string }) => command.command));
/** Ids written in the editor layer's source (commands registered without a palette entry, such as the finding lens's). */
const editorSource = fs.readdirSync(path.join(repo, 'src/editor')).map((file) => fs.readFileSync(path.join(repo, 'src/editor', file), 'utf8')).join('\n');
/** VS Code's own commands the steps use (`<view id>.focus` exists for every contributed view). */
const builtIn = new Set(['promptCost.sites.focus', 'workbench.actions.view.problems']);
const exists = (command: string) => contributed.has(command) || builtIn.has(command) || editorSource.includes(`'${command}'`);

interface Step { id: string; title: string; description: string; media: { markdown?: string; image?: string; altText?: string }; completionEvents?: string[] }

test('the walkthrough has the five steps of issue 15 in order, each with existing Markdown media', () => {
  const [walkthrough] = manifest.contributes.walkthroughs as Array<{ id: string; title: string; steps: Step[] }>;
  assert.equal(walkthrough.id, 'promptCost.gettingStarted');
  assert.deepEqual(walkthrough.steps.map((step) => step.title), ["See a prompt's cost", 'Read a finding and apply its fix', 'Configure volumes and budgets', 'Open the workspace summary', 'Add the CI check']);
  for (const step of walkthrough.steps) {
    assert.ok(step.media.markdown, step.id);
    const media = path.join(repo, step.media.markdown);
    assert.ok(fs.existsSync(media), step.media.markdown);
    // Images a Markdown step shows exist beside it.
    for (const [, image] of fs.readFileSync(media, 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.ok(fs.existsSync(path.join(path.dirname(media), image)), `${step.media.markdown}: ${image}`);
  }
});

test('every command a step links to or completes on exists (contributed, or registered in code), and every step can complete', () => {
  const [walkthrough] = manifest.contributes.walkthroughs as Array<{ steps: Step[] }>;
  for (const step of walkthrough.steps) {
    const linked = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((match) => match[1]);
    assert.equal(linked.length, 1, `${step.id} has one button`);
    const completing = (step.completionEvents ?? []).filter((event) => event.startsWith('onCommand:')).map((event) => event.slice('onCommand:'.length));
    assert.ok((step.completionEvents ?? []).length > 0, step.id);
    for (const command of [...linked, ...completing]) assert.ok(exists(command), `${step.id}: ${command}`);
  }
});

test('the view container, view and walkthrough media ship in the VSIX', () => {
  const ignore = fs.readFileSync(path.join(repo, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!media/walkthrough/**'));
  assert.ok(ignore.includes('!media/*.svg'));
  assert.deepEqual(manifest.contributes.viewsContainers.activitybar, [{ id: 'promptCost', title: 'Prompt Costs', icon: 'media/icon.svg' }]);
  assert.deepEqual(manifest.contributes.views.promptCost.map((view: { id: string }) => view.id), ['promptCost.sites']);
});

test('Add the CI Check writes the README workflow, which is valid YAML using this version of the action', () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## GitHub Action'));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  assert.equal(CI_WORKFLOW_TEMPLATE, example);
  const workflow = parse(CI_WORKFLOW_TEMPLATE);
  assert.equal(workflow.jobs.cost.steps[1].uses, `prompt-cost/prompt-cost-auditor@v${manifest.version}`);
});
