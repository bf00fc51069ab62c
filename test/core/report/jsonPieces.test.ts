// Reports written in pieces as they are made (issue 16: a 10,000-file report is never one string): joined, the pieces
// are exactly the text rendered whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { jsonText, jsonTextPieces, LazyJsonArray } from '../../../src/core/report/escape';
import { renderReport, renderReportPieces } from '../../../src/core/report/formats';
import { buildReport } from '../../../src/core/report/model';
import { auditDocuments } from '../../../src/core/workspaceAudit';
import { discoverFiles, readDocuments } from '../../../src/workspace/nodeFiles';
import { createAuditSession } from '../../../src/core/session';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { ScanProblem } from '../../../src/core/types';
import { seededRandom } from '../../../bench/seededRandom';

const repo = path.resolve(__dirname, '../../../..');
const readBundledFile = async (name: string) => new Uint8Array(fs.readFileSync(path.join(repo, 'dist/wasm', name)));

// Characters JSON escapes, characters jsonText escapes (C1, bidi, line separators) and a lone surrogate.
const CHARACTERS = ['a', 'Z', ' ', '"', '\\', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u200e', '\u202e', '\u2028', '\u2029', 'é', '日', '\ud83d\ude00', '\ud800', '{', '[', ':', ','];

function randomValue(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth <= 0 || pick < 0.35) {
    const leaf = Math.floor(random() * 9);
    if (leaf === 0) return null;
    if (leaf === 1) return random() < 0.5;
    if (leaf === 2) return Math.round(random() * 2000 - 1000) / 8;
    if (leaf === 3) return [NaN, Infinity, -0, 1e21, 5e-7][Math.floor(random() * 5)];
    if (leaf === 4) return new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 300)));
    if (leaf === 5) return undefined;
    if (leaf === 6) return new Map([['k', 1]]);
    return Array.from({ length: Math.floor(random() * 12) }, () => CHARACTERS[Math.floor(random() * CHARACTERS.length)]).join('');
  }
  const length = Math.floor(random() * 5);
  if (pick < 0.6) return Array.from({ length }, () => (random() < 0.1 ? () => 1 : randomValue(random, depth - 1)));
  if (pick < 0.7) {
    const elements = Array.from({ length }, () => randomValue(random, depth - 1));
    return new LazyJsonArray(() => elements);
  }
  const object: Record<string, unknown> = random() < 0.1 ? Object.create(null) : {};
  for (let i = 0; i < length; i++) object[CHARACTERS[Math.floor(random() * CHARACTERS.length)] + i] = randomValue(random, depth - 1);
  return object;
}

/** The value with every LazyJsonArray replaced by the array of its elements (what the pieces must equal). */
function materialized(value: unknown): unknown {
  if (value instanceof LazyJsonArray) return [...(value.elements() as Iterable<unknown>)].map(materialized);
  if (Array.isArray(value)) return value.map(materialized);
  if (value !== null && typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, materialized(field)]));
  }
  return value;
}

test('joined pieces are jsonText of the value at every depth and indent (seeded values with escapes, empty containers, undefined, toJSON)', () => {
  let checked = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const random = seededRandom(seed);
    const value = randomValue(random, 5);
    // A value JSON cannot write at the top (undefined): no text, and no piece.
    if (JSON.stringify(materialized(value)) === undefined) {
      assert.deepEqual([...jsonTextPieces(value)], [], `seed ${seed}`);
      continue;
    }
    const expected = jsonText(materialized(value), 2);
    for (const depth of [0, 1, 2, 3, 6]) {
      assert.equal([...jsonTextPieces(value, 2, depth)].join(''), expected, `seed ${seed} depth ${depth}`);
      checked++;
    }
    assert.equal([...jsonTextPieces(value, 4, 3)].join(''), jsonText(materialized(value), 4), `seed ${seed} indent 4`);
    assert.equal([...jsonTextPieces(value, 0, 3)].join(''), jsonText(materialized(value), 0), `seed ${seed} indent 0`);
  }
  assert.ok(checked > 1200, `${checked} checked`);
  // The escapes jsonText adds are in the pieces too (not only JSON.stringify's own).
  assert.equal([...jsonTextPieces({ 'a\u2028': ['\u0085', { b: '\u202e' }] })].join(''), '{\n  "a\\u2028": [\n    "\\u0085",\n    {\n      "b": "\\u202e"\n    }\n  ]\n}');
});

test('a lazy array is written as the array of its elements, made only as they are written', () => {
  const made: number[] = [];
  const lazy = new LazyJsonArray(function* () {
    for (let i = 0; i < 3; i++) {
      made.push(i);
      yield { i };
    }
  });
  const pieces = jsonTextPieces({ results: lazy, after: true }, 2, 2);
  assert.deepEqual(made, []);
  const out: string[] = [];
  for (const piece of pieces) {
    out.push(piece);
    // Each element is made when the pieces reach it, not before.
    if (piece === '{\n    "i": 0\n  }'.replace(/\n/g, '\n  ')) assert.deepEqual(made, [0]);
  }
  assert.equal(out.join(''), '{\n  "results": [\n    {\n      "i": 0\n    },\n    {\n      "i": 1\n    },\n    {\n      "i": 2\n    }\n  ],\n  "after": true\n}');
  assert.deepEqual(made, [0, 1, 2]);
  assert.equal([...jsonTextPieces(new LazyJsonArray(() => []))].join(''), '[]');
});

test('the JSON and SARIF reports in pieces are the whole-text reports: one piece per site and finding, none near the whole', async () => {
  const sample = path.join(repo, 'test/fixtures/sample-workspace');
  const problems: ScanProblem[] = [];
  const session = createAuditSession({ readBundledFile });
  const audit = await auditDocuments(readDocuments(discoverFiles(sample, sample, DEFAULT_CONFIG, problems), problems), session.context);
  const report = buildReport(audit, session.context.catalog, session.context.config, problems);
  assert.ok(report.sites.length >= 5 && report.findings.length >= 5, `${report.sites.length} sites, ${report.findings.length} findings`);
  const context = { outcome: { exitCode: 1, reasons: ['findings at or above "warning"'] }, root: '/work/x' };
  for (const format of ['json', 'sarif'] as const) {
    const pieces = [...renderReportPieces(report, format, context)];
    const text = pieces.join('');
    assert.equal(text, renderReport(report, format, context), format);
    // What the renderers wrote before they wrote pieces: jsonText of the document, and a line break.
    assert.equal(text, jsonText(JSON.parse(text)) + '\n', format);
    assert.ok(pieces.length > report.sites.length + report.findings.length, `${format}: ${pieces.length} pieces`);
  }
  // JSON: a site, finding or problem per piece, none near the whole text.
  const json = [...renderReportPieces(report, 'json', context)];
  const longest = Math.max(...json.map((piece) => piece.length));
  assert.ok(longest * 4 < json.join('').length, `longest piece ${longest} of ${json.join('').length}`);
  // SARIF: a result per piece (its rules are one piece, whatever the number of files).
  const results = [...renderReportPieces(report, 'sarif', context)].map((piece) => piece.split('"ruleId": ').length - 1).filter((count) => count > 0);
  assert.deepEqual(results, Array.from({ length: report.findings.length + report.budgets.length }, () => 1));
  assert.equal([...renderReportPieces(report, 'markdown', context)].join(''), renderReport(report, 'markdown', context));
  assert.equal([...renderReportPieces(report, 'csv', context)].length, 1);
});
