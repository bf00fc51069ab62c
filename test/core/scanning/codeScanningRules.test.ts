// Rules the second blind corpus settled: Anthropic client evidence, stored rows that look like messages, literal lines
// of wrapped prompts, template engines' braces, run-time file reads, non-text parts, instance attributes, parameter
// defaults as caps, and lists filled in loops. Small inline sources, exact results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';
import { LineIndex } from '../../../src/core/lineIndex';
import { sitePlaceholders } from '../../../src/core/types';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));

interface SiteSummary {
  line: number;
  kind: string;
  api: string | null;
  model: string | null;
  maxOutputTokens: number | null | 'non-literal';
  capParameter: string | null;
  placeholders: string[];
  linkedFile: string | null;
}

async function sites(name: string, lines: string[]): Promise<SiteSummary[]> {
  const text = lines.join('\n');
  const result = await scanCode(name, text, codeLanguageForPath(name)!, { readBundledFile });
  assert.deepEqual(result.problems, []);
  const lineIndex = new LineIndex(text);
  return result.sites.map((site) => ({
    line: lineIndex.positionAt(site.span.start).line + 1,
    kind: site.kind,
    api: site.api,
    model: site.model,
    maxOutputTokens: site.maxOutputTokens,
    capParameter: site.capParameter ?? null,
    placeholders: sitePlaceholders(site),
    linkedFile: site.linkedFile ?? null,
  }));
}

const prompt = (line: number, placeholders: string[] = []): SiteSummary => ({
  line,
  kind: 'prompt',
  api: null,
  model: null,
  maxOutputTokens: null,
  capParameter: null,
  placeholders,
  linkedFile: null,
});

test('reports messages.create as Anthropic only with the SDK imported, its class in the callee, or a Claude model', async () => {
  const django = ['def save(conversation, turn):', '    conversation.messages.create(role=turn["role"], content=turn["content"], model=turn.get("model"), max_tokens=5)'];
  assert.deepEqual(await sites('a.py', django), []);
  const anthropicCall = (line: number, model: string | null, placeholders: string[]): SiteSummary => ({
    line,
    kind: 'call',
    api: 'anthropic.messages',
    model,
    maxOutputTokens: 5,
    capParameter: 'max_tokens',
    placeholders,
    linkedFile: null,
  });
  assert.deepEqual(await sites('b.py', ['import anthropic', '', ...django]), [anthropicCall(4, null, [])]);
  assert.deepEqual(await sites('c.py', ['def ask(client, q):', '    client.messages.create(model="claude-3-5-haiku-latest", max_tokens=5, messages=[{"role": "user", "content": q}])']), [
    anthropicCall(2, 'claude-3-5-haiku-latest', ['q']),
  ]);
  assert.deepEqual(await sites('d.rb', ['def ask(q)', '  Anthropic::Client.new.messages.create(max_tokens: 5, messages: [{ role: "user", content: q }])', 'end']), [anthropicCall(2, null, ['q'])]);
});

test('a stored row with role and content plus other fields is not a prompt; a message literal is', async () => {
  assert.deepEqual(
    await sites('repo.ts', [
      'export async function seed(conversationId: string) {',
      "  await prisma.messages.create({ data: { conversationId, role: 'assistant', content: 'Welcome back to the support chat!', model: 'x' } });",
      "  const greeting = { role: 'assistant', content: 'Welcome back to the support chat!' };",
      '}',
    ]),
    [prompt(3)],
  );
  assert.deepEqual(
    await sites('rows.py', [
      'ROWS = [{"role": "user", "content": "Imported from the old helpdesk system.", "ticket_id": 7}]',
      'FEW_SHOT = [{"role": "user", "content": "Imported from the old helpdesk system."}]',
    ]),
    [prompt(2)],
  );
});

test('a dedented prompt is reported on its literal line, and a template formatted in a prompt function is one site', async () => {
  assert.deepEqual(
    await sites('p.py', [
      'import textwrap',
      'SYSTEM_PROMPT = textwrap.dedent(',
      '    """\\',
      '    You are a strict grader for science essays. Score from zero to ten.',
      '    """',
      ')',
      'FEEDBACK_TEMPLATE = "Student {student_name} scored {score}/10. Write two sentences of specific feedback."',
      'def feedback_prompt(student_name, score):',
      '    return FEEDBACK_TEMPLATE.format(student_name=student_name, score=score)',
    ]),
    [prompt(3), prompt(7, ['student_name', 'score'])],
  );
  assert.deepEqual(
    await sites('p.ts', [
      "const REVIEW_TEMPLATE = '  Review the {language} diff below and list correctness problems only.  ';",
      'export function reviewPrompt(): string {',
      '  return REVIEW_TEMPLATE.trim();',
      '}',
    ]),
    [prompt(1, ['language'])],
  );
});

test("LangChain f-string templates escape {{ }}, mustache templates read {{name}}, and a message literal's braces are text", async () => {
  assert.deepEqual(
    await sites('t.ts', [
      "const a = ChatPromptTemplate.fromMessages([['system', 'Translate into {language}. Keep {{name}} as is.']]);",
      "const b = PromptTemplate.fromTemplate('Say hello to {{name}} in one short sentence.', { templateFormat: 'mustache' });",
      "const c = [{ role: 'user', content: 'Fix this: const q = `SELECT * FROM t WHERE id = ${id}`;' }];",
      "const d = [{ role: 'user', content: 'Reply with {count} bullet points about the release.' }];",
    ]),
    [prompt(1, ['language']), prompt(2, ['name']), prompt(3), prompt(4)],
  );
  assert.deepEqual(
    await sites('t.py', ['prompt = ChatPromptTemplate.from_messages([("system", "Answer in {language}; keep {{braces}} literally.")])']),
    [prompt(1, ['language'])],
  );
});

test('text read from a run-time path is a placeholder; a literal path links the file', async () => {
  const call = (line: number, placeholders: string[], linkedFile: string | null): SiteSummary => ({
    line,
    kind: 'call',
    api: 'google.generateContent',
    model: 'gemini-2.5-flash',
    maxOutputTokens: null,
    capParameter: null,
    placeholders,
    linkedFile,
  });
  assert.deepEqual(
    await sites('g.py', [
      'from google import genai',
      'client = genai.Client()',
      'def run(path):',
      '    text = path.read_text()',
      '    client.models.generate_content(model="gemini-2.5-flash", contents=text)',
      '    guide = open("prompts/guide.md").read()',
      '    client.models.generate_content(model="gemini-2.5-flash", contents=guide)',
    ]),
    [call(5, ['text'], null), call(7, [], 'prompts/guide.md')],
  );
});

test('image, byte and file parts in contents are not prompt text', async () => {
  assert.deepEqual(
    await sites('v.py', [
      'from google import genai',
      'from google.genai import types',
      'client = genai.Client()',
      'def caption(path, mime, question):',
      '    client.models.generate_content(model="gemini-2.0-flash", contents=[types.Part.from_bytes(data=path.read_bytes(), mime_type=mime), question])',
      '    client.models.generate_content(model="gemini-2.0-flash", contents=[types.Part.from_uri(file_uri=path, mime_type=mime), PIL.Image.open(path), question])',
    ]),
    [5, 6].map((line) => ({ line, kind: 'call', api: 'google.generateContent', model: 'gemini-2.0-flash', maxOutputTokens: null, capParameter: null, placeholders: ['question'], linkedFile: null })),
  );
});

test('an instance attribute set from a constructor parameter takes the parameter default as the model (a reader default), and a parameter default is no static cap', async () => {
  const call = (line: number, model: string | null, maxOutputTokens: number | 'non-literal' | null, capParameter: string | null): SiteSummary => ({
    line,
    kind: 'call',
    api: 'openai.chat.completions',
    model,
    maxOutputTokens,
    capParameter,
    placeholders: ['q'],
    linkedFile: null,
  });
  assert.deepEqual(
    await sites('m.py', [
      'from openai import OpenAI',
      'class Bot:',
      '    def __init__(self, model: str = "gpt-4.1-mini"):',
      '        self.client = OpenAI()',
      '        self.model = model',
      '    def ask(self, q, model="gpt-4o", max_tokens=400):',
      '        self.client.chat.completions.create(model=self.model, messages=[{"role": "user", "content": q}])',
      '        self.client.chat.completions.create(model=model, max_tokens=max_tokens, messages=[{"role": "user", "content": q}])',
    ]),
    // Issue 18: self.model read back from `model: str = "gpt-4.1-mini"` is that default (modelSource default-argument).
    [call(7, 'gpt-4.1-mini', null, null), call(8, 'gpt-4o', 'non-literal', 'max_tokens')],
  );
  assert.deepEqual(
    await sites('m.ts', [
      "import OpenAI from 'openai';",
      'class Bot {',
      "  constructor(private client = new OpenAI(), model = 'gpt-4.1-mini') { this.model = model; }",
      "  ask(q: string, maxTokens = 400) { return this.client.chat.completions.create({ model: this.model, max_tokens: maxTokens, messages: [{ role: 'user', content: q }] }); }",
      '}',
    ]),
    [call(4, 'gpt-4.1-mini', 'non-literal', 'max_tokens')],
  );
});

test('a list filled in a loop that has ended is one placeholder; appends before the call outside a loop are expanded', async () => {
  const call = (line: number, placeholders: string[]): SiteSummary => ({
    line,
    kind: 'call',
    api: 'openai.responses',
    model: 'gpt-4.1',
    maxOutputTokens: null,
    capParameter: null,
    placeholders,
    linkedFile: null,
  });
  assert.deepEqual(
    await sites('r.py', [
      'from openai import OpenAI',
      'client = OpenAI()',
      'def follow_up(first, question):',
      '    outputs = []',
      '    for item in first.output:',
      '        outputs.append({"type": "function_call_output", "call_id": item.call_id, "output": item.result})',
      '    client.responses.create(model="gpt-4.1", input=outputs)',
      '    turns = [{"role": "system", "content": "Be brief."}]',
      '    turns.append({"role": "user", "content": question})',
      '    client.responses.create(model="gpt-4.1", input=turns)',
    ]),
    [call(7, ['outputs']), call(10, ['question'])],
  );
  assert.deepEqual(
    await sites('r.ts', [
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
      'export async function run(items: { text: string }[]) {',
      '  const input = [];',
      "  for (const item of items) input.push({ role: 'user', content: item.text });",
      "  await client.responses.create({ model: 'gpt-4.1', input });",
      '}',
    ]),
    [call(6, ['input'])],
  );
});
