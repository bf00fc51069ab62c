// Jupyter notebooks: code cells scanned as one Python module; spans point into the .ipynb file, sites say their cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanDocument } from '../../../src/core/scanning';
import { mapSpans, notebookCode } from '../../../src/core/scanning/notebook';
import { sitePlaceholders } from '../../../src/core/types';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));
const notebookText = readFileSync(join(root, 'test/fixtures/notebooks/triage.ipynb'), 'utf8');

test('a notebook yields its code cells in order, each ending a line, with every character mapped to where the JSON writes it', () => {
  const code = notebookCode(notebookText)!;
  assert.equal(code.language, 'python');
  assert.equal(code.text.split('\n')[3], 'SYSTEM = "You triage support tickets into \\"billing\\" or \\"other\\"."');
  assert.equal(code.text.split('\n').length, 14);
  const at = code.text.indexOf('ollama.chat');
  assert.equal(notebookText.slice(code.fileOffset(at), code.fileOffset(at) + 'ollama.chat'.length), 'ollama.chat');
  assert.deepEqual(code.cellLine(at), { cell: 3, line: 2 });
  assert.deepEqual(code.cellLine(code.text.indexOf('bedrock.converse')), { cell: 5, line: 1 });
  // An escaped quote maps to its backslash: the decoded `"` of `\"billing\"`.
  const quote = code.text.indexOf('"billing');
  assert.equal(notebookText.slice(code.fileOffset(quote), code.fileOffset(quote) + 2), '\\"');
});

test('the scan of a notebook reports its calls at their cells, with spans into the notebook file', async () => {
  const result = await scanDocument('experiments/triage.ipynb', notebookText, { readBundledFile });
  assert.deepEqual(result.problems, []);
  const calls = result.sites.filter((site) => site.kind === 'call');
  assert.deepEqual(
    calls.map((site) => ({ api: site.api, provider: site.provider, model: site.model, cap: site.maxOutputTokens, placeholders: sitePlaceholders(site), details: site.details })),
    [
      { api: 'ollama.chat', provider: 'ollama', model: 'llama3.2', cap: 50, placeholders: [], details: { notebookCell: 3, notebookLine: 2 } },
      { api: 'bedrock.converse', provider: 'anthropic', model: 'anthropic.claude-3-haiku-20240307-v1:0', cap: null, placeholders: [], details: { notebookCell: 5, notebookLine: 1 } },
    ],
  );
  assert.equal(notebookText.slice(calls[0].anchor.start, calls[0].anchor.end), 'ollama.chat');
  assert.equal(notebookText.slice(calls[1].anchor.start, calls[1].anchor.end), 'bedrock.converse');
  // The system prompt defined in cell 2 is sent by both calls: its text is counted, not a placeholder.
  assert.equal(calls[0].messages[0].segments.map((segment) => (segment.kind === 'static' ? segment.text : '')).join(''), 'You triage support tickets into "billing" or "other".');
});

test('a file that is not a notebook is reported, not scanned', async () => {
  assert.equal(notebookCode('{"cells": 3}'), null);
  assert.equal(notebookCode('not json'), null);
  const result = await scanDocument('broken.ipynb', '{"cells": [', { readBundledFile });
  assert.deepEqual(result, { sites: [], problems: [{ file: 'broken.ipynb', severity: 'warning', message: 'skipped: not a readable Jupyter notebook (invalid JSON or no cells)' }] });
});

test('span mapping moves every start/end pair and keeps other fields', () => {
  const mapped = mapSpans({ span: { start: 2, end: 5 }, text: 'x', nested: [{ span: { start: 0, end: 0 } }] }, (offset) => offset * 10);
  assert.deepEqual(mapped, { span: { start: 20, end: 41 }, text: 'x', nested: [{ span: { start: 0, end: 0 } }] });
});

test('notebook reading is linear: a 4,000-cell notebook reads in one pass', () => {
  const cells = Array.from({ length: 4000 }, (_, index) => ({ cell_type: index % 2 ? 'markdown' : 'code', metadata: {}, source: [`x${index} = ${index}\n`, 'y = "a\\"b"'] }));
  const code = notebookCode(JSON.stringify({ cells, metadata: {} }))!;
  assert.equal(code.text.split('\n').length, 4001);
  assert.deepEqual(code.cellLine(code.text.lastIndexOf('x3998')), { cell: 3999, line: 1 });
});
