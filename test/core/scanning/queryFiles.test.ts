// The per-language query files (queries/<adapter>.scm): how their text becomes patterns, and that every language
// row has one whose patterns load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type CodeLanguage, type GrammarName } from '../../../src/core/languages';
import { languageQuery, parseQueryFile } from '../../../src/core/scanning/code/queryFiles';

const patternsOf = (text: string, grammar: GrammarName): string[] => [...parseQueryFile(text, grammar).patterns];
const patternsOfLanguage = async (language: CodeLanguage): Promise<readonly string[]> => (await languageQuery(language)).patterns;

const repo = join(__dirname, '../../../..');

test('splits query text into one-line patterns, dropping comments and keeping strings whole', () => {
  const text = [
    '; Scopes',
    '[',
    '  (function_definition)',
    '  (lambda)',
    '] @scope.function',
    '',
    '; x += … (a comment with ( and ; inside)',
    '(augmented_assignment',
    '  left: (identifier) @name ; trailing comment',
    '  operator: "+="',
    '  right: (_) @value) @augment',
    '(call function: (identifier) @f (#eq? @f "a;(b")) @call',
  ].join('\n');
  assert.deepEqual(patternsOf(text, 'python'), [
    '[ (function_definition) (lambda) ] @scope.function',
    '(augmented_assignment left: (identifier) @name operator: "+=" right: (_) @value) @augment',
    '(call function: (identifier) @f (#eq? @f "a;(b")) @call',
  ]);
});

test('a pattern marked `; only:` is kept for the grammars it names and left out for the others', () => {
  const text = ['(a) @x', '; a TypeScript-only node', '; only: typescript tsx', '(b) @y', '; only: javascript', '(c) @z', '(d) @w'].join('\n');
  assert.deepEqual(patternsOf(text, 'typescript'), ['(a) @x', '(b) @y', '(d) @w']);
  assert.deepEqual(patternsOf(text, 'tsx'), ['(a) @x', '(b) @y', '(d) @w']);
  assert.deepEqual(patternsOf(text, 'javascript'), ['(a) @x', '(c) @z', '(d) @w']);
});

test('every language row has its adapter query file, and its call and binding patterns load', async () => {
  for (const language of LANGUAGES) {
    assert.ok(existsSync(join(repo, 'src/core/scanning/code/queries', `${language.adapter}.scm`)), `${language.id} ${language.adapter}.scm`);
    const patterns = await patternsOfLanguage(language.id);
    assert.ok(patterns.some((pattern) => /@call\b/.test(pattern)), `${language.id} has a @call pattern`);
    assert.ok(patterns.some((pattern) => /@assign\b/.test(pattern)), `${language.id} has an @assign pattern`);
  }
});

test('TypeScript and JavaScript read the same query file but each gets only the parameter patterns its grammar has', async () => {
  const typescript = await patternsOfLanguage('typescript');
  const javascript = await patternsOfLanguage('javascript');
  assert.ok(typescript.some((pattern) => pattern.startsWith('(required_parameter ')));
  assert.ok(!typescript.some((pattern) => pattern.startsWith('(formal_parameters ')));
  assert.ok(javascript.some((pattern) => pattern.startsWith('(formal_parameters ')));
  assert.ok(!javascript.some((pattern) => pattern.startsWith('(required_parameter ') || pattern.startsWith('(public_field_definition ') || pattern.startsWith('(enum_declaration ')));
  assert.deepEqual(await patternsOfLanguage('tsx'), typescript);
});
