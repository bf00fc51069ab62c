// The node vocabulary (each family's `vocabulary` in languages.json): every family has one, and every node type and field it names is
// one its grammars have, so a typo or a grammar update that renames a node fails here instead of reading nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, LANGUAGE_FAMILIES } from '../../../src/core/languages';
import { NODE_VOCABULARY } from '../../../src/core/scanning/code/nodeVocabulary';
import { loadGrammar } from '../../../src/core/scanning/code/treeSitterRuntime';

const repo = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(repo, 'dist/wasm', name)));

type Row = Record<string, unknown>;
const list = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : []);

/** The node types and the field names a row names, each with where it stands in the row. */
function namesIn(row: Row): { types: [string, string][]; fields: [string, string][] } {
  const types: [string, string][] = [];
  const fields: [string, string][] = [];
  const type = (where: string, value: unknown): void => list(value).forEach((name) => types.push([where, name]));
  const field = (where: string, value: unknown): void => list(value).forEach((name) => fields.push([where, name]));
  const values = row.values as Row;
  const object = row.object as Row | undefined;
  const flow = row.flow as { constructs: Record<string, Row>; sequences: string[]; exits: string[]; exitCalls?: Row } | undefined;
  field('calleeField', row.calleeField);
  const loops = row.loopSyntax as Record<string, Record<string, unknown>> | undefined;
  if (loops) {
    for (const key of ['forEach', 'forEachVariable', 'forEachKeyword', 'counting', 'conditional']) type(`loopSyntax.${key}`, Object.keys(loops[key] ?? {}));
    field('loopSyntax.forEach', [...Object.values(loops.forEach ?? {}), ...Object.values(loops.forEachVariable ?? {})]);
    field('loopSyntax.conditional', Object.values(loops.conditional ?? {}));
    field('loopSyntax.counting', Object.values((loops.counting ?? {}) as Record<string, Row>).flatMap((spec) => [spec.initializer, spec.condition]));
    for (const key of ['lists', 'integers', 'functions', 'exits']) type(`loopSyntax.${key}`, loops[key]);
    type('loopSyntax.rangeCall', (loops.rangeCall as Row | undefined)?.type);
    type('loopSyntax.comparison', (loops.comparison as Row | undefined)?.type);
    const comparison = loops.comparison as Row | undefined;
    field('loopSyntax.comparison', [comparison?.left, comparison?.right, comparison?.operator].filter(Boolean));
  }
  const prompts = row.prompts as Row | undefined;
  type('prompts.values', prompts?.values);
  type('prompts.call', prompts?.call);
  type('constructorCalls', row.constructorCalls);
  type('taggedTemplate', row.taggedTemplate);
  for (const [member, [objectField, nameField]] of Object.entries(row.members as Record<string, string[]>)) {
    type('members', member);
    field(`members.${member}`, [objectField, nameField]);
  }
  type('memberCalls', row.memberCalls);
  for (const [call, spec] of Object.entries((row.chainCalls ?? {}) as Record<string, { callee: string }>)) {
    type('chainCalls', call);
    field(`chainCalls.${call}`, spec.callee);
  }
  const subscript = row.subscript as Row | undefined;
  if (subscript) {
    type('subscript', subscript.type);
    field('subscript', [subscript.object, subscript.index]);
  }
  for (const key of ['wrappers', 'names', 'listSpread', 'loops', 'functions']) type(key, row[key]);
  if (object) for (const key of ['pair', 'shorthand', 'spread', 'keyed', 'unkeyed']) type(`object.${key}`, object[key]);
  if (flow) {
    for (const [construct, spec] of Object.entries(flow.constructs)) {
      type('flow.constructs', construct);
      type(`flow.${construct}.bodyTypes`, spec.bodyTypes);
      type(`flow.${construct}.completeWith`, (spec.completeWith as Row | undefined)?.types);
      type(`flow.${construct}.emptyCase`, (spec.emptyCase as Row | undefined)?.labelTypes);
      field(`flow.${construct}`, [...list(spec.bodyFields), ...list(spec.bodiesIn), ...list((spec.completeWith as Row | undefined)?.field), ...list(spec.completeWhenEnds), ...list((spec.emptyCase as Row | undefined)?.statementField)]);
    }
    type('flow.sequences', flow.sequences);
    type('flow.exits', flow.exits);
    type('flow.exitCalls', flow.exitCalls?.types);
  }
  for (const key of ['wrappers', 'numbers', 'nulls', 'identifiers', 'objects', 'lists', 'negation', 'calls', 'memberAccess', 'literalLike']) type(`values.${key}`, values[key]);
  type('values.binary', (values.binary as Row | undefined)?.type);
  const reads = values.memberReads as { subscript?: Row; self: Row } | undefined;
  if (reads?.subscript) {
    type('values.memberReads.subscript', [reads.subscript.type, ...list(reads.subscript.keyTypes), ...list(reads.subscript.indexTypes)]);
    field('values.memberReads.subscript', [reads.subscript.object, reads.subscript.index]);
  }
  type('values.memberReads.self', reads?.self.types);
  return { types, fields };
}

test('every language family has a node vocabulary', () => {
  for (const language of LANGUAGES) assert.equal(NODE_VOCABULARY[language.family]?.family, language.family, language.id);
});

test('every node type and field the node vocabulary names exists in a grammar of its family', async () => {
  for (const { family, vocabulary } of LANGUAGE_FAMILIES) {
    const row = vocabulary as Row;
    const grammars = await Promise.all([...new Set(LANGUAGES.filter((language) => language.family === family).map((language) => language.grammar))].map((name) => loadGrammar(name, readBundledFile)));
    assert.ok(grammars.length > 0, `${family} has a grammar`);
    const { types, fields } = namesIn(row);
    const missingTypes = types.filter(([, name]) => !grammars.some(({ language }) => language.idForNodeType(name, true) !== null || language.idForNodeType(name, false) !== null));
    const missingFields = fields.filter(([, name]) => !grammars.some(({ language }) => language.fieldIdForName(name) !== null));
    assert.deepEqual([...missingTypes, ...missingFields], [], family);
  }
});

test('the table reads into sets, patterns and operators: JavaScript `/` divides, Python `//` floors, numbers lose their suffix', () => {
  assert.equal(NODE_VOCABULARY.javascript.values.binary?.arithmetic.get('/')?.(7, 2), 3.5);
  assert.equal(NODE_VOCABULARY.python.values.binary?.arithmetic.get('//')?.(7, 2), 3);
  assert.equal('10L'.replace(NODE_VOCABULARY.java.values.numberSuffix!, ''), '10');
  assert.ok(NODE_VOCABULARY.go.flow?.exitCalls?.callee.test('log.Fatalf'));
  assert.ok(NODE_VOCABULARY.ruby.memberCalls?.has('call'));
});
