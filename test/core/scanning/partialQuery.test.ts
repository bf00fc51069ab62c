// A small text's first scan may compile only the query patterns it can match (`; needs:` words and the node types of its
// tree, `queryForText`): the patterns left out must match nothing there, so every fixture's matches are the same as with
// the whole list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath } from '../../../src/core/scanning/code/index';
import { languageQuery, parseQueryFile, rootTypes } from '../../../src/core/scanning/code/queryFiles';
import { compiledQuery, loadGrammar, PARTIAL_QUERY_MAX_CHARS, parseBounded, patternsFor, queryForText, queryMatches, type LoadedGrammar, type Node } from '../../../src/core/scanning/code/treeSitterRuntime';
import { languageFacts, type CodeLanguage } from '../../../src/core/languages';
import { codeFixtureFiles } from './codeFixtureFiles';

const fixturesRoot = join(__dirname, '../../../../test/fixtures');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(__dirname, '../../../../dist/wasm', name)));

/** A fresh grammar record (no compiled queries) sharing the loaded language and parser. */
async function freshGrammar(language: CodeLanguage): Promise<LoadedGrammar> {
  const loaded = await loadGrammar(languageFacts(language).grammar, readBundledFile);
  return { ...loaded, queries: new Map(), droppedPatterns: [], partialQuery: null };
}

test('`; needs:` names the words a pattern needs; other patterns have none', () => {
  const text = ['(a) @x', '; x += …', '; needs: +=', '(b) @y', '; only: javascript', '; needs: push unshift', '(c) @z', '(d) @w'].join('\n');
  const parsed = parseQueryFile(text, 'javascript');
  assert.deepEqual(parsed.patterns, ['(a) @x', '(b) @y', '(c) @z', '(d) @w']);
  assert.deepEqual([...parsed.needs], [['(b) @y', ['+=']], ['(c) @z', ['push', 'unshift']]]);
  assert.deepEqual([...parseQueryFile(text, 'python').needs], [['(b) @y', ['+=']]]);
  assert.deepEqual([...parsed.roots], [['(a) @x', ['a']], ['(b) @y', ['b']], ['(c) @z', ['c']], ['(d) @w', ['d']]]);
});

test("a pattern's top node types: one typed node, or an alternation of typed nodes; nothing else", () => {
  assert.deepEqual(rootTypes('(call_expression function: (_) @callee) @call'), ['call_expression']);
  assert.deepEqual(rootTypes('(pair key: [(property_identifier) (string)] @name value: (_) @value)'), ['pair']);
  assert.deepEqual(rootTypes('[ (function_declaration) (arrow_function body: (_) @b) ] @scope.function'), ['function_declaration', 'arrow_function']);
  assert.deepEqual(rootTypes('(a (b ")" @x) "(") @y'), ['a']);
  for (const pattern of ['(_) @x', '"=" @operator', '((identifier) @x (#eq? @x "y"))', '(comment)+ @doc', '(comment)* @doc', '[(a) (b)]? @x', '[(a) "b"] @x', '(expression/identifier) @x', '(ERROR) @e', '(MISSING) @m']) {
    assert.equal(rootTypes(pattern), null, pattern);
  }
});

test('every code fixture matches the same captures with the patterns its words and tree allow as with the whole list', async () => {
  const files = codeFixtureFiles(fixturesRoot);
  let compared = 0;
  let byWords = 0;
  let byTree = 0;
  for (const file of files) {
    const language = codeLanguageForPath(file);
    if (!language) continue;
    const text = readFileSync(file, 'utf8');
    const query = await languageQuery(language);
    const { patterns, needs } = query;
    if (needs.size === 0 || text.length > PARTIAL_QUERY_MAX_CHARS) continue;
    const grammar = await loadGrammar(languageFacts(language).grammar, readBundledFile);
    const parsed = parseBounded(grammar, text);
    if (!parsed.tree) continue;
    const root = parsed.tree.rootNode;
    const wordsOnly = patternsFor(patterns, query, text);
    const wanted = patternsFor(patterns, query, text, root);
    const captures = (list: readonly string[]) => queryMatches(compiledQuery(grammar, list), root).matches
      .map((match) => match.captures.map((capture) => `${capture.name}@${capture.node.startIndex}-${capture.node.endIndex}`).join(' '));
    assert.deepEqual(captures(wanted), captures(patterns), file);
    parsed.tree.delete();
    compared++;
    if (wordsOnly.length < patterns.length) byWords++;
    if (wanted.length < wordsOnly.length) byTree++;
  }
  // The fixtures hold files of every kind: most leave some patterns out, and many leave out more by their tree.
  assert.ok(compared >= 100, `compared ${compared} files`);
  assert.ok(byWords >= compared / 2, `${byWords} of ${compared} files left patterns out by their words`);
  assert.ok(byTree >= compared / 2, `${byTree} of ${compared} files left more out by their tree`);
});

test('a type no tree search can find (a supertype such as `expression`) keeps its pattern', async () => {
  const grammar = await loadGrammar('typescript', readBundledFile);
  const parsed = parseBounded(grammar, 'x = 1;\n');
  const root = parsed.tree!.rootNode;
  const patterns = ['(expression) @e', '(class_declaration) @c', '(not_a_node_type) @n', '(assignment_expression) @a'];
  const selection = { needs: new Map(), roots: new Map(patterns.map((pattern) => [pattern, rootTypes(pattern)!])) };
  assert.deepEqual(patternsFor(patterns, selection, 'x = 1;\n', root), ['(expression) @e', '(not_a_node_type) @n', '(assignment_expression) @a']);
  // The premise: `(expression)` matches nodes whose own type is a subtype's.
  assert.ok(queryMatches(compiledQuery(grammar, ['(expression) @e']), root).matches.length > 0);
  parsed.tree!.delete();
});

test('only a warm-up compiles a partial query, once per grammar; a text it cannot serve, or a large one, runs the whole list', async () => {
  const query = await languageQuery('typescript');
  const { patterns } = query;
  const scanned = await freshGrammar('typescript');
  const treeOf = (text: string): Node => parseBounded(scanned, text).tree!.rootNode;
  // A scan (the CLI's, a workspace audit's) compiles the whole list at once.
  const declaration = 'const x = 1;\n';
  assert.equal(queryForText(scanned, patterns, query, declaration, { tree: treeOf(declaration) }).partial, false);
  assert.equal(scanned.partialQuery, null);

  const grammar = await freshGrammar('typescript');
  const opened = 'import OpenAI from "openai";\nconst client = new OpenAI();\n';
  const first = queryForText(grammar, patterns, query, opened, { tree: treeOf(opened), mayCompilePartial: true });
  assert.equal(first.partial, true);
  assert.equal(grammar.queries.size, 1);
  // No `x = …` in its tree: the assignment patterns are left out, though no word rules them out.
  assert.ok(![...grammar.partialQuery!.patterns].some((pattern) => pattern.startsWith('(assignment_expression')));
  // A text that needs no more: the partial query serves it.
  assert.equal(queryForText(grammar, patterns, query, declaration, { tree: treeOf(declaration) }).query, first.query);
  // Without its tree, its words alone allow the assignment patterns: the whole list.
  assert.equal(queryForText(grammar, patterns, query, declaration).partial, false);
  assert.equal(grammar.queries.size, 2);

  const assigning = await freshGrammar('typescript');
  queryForText(assigning, patterns, query, opened, { tree: treeOf(opened), mayCompilePartial: true });
  // An assignment in the tree, or `push` in the words: patterns the partial query left out, so the whole list.
  const assignment = 'let x;\nx = 1;\n';
  assert.equal(queryForText(assigning, patterns, query, assignment, { tree: treeOf(assignment) }).partial, false);
  const pushing = await freshGrammar('typescript');
  queryForText(pushing, patterns, query, opened, { tree: treeOf(opened), mayCompilePartial: true });
  const push = 'messages.push({ role: "user" });\n';
  const other = queryForText(pushing, patterns, query, push, { tree: treeOf(push) });
  assert.equal(other.partial, false);
  assert.equal(other.query, compiledQuery(pushing, patterns));
  // Once the whole list is compiled, every text runs it.
  assert.equal(queryForText(pushing, patterns, query, declaration, { tree: treeOf(declaration), mayCompilePartial: true }).partial, false);
  assert.equal(pushing.queries.size, 2);

  const large = await freshGrammar('typescript');
  assert.equal(queryForText(large, patterns, query, `const x = 1;\n${' '.repeat(PARTIAL_QUERY_MAX_CHARS)}`, { mayCompilePartial: true }).partial, false);
  assert.equal(large.partialQuery, null);
});
