import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';
import type { PromptFileKind } from '../../../src/core/scanning/promptFileKinds';

const kinds: PromptFileKind[] = ['prompty', 'github-models', 'vscode-prompt', 'template', 'plain'];

// Shapes real files get wrong: wrong types where maps or lists belong, aliases, stray fences, odd scalars.
const awkwardInputs = [
  '---\n- a\n- b\n---\nuser:\nhi\n',
  '---\nmodel: [1, 2]\ntemplate: 5\ninputs: [x]\nsample: text\n---\n',
  '---\nmodel:\n  id: 42\n  options:\n    maxOutputTokens: -5\n---\nuser:\n',
  'messages: "just a string"\nmodel: 7\n',
  'messages:\n  - 1\n  - role: 5\n    content: {a: b}\n  - role: user\n',
  'base: &b {role: user, content: "hi {{x}}"}\nmessages:\n  - *b\n  - *b\n',
  '---\n---\n---\n',
  '\ufeff',
  '\r\n\r\n',
  '{{#each}}{{/each}}{% for %}{% endfor %}{# #}{{!}}${}{}',
  'system:\nuser:\nassistant:\n',
];

test('awkward but textual inputs never throw and never hit the internal-error path, for every kind', () => {
  for (const kind of kinds) {
    for (const text of awkwardInputs) {
      const result = scanPromptFile(`awkward.${kind}`, text, kind);
      assert.equal(result.sites.length, 1, `${kind}: ${JSON.stringify(text)}`);
      for (const problem of result.problems) {
        assert.doesNotMatch(problem.message, /Could not scan/, `${kind}: ${JSON.stringify(text)}`);
        if (problem.span) {
          assert.ok(problem.span.start >= 0 && problem.span.start <= problem.span.end && problem.span.end <= text.length, `${kind}: span in range`);
        }
      }
      for (const message of result.sites[0].messages) {
        for (const segment of message.segments) {
          if (segment.kind === 'dynamic' && segment.span) assert.equal(text.slice(segment.span.start, segment.span.end), segment.raw, `${kind}: ${JSON.stringify(text)}`);
        }
      }
    }
  }
});

test('a negative prompty cap is not a cap: null with a warning on the value', () => {
  const text = awkwardInputs[2];
  const result = scanPromptFile('neg.prompty', text, 'prompty');
  assert.equal(result.sites[0].maxOutputTokens, null);
  assert.deepEqual(
    result.problems.map((problem) => text.slice(problem.span!.start, problem.span!.end)),
    ['-5'],
  );
  assert.equal(result.sites[0].model, null, 'a numeric model id is not a model name');
});

test('prompty front matter that is a list, not a mapping: one error on the YAML, messages still read', () => {
  const text = awkwardInputs[0];
  const result = scanPromptFile('list.prompty', text, 'prompty');
  assert.deepEqual(result.problems.map((problem) => [problem.severity, problem.message, problem.span]), [
    ['error', 'Prompty front matter must be a YAML mapping.', { start: 4, end: 12 }],
  ]);
  assert.deepEqual(result.sites[0].messages.map((message) => message.role), ['user']);
});

test('GitHub Models messages through YAML aliases are read like written ones, located at the alias', () => {
  const text = awkwardInputs[5];
  const site = scanPromptFile('alias.prompt.yml', text, 'github-models').sites[0];
  assert.equal(site.messages.length, 2);
  for (const message of site.messages) {
    assert.equal(message.role, 'user');
    assert.deepEqual(message.segments.map((segment) => (segment.kind === 'static' ? segment.text : `<${segment.name}>`)), ['hi ', '<x>']);
    assert.equal(text.slice(message.segments[1].span!.start, message.segments[1].span!.end), '{{x}}');
  }
  assert.deepEqual(site.messages.map((message) => text.slice(message.span!.start, message.span!.end)), ['- *b', '- *b']);
  assert.notDeepEqual(site.messages[0].span, site.messages[1].span);
});

test('GitHub Models placeholder folded across lines: the scalar range stands in for the span', () => {
  const text = 'model: openai/gpt-4o\nmessages:\n  - role: user\n    content: >\n      Say {{\n      name}} twice\n';
  const site = scanPromptFile('fold.prompt.yml', text, 'github-models').sites[0];
  const segments = site.messages[0].segments;
  assert.deepEqual(
    segments.map((segment) => (segment.kind === 'static' ? segment.text : `<${segment.name}>`)),
    ['Say ', '<name>', ' twice\n'],
  );
  const contentStart = text.indexOf('Say');
  for (const segment of segments) assert.deepEqual(segment.span, { start: contentStart, end: text.length - 1 });
});
