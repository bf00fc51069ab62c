// The documents the keystroke bench types into (issue 16, target 4), shared with the re-audit tests: a 2,000-line
// TypeScript file and its Python equivalent holding 200 calls (one per 10-line block, each with its own prompt
// constant, capped, some with loops and conversation state), and a prompt file of about 1 MB of prose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './seededRandom';

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
