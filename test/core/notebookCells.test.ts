// A notebook open in an editor: cells joined into one module, audited once, each cell shown its own part with offsets
// into the cell's text (what the editor's cell documents need for lenses, diagnostics and fixes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditDocument } from '../../src/core/audit';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { loadCatalog } from '../../src/core/pricing/catalog';
import { cellAudit, joinNotebookCells } from '../../src/core/notebookCells';
import { applyTextEdits } from '../../src/core/rules/textEdits';
import { scanDocument } from '../../src/core/scanning';

const root = join(__dirname, '../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));
const catalog = loadCatalog({ pricedOn: '2026-12-03' }).catalog;
const notebook = JSON.parse(readFileSync(join(root, 'test/fixtures/notebooks/triage.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
const cells = notebook.cells.map((cell) => ({ code: cell.cell_type === 'code', text: Array.isArray(cell.source) ? cell.source.join('') : cell.source }));

test('cells join in order, each on its own lines; markup cells are left out', () => {
  const joined = joinNotebookCells(cells);
  assert.deepEqual(joined.cellStarts, [null, 0, cells[1].text.length + 1, null, cells[1].text.length + 1 + cells[2].text.length + 1]);
  assert.equal(joined.text, `${cells[1].text}\n${cells[2].text}\n${cells[4].text}\n`);
  assert.deepEqual(joinNotebookCells([{ code: true, text: 'a = 1\n' }, { code: true, text: '' }]), { text: 'a = 1\n', cellStarts: [0, 6] });
});

test('each cell gets the sites and findings anchored in it, at offsets into its own text; names from earlier cells resolve', async () => {
  const joined = joinNotebookCells(cells);
  const audit = await auditDocument('triage.ipynb', joined.text, { config: DEFAULT_CONFIG, catalog, readBundledFile, codeLanguage: 'python' });
  assert.equal(audit.sites.length, 2);

  assert.deepEqual(cellAudit(audit, joined.cellStarts[1]!, cells[1].text).sites, []);

  const ollamaText = cells[2].text;
  const ollama = cellAudit(audit, joined.cellStarts[2]!, ollamaText);
  assert.deepEqual(ollama.sites.map(({ site }) => [site.api, site.model, site.maxOutputTokens, ollamaText.slice(site.anchor.start, site.anchor.end)]), [['ollama.chat', 'llama3.2', 50, 'ollama.chat']]);
  // SYSTEM comes from cell 2: its text is counted, not a placeholder.
  assert.deepEqual(ollama.sites[0].site.messages.map((message) => message.segments.map((segment) => (segment.kind === 'static' ? segment.text : `{${segment.name}}`)).join('')), ['You triage support tickets into "billing" or "other".', 'My invoice is wrong']);
  assert.deepEqual(ollama.lineIndex.positionAt(ollama.sites[0].site.anchor.start), { line: 1, column: 8 });

  const bedrockText = cells[4].text;
  const bedrock = cellAudit(audit, joined.cellStarts[4]!, bedrockText);
  assert.deepEqual(bedrock.sites.map(({ site }) => [site.api, site.model, site.maxOutputTokens, bedrockText.slice(site.anchor.start, site.anchor.end)]), [['bedrock.converse', 'anthropic.claude-3-haiku-20240307-v1:0', null, 'bedrock.converse']]);
  const uncapped = bedrock.findings.find((finding) => finding.rule === 'unbounded-output');
  assert.ok(uncapped, `findings: ${bedrock.findings.map((finding) => finding.rule).join(', ')}`);
  assert.equal(bedrockText.slice(uncapped.span.start, uncapped.span.end), 'bedrock.converse');
  // The joined cells are Python, so the cap fix is a Python edit of this cell's text.
  assert.deepEqual(uncapped.fixes!.map((fix) => [fix.title, applyTextEdits(bedrockText, fix.edits)]), [
    ['Add inferenceConfig.maxTokens: 1024', 'response = bedrock.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", inferenceConfig={"maxTokens": 1024}, system=[{"text": SYSTEM}], messages=[{"role": "user", "content": [{"text": ticket}]}])'],
  ]);
});

test('a call in a later cell takes its client and model constant from an earlier cell; its cap fix edits the cell', async () => {
  const cellTexts = [
    { code: true, text: 'from openai import OpenAI\nclient = OpenAI()\nMODEL = "gpt-4o-mini"' },
    { code: false, text: '## Ask' },
    { code: true, text: 'reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Say hi"}])\n' },
  ];
  const joined = joinNotebookCells(cellTexts);
  const audit = await auditDocument('ask.ipynb', joined.text, { config: DEFAULT_CONFIG, catalog, readBundledFile, codeLanguage: 'python' });
  const view = cellAudit(audit, joined.cellStarts[2]!, cellTexts[2].text);
  assert.deepEqual(view.sites.map(({ site }) => [site.model, site.anchor]), [['gpt-4o-mini', { start: 8, end: 38 }]]);
  const uncapped = view.findings.find((finding) => finding.rule === 'unbounded-output')!;
  assert.equal(cellTexts[2].text.slice(uncapped.span.start, uncapped.span.end), 'client.chat.completions.create');
  assert.deepEqual(uncapped.fixes!.map((fix) => [fix.title, applyTextEdits(cellTexts[2].text, fix.edits)]), [
    ['Add max_completion_tokens: 1024', 'reply = client.chat.completions.create(model=MODEL, max_completion_tokens=1024, messages=[{"role": "user", "content": "Say hi"}])\n'],
  ]);
});

test('a fix whose edit lies in another cell is left out of this cell; spans reaching past the cell are clipped', async () => {
  const audit = await auditDocument('n.ipynb', 'x = 1\ny = 2\n', { config: DEFAULT_CONFIG, catalog, readBundledFile, codeLanguage: 'python' });
  const finding = { rule: 'r', severity: 'warning' as const, message: 'm', file: 'n.ipynb', span: { start: 6, end: 12 }, fixes: [{ title: 'here', edits: [{ span: { start: 6, end: 7 }, newText: 'z' }] }, { title: 'elsewhere', edits: [{ span: { start: 0, end: 1 }, newText: 'w' }] }] };
  const view = cellAudit({ ...audit, findings: [finding] }, 6, 'y = 2');
  assert.deepEqual(view.findings, [{ ...finding, span: { start: 0, end: 5 }, fixes: [{ title: 'here', edits: [{ span: { start: 0, end: 1 }, newText: 'z' }] }] }]);
});

test('the notebook file itself (JSON, as the CLI reads it) gets no text fix: inserted code would need JSON escaping', async () => {
  const text = readFileSync(join(root, 'test/fixtures/notebooks/triage.ipynb'), 'utf8');
  const audit = await auditDocument('triage.ipynb', text, { config: DEFAULT_CONFIG, catalog, readBundledFile });
  const uncapped = audit.findings.filter((finding) => finding.rule === 'unbounded-output');
  assert.equal(uncapped.length, 1);
  assert.equal(uncapped[0].fixes, undefined);
  assert.equal((await scanDocument('triage.ipynb', text, { readBundledFile })).sites.some((site) => site.details?.scannedAs !== undefined), false);
});
