import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPlaceholders, takeTemplateScanSteps, type PlaceholderSyntax } from '../../../src/core/scanning/placeholders';
import { classifyPromptFile, DEFAULT_PROMPT_FILE_OPTIONS } from '../../../src/core/scanning/promptFiles';

/** `text` for static pieces, `<name>` for values, `[name]` for control tags; checks every span against the raw source. */
function shape(text: string, syntaxes: PlaceholderSyntax[], baseOffset = 0): string[] {
  const document = ' '.repeat(baseOffset) + text;
  return findPlaceholders(text, baseOffset, syntaxes).map((segment) => {
    assert.ok(segment.span, 'every segment has a span');
    const source = document.slice(segment.span.start, segment.span.end);
    if (segment.kind === 'static') {
      assert.equal(source, segment.text);
      return segment.text;
    }
    assert.equal(source, segment.raw);
    return segment.control ? `[${segment.name}]` : `<${segment.name}>`;
  });
}

test('mustache: values, triple-stash, sections, inverted sections and else; partials are control tags; comments removed', () => {
  assert.deepEqual(shape('Hi {{ user.name }} {{{bio}}}{{#each items}}- {{this}}{{else}}none{{/each}}{{^vip}}!{{/vip}}{{! note }}{{> footer}}', ['mustache']), [
    'Hi ',
    '<user.name>',
    ' ',
    '<bio>',
    '[#each items]',
    '- ',
    '<this>',
    '[else]',
    'none',
    '[/each]',
    '[^vip]',
    '!',
    '[/vip]',
    '[> footer]',
  ]);
});

test('mustache: unclosed or empty tags are literal text', () => {
  assert.deepEqual(shape('a {{}} b {{ }} c {{ open', ['mustache']), ['a {{}} b {{ }} c {{ open']);
});

test('jinja: filters reduce to the variable, statements are control, comments removed, whitespace markers parsed', () => {
  assert.deepEqual(shape('{{ name | title }}{%- if x -%}Y{% endif %}{# hidden #}{{- score|round(2) -}}', ['jinja']), [
    '<name>',
    '[if x]',
    'Y',
    '[endif]',
    '<score>',
  ]);
});

test('jinja: {% raw %} content is literal even when it looks like tags', () => {
  assert.deepEqual(shape('{% raw %}{{ not_a_var }}{% endraw %} {{ real }}', ['jinja']), ['[raw]', '{{ not_a_var }}', '[endraw]', ' ', '<real>']);
});

test('vscode-input: input variables keep the name without the placeholder text; unknown ${…} stays literal', () => {
  assert.deepEqual(shape('Topic ${input:topic:Enter a topic} on ${selection} in ${fileBasename}, not ${env:HOME}', ['vscode-input']), [
    'Topic ',
    '<input:topic>',
    ' on ',
    '<selection>',
    ' in ',
    '<fileBasename>',
    ', not ${env:HOME}',
  ]);
});

test('format-braces: fields with attributes, indexes, conversions and specs; JSON, {{ }} and spaced braces are literal', () => {
  assert.deepEqual(shape('{name} {user.email} {items[0]} {x!r} {score:.2f} {"a": 1} {{literal}} { spaced } {}', ['format-braces']), [
    '<name>',
    ' ',
    '<user.email>',
    ' ',
    '<items[0]>',
    ' ',
    '<x>',
    ' ',
    '<score>',
    ' {"a": 1} {{literal}} { spaced } {}',
  ]);
});

test('mustache with format-braces: {{{identifier}}} is a triple-stash value, other {{{ runs stay literal', () => {
  assert.deepEqual(shape('<c>\n{{{context}}}\n</c> `{{{{` {{{ a b }}} {{{x}}', ['mustache', 'format-braces']), ['<c>\n', '<context>', '\n</c> `{{{{` {{{ a b }}} {{', '<x>', '}']);
});

test('mustache with format-braces: only {{identifier}} is a mustache tag', () => {
  assert.deepEqual(shape('{{topic}} {{"k": "{v}"}} {{#each}}', ['mustache', 'format-braces']), ['<topic>', ' {{"k": "', '<v>', '"}} {{#each}}']);
});

test('dollar-braces: nested braces balance, unclosed ${ is literal', () => {
  assert.deepEqual(shape('A ${user.name} B ${fmt({ a: 1 })} C ${ open', ['dollar-braces']), ['A ', '<user.name>', ' B ', '<fmt({ a: 1 })>', ' C ${ open']);
});

test('mustache names beside format braces and ${…} expressions longer than 512 characters are not placeholders', () => {
  const long = 'x'.repeat(600);
  assert.deepEqual(shape(`\${${long}} \${ok}`, ['dollar-braces']), [`\${${long}} `, '<ok>']);
  assert.deepEqual(shape(`{{${long}}} {{ok}}`, ['mustache', 'format-braces']), [`{{${long}}} `, '<ok>']);
});

test('baseOffset shifts every span', () => {
  const segments = findPlaceholders('x {{y}}', 100, ['mustache']);
  assert.deepEqual(segments, [
    { kind: 'static', text: 'x ', span: { start: 100, end: 102 } },
    { kind: 'dynamic', name: 'y', raw: '{{y}}', span: { start: 102, end: 107 } },
  ]);
});

test('many unclosed openers are scanned in linear time', () => {
  const text = '{{ {% {# ${ ${input:x: '.repeat(100_000);
  takeTemplateScanSteps();
  const segments = findPlaceholders(text, 0, ['jinja', 'mustache', 'vscode-input', 'format-braces', 'dollar-braces']);
  const steps = takeTemplateScanSteps();
  assert.deepEqual(segments, [{ kind: 'static', text, span: { start: 0, end: text.length } }]);
  assert.ok(steps <= 6 * text.length, `${steps} steps for ${text.length} characters`);
});

test('openers that all find the same far closer read the text a bounded number of times, in every syntax', () => {
  for (const [syntax, unit] of [['mustache', '{{ a '], ['jinja', '{{ a '], ['jinja', '{% a '], ['mustache', '{{{ a ']] as const) {
    const text = unit.repeat(100_000) + '}}} %}';
    takeTemplateScanSteps();
    const segments = findPlaceholders(text, 0, [syntax]);
    const steps = takeTemplateScanSteps();
    assert.equal(segments.map((segment) => (segment.span ? segment.span.end - segment.span.start : Number.NaN)).reduce((a, b) => a + b, 0), text.length, syntax);
    assert.ok(steps <= 6 * text.length, `${syntax} ${unit}: ${steps} steps for ${text.length} characters`);
  }
});

test('classification: each extension maps to its kind; .prompt.md wins over the plain prompt globs', () => {
  const options = DEFAULT_PROMPT_FILE_OPTIONS;
  assert.equal(classifyPromptFile('src/faq.prompty', options), 'prompty');
  assert.equal(classifyPromptFile('.github/prompts/summarize.prompt.yml', options), 'github-models');
  assert.equal(classifyPromptFile('eval/summarize.prompt.yaml', options), 'github-models');
  assert.equal(classifyPromptFile('eval/classify_prompt.yml', options), 'github-models');
  assert.equal(classifyPromptFile('.github/prompts/react-form.prompt.md', options), 'vscode-prompt');
  assert.equal(classifyPromptFile('prompts/react-form.prompt.md', options), 'vscode-prompt');
  for (const template of ['prompts/a.jinja', 'a_prompt.jinja2', 'templates/prompts/a.j2', 'src/SystemPrompt.hbs', 'llm/prompt_templates/a.handlebars', 'PROMPTS/a.mustache']) {
    assert.equal(classifyPromptFile(template, options), 'template', template);
  }
  // Outside prompt-named paths these extensions are web views and config templates, not prompts.
  for (const other of ['views/layout.hbs', 'roles/nginx/templates/site.conf.j2', 'templates/email.jinja', 'a.mustache']) {
    assert.equal(classifyPromptFile(other, options), null, other);
  }
  assert.equal(classifyPromptFile('prompts/system.txt', options), 'plain');
  assert.equal(classifyPromptFile('app/prompts/agents/planner.md', options), 'plain');
  assert.equal(classifyPromptFile('app\\prompts\\planner.md', options), 'plain');
  assert.equal(classifyPromptFile('.config/prompts/hidden.txt', options), 'plain');
  assert.equal(classifyPromptFile('README.md', options), null);
  assert.equal(classifyPromptFile('docs/notes.txt', options), null);
  assert.equal(classifyPromptFile('config.yml', options), null);
});

test('classification: custom prompt globs and template globs narrow or widen what counts', () => {
  const options = { promptGlobs: ['llm/**/*.prompt', '[invalid'], templateGlobs: ['**/prompts/**'] };
  assert.equal(classifyPromptFile('llm/a/b.prompt', options), 'plain');
  assert.equal(classifyPromptFile('prompts/system.txt', options), null);
  assert.equal(classifyPromptFile('views/page.hbs', options), null);
  assert.equal(classifyPromptFile('app/prompts/reply.hbs', options), 'template');
  assert.equal(classifyPromptFile('eval/classify_prompt.yml', options), null);
  assert.equal(classifyPromptFile('eval/classify.prompt.yml', options), 'github-models');
});

test('jinja: a `{{` interrupted by the next `{{` before its `}}` is literal text, and the next tag is still found', () => {
  assert.deepEqual(shape('Due: {{ amount_due, then {{ link }}.', ['jinja']), ['Due: {{ amount_due, then ', '<link>', '.']);
  assert.deepEqual(shape('{% if x {{ y }} %}', ['jinja']), ['{% if x ', '<y>', ' %}']);
});

test('jinja: an opener inside a string literal does not interrupt the tag (`{{ "{{" }}` prints a literal `{{`)', () => {
  assert.deepEqual(shape(`a {{ '{{' }} b {{ "{%" }}`, ['jinja']), ['a ', `<'{{'>`, ' b ', '<"{%">']);
});

test('mustache: a value tag interrupted by the next `{{` is literal text; a comment still ends at the first `}}`', () => {
  assert.deepEqual(shape('Hi {{ name, {{greeting}}!', ['mustache']), ['Hi {{ name, ', '<greeting>', '!']);
  assert.deepEqual(shape('{{! see {{x }}y', ['mustache']), ['y']);
});

test('openers interrupted over and over are scanned in linear time', () => {
  const text = '{{ a {% b '.repeat(200_000) + '}} %}';
  takeTemplateScanSteps();
  const segments = findPlaceholders(text, 0, ['jinja']);
  const steps = takeTemplateScanSteps();
  assert.equal(segments.filter((segment) => segment.kind === 'dynamic').length, 1);
  assert.ok(steps <= 6 * text.length, `${steps} steps for ${text.length} characters`);
});

test("tag names are trimmed of exactly JavaScript's white space and line terminators, every UTF-16 code unit checked", () => {
  // Names are read in place by offsets; they must still equal what `trim()` of the tag body gives.
  for (let code = 0; code < 0x10000; code++) {
    const char = String.fromCharCode(code);
    if ('{}%|-+~\'"#!&/^=>'.includes(char)) continue; // template syntax, not padding
    const trims = char.trim() === '';
    for (const [syntax, text] of [['mustache', `{{${char}a${char}}}`], ['jinja', `{{${char}a ${char}| f}}`], ['jinja', `{%${char}if a${char}%}`]] as const) {
      const [segment] = findPlaceholders(text, 0, [syntax]);
      assert.equal(segment.kind, 'dynamic', `${syntax} U+${code.toString(16)}`);
      const expected = syntax === 'mustache' ? (trims ? 'a' : `${char}a${char}`) : text.startsWith('{%') ? (trims ? 'if a' : `${char}if a${char}`) : trims ? 'a' : `${char}a ${char}`;
      assert.equal(segment.kind === 'dynamic' && segment.name, expected, `${syntax} U+${code.toString(16)}`);
    }
  }
});
