// Counting by character (charSegments.ts) must give what merging the whole piece gives, wherever it answers, and
// answer for most pieces of CJK and emoji (what it is for).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRankTable, countByHeapMerge, countPieceTokens, countTextPieceTokens, type RankTable } from '../../../src/core/tokenizing/bpe';
import { pretokenizerPattern, type BaseEncoding } from '../../../src/core/tokenizing/pretokenize';
import { countByCharacterSegments } from '../../../src/core/tokenizing/charSegments';
import { utf8Binary } from '../../../src/core/tokenizing/utf8';
import { readTokenFixtures, referenceCount, seededRandom } from './reference';

const RANKS: [string, RankTable][] = [
  ['o200k_base', buildRankTable((require('js-tiktoken/ranks/o200k_base') as { bpe_ranks: string }).bpe_ranks)],
  ['cl100k_base', buildRankTable((require('js-tiktoken/ranks/cl100k_base') as { bpe_ranks: string }).bpe_ranks)],
];

const fixtures = readTokenFixtures();
const characters = [...new Set([...['cjk.txt', 'emoji.txt', 'arabic-hindi.txt', 'mixed-scripts.txt'].map((name) => fixtures.get(name)!).join('')])];

/** Tokens of two or more non-ASCII characters (CJK words, emoji sequences): the merges that cross a cut. */
function multiCharacterTokens(ranks: RankTable): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const words: string[] = [];
  for (const character of characters) {
    for (const other of characters.slice(0, 400)) {
      const pair = character + other;
      if (ranks.has(utf8Binary(pair))) words.push(pair);
    }
  }
  // Keep only valid text (every token above is, being made of whole characters).
  return words.filter((word) => decoder.decode(new Uint8Array([...utf8Binary(word)].map((c) => c.charCodeAt(0)))) === word);
}

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

for (const [encoding, ranks] of RANKS) {
  test(`${encoding}: counting by character equals merging the whole piece on 20,000 generated pieces`, () => {
    const words = multiCharacterTokens(ranks);
    assert.ok(words.length > 20, `${words.length} two-character tokens among the fixtures' characters`);
    const random = seededRandom(encoding.length);
    const mismatches: string[] = [];
    let answered = 0;
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + Math.floor(random() * 30);
      let piece = '';
      for (let k = 0; k < length; k++) {
        const draw = random();
        piece += draw < 0.3 ? words[Math.floor(random() * words.length)] : draw < 0.9 ? characters[Math.floor(random() * characters.length)] : String.fromCodePoint(Math.floor(random() * 0x110000));
      }
      const bytes = bytesOf(piece);
      const byCharacter = countByCharacterSegments(bytes, bytes.length, ranks);
      if (byCharacter < 0) continue;
      answered++;
      const whole = countByHeapMerge(utf8Binary(piece), ranks);
      if (byCharacter !== whole) mismatches.push(`${JSON.stringify(piece)}: by character ${byCharacter}, whole ${whole}`);
    }
    assert.deepEqual(mismatches, []);
    assert.ok(answered > 5_000, `answered ${answered} of 20,000`);
  });

  test(`${encoding}: pieces of CJK and emoji are counted by character, and count as tiktoken counts them`, () => {
    const random = seededRandom(5);
    let answered = 0;
    let singlePieces = 0;
    for (const name of ['cjk.txt', 'emoji.txt']) {
      const units = [...fixtures.get(name)!].filter((c) => c.length === 2 || c.charCodeAt(0) >= 0x3000);
      for (let i = 0; i < 500; i++) {
        let piece = '';
        while (piece.length < 24) piece += units[Math.floor(random() * units.length)];
        const bytes = bytesOf(piece);
        if (countByCharacterSegments(bytes, bytes.length, ranks) >= 0) answered++;
        const counted = countTextPieceTokens(piece, ranks);
        assert.equal(counted, countPieceTokens(utf8Binary(piece), ranks), JSON.stringify(piece));
        // tiktoken counts the text, which it may split into several pieces (CJK punctuation, emoji and marks).
        const pattern = new RegExp(pretokenizerPattern(encoding as BaseEncoding).source, 'uy');
        if (pattern.test(piece) && pattern.lastIndex === piece.length) {
          singlePieces++;
          assert.equal(counted, referenceCount(piece, encoding as BaseEncoding), JSON.stringify(piece));
        }
      }
    }
    assert.ok(answered >= 900, `answered ${answered} of 1,000`);
    assert.ok(singlePieces >= 100, `${singlePieces} single pieces compared with tiktoken`);
  });
}

test('the character memo starts over past its bounds and counts stay exact: 92,000 distinct ideographs and Hangul syllables', () => {
  const [, ranks] = RANKS[0];
  const ideographs: string[] = [];
  for (let cp = 0x4e00; cp <= 0x9fff; cp++) ideographs.push(String.fromCodePoint(cp));
  for (let cp = 0x20000; cp <= 0x2a6df; cp++) ideographs.push(String.fromCodePoint(cp));
  for (let cp = 0x2a700; cp <= 0x2ebe0; cp++) ideographs.push(String.fromCodePoint(cp));
  for (let cp = 0xac00; cp <= 0xd7a3; cp++) ideographs.push(String.fromCodePoint(cp));
  const mismatches: string[] = [];
  for (let at = 0; at < ideographs.length; at += 16) {
    const piece = ideographs.slice(at, at + 16).join('');
    const counted = countTextPieceTokens(piece, ranks);
    const whole = countPieceTokens(utf8Binary(piece), ranks);
    if (counted !== whole) mismatches.push(`${JSON.stringify(piece)}: ${counted}, whole ${whole}`);
  }
  assert.deepEqual(mismatches, []);
});
