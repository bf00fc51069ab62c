// Local models (Ollama) and Mistral's hosted models: a local call costs $0 API cost, labelled local in every medium and
// never "unpriced"; Ollama's hosted -cloud models stay unpriced; a Mistral -latest alias is priced as the model it
// points to on the day priced. Fixture: test/fixtures/local-models/triage_local.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAuditSession } from '../../src/core/session';
import { auditDocuments } from '../../src/core/workspaceAudit';
import { buildReport } from '../../src/core/report/model';
import { renderTable } from '../../src/core/report/table';
import { renderMarkdown } from '../../src/core/report/markdown';
import { buildSiteTree, siteDescription, siteTooltip } from '../../src/core/report/siteTree';
import { costLensTitle, perCallLabel } from '../../src/editor/siteText';
import { renderSiteDetails, renderSiteHover } from '../../src/editor/hoverText';

const root = path.resolve(__dirname, '../../..');
const FILE = 'triage_local.py';
const text = fs.readFileSync(path.join(root, 'test/fixtures/local-models', FILE), 'utf8');

async function audited(configText = '') {
  const session = createAuditSession({ configText, pricedOn: '2026-12-03', readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(root, 'dist/wasm', name))) });
  const audit = await auditDocuments([{ file: FILE, text }], session.context);
  return { session, audit, report: buildReport(audit, session.context.catalog, session.context.config, session.problems) };
}

test('an Ollama call is local at $0 API cost in JSON; a -cloud model stays unpriced; Mistral Large latest is priced as Large 3', async () => {
  const { report } = await audited();
  assert.deepEqual(report.sites.map((site) => [site.line, site.provider, site.pricedModel, site.local ?? false, site.costPerCallUsd, site.costPerMonthUsd, site.worstCasePerCallUsd]), [
    // No cap and no known maximum for a local model: the worst case is unknown (null), not $0 guessed from a limit.
    [13, 'ollama', 'llama3.2', true, 0, 0, null],
    [17, 'ollama', 'gpt-oss:120b-cloud', false, null, null, null],
    // 78 input tokens at $0.50 and 5 output tokens at $1.50 per million (mistral-large-2512's prices since 2025-12-02).
    [21, 'mistral', 'mistral-large-latest', false, 0.0000465, 0.465, 0.0000690],
  ]);
  assert.deepEqual(report.sites.map((site) => site.tokens.static + site.tokens.framing + site.tokens.assumedDynamic), [78, 56, 78]);
  // Local sites are priced ($0), so only the cloud model counts as unpriced; totals add the $0.
  assert.deepEqual([report.summary.unpricedSites, report.summary.expectedMonthlyUsd], [1, 0.465]);
  const json = JSON.parse(JSON.stringify(report)) as { sites: Array<Record<string, unknown>> };
  assert.deepEqual(json.sites.map((site) => 'local' in site), [true, false, false]);
});

test('findings: no unknown-model for a local model, and its messages say $0 API cost instead of $0 figures', async () => {
  const { report } = await audited();
  assert.deepEqual(report.findings.map((finding) => [finding.line, finding.rule, finding.message]), [
    [13, 'unbounded-output', "No output cap: a reply can run to the model's maximum output (llama3.2 runs locally: $0 API cost; the server's time is not counted)."],
    [17, 'unknown-model', 'Unknown model "gpt-oss:120b-cloud": this call is unpriced and left out of cost totals.'],
    [17, 'reasoning-exhausts-cap', 'num_predict 20 on gpt-oss:120b-cloud with its default effort medium: reasoning is assumed to take 1,024 / 4,096 / 16,384 tokens (low / expected / high), so it can use the whole cap and the reply comes back empty. Raise the cap above 16,784 or lower the effort.'],
    [21, 'model-overkill', 'mistral-small-latest is 5× cheaper than mistral-large-latest for this short answer: $0.372/month less at 10,000 calls (label only, cap 20). mistral-small-latest: the catalog lists it in the small tier. Verify on a sample of real inputs before switching.'],
  ]);
});

test('the terminal table and the Markdown report mark the local model and explain it; the view says $0 API cost (local)', async () => {
  const { report } = await audited();
  const table = renderTable(report, { color: false }).split('\n');
  assert.deepEqual(table.slice(0, 4), [
    'SITE                KIND  MODEL                 TOKENS  CAP  OUTPUT   PER CALL  PER MONTH  WORST/CALL  WORST/MONTH',
    'triage_local.py:13  call  llama3.2 (local)         ~19    -     5 p         $0         $0           -            -',
    'triage_local.py:17  call  gpt-oss:120b-cloud         0   20    20 x   unpriced          -           -            -',
    'triage_local.py:21  call  mistral-large-latest     ~19   20     5 p  $0.000046     $0.465   $0.000069        $0.69',
  ]);
  assert.ok(table.includes('(local) = a model on your own server (Ollama): $0 API cost, no per-token price; hardware and time are not counted.'));
  const markdown = renderMarkdown(report).split('\n');
  assert.ok(markdown.includes('| triage_local.py | 13 | call | llama3.2 (local: $0 API cost) | ~19 + 50 assumed | none | 5 (prompt) | $0 | $0 | n/a | n/a |'), markdown.join('\n'));
  const tree = buildSiteTree(report, 'file');
  const local = tree.groups[0].sites.find((node) => node.site.local)!;
  assert.equal(siteDescription(local, tree.basis), '$0 API cost (local) · 1 finding');
  assert.deepEqual(siteTooltip(local).split('\n').slice(0, 1).concat(siteTooltip(local).split('\n').slice(2)), [
    'triage_local.py:13 · ollama.chat · model llama3.2 (local)',
    'Expected: $0 API cost (a local model on your own server: no per-token price; hardware and time not counted)',
    'Findings: 1',
  ]);
});

test('lens, hover and details: "$0 API cost" and "(local)", never "unpriced"', async () => {
  const { session, audit } = await audited();
  const [local, cloud, hosted] = audit.documents[0].sites;
  assert.equal(costLensTitle(local), '~19 tokens + 1 placeholder · $0 API cost · llama3.2 (local)');
  assert.equal(costLensTitle(cloud), '0 tokens + 1 placeholder · unpriced · gpt-oss:120b-cloud (unpriced)');
  assert.equal(costLensTitle(hosted), '~19 tokens + 1 placeholder · $0.000046/call · $0.465/month · mistral-large-latest');
  assert.equal(perCallLabel(local.cost), '$0 API cost (local model)');
  const hover = renderSiteHover(local, session.context.config, session.context.catalog).split('\n');
  assert.ok(hover.includes('Expected: **$0 API cost** (llama3\\.2 runs locally through ollama: no per-token price; hardware and time not counted)'), hover.join('\n'));
  assert.ok(hover.includes("Output: 5 expected \\(prompt asks for label only\\) · no bound known \\(no cap, the local model's maximum is not known\\)"), hover.join('\n'));
  assert.ok(!hover.join('\n').includes('unpriced'));
  const details = renderSiteDetails(local, session.context.config, session.context.catalog).split('\n');
  const row = details.find((line) => line.startsWith('| **llama3\\.2**'));
  assert.equal(row, '| **llama3\\.2** (local: $0 API cost) | ~78 | 5 | $0 | $0 | $0 | — | $0 | — |');
});
