// Runs in its own process so the tree-sitter runtime starts cold: a grammar's bytes are asked for before the runtime
// has started, so the two reads overlap (in the web host each is a fetch that took 0.3–0.6 s at start-up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGrammar } from '../../../src/core/scanning/code/treeSitterRuntime';

const wasmDir = join(__dirname, '../../../../dist/wasm');

test('a cold loadGrammar asks for the grammar before the runtime has been read, and loads a working parser', async () => {
  const events: string[] = [];
  let runtimeRead = false;
  const readBundledFile = async (name: string): Promise<Uint8Array> => {
    events.push(`${name} asked (runtime read: ${runtimeRead})`);
    const bytes = new Uint8Array(readFileSync(join(wasmDir, name)));
    if (name === 'tree-sitter.wasm') runtimeRead = true;
    return bytes;
  };
  const grammar = await loadGrammar('python', readBundledFile);
  assert.deepEqual(events, ['tree-sitter-python.wasm asked (runtime read: false)', 'tree-sitter.wasm asked (runtime read: false)']);
  const tree = grammar.parser.parse('x = call(1)\n');
  assert.equal(tree?.rootNode.type, 'module');
  tree?.delete();
});

test('a grammar whose read fails rejects once the runtime is up, and the next load reads it again', async () => {
  const failing = async (name: string): Promise<Uint8Array> => {
    if (name === 'tree-sitter-go.wasm') throw new Error('ENOENT: tree-sitter-go.wasm');
    return new Uint8Array(readFileSync(join(wasmDir, name)));
  };
  await assert.rejects(loadGrammar('go', failing), { message: 'ENOENT: tree-sitter-go.wasm' });
  const grammar = await loadGrammar('go', async (name) => new Uint8Array(readFileSync(join(wasmDir, name))));
  assert.equal(grammar.parser.parse('package main\n')?.rootNode.type, 'source_file');
});
