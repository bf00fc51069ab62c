// Loops around calls (LOOP_SYNTAX in loops.ts): literal bounds with the line they are written on, open-ended loops,
// nesting, and the function boundary, in Python and TypeScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';
import { LineIndex } from '../../../src/core/lineIndex';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));

async function loopsOf(name: string, text: string): Promise<Array<{ line: number; tools: boolean; loops: string[] }>> {
  const result = await scanCode(name, text, codeLanguageForPath(name)!, { readBundledFile });
  const lines = new LineIndex(text);
  return result.sites.map((site) => ({
    line: lines.positionAt(site.span.start).line + 1,
    tools: site.usesTools === true,
    loops: (site.loops ?? []).map((loop) => `${loop.kind} ${loop.iterations ?? 'unbounded'}${loop.earlyExit ? ' at most' : ''} @${lines.positionAt(loop.bound.start).line + 1} ${text.slice(loop.bound.start, loop.bound.end)}`),
  }));
}

test('Python: range(5), a list literal, range(2, 8, 2), nesting, while True around a call with tools, a function boundary', async () => {
  const text = [
    'from openai import OpenAI',
    'client = OpenAI()',
    'for _ in range(5):',
    '    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "a"}])',
    'for lang in ["en", "de", "fr"]:',
    '    for i in range(2, 8, 2):',
    '        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": lang}])',
    'while True:',
    '    reply = client.chat.completions.create(model="gpt-4o", tools=TOOLS, messages=history)',
    'for doc in docs:',
    '    def helper():',
    '        return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "b"}])',
    'while step < 10:',
    '    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "c"}])',
    'for attempt in range(3):',
    '    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "d"}])',
    '    if r.choices[0].message.content:',
    '        break',
  ].join('\n');
  assert.deepEqual(await loopsOf('loops.py', text), [
    { line: 4, tools: false, loops: ['for-each 5 @3 range(5)'] },
    { line: 7, tools: false, loops: ['for-each 3 @6 range(2, 8, 2)', 'for-each 3 @5 ["en", "de", "fr"]'] },
    { line: 9, tools: true, loops: ['while unbounded @8 True'] },
    { line: 12, tools: false, loops: [] },
    { line: 14, tools: false, loops: ['while 10 @13 step < 10'] },
    { line: 16, tools: false, loops: ['for-each 3 at most @15 range(3)'] },
  ]);
});

test('TypeScript: a counting for loop, for…of over an array literal, for…in and while (!done) are not bounded', async () => {
  const text = [
    "import OpenAI from 'openai';",
    'const client = new OpenAI();',
    'for (let i = 0; i < 5; i++) {',
    "  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'a' }] });",
    '}',
    "for (const tone of ['formal', 'casual']) {",
    "  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: tone }] });",
    '}',
    'for (let i = 1; i <= 3; i++) {',
    "  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'b' }] });",
    '}',
    'while (!done) {',
    "  const r = await client.chat.completions.create({ model: 'gpt-4o', tools, messages });",
    '}',
    'for (const key in table) {',
    "  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: key }] });",
    '}',
  ].join('\n');
  assert.deepEqual(await loopsOf('loops.ts', text), [
    { line: 4, tools: false, loops: ['counting 5 @3 i < 5'] },
    { line: 7, tools: false, loops: ["for-each 2 @6 ['formal', 'casual']"] },
    { line: 10, tools: false, loops: ['counting 3 @9 i <= 3'] },
    { line: 13, tools: true, loops: ['while unbounded @12 (!done)'] },
    { line: 16, tools: false, loops: ['for-each unbounded @15 table'] },
  ]);
});

test('C#: a counting for loop and while (!done) around OpenAI .NET CompleteChat', async () => {
  const text = [
    'using OpenAI.Chat;',
    'ChatClient client = new(model: "gpt-4o", apiKey: key);',
    'for (int i = 0; i < 4; i++) {',
    '    client.CompleteChat(new UserChatMessage(question));',
    '}',
    'while (!done) {',
    '    client.CompleteChat(new UserChatMessage(question));',
    '}',
  ].join('\n');
  assert.deepEqual(await loopsOf('Loops.cs', text), [
    { line: 4, tools: false, loops: ['counting 4 @3 i < 4'] },
    { line: 7, tools: false, loops: ['while unbounded @6 !done'] },
  ]);
});

test('Java: a counting for loop around the OpenAI Java SDK', async () => {
  const text = [
    'import com.openai.client.OpenAIClient;',
    'import com.openai.models.chat.completions.ChatCompletionCreateParams;',
    'class Batch {',
    '    void run(OpenAIClient client, ChatCompletionCreateParams params) {',
    '        for (int i = 1; i <= 3; i++) {',
    '            client.chat().completions().create(params);',
    '        }',
    '    }',
    '}',
  ].join('\n');
  assert.deepEqual(await loopsOf('Batch.java', text), [{ line: 6, tools: false, loops: ['counting 3 @5 i <= 3'] }]);
});

test('Go: a counting for clause, range over a slice literal, a bare for and a condition-only for around go-openai', async () => {
  const text = [
    'package main',
    'import openai "github.com/sashabaranov/go-openai"',
    'func run(client *openai.Client, ctx context.Context, req openai.ChatCompletionRequest) {',
    '\tfor i := 0; i < 4; i++ {',
    '\t\tclient.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "a"}}})',
    '\t}',
    '\tfor _, lang := range []string{"en", "de", "fr"} {',
    '\t\tclient.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: lang}}})',
    '\t}',
    '\tfor {',
    '\t\tclient.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "b"}}})',
    '\t}',
    '\tfor !done {',
    '\t\tclient.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "c"}}})',
    '\t}',
    '}',
  ].join('\n');
  assert.deepEqual(await loopsOf('loops.go', text), [
    { line: 5, tools: false, loops: ['counting 4 @4 i < 4'] },
    { line: 8, tools: false, loops: ['for-each 3 @7 []string{"en", "de", "fr"}'] },
    { line: 11, tools: false, loops: ['while unbounded @10 for'] },
    { line: 14, tools: false, loops: ['while unbounded @13 !done'] },
  ]);
});

test('Ruby: n.times, each over an array literal, for … in a literal, loop do and while around ruby-openai', async () => {
  const text = [
    'require "openai"',
    'client = OpenAI::Client.new',
    '3.times do',
    '  client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: "a" }] })',
    'end',
    '["en", "de"].each do |lang|',
    '  client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: lang }] })',
    'end',
    'for tone in ["formal", "casual", "terse"]',
    '  client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: tone }] })',
    'end',
    'loop do',
    '  client.chat(parameters: { model: "gpt-4o", tools: TOOLS, messages: history })',
    'end',
    'items.each { |item| client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: item }] }) }',
    'while step < 5',
    '  client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: "b" }] })',
    'end',
  ].join('\n');
  assert.deepEqual(await loopsOf('loops.rb', text), [
    { line: 4, tools: false, loops: ['counting 3 @3 3.times'] },
    { line: 7, tools: false, loops: ['for-each 2 @6 ["en", "de"]'] },
    { line: 10, tools: false, loops: ['for-each 3 @9 in ["formal", "casual", "terse"]'] },
    { line: 13, tools: true, loops: ['while unbounded @12 loop'] },
    { line: 15, tools: false, loops: ['for-each unbounded @15 items'] },
    { line: 17, tools: false, loops: ['while 5 @16 step < 5'] },
  ]);
});
