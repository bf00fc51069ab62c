// The insert-cap quick fix for the SDK families of issue 10: each writes the cap under its own name and place,
// as the SDK table says (nested in `inferenceConfig` / `options`, camelCase in the Mistral and Cohere JS clients).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';
import { insertCapFix } from '../../../src/core/rules/capFix';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));

async function fixed(file: string, text: string, cap: number): Promise<{ title: string; text: string } | undefined> {
  const { sites } = await scanCode(file, text, codeLanguageForPath(file)!, { readBundledFile });
  const call = sites.find((site) => site.kind === 'call');
  assert.ok(call, 'one call');
  const fix = insertCapFix(text, call, cap);
  if (!fix) return undefined;
  const [edit] = fix.edits;
  return { title: fix.title, text: text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end) };
}

test('Bedrock converse (Python): the cap goes into a new inferenceConfig after modelId', async () => {
  const text = 'import boto3\nclient = boto3.client("bedrock-runtime")\nreply = client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=messages)\n';
  assert.deepEqual(await fixed('a.py', text, 300), {
    title: 'Add inferenceConfig.maxTokens: 300',
    text: 'import boto3\nclient = boto3.client("bedrock-runtime")\nreply = client.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", inferenceConfig={"maxTokens": 300}, messages=messages)\n',
  });
});

test('Bedrock converse with an inferenceConfig already there gets no fix (it would need a nested edit)', async () => {
  const text = 'import boto3\nclient = boto3.client("bedrock-runtime")\nreply = client.converse(modelId="amazon.nova-lite-v1:0", messages=messages, inferenceConfig={"temperature": 0})\n';
  assert.equal(await fixed('a.py', text, 300), undefined);
});

test('Ollama (JS): the cap goes into options.num_predict', async () => {
  const text = "import ollama from 'ollama';\nexport const reply = await ollama.chat({ model: 'llama3.2', messages });\n";
  assert.deepEqual(await fixed('a.mjs', text, 256), {
    title: 'Add options.num_predict: 256',
    text: "import ollama from 'ollama';\nexport const reply = await ollama.chat({ model: 'llama3.2', options: { num_predict: 256 }, messages });\n",
  });
});

test('Mistral JS takes maxTokens, Mistral Python max_tokens', async () => {
  const js = "import { Mistral } from '@mistralai/mistralai';\nconst client = new Mistral({ apiKey });\nawait client.chat.complete({ model: 'mistral-small-latest', messages });\n";
  assert.equal((await fixed('a.ts', js, 400))?.title, 'Add maxTokens: 400');
  const py = 'from mistralai import Mistral\nclient = Mistral(api_key=key)\nclient.chat.complete(model="mistral-small-latest", messages=messages)\n';
  assert.equal((await fixed('a.py', py, 400))?.text, 'from mistralai import Mistral\nclient = Mistral(api_key=key)\nclient.chat.complete(model="mistral-small-latest", max_tokens=400, messages=messages)\n');
});

test('Together takes max_tokens; Groq max_completion_tokens', async () => {
  const together = 'from together import Together\nclient = Together()\nclient.chat.completions.create(model="meta-llama/Llama-3.3-70B-Instruct-Turbo", messages=messages)\n';
  assert.equal((await fixed('a.py', together, 200))?.title, 'Add max_tokens: 200');
  const groq = 'from groq import Groq\nclient = Groq()\nclient.chat.completions.create(model="llama-3.1-8b-instant", messages=messages)\n';
  assert.equal((await fixed('a.py', groq, 200))?.title, 'Add max_completion_tokens: 200');
});
