// Unit tests of the code scanner on small fixtures in test/fixtures/code/unit: exact sites, spans and segments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, scanCode, type CodeLanguage } from '../../../src/core/scanning/code/index';
import { sitePlaceholders, type PromptSite, type ScanResult } from '../../../src/core/types';
import { LineIndex } from '../../../src/core/lineIndex';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));
const fixture = (name: string): string => readFileSync(join(root, 'test/fixtures/code/unit', name), 'utf8');

async function scanFixture(name: string): Promise<{ text: string; result: ScanResult }> {
  const text = fixture(name);
  const result = await scanCode(name, text, codeLanguageForPath(name)!, { readBundledFile });
  return { text, result };
}

async function scanText(name: string, text: string, language?: CodeLanguage): Promise<ScanResult> {
  return scanCode(name, text, language ?? codeLanguageForPath(name)!, { readBundledFile });
}

/** Span of the `occurrence`-th appearance of `needle` in `text`. */
function spanOf(text: string, needle: string, occurrence = 1): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i < occurrence; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `fixture contains ${needle}`);
  return { start, end: start + needle.length };
}

function summary(site: PromptSite, text: string): Record<string, unknown> {
  return {
    line: new LineIndex(text).positionAt(site.span.start).line + 1,
    kind: site.kind,
    provider: site.provider,
    api: site.api,
    model: site.model,
    maxOutputTokens: site.maxOutputTokens,
    capParameter: site.capParameter ?? null,
    placeholders: sitePlaceholders(site),
    linkedFile: site.linkedFile ?? null,
  };
}

test('maps file extensions to code languages and skips declaration files', () => {
  assert.deepEqual(
    ['a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.py', 'a.go', 'a.java', 'a.cs', 'a.rb', 'a.d.ts', 'a.md', 'Makefile', 'src\\b.PY'].map(codeLanguageForPath),
    ['typescript', 'typescript', 'typescript', 'tsx', 'javascript', 'javascript', 'javascript', 'javascript', 'python', 'go', 'java', 'csharp', 'ruby', null, null, null, 'python'],
  );
});

test('reads an OpenAI chat call: exact spans, constant cap, escapes decoded, constant prompt spans at its literal', async () => {
  const { text, result } = await scanFixture('openai-chat.ts');
  assert.deepEqual(result.problems, []);
  assert.equal(result.sites.length, 1);
  const site = result.sites[0];
  const callStart = text.indexOf('client.chat.completions.create(');
  const callEnd = text.indexOf('  });\n}') + '  })'.length;
  assert.deepEqual(site.span, { start: callStart, end: callEnd });
  assert.deepEqual(site.anchor, spanOf(text, 'client.chat.completions.create'));
  assert.equal(site.kind, 'call');
  assert.equal(site.provider, 'openai');
  assert.equal(site.api, 'openai.chat.completions');
  assert.equal(site.model, 'gpt-4o-mini');
  assert.deepEqual(site.modelSpan, spanOf(text, "'gpt-4o-mini'"));
  assert.equal(site.maxOutputTokens, 256);
  assert.equal(site.capParameter, 'max_completion_tokens');
  // Resolved through the constant: the span is the literal that sets the cap.
  assert.deepEqual(site.capSpan, spanOf(text, '256'));
  const systemLiteral = spanOf(text, "'You are terse.\\nAnswer in one line.'");
  assert.deepEqual(site.messages, [
    {
      role: 'system',
      span: spanOf(text, "{ role: 'system', content: SYSTEM_PROMPT }"),
      segments: [{ kind: 'static', text: 'You are terse.\nAnswer in one line.', span: { start: systemLiteral.start + 1, end: systemLiteral.end - 1 } }],
    },
    {
      role: 'user',
      span: spanOf(text, '{ role: \'user\', content: `Q: ${question}?` }'),
      segments: [
        { kind: 'static', text: 'Q: ', span: spanOf(text, 'Q: ') },
        { kind: 'dynamic', name: 'question', raw: '${question}', span: spanOf(text, '${question}') },
        { kind: 'static', text: '?', span: { start: text.indexOf('?`'), end: text.indexOf('?`') + 1 } },
      ],
    },
  ]);
});

test('reads a Python Anthropic call: default-parameter model, 1_000-style cap, cached system block, f-string spec dropped, linked file', async () => {
  const { text, result } = await scanFixture('anthropic_cached.py');
  assert.equal(result.sites.length, 1);
  const site = result.sites[0];
  assert.deepEqual(summary(site, text), {
    line: 8,
    kind: 'call',
    provider: 'anthropic',
    api: 'anthropic.messages',
    model: 'claude-sonnet-4-5',
    maxOutputTokens: 1024,
    capParameter: 'max_tokens',
    placeholders: ['question'],
    linkedFile: 'prompts/manual.md',
  });
  assert.deepEqual(site.modelSpan, spanOf(text, '"claude-sonnet-4-5"'));
  assert.deepEqual(
    site.messages.map((message) => ({ role: message.role, cache: message.cacheBreakpoint ?? false })),
    [
      { role: 'system', cache: true },
      { role: 'user', cache: false },
    ],
  );
  assert.deepEqual(site.messages[1].segments, [
    { kind: 'static', text: 'Question: ', span: spanOf(text, 'Question: ') },
    { kind: 'dynamic', name: 'question', raw: '{question!r:>10}', span: spanOf(text, '{question!r:>10}') },
    { kind: 'static', text: '\n', span: spanOf(text, '\\n') },
    { kind: 'static', text: 'Be brief.', span: spanOf(text, 'Be brief.') },
  ]);
});

test('reports Responses, Gemini, AI SDK, LangChain and aliased calls with their models, caps and messages', async () => {
  const { text, result } = await scanFixture('shapes.ts');
  assert.deepEqual(
    result.sites.map((site) => summary(site, text)),
    [
      { line: 14, kind: 'call', provider: 'openai', api: 'openai.responses', model: 'gpt-5', maxOutputTokens: 64, capParameter: 'max_output_tokens', placeholders: ['topic'], linkedFile: null },
      { line: 15, kind: 'call', provider: 'google', api: 'google.generateContent', model: 'gemini-2.5-flash', maxOutputTokens: 300, capParameter: 'maxOutputTokens', placeholders: ['topic'], linkedFile: null },
      { line: 20, kind: 'call', provider: 'openai', api: 'ai-sdk.generateText', model: 'gpt-4.1', maxOutputTokens: 50, capParameter: 'maxTokens', placeholders: ['topic'], linkedFile: 'prompts/system.txt' },
      { line: 21, kind: 'call', provider: 'anthropic', api: 'langchain.ChatAnthropic', model: null, maxOutputTokens: 2000, capParameter: 'maxTokens', placeholders: [], linkedFile: null },
      { line: 22, kind: 'call', provider: 'openai', api: 'openai.chat.completions', model: 'o3', maxOutputTokens: 'non-literal', capParameter: null, placeholders: ['topic'], linkedFile: null },
    ],
  );
  assert.equal(result.sites[3].modelExpression, 'process.env.CLAUDE_MODEL');
  assert.deepEqual(
    result.sites[0].messages.map((message) => message.role),
    ['system', 'user'],
  );
  assert.deepEqual(result.sites[1].messages[0].segments, [{ kind: 'static', text: 'You are a poet.', span: spanOf(text, 'You are a poet.') }]);
});

test('does not report embeddings, moderation, audio, images, fine-tuning, files, batches, Twilio, comments, logs or a local generateText', async () => {
  const { result } = await scanFixture('negatives.ts');
  assert.deepEqual(result.sites, []);
  const python = await scanFixture('negatives.py');
  assert.deepEqual(python.result.sites, []);
});

test('reports a long prompt-named string as a prompt site with template placeholders, but not errors, paths or short strings', async () => {
  const { text, result } = await scanFixture('prompts.py');
  assert.equal(result.sites.length, 1);
  const site = result.sites[0];
  assert.deepEqual(summary(site, text), {
    line: 3,
    kind: 'prompt',
    provider: null,
    api: null,
    model: null,
    maxOutputTokens: null,
    capParameter: null,
    placeholders: ['customer'],
    linkedFile: null,
  });
  assert.equal(site.span.start, text.indexOf('"""'));
  assert.deepEqual(
    site.messages[0].segments.map((segment) => (segment.kind === 'static' ? segment.text : `{${segment.name}}`)),
    ['\nYou summarise support tickets for the on-call engineer.\nKeep it under five bullet points and name the customer ', '{customer}', '.\n'],
  );
});

test('reads Go, Java, C# and Ruby SDK calls', async () => {
  const expected: Record<string, Record<string, unknown>[]> = {
    'chat.go': [{ line: 12, kind: 'call', provider: 'openai', api: 'openai.chat.completions', model: 'gpt-4o', maxOutputTokens: 300, capParameter: 'MaxTokens', placeholders: ['question'], linkedFile: null }],
    'Chat.java': [{ line: 6, kind: 'call', provider: 'openai', api: 'openai.chat.completions', model: 'gpt-4o', maxOutputTokens: 300, capParameter: 'maxCompletionTokens', placeholders: ['question'], linkedFile: null }],
    'Chat.cs': [{ line: 9, kind: 'call', provider: 'openai', api: 'openai.chat.completions', model: 'gpt-4o-mini', maxOutputTokens: 120, capParameter: 'MaxOutputTokenCount', placeholders: ['question'], linkedFile: null }],
    'chat.rb': [
      { line: 6, kind: 'call', provider: 'openai', api: 'openai.chat.completions', model: 'gpt-4o', maxOutputTokens: 200, capParameter: 'max_tokens', placeholders: ['question'], linkedFile: null },
      { line: 7, kind: 'call', provider: 'anthropic', api: 'anthropic.messages', model: 'claude-3-5-haiku-latest', maxOutputTokens: 64, capParameter: 'max_tokens', placeholders: ['question'], linkedFile: null },
    ],
  };
  for (const [name, sites] of Object.entries(expected)) {
    const { text, result } = await scanFixture(name);
    assert.deepEqual(result.sites.map((site) => summary(site, text)), sites, name);
  }
  const go = await scanFixture('chat.go');
  assert.deepEqual(go.result.sites[0].messages[0].segments, [{ kind: 'static', text: 'You are terse.\n', span: spanOf(go.text, 'You are terse.\\n') }]);
  const java = await scanFixture('Chat.java');
  // The SDK's model constant names its model (issue 10).
  assert.equal(java.result.sites[0].modelSource, 'constant');
  assert.equal(java.result.sites[0].modelExpression, undefined);
});

test('resolves options built in a variable, spreads of it, and a spread of unknown options', async () => {
  const text = [
    "import OpenAI from 'openai';",
    'const client = new OpenAI();',
    "const base = { model: 'gpt-4.1', max_tokens: 100 };",
    'export async function f(extra: object, q: string) {',
    "  const params = { ...base, messages: [{ role: 'user' as const, content: q }] };",
    '  await client.chat.completions.create(params);',
    '  await client.chat.completions.create({ ...params, max_tokens: 2 * 100 });',
    "  await client.chat.completions.create({ ...extra, model: 'gpt-4o' });",
    '}',
  ].join('\n');
  const result = await scanText('options.ts', text);
  assert.deepEqual(
    result.sites.map((site) => [site.model, site.maxOutputTokens, site.capParameter ?? null, sitePlaceholders(site)]),
    [
      ['gpt-4.1', 100, 'max_tokens', ['q']],
      ['gpt-4.1', 200, 'max_tokens', ['q']],
      ['gpt-4o', 'non-literal', null, []],
    ],
  );
});

test('follows Python kwargs dicts, str.format, implicit concatenation, list appends and litellm prefixes', async () => {
  const text = [
    'import litellm',
    'from openai import OpenAI',
    'client = OpenAI()',
    'TEMPLATE = "Summarise {doc} for " "a {audience}."',
    'def run(doc, **kwargs):',
    '    params = dict(model="gpt-4o", max_completion_tokens=50)',
    '    messages = [{"role": "system", "content": "Be brief."}]',
    '    messages.append({"role": "user", "content": TEMPLATE.format(doc=doc, audience="child")})',
    '    client.chat.completions.create(**params, messages=messages)',
    '    client.chat.completions.create(model="gpt-4o", messages=messages, **kwargs)',
    '    litellm.completion(model="groq/llama-3.3-70b", messages=[{"role": "user", "content": doc}], max_tokens=9)',
  ].join('\n');
  const result = await scanText('kw.py', text);
  assert.deepEqual(
    result.sites.map((site) => [site.provider, site.api, site.model, site.maxOutputTokens, sitePlaceholders(site)]),
    [
      ['openai', 'openai.chat.completions', 'gpt-4o', 50, ['doc']],
      ['openai', 'openai.chat.completions', 'gpt-4o', 'non-literal', ['doc']],
      ['groq', 'litellm.completion', 'groq/llama-3.3-70b', 9, ['doc']],
    ],
  );
  assert.deepEqual(
    result.sites[0].messages[1].segments.map((segment) => (segment.kind === 'static' ? segment.text : `{${segment.name}}`)),
    ['Summarise ', '{doc}', ' for ', 'a ', 'child', '.'],
  );
});

test('survives deep nesting, invalid syntax, an unterminated string and binary junk without throwing', async () => {
  // Nesting past the parser's safe depth is reported instead of parsed; nesting below it still finds the call after it.
  const tooDeep = `const x = ${'['.repeat(10_000)}${']'.repeat(10_000)};\nclient.chat.completions.create({ model: 'gpt-4o', max_tokens: 5 });\n`;
  assert.deepEqual(await scanText('deep.ts', tooDeep), {
    sites: [],
    problems: [{ file: 'deep.ts', message: 'not scanned for LLM calls: brackets nest more than 1000 deep, past what the parser handles safely', severity: 'warning' }],
  });
  const deep = `const x = ${'['.repeat(900)}${']'.repeat(900)};\nclient.chat.completions.create({ model: 'gpt-4o', max_tokens: 5 });\n`;
  const deepResult = await scanText('deep.ts', deep);
  assert.deepEqual(deepResult.sites.map((site) => [site.model, site.maxOutputTokens]), [['gpt-4o', 5]]);

  const deepPython = `x = ${'('.repeat(10_000)}${')'.repeat(10_000)}\nclient.chat.completions.create(model="gpt-4o")\n`;
  const deepPythonResult = await scanText('deep.py', deepPython);
  assert.ok(Array.isArray(deepPythonResult.sites));

  // Error recovery keeps the valid call after the broken function.
  const invalid = "function broken( {\n  const = ;\n}\nclient.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 7 });\n";
  const invalidResult = await scanText('invalid.ts', invalid);
  assert.deepEqual(invalidResult.sites.map((site) => [site.model, site.maxOutputTokens]), [['gpt-4o-mini', 7]]);

  const unterminated = 'x = """never closed\nclient.chat.completions.create(model="gpt-4o")\n';
  const unterminatedResult = await scanText('open.py', unterminated);
  assert.deepEqual(unterminatedResult.sites, []);

  const junk = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  const junkResult = await scanText('junk.js', junk);
  assert.deepEqual(junkResult, { sites: [], problems: [{ file: 'junk.js', message: 'not scanned for LLM calls: the file looks binary', severity: 'information' }] });
});

test('reports a 5 MB minified bundle as a problem instead of parsing it for seconds', async () => {
  const chunk = 'function f(a,b){return client.chat.completions.create({model:"gpt-4o",messages:[{role:"user",content:a}]})};';
  const minified = chunk.repeat(Math.ceil(5_000_000 / chunk.length));
  const result = await scanText('bundle.min.js', minified);
  assert.deepEqual(result, { sites: [], problems: [{ file: 'bundle.min.js', message: 'not scanned for LLM calls: the file looks minified or generated', severity: 'information' }] });
});

test('every language scans an empty file to no sites and no problems', async () => {
  for (const language of ['typescript', 'tsx', 'javascript', 'python', 'go', 'java', 'csharp', 'ruby'] as CodeLanguage[]) {
    assert.deepEqual(await scanText(`empty.${language}`, '', language), { sites: [], problems: [] }, language);
  }
});

test('a function imported under another name is called through it: `from litellm import completion as llm`, then `llm(…)`', async () => {
  const { result } = await scanFixture('import_alias_litellm.py');
  assert.deepEqual(
    result.sites.map((site) => [site.kind, site.api, site.model, site.maxOutputTokens, site.anchor.start]),
    [['call', 'litellm.completion', 'gpt-4o-mini', 50, fixture('import_alias_litellm.py').indexOf('llm(model')]],
  );
});

test('options built by a helper call are unknown, not absent: the Anthropic call is found and its cap is non-literal', async () => {
  const { text, result } = await scanFixture('helper-built-options.ts');
  assert.deepEqual(
    result.sites.map((site) => [site.kind, site.api, site.model, site.maxOutputTokens, text.slice(site.span.start, site.span.end)]),
    [
      ['call', 'anthropic.messages', null, 'non-literal', 'anthropic.messages.create(weekly(q))'],
      ['call', 'ai-sdk.generateText', 'gpt-4o', 40, "gen({ model: openai('gpt-4o'), maxOutputTokens: 40, prompt: q })"],
    ],
  );
});

test('an SDK method aliased to a name is followed in Python as in JavaScript: `create = client.chat.completions.create`, then `create(…)`', async () => {
  const text = [
    'from openai import OpenAI',
    'client = OpenAI()',
    'create = client.chat.completions.create',
    'reply = create(model="gpt-4o-mini", max_tokens=64, messages=[{"role": "user", "content": "Hi"}])',
    '',
  ].join('\n');
  const result = await scanText('alias.py', text);
  const calls = result.sites.filter((site) => site.kind === 'call');
  assert.deepEqual(
    calls.map((site) => [site.api, site.model, site.maxOutputTokens, site.span.start]),
    [['openai.chat.completions', 'gpt-4o-mini', 64, text.indexOf('create(model')]],
  );
});
