// Pieces of long prompt texts (reaudit/pieceMemo.ts): where they are cut, and that the reply-length hint read piece by
// piece through the memo is the one read from the whole text, ties and statements near the cuts included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_PIECE, PieceMemo, sentenceBreakCuts } from '../../../src/core/reaudit/pieceMemo';
import { outputHintFor } from '../../../src/core/estimates/outputHints';
import { setContentHashLater, siteContentHash, siteContentHashLater } from '../../../src/core/report/fingerprint';
import type { PromptSite } from '../../../src/core/types';
import { seededRandom } from '../../../bench/seededRandom';

/** Length statements, ties between kinds (1 sentence = 22 words = 30 tokens), prose requests, JSON keys over lines. */
const STATEMENTS = [
  'Reply in one sentence.', 'Answer in 22 words.', 'Answer in\n50 words or fewer.', 'Use at most 3 bullet points.', 'Write two paragraphs.',
  'Return JSON with keys name, age\nand city.', 'Answer with one word.', 'Answer yes or no.', 'Label only!', 'Explain why?', 'Summarize it.',
  'Each item in one sentence.', 'Describe each step in 10 words.', 'Keep it in 5 sentences for the agent.', 'in 40 words', 'one-word answer',
];
const PROSE = 'the reader sees every line of the draft and marks what is unclear'.split(' ');

function longText(random: () => number, chars: number): string {
  let text = '';
  while (text.length < chars) {
    const roll = random();
    if (roll < 0.08) text += STATEMENTS[Math.floor(random() * STATEMENTS.length)];
    else text += Array.from({ length: 4 + Math.floor(random() * 8) }, () => PROSE[Math.floor(random() * PROSE.length)]).join(' ');
    text += ['. ', '.\n', '.\n\n', '\n', ' ', '!\n', '?  \n', '.\r\n', '\n\n'][Math.floor(random() * 9)];
  }
  return text;
}

function siteOf(text: string): PromptSite {
  return { messages: [{ role: 'user', segments: [{ kind: 'static', text }] }] } as unknown as PromptSite;
}

test('cuts fall at a line start with an ASCII letter after a sentence end, at least MIN_PIECE apart', () => {
  const text = longText(seededRandom(1), 300_000);
  const cuts = sentenceBreakCuts(text);
  assert.ok(cuts.length >= 20, `${cuts.length} cuts`);
  let last = 0;
  for (const cut of cuts) {
    assert.equal(text[cut - 1], '\n');
    assert.match(text[cut], /[A-Za-z]/);
    assert.match(text.slice(last, cut), /[.!?]\s*$/);
    assert.ok(cut - last >= MIN_PIECE);
    last = cut;
  }
});

test('the reply-length hint read piece by piece through a memo is the whole text\'s, before and after edits', () => {
  const random = seededRandom(2);
  let differentPieces = 0;
  for (let run = 0; run < 60; run++) {
    const memo = new PieceMemo();
    let text = longText(random, 40_000 + Math.floor(random() * 40_000));
    for (let edit = 0; edit < 4; edit++) {
      assert.deepEqual(outputHintFor(siteOf(text), memo), outputHintFor(siteOf(text)), `run ${run} edit ${edit}`);
      if (sentenceBreakCuts(text).length > 1) differentPieces++;
      memo.endUpdate();
      const at = Math.floor(random() * text.length);
      text = text.slice(0, at) + STATEMENTS[Math.floor(random() * STATEMENTS.length)] + text.slice(at);
    }
  }
  assert.ok(differentPieces >= 200, `${differentPieces} texts read in several pieces`);
});

test('a tie between kinds is the first kind\'s, wherever its pieces lie', () => {
  // One sentence and 22 words are both 30 tokens: the words statement wins though it comes later, in another piece.
  const filler = (seed: number) => longText(seededRandom(seed), 20_000).replace(/\b(?:one|two|\d+|sentences?|words?|paragraphs?|bullet|points?|items?|json|yes|no|label|explain|summarize|answer)\b/gi, 'x');
  const text = `Reply in one sentence.\n${filler(3)}.\nAnswer in 22 words.\n${filler(4)}`;
  const memo = new PieceMemo();
  assert.ok(sentenceBreakCuts(text).length >= 4);
  assert.deepEqual(outputHintFor(siteOf(text), memo), { tokens: 30, label: '≤ 22 words' });
  assert.deepEqual(outputHintFor(siteOf(text)), { tokens: 30, label: '≤ 22 words' });
});

test('an edit re-reads the piece it lands in, the rest comes from the memo', () => {
  const memo = new PieceMemo();
  let text = longText(seededRandom(5), 500_000);
  outputHintFor(siteOf(text), memo);
  assert.equal(memo.computedChars.get('output-hints'), text.length);
  memo.endUpdate();
  const at = 250_000;
  text = `${text.slice(0, at)}x${text.slice(at)}`;
  outputHintFor(siteOf(text), memo);
  const read = memo.computedChars.get('output-hints') ?? 0;
  assert.ok(read > 0 && read <= 24_000, `${read} characters read again`);
  assert.ok(memo.found >= sentenceBreakCuts(text).length - 2);
});

test('a long site\'s fingerprint hashed on from the last checkpoint before an edit equals the whole hash', () => {
  const random = seededRandom(9);
  const site = (text: string) => ({ kind: 'prompt-file', api: 'plain', span: { start: 0, end: text.length } });
  const typed = [' ', '  ', '\n', '\r\n', '\u00a0', 'a', 'Be brief. ', '', '\t\t'];
  const memo = new PieceMemo();
  let text = longText(random, 100_000);
  for (let edit = 0; edit < 120; edit++) {
    assert.equal(siteContentHash(site(text), text, memo), siteContentHash(site(text), text), `edit ${edit}`);
    memo.endUpdate();
    // Edits at and around the checkpoints (every 16 K), white space included, and anywhere; now and then a shorter text.
    const at = random() < 0.5 ? Math.min(text.length, 16_384 * Math.floor(random() * 7) + Math.floor(random() * 5) - 2) : Math.floor(random() * text.length);
    const cut = random() < 0.1 ? Math.floor(random() * 20_000) : Math.floor(random() * 3);
    text = text.slice(0, Math.max(0, at)) + typed[Math.floor(random() * typed.length)] + text.slice(Math.max(0, at) + cut);
  }
  // The fingerprint of a different site kind or API is not resumed from another's checkpoints.
  const other = { kind: 'prompt-file', api: 'template', span: { start: 0, end: text.length } };
  assert.equal(siteContentHash(other, text, memo), siteContentHash(other, text));
});

test('a long site\'s fingerprint finished only when read, some versions never read, equals the whole hash', () => {
  const random = seededRandom(10);
  const site = (text: string) => ({ kind: 'prompt-file', api: 'plain', span: { start: 0, end: text.length } });
  const memo = new PieceMemo();
  let text = longText(random, 100_000);
  const unread: Array<{ text: string; hash: () => string }> = [];
  for (let edit = 0; edit < 80; edit++) {
    const hash = siteContentHashLater(site(text), text, memo);
    // Read now, later (after other versions were hashed), or never.
    const roll = random();
    if (roll < 0.3) assert.equal(hash(), siteContentHash(site(text), text), `edit ${edit}`);
    else if (roll < 0.6) unread.push({ text, hash });
    memo.endUpdate();
    const at = Math.floor(random() * text.length);
    text = `${text.slice(0, at)}${random() < 0.5 ? ' ' : 'a'}${text.slice(at + Math.floor(random() * 3))}`;
  }
  for (const { text: version, hash } of unread) assert.equal(hash(), siteContentHash(site(version), version));
});

test('a hash set to be finished later is an ordinary property once read, copied or written', () => {
  let calls = 0;
  const target: { contentHash?: string; other: number } = { other: 1 };
  setContentHashLater(target, () => `h${++calls}`);
  assert.equal(calls, 0);
  const copy: { contentHash?: string } = {};
  Object.defineProperty(copy, 'contentHash', Object.getOwnPropertyDescriptor(target, 'contentHash')!);
  assert.deepEqual(JSON.parse(JSON.stringify(target)), { other: 1, contentHash: 'h1' });
  assert.equal(target.contentHash, 'h1');
  assert.equal(calls, 1);
  assert.deepEqual(Object.getOwnPropertyDescriptor(target, 'contentHash'), { value: 'h1', writable: true, enumerable: true, configurable: true });
  copy.contentHash = 'written';
  assert.equal(copy.contentHash, 'written');
  assert.equal(target.contentHash, 'h1');
});

test('a hint answered from the memo is the audit\'s own object, never the memo\'s', () => {
  const memo = new PieceMemo();
  const text = longText(seededRandom(6), 60_000);
  const first = outputHintFor(siteOf(text), memo);
  memo.endUpdate();
  const second = outputHintFor(siteOf(text), memo);
  assert.ok(first && second && memo.found > 0);
  assert.deepEqual(second, first);
  assert.notEqual(second, first);
});
