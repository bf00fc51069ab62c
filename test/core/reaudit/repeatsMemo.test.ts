// redundant-instruction's repeat search replayed after an edit (reaudit/repeatsMemo.ts): the repeats equal a fresh
// search of the whole list after every edit (exact, near, intent and compound repeats, originals edited away, the
// near-candidate cap), and an edit that decides nothing else searches only the edited sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditedSite } from '../../../src/core/auditTypes';
import { findRepeats } from '../../../src/core/rules/redundantInstruction';
import { PieceMemo } from '../../../src/core/reaudit/pieceMemo';
import { repeatSearchWork } from '../../../src/core/reaudit/repeatsMemo';
import type { PromptSite } from '../../../src/core/types';
import { seededRandom } from '../../../bench/seededRandom';

const INSTRUCTIONS = [
  'Be concise.', 'Keep answers short.', 'Respond in JSON.', 'Respond in JSON and be concise.', 'You are a helpful assistant.',
  'You are a helpful assistant for the Lumen photo editor.', 'Never make things up.', 'Do not make things up.', 'Respond in English.',
  'Always cite the source of every claim you make.', 'Always cite the source for every claim you make.', 'Do not cite the source of every claim you make.',
  'Use 3 bullets for the summary of each answer.', 'Use 5 bullets for the summary of each answer.', '请简洁地回答问题。', 'Think step by step.',
];
const WORDS = 'reader draft line passage phrase editor marks unclear rewrites general care every each plain short'.split(' ');

function sentenceFrom(random: () => number): string {
  if (random() < 0.35) return INSTRUCTIONS[Math.floor(random() * INSTRUCTIONS.length)];
  const words = Array.from({ length: 3 + Math.floor(random() * 5) }, () => WORDS[Math.floor(random() * WORDS.length)]);
  return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`;
}

function audited(text: string): AuditedSite {
  const site = { kind: 'prompt-file', messages: [{ role: 'user', segments: [{ kind: 'static', text, span: { start: 0, end: text.length } }] }] };
  return { site: site as unknown as PromptSite } as AuditedSite;
}

/** The repeats as plain data (sentence and original located by their spans). */
function plain(repeats: ReturnType<typeof findRepeats>): unknown {
  return repeats.map((repeat) => ({ kind: repeat.kind, sentence: repeat.sentence.span, text: repeat.sentence.text, original: repeat.original.span }));
}

test('after every edit the replayed search reports what a fresh search of the whole list reports', () => {
  const random = seededRandom(11);
  let replays = 0;
  for (let run = 0; run < 25; run++) {
    const memo = new PieceMemo();
    // Lines of a few sentences; some runs pass the 1,000 near-candidate cap and the 2,000-sentence cap.
    const lines = Array.from({ length: run % 5 === 0 ? 900 : 60 + Math.floor(random() * 200) }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => sentenceFrom(random)).join(' '));
    for (let edit = 0; edit < 12; edit++) {
      const text = lines.join('\n');
      const expected = plain(findRepeats(audited(text), text));
      assert.deepEqual(plain(findRepeats(audited(text), text, memo)), expected, `run ${run} edit ${edit}`);
      if (edit > 0) replays++;
      memo.endUpdate();
      const at = Math.floor(random() * lines.length);
      const roll = random();
      if (roll < 0.4) lines[at] = sentenceFrom(random);
      else if (roll < 0.6) lines.splice(at, 1);
      else if (roll < 0.8) lines.splice(at, 0, sentenceFrom(random));
      else lines[at] = `${lines[at].slice(0, -1)} and ${sentenceFrom(random).toLowerCase()}`;
    }
  }
  assert.equal(replays, 25 * 11);
});

test('an edit that may decide no later sentence searches only the edited one', () => {
  const random = seededRandom(12);
  const lines = Array.from({ length: 1500 }, (_, index) => `Check w${index}a, w${index}b or w${index}c, then keep it plain.`);
  lines[40] = 'Be concise.';
  lines[900] = 'Keep answers short.';
  const memo = new PieceMemo();
  let text = lines.join('\n');
  findRepeats(audited(text), text, memo);
  assert.equal(repeatSearchWork.searched, 1500);
  memo.endUpdate();
  lines[700] = `Check q${Math.floor(random() * 1000)}a before the rest.`;
  text = lines.join('\n');
  const repeats = findRepeats(audited(text), text, memo);
  assert.equal(repeatSearchWork.searched, 1);
  assert.deepEqual(repeats.map((repeat) => [repeat.kind, repeat.sentence.text, repeat.original.text]), [['intent', 'Keep answers short.', 'Be concise.']]);
  memo.endUpdate();
  // Editing the original away: the sentence it decided is searched again (and is now the original of nothing).
  lines[40] = 'Sentence forty is plain.';
  text = lines.join('\n');
  assert.deepEqual(findRepeats(audited(text), text, memo), []);
  assert.equal(repeatSearchWork.searched, 2);
});

test('an edit that frees a place among the capped near-duplicate candidates lets a later sentence repeat the one that takes it', () => {
  // 1,100 different instructions: the first 1,000 are the near-duplicate candidates, line 1,000 is not one.
  const lines = Array.from({ length: 1100 }, (_, index) => `Check w${index}a, w${index}b or w${index}c, then keep it plain.`);
  lines.push('Check w1000a, w1000b or w1000c, then keep it plain now.');
  const memo = new PieceMemo();
  let text = lines.join('\n');
  assert.deepEqual(findRepeats(audited(text), text, memo), []);
  memo.endUpdate();
  // Line 10 now repeats line 5: no longer an original, so line 1,000 becomes a candidate and the last line nearly repeats it.
  lines[10] = lines[5];
  text = lines.join('\n');
  const repeats = findRepeats(audited(text), text, memo);
  assert.deepEqual(plain(repeats), plain(findRepeats(audited(text), text)));
  assert.deepEqual(repeats.map((repeat) => [repeat.kind, repeat.original.text]), [['exact', lines[5]], ['near', lines[1000]]]);
});
