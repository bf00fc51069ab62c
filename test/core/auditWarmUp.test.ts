// The editor's idle-time warm-up audit: a real audit of a built-in prompt file whose result is thrown away. It must
// reach the scanner, counting, pricing and the rules (or it warms nothing), and must leave no state behind that changes
// a later audit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAuditSession } from '../../src/core/session';
import { auditDocument } from '../../src/core/audit';
import { warmUpAudit, WARM_UP_FILE } from '../../src/core/auditWarmUp';

const repositoryRoot = path.resolve(__dirname, '../../..');
const readBundledFile = async (name: string) => new Uint8Array(fs.readFileSync(path.join(repositoryRoot, 'dist/wasm', name)));
const fixture = 'test/fixtures/startup/prompt-workspace/support/refund-triage.prompty';

test('the warm-up audit scans, counts, prices and runs the rules on its one site', async () => {
  const { context } = createAuditSession({ pricedOn: '2026-12-03', readBundledFile });
  const audit = await warmUpAudit(context);
  assert.equal(audit.file, WARM_UP_FILE);
  assert.deepEqual(audit.problems, []);
  assert.equal(audit.sites.length, 1);
  const [site] = audit.sites;
  assert.deepEqual({ kind: site.site.kind, model: site.modelId, exact: site.tokens.exact, roles: site.site.messages.map((message) => message.role) }, { kind: 'prompt-file', model: 'gpt-4o-mini', exact: true, roles: ['system', 'user'] });
  assert.ok(site.tokens.static > 0 && site.cost.perCallUsd !== null && site.cost.perCallUsd > 0);
  assert.deepEqual(audit.findings.map((finding) => finding.rule).sort(), ['redundant-instruction', 'unbounded-output']);
});

test('an audit after the warm-up equals the same audit before it', async () => {
  const { context } = createAuditSession({ pricedOn: '2026-12-03', readBundledFile });
  const text = fs.readFileSync(path.join(repositoryRoot, fixture), 'utf8');
  const before = await auditDocument('support/refund-triage.prompty', text, context);
  await warmUpAudit(context);
  const after = await auditDocument('support/refund-triage.prompty', text, context);
  assert.deepEqual(after, before);
  assert.equal(before.sites.length, 1);
});
