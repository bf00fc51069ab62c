// Keystroke re-audits of prompt files (issue 16, target 4 on a 1 MB prompt): after every edit, DocumentReaudit's audit
// of a long prompt file of every format equals a fresh auditDocument of the same text, and a key in a 1 MB prompt
// re-reads only the pieces it lands in (growth guarded by operation counts, never by time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditSession } from '../../../src/core/session';
import { auditDocument, type DocumentAudit } from '../../../src/core/audit';
import { DocumentReaudit } from '../../../src/core/reaudit/documentReaudit';
import { seededRandom } from '../../../bench/seededRandom';
import { largePrompt, typescriptWithCalls, workspaceIndex } from '../../../bench/keystrokeFiles';
import { withFile } from '../../../src/core/scanning/code/symbolIndex';
import { repeatSearchWork } from '../../../src/core/reaudit/repeatsMemo';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));
const context = createAuditSession({ readBundledFile }).context;

/** The audit as plain data: what a report, a lens or a diagnostic can read of it. */
function plain(audit: DocumentAudit): unknown {
  return { ...audit, lineIndex: Array.from({ length: audit.lineIndex.lineCount }, (_, line) => audit.lineIndex.lineStart(line)) };
}

/** Sentences the readers care about: reply lengths, repeated instructions and intents, among plain prose. */
const INSTRUCTIONS = [
  'Be concise.', 'Keep answers short.', 'Answer in 50 words or fewer.', 'Reply in two sentences.', 'Use at most 3 bullet points.',
  'Respond in JSON with keys name, age and city.', 'Answer with one word.', 'Explain your reasoning step by step.',
  'You are a helpful assistant.', 'Never make things up.', 'Respond in English.', 'Respond in JSON and use valid JSON only.',
  'Summarize the text in one paragraph.', 'Do not use markdown.', 'Write in 120 words.', 'Answer yes or no.',
];
const WORDS = 'the editor reads each draft and marks every unclear phrase before it rewrites the passage for a general reader with care'.split(' ');

/** About `chars` of prompt body: paragraphs, lists, headings, fences, example blocks, repeated instructions, placeholders. */
function promptBody(chars: number, seed: number, placeholder: (name: string) => string): string {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const sentence = (): string => {
    if (random() < 0.3) return pick(INSTRUCTIONS);
    const words = Array.from({ length: 5 + Math.floor(random() * 10) }, () => pick(WORDS));
    if (random() < 0.1) words.splice(2, 0, placeholder(pick(['topic', 'user', 'style'])));
    return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}${pick(['.', '.', '.', '!', '?'])}`;
  };
  let text = '';
  while (text.length < chars) {
    const roll = random();
    if (roll < 0.55) text += `${Array.from({ length: 1 + Math.floor(random() * 5) }, sentence).join(' ')}\n\n`;
    else if (roll < 0.7) text += `${Array.from({ length: 2 + Math.floor(random() * 3) }, () => `- ${sentence()}`).join('\n')}\n\n`;
    else if (roll < 0.78) text += `## ${pick(WORDS)} ${pick(WORDS)}\n\n`;
    else if (roll < 0.84) text += `\`\`\`\n${sentence()}\n${sentence()}\n\`\`\`\n\n`;
    else if (roll < 0.9) text += `<example>\nInput: ${sentence()}\nOutput: ${sentence()}\n</example>\n\n`;
    else text += `${sentence()}\n${sentence()}\n\n`;
  }
  return text;
}

/** A long prompt file of each format (its name decides the format), with a body of about `chars`. */
function promptFiles(chars: number): Array<{ file: string; text: string }> {
  const mustache = (name: string) => `{{${name}}}`;
  return [
    { file: 'prompts/guide.md', text: promptBody(chars, 1, mustache) },
    { file: 'prompts/notes.txt', text: promptBody(chars, 2, (name) => `{${name}}`).replace(/\n/g, '\r\n') },
    { file: 'review.prompt.md', text: `---\nmodel: GPT-4.1\ndescription: Review a draft\n---\n${promptBody(chars, 3, (name) => `\${input:${name}}`)}` },
    { file: 'editor.prompty', text: `---\nname: Editor\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o-mini\n  parameters:\n    max_tokens: 400\n---\nsystem:\n${promptBody(chars, 4, mustache)}\nuser:\n{{question}}\n` },
    { file: 'writer.prompt.yml', text: `name: Writer\nmodel: openai/gpt-4o\nmessages:\n  - role: system\n    content: |\n${promptBody(chars, 5, mustache).split('\n').map((line) => (line ? `      ${line}` : '')).join('\n')}\n  - role: user\n    content: '{{input}}'\n` },
    { file: 'prompts/answer.jinja', text: `{% if formal %}Write formally.{% endif %}\n${promptBody(chars, 6, (name) => `{{ ${name} }}`)}{%- for item in items %}\n- {{ item }}\n{%- endfor %}\n` },
    { file: 'prompts/answer.hbs', text: `{{#if formal}}\nWrite formally.\n{{/if}}\n${promptBody(chars, 7, mustache)}{{~name~}}\n` },
    { file: 'prompts/answer.mustache', text: `{{#items}}\n- {{.}}\n{{/items}}\n${promptBody(chars, 8, mustache)}` },
    { file: 'prompts/system.md', text: promptBody(chars, 9, mustache) },
  ];
}

/** What a person types into a prompt: prose, sentence ends, line breaks, template tags, front matter fences, fences. */
const TYPED = ['e', 'a', ' ', 's', '.', '. ', '!', ',', '\n', '\n\n', '\r\n', '{{', '}}', '{%', '%}', '{', '}', '---\n', '```\n', '<example>\n', 'and', '50 words', 'Be concise. ', 'é', '😀'];

/** With `withIndex`, a workspace symbol index holding the file is passed on every update, as the editor does after a workspace audit. */
async function typeAndCompare(file: string, initial: string, edits: number, seed: number, withIndex = false): Promise<number> {
  const random = seededRandom(seed);
  const reaudit = new DocumentReaudit(file, context);
  let text = initial;
  const history: string[] = [];
  let incremental = 0;
  let symbols = withIndex ? workspaceIndex([{ file: 'src/app.ts', text: typescriptWithCalls(3) }, { file, text }]) : undefined;
  const expectedOf = (current: string): Promise<DocumentAudit> => auditDocument(file, current, symbols ? { ...context, symbols } : context);
  assert.deepEqual(plain(await reaudit.update(text, symbols)), plain(await expectedOf(text)), `${file}: first audit`);
  for (let index = 0; index < edits; index++) {
    const undo = history.length > 0 && random() < 0.3;
    let edit = 'undo';
    if (undo) text = history.pop()!;
    else {
      history.push(text);
      // Near the start a third of the time (front matter, the first sentences every reader sees), else anywhere.
      const start = Math.floor(random() * (random() < 0.33 ? Math.min(text.length, 600) : text.length + 1));
      const roll = random();
      const end = roll < 0.6 ? start : Math.min(text.length, start + 1 + Math.floor(random() * (roll < 0.9 ? 3 : 40)));
      const typed = roll < 0.6 || roll >= 0.9 ? TYPED[Math.floor(random() * TYPED.length)] : '';
      edit = JSON.stringify({ start, end, typed });
      text = text.slice(0, start) + typed + text.slice(end);
    }
    if (symbols) symbols = withFile(symbols, file, text);
    const got = await reaudit.update(text, symbols);
    if (!reaudit.counts.whole) incremental++;
    assert.deepEqual(plain(got), plain(await expectedOf(text)), `${file} seed ${seed} edit ${index} ${edit}`);
  }
  return incremental;
}

test('typing into long prompt files of every format (front matter, template tags, CRLF, fences, undo) gives the audit a fresh one gives', async () => {
  let seed = 500;
  for (const [index, { file, text }] of promptFiles(40_000).entries()) {
    // Every other file with the workspace symbol index, renewed per key (a prompt file's scan never reads it).
    const incremental = await typeAndCompare(file, text, 30, seed++, index % 2 === 1);
    assert.equal(incremental, 30, `${file}: ${incremental} of 30 edits re-audited from the memo`);
  }
});

test('a key in a 1 MB prompt file re-reads only the pieces it lands in', async () => {
  const file = 'prompts/editor.md';
  let text = largePrompt(1024 * 1024, root);
  const reaudit = new DocumentReaudit(file, context);
  await reaudit.update(text);
  assert.equal(reaudit.counts.whole, true);
  assert.ok(reaudit.counts.pieceChars! >= text.length, `first audit read ${reaudit.counts.pieceChars} characters`);
  const random = seededRandom(7);
  for (let key = 0; key < 12; key++) {
    const at = Math.floor(random() * text.length);
    text = `${text.slice(0, at)}x${text.slice(at)}`;
    const audit = await reaudit.update(text);
    assert.equal(reaudit.counts.whole, false);
    // The piece holding the key (and at most the next: both versions agree again at the next chosen cut), once for the
    // reply-length hints and once for the sentences when the key lies among the first 2,000 (the rule reads no more).
    assert.ok(reaudit.counts.pieceChars! <= 48_000, `key ${key}: ${reaudit.counts.pieceChars} characters read again`);
    assert.ok(repeatSearchWork.searched <= 3, `key ${key}: ${repeatSearchWork.searched} sentences searched`);
    if (key % 4 === 0) assert.deepEqual(plain(audit), plain(await auditDocument(file, text, context)));
  }
});
