// The service tier a call asks for, read through the SDK table: OpenAI `service_tier` (auto, default, flex, priority,
// scale), Gemini `config.service_tier` / `serviceTier` (standard, flex, priority; enum spellings), Anthropic
// `service_tier` (auto, standard_only). A value that does not say what the request is billed at (auto, scale, a
// variable) leaves the tier unset, so the config's per-glob tier decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));

/** Each call site's line (1-based), api and service tier ('-' when the call sets none the scanner reads). */
async function tiers(name: string, lines: string[]): Promise<Array<[number, string | null, string]>> {
  const text = lines.join('\n');
  const result = await scanCode(name, text, codeLanguageForPath(name)!, { readBundledFile });
  return result.sites
    .filter((site) => site.kind === 'call')
    .map((site) => [text.slice(0, site.span.start).split('\n').length, site.api, site.serviceTier ?? '-']);
}

test('OpenAI chat and Responses calls: flex, priority and default are tiers; auto, scale and a variable are not known', async () => {
  const python = await tiers('jobs.py', [
    'from openai import OpenAI',
    'client = OpenAI()',
    'tier = pick_tier()',
    'client.chat.completions.create(model="gpt-6.1-terra", service_tier="flex", messages=[{"role": "user", "content": "Hi"}])',
    'client.chat.completions.create(model="gpt-6.1-terra", service_tier="priority", messages=[{"role": "user", "content": "Hi"}])',
    'client.chat.completions.create(model="gpt-6.1-terra", service_tier="default", messages=[{"role": "user", "content": "Hi"}])',
    'client.chat.completions.create(model="gpt-6.1-terra", service_tier="auto", messages=[{"role": "user", "content": "Hi"}])',
    'client.chat.completions.create(model="gpt-6.1-terra", service_tier="scale", messages=[{"role": "user", "content": "Hi"}])',
    'client.chat.completions.create(model="gpt-6.1-terra", service_tier=tier, messages=[{"role": "user", "content": "Hi"}])',
    'client.chat.completions.create(model="gpt-6.1-terra", messages=[{"role": "user", "content": "Hi"}])',
    'client.responses.create(model="gpt-6.1-terra", service_tier="FLEX", input="Hi")',
  ]);
  assert.deepEqual(python, [
    [4, 'openai.chat.completions', 'flex'],
    [5, 'openai.chat.completions', 'priority'],
    [6, 'openai.chat.completions', 'standard'],
    [7, 'openai.chat.completions', '-'],
    [8, 'openai.chat.completions', '-'],
    [9, 'openai.chat.completions', '-'],
    [10, 'openai.chat.completions', '-'],
    [11, 'openai.responses', 'flex'],
  ]);
  const javascript = await tiers('jobs.ts', [
    "import OpenAI from 'openai';",
    'const client = new OpenAI();',
    "const base = { model: 'gpt-6.1-terra', service_tier: 'flex' } as const;",
    "export const a = () => client.responses.create({ ...base, input: 'Hi' });",
    "export const b = () => client.chat.completions.create({ model: 'gpt-6.1-terra', service_tier: 'priority', messages: [] });",
  ]);
  assert.deepEqual(javascript, [
    [4, 'openai.responses', 'flex'],
    [5, 'openai.chat.completions', 'priority'],
  ]);
});

test('Gemini generateContent reads the tier in its config, in either spelling and as the SDK enum', async () => {
  const python = await tiers('gem.py', [
    'from google import genai',
    'from google.genai import types',
    'client = genai.Client()',
    'client.models.generate_content(model="gemini-4-hydrogen", contents="Hi", config={"service_tier": "flex"})',
    'client.models.generate_content(model="gemini-4-hydrogen", contents="Hi", config=types.GenerateContentConfig(service_tier="priority", max_output_tokens=100))',
    'client.models.generate_content(model="gemini-4-hydrogen", contents="Hi", config={"service_tier": "SERVICE_TIER_PRIORITY"})',
    'client.models.generate_content(model="gemini-4-hydrogen", contents="Hi", config=types.GenerateContentConfig(service_tier=types.ServiceTier.FLEX))',
    'client.models.generate_content(model="gemini-4-hydrogen", contents="Hi", config={"service_tier": "standard"})',
    'client.models.generate_content(model="gemini-4-hydrogen", contents="Hi")',
  ]);
  assert.deepEqual(python, [
    [4, 'google.generateContent', 'flex'],
    [5, 'google.generateContent', 'priority'],
    [6, 'google.generateContent', 'priority'],
    [7, 'google.generateContent', 'flex'],
    [8, 'google.generateContent', 'standard'],
    [9, 'google.generateContent', '-'],
  ]);
  const javascript = await tiers('gem.ts', [
    "import { GoogleGenAI } from '@google/genai';",
    'const ai = new GoogleGenAI({});',
    "export const run = () => ai.models.generateContent({ model: 'gemini-4-hydrogen', contents: 'Hi', config: { serviceTier: 'flex', maxOutputTokens: 100 } });",
  ]);
  assert.deepEqual(javascript, [[3, 'google.generateContent', 'flex']]);
});

test('Anthropic standard_only is the standard tier, auto is not known; other SDKs with a service_tier of their own are not read', async () => {
  const anthropic = await tiers('claude.py', [
    'import anthropic',
    'client = anthropic.Anthropic()',
    'client.messages.create(model="claude-sonnet-5-5", max_tokens=100, service_tier="standard_only", messages=[{"role": "user", "content": "Hi"}])',
    'client.messages.create(model="claude-sonnet-5-5", max_tokens=100, service_tier="auto", messages=[{"role": "user", "content": "Hi"}])',
  ]);
  assert.deepEqual(anthropic, [
    [3, 'anthropic.messages', 'standard'],
    [4, 'anthropic.messages', '-'],
  ]);
  // Groq's own `service_tier` (on_demand, flex, auto) trades rate limits, not a priced tier in the catalog.
  const groq = await tiers('fast.py', [
    'from groq import Groq',
    'client = Groq()',
    'client.chat.completions.create(model="llama-3.3-70b-versatile", service_tier="flex", messages=[{"role": "user", "content": "Hi"}])',
  ]);
  assert.deepEqual(groq, [[3, 'groq.chat.completions', '-']]);
});

test('LangChain ChatOpenAI takes the tier where the model is configured', async () => {
  const python = await tiers('chain.py', [
    'from langchain_openai import ChatOpenAI',
    'llm = ChatOpenAI(model="gpt-6.1-terra", service_tier="flex", max_tokens=200)',
  ]);
  assert.deepEqual(python, [[2, 'langchain.ChatOpenAI', 'flex']]);
});
