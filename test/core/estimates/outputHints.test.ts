import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outputHintFor } from '../../../src/core/estimates/outputHints';
import type { PromptSite } from '../../../src/core/types';

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
