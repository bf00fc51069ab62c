// The "prompt cost" language-model tool's answer: the CLI's JSON report of one file, or of the sites and findings a
// line range touches, with the range's tokens per configured model. Sample workspace: src/support_bot.py, one call
// to gpt-4o at line 94 (running to line 100) priced at 300,000 calls a month by .promptcost.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDocument } from '../../src/core/audit';
import { createAuditSession } from '../../src/core/session';
import { auditDocuments } from '../../src/core/workspaceAudit';
import { buildReport } from '../../src/core/report/model';
import { promptCostToolResult, toolLineRange } from '../../src/core/toolReport';

// This suite is bundled to out/test/core: the repository root is three levels up.
const repository = path.resolve(__dirname, '../../..');
const workspace = path.join(repository, 'test/fixtures/sample-workspace');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(await fs.promises.readFile(path.join(repository, 'dist/wasm', name)));
const FILE = 'src/support_bot.py';
const text = fs.readFileSync(path.join(workspace, FILE), 'utf8');
const context = createAuditSession({ configText: fs.readFileSync(path.join(workspace, '.promptcost.yaml'), 'utf8'), readBundledFile }).context;

test('whole file: the report is exactly what the CLI\'s loop builds for that file', async () => {
  const result = promptCostToolResult(await auditDocument(FILE, text, context), text, context);
  const cli = await auditDocuments([{ file: FILE, text }], context);
  assert.equal(result.scope, 'file');
  assert.equal(result.lines, undefined);
  assert.deepEqual(result.report, buildReport(cli, context.catalog, context.config));
  assert.deepEqual(result.report.sites.map((site) => [site.line, site.endLine, site.model]), [[94, 100, 'gpt-4o']]);
  assert.equal(Math.round(result.report.summary.expectedMonthlyUsd!), 2393);
});

test('a range that touches the call keeps its site; a range above it has none but still counts its tokens', async () => {
  const audit = await auditDocument(FILE, text, context);
  const touching = promptCostToolResult(audit, text, context, { start: 100, end: 101 });
  assert.deepEqual(touching.report.sites.map((site) => site.line), [94]);
  assert.equal(touching.report.summary.sites, 1);
  const above = promptCostToolResult(audit, text, context, { start: 1, end: 3 });
  assert.equal(above.scope, 'lines');
  assert.deepEqual(above.report.sites, []);
  assert.equal(above.report.summary.sites, 0);
  assert.equal(above.report.summary.expectedMonthlyUsd, 0);
  const firstLines = text.split('\n').slice(0, 3).join('\n') + '\n';
  assert.equal(above.lines?.tokens.characters, firstLines.length);
  assert.deepEqual(above.lines?.tokens.counts.map((count) => count.model), ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash']);
});

test('line ranges from the input are clamped to the document; none given means the whole file', () => {
  assert.equal(toolLineRange({}, 101), undefined);
  assert.deepEqual(toolLineRange({ startLine: 94 }, 101), { start: 94, end: 101 });
  assert.deepEqual(toolLineRange({ endLine: 5 }, 101), { start: 1, end: 5 });
  assert.deepEqual(toolLineRange({ startLine: -4, endLine: 1e9 }, 101), { start: 1, end: 101 });
  assert.equal(toolLineRange({ startLine: 50, endLine: 10 }, 101), undefined);
  assert.equal(toolLineRange({ startLine: Number.NaN }, 101), undefined);
});
