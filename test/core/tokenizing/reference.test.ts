// Exact counts: every text here is counted by our encoder and by OpenAI's `tiktoken` (encode_ordinary); 0 mismatches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEncoding } from '../../../src/core/tokenizing/encodings';
import { BASE_ENCODINGS, base64Blob, readTokenFixtures, referenceCount, seededRandom } from './reference';

const fixtures = readTokenFixtures();

test('the fixture corpus has every kind of text the counters must get right', () => {
  assert.deepEqual([...fixtures.keys()], [
    'arabic-hindi.txt', 'cjk.txt', 'code-go.go', 'code-mixed.sql.sh', 'code-python.py', 'code-rust.rs',
    'code-typescript.ts', 'config.yaml', 'crlf.txt', 'data.json', 'emoji.txt', 'line-endings.txt',
    'mixed-scripts.txt', 'odd-whitespace.txt', 'prose-en.txt', 'readme-table.md', 'special-tokens.txt',
  ]);
  assert.ok(fixtures.get('crlf.txt')!.includes('\r\n'), 'crlf.txt keeps its CRLF line endings');
  assert.ok(fixtures.get('odd-whitespace.txt')!.includes('\u0085'), 'odd-whitespace.txt has NEL (U+0085)');
});

for (const encoding of BASE_ENCODINGS) {
  test(`${encoding}: every fixture file counts exactly as tiktoken does`, () => {
    const encoder = loadEncoding(encoding);
    const mismatches: string[] = [];
    for (const [name, text] of fixtures) {
      const ours = encoder.count(text);
      const reference = referenceCount(text, encoding);
      if (ours !== reference) mismatches.push(`${name}: ours ${ours}, tiktoken ${reference}`);
    }
    assert.deepEqual(mismatches, []);
  });

  test(`${encoding}: every line of every fixture counts exactly as tiktoken does`, () => {
    const encoder = loadEncoding(encoding);
    const mismatches: string[] = [];
    let lines = 0;
    for (const [name, text] of fixtures) {
      for (const line of text.split(/(?<=\n)/)) {
        lines++;
        const ours = encoder.count(line);
        const reference = referenceCount(line, encoding);
        if (ours !== reference) mismatches.push(`${name} ${JSON.stringify(line)}: ours ${ours}, tiktoken ${reference}`);
      }
    }
    assert.ok(lines > 150);
    assert.deepEqual(mismatches, []);
  });
}

/** Inputs that stress the pre-tokenizer and the merge: long runs, mixed whitespace, digits, base64, lone surrogates. */
function hazardCases(): [string, string][] {
  const runs: [string, string][] = [];
  // 10 KB runs of ASCII whitespace; multi-byte whitespace runs are shorter because the reference is quadratic on them.
  for (const [label, unit, length] of [
    ['spaces', ' ', 10_000], ['tabs', '\t', 10_000], ['newlines', '\n', 10_000], ['CRLF', '\r\n', 10_000],
    ['carriage returns', '\r', 10_000], ['space-newline', ' \n', 10_000], ['newline-space', '\n ', 10_000],
    ['tab-space', '\t ', 10_000], ['mixed whitespace', ' \t\u00a0\n\r\u2003', 10_000], ['NEL', '\u0085', 10_000],
    ['NBSP', '\u00a0', 3_000], ['ideographic spaces', '\u3000', 2_000], ['BOMs', '\ufeff', 2_000],
  ] as const) {
    const run = unit.repeat(Math.ceil(length / unit.length));
    runs.push([`${length} chars of ${label}`, run]);
    runs.push([`${length} chars of ${label} then a word`, run + 'word']);
    runs.push([`a word, ${label}, a word`, 'x' + unit.repeat(Math.ceil(1_000 / unit.length)) + 'y']);
  }
  runs.push(['20 000 × "a"', 'a'.repeat(20_000)]);
  runs.push(['20 001 × "A" then "b"', 'A'.repeat(20_001) + 'b']);
  runs.push(['5 000 × "aA"', 'aA'.repeat(5_000)]);
  runs.push(['10 000 × "="', '='.repeat(10_000)]);
  runs.push(['10 000 × "-" then newline and "/"', '-'.repeat(10_000) + '\n/']);
  runs.push(['30 000 digits', '7'.repeat(30_000)]);
  runs.push(['30 000 mixed digits', Array.from({ length: 30_000 }, (_, i) => String((i * 7) % 10)).join('')]);
  runs.push(['Arabic-Indic digits', '٠١٢٣٤٥٦٧٨٩'.repeat(500)]);
  runs.push(['60 KB base64', base64Blob(45_000, 1)]);
  runs.push(['base64 wrapped at 76 columns', base64Blob(30_000, 2).replace(/.{76}/g, '$&\n')]);
  runs.push(['5 000 CJK ideographs', '語'.repeat(5_000)]);
  runs.push(['500 family emoji', '👨‍👩‍👧‍👦'.repeat(500)]);
  runs.push(['special-token strings back to back', '<|endoftext|><|im_start|><|im_end|><|fim_prefix|><|fim_middle|><|fim_suffix|><|endofprompt|>'.repeat(200)]);
  runs.push(['lone surrogates', 'a\ud800b\udc00c\ud83d \ude00 \udbff\udfff'.repeat(100)]);
  runs.push(['a long word of combining marks', 'e' + '\u0301'.repeat(5_000)]);
  runs.push(['contractions with long-s', "it'ſ IT'ſ we'LL they'Re I'M DON'T ".repeat(200)]);
  runs.push(['slashes after punctuation and newlines', ';\n/\n//\r\n/ */\n'.repeat(500)]);
  return runs;
}

for (const encoding of BASE_ENCODINGS) {
  test(`${encoding}: long runs, base64, digits and lone surrogates count exactly as tiktoken does`, () => {
    const encoder = loadEncoding(encoding);
    const mismatches: string[] = [];
    for (const [label, text] of hazardCases()) {
      const ours = encoder.count(text);
      const reference = referenceCount(text, encoding);
      if (ours !== reference) mismatches.push(`${label}: ours ${ours}, tiktoken ${reference}`);
    }
    assert.deepEqual(mismatches, []);
  });
}

/** Fragments chosen to hit every branch of both patterns and the whitespace and case-folding differences. */
const FRAGMENTS = [
  ' ', '  ', '\t', '\n', '\r', '\r\n', '\u000b', '\u000c', '\u00a0', '\u0085', '\u1680', '\u2003', '\u2028', '\u202f',
  '\u3000', '\ufeff', '\u200b', '\u200d', 'a', 'b', 'z', 'A', 'Q', 'é', 'É', 'ß', 'ẞ', 'ſ', 'ǅ', 'ʰ', '々', 'ª', 'K',
  "'", "'s", "'S", "'ſ", "'t", "'re", "'RE", "'ve", "'m", "'ll", "'Ll", "'d", "'x", '1', '12', '123', '١', '²', '½',
  'Ⅻ', '語', 'の', 'ー', 'ｶ', '한', 'ا', 'ع', 'क्ष', 'ि', '\u0301', '\u0308', '👍', '🏽', '👨‍👩‍👧', '🏳️‍🌈', '\ufe0f', '😀',
  '𝐛', '𝟙', '/', '//', '=', '+', '-', '.', ',', '!', '?', '"', '$', '_', '{', '}', '<', '>', '|', '\\', '#', '*',
  '<|endoftext|>', '<|im_start|>', '<|fim_prefix|>', '\ud800', '\udc00', '\u0000', '\u007f', 'hello', 'World',
  'camelCase', 'SNAKE_CASE', ' the', ' The', 'ing', 'http://x.y/z',
];

function generatedText(random: () => number): string {
  let text = '';
  const pieces = 1 + Math.floor(random() * 40);
  for (let i = 0; i < pieces; i++) {
    const fragment = FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
    // One in eight fragments becomes a run, the shape that breaks naive splitting.
    const repeat = random() < 0.125 ? 2 + Math.floor(random() * 120) : 1;
    text += fragment.repeat(repeat);
  }
  return text;
}

for (const encoding of BASE_ENCODINGS) {
  test(`${encoding}: 3 000 seeded random strings of hazardous fragments count exactly as tiktoken does`, () => {
    const encoder = loadEncoding(encoding);
    const random = seededRandom(20261123);
    const mismatches: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const text = generatedText(random);
      const ours = encoder.count(text);
      const reference = referenceCount(text, encoding);
      if (ours !== reference) mismatches.push(`#${i} ${JSON.stringify(text)}: ours ${ours}, tiktoken ${reference}`);
    }
    assert.deepEqual(mismatches.slice(0, 5), []);
  });

  test(`${encoding}: 2 000 seeded strings of random code points from every plane count exactly as tiktoken does`, () => {
    const encoder = loadEncoding(encoding);
    const random = seededRandom(42);
    const mismatches: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      let text = '';
      const length = 1 + Math.floor(random() * 24);
      for (let k = 0; k < length; k++) {
        // Mostly BMP, some supplementary planes; lone surrogates included.
        const codePoint = random() < 0.8 ? Math.floor(random() * 0x10000) : 0x10000 + Math.floor(random() * 0x30000);
        text += codePoint >= 0xd800 && codePoint <= 0xdfff ? String.fromCharCode(codePoint) : String.fromCodePoint(codePoint);
        if (random() < 0.2) text += ' ';
      }
      const ours = encoder.count(text);
      const reference = referenceCount(text, encoding);
      if (ours !== reference) mismatches.push(`#${i} ${JSON.stringify(text)}: ours ${ours}, tiktoken ${reference}`);
    }
    assert.deepEqual(mismatches.slice(0, 5), []);
  });
}
