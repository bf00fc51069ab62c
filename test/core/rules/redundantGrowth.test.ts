// redundant-instruction's near-duplicate search: exact answers, and comparisons that do not grow with the square.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditedSite } from '../../../src/core/auditTypes';
import { comparableWords, findRepeats, nearDuplicateWork } from '../../../src/core/rules/redundantInstruction';

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
  // share one of their two rarest words (3,000-word vocabulary drawn at random, so such pairs grow slowly; words
  // equally rare are ordered by first use, which decides which pairs share a prefix word).
  assert.deepEqual(comparisons, [5, 22, 460]);
});

test('a sentence with a number no other sentence has is compared with none (a near repeat needs the same numbers)', () => {
  // Numbered steps share every word but their number: Jaccard 5/7 between any two, below 0.8, and the numbers differ
  // anyway. The number is one of each sentence's rarest words, the other prefix word is a word all the steps share,
  // so the prefix index alone hands every step every earlier step: 1, 2, … 299 comparisons, ~45,000 for 300 steps.
  const steps = Array.from({ length: 300 }, (_, index) => `Step ${index + 1}: check item ${index + 1} of the order.`);
  const text = steps.join('\n');
  nearDuplicateWork.comparisons = 0;
  assert.deepEqual(findRepeats(site(text), text), []);
  assert.equal(nearDuplicateWork.comparisons, 0);
  // A number two sentences share still lets them be compared, and found.
  const twice = `${text}\nStep 7: check the item 7 of the order.`;
  nearDuplicateWork.comparisons = 0;
  assert.deepEqual(
    findRepeats(site(twice), twice).map((repeat) => [repeat.kind, repeat.sentence.text, repeat.original.text]),
    [['near', 'Step 7: check the item 7 of the order.', 'Step 7: check item 7 of the order.']],
  );
  assert.ok(nearDuplicateWork.comparisons >= 1 && nearDuplicateWork.comparisons <= 300, String(nearDuplicateWork.comparisons));
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

test('near repeats found through the word index are the ones a comparison with every earlier sentence finds', () => {
  // A small vocabulary so that many pairs are near: plurals that fold, articles that are dropped, negations and numbers.
  const vocabulary = ['send', 'the', 'a', 'invoice', 'invoices', 'customer', 'customers', 'not', 'never', '3', '5', 'reply', 'clearly', 'class', 'classes', 'today', 'report', 'reports', 'check', 'total'];
  // The rule's own word-set definition (articles dropped, plurals folded), applied to every pair.
  const comparable = (sentence: string): Set<string> => comparableWords(sentence.toLowerCase().replace(/[^a-z0-9 ]/g, '').split(' ').filter(Boolean));
  const near = (a: Set<string>, b: Set<string>): boolean => {
    const shared = [...a].filter((word) => b.has(word)).length;
    const differing = [...a, ...b].filter((word) => !(a.has(word) && b.has(word)));
    return shared / (a.size + b.size - shared) >= 0.8 && !differing.some((word) => ['not', 'never'].includes(word) || /\d/.test(word));
  };
  let state = 3;
  const next = (limit: number): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % limit;
  let nearFound = 0;
  for (let prompt = 0; prompt < 150; prompt++) {
    const list: string[] = [];
    for (let index = 0; index < 40; index++) {
      // Half the sentences vary an earlier one by a word or two; the others are new (5 to 9 words, some shorter).
      const earlier = list.length > 0 && next(2) === 0 ? list[next(list.length)].slice(0, -1).split(' ') : undefined;
      const words = earlier ? [...earlier] : Array.from({ length: 3 + next(7) }, () => vocabulary[next(vocabulary.length)]);
      if (earlier) words[next(words.length)] = vocabulary[next(vocabulary.length)];
      if (earlier && next(3) === 0) words.push(vocabulary[next(vocabulary.length)]);
      // "… a." is read as an abbreviation, not a sentence end.
      if (words[words.length - 1] === 'a') words.push('today');
      list.push(`${words.join(' ')}.`);
    }
    const text = list.join(' ');
    // The reference: exact repeats first, then the earliest earlier non-repeat of 5+ words that nearly matches.
    const expected: Array<[string, string, string]> = [];
    const firstByText = new Map<string, string>();
    const candidates: string[] = [];
    for (const sentence of list) {
      const normalized = sentence.slice(0, -1).toLowerCase();
      const words = normalized.split(' ');
      const same = firstByText.get(normalized);
      if (same !== undefined && words.length >= 3) {
        expected.push(['exact', sentence, same]);
        continue;
      }
      const original = words.length >= 5 ? candidates.find((candidate) => near(comparable(sentence), comparable(candidate))) : undefined;
      if (original !== undefined) {
        expected.push(['near', sentence, original]);
        continue;
      }
      if (!firstByText.has(normalized)) firstByText.set(normalized, sentence);
      if (words.length >= 5) candidates.push(sentence);
    }
    nearFound += expected.filter(([kind]) => kind === 'near').length;
    const found = findRepeats(site(text), text).map((repeat): [string, string, string] => [repeat.kind, repeat.sentence.text, repeat.original.text]);
    assert.deepEqual(found, expected, `prompt ${prompt}: ${text}`);
  }
  assert.ok(nearFound > 500, `${nearFound} near repeats checked`);
});
