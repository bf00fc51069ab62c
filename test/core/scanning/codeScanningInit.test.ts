// Runs in its own process so the tree-sitter runtime starts cold: concurrent first scans share one init.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanCode } from '../../../src/core/scanning/code/index';
import { loadGrammar, parseBounded } from '../../../src/core/scanning/code/treeSitterRuntime';

const wasmDir = join(__dirname, '../../../../dist/wasm');

test('concurrent first scans read the runtime and each grammar once, and a missing grammar is a problem, not a throw', async () => {
  const reads: string[] = [];
  const readBundledFile = async (name: string): Promise<Uint8Array> => {
    reads.push(name);
    return new Uint8Array(readFileSync(join(wasmDir, name)));
  };
  const call = "client.chat.completions.create({ model: 'gpt-4o', max_tokens: 3 })";
  const results = await Promise.all([
    scanCode('a.ts', call, 'typescript', { readBundledFile }),
    scanCode('b.ts', call, 'typescript', { readBundledFile }),
    scanCode('c.py', 'client.chat.completions.create(model="gpt-4o", max_tokens=3)', 'python', { readBundledFile }),
    scanCode('d.py', 'client.chat.completions.create(model="gpt-4o", max_tokens=3)', 'python', { readBundledFile }),
  ]);
  assert.deepEqual(results.map((result) => result.sites.map((site) => [site.model, site.maxOutputTokens])), [[['gpt-4o', 3]], [['gpt-4o', 3]], [['gpt-4o', 3]], [['gpt-4o', 3]]]);
  assert.deepEqual([...reads].sort(), ['tree-sitter-python.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter.wasm']);

  const failing = async (name: string): Promise<Uint8Array> => {
    if (name === 'tree-sitter-ruby.wasm') throw new Error('ENOENT: tree-sitter-ruby.wasm');
    return readBundledFile(name);
  };
  assert.deepEqual(await scanCode('x.rb', 'x = 1', 'ruby', { readBundledFile: failing }), {
    sites: [],
    problems: [{ file: 'x.rb', message: 'could not load the ruby grammar: ENOENT: tree-sitter-ruby.wasm', severity: 'error' }],
  });
  // The failed load is not cached: a later scan with a working reader succeeds.
  const ruby = await scanCode('x.rb', 'client.messages.create(model: "claude-3-5-haiku-latest", max_tokens: 5)', 'ruby', { readBundledFile });
  assert.deepEqual(ruby.sites.map((site) => [site.api, site.model, site.maxOutputTokens]), [['anthropic.messages', 'claude-3-5-haiku-latest', 5]]);
});

test('a parse past its step limit or its time safety net returns no tree and leaves the parser usable', async () => {
  const grammar = await loadGrammar('javascript', async (name) => new Uint8Array(readFileSync(join(wasmDir, name))));
  const big = 'a(b,c);\n'.repeat(400_000);
  assert.deepEqual(parseBounded(grammar, big, { maxSteps: 10 }), { tree: null, stopped: 'steps' });
  assert.deepEqual(parseBounded(grammar, big, { timeLimitMs: 0 }), { tree: null, stopped: 'time' });
  const next = parseBounded(grammar, 'x(1)');
  assert.equal(next.stopped, null);
  assert.equal(next.tree?.rootNode.text, 'x(1)');
  next.tree?.delete();
});
