// Flow collections past YAML_LIMITS.maxNesting: reading stops there with one located error, as for block collections.
// The collections still open at the stop are cut, not unclosed: before, each one added its own "must … end with a ]"
// error (a valid `deep: [[[…]]]` of 200 levels got 129 problems, 128 of them about brackets the text does close).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlBounded, YAML_LIMITS } from '../../../src/core/yamlLimits';

const OPTIONS = { prettyErrors: false, strict: true, uniqueKeys: false } as const;
// The hint names brackets: the indentation hint given for block collections does not apply to a valid `[[[…]]]`.
const TOO_DEEP = `collections nested more than ${YAML_LIMITS.maxNesting} deep; the rest is not read (\`[\` and \`{\` brackets open inside one another)`;
const BLOCK_CAUSE = '(a line indented less than its block above can cause this)';

function errorsOf(text: string): string[] {
  return parseYamlBounded(text, OPTIONS).errors.map((error) => `${error.code} ${error.pos[0]} ${error.message}`);
}

test('a flow sequence nested past the bound gets one located error, not one per open bracket', () => {
  // The document, the block mapping and 127 flow sequences fill 129 entries of yaml's parser stack: the 127th `[`
  // (offset 6 + 126) takes it past the bound.
  const text = `deep: ${'['.repeat(200)}${']'.repeat(200)}\n`;
  assert.deepEqual(errorsOf(text), [`RESOURCE_EXHAUSTION 132 ${TOO_DEEP}`]);
});

test('flow mappings, mixed flow collections and a root flow sequence past the bound: one error each', () => {
  // At the 127th `{` (6 + 4 · 126); at the 128th collection of a root sequence (no block mapping: the 64th `{`, 5 · 63 + 1).
  assert.deepEqual(errorsOf(`deep: ${'{a: '.repeat(200)}1${'}'.repeat(200)}\n`), [`RESOURCE_EXHAUSTION 510 ${TOO_DEEP}`]);
  assert.deepEqual(errorsOf(`${'[{a: '.repeat(100)}1${'}]'.repeat(100)}\n`), [`RESOURCE_EXHAUSTION 316 ${TOO_DEEP}`]);
  assert.deepEqual(errorsOf('['.repeat(100_000)), [`RESOURCE_EXHAUSTION 127 ${TOO_DEEP}`]);
});

test('a flow collection that is unclosed within the bound still reports its missing bracket (where yaml puts it)', () => {
  assert.deepEqual(errorsOf('deep: [[1, 2]\n'), ['BAD_INDENT 14 Flow sequence in block collection must be sufficiently indented and end with a ]']);
});

test('closing brackets on a line of their own at column 0 belong to the region: one error, the next key still read', () => {
  // The region used to end at the `]…` line: yaml then read each of its 130 brackets as an unexpected token (131 errors).
  const notRead = (lines: string) => TOO_DEEP.replace('the rest is not read', `lines ${lines} are not read`);
  const sequences = `deep: ${'['.repeat(130)}\n${']'.repeat(130)}\nafter: 1\n`;
  assert.deepEqual(errorsOf(sequences), [`RESOURCE_EXHAUSTION 132 ${notRead('1-2')}`]);
  assert.equal(parseYamlBounded(sequences, OPTIONS).get('after'), 1);
  const mappings = `deep: ${'{a: '.repeat(130)}1\n${'}'.repeat(65)}\n,${'}'.repeat(65)}\nafter: 1\n`;
  assert.deepEqual(errorsOf(mappings), [`RESOURCE_EXHAUSTION 510 ${notRead('1-3')}`]);
  assert.equal(parseYamlBounded(mappings, OPTIONS).get('after'), 1);
});

test('the hint follows the collection that went past the bound: brackets inside block collections, block collections alone', () => {
  // 100 block sequences, then flow sequences inside them: the flow sequences take yaml past the bound.
  const blockThenFlow = `${'- '.repeat(100)}${'['.repeat(50)}${']'.repeat(50)}\n`;
  assert.deepEqual(errorsOf(blockThenFlow), [`RESOURCE_EXHAUSTION 227 ${TOO_DEEP}`]);
  // Block sequences only (valid YAML, no brackets): the block hint.
  assert.deepEqual(errorsOf(`${'- '.repeat(200)}1\n`), [`RESOURCE_EXHAUSTION 254 ${TOO_DEEP.replace(/\(.*\)$/, BLOCK_CAUSE)}`]);
  // A region per kind, each with its own hint: flow first, then block after the next line at column 0.
  const both = `flow: ${'['.repeat(130)}\n${']'.repeat(130)}\nblock:\n${Array.from({ length: 130 }, (_, level) => `${' '.repeat(level + 1)}k:\n`).join('')}after: 1\n`;
  assert.deepEqual(
    parseYamlBounded(both, OPTIONS).errors.map((error) => error.message.split('; ')[1]),
    ['lines 1-2 are not read (`[` and `{` brackets open inside one another)', `lines 130-133 are not read ${BLOCK_CAUSE}`],
  );
  assert.equal(parseYamlBounded(both, OPTIONS).get('after'), 1);
});
