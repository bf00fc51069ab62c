// redundant-instruction numbers words by an FNV-1a hash of their characters: two words with one hash stay two words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditedSite } from '../../../src/core/auditTypes';
import { findRepeats } from '../../../src/core/rules/redundantInstruction';

function site(text: string): AuditedSite {
  return { site: { messages: [{ role: 'system', segments: [{ kind: 'static', text, span: { start: 0, end: text.length } }] }] } } as unknown as AuditedSite;
}

function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < word.length; at++) hash = Math.imul(hash ^ word.charCodeAt(at), 0x01000193);
  return hash;
}

test('two different words with the same 32-bit hash are not one word to the near-duplicate search', () => {
  assert.equal(fnv1a('glbvp'), fnv1a('yacxb'));
  const base = 'Label the quarterly column with blue ink';
  // 6 of 7 comparable words shared when the two words differ (Jaccard 6/8 < 0.8): not a near repeat.
  const differing = `${base} glbvp. ${base} yacxb.`;
  assert.deepEqual(findRepeats(site(differing), differing), []);
  // The same word twice: the sentences are one sentence, word for word.
  const same = `${base} glbvp. ${base} glbvp.`;
  assert.deepEqual(findRepeats(site(same), same).map((repeat) => repeat.kind), ['exact']);
  // One more word in the second: Jaccard 7/8, a near repeat.
  const near = `${base} glbvp. ${base} glbvp today.`;
  assert.deepEqual(findRepeats(site(near), near).map((repeat) => repeat.kind), ['near']);
  // A different word with the same hash, and one more: still not a near repeat (6/9).
  const nearDiffering = `${base} glbvp. ${base} yacxb today.`;
  assert.deepEqual(findRepeats(site(nearDiffering), nearDiffering), []);
});

test('a prompt with more distinct word characters than the word table keeps finds its repeats, and so does the next prompt', () => {
  // Letters only (a digit makes a word a number): the index in base 26, a to z, and a long tail.
  const word = (index: number): string => `w${[...index.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('')}${'q'.repeat(30)}x`;
  // 3,000 distinct words (~100,000 characters) in sentences of 8, then a near repeat of the first sentence.
  const sentences: string[] = [];
  for (let index = 0; index < 3_000; index += 8) sentences.push(`${Array.from({ length: 8 }, (_, at) => word(index + at)).join(' ')}.`);
  const first = sentences[0];
  const long = `${sentences.join(' ')} ${first.slice(0, -1)} again.`;
  const repeats = findRepeats(site(long), long);
  assert.deepEqual(repeats.map((repeat) => [repeat.kind, repeat.original.text]), [['near', first]]);
  const short = 'Label the quarterly column with blue ink glbvp. Label the quarterly column with blue ink yacxb.';
  assert.deepEqual(findRepeats(site(short), short), []);
});
