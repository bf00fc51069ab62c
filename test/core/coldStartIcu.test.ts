// Runs in its own process. A code file's first CodeLens waits for the core's module set-up, its session and its first
// audit; none of them asks ICU for a collator or a number format, whose first use costs a cold start ~4 ms (collator)
// and ~6–10 ms (number format) of CPU in Node. The core is loaded after the counters are in place, so its module
// set-up is counted too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '../../..');
const readBundledFile = async (name: string) => new Uint8Array(fs.readFileSync(path.join(repositoryRoot, 'dist/wasm', name)));

test('loading the core, building a session and auditing code files ask ICU for nothing (integers are grouped without it)', async () => {
  const calls: string[] = [];
  const count = <T extends object>(owner: T, name: keyof T & string, label: string): void => {
    const original = owner[name] as (...args: unknown[]) => unknown;
    (owner as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      calls.push(label);
      return original.apply(this, args);
    };
  };
  count(Number.prototype, 'toLocaleString', 'Number#toLocaleString');
  count(String.prototype, 'localeCompare', 'String#localeCompare');
  count(Intl, 'NumberFormat', 'Intl.NumberFormat');
  count(Intl, 'Collator', 'Intl.Collator');
  const { createAuditSession } = await import('../../src/core/session');
  const { auditDocument } = await import('../../src/core/audit');
  const { context } = createAuditSession({ pricedOn: '2026-12-03', readBundledFile });
  let sites = 0;
  for (const file of ['test/fixtures/startup/code-workspace/src/ticketSummary.ts', 'test/fixtures/sample-workspace/src/support_bot.py', 'test/fixtures/sample-workspace/src/agent.ts', 'test/fixtures/sample-workspace/src/classify.ts']) {
    const audit = await auditDocument(file, fs.readFileSync(path.join(repositoryRoot, file), 'utf8'), context);
    assert.deepEqual(audit.problems, [], file);
    sites += audit.sites.length;
  }
  assert.ok(sites >= 4, `${sites} sites`);
  assert.deepEqual(calls, []);
});
