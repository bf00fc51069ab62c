import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { firstShortAnswer, outputHintFor, PROSE_REQUEST, PROSE_REQUEST_WORDS, SHORT_ANSWER_PATTERNS } from '../../../src/core/estimates/outputHints';
import type { PromptSite } from '../../../src/core/types';
import { PieceMemo } from '../../../src/core/reaudit/pieceMemo';

function site(...texts: Array<string | { role: string; text: string }>): PromptSite {
  return {
    kind: 'call', file: 'a.ts', span: { start: 0, end: 0 }, anchor: { start: 0, end: 0 }, provider: 'openai', api: null, model: 'gpt-4o', maxOutputTokens: null,
    messages: texts.map((entry) => (typeof entry === 'string' ? { role: 'system', segments: [{ kind: 'static' as const, text: entry }] } : { role: entry.role, segments: [{ kind: 'static' as const, text: entry.text }] })),
  };
}

const hint = (...texts: Array<string | { role: string; text: string }>) => outputHintFor(site(...texts));

test('short answers: a label, yes/no or one word is 5 tokens', () => {
  assert.deepEqual(hint('Answer with one word: positive, negative or neutral.'), { tokens: 5, label: 'one word' });
  assert.deepEqual(hint('Is this spam? Reply yes or no.'), { tokens: 5, label: 'yes/no answer' });
  assert.deepEqual(hint('Reply with only the label: billing, bug or other.'), { tokens: 5, label: 'label only' });
  // Asking for an explanation rules the short reading out.
  assert.equal(hint('Answer yes or no, then explain your reasoning.'), undefined);
});

test('sentences, words, paragraphs and bullet points are sized by their count (the largest range end)', () => {
  assert.deepEqual(hint('Summarize the ticket in one sentence.'), { tokens: 30, label: '1 sentence' });
  assert.deepEqual(hint('Reply in 2-3 sentences.'), { tokens: 90, label: '3 sentences' });
  assert.deepEqual(hint('Keep answers under 120 words and use plain language.'), { tokens: 160, label: '≤ 120 words' });
  assert.deepEqual(hint('Write a 50-word summary.'), { tokens: 67, label: '≤ 50 words' });
  assert.deepEqual(hint('Write three bullet points: the problem, what was tried, what is open.'), { tokens: 75, label: '3 bullet points' });
  assert.deepEqual(hint('Return at most 5 bullets.'), { tokens: 125, label: '5 bullet points' });
  assert.deepEqual(hint('Answer in one short paragraph.'), { tokens: 100, label: '1 paragraph' });
});

test('JSON replies are sized from the keys they list', () => {
  // 10 for the object + 15 per key.
  assert.deepEqual(hint('Reply in JSON with keys name, email and company.'), { tokens: 55, label: 'JSON with 3 keys' });
  assert.deepEqual(hint('Return a JSON object with the fields `title`, `severity`.'), { tokens: 40, label: 'JSON with 2 keys' });
});

test('lengths per item or for a hand-off are not the length of the reply', () => {
  assert.equal(hint('Explain each problem in one sentence.'), undefined);
  assert.equal(hint('Keep sentences under 25 words.'), undefined);
  assert.equal(hint('When you escalate, summarise the conversation in two sentences for the agent.'), undefined);
});

test('several statements: the longest wins; assistant turns and silence give no hint', () => {
  assert.deepEqual(hint('Answer with one word.', 'If unsure, reply in two sentences.'), { tokens: 60, label: '2 sentences' });
  assert.equal(hint({ role: 'assistant', text: 'Answer in one sentence.' }), undefined);
  assert.equal(hint('You are a helpful assistant.'), undefined);
});

test('the required words in front of the short-answer and prose patterns never skip a text a pattern matches', () => {
  // Every line and every whole file of the prompt fixtures, plus phrases each pattern is written for, in mixed case.
  const fixtures = path.resolve(__dirname, '../../../../test/fixtures');
  const texts: string[] = [
    'Answer YES or NO.', 'Reply with "true" or "false".', 'Yes/no only.', 'Respond with a single WORD.', 'Answer in exactly one token.',
    'Return only the Category.', 'Give just one rating.', 'Sentiment only.', 'A one-word answer, please.', 'Explain your reasoning.',
    'Think Step by Step.', 'Summarise the thread.', 'Answer in detail.',
  ];
  const visit = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (fs.statSync(full).size < 2_000_000) {
        const text = fs.readFileSync(full, 'utf8');
        texts.push(text, ...text.split(/\r?\n/));
      }
    }
  };
  for (const name of ['rules', 'rules-corpus', 'prompt-files-corpus', 'prompt-files-corpus2', 'sample-workspace', 'code']) visit(path.join(fixtures, name));
  let shortMatches = 0;
  let proseMatches = 0;
  for (const text of texts) {
    const lower = text.toLowerCase();
    for (const { pattern, requires } of SHORT_ANSWER_PATTERNS) {
      if (!pattern.test(text)) continue;
      shortMatches++;
      assert.ok(requires.some((word) => lower.includes(word)), `${pattern} matched ${JSON.stringify(text.slice(0, 200))} without ${requires.join('/')}`);
    }
    assert.equal(firstShortAnswer(text, lower), SHORT_ANSWER_PATTERNS.findIndex(({ pattern }) => pattern.test(text)));
    if (PROSE_REQUEST.test(text)) {
      proseMatches++;
      assert.ok(PROSE_REQUEST_WORDS.some((word) => lower.includes(word)), JSON.stringify(text.slice(0, 200)));
    }
  }
  assert.ok(shortMatches >= 30 && proseMatches >= 30, `${shortMatches} short-answer and ${proseMatches} prose matches checked`);
});

test('a prompt with 150,000 length statements (4 MB) still gets its longest one, with and without a piece memo', () => {
  // One argument per statement (hints.push(...)) overflowed the call stack: the site was 'could not audit a site'.
  const text = `${'Reply in 5 words or fewer. '.repeat(75_000)}Keep answers under 120 words. ${'Reply in 5 words or fewer. '.repeat(75_000)}`;
  assert.deepEqual(hint(text), { tokens: 160, label: '≤ 120 words' });
  assert.deepEqual(outputHintFor(site(text), new PieceMemo()), { tokens: 160, label: '≤ 120 words' });
});
