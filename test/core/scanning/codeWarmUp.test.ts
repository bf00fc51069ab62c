// Runs in its own process: the editor's warm-up of a language leaves its first scan nothing to load or compile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanCode } from '../../../src/core/scanning/code/index';
import { loadGrammar } from '../../../src/core/scanning/code/treeSitterRuntime';
import { prepareLanguage } from '../../../src/core/scanning/code/warmUp';

const wasmDir = join(__dirname, '../../../../dist/wasm');
const fixture = readFileSync(join(__dirname, '../../../../test/fixtures/startup/code-workspace/src/ticketSummary.ts'), 'utf8');

test('after prepareLanguage, the first scan of that language reads no file and compiles no query', async () => {
  const reads: string[] = [];
  const readBundledFile = async (name: string): Promise<Uint8Array> => {
    reads.push(name);
    return new Uint8Array(readFileSync(join(wasmDir, name)));
  };
  await prepareLanguage('typescript', readBundledFile);
  assert.deepEqual(reads, ['tree-sitter-typescript.wasm', 'tree-sitter.wasm']); // the grammar is asked for first: the reads overlap
  const grammar = await loadGrammar('typescript', readBundledFile);
  assert.equal(grammar.queries.size, 1);

  const result = await scanCode('src/ticketSummary.ts', fixture, 'typescript', { readBundledFile });
  assert.deepEqual(result.sites.map((site) => [site.model, site.maxOutputTokens]), [['gpt-4o', null], ['gpt-4o-mini', 200]]);
  assert.deepEqual(reads, ['tree-sitter-typescript.wasm', 'tree-sitter.wasm'], 'the scan read a file the warm-up had read');
  assert.equal(grammar.queries.size, 1, 'the scan compiled a query the warm-up had not');
});

test('prepareLanguage given the open document compiles the query its scan runs: a small file, only the patterns its words and tree allow', async () => {
  const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(wasmDir, name)));
  // The same file as JavaScript (its own grammar, nothing compiled yet): no class, `this`, `+=`, `push` or `require`.
  const javascript = fixture.replace(/^export interface [^}]*\}\n/gm, '').replace(/: [A-Za-z<>[\]|' ]+(?=[,)=;{])/g, '').replace(/ as Partial<TicketSummary>/, '');
  await prepareLanguage('javascript', readBundledFile, javascript);
  const grammar = await loadGrammar('javascript', readBundledFile);
  assert.equal(grammar.queries.size, 1);
  assert.ok(grammar.partialQuery, 'a partial query');
  assert.ok(![...grammar.partialQuery.patterns].some((pattern) => /"require"|"push"|\(this\)|"\+="/.test(pattern)), 'left out the patterns the file has no words for');
  // It assigns nothing (`x = …`): no assignment pattern, though its words allow them.
  assert.ok(![...grammar.partialQuery.patterns].some((pattern) => pattern.startsWith('(assignment_expression')), 'left out the patterns its tree has no node for');

  const result = await scanCode('src/ticketSummary.js', javascript, 'javascript', { readBundledFile });
  assert.deepEqual(result.sites.map((site) => [site.model, site.maxOutputTokens]), [['gpt-4o', null], ['gpt-4o-mini', 200]]);
  assert.equal(grammar.queries.size, 1, 'the scan compiled a query the warm-up had not');
});

test('prepareLanguage parses only a document up to 16 KB for its node types; a larger one is chosen for by its words', async () => {
  const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(wasmDir, name)));
  // Over 16 KB (but a small text for the partial query): no `x = …` anywhere, yet the assignment patterns stay.
  const large = `${fixture}\n${'// padding, no code\n'.repeat(Math.ceil(16 * 1024 / 20))}`;
  assert.ok(large.length > 16 * 1024 && large.length < 64 * 1024);
  await prepareLanguage('tsx', readBundledFile, large);
  const grammar = await loadGrammar('tsx', readBundledFile);
  assert.ok(grammar.partialQuery, 'a partial query');
  assert.ok([...grammar.partialQuery.patterns].some((pattern) => pattern.startsWith('(assignment_expression')), 'kept the patterns only a tree could leave out');
  assert.ok(![...grammar.partialQuery.patterns].some((pattern) => /"push"|\(this\)/.test(pattern)), 'left out the patterns the file has no words for');
});
