// The CLI's full collection between the phases of a many-file run: it runs from COLLECT_FROM_FILES files on, and it
// really frees what nothing holds any more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'timers/promises';
import { collectGarbage, COLLECT_FROM_FILES } from '../../src/workspace/collectGarbage';

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
