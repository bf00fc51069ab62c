// The reasoning settings a call writes (REASONING_PARAMETERS in sdks.ts), read by the shared recogniser in every
// language: effort names, thinking budgets, thinking switched off, and values that are not literals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';
import type { ReasoningSetting } from '../../../src/core/types';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));

async function settingsOf(name: string, text: string): Promise<Array<Omit<ReasoningSetting, 'span'> & { spanText?: string } | null>> {
  const result = await scanCode(name, text, codeLanguageForPath(name)!, { readBundledFile });
  return result.sites.map((site) => {
    if (!site.reasoning) return null;
    const { span, ...rest } = site.reasoning;
    return { ...rest, ...(span ? { spanText: text.slice(span.start, span.end) } : {}) };
  });
}

test('OpenAI Python: reasoning_effort, reasoning={"effort"}, and a non-literal effort', async () => {
  const text = [
    'from openai import OpenAI',
    'client = OpenAI()',
    'a = client.chat.completions.create(model="o3", reasoning_effort="high", max_completion_tokens=2000, messages=[{"role": "user", "content": "Hi"}])',
    'b = client.responses.create(model="gpt-5", input="Hi", reasoning={"effort": "Low"})',
    'def f(effort):',
    '    return client.responses.create(model="gpt-5", input="Hi", reasoning={"effort": effort})',
    'c = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])',
  ].join('\n');
  assert.deepEqual(await settingsOf('app.py', text), [
    { parameter: 'reasoning_effort', effort: 'high', spanText: '"high"' },
    { parameter: 'reasoning.effort', effort: 'low', spanText: '"Low"' },
    { parameter: 'reasoning.effort', nonLiteral: true, spanText: 'effort' },
    null,
  ]);
});

test('Anthropic TypeScript: thinking budget, thinking disabled; Gemini: thinkingConfig budget, level, 0 and -1', async () => {
  const text = [
    "import Anthropic from '@anthropic-ai/sdk';",
    "import { GoogleGenAI } from '@google/genai';",
    'const anthropic = new Anthropic();',
    'const ai = new GoogleGenAI({});',
    "await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16000, thinking: { type: 'enabled', budget_tokens: 10000 }, messages: [{ role: 'user', content: 'Hi' }] });",
    "await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1000, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'Hi' }] });",
    "await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi', config: { maxOutputTokens: 500, thinkingConfig: { thinkingBudget: 1024 } } });",
    "await ai.models.generateContent({ model: 'gemini-3-pro-preview', contents: 'Hi', config: { thinkingConfig: { thinkingLevel: 'low' } } });",
    "await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi', config: { thinkingConfig: { thinkingBudget: 0 } } });",
    "await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: 'Hi', config: { thinkingConfig: { thinkingBudget: -1 } } });",
  ].join('\n');
  assert.deepEqual(await settingsOf('app.ts', text), [
    { parameter: 'thinking.budget_tokens', budgetTokens: 10000, spanText: '10000' },
    { parameter: 'thinking.type', disabled: true, spanText: "'disabled'" },
    { parameter: 'config.thinkingConfig.thinkingBudget', budgetTokens: 1024, spanText: '1024' },
    { parameter: 'config.thinkingConfig.thinkingLevel', effort: 'low', spanText: "'low'" },
    { parameter: 'config.thinkingConfig.thinkingBudget', disabled: true, spanText: '0' },
    { parameter: 'config.thinkingConfig.thinkingBudget', dynamic: true, spanText: '-1' },
  ]);
});

test('Gemini Python types.ThinkingConfig(thinking_budget=…) and AI SDK providerOptions', async () => {
  const python = [
    'from google import genai',
    'from google.genai import types',
    'client = genai.Client()',
    'r = client.models.generate_content(model="gemini-2.5-flash", contents="Hi", config=types.GenerateContentConfig(thinking_config=types.ThinkingConfig(thinking_budget=2048)))',
  ].join('\n');
  assert.deepEqual(await settingsOf('g.py', python), [{ parameter: 'config.thinking_config.thinking_budget', budgetTokens: 2048, spanText: '2048' }]);
  const aiSdk = [
    "import { generateText } from 'ai';",
    "import { openai } from '@ai-sdk/openai';",
    "await generateText({ model: openai('o4-mini'), prompt: 'Hi', providerOptions: { openai: { reasoningEffort: 'high' } } });",
  ].join('\n');
  assert.deepEqual(await settingsOf('a.ts', aiSdk), [{ parameter: 'providerOptions.openai.reasoningEffort', effort: 'high', spanText: "'high'" }]);
});
