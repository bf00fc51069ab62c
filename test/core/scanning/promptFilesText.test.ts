import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_PROMPT_FILE_CHARS, scanPromptFile } from '../../../src/core/scanning/promptFiles';
import { sitePlaceholders, type PromptMessage, type PromptSegment, type Span } from '../../../src/core/types';
import { takeTemplateScanSteps } from '../../../src/core/scanning/placeholders';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/prompt-files');
const read = (relative: string): string => fs.readFileSync(path.join(fixtures, relative), 'utf8');
const staticText = (message: PromptMessage): string => message.segments.map((segment) => (segment.kind === 'static' ? segment.text : '')).join('');
const at = (text: string, span: Span | undefined): string => (span ? text.slice(span.start, span.end) : '<no span>');
/** Segments as `text` for static pieces and `<name>` / `[control]` for tags, with every tag's span checked against its raw source. */
function shape(text: string, segments: PromptSegment[]): string[] {
  return segments.map((segment) => {
    if (segment.kind === 'static') return segment.text;
    assert.equal(at(text, segment.span), segment.raw);
    return segment.control ? `[${segment.name}]` : `<${segment.name}>`;
  });
}

test('VS Code prompt file: front matter model and tools, body is one user message with ${input:…} and ${selection} placeholders', () => {
  const relative = '.github/prompts/react-form.prompt.md';
  const text = read(relative);
  const result = scanPromptFile(relative, text, 'vscode-prompt');
  assert.deepEqual(result.problems, []);
  const site = result.sites[0];
  assert.equal(site.api, 'vscode-prompt');
  assert.equal(site.model, 'Claude Sonnet 4');
  assert.equal(site.provider, 'anthropic');
  assert.deepEqual(site.modelSpan, { start: 25, end: 40 });
  assert.equal(site.maxOutputTokens, null);
  assert.equal(site.capParameter, undefined);
  assert.equal(site.details?.capSupported, false);
  assert.deepEqual(site.details?.tools, ['codebase', 'editFiles']);
  assert.equal(site.details?.mode, 'agent');
  assert.deepEqual(site.details?.frontMatterKeys, ['mode', 'model', 'tools', 'description']);
  assert.equal(site.messages.length, 1);
  const [message] = site.messages;
  assert.equal(message.role, 'user');
  assert.deepEqual(shape(text, message.segments), [
    'Your goal is to generate a new React form component named ',
    '<input:formName>',
    '.\n\nUse the selected code as the field list:\n',
    '<selection>',
    '\n\nRequirements:\n* Use `react-hook-form` for form state; put the file next to ',
    '<file>',
    '.\n* Keep the component in ',
    '<workspaceFolder>',
    '/src/forms.\n',
  ]);
  assert.deepEqual(message.segments[1].span, { start: 187, end: 211 });
  assert.equal(message.segments[1].kind === 'dynamic' && message.segments[1].raw, '${input:formName:MyForm}');
  assert.deepEqual(message.span, { start: 129, end: text.length });
  assert.equal(at(text, site.anchor), 'Your goal is to generate a new React form component named ${input:formName:MyForm}.');
});

test('VS Code prompt file without front matter: whole text is the message, no model', () => {
  const text = 'Explain ${selectedText} in one paragraph.\n';
  const site = scanPromptFile('explain.prompt.md', text, 'vscode-prompt').sites[0];
  assert.equal(site.model, null);
  assert.equal(site.provider, null);
  assert.deepEqual(shape(text, site.messages[0].segments), ['Explain ', '<selectedText>', ' in one paragraph.\n']);
});

test('Jinja template: filters reduce to the variable, whitespace markers, comments dropped, raw blocks literal, final newline dropped', () => {
  const relative = 'templates/support-reply.jinja';
  const text = read(relative);
  const result = scanPromptFile(relative, text, 'template');
  assert.deepEqual(result.problems, []);
  const site = result.sites[0];
  assert.equal(site.api, 'template');
  assert.equal(site.details?.engine, 'jinja');
  assert.equal(site.model, null);
  assert.equal(site.maxOutputTokens, null);
  assert.deepEqual(shape(text, site.messages[0].segments), [
    '\nYou are a support agent for ',
    '<company>',
    '.\n',
    '[if customer.vip]',
    'Prioritize this VIP customer.',
    '[endif]',
    '\nRecent orders:\n',
    '[for order in orders]',
    '\n- ',
    '<order.id>',
    ' (',
    '<order.status>',
    ')\n',
    '[endfor]',
    '\n',
    '[raw]',
    'Reply in JSON like {{"answer": "..."}}',
    '[endraw]',
    '\nQuestion: ',
    '<question>',
  ]);
  const company = site.messages[0].segments[1];
  assert.deepEqual(company.span, { start: 96, end: 117 });
  assert.equal(at(text, company.span), '{{ company | upper }}');
});

test('Handlebars template: {{#each}} and comment lines standalone, triple-stash is a placeholder', () => {
  const relative = 'templates/order-summary.hbs';
  const text = read(relative);
  const site = scanPromptFile(relative, text, 'template').sites[0];
  assert.equal(site.details?.engine, 'handlebars');
  assert.deepEqual(shape(text, site.messages[0].segments), [
    'Summarize this order for ',
    '<customer.name>',
    ':\n',
    '[#each items]',
    '  - ',
    '<quantity>',
    ' x ',
    '<title>',
    '\n',
    '[/each]',
    'Total: ',
    '<total>',
    '\n',
  ]);
  const total = site.messages[0].segments[11];
  assert.deepEqual(total.span, { start: 148, end: 159 });
});

test('plain prompt: {x} and {{x}} placeholders, JSON braces and escaped braces stay literal', () => {
  const relative = 'prompts/classify.txt';
  const text = read(relative);
  const site = scanPromptFile(relative, text, 'plain').sites[0];
  assert.equal(site.api, 'plain');
  assert.deepEqual(shape(text, site.messages[0].segments), [
    'Classify the customer message into one of ',
    '<categories>',
    '.\nReply with JSON like {"category": "billing", "confidence": 0.9}.\nCustomer (',
    '<customer.tier>',
    '): ',
    '<message>',
    '\nEscaped braces stay literal: {{"label": "',
    '<label>',
    '"}} and {}.\n',
  ]);
  const spans = site.messages[0].segments.filter((segment) => segment.kind === 'dynamic').map((segment) => segment.span);
  assert.deepEqual(spans, [
    { start: 42, end: 54 },
    { start: 131, end: 146 },
    { start: 149, end: 160 },
    { start: 202, end: 209 },
  ]);
});

test('plain prompt without placeholders: the static text is the file text exactly', () => {
  const relative = 'prompts/style-guide.md';
  const text = read(relative);
  const site = scanPromptFile(relative, text, 'plain').sites[0];
  assert.equal(site.messages.length, 1);
  assert.equal(site.messages[0].segments.length, 1);
  assert.equal(staticText(site.messages[0]), text);
  assert.deepEqual(site.messages[0].segments[0].span, { start: 0, end: text.length });
  assert.equal(at(text, site.anchor), '# Writing style');
});

test('plain prompt with CRLF line endings: static text keeps CRLF exactly', () => {
  const relative = 'prompts/crlf-invoice.txt';
  const text = read(relative);
  assert.ok(text.includes('\r\n'));
  const site = scanPromptFile(relative, text, 'plain').sites[0];
  assert.deepEqual(shape(text, site.messages[0].segments), [
    'You answer questions about invoices.\r\nCustomer: ',
    '<customer_name>',
    '\r\nQuestion: ',
    '<question>',
    '\r\n',
  ]);
  assert.equal(at(text, site.anchor), 'You answer questions about invoices.');
});

test('byte order mark: not part of the prompt text, spans still count it', () => {
  const relative = 'prompts/bom.txt';
  const text = read(relative);
  assert.equal(text.charCodeAt(0), 0xfeff);
  const site = scanPromptFile(relative, text, 'plain').sites[0];
  assert.equal(staticText(site.messages[0]), 'You are a concise assistant.\nAnswer in .\n');
  assert.equal(staticText(site.messages[0]) + '', text.slice(1).replace('{language}', ''));
  const language = site.messages[0].segments[1];
  assert.deepEqual(language.span, { start: 40, end: 50 });
  assert.equal(at(text, language.span), '{language}');
  assert.deepEqual(site.span, { start: 0, end: text.length });
  assert.deepEqual(site.anchor, { start: 1, end: 29 });
});

test('byte order mark before prompty front matter: the front matter is still found', () => {
  const text = '\ufeff---\nmodel:\n  id: gpt-4o-mini\n---\nuser:\nHi\n';
  const result = scanPromptFile('bom.prompty', text, 'prompty');
  assert.deepEqual(result.problems, []);
  assert.equal(result.sites[0].model, 'gpt-4o-mini');
  assert.equal(at(text, result.sites[0].modelSpan), 'gpt-4o-mini');
  assert.deepEqual(result.sites[0].messages.map((message) => [message.role, staticText(message)]), [['user', 'Hi']]);
});

test('empty plain prompt: one user message with no segments', () => {
  const result = scanPromptFile('prompts/empty.txt', read('prompts/empty.txt'), 'plain');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.sites[0].messages, [{ role: 'user', segments: [], span: { start: 0, end: 0 } }]);
});

test('binary junk: no site, one warning, for every kind', () => {
  const junk = read('malformed/junk.prompty');
  for (const kind of ['prompty', 'github-models', 'vscode-prompt', 'template', 'plain'] as const) {
    const result = scanPromptFile('malformed/junk.prompty', junk, kind);
    assert.deepEqual(result.sites, []);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0].severity, 'warning');
    assert.match(result.problems[0].message, /binary/);
  }
});

test('control-character junk without NUL bytes is also rejected as binary', () => {
  const junk = '\u0001\u0002\u0003\ufffd\ufffd'.repeat(50) + 'hello';
  const result = scanPromptFile('prompts/x.txt', junk, 'plain');
  assert.deepEqual(result.sites, []);
  assert.match(result.problems[0].message, /binary/);
});

test('a 2 MB plain prompt is scanned whole, placeholders found, its template read a bounded number of times', () => {
  const paragraph = 'Review the following pull request carefully and list every risky change with its file name.\n';
  let text = '';
  while (text.length < 2 * 1024 * 1024) text += paragraph;
  text += 'Diff: {diff}\n';
  takeTemplateScanSteps();
  const result = scanPromptFile('prompts/huge.txt', text, 'plain');
  const steps = takeTemplateScanSteps();
  assert.deepEqual(result.problems, []);
  const segments = result.sites[0].messages[0].segments;
  assert.equal(segments.length, 3);
  assert.equal(segments[1].kind === 'dynamic' && segments[1].name, 'diff');
  assert.equal(at(text, segments[1].span), '{diff}');
  assert.equal(staticText(result.sites[0].messages[0]), text.replace('{diff}', ''));
  assert.ok(steps <= 6 * text.length, `${steps} steps for ${text.length} characters`);
});

test('a 2 MB prompty whose body is unclosed tags and braces is scanned in linear work (a quadratic scan takes minutes)', () => {
  const text = '---\nmodel:\n  id: gpt-4o\n---\nuser:\n' + '{{ {% {# ${ {x '.repeat(140_000);
  assert.ok(text.length > 2_000_000);
  takeTemplateScanSteps();
  const result = scanPromptFile('huge.prompty', text, 'prompty');
  const steps = takeTemplateScanSteps();
  assert.equal(result.sites.length, 1);
  assert.equal(result.sites[0].messages.length, 1);
  // Counted work, not time: the bound guards growth whatever the machine's load.
  assert.ok(steps <= 6 * text.length, `${steps} steps for ${text.length} characters`);
});

test('text over the size limit: not scanned, one warning', () => {
  const result = scanPromptFile('prompts/giant.txt', 'a'.repeat(MAX_PROMPT_FILE_CHARS + 1), 'plain');
  assert.deepEqual(result.sites, []);
  assert.equal(result.problems.length, 1);
  assert.match(result.problems[0].message, /limit/);
});

test('template with an unclosed `{{`: one warning on the opener, the tag kept as literal text, later placeholders still found', () => {
  const text = 'Remind {{ name }}: {{ amount_due, see below.\n\n{{ link }}\n';
  const result = scanPromptFile('prompts/reminder.jinja', text, 'template');
  assert.deepEqual(result.problems, [
    {
      file: 'prompts/reminder.jinja',
      severity: 'warning',
      message: '`{{` is not closed by `}}` before the next tag or the end of the text: it is counted as literal text, and the template engine would reject it.',
      span: { start: 19, end: 21 },
    },
  ]);
  assert.deepEqual(shape(text, result.sites[0].messages[0].segments), ['Remind ', '<name>', ': {{ amount_due, see below.\n\n', '<link>']);
});

test('handlebars template whose `{{#if` is never closed: one warning naming `}}`', () => {
  const text = 'A {{#if vip\nB';
  const result = scanPromptFile('prompts/a.hbs', text, 'template');
  assert.deepEqual(result.problems.map((problem) => [problem.span, problem.message.slice(0, 26)]), [[{ start: 2, end: 4 }, '`{{` is not closed by `}}`']]);
});

test('plain prompt with a lone `{{`: literal brace text, no problem', () => {
  const result = scanPromptFile('prompts/a.txt', 'Reply with {{ "ok": true and {name}.', 'plain');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(sitePlaceholders(result.sites[0]), ['name']);
});

test('thousands of unclosed tags: twenty warnings one by one, then one that counts the rest', () => {
  const text = '{% x '.repeat(5000);
  const result = scanPromptFile('prompts/junk.j2', text, 'template');
  assert.equal(result.problems.length, 21);
  assert.deepEqual(result.problems[19].span, { start: 95, end: 97 });
  assert.deepEqual(result.problems[20], { file: 'prompts/junk.j2', severity: 'warning', message: '4980 more unclosed template tags are not listed one by one.', span: { start: 100, end: 102 } });
});

test('VS Code prompt with blank lines after the front matter: the message and anchor start on the first line with text', () => {
  const text = '---\nmodel: GPT-4.1\n---\n\n  \nWrite tests for ${file}.\n';
  const site = scanPromptFile('.github/prompts/t.prompt.md', text, 'vscode-prompt').sites[0];
  assert.deepEqual(site.messages[0].span, { start: 27, end: text.length });
  assert.equal(at(text, site.anchor), 'Write tests for ${file}.');
  assert.equal(staticText(site.messages[0]), '\n  \nWrite tests for .\n', 'the sent text is unchanged');
});

test('template starting with blank lines: the message starts on its first line with text', () => {
  const text = '\n\n{# header #}\nHello {{ who }}\n';
  const site = scanPromptFile('prompts/h.jinja', text, 'template').sites[0];
  assert.deepEqual(site.messages[0].span, { start: 2, end: text.length });
});
