// The one-pass sentence normaliser gives exactly what its definition (a chain of regex replacements) gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { comparableWordHashes, hasWord, instructionSentences, normalizedForm, normalizeSentence, sentenceWords } from '../../../src/core/rules/instructionSentences';
import type { PromptSite } from '../../../src/core/types';

/** The definition the one-pass version replaced (issue 16: it was a tenth of a prompt-file audit). */
function byDefinition(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of the definition's text (split at its single spaces). */
function wordsByDefinition(text: string): string[] {
  const normalized = byDefinition(text);
  return normalized === '' ? [] : normalized.split(' ');
}

const TOKENS = path.resolve(__dirname, '../../../../test/fixtures/tokens');

test('normalizes known sentences as the definition does', () => {
  assert.equal(normalizeSentence("  Don't  make things UP!  "), 'dont make things up');
  assert.equal(normalizeSentence('Answer in English (e.g. “Hi”) — always’s.'), 'answer in english e g hi alwayss');
  assert.equal(normalizeSentence('İstanbul: ÉTÉ, 𝐀𝐁 ９９ x²'), byDefinition('İstanbul: ÉTÉ, 𝐀𝐁 ９９ x²'));
  assert.equal(normalizeSentence('请简洁回答。'), '请简洁回答');
  assert.equal(normalizeSentence('lone \ud800 surrogate \udc00'), 'lone surrogate');
  assert.equal(normalizeSentence("'`´’‘"), '');
});

test('every line of the tokenizer fixtures (every script) normalizes as the definition does', () => {
  let lines = 0;
  for (const name of fs.readdirSync(TOKENS).sort()) {
    for (const line of fs.readFileSync(path.join(TOKENS, name), 'utf8').split('\n')) {
      assert.equal(normalizeSentence(line), byDefinition(line), `${name}: ${JSON.stringify(line)}`);
      assert.equal(normalizedForm(line).wordCount, wordsByDefinition(line).length);
      lines++;
    }
  }
  assert.ok(lines > 200, `only ${lines} lines read`);
});

test('random text, binary and full Unicode included, normalizes as the definition does', () => {
  const pieces = fc.oneof(fc.constantFrom("'", '’', '‘', '`', '´', ' ', '\t', '\n', '-', 'A', 'é', 'É', '語', '😀', '\ud800', '\udfff', 'İ', 'ß', '٣'), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 }));
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
      assert.equal(normalizeSentence(text), byDefinition(text));
      assert.equal(normalizedForm(text).wordCount, wordsByDefinition(text).length);
    }),
    { seed: 16, numRuns: 400 },
  );
});

test('sentences in Han, Hiragana or Katakana count characters as words; others (Hangul, Greek, Latin) count words', () => {
  const text = '请简洁回答。 日本語で答えてください。 カタカナ。 Reply in English please. 간결하게 답하세요. Απάντησε σύντομα.';
  const site = { messages: [{ role: 'system', segments: [{ kind: 'static', text, span: { start: 0, end: text.length } }] }] } as unknown as PromptSite;
  assert.deepEqual(
    instructionSentences(site, text).map((sentence) => [sentence.normalized, sentence.unspaced === true, sentence.wordCount]),
    [
      ['请简洁回答', true, 5],
      ['日本語で答えてください', true, 11],
      ['カタカナ', true, 4],
      ['reply in english please', false, 4],
      ['간결하게 답하세요', false, 2],
      ['απάντησε σύντομα', false, 2],
    ],
  );
});

test('the one-pass form gives the normalised text, its word count and whether it may be unspaced, as the definition does', () => {
  // Mostly ASCII prose with single and repeated separators, apostrophes and capitals (runs copied as slices), and every kind of character the normaliser treats apart.
  const pieces = fc.oneof(
    fc.constantFrom(' ', ' ', '  ', ', ', '. ', "'", '’', '‘', '`', '´', '-', '\t', '\n', 'Do', 'not', "don't", 'A', 'the', 'AND', 'x9', 'é', 'É', '語', 'カ', '😀', '𝐀', '\ud800', '\udfff', 'İ', 'ß', 'Σ', '٣', '\u2e80'),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
      const words = wordsByDefinition(text);
      const normalized = words.join(' ');
      assert.deepEqual(normalizedForm(text), { normalized, wordCount: words.length, mayBeUnspaced: /[\u2e80-\uffff]/.test(normalized) });
      for (const word of ['and', 'a', 'not']) assert.equal(hasWord(normalized, word), words.includes(word), `${word} in ${JSON.stringify(normalized)}`);
      if (words.length > 0) assert.deepEqual(sentenceWords({ normalized }), words);
    }),
    { seed: 16, numRuns: 2_000 },
  );
});

/** FNV-1a (32 bits) of a string's UTF-16 code units: the near-duplicate search's word hash. */
function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < word.length; at++) hash = Math.imul(hash ^ word.charCodeAt(at), 0x01000193);
  return hash;
}

/**
 * The comparable words of a normalised text as the near-duplicate search read them before the walk gave them: split at
 * single spaces, articles left out, a plain plural without its `s`; (hash, start, end) each, offsets in the text.
 */
function comparableWordsByDefinition(normalized: string): number[] {
  const triples: number[] = [];
  let start = 0;
  for (const word of normalized === '' ? [] : normalized.split(' ')) {
    const end = start + word.length;
    if (!['a', 'an', 'the'].includes(word)) {
      const comparable = word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
      triples.push(fnv1a(comparable), start, start + comparable.length);
    }
    start = end + 1;
  }
  return triples;
}

test('the walk that normalises a sentence gives its comparable words and their hashes, as reading the normalised text does', () => {
  const pieces = fc.oneof(
    fc.constantFrom(' ', ' ', '  ', ', ', '. ', "'", '’', '`', '-', '\n', 'Do', 'not', "don't", 'A', 'an', 'An', 'the', 'THE', 'thee', 'AND', 'class', 'Customers', 'bus', 'plus', "it's", 's', 'ss', 'x9', 'é', 'É', '語', '😀', '𝐀𝐬', '\ud800', 'İ', 'ß', 'Σ', '٣'),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  const check = (text: string): void => {
    const words: number[] = [];
    const { normalized } = normalizedForm(text, words);
    assert.deepEqual(words, comparableWordsByDefinition(normalized), JSON.stringify(text));
    assert.deepEqual(comparableWordHashes(normalized), words);
  };
  fc.assert(fc.property(fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')), check), { seed: 16, numRuns: 2_000 });
  for (const name of fs.readdirSync(TOKENS).sort()) for (const line of fs.readFileSync(path.join(TOKENS, name), 'utf8').split('\n')) check(line);
  const known: number[] = [];
  normalizedForm("The customers' classes: don't guess a bus.", known);
  assert.deepEqual(known, [fnv1a('customer'), 4, 12, fnv1a('classe'), 14, 20, fnv1a('dont'), 22, 26, fnv1a('guess'), 27, 32, fnv1a('bus'), 35, 38]);
});
