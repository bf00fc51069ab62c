// The one-regex gate in front of the intent patterns: it must accept exactly the sentences some pattern accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ANY_INTENT, INTENT_FAMILIES, intentOf, normalizeSentence } from '../../../src/core/rules/instructionSentences';

const PATTERNS = INTENT_FAMILIES.flatMap((family) => family.patterns);
const fixtures = path.resolve(__dirname, '../../../../test/fixtures');

/** One or more sentences each pattern accepts, and near misses (a word more, a word less, another order). */
const MATCHING = [
  'be concise', 'please always keep your answers very concise and to the point', 'answer briefly', 'use short answers only', 'dont be verbose',
  'avoid filler', 'brevity matters', 'respond in json', 'always return valid json only', 'output json', 'the response must be valid json',
  'json only', 'respond in english', 'always use french only', 'all your answers must be in german', 'reply in the language of the user',
  'answer in the users language', 'match the customers language', 'you are a helpful assistant', 'act as a friendly and honest ai assistant',
  'you are a helpful assistant for the lumen photo editor', 'youre a kind bot at acme 42', 'do not make things up', 'never fabricate any facts',
  'no hallucinations', 'format your answer in markdown', 'use markdown formatting', 'do not use markdown', 'plain text only',
  'respond in plain text', 'think step by step', 'lets think it through step by step', 'explain your reasoning step by step',
  'break the problem down step by step',
];
const NOT_MATCHING = [
  'be concise about it', 'concise be', 'respond in klingon', 'you are a helpful assistant for', 'json', 'think step by step please',
  'answer briefly and in json', '', 'use markdown formatting only please', 'you are a helpful assistant for ' + 'x'.repeat(61),
];

/** Normalised lines and sentences of every fixture text file: thousands of real prompt sentences. */
function fixtureSentences(): string[] {
  const out = new Set<string>();
  const visit = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (fs.statSync(full).size < 2_000_000) {
        for (const line of fs.readFileSync(full, 'utf8').split(/\r?\n|(?<=[.!?])\s+/)) out.add(normalizeSentence(line));
      }
    }
  };
  for (const name of ['rules', 'rules-corpus', 'prompt-files-corpus', 'prompt-files-corpus2', 'sample-workspace']) visit(path.join(fixtures, name));
  return [...out];
}

test('the intent gate is built and accepts a sentence exactly when one of the intent patterns does', () => {
  assert.ok(ANY_INTENT, 'every intent pattern is ^…$ without flags other than u');
  for (const sentence of MATCHING) {
    assert.equal(PATTERNS.some((pattern) => pattern.test(sentence)), true, sentence);
    assert.equal(ANY_INTENT.test(sentence), true, sentence);
    assert.notEqual(intentOf(sentence), undefined, sentence);
  }
  for (const sentence of NOT_MATCHING) {
    assert.equal(PATTERNS.some((pattern) => pattern.test(sentence)), false, sentence);
    assert.equal(ANY_INTENT.test(sentence), false, sentence);
  }
  const sentences = fixtureSentences();
  assert.ok(sentences.length > 2_000, `${sentences.length} fixture sentences`);
  let accepted = 0;
  for (const sentence of sentences) {
    const some = PATTERNS.some((pattern) => pattern.test(sentence));
    assert.equal(ANY_INTENT.test(sentence), some, sentence);
    if (some) accepted++;
  }
  assert.ok(accepted >= 10, `${accepted} fixture sentences are an intent`);
});
