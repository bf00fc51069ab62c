// redundant-instruction's near-duplicate search: exact answers, and comparisons that do not grow with the square.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditedSite } from '../../../src/core/auditTypes';
import { findRepeats, nearDuplicateWork } from '../../../src/core/rules/redundantInstruction';

/** Letters only: a word with a digit counts as a number, and differing numbers are never near repeats. */
const VOCABULARY = Array.from({ length: 3_000 }, (_, index) => `${String.fromCharCode(97 + (index % 26))}${String.fromCharCode(97 + (Math.floor(index / 26) % 26))}${String.fromCharCode(97 + Math.floor(index / 676))}ing`);

/** `count` sentences of 8 pseudo-random words; every 50th repeats the one 40 before it with one word added. */
function sentences(count: number): string[] {
  let state = 7;
  const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % VOCABULARY.length;
  const words: string[][] = [];
  for (let index = 0; index < count; index++) {
    // 8 of 9 words shared: Jaccard 8/9, above the 0.8 threshold.
    words.push(index % 50 === 49 ? [...words[index - 40], 'again'] : Array.from({ length: 8 }, () => VOCABULARY[next()]));
  }
  return words.map((sentence) => `${sentence.join(' ')}.`);
}

function site(text: string): AuditedSite {
  return { site: { messages: [{ role: 'system', segments: [{ kind: 'static', text, span: { start: 0, end: text.length } }] }] } } as unknown as AuditedSite;
}

test('near repeats among 250, 500 and 1,000 sentences are all found with a small fraction of the pairwise comparisons', () => {
  const comparisons: number[] = [];
  for (const count of [250, 500, 1_000]) {
    const list = sentences(count);
    const text = list.join(' ');
    nearDuplicateWork.comparisons = 0;
    const repeats = findRepeats(site(text), text);
    const expected = list.flatMap((sentence, index) => (index % 50 === 49 ? [[sentence, list[index - 40]]] : []));
    assert.deepEqual(
      repeats.map((repeat) => [repeat.kind, repeat.sentence.text, repeat.original.text]),
      expected.map(([sentence, original]) => ['near', sentence, original]),
    );
    comparisons.push(nearDuplicateWork.comparisons);
  }
  // Comparing with every earlier candidate made about n²/2: 31,125 / 124,750 / 499,500. What is left are pairs that
  // share one of their two rarest words (3,000-word vocabulary drawn at random, so such pairs grow slowly).
  assert.deepEqual(comparisons, [5, 31, 462]);
});

test('a negation in one sentence only keeps a near repeat apart, whatever else differs after it', () => {
  // 8 of 10 words shared (Jaccard 0.8, at the threshold); "not" and "today" differ, "not" first in the word order.
  const text = 'Do not send the invoice to the customer before the payment clears. Do send the invoice to the customer before the payment clears today.';
  nearDuplicateWork.comparisons = 0;
  assert.deepEqual(findRepeats(site(text), text), []);
  assert.equal(nearDuplicateWork.comparisons, 1);
  const repeated = 'Do not send the invoice to the customer before the payment clears. Do not send the invoice to the customer before the payment clears today.';
  assert.deepEqual(
    findRepeats(site(repeated), repeated).map((repeat) => [repeat.kind, repeat.sentence.text, repeat.original.text]),
    [['near', 'Do not send the invoice to the customer before the payment clears today.', 'Do not send the invoice to the customer before the payment clears.']],
  );
});
