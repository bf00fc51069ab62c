// 1 MB inputs: compared with tiktoken where it can count them, otherwise proved from counts it can make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEncoding } from '../../../src/core/tokenizing/encodings';
import { BASE_ENCODINGS, base64Blob, readTokenFixtures, referenceCount } from './reference';

const MEGABYTE = 1 << 20;

/** The fixture corpus repeated to 1 MB: ordinary prompt text at scale. */
function mixedMegabyte(): string {
  const corpus = [...readTokenFixtures().values()].join('\n');
  return corpus.repeat(Math.ceil(MEGABYTE / corpus.length)).slice(0, MEGABYTE);
}

for (const encoding of BASE_ENCODINGS) {
  test(`${encoding}: 1 MB of mixed fixture text counts exactly as tiktoken does`, () => {
    const text = mixedMegabyte();
    assert.equal(loadEncoding(encoding).count(text), referenceCount(text, encoding));
  });

  test(`${encoding}: 1 MB of base64 without line breaks counts exactly as tiktoken does`, () => {
    const text = base64Blob((MEGABYTE / 4) * 3, 3);
    assert.equal(text.length, MEGABYTE);
    assert.equal(loadEncoding(encoding).count(text), referenceCount(text, encoding));
  });
}

// A run of one repeated character is one pre-tokenizer piece, too big for the reference (quadratic, and it aborts on
// 1 MB of spaces). The merge of c^(P·m) goes level by level (pairs, then pairs of pairs …) into m tokens of c^P, so
// count(c^(P·m)) = m·Q for all m: checked here against tiktoken for several m, then asserted at 1 MB = P · 2^20/P.
const RUNS: { label: string; unit: string; period: number; tokensPerPeriod: Record<string, number> }[] = [
  { label: 'spaces', unit: ' ', period: 128, tokensPerPeriod: { o200k_base: 1, cl100k_base: 1 } },
  { label: '"a"', unit: 'a', period: 8, tokensPerPeriod: { o200k_base: 1, cl100k_base: 1 } },
  { label: '"="', unit: '=', period: 64, tokensPerPeriod: { o200k_base: 1, cl100k_base: 1 } },
  { label: 'newlines', unit: '\n', period: 64, tokensPerPeriod: { o200k_base: 4, cl100k_base: 2 } },
  { label: 'tabs', unit: '\t', period: 16, tokensPerPeriod: { o200k_base: 1, cl100k_base: 1 } },
  { label: '"語"', unit: '語', period: 1, tokensPerPeriod: { o200k_base: 1, cl100k_base: 2 } },
];

for (const encoding of BASE_ENCODINGS) {
  for (const { label, unit, period, tokensPerPeriod } of RUNS) {
    test(`${encoding}: 1 MB of ${label} is ${tokensPerPeriod[encoding]} token(s) per ${period} chars, as tiktoken counts shorter runs`, () => {
      const encoder = loadEncoding(encoding);
      const perPeriod = tokensPerPeriod[encoding];
      for (const periods of [1, 2, 3, 5, 8, 13, 32]) {
        const run = unit.repeat(period * periods);
        assert.equal(referenceCount(run, encoding), periods * perPeriod, `tiktoken on ${period * periods} chars`);
        assert.equal(encoder.count(run), periods * perPeriod, `ours on ${period * periods} chars`);
      }
      assert.equal(encoder.count(unit.repeat(MEGABYTE)), (MEGABYTE / period) * perPeriod);
    });
  }
}

// Joining texts at a proven piece boundary adds their counts. A piece ends after "\n" when the next char is neither
// whitespace nor "/": no alternative of either pattern continues through "\n" into such a char (letters need a
// non-newline prefix, punctuation runs take only [\r\n/] after, whitespace runs need whitespace).
for (const encoding of BASE_ENCODINGS) {
  test(`${encoding}: 1 MB of giant runs joined at line boundaries counts as the sum of its parts`, () => {
    const encoder = loadEncoding(encoding);
    const parts = [
      'Intro paragraph.\n',
      ' '.repeat(200_000) + '\n',
      'X' + 'a'.repeat(200_000) + '\n',
      'Y' + '='.repeat(150_000) + '\n',
      base64Blob(150_000, 9) + '\n',
      'Z' + '\t \n'.repeat(50_000),
      readTokenFixtures().get('prose-en.txt')!,
    ];
    const whole = parts.join('');
    assert.ok(whole.length > 900_000);
    assert.equal(encoder.count(whole), parts.reduce((sum, part) => sum + encoder.count(part), 0));
  });
}
