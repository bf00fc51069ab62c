// The format registry is the one list behind --format, --output-<format>, the help text and Export Report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FILE_REPORT_FORMAT_IDS, REPORT_FORMAT_IDS, REPORT_FORMATS } from '../../../src/core/report/formats';
import { FILE_FORMATS, FORMATS, parseArguments, USAGE } from '../../../src/cli/args';

test('the CLI formats are the registry formats, in the registry order', () => {
  assert.deepEqual([...FORMATS], ['table', 'json', 'markdown', 'sarif', 'csv', 'github']);
  assert.deepEqual([...REPORT_FORMAT_IDS], [...FORMATS]);
  assert.deepEqual([...FILE_FORMATS], ['json', 'markdown', 'sarif', 'csv']);
  assert.deepEqual([...FILE_REPORT_FORMAT_IDS], [...FILE_FORMATS]);
});

test('every file format has an --output-<format> flag and a line in the help text', () => {
  for (const format of FILE_FORMATS) {
    assert.deepEqual((parseArguments(['audit', `--output-${format}`, `r.${format}`]) as { outputs: unknown }).outputs, [{ format, file: `r.${format}` }]);
    assert.ok(USAGE.includes(`--output-${format} FILE`), format);
  }
  assert.ok(USAGE.includes('--format table|json|markdown|sarif|csv|github'));
  assert.throws(() => (parseArguments(['audit', '--output-table', 'x'])), /unknown option|--output-table/);
});

test('each format has a distinct id and a file extension', () => {
  assert.equal(new Set(REPORT_FORMATS.map((entry) => entry.id)).size, REPORT_FORMATS.length);
  assert.deepEqual(Object.fromEntries(REPORT_FORMATS.map((entry) => [entry.id, entry.extension])), { table: 'txt', json: 'json', markdown: 'md', sarif: 'sarif', csv: 'csv', github: 'txt' });
});
