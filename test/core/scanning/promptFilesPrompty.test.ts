import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';
import type { PromptMessage, PromptSite, Span } from '../../../src/core/types';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/prompt-files');
const read = (relative: string): string => fs.readFileSync(path.join(fixtures, relative), 'utf8');

const staticText = (message: PromptMessage): string => message.segments.map((segment) => (segment.kind === 'static' ? segment.text : '')).join('');
const placeholders = (message: PromptMessage) =>
  message.segments.flatMap((segment) => (segment.kind === 'dynamic' ? [{ name: segment.name, raw: segment.raw, span: segment.span, ...(segment.control ? { control: true } : {}) }] : []));
const at = (text: string, span: Span | undefined): string => (span ? text.slice(span.start, span.end) : '<no span>');

function onlySite(relative: string): { text: string; site: PromptSite; problems: ReturnType<typeof scanPromptFile>['problems'] } {
  const text = read(relative);
  const result = scanPromptFile(relative, text, 'prompty');
  assert.equal(result.sites.length, 1);
  return { text, site: result.sites[0], problems: result.problems };
}

function assertPlaceholderSpansMatchSource(text: string, site: PromptSite): void {
  for (const message of site.messages) {
    for (const segment of message.segments) {
      if (segment.kind === 'dynamic') assert.equal(at(text, segment.span), segment.raw);
    }
  }
}

test('v1 prompty: model from azure_deployment, cap from parameters.max_tokens, azure_openai priced as openai', () => {
  const { text, site, problems } = onlySite('prompty/faq-bot-v1.prompty');
  assert.deepEqual(problems, []);
  assert.equal(site.kind, 'prompt-file');
  assert.equal(site.api, 'prompty');
  assert.equal(site.provider, 'openai');
  assert.equal(site.model, 'gpt-4o-mini');
  assert.equal(at(text, site.modelSpan), 'gpt-4o-mini');
  assert.deepEqual(site.modelSpan, { start: 291, end: 302 });
  assert.equal(site.maxOutputTokens, 600);
  assert.equal(site.capParameter, 'max_tokens');
  assert.equal(at(text, site.capSpan), '600');
  assert.deepEqual(site.span, { start: 0, end: text.length });
  assert.equal(at(text, site.anchor), 'system:');
  assert.equal(site.details?.templateEngine, 'jinja2');
  assert.equal(site.details?.promptyVersion, 1);
  assert.equal(site.details?.providerAsWritten, 'azure_openai');
  assert.deepEqual(site.details?.frontMatterKeys, ['name', 'description', 'authors', 'model', 'sample', 'template']);
  assert.deepEqual(site.details?.sampleValues, { firstName: 'Jane', question: 'Is the Alpine Explorer tent waterproof?' });
});

test('v1 prompty body: role lines split messages, Jinja tags are placeholders or control, comments are not sent', () => {
  const { text, site } = onlySite('prompty/faq-bot-v1.prompty');
  assert.deepEqual(site.messages.map((message) => message.role), ['system', 'user']);
  const [system, user] = site.messages;
  assert.equal(
    staticText(system),
    "You are the Contoso Outdoor assistant. Answer only from the catalog excerpts below.\nIf the answer is not in the excerpts, say you don't know.\n\n# Customer\nYou are helping " +
      ' find answers to their questions.\n\n# Catalog\n' +
      '\n- ' +
      ': ' +
      '\n',
  );
  assert.deepEqual(placeholders(system), [
    { name: 'firstName', raw: '{{firstName}}', span: { start: 671, end: 684 } },
    { name: 'for item in context', raw: '{% for item in context %}', span: { start: 729, end: 754 }, control: true },
    { name: 'item.name', raw: '{{ item.name | title }}', span: { start: 757, end: 780 } },
    { name: 'item.description', raw: '{{item.description}}', span: { start: 782, end: 802 } },
    { name: 'endfor', raw: '{% endfor %}', span: { start: 803, end: 815 } , control: true },
  ]);
  assert.ok(!staticText(system).includes('history is trimmed'), 'the Jinja comment is not sent');
  assert.equal(at(text, system.span), text.slice(text.indexOf('system:\nYou are'), text.indexOf('{% endfor %}') + '{% endfor %}'.length));
  assert.equal(staticText(user), '');
  assert.deepEqual(placeholders(user), [{ name: 'question', raw: '{{question}}', span: { start: 882, end: 894 } }]);
  assert.equal(at(text, user.span), 'user:\n{{question}}');
  assertPlaceholderSpansMatchSource(text, site);
});

test('v2 prompty: model.id, provider azure priced as openai, options.maxOutputTokens, inputs samples', () => {
  const { text, site, problems } = onlySite('prompty/faq-bot-v2.prompty');
  assert.deepEqual(problems, []);
  assert.equal(site.model, 'gpt-4.1-mini');
  assert.equal(site.provider, 'openai');
  assert.equal(at(text, site.modelSpan), 'gpt-4.1-mini');
  assert.equal(site.maxOutputTokens, 800);
  assert.equal(site.capParameter, 'maxOutputTokens');
  assert.equal(at(text, site.capSpan), '800');
  assert.equal(site.details?.promptyVersion, 2);
  assert.equal(site.details?.templateEngine, 'mustache');
  assert.equal(site.details?.apiType, 'chat');
  assert.deepEqual(site.details?.sampleValues, { firstName: 'Jane', question: 'Can I wash the TrailMaster jacket?' });
});

test('v2 prompty body: text before the first role line is the system message; mustache sections on their own line take the line', () => {
  const { text, site } = onlySite('prompty/faq-bot-v2.prompty');
  assert.deepEqual(site.messages.map((message) => message.role), ['system', 'user', 'assistant']);
  const [system, user, assistant] = site.messages;
  assert.equal(staticText(system), 'You are the Contoso Outdoor assistant. Be brief and friendly.\n\n' + '* ' + ': ' + '\n');
  assert.deepEqual(placeholders(system), [
    { name: '#context', raw: '{{#context}}', span: { start: 576, end: 588 }, control: true },
    { name: 'name', raw: '{{name}}', span: { start: 591, end: 599 } },
    { name: 'description', raw: '{{description}}', span: { start: 601, end: 616 } },
    { name: '/context', raw: '{{/context}}', span: { start: 617, end: 629 }, control: true },
  ]);
  assert.equal(at(text, system.span), 'You are the Contoso Outdoor assistant. Be brief and friendly.\n\n{{#context}}\n* {{name}}: {{description}}\n{{/context}}');
  assert.equal(at(text, site.anchor), 'You are the Contoso Outdoor assistant. Be brief and friendly.');
  assert.equal(staticText(user), ' asks: ');
  assert.deepEqual(placeholders(user).map((placeholder) => placeholder.raw), ['{{firstName}}', '{{question}}']);
  assert.equal(at(text, user.span), 'user:\n{{firstName}} asks: {{question}}');
  assert.equal(staticText(assistant), 'Let me check the catalog for you.');
  assert.equal(at(text, assistant.span), 'assistant:\nLet me check the catalog for you.');
  assertPlaceholderSpansMatchSource(text, site);
});

test('prompty with ${env:…} model and cap: model null with its expression, cap non-literal, `# role:` lines', () => {
  const { text, site, problems } = onlySite('prompty/env-config.prompty');
  assert.deepEqual(problems, []);
  assert.equal(site.model, null);
  assert.equal(site.modelExpression, '${env:TRIAGE_MODEL}');
  assert.equal(at(text, site.modelSpan), '${env:TRIAGE_MODEL}');
  assert.equal(site.provider, 'openai');
  assert.equal(site.maxOutputTokens, 'non-literal');
  assert.equal(site.capParameter, 'max_tokens');
  assert.equal(at(text, site.capSpan), '${env:TRIAGE_MAX_TOKENS}');
  assert.deepEqual(site.messages.map((message) => [message.role, staticText(message)]), [
    ['system', 'Classify the support ticket into one of: billing, bug, feature, other.'],
    ['user', ''],
  ]);
  assert.equal(at(text, site.messages[1].span), '# user:\n{{ticket}}');
  assertPlaceholderSpansMatchSource(text, site);
});

test('CRLF prompty: Jinja sends LF line breaks while spans stay on the CRLF source', () => {
  const { text, site, problems } = onlySite('prompty/crlf.prompty');
  assert.ok(text.includes('\r\n'), 'fixture keeps CRLF line endings');
  assert.deepEqual(problems, []);
  assert.equal(site.model, 'gpt-4o');
  assert.equal(site.maxOutputTokens, 250);
  assert.equal(at(text, site.capSpan), '250');
  const [system, user] = site.messages;
  assert.equal(system.role, 'system');
  assert.equal(staticText(system), 'You are the Contoso assistant.\nBe brief.');
  assert.equal(at(text, system.segments[0].span), 'You are the Contoso assistant.\r\nBe brief.');
  assert.equal(at(text, system.span), 'system:\r\nYou are the Contoso assistant.\r\nBe brief.');
  assert.deepEqual(placeholders(user), [{ name: 'question', raw: '{{question}}', span: { start: 158, end: 170 } }]);
  assert.equal(at(text, site.anchor), 'system:');
});

test('malformed front matter: a located YAML problem, and the body and recoverable model data still scanned', () => {
  const { text, site, problems } = onlySite('malformed/broken-front-matter.prompty');
  assert.equal(problems.length, 1);
  assert.equal(problems[0].severity, 'error');
  assert.equal(problems[0].message, 'YAML: Flow map in block collection must be sufficiently indented and end with a }');
  assert.deepEqual(problems[0].span, { start: 68, end: 69 });
  assert.equal(at(text, { start: text.indexOf('300'), end: text.indexOf('300') + 3 }), '300');
  assert.equal(problems[0].span?.start, text.indexOf('300') + 2, 'points at the end of the unclosed flow map');
  assert.equal(site.model, 'gpt-4o');
  assert.deepEqual(site.messages.map((message) => [message.role, staticText(message)]), [
    ['system', 'You translate product copy into French.'],
    ['user', ''],
  ]);
  assert.deepEqual(placeholders(site.messages[1]), [{ name: 'text', raw: '{{text}}', span: { start: 129, end: 137 } }]);
});

test('front matter that is never closed: one error on the opening fence, body read from the first role line, settings recovered', () => {
  const text = '---\nname: x\nmodel:\n  id: gpt-4o\nuser:\nHi {{name}}\n';
  const result = scanPromptFile('open.prompty', text, 'prompty');
  assert.deepEqual(result.problems.map((problem) => [problem.severity, problem.span, problem.message]), [
    ['error', { start: 0, end: 3 }, 'Front matter opened with `---` is never closed: no later line is `---`. The prompt body is read from line 5, where the first message starts.'],
  ]);
  const site = result.sites[0];
  assert.equal(site.model, 'gpt-4o');
  assert.deepEqual(site.messages.map((message) => [message.role, staticText(message), message.span]), [['user', 'Hi ', { start: 32, end: 49 }]]);
});

test('front matter that is never closed and has no role line: the whole file is the body, no settings', () => {
  const text = '---\nmodel:\n  id: gpt-4o\nHi {{name}}\n';
  const result = scanPromptFile('open.prompty', text, 'prompty');
  assert.deepEqual(result.problems.map((problem) => problem.message), [
    'Front matter opened with `---` is never closed: no later line is `---`, so the whole file is read as the prompt body.',
  ]);
  const site = result.sites[0];
  assert.equal(site.model, null);
  assert.deepEqual(site.messages.map((message) => [message.role, staticText(message)]), [['system', '---\nmodel:\n  id: gpt-4o\nHi ']]);
});

test('front matter that is never closed and is not clean YAML before the role line: the missing fence is the only problem, no settings are guessed', () => {
  const text = '---\nmodel: {id: gpt-4o\n  user:\nsystem:\nBe brief.\n';
  const result = scanPromptFile('open.prompty', text, 'prompty');
  assert.equal(result.problems.length, 1);
  assert.match(result.problems[0].message, /read from line 4/);
  const site = result.sites[0];
  assert.equal(site.model, null);
  assert.deepEqual(site.messages.map((message) => [message.role, staticText(message)]), [['system', 'Be brief.']]);
});

test('empty prompty: one site with no messages and no problems', () => {
  const result = scanPromptFile('malformed/empty.prompty', read('malformed/empty.prompty'), 'prompty');
  assert.deepEqual(result.problems, []);
  assert.equal(result.sites.length, 1);
  assert.deepEqual(result.sites[0].messages, []);
  assert.equal(result.sites[0].model, null);
  assert.equal(result.sites[0].maxOutputTokens, null);
  assert.deepEqual(result.sites[0].span, { start: 0, end: 0 });
});

test('role lines: case-insensitive, attributes allowed, blank lines around content stripped, inner blank lines kept', () => {
  const text = 'USER:\n\n  first line\n\n  second line\n\nAssistant[name="Bot"]:\nok\n';
  const site = scanPromptFile('roles.prompty', text, 'prompty').sites[0];
  assert.deepEqual(site.messages.map((message) => [message.role, staticText(message)]), [
    ['user', '  first line\n\n  second line'],
    ['assistant', 'ok'],
  ]);
  assert.equal(at(text, site.messages[1].span), 'Assistant[name="Bot"]:\nok');
});

test('prompty cap that is not a number: null cap and a warning on the value', () => {
  const text = '---\nmodel:\n  id: gpt-4o\n  options:\n    maxOutputTokens: lots\n---\nuser:\nhi\n';
  const result = scanPromptFile('cap.prompty', text, 'prompty');
  assert.equal(result.sites[0].maxOutputTokens, null);
  assert.equal(result.problems.length, 1);
  assert.equal(result.problems[0].severity, 'warning');
  assert.equal(at(text, result.problems[0].span), 'lots');
});

test('prompty max_completion_tokens is read as the cap parameter', () => {
  const text = '---\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: o4-mini\n  parameters:\n    max_completion_tokens: 2048\n---\nuser:\nhi\n';
  const site = scanPromptFile('o4.prompty', text, 'prompty').sites[0];
  assert.equal(site.model, 'o4-mini');
  assert.equal(site.maxOutputTokens, 2048);
  assert.equal(site.capParameter, 'max_completion_tokens');
  assert.equal(at(text, site.capSpan), '2048');
});

test('prompty body with an unclosed `{%`: one warning on the opener, messages still split at role lines', () => {
  const text = '---\nmodel:\n  id: gpt-4o\n---\nsystem:\n{% if brief Be brief.\nuser:\n{{question}}\n';
  const result = scanPromptFile('open-tag.prompty', text, 'prompty');
  assert.deepEqual(result.problems.map((problem) => [problem.severity, problem.span, problem.message]), [
    ['warning', { start: 36, end: 38 }, '`{%` is not closed by `%}` before the next tag or the end of the text: it is counted as literal text, and the template engine would reject it.'],
  ]);
  assert.deepEqual(result.sites[0].messages.map((message) => [message.role, staticText(message)]), [
    ['system', '{% if brief Be brief.'],
    ['user', ''],
  ]);
});

test('a cap written as a 400-digit string is not a cap: null with a warning, never Infinity', () => {
  const text = `---\nmodel:\n  configuration:\n    name: gpt-4o\n  parameters:\n    max_tokens: "${'9'.repeat(400)}"\n---\nuser:\nHi\n`;
  const result = scanPromptFile('huge-cap.prompty', text, 'prompty');
  assert.equal(result.sites[0].maxOutputTokens, null);
  assert.deepEqual(result.problems.map((problem) => problem.message), ['`max_tokens` is not a whole number of tokens, so the output is not capped.']);
});

test('front matter after leading blank lines is still front matter (as Prompty loads it); the body starts after its fence', () => {
  const text = '\n  \n---\nname: Greeter\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o-mini\n  parameters:\n    max_tokens: 120\n---\nsystem:\nYou greet people.\n\nuser:\n{{name}}\n';
  const result = scanPromptFile('greeter.prompty', text, 'prompty');
  assert.deepEqual(result.problems, []);
  const [site] = result.sites;
  assert.equal(site.model, 'gpt-4o-mini');
  assert.equal(site.maxOutputTokens, 120);
  assert.deepEqual(site.messages.map((message) => [message.role, staticText(message)]), [['system', 'You greet people.'], ['user', '']]);
  // Text that only has blank lines and no fence is all body, as before.
  assert.equal(scanPromptFile('plain.prompt.md', '\n\nSay hi to {{name}}.\n', 'vscode-prompt').sites[0].messages.length, 1);
});
