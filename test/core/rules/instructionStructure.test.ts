// redundant-instruction on structured prompts (the cases, exact findings) and the sentence splitter's growth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { splitSentences, type SplitStats } from '../../../src/core/rules/instructionSentences';
import { auditFixture, findingsOf, repositoryRoot } from './ruleTestSupport';

const corpus = path.join(repositoryRoot, 'test/fixtures/rules-corpus');

async function findings(file: string, rule: string): Promise<string[]> {
  const { audit, lineIndex } = await auditFixture(file, DEFAULT_CONFIG, corpus);
  return findingsOf(audit, lineIndex, rule);
}

test('closing XML tags are structure: only the two real repeats of the XML-sectioned prompt are found', async () => {
  assert.deepEqual(await findings('xml/research_lead.py', 'redundant-instruction'), [
    '28:1-28:56 warning redundant-instruction: Repeats line 23 word for word; keep line 23, remove this one: 14 tokens per call, $2.10/month at 10,000 calls.',
    '41:3-41:28 warning redundant-instruction: Repeats the brevity instruction of line 36 ("Be concise."); keep line 36, remove this one: 7 tokens per call, $1.05/month at 10,000 calls.',
  ]);
});

test('a sentence made of an earlier instruction plus a restatement of it is found, and says which to keep', async () => {
  assert.deepEqual(await findings('xml/contract_review.ts', 'redundant-instruction'), [
    '15:1-15:41 warning redundant-instruction: Restates line 10 ("Respond in JSON.") and adds nothing to it; keep line 10, remove this one: 12 tokens per call, $0.36/month at 10,000 calls.',
  ]);
  assert.deepEqual(await findings('fstrings/triage.py', 'redundant-instruction'), [
    '17:10-17:41 warning redundant-instruction: Repeats the brevity instruction of line 11 ("Keep answers short."); keep line 11, remove this one: 6 tokens per call, $0.009/month at 10,000 calls.',
    '18:10-18:26 warning redundant-instruction: Repeats the brevity instruction of line 11 ("Keep answers short."); keep line 11, remove this one: 4 tokens per call, $0.006/month at 10,000 calls.',
  ]);
});

test('quoted sample replies, one-line HTML elements and few-shot user turns are not instructions', async () => {
  assert.deepEqual(await findings('negatives/sample_replies.py', 'redundant-instruction'), []);
  assert.deepEqual(await findings('negatives/html_email.ts', 'redundant-instruction'), []);
  assert.deepEqual(await findings('fewshot/chat_examples.ts', 'redundant-instruction'), []);
});

test('a classifier whose cap sits at the model maximum still gets the model-overkill hint, with the provider positioning', async () => {
  assert.deepEqual(await findings('overkill/spam_check.py', 'model-overkill'), [
    // {email} is sized as a document (1,000 tokens): 1,032 input × ($3 − $1)/M + 5 output × ($15 − $5)/M = $0.002114 per call × 10,000.
    '8:15-8:34 information model-overkill: claude-haiku-4-5 is 3× cheaper than claude-sonnet-4-5 for this short answer: $21.14/month less at 10,000 calls (one word, classification). claude-haiku-4-5: Anthropic models overview: "our fastest model with near-frontier intelligence". Verify on a sample of real inputs before switching.',
  ]);
});

function stepsFor(text: string): number {
  const stats: SplitStats = { steps: 0 };
  splitSentences(text, 0, text.length, stats);
  return stats.steps;
}

test('the sentence splitter visits each character a bounded number of times on hostile input', () => {
  for (const unit of ['x. ', 'e.g. ', '?!', '....', 'a.b.', '。', 'Be concise. ']) {
    const small = stepsFor(unit.repeat(4_000));
    const large = stepsFor(unit.repeat(32_000));
    const length = unit.length * 32_000;
    assert.ok(large <= 12 * length, `${JSON.stringify(unit)}: ${large} steps for ${length} characters`);
    assert.ok(large <= 8.5 * small, `${JSON.stringify(unit)}: ${small} → ${large} steps for 8× the text`);
  }
});

test('the splitter still ends sentences where it did: abbreviations and single letters do not end one', () => {
  const text = 'Use e.g. the docs. Plan A. is fine! Ask? Done';
  assert.deepEqual(splitSentences(text, 0, text.length).map(([from, to]) => text.slice(from, to)), ['Use e.g. the docs.', 'Plan A. is fine!', 'Ask?', 'Done']);
});

/** The splitter as it was written before it read character codes (regex tests per character), kept as its definition. */
function splitByDefinition(text: string, start: number, end: number): Array<[number, number]> {
  const abbreviations = new Set(['e.g', 'i.e', 'etc', 'vs', 'mr', 'mrs', 'ms', 'dr', 'no', 'approx', 'incl', 'cf']);
  const ranges: Array<[number, number]> = [];
  let sentenceStart = start;
  for (let index = start; index < end; index++) {
    const char = text[index];
    if (char === '。' || char === '！' || char === '？') {
      let close = index + 1;
      while (close < end && /[」』）)"”]/.test(text[close])) close++;
      ranges.push([sentenceStart, close]);
      sentenceStart = close;
      index = close - 1;
      continue;
    }
    if (char !== '.' && char !== '!' && char !== '?') continue;
    let close = index + 1;
    while (close < end && /[.!?"'”’)\]]/.test(text[close])) close++;
    if (close < end && !/\s/.test(text[close])) {
      index = close - 1;
      continue;
    }
    if (char === '.') {
      let wordStart = index;
      while (wordStart > sentenceStart && index - wordStart < 8 && /[A-Za-z.]/.test(text[wordStart - 1])) wordStart--;
      const word = text.slice(wordStart, index).toLowerCase();
      if (word && (abbreviations.has(word) || /^[a-z]$/.test(word))) continue;
    }
    ranges.push([sentenceStart, close]);
    sentenceStart = close;
    index = close - 1;
  }
  if (sentenceStart < end) ranges.push([sentenceStart, end]);
  return ranges
    .map(([from, to]): [number, number] => {
      while (from < to && /\s/.test(text[from])) from++;
      while (to > from && /\s/.test(text[to - 1])) to--;
      return [from, to];
    })
    .filter(([from, to]) => to > from);
}

test('the splitter ends sentences exactly where its regex definition does, on random text of marks, quotes and abbreviations', () => {
  const pieces = fc.constantFrom('.', '!', '?', '。', '！', '？', '"', "'", '”', '’', ')', ']', '」', '』', '）', ' ', '\t', '\u00a0', '\u2028', '\ufeff', '\u3000', 'a', 'B', 'e.g', 'I.E', 'etc', 'Mrs', 'no', 'cf', 'approx', 'x', 'word', 'Longerword', '9', 'é', '😀');
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 60 }).map((parts) => parts.join('')), fc.nat(5), fc.nat(5), (text, cutStart, cutEnd) => {
      const start = Math.min(cutStart, text.length);
      const end = Math.max(start, text.length - cutEnd);
      assert.deepEqual(splitSentences(text, start, end), splitByDefinition(text, start, end));
    }),
    { seed: 16, numRuns: 3_000 },
  );
});
