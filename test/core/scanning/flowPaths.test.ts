// The flow check's work grows linearly: each node's enclosing body, each construct's verdict and each statement's
// "always exits" are computed once, and a lookup follows at most MAX_BRANCH_HOPS constructs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGrammar, parseBounded, type Node } from '../../../src/core/scanning/code/treeSitterRuntime';
import { FlowPaths, MAX_BRANCH_HOPS } from '../../../src/core/scanning/code/flowPaths';
import { NODE_VOCABULARY } from '../../../src/core/scanning/code/nodeVocabulary';

const wasmDir = join(__dirname, '../../../../dist/wasm');
const readBundledFile = async (name: string) => new Uint8Array(readFileSync(join(wasmDir, name)));

/** Nodes of `type` in document order (iterative: the nested inputs are deep). */
function nodesOf(root: Node, type: string): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === type) found.push(node);
    for (let index = node.namedChildCount - 1; index >= 0; index--) stack.push(node.namedChild(index)!);
  }
  return found;
}

/** Every `kwargs = …` value checked against every later `use(kwargs)`: the answers and the work done. */
async function checkAll(text: string): Promise<{ holds: boolean[]; steps: number; checks: number }> {
  const grammar = await loadGrammar('python', readBundledFile);
  const parsed = parseBounded(grammar, text);
  assert.ok(parsed.tree);
  const values = nodesOf(parsed.tree.rootNode, 'assignment').map((assignment) => assignment.childForFieldName('right')!);
  const uses = nodesOf(parsed.tree.rootNode, 'call').filter((call) => call.childForFieldName('function')?.text === 'use');
  const flow = new FlowPaths(NODE_VOCABULARY.python.flow!);
  const holds: boolean[] = [];
  const last = values[values.length - 1];
  for (const use of uses) holds.push(flow.holdsAt(last, use.startIndex));
  return { holds, steps: flow.steps, checks: uses.length };
}

const nested = (depth: number, uses: number): string => {
  const lines: string[] = [];
  for (let level = 0; level < depth; level++) lines.push(`${'    '.repeat(level)}if c${level}:`);
  lines.push(`${'    '.repeat(depth)}kwargs = {}`);
  for (let level = depth - 1; level >= 0; level--) lines.push(`${'    '.repeat(level)}else:`, `${'    '.repeat(level + 1)}raise E()`);
  for (let use = 0; use < uses; use++) lines.push('use(kwargs)');
  return lines.join('\n') + '\n';
};

const chain = (branches: number, uses: number): string => {
  const lines = ['if c0:', '    kwargs = {}'];
  for (let branch = 1; branch < branches; branch++) lines.push(`elif c${branch}:`, '    return None');
  lines.push('else:', '    raise E()');
  for (let use = 0; use < uses; use++) lines.push('use(kwargs)');
  return lines.join('\n') + '\n';
};

test('an if/else nested 40 deep whose every else raises: the binding holds at the uses after it', async () => {
  const { holds } = await checkAll(nested(40, 3));
  assert.deepEqual(holds, [true, true, true]);
});

test(`nested deeper than ${MAX_BRANCH_HOPS} constructs the binding is taken as unknown, never as known`, async () => {
  const { holds } = await checkAll(nested(MAX_BRANCH_HOPS + 1, 2));
  assert.deepEqual(holds, [false, false]);
});

test('an elif chain of 400 returning branches: the capped branch holds after it', async () => {
  const { holds } = await checkAll(chain(400, 2));
  assert.deepEqual(holds, [true, true]);
});

test('work grows linearly: 8× the branches and uses take at most 9× the steps; at most one step per character plus two per construct followed per use', async () => {
  for (const build of [(size: number) => nested(Math.min(size, 60), size), chain]) {
    const small = await checkAll(build(100, 100));
    const largeText = build(800, 800);
    const large = await checkAll(largeText);
    assert.ok(large.steps <= 9 * small.steps, `${large.steps} steps for 800 against ${small.steps} for 100`);
    assert.ok(large.steps <= largeText.length + large.checks * 2 * (MAX_BRANCH_HOPS + 1), `${large.steps} steps for ${largeText.length} characters`);
  }
});
