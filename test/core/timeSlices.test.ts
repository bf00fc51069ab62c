// timeSlices: a long loop on a shared thread gives way once a slice has run, and only then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeSlices } from '../../src/core/timeSlices';

test('pause yields to the thread\'s other tasks only once the slice has run, then starts a new slice', async () => {
  let clock = 0;
  const pause = timeSlices(10, () => clock);
  let ran = 0;
  const other = () => setTimeout(() => ran++, 0);
  other();
  clock = 9;
  await pause();
  assert.equal(ran, 0, 'within the slice: no yield, the other task still waits');
  clock = 10;
  await pause();
  assert.equal(ran, 1, 'the slice has run: the other task ran before the loop went on');
  other();
  clock = 19;
  await pause();
  assert.equal(ran, 1, 'a new slice started at the yield');
  clock = 20;
  await pause();
  assert.equal(ran, 2);
});
