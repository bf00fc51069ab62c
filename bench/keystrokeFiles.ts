// The documents the keystroke bench types into (issue 16, target 4), shared with the re-audit tests: a 2,000-line
// TypeScript file and its Python equivalent holding 200 calls (one per 10-line block, each with its own prompt
// constant, capped, some with loops and conversation state), and a prompt file of about 1 MB of prose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './seededRandom';
import { SymbolIndexBuilder, type WorkspaceSymbols } from '../src/core/scanning/code/symbolIndex';

const TS_BLOCK = (i: number): string => `const PROMPT_${i} = \`You are assistant ${i}. Answer the question briefly and cite sources.\`;
export async function ask${i}(question: string) {
  const response = await client.chat.completions.create({
    model: '${i % 5 === 0 ? 'gpt-4o' : 'gpt-4o-mini'}',
    max_tokens: ${100 + i},
    messages: [{ role: 'system', content: PROMPT_${i} }, { role: 'user', content: question }],
  });
  return response.choices[0].message.content;
}

`;

const PY_BLOCK = (i: number): string => `PROMPT_${i} = "You are assistant ${i}. Answer the question briefly and cite sources."


def ask_${i}(question):
    response = client.chat.completions.create(
        model="${i % 5 === 0 ? 'gpt-4o' : 'gpt-4o-mini'}",
        max_tokens=${100 + i},
        messages=[{"role": "system", "content": PROMPT_${i}}, {"role": "user", "content": question}],
    )
    return response.choices[0].message.content
`;

/** `calls` blocks of 10 lines after a client set-up: 200 calls make 2,000 lines. */
export function typescriptWithCalls(calls: number): string {
  let text = "import OpenAI from 'openai';\nconst client = new OpenAI();\n\n";
  for (let i = 0; i < calls; i++) text += TS_BLOCK(i);
  return text;
}

export function pythonWithCalls(calls: number): string {
  let text = 'from openai import OpenAI\nclient = OpenAI()\n\n';
  for (let i = 0; i < calls; i++) text += PY_BLOCK(i);
  return text;
}

/**
 * About `chars` of generated English prose in paragraphs of five sentences (words of the tokenizer's prose fixture
 * picked by a seeded PRNG, so no two sentences repeat by design), as a plain prompt file's text.
 */
export function largePrompt(chars: number, root: string): string {
  const words = readFileSync(join(root, 'test/fixtures/tokens/prose-en.txt'), 'utf8').split(/\s+/).map((word) => word.replace(/[^\p{L}\p{N}'-]/gu, '')).filter(Boolean);
  const random = seededRandom(4);
  const sentence = (): string => {
    const picked = Array.from({ length: 6 + Math.floor(random() * 14) }, () => words[Math.floor(random() * words.length)]);
    return `${picked[0][0].toUpperCase()}${picked.join(' ').slice(1)}.`;
  };
  let text = 'You are a careful editor. Rewrite the text the user sends in plain English.\n\n';
  while (text.length < chars) text += `${Array.from({ length: 5 }, sentence).join(' ')}\n\n`;
  return text;
}

/** Offsets inside the prompt text of block `i` (where a keystroke lands in the bench). */
export function promptOffset(text: string, i: number): number {
  const at = text.indexOf(`assistant ${i}.`);
  if (at < 0) throw new Error(`no prompt ${i}`);
  return at + `assistant ${i}.`.length + 1;
}

/** A file of a generated workspace: its path and text. */
export interface WorkspaceFile {
  file: string;
  text: string;
}

const TS_IMPORTING_BLOCK = (i: number): string =>
  i % 4 === 0
    ? `const PROMPT_${i} = \`You are assistant ${i}. Answer the question briefly. \${SHARED_RULES}\`;
export async function ask${i}(question: string) {
  const response = await client.chat.completions.create({
    model: ${i % 8 === 0 ? 'MODEL' : 'process.env.OPENAI_MODEL'},
    max_tokens: settings.maxTokens,
    messages: [{ role: 'system', content: PROMPT_${i} }, { role: 'user', content: userPrompt(question) }],
  });
  return response.choices[0].message.content;
}

`
    : TS_BLOCK(i);

const PY_IMPORTING_BLOCK = (i: number): string =>
  i % 4 === 0
    ? `PROMPT_${i} = "You are assistant ${i}. Answer the question briefly. " + SHARED_RULES


def ask_${i}(question):
    response = client.chat.completions.create(
        model=${i % 8 === 0 ? 'MODEL' : 'os.getenv("OPENAI_MODEL")'},
        max_tokens=MAX_TOKENS,
        messages=[{"role": "system", "content": PROMPT_${i}}, {"role": "user", "content": user_prompt(question)}],
    )
    return response.choices[0].message.content
`
    : PY_BLOCK(i);

/**
 * The 200-call files again, in a small workspace whose symbol index the editor would hold: every fourth block takes
 * its model, cap, shared rules and user message from other modules (and `.env`), the rest are as in
 * `typescriptWithCalls` / `pythonWithCalls`. `files` are the other modules; `file`/`text` the one typed into.
 */
export function workspaceWithImports(language: 'typescript' | 'python', calls: number): { file: string; text: string; files: WorkspaceFile[] } {
  if (language === 'typescript') {
    let text = "import OpenAI from 'openai';\nimport { MODEL, SHARED_RULES, userPrompt } from './prompts';\nimport { settings } from './config';\nconst client = new OpenAI();\n\n";
    for (let i = 0; i < calls; i++) text += TS_IMPORTING_BLOCK(i);
    return {
      file: 'src/assistants.ts',
      text,
      files: [
        { file: 'src/prompts.ts', text: "export const MODEL = 'gpt-4o';\nexport const SHARED_RULES = 'Answer briefly, cite your sources and never invent a reference.';\nexport function userPrompt(question: string) {\n  return `Question: ${question}\\nAnswer in two sentences.`;\n}\n" },
        { file: 'src/config.ts', text: "export const settings = { model: 'gpt-4o-mini', maxTokens: 256 };\n" },
        { file: 'src/unrelated.ts', text: "export const VERSION = '1.2.3';\n" },
        { file: '.env', text: 'OPENAI_MODEL=gpt-4o\n' },
      ],
    };
  }
  let text = 'import os\nfrom openai import OpenAI\nfrom .prompts import MODEL, SHARED_RULES, user_prompt\nfrom app.settings import MAX_TOKENS\nclient = OpenAI()\n\n';
  for (let i = 0; i < calls; i++) text += PY_IMPORTING_BLOCK(i);
  return {
    file: 'app/assistants.py',
    text,
    files: [
      { file: 'app/__init__.py', text: '' },
      { file: 'app/prompts.py', text: 'MODEL = "gpt-4o"\nSHARED_RULES = "Answer briefly, cite your sources and never invent a reference."\n\n\ndef user_prompt(question):\n    return f"Question: {question}\\nAnswer in two sentences."\n' },
      { file: 'app/settings.py', text: 'MAX_TOKENS = 256\n' },
      { file: '.env', text: 'OPENAI_MODEL=gpt-4o\n' },
    ],
  };
}

/** The workspace symbol index of `files`, as a workspace audit builds it (code first, then the extras they ask for). */
export function workspaceIndex(files: readonly WorkspaceFile[]): WorkspaceSymbols {
  const builder = new SymbolIndexBuilder();
  for (const { file, text } of files) builder.add(file, text);
  const byName = new Map(files.map(({ file, text }) => [file, text]));
  for (const extra of builder.wantedExtras()) if (byName.has(extra)) builder.addExtra(extra, byName.get(extra)!);
  return builder.finish();
}
