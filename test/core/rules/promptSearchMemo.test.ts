// redundant-instruction keeps each prompt's search by the prompt's text: a prompt sent from several files or calls is
// searched once, and each site still gets the repeats at its own place in its own document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditedSite } from '../../../src/core/auditTypes';
import { findRepeats, promptSearchWork } from '../../../src/core/rules/redundantInstruction';
import { addToFingerprint, ContentMemo, startFingerprint } from '../../../src/core/contentMemo';
import type { PromptMessage } from '../../../src/core/types';

/** A site sending `texts` as system messages, each the literal at its offset in `document`. */
function siteIn(document: string, ...texts: string[]): AuditedSite {
  const messages: PromptMessage[] = texts.map((text) => {
    const start = document.indexOf(text);
    return { role: 'system', segments: [{ kind: 'static', text, span: { start, end: start + text.length } }] } as PromptMessage;
  });
  return { site: { messages } } as unknown as AuditedSite;
}

const PROMPT = 'You help customers of Acme Storage with billing. Be concise. Never share a password with anyone. Keep it short.';

/** The brevity repeat of PROMPT as `found` prints it, at the sentences' offsets in `document`. */
function brevityRepeat(document: string): string {
  return `intent "Keep it short."@${document.indexOf('Keep it short.')} of @${document.indexOf('Be concise.')}`;
}

function found(document: string, site: AuditedSite): string[] {
  return findRepeats(site, document).map((repeat) => `${repeat.kind} ${JSON.stringify(document.slice(repeat.sentence.span!.start, repeat.sentence.span!.end))}@${repeat.sentence.span!.start} of @${repeat.original.span!.start}`);
}

test('a prompt found again in another document is not searched again, and its repeats are placed in that document', () => {
  const first = `# a\nprompt = """${PROMPT}"""\n`;
  const second = `# another file, longer before the prompt\n\nprompt = """${PROMPT}"""\n`;
  const before = promptSearchWork.searched;
  assert.deepEqual(found(first, siteIn(first, PROMPT)), ['intent "Keep it short."@113 of @65']);
  assert.equal(promptSearchWork.searched, before + 1);
  // The second sight of a text is searched again and kept; from the third on it is found.
  assert.deepEqual(found(first, siteIn(first, PROMPT)), ['intent "Keep it short."@113 of @65']);
  assert.equal(promptSearchWork.searched, before + 2);
  assert.deepEqual(found(second, siteIn(second, PROMPT)), ['intent "Keep it short."@151 of @103']);
  assert.equal(promptSearchWork.searched, before + 2);
});

test('the same words in other messages are another prompt: searched afresh, with their own result', () => {
  // Not PROMPT itself, which the test above searched already.
  const prompt = PROMPT.replace('Acme', 'Lumen');
  const [head, tail] = [prompt.slice(0, 62), prompt.slice(62)];
  const document = `a = "${head}"\nb = "${tail}"\n`;
  const before = promptSearchWork.searched;
  // Split after "Be concise.": the sentence "Be concise." still ends the first message.
  assert.equal(head.endsWith('Be concise. '), true);
  assert.deepEqual(found(document, siteIn(document, head, tail)), [brevityRepeat(document)]);
  assert.deepEqual(found(document, siteIn(document, head, tail)), [brevityRepeat(document)]);
  assert.equal(promptSearchWork.searched, before + 2);
  // One message holding both halves: a different prompt (one message, not two).
  const joined = `${head}${tail}`;
  const other = `c = "${joined}"\n`;
  assert.deepEqual(found(other, siteIn(other, joined)), [brevityRepeat(other)]);
  assert.equal(promptSearchWork.searched, before + 3);
});

test('ContentMemo: a text is looked up from the second time its fingerprint is seen; results are kept up to the bound, least recently used dropped first', () => {
  const memo = new ContentMemo<number>(10, 6, 3);
  let computed = 0;
  // As redundant-instruction asks: looked up (and kept once computed) only when the fingerprint was seen before.
  const get = (text: string) => {
    const seen = memo.mayHold(addToFingerprint(startFingerprint(), text));
    const known = seen ? memo.get(text) : undefined;
    if (known !== undefined) return known;
    if (seen) memo.set(text, ++computed);
    else ++computed;
    return computed;
  };
  assert.equal(get('aaaa'), 1); // first sight: computed, not kept
  assert.equal(memo.size, 0);
  assert.equal(get('aaaa'), 2); // second sight: computed and kept
  assert.equal(get('aaaa'), 2);
  assert.equal(get('bbbb'), 3);
  assert.equal(get('bbbb'), 4);
  assert.equal(memo.size, 2);
  assert.equal(get('aaaa'), 2); // found: 'aaaa' is now the most recently used
  assert.equal(get('cccc'), 5);
  assert.equal(get('cccc'), 6); // kept: 12 characters, so 'bbbb' goes
  assert.equal(memo.size, 2);
  assert.equal(get('aaaa'), 2);
  assert.equal(get('cccc'), 6);
  assert.equal(get('bbbb'), 7);
  assert.equal(get('toolong'), 8); // over 6 characters: computed, never kept
  assert.equal(get('toolong'), 9);
  // At most 3 fingerprints: after 'dddd', 'eeee' and 'ffff', the one of 'aaaa' (seen first) is dropped.
  for (const text of ['dddd', 'eeee', 'ffff']) get(text);
  assert.equal(memo.mayHold(addToFingerprint(startFingerprint(), 'aaaa')), false);
});

test('a fingerprint reads every character: texts of one length that differ anywhere differ', () => {
  const text = 'x'.repeat(6400);
  const fingerprint = (value: string) => addToFingerprint(startFingerprint(), value);
  for (const at of [0, 1, 199, 200, 3333, 6399]) assert.notEqual(fingerprint(`${text.slice(0, at)}y${text.slice(at + 1)}`), fingerprint(text), `changed at ${at}`);
  assert.notEqual(fingerprint(`${text}x`), fingerprint(text));
  assert.equal(fingerprint(text.slice(0)), fingerprint('x'.repeat(6400)));
});
