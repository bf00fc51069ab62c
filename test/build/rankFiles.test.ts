// The build's rank files: a file left by an older build (format version 1) is rewritten, a current one is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

test('writeRankFiles rewrites a version-1 rank file older than its inputs and keeps one newer than them', () => {
  const { writeRankFiles } = require(path.join(root, 'scripts/rankFiles.cjs')) as { writeRankFiles(folder: string): void };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rank-files-'));
  try {
    const stale = path.join(folder, 'cl100k_base.ranks');
    fs.writeFileSync(stale, Buffer.from('PCRK\x01\x00\x00\x00\x00\x00\x00\x00', 'latin1'));
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(stale, past, past);
    writeRankFiles(folder);
    for (const name of ['o200k_base.ranks', 'cl100k_base.ranks']) {
      const written = fs.readFileSync(path.join(folder, name));
      assert.equal(written[4], 2, `${name} has format version ${written[4]}`);
      assert.ok(written.equals(fs.readFileSync(path.join(root, 'dist/wasm', name))), `${name} differs from dist/wasm/${name}`);
    }
    const current = path.join(folder, 'o200k_base.ranks');
    fs.writeFileSync(current, 'kept');
    const future = new Date(Date.now() + 3_600_000);
    fs.utimesSync(current, future, future);
    writeRankFiles(folder);
    assert.equal(fs.readFileSync(current, 'utf8'), 'kept');
    assert.deepEqual(fs.readdirSync(folder).sort(), ['cl100k_base.ranks', 'o200k_base.ranks']);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
