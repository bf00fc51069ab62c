// The cursor commands' site: inside a site, or anywhere on the line the site starts at; nowhere else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAuditSession } from '../../src/core/session';
import { auditDocument } from '../../src/core/audit';
import { siteAt } from '../../src/editor/siteAt';

const repositoryRoot = path.resolve(__dirname, '../../..');
const sampleRoot = path.join(repositoryRoot, 'test/fixtures/sample-workspace');

test('src/support_bot.py: column 1 of the call line 94 is the call; inside the call too; the import line and the prompt constant are no site', async () => {
  const session = createAuditSession({
    configText: fs.readFileSync(path.join(sampleRoot, '.promptcost.yaml'), 'utf8'),
    pricedOn: '2026-12-03',
    readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repositoryRoot, 'dist/wasm', name))),
  });
  const text = fs.readFileSync(path.join(sampleRoot, 'src/support_bot.py'), 'utf8');
  const audit = await auditDocument('src/support_bot.py', text, session.context);
  assert.equal(audit.sites.length, 1);
  const [call] = audit.sites;
  const lineStart = (line: number) => audit.lineIndex.offsetAt({ line: line - 1, column: 0 });
  assert.equal(siteAt(audit.sites, lineStart(94), audit.lineIndex), call);
  assert.equal(siteAt(audit.sites, text.indexOf('model="gpt-4o"'), audit.lineIndex), call);
  assert.equal(siteAt(audit.sites, lineStart(1), audit.lineIndex), undefined);
  // The system prompt constant (line 11) is counted into the call but is not the call: no cursor commands there.
  assert.equal(siteAt(audit.sites, lineStart(11), audit.lineIndex), undefined);
  assert.equal(siteAt(audit.sites, lineStart(102), audit.lineIndex), undefined);
});
