// A small text's first scan may compile only the query patterns it can match (`; needs:` words, `queryForText`): the
// patterns left out must match nothing there, so every fixture's matches are the same as with the whole list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath } from '../../../src/core/scanning/code/index';
import { languageQuery, parseQueryFile } from '../../../src/core/scanning/code/queryFiles';
import { compiledQuery, loadGrammar, PARTIAL_QUERY_MAX_CHARS, parseBounded, queryForText, queryMatches, type LoadedGrammar } from '../../../src/core/scanning/code/treeSitterRuntime';
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
});

test('every code fixture matches the same captures with the patterns its words allow as with the whole list', async () => {
  const files = codeFixtureFiles(fixturesRoot);
  let compared = 0;
  let partial = 0;
  for (const file of files) {
    const language = codeLanguageForPath(file);
    if (!language) continue;
    const text = readFileSync(file, 'utf8');
    const { patterns, needs } = await languageQuery(language);
    if (needs.size === 0 || text.length > PARTIAL_QUERY_MAX_CHARS) continue;
    const grammar = await loadGrammar(languageFacts(language).grammar, readBundledFile);
    const parsed = parseBounded(grammar, text);
    if (!parsed.tree) continue;
    const wanted = patterns.filter((pattern) => needs.get(pattern)?.some((word) => text.includes(word)) ?? true);
    const captures = (list: readonly string[]) => queryMatches(compiledQuery(grammar, list), parsed.tree!.rootNode).matches
      .map((match) => match.captures.map((capture) => `${capture.name}@${capture.node.startIndex}-${capture.node.endIndex}`).join(' '));
    assert.deepEqual(captures(wanted), captures(patterns), file);
    parsed.tree.delete();
    compared++;
    if (wanted.length < patterns.length) partial++;
  }
  // The fixtures hold files of every kind: most leave some patterns out.
  assert.ok(compared >= 100, `compared ${compared} files`);
  assert.ok(partial >= compared / 2, `${partial} of ${compared} files left patterns out`);
});

test('only a warm-up compiles a partial query, once per grammar; a text it cannot serve, or a large one, runs the whole list', async () => {
  const { patterns, needs } = await languageQuery('typescript');
  const scanned = await freshGrammar('typescript');
  // A scan (the CLI's, a workspace audit's) compiles the whole list at once.
  assert.equal(queryForText(scanned, patterns, needs, 'const x = 1;\n').partial, false);
  assert.equal(scanned.partialQuery, null);

  const grammar = await freshGrammar('typescript');
  const first = queryForText(grammar, patterns, needs, 'import OpenAI from "openai";\nconst client = new OpenAI();\n', true);
  assert.equal(first.partial, true);
  assert.equal(grammar.queries.size, 1);
  // Needs fewer patterns: the partial query serves it.
  assert.equal(queryForText(grammar, patterns, needs, 'const x = 1;\n').query, first.query);
  // Needs `push`, which the partial query left out: the whole list.
  const other = queryForText(grammar, patterns, needs, 'messages.push({ role: "user" });\n');
  assert.equal(other.partial, false);
  assert.equal(other.query, compiledQuery(grammar, patterns));
  // Once the whole list is compiled, every text runs it.
  assert.equal(queryForText(grammar, patterns, needs, 'const x = 1;\n', true).partial, false);
  assert.equal(grammar.queries.size, 2);

  const large = await freshGrammar('typescript');
  assert.equal(queryForText(large, patterns, needs, `const x = 1;\n${' '.repeat(PARTIAL_QUERY_MAX_CHARS)}`, true).partial, false);
  assert.equal(large.partialQuery, null);
});
