// Values a reader resolves within one file without running the code: fallbacks, parameter defaults (also through
// `self.x`/`this.x`), environment reads with a literal default, two-literal conditionals; each says where the model came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';
import type { PromptSite } from '../../../src/core/types';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));

async function callSites(name: string, text: string): Promise<PromptSite[]> {
  const result = await scanCode(name, text, codeLanguageForPath(name)!, { readBundledFile });
  assert.deepEqual(result.problems, []);
  return result.sites.filter((site) => site.kind === 'call');
}

/** The model facts of each call, in source order. */
async function models(name: string, text: string): Promise<Array<Record<string, unknown>>> {
  return (await callSites(name, text)).map((site) => ({
    model: site.model,
    source: site.modelSource ?? null,
    ...(site.modelAlternatives ? { alternatives: site.modelAlternatives } : {}),
    ...(site.model === null ? { expression: site.modelExpression ?? null } : {}),
    provider: site.provider,
  }));
}

const PY_HEADER = 'import os\nfrom anthropic import Anthropic\nfrom openai import OpenAI\nclient = Anthropic()\noai = OpenAI()\n';

test('Python: a literal in the call is `literal`, a same-file constant is `constant`', async () => {
  const text = `${PY_HEADER}MODEL = "claude-3-5-haiku-latest"\ndef a(q):\n    return client.messages.create(model="claude-sonnet-4-5", max_tokens=10, messages=[{"role": "user", "content": q}])\ndef b(q):\n    return client.messages.create(model=MODEL, max_tokens=10, messages=[{"role": "user", "content": q}])\n`;
  assert.deepEqual(await models('a.py', text), [
    { model: 'claude-sonnet-4-5', source: 'literal', provider: 'anthropic' },
    { model: 'claude-3-5-haiku-latest', source: 'constant', provider: 'anthropic' },
  ]);
});

test('Python: `x or "lit"` is a fallback; an env read on the left makes it an env default', async () => {
  const text = `${PY_HEADER}def a(q, model=None):\n    return client.messages.create(model=model or "claude-3-5-haiku-latest", max_tokens=10, messages=[{"role": "user", "content": q}])\nM = os.environ.get("M") or "claude-sonnet-4-5"\ndef b(q):\n    return client.messages.create(model=M, max_tokens=10, messages=[{"role": "user", "content": q}])\n`;
  assert.deepEqual(await models('a.py', text), [
    { model: 'claude-3-5-haiku-latest', source: 'fallback', provider: 'anthropic' },
    { model: 'claude-sonnet-4-5', source: 'env-default', provider: 'anthropic' },
  ]);
});

test('Python: os.getenv and os.environ.get with a literal default are env defaults; without one the model stays unknown', async () => {
  const text = `${PY_HEADER}A = os.getenv("A_MODEL", "gpt-4o")\nB = os.environ.get("B_MODEL", default="gpt-4.1-mini")\nC = os.getenv("C_MODEL")\ndef f(q):\n    oai.chat.completions.create(model=A, messages=[{"role": "user", "content": q}])\n    oai.chat.completions.create(model=B, messages=[{"role": "user", "content": q}])\n    oai.chat.completions.create(model=C, messages=[{"role": "user", "content": q}])\n`;
  assert.deepEqual(await models('a.py', text), [
    { model: 'gpt-4o', source: 'env-default', provider: 'openai' },
    { model: 'gpt-4.1-mini', source: 'env-default', provider: 'openai' },
    { model: null, source: null, expression: 'os.getenv("C_MODEL")', provider: 'openai' },
  ]);
});

test('Python: a parameter default, directly and through self.model set in __init__, is a default argument', async () => {
  const text = `${PY_HEADER}def summarize(q, model="gpt-4o-mini"):\n    return oai.chat.completions.create(model=model, messages=[{"role": "user", "content": q}])\nclass Agent:\n    def __init__(self, model: str = "gpt-4o"):\n        self.model = model\n    def run(self, q):\n        return oai.chat.completions.create(model=self.model, messages=[{"role": "user", "content": q}])\nclass Critic:\n    def __init__(self, model=None):\n        self.model = model or "claude-3-5-haiku-latest"\n    def run(self, q):\n        return client.messages.create(model=self.model, max_tokens=5, messages=[{"role": "user", "content": q}])\nclass Router:\n    def __init__(self, model):\n        self.model = model\n    def run(self, q):\n        return client.messages.create(model=self.model, max_tokens=5, messages=[{"role": "user", "content": q}])\n`;
  assert.deepEqual(await models('a.py', text), [
    { model: 'gpt-4o-mini', source: 'default-argument', provider: 'openai' },
    { model: 'gpt-4o', source: 'default-argument', provider: 'openai' },
    { model: 'claude-3-5-haiku-latest', source: 'fallback', provider: 'anthropic' },
    { model: null, source: null, expression: 'model', provider: 'anthropic' },
  ]);
});

test('Python: a conditional of two literal models reports both and prices the first; a non-literal branch leaves it unknown', async () => {
  const text = `${PY_HEADER}def f(q, formal, other):\n    client.messages.create(model="claude-sonnet-4-5" if formal else "claude-3-5-haiku-latest", max_tokens=5, messages=[{"role": "user", "content": q}])\n    client.messages.create(model="claude-sonnet-4-5" if formal else other, max_tokens=5, messages=[{"role": "user", "content": q}])\n`;
  assert.deepEqual(await models('a.py', text), [
    { model: 'claude-sonnet-4-5', source: 'conditional', alternatives: ['claude-sonnet-4-5', 'claude-3-5-haiku-latest'], provider: 'anthropic' },
    { model: null, source: null, expression: '"claude-sonnet-4-5" if formal else other', provider: 'anthropic' },
  ]);
});

test('Python: a fallback in prompt text stays a placeholder (only the model takes the reader default)', async () => {
  const text = `${PY_HEADER}def f(q, system=None):\n    oai.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": system or "Be brief."}, {"role": "user", "content": q}])\n`;
  const [site] = await callSites('a.py', text);
  assert.deepEqual(site.messages.map((message) => message.segments.map((segment) => segment.kind)), [['dynamic'], ['dynamic']]);
});

const TS_HEADER = "import OpenAI from 'openai';\nimport Anthropic from '@anthropic-ai/sdk';\nimport { generateText } from 'ai';\nimport { anthropic } from '@ai-sdk/anthropic';\nconst client = new OpenAI();\nconst claude = new Anthropic();\n";

test('TypeScript: `process.env.X ?? "lit"` and `|| "lit"` are env defaults; `x || "lit"` is a fallback, also inside an AI SDK factory', async () => {
  const text = `${TS_HEADER}const chatModel = process.env.CHAT_MODEL ?? 'gpt-4o';\nexport async function a(q: string, modelId?: string) {\n  await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: q }] });\n  await client.chat.completions.create({ model: process.env.REPLY_MODEL || 'gpt-4.1-mini', messages: [{ role: 'user', content: q }] });\n  await generateText({ model: anthropic(modelId || 'claude-3-5-haiku-latest'), prompt: q });\n  await client.chat.completions.create({ model: process.env.OTHER_MODEL, messages: [{ role: 'user', content: q }] });\n}\n`;
  assert.deepEqual(await models('a.ts', text), [
    { model: 'gpt-4o', source: 'env-default', provider: 'openai' },
    { model: 'gpt-4.1-mini', source: 'env-default', provider: 'openai' },
    { model: 'claude-3-5-haiku-latest', source: 'fallback', provider: 'anthropic' },
    { model: null, source: null, expression: 'process.env.OTHER_MODEL', provider: 'openai' },
  ]);
});

test('TypeScript: parameter defaults (also through this.model set in the constructor) and two-literal ternaries', async () => {
  const text = `${TS_HEADER}export async function extract(q: string, model = 'gpt-4o-mini') {\n  return client.chat.completions.create({ model, messages: [{ role: 'user', content: q }] });\n}\nexport class Planner {\n  private readonly model: string;\n  constructor(model = 'claude-sonnet-4-5') {\n    this.model = model;\n  }\n  plan(q: string) {\n    return claude.messages.create({ model: this.model, max_tokens: 5, messages: [{ role: 'user', content: q }] });\n  }\n}\nexport function explain(q: string, deep: boolean) {\n  return client.chat.completions.create({ model: deep ? 'o3-mini' : 'gpt-4o', messages: [{ role: 'user', content: q }] });\n}\n`;
  assert.deepEqual(await models('a.ts', text), [
    { model: 'gpt-4o-mini', source: 'default-argument', provider: 'openai' },
    { model: 'claude-sonnet-4-5', source: 'default-argument', provider: 'anthropic' },
    { model: 'o3-mini', source: 'conditional', alternatives: ['o3-mini', 'gpt-4o'], provider: 'openai' },
  ]);
});
