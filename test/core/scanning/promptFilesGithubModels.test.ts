import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';
import type { PromptMessage, Span } from '../../../src/core/types';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/prompt-files');
const read = (relative: string): string => fs.readFileSync(path.join(fixtures, relative), 'utf8');
const staticText = (message: PromptMessage): string => message.segments.map((segment) => (segment.kind === 'static' ? segment.text : '')).join('');
const at = (text: string, span: Span | undefined): string => (span ? text.slice(span.start, span.end) : '<no span>');

test('GitHub Models summarizer: model kept as written with its publisher as provider, maxTokens cap, details', () => {
  const text = read('github-models/summarizer.prompt.yml');
  const result = scanPromptFile('github-models/summarizer.prompt.yml', text, 'github-models');
  assert.deepEqual(result.problems, []);
  const site = result.sites[0];
  assert.equal(site.api, 'github-models');
  assert.equal(site.model, 'openai/gpt-4o-mini');
  assert.equal(site.provider, 'openai');
  assert.deepEqual(site.modelSpan, { start: 102, end: 120 });
  assert.equal(at(text, site.modelSpan), 'openai/gpt-4o-mini');
  assert.equal(site.maxOutputTokens, 400);
  assert.equal(site.capParameter, 'maxTokens');
  assert.equal(at(text, site.capSpan), '400');
  assert.equal(site.details?.temperature, 0.3);
  assert.equal(site.details?.topP, 0.9);
  assert.equal(site.details?.testDataCount, 1);
  assert.equal(site.details?.evaluatorCount, 2);
  assert.deepEqual(site.details?.topLevelKeys, ['name', 'description', 'model', 'modelParameters', 'messages', 'testData', 'evaluators']);
  assert.deepEqual(site.details?.sampleValues, {
    version: '2.4.0',
    pull_requests: '#812 Fix crash when the config file is empty\n#815 Add --json flag to the audit command\n',
  });
  assert.equal(at(text, site.anchor), '- role: system');
});

test('GitHub Models block scalars: static text is the parsed value, placeholder spans are the exact source offsets', () => {
  const text = read('github-models/summarizer.prompt.yml');
  const site = scanPromptFile('github-models/summarizer.prompt.yml', text, 'github-models').sites[0];
  assert.deepEqual(site.messages.map((message) => message.role), ['system', 'user']);
  const [system, user] = site.messages;
  // `>-` folds the two lines into one and drops the final newline.
  assert.equal(staticText(system), 'You write release notes for developers. Group changes by area and keep each bullet under 20 words.');
  assert.equal(at(text, system.segments[0].span), 'You write release notes for developers.\n      Group changes by area and keep each bullet under 20 words.');
  assert.equal(at(text, system.span), '- role: system\n    content: >-\n      You write release notes for developers.\n      Group changes by area and keep each bullet under 20 words.');
  // `|` keeps line breaks and one final newline; indentation is not part of the value.
  assert.equal(staticText(user), 'Summarize these pull requests for version :\n<prs>\n\n</prs>\n');
  assert.deepEqual(
    user.segments.map((segment) => (segment.kind === 'dynamic' ? { name: segment.name, raw: segment.raw, span: segment.span } : segment.text)),
    [
      'Summarize these pull requests for version ',
      { name: 'version', raw: '{{version}}', span: { start: 418, end: 429 } },
      ':\n<prs>\n',
      { name: 'pull_requests', raw: '{{pull_requests}}', span: { start: 449, end: 466 } },
      '\n</prs>\n',
    ],
  );
  assert.equal(at(text, { start: 418, end: 429 }), '{{version}}');
  assert.equal(at(text, { start: 449, end: 466 }), '{{pull_requests}}');
  assert.equal(at(text, user.segments[2].span), ':\n      <prs>\n      ');
});

test('GitHub Models double-quoted content: escapes are decoded in static text, placeholder span exact', () => {
  const text = read('github-models/classify_prompt.yaml');
  const site = scanPromptFile('github-models/classify_prompt.yaml', text, 'github-models').sites[0];
  assert.equal(site.model, 'meta/Llama-3.3-70B-Instruct');
  assert.equal(site.provider, 'meta');
  assert.equal(site.maxOutputTokens, null);
  assert.equal(site.capParameter, undefined);
  assert.equal(site.messages.length, 1);
  assert.equal(staticText(site.messages[0]), 'Classify the sentiment of: \nAnswer positive, negative or neutral.');
  const placeholder = site.messages[0].segments[1];
  assert.equal(placeholder.kind, 'dynamic');
  assert.deepEqual(placeholder.span, { start: 117, end: 127 });
  assert.equal(at(text, placeholder.span), '{{review}}');
});

test('GitHub Models malformed YAML: the error located at the unclosed quote, messages recovered', () => {
  const text = read('github-models/bad-yaml.prompt.yml');
  const result = scanPromptFile('github-models/bad-yaml.prompt.yml', text, 'github-models');
  assert.deepEqual(result.problems, [
    { file: 'github-models/bad-yaml.prompt.yml', severity: 'error', message: 'YAML: Missing closing "quote', span: { start: 123, end: 124 } },
  ]);
  assert.equal(text.length, 125);
  const site = result.sites[0];
  assert.equal(site.model, 'openai/gpt-4o-mini');
  assert.equal(site.messages.length, 1);
  const placeholder = site.messages[0].segments.find((segment) => segment.kind === 'dynamic');
  assert.equal(at(text, placeholder?.span), '{{text}}');
});

test('GitHub Models file without messages: a warning, and a site with no messages', () => {
  const text = 'name: draft\nmodel: openai/gpt-4.1\n';
  const result = scanPromptFile('draft.prompt.yml', text, 'github-models');
  assert.equal(result.sites[0].messages.length, 0);
  assert.equal(result.problems.length, 1);
  assert.equal(result.problems[0].severity, 'warning');
  assert.match(result.problems[0].message, /No `messages` list/);
});

test('GitHub Models only substitutes {{name}}: Jinja tags and single braces stay literal', () => {
  const text = 'model: mistral-ai/Mistral-Large-2411\nmessages:\n  - role: user\n    content: "{% if x %}{x} {{ topic }}"\n';
  const site = scanPromptFile('t.prompt.yml', text, 'github-models').sites[0];
  assert.equal(site.provider, 'mistral');
  assert.deepEqual(
    site.messages[0].segments.map((segment) => (segment.kind === 'dynamic' ? `<${segment.name}>` : segment.text)),
    ['{% if x %}{x} ', '<topic>'],
  );
  assert.equal(at(text, site.messages[0].segments[1].span), '{{ topic }}');
});
