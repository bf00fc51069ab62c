// The compacted audits a many-file CLI run keeps: deep-equal copies that share what earlier audits hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { auditDocument } from '../../src/core/audit';
import { LineIndex } from '../../src/core/lineIndex';
import { createAuditSession } from '../../src/core/session';
import { AuditCompactor } from '../../src/workspace/compactAudit';

const repo = path.resolve(__dirname, '../../..');
const context = createAuditSession({ pricedOn: '2026-12-03', readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repo, 'dist/wasm', name))) }).context;

test('a compacted audit deep-equals the audit, keeps its line index a LineIndex, and shares a catalog entry with the audits before it', async () => {
  const sample = path.join(repo, 'test/fixtures/sample-workspace');
  const compactor = new AuditCompactor();
  const kept = [];
  for (const name of ['prompts/faq.prompty', 'prompts/classifier.txt', 'src/support_bot.py', 'src/agent.ts']) {
    const audit = await auditDocument(name, fs.readFileSync(path.join(sample, name), 'utf8'), context);
    const compacted = compactor.compact(audit);
    assert.deepEqual(compacted, audit, name);
    assert.ok(compacted.lineIndex instanceof LineIndex);
    assert.notEqual(compacted.sites, audit.sites, `${name}: a copy, not the audit itself`);
    kept.push({ audit, compacted });
  }
  // Every site priced with one model points to one catalog entry: so do their copies, across audits.
  const entries = kept.flatMap(({ audit, compacted }) => audit.sites.map((site, index) => [site.modelEntry, compacted.sites[index].modelEntry] as const)).filter(([entry]) => entry !== undefined);
  for (const [original, copy] of entries) for (const [other, otherCopy] of entries) assert.equal(original === other, copy === otherCopy);
  assert.ok(entries.some(([a], i) => entries.some(([b], j) => i !== j && a === b)), 'two sites share an entry');
});

test('strings are copied exactly, lone surrogates and long texts included; Maps, Sets and shared objects keep their shape', () => {
  const shared = { id: 'gpt-4.1', price: 2 };
  const lone = `${'x'.repeat(80)}\ud800${'y'.repeat(20)}`;
  const value = { text: lone.slice(5), short: 'static', list: [shared, shared], map: new Map([['k', shared]]), set: new Set(['a', 'b']), nothing: null, count: 3 };
  const copy = new AuditCompactor().compact(value);
  assert.deepEqual(copy, value);
  assert.equal(copy.text, lone.slice(5));
  assert.equal(copy.list[0], copy.list[1]);
  assert.equal(copy.map.get('k'), copy.list[0]);
  assert.notEqual(copy.list[0], shared);
});
