// The CLI's full collection between the phases of a many-file run: it runs from COLLECT_FROM_FILES files on, and it
// really frees what nothing holds any more; and the young-generation collections while the result cache is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'timers/promises';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { collectGarbage, COLLECT_FROM_FILES, youngCollections } from '../../src/workspace/collectGarbage';
import { ResultCache } from '../../src/workspace/resultCache';
import { LineIndex } from '../../src/core/lineIndex';
import type { DocumentAudit } from '../../src/core/audit';

/** A WeakRef to an object nothing else holds (made in its own function, so no local keeps it). */
function unheld(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill('x') });
}

test('a run of fewer files than the threshold collects nothing; from the threshold on, an object nothing holds is gone', async () => {
  assert.equal(COLLECT_FROM_FILES, 1000);
  const small = unheld();
  // A WeakRef's target stays until the current job ends: the collection comes after a turn of the event loop.
  await nextTurn();
  assert.equal(collectGarbage(COLLECT_FROM_FILES - 1), false);
  assert.notEqual(small.deref(), undefined);
  const large = unheld();
  await nextTurn();
  assert.equal(collectGarbage(COLLECT_FROM_FILES), true);
  assert.equal(large.deref(), undefined);
  assert.equal(small.deref(), undefined);
});

test('the result cache is written with a young-generation collection every 8 MB of frames, and reads back whole', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-young-'));
  try {
    const cache = ResultCache.open(folder, '/work/project', 'context');
    // 20 frames of about 1 MB each: written in runs of 1 MB or more, collected after the 8th and the 16th.
    const audit = (index: number) => ({ file: `f${index}.txt`, sites: [], findings: [], problems: [], lineIndex: new LineIndex('x'), padding: String(index % 10).repeat(1 << 20) }) as unknown as DocumentAudit;
    for (let index = 0; index < 20; index++) cache.set(`f${index}.txt`, `hash${index}`, audit(index));
    const before = youngCollections.count;
    assert.equal(cache.save(), undefined);
    assert.equal(youngCollections.count - before, 2);
    const read = ResultCache.open(folder, '/work/project', 'context');
    for (let index = 0; index < 20; index++) assert.equal((read.get(`f${index}.txt`, `hash${index}`)?.audit as unknown as { padding: string }).padding.length, 1 << 20);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
