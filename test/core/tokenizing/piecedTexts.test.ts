// A long text's pieces carried from one version to the next (tokenizing/piecedTexts.ts): the cuts found around an
// edit are the cuts of the whole text, and the pieces away from the edit are the previous version's string objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chosenLineStartCuts, editedLineStartCuts } from '../../../src/core/tokenizing/stableCuts';
import { PiecedTexts } from '../../../src/core/tokenizing/piecedTexts';
import { isAfterSentenceEnd, sentenceBreakCuts } from '../../../src/core/reaudit/pieceMemo';
import { changeBetween } from '../../../src/core/reaudit/textEdit';
import { seededRandom } from '../../../bench/seededRandom';

/** Sentences and short lines, some starting with a letter, some ending a sentence: many places to cut and to refuse. */
function proseText(chars: number, seed: number): string {
  const random = seededRandom(seed);
  const words = ['alpha', 'Beta', 'gamma', 'delta.', 'x', '42', '- item', 'Zeta!', 'eta?', '  ', '\t', 'é', '日本'];
  let text = '';
  while (text.length < chars) {
    const length = 1 + Math.floor(random() * 12);
    const line = Array.from({ length }, () => words[Math.floor(random() * words.length)]).join(' ');
    text += `${line}${random() < 0.5 ? '.' : ''}${random() < 0.1 ? '\r\n' : '\n'}`;
  }
  return text;
}

/** One random edit: a character typed, a run deleted, a line break added, or a block pasted (sometimes at either end). */
function edited(text: string, random: () => number): string {
  const at = random() < 0.05 ? 0 : random() < 0.05 ? text.length : Math.floor(random() * text.length);
  const kind = random();
  if (kind < 0.4) return `${text.slice(0, at)}${'aZ.\n '[Math.floor(random() * 5)]}${text.slice(at)}`;
  if (kind < 0.7) return `${text.slice(0, at)}${text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 3000)))}`;
  if (kind < 0.85) return `${text.slice(0, at)}\nSentence ends.\nNew line${text.slice(at)}`;
  return `${text.slice(0, at)}${proseText(1 + Math.floor(random() * 9000), Math.floor(random() * 1000))}${text.slice(at)}`;
}

for (const [name, accept] of [
  ['stable cuts', undefined],
  ['sentence-break cuts', isAfterSentenceEnd],
] as const) {
  test(`${name}: the cuts found around an edit are the whole text's, over 300 random edits`, () => {
    const random = seededRandom(31);
    let text = proseText(200_000, 1);
    let cuts = chosenLineStartCuts(text, accept);
    assert.ok(cuts.length >= 20, `${cuts.length} cuts`);
    for (let key = 0; key < 300; key++) {
      const next = edited(text, random);
      const change = changeBetween(text, next);
      if (change) {
        const resumed = editedLineStartCuts(cuts, next, change, accept);
        cuts = chosenLineStartCuts(next, accept);
        assert.deepEqual(resumed, cuts, `key ${key}`);
      }
      text = next;
    }
  });
}

test('the sentence-break cuts read piece by piece are sentenceBreakCuts', () => {
  const text = proseText(100_000, 2);
  assert.deepEqual(chosenLineStartCuts(text, isAfterSentenceEnd), sentenceBreakCuts(text));
});

test('pieces join to the text at their starts; after an edit the pieces away from it are the same strings as before', () => {
  const pieced = new PiecedTexts();
  const random = seededRandom(32);
  let text = proseText(1 << 20, 3);
  let last = pieced.piecesOf(text);
  assert.equal(last.pieces.join(''), text);
  assert.ok(last.pieces.length > 100, `${last.pieces.length} pieces`);
  const sliced: number[] = [];
  const fresh: number[] = [];
  for (let key = 0; key < 100; key++) {
    const at = Math.floor(random() * text.length);
    text = `${text.slice(0, at)}e${text.slice(at)}`;
    const before = pieced.slicedChars;
    const now = pieced.piecesOf(text);
    sliced.push(pieced.slicedChars - before);
    assert.deepEqual(now.cuts, chosenLineStartCuts(text), `key ${key}`);
    assert.deepEqual(now.starts, [0, ...now.cuts]);
    assert.equal(now.pieces.join(''), text, `key ${key}`);
    now.pieces.forEach((piece, index) => assert.equal(piece, text.slice(now.starts[index], now.starts[index + 1] ?? text.length)));
    // Same strings (not just equal ones): the pieces ending 12 characters (a cut's look-ahead) or more before the edit.
    const previous = new Set(last.pieces);
    now.pieces.forEach((piece, index) => {
      if ((now.starts[index + 1] ?? text.length) + 12 <= at) assert.ok(previous.has(piece), `key ${key}: piece ${index} before the edit`);
    });
    fresh.push(now.pieces.filter((piece) => !previous.has(piece)).length);
    last = now;
  }
  // A key slices the pieces from the one it lands in to where the cuts agree again: mostly one or two (2–5 KB), now and
  // then a run of them (a new cut shifts the next ones until a chosen place is common to both), never the megabyte.
  const sorted = [...sliced].sort((a, b) => a - b);
  assert.ok(sorted[50] <= 8_000 && sorted[99] <= 100_000, `characters sliced per key: ${sliced.join(', ')}`);
  assert.ok(fresh.filter((count) => count <= 2).length >= 80, `new pieces per key: ${fresh.join(', ')}`);
  // The same text again is the same pieces.
  assert.equal(pieced.piecesOf(`${text}`), last);
});

test('a text unlike any remembered one is cut whole; a remembered one is found among other texts', () => {
  const pieced = new PiecedTexts();
  const first = proseText(100_000, 4);
  const other = proseText(100_000, 5);
  pieced.piecesOf(first);
  const before = pieced.slicedChars;
  const cutOther = pieced.piecesOf(other);
  assert.equal(pieced.slicedChars - before, other.length);
  assert.deepEqual(cutOther.cuts, chosenLineStartCuts(other));
  const edit = `${first.slice(0, 50_000)}typed${first.slice(50_000)}`;
  const again = pieced.slicedChars;
  assert.deepEqual(pieced.piecesOf(edit).cuts, chosenLineStartCuts(edit));
  assert.ok(pieced.slicedChars - again < 20_000, `${pieced.slicedChars - again} sliced`);
});
