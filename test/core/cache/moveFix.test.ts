import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moveDynamicSentenceFix } from '../../../src/core/cache/moveFix';
import { applyTextEdits } from '../../../src/core/rules/textEdits';
import type { PromptMessage, PromptSegment } from '../../../src/core/types';

/**
 * Segments of `literal` as a scanner reports them when the literal's source reads exactly as its value:
 * `{name}` placeholders are dynamic, everything else static, spans offset by where the literal starts in `text`.
 */
function messageFrom(text: string, literal: string): PromptMessage {
  const base = text.indexOf(literal);
  assert.ok(base >= 0);
  const segments: PromptSegment[] = [];
  let cursor = 0;
  for (const match of literal.matchAll(/\{\{\s*\w+\s*\}\}|\{\w+\}/g)) {
    if (match.index! > cursor) segments.push({ kind: 'static', text: literal.slice(cursor, match.index), span: { start: base + cursor, end: base + match.index! } });
    segments.push({ kind: 'dynamic', name: match[0].replace(/\W/g, ''), raw: match[0], span: { start: base + match.index!, end: base + match.index! + match[0].length } });
    cursor = match.index! + match[0].length;
  }
  if (cursor < literal.length) segments.push({ kind: 'static', text: literal.slice(cursor), span: { start: base + cursor, end: base + literal.length } });
  return { role: 'system', segments };
}

function fixed(text: string, literal: string): string | undefined {
  const message = messageFrom(text, literal);
  const index = message.segments.findIndex((segment) => segment.kind === 'dynamic');
  const fix = moveDynamicSentenceFix(text, message, index);
  return fix ? applyTextEdits(text, fix.edits) : undefined;
}

test('a leading sentence inside a one-line string moves to its end after a space', () => {
  const literal = 'Today is {today}. You are a support agent. Be polite.';
  const text = `system = f"${literal}"\n`;
  assert.equal(fixed(text, literal), 'system = f"You are a support agent. Be polite. Today is {today}."\n');
});

test('a leading line moves to the last line of the message, before its trailing line break', () => {
  const literal = '\nToday is {today}.\nYou are a support agent.\nBe polite.\n';
  const text = `SYSTEM = f"""${literal}"""\n`;
  assert.equal(fixed(text, literal), 'SYSTEM = f"""\nYou are a support agent.\nBe polite.\nToday is {today}.\n"""\n');
});

test('a line without a full stop moves whole, and CRLF line breaks are kept', () => {
  const literal = 'Date: {{ today }}\r\nYou are a support agent.\r\nBe polite.';
  const text = `system:\r\n${literal}\r\n`;
  assert.equal(fixed(text, literal), 'system:\r\nYou are a support agent.\r\nBe polite.\r\nDate: {{ today }}\r\n');
});

test('a sentence that ends a line after another sentence leaves the line break in place', () => {
  const literal = 'You help. Today is {today}.\nAnswer from the policy.';
  const text = `p = f"""${literal}"""`;
  assert.equal(fixed(text, literal), 'p = f"""You help.\nAnswer from the policy. Today is {today}."""');
});

test('the move title quotes the sentence', () => {
  const literal = 'Today is {today}. Be polite.';
  const text = `f"${literal}"`;
  const message = messageFrom(text, literal);
  assert.equal(moveDynamicSentenceFix(text, message, 1)?.title, 'Move "Today is {today}." to the end of the message');
});

test('no fix when escapes make the source differ from the text sent', () => {
  const text = 'f"Today is {today}.\\nYou are a support agent."';
  const message: PromptMessage = {
    role: 'system',
    segments: [
      { kind: 'static', text: 'Today is ', span: { start: 2, end: 11 } },
      { kind: 'dynamic', name: 'today', raw: '{today}', span: { start: 11, end: 18 } },
      { kind: 'static', text: '.\nYou are a support agent.', span: { start: 18, end: 45 } },
    ],
  };
  assert.equal(moveDynamicSentenceFix(text, message, 1), undefined);
});

test('no fix when the message ends with another placeholder, or nothing static follows the sentence', () => {
  const endsDynamic = 'Today is {today}. Policy text. Question: {question}';
  assert.equal(fixed(`f"${endsDynamic}"`, endsDynamic), undefined);
  const lastSentence = 'You help. Today is {today}.';
  assert.equal(fixed(`f"${lastSentence}"`, lastSentence), undefined);
});

test('no fix for a template control tag or a placeholder with no span', () => {
  const text = '{% if vip %}VIP. {% endif %}Policy.';
  const control: PromptMessage = {
    role: 'system',
    segments: [
      { kind: 'dynamic', name: 'if', raw: '{% if vip %}', control: true, span: { start: 0, end: 12 } },
      { kind: 'static', text: 'VIP. ', span: { start: 12, end: 17 } },
    ],
  };
  assert.equal(moveDynamicSentenceFix(text, control, 0), undefined);
  const noSpan: PromptMessage = { role: 'system', segments: [{ kind: 'dynamic', name: 'today', raw: '{today}' }, { kind: 'static', text: '. Policy.' }] };
  assert.equal(moveDynamicSentenceFix('{today}. Policy.', noSpan, 0), undefined);
});

test('no fix when the sentence and the message end are in different literals', () => {
  // Python implicit concatenation: the scanner joins the values, the source has quotes between them.
  const text = 'p = (f"Today is {today}. " "You are a support agent.")';
  const message: PromptMessage = {
    role: 'system',
    segments: [
      { kind: 'static', text: 'Today is ', span: { start: 7, end: 16 } },
      { kind: 'dynamic', name: 'today', raw: '{today}', span: { start: 16, end: 23 } },
      { kind: 'static', text: '. You are a support agent.', span: { start: 23, end: 51 } },
    ],
  };
  assert.equal(moveDynamicSentenceFix(text, message, 1), undefined);
});

test('the sentence goes in before every kind of trailing white space, and takes the tabs and spaces before it when it ends a line', () => {
  // Trailing white space of every kind \s knows (no-break, line and paragraph separators, ideographic space, BOM).
  const literal = 'You help.\t \tToday is {today}.\nAnswer from the policy.\u00a0\u2028 \u3000\ufeff\t\n';
  const text = `p = f"""${literal}"""`;
  assert.equal(fixed(text, literal), 'p = f"""You help.\nAnswer from the policy. Today is {today}.\u00a0\u2028 \u3000\ufeff\t\n"""');
  // A sentence on a line of its own after a carriage return: a whole line moves.
  const crLiteral = 'You help.\rToday is {today}.\rAnswer.  ';
  const crText = `p = f"""${crLiteral}"""`;
  assert.equal(fixed(crText, crLiteral), 'p = f"""You help.\rAnswer.\rToday is {today}.  """');
});
