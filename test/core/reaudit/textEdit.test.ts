// The one change between two texts, and offsets moved past it: what keystroke re-audits carry sites over with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeBetween, lastOffsetIn, movedData, movedOffset } from '../../../src/core/reaudit/textEdit';
import { seededRandom } from '../../../bench/seededRandom';

test('the change between two texts is their differing middle, found across block boundaries', () => {
  assert.equal(changeBetween('same', 'same'), null);
  assert.deepEqual(changeBetween('abcdef', 'abXdef'), { start: 2, oldEnd: 3, newEnd: 3 });
  assert.deepEqual(changeBetween('abc', 'abcd'), { start: 3, oldEnd: 3, newEnd: 4 });
  assert.deepEqual(changeBetween('aaaa', 'aaa'), { start: 3, oldEnd: 4, newEnd: 3 });
  // A surrogate pair or a CRLF is never split: the change widens to take the whole of it.
  assert.deepEqual(changeBetween('x\u{1F600}y', 'x\u{1F601}y'), { start: 1, oldEnd: 3, newEnd: 3 });
  assert.deepEqual(changeBetween('a\r\nb', 'a\rb'), { start: 1, oldEnd: 3, newEnd: 2 });
  const random = seededRandom(7);
  for (let run = 0; run < 200; run++) {
    const length = Math.floor(random() * 5000);
    const before = Array.from({ length }, () => 'ab\n '[Math.floor(random() * 4)]).join('');
    const start = Math.floor(random() * (length + 1));
    const end = Math.min(length, start + Math.floor(random() * 3000));
    const inserted = Array.from({ length: Math.floor(random() * 2000) }, () => 'ab\n '[Math.floor(random() * 4)]).join('');
    const after = before.slice(0, start) + inserted + before.slice(end);
    const change = changeBetween(before, after);
    if (before === after) {
      assert.equal(change, null);
      continue;
    }
    assert.ok(change);
    // Applying the change reproduces the new text, and it is no wider than the edit that was made.
    assert.equal(before.slice(0, change.start) + after.slice(change.start, change.newEnd) + before.slice(change.oldEnd), after, `run ${run}`);
    assert.ok(change.start >= Math.max(0, start - 1) || before.slice(0, start) !== after.slice(0, start), `run ${run}`);
    assert.ok(change.oldEnd - change.start <= end - start + 2 && change.newEnd - change.start <= inserted.length + 2, `run ${run}`);
  }
});

test('offsets before the change stay, after it move by its length difference, touching it have no answer', () => {
  const change = { start: 10, oldEnd: 12, newEnd: 15 };
  assert.deepEqual([9, 10, 11, 12, 13].map((offset) => movedOffset(offset, change)), [9, null, null, null, 16]);
  const site = { span: { start: 20, end: 30 }, label: 'x', cache: { breaksAt: { offset: 25, segmentIndex: 3 } }, entry: { start: 50, end: 60, name: 'not a span' }, early: { start: 1, end: 5 } };
  assert.deepEqual(movedData(site, change), { span: { start: 23, end: 33 }, label: 'x', cache: { breaksAt: { offset: 28, segmentIndex: 3 } }, entry: { start: 50, end: 60, name: 'not a span' }, early: { start: 1, end: 5 } });
  assert.equal(movedData({ span: { start: 5, end: 10 } }, change), null);
  assert.deepEqual(movedData({ span: { start: 20, end: 30 }, kept: { span: { start: 40, end: 41 } } }, change, new Set(['kept'])), { span: { start: 23, end: 33 }, kept: { span: { start: 40, end: 41 } } });
  // Copy on change: what holds no moved offset is the same object; the input is left as it was.
  const data = { early: { span: { start: 1, end: 5 }, words: ['a'] }, late: [{ text: 'x' }, { span: { start: 20, end: 30 } }], tokens: { input: 4 } };
  const stats = { moved: 0 };
  const moved = movedData(data, change, undefined, stats)!;
  assert.deepEqual(moved, { early: { span: { start: 1, end: 5 }, words: ['a'] }, late: [{ text: 'x' }, { span: { start: 23, end: 33 } }], tokens: { input: 4 } });
  assert.equal(stats.moved, 2);
  assert.equal(moved.early, data.early);
  assert.equal(moved.tokens, data.tokens);
  assert.equal(moved.late[0], data.late[0]);
  assert.notEqual(moved.late, data.late);
  assert.deepEqual(data.late[1], { span: { start: 20, end: 30 } });
  assert.equal(movedData(data, { start: 40, oldEnd: 41, newEnd: 45 }), data);
  // Found offset-free once, skipped from then on; an object whose offsets hid in a skipped field is read again without it.
  const hidden = { note: { span: { start: 20, end: 30 } } };
  assert.equal(movedData({ kept: hidden }, change, new Set(['note']))?.kept, hidden);
  assert.deepEqual(movedData({ kept: hidden }, change), { kept: { note: { span: { start: 23, end: 33 } } } });
  assert.equal(movedData(moved, change)!.tokens, data.tokens);
  assert.equal(lastOffsetIn(site), 30);
  assert.equal(lastOffsetIn({ none: 1 }), -1);
  // A site's rule results in one walk, as a re-audit carries them: an Error (a rule that threw) and empty lists as they are.
  const thrown = new Error('rule failed');
  const none: never[] = [];
  const rules = [[{ message: 'm', span: { start: 20, end: 30 } }], thrown, none];
  const movedRules = movedData(rules, change)!;
  assert.deepEqual(movedRules, [[{ message: 'm', span: { start: 23, end: 33 } }], thrown, none]);
  assert.equal(movedRules[1], thrown);
  assert.equal(movedRules[2], none);
  assert.equal(movedData([none, thrown], change)?.[1], thrown);
  assert.equal(movedData(rules, { start: 5, oldEnd: 25, newEnd: 26 }), null);
});
