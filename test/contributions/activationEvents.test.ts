// package.json's activation events: the extension starts in a workspace that holds a prompt file (workspaceContains:
// one glob per prompt path form the scanner takes by default), when a code, prompt, notebook or Markdown/YAML file is
// opened, or by its commands and views; never at every VS Code start (`*`, onStartupFinished, plaintext models).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { classifyPromptFile, DEFAULT_PROMPT_FILE_OPTIONS, PROMPT_FILE_ACTIVATION_GLOBS, type PromptFileKind } from '../../src/core/scanning/promptFileKinds';
import { CONFIG_FILE_NAME } from '../../src/core/config';
import { globMatcher } from '../../src/core/glob';

const repo = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { activationEvents: string[] };
const workspaceContains = manifest.activationEvents.filter((event) => event.startsWith('workspaceContains:')).map((event) => event.slice('workspaceContains:'.length));

/** Paths of every form the scanner knows, and many it does not: folders × names × extensions. */
function candidatePaths(): string[] {
  const folders = ['', 'prompts/', 'src/prompts/', 'app/system_prompts/', 'Prompts/', 'PROMPTS/', 'docs/', 'a/b/prompts/c/', 'templates/', 'myPromptKit/'];
  const names = ['faq', 'system', 'grader_system', 'summarize.system', 'system_prompt', 'agent-system-prompt', 'welcome', 'review.prompt', 'triage_prompt', 'PromptBook', 'SUPPORT_PROMPT', 'README', 'package'];
  const extensions = ['.txt', '.md', '.prompty', '.yml', '.yaml', '.json', '.jinja', '.jinja2', '.j2', '.hbs', '.handlebars', '.mustache', '.ts', '.py', '.csv'];
  return folders.flatMap((folder) => names.flatMap((name) => extensions.map((extension) => `${folder}${name}${extension}`)));
}

test('workspaceContains lists the prompt-file activation globs, then the config file, and nothing else', () => {
  assert.deepEqual(workspaceContains, [...PROMPT_FILE_ACTIVATION_GLOBS, CONFIG_FILE_NAME]);
});

test('no activation at every start: no `*`, onStartupFinished or onLanguage:plaintext (the workbench creates plaintext models itself)', () => {
  for (const event of ['*', 'onStartupFinished', 'onLanguage:plaintext']) assert.ok(!manifest.activationEvents.includes(event), event);
});

test('the prompt languages activate it when a file of theirs is opened', () => {
  for (const event of ['onLanguage:prompty', 'onLanguage:jinja', 'onLanguage:handlebars', 'onLanguage:markdown', 'onLanguage:yaml', 'onNotebook:jupyter-notebook']) {
    assert.ok(manifest.activationEvents.includes(event), event);
  }
});

test('every path the scanner reads as a prompt file by default matches an activation glob, and every glob finds one', () => {
  const matchers = PROMPT_FILE_ACTIVATION_GLOBS.map((glob) => ({ glob, match: globMatcher(glob), used: false }));
  const kinds = new Set<PromptFileKind>();
  const unmatched: string[] = [];
  const candidates = candidatePaths();
  for (const candidate of candidates) {
    const kind = classifyPromptFile(candidate, DEFAULT_PROMPT_FILE_OPTIONS);
    const matching = matchers.filter((matcher) => matcher.match(candidate));
    for (const matcher of matching) matcher.used = true;
    if (kind === null) continue;
    kinds.add(kind);
    if (matching.length === 0) unmatched.push(`${candidate} (${kind})`);
  }
  assert.deepEqual(unmatched, []);
  // The candidates reach every kind, so the check above covers them all.
  assert.deepEqual([...kinds].sort(), ['github-models', 'langchain-prompt', 'plain', 'prompty', 'template', 'vscode-prompt']);
  assert.deepEqual(matchers.filter((matcher) => !matcher.used).map((matcher) => matcher.glob), []);
});

test('the globs do not take code files or ordinary documents: a workspace without prompt files does not activate it', () => {
  const matchers = PROMPT_FILE_ACTIVATION_GLOBS.map(globMatcher);
  const ordinary = ['README.md', 'docs/guide.md', 'notes.txt', 'requirements.txt', 'src/app.ts', 'src/prompts.ts', 'config.yaml', 'package.json', 'templates/page.hbs', 'ansible/site.j2'];
  assert.deepEqual(ordinary.filter((file) => matchers.some((match) => match(file))), []);
});
