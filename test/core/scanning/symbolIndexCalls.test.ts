// Cross-file resolution beyond constants (issue 18, session 11): Go package members and env helpers, Django's settings
// module, `getattr(settings, …)`. Each test names the file a reader opens and the value found there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';
import { buildIndex, readBundledFile, resolutionSummary } from './callSummaries';

async function calls(files: Record<string, string>, file: string): Promise<Array<Record<string, unknown>>> {
  const result = await scanCode(file, files[file], codeLanguageForPath(file)!, { readBundledFile, symbols: buildIndex(files) });
  assert.deepEqual(result.problems, []);
  return result.sites.filter((site) => site.kind === 'call').map(resolutionSummary);
}


const GO_CALL = [
  'package digest',
  '',
  'import (',
  '\t"github.com/openai/openai-go"',
  '\t"example.com/svc/internal/config"',
  '\t"example.com/svc/internal/prompts"',
  ')',
  '',
  'func Run(ctx context.Context, client openai.Client, in string) {',
  '\tclient.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{',
  '\t\tModel:               config.DefaultModel,',
  '\t\tMaxCompletionTokens: openai.Int(config.MaxTokens),',
  '\t\tMessages: []openai.ChatCompletionMessageParamUnion{openai.SystemMessage(prompts.System), openai.UserMessage(in)},',
  '\t})',
  '}',
].join('\n');

test('Go: constants of another package (`config.DefaultModel`, `prompts.System`) and a getEnv helper with a literal default', async () => {
  const files = {
    'svc/internal/config/config.go': ['package config', '', 'var DefaultModel = getEnv("DIGEST_MODEL", "gpt-4o-mini")', '', 'const MaxTokens = 700', '', 'func getEnv(key, fallback string) string {', '\treturn fallback', '}'].join('\n'),
    'svc/internal/prompts/prompts.go': ['package prompts', '', 'const System = `Summarise the changes.', 'One line each.`'].join('\n'),
    'svc/internal/digest/digest.go': GO_CALL,
  };
  assert.deepEqual(await calls(files, 'svc/internal/digest/digest.go'), [
    { model: 'gpt-4o-mini', source: 'env-default', from: 'svc/internal/config/config.go:3', cap: 700, text: ['Summarise the changes.\nOne line each.', '{in}'], sources: ['svc/internal/prompts/prompts.go:3'] },
  ]);
});

test('Go: a same-file getEnv helper read with a literal default is an env default; a lower-case variable name is not an env read', async () => {
  const file = 'svc/main.go';
  const text = [
    'package main',
    '',
    'import "github.com/openai/openai-go"',
    '',
    'func main() {',
    '\tmodel := GetEnv("CHAT_MODEL", "gpt-4.1-nano")',
    '\tother := GetEnv("chat model", "gpt-4o")',
    '\tclient.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: model, Messages: msgs})',
    '\tclient.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: other, Messages: msgs})',
    '}',
  ].join('\n');
  const found = await calls({ [file]: text }, file);
  assert.deepEqual(found.map((site) => [site.model, site.source]), [['gpt-4.1-nano', 'env-default'], [null, null]]);
});

const DJANGO_SERVICE = [
  'from django.conf import settings',
  'from openai import OpenAI',
  '',
  'client = OpenAI()',
  'SUMMARY_MODEL = getattr(settings, "SUMMARY_MODEL", "gpt-4o-mini")',
  'OTHER_MODEL = getattr(settings, "NOT_SET", "gpt-4o")',
  '',
  'def triage(text):',
  '    client.chat.completions.create(model=settings.OPENAI_MODEL, max_tokens=settings.MAX_TOKENS, messages=[{"role": "user", "content": text}])',
  '    client.chat.completions.create(model=SUMMARY_MODEL, messages=[{"role": "user", "content": text}])',
  '    client.chat.completions.create(model=OTHER_MODEL, messages=[{"role": "user", "content": text}])',
].join('\n');

test('Django: `settings` from django.conf is the module DJANGO_SETTINGS_MODULE names in manage.py; getattr reads it, else its literal default', async () => {
  const files = {
    'site/manage.py': ['import os', 'def main():', '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")', ''].join('\n'),
    'site/proj/__init__.py': '',
    'site/proj/settings.py': ['import os', 'OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "gpt-4.1-mini")', 'SUMMARY_MODEL = "gpt-4.1-nano"', 'MAX_TOKENS = 600', ''].join('\n'),
    'site/tickets/services.py': DJANGO_SERVICE,
  };
  assert.deepEqual((await calls(files, 'site/tickets/services.py')).map((site) => [site.model, site.source, site.from, site.cap]), [
    ['gpt-4.1-mini', 'env-default', 'site/proj/settings.py:2', 600],
    ['gpt-4.1-nano', 'imported-constant', 'site/proj/settings.py:3', null],
    ['gpt-4o', 'fallback', null, null],
  ]);
});

test('Django: without a DJANGO_SETTINGS_MODULE declaration above the file, settings stay unknown (no guess at a settings.py)', async () => {
  const files = {
    'site/proj/settings.py': 'OPENAI_MODEL = "gpt-4.1-mini"\nSUMMARY_MODEL = "gpt-4.1-nano"\nMAX_TOKENS = 600\n',
    'other/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n',
    'site/tickets/services.py': DJANGO_SERVICE,
  };
  assert.deepEqual((await calls(files, 'site/tickets/services.py')).map((site) => [site.model, site.source, site.cap]), [
    [null, null, 'non-literal'],
    ['gpt-4o-mini', 'fallback', null],
    ['gpt-4o', 'fallback', null],
  ]);
});

test('Python: a builder imported from a prompts module returns its f-string; string arguments become text, the rest placeholders named by the parameter', async () => {
  const files = {
    'app/prompts.py': ['TONE = "Be brief."', '', 'def reply_prompt(customer, product):', '    """The reply prompt."""', '    return f"Reply to {customer} about {product}. {TONE}"', ''].join('\n'),
    'app/service.py': [
      'from openai import OpenAI',
      'from .prompts import reply_prompt',
      'client = OpenAI()',
      'def run(ticket):',
      '    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": reply_prompt(ticket.name, "Widgets")}])',
      '',
    ].join('\n'),
  };
  assert.deepEqual(await calls(files, 'app/service.py'), [
    { model: 'gpt-4o', source: 'literal', from: null, cap: null, text: ['Reply to {customer} about Widgets. Be brief.'], sources: ['app/prompts.py:5', 'app/prompts.py:1'] },
  ]);
});

test('Python: `self.system_prompt()` of the same class and `config or LLMConfig()` read through the imported dataclass defaults', async () => {
  const files = {
    'pkg/config.py': ['from dataclasses import dataclass', '', '@dataclass', 'class LLMConfig:', '    model: str = "claude-sonnet-4-5"', '    max_tokens: int = 2048', ''].join('\n'),
    'pkg/agent.py': [
      'import anthropic',
      'from .config import LLMConfig',
      '',
      'class Agent:',
      '    def __init__(self, role, config=None):',
      '        self.role = role',
      '        self.config = config or LLMConfig()',
      '        self.client = anthropic.Anthropic()',
      '',
      '    def system_prompt(self):',
      '        return f"You are the {self.role}."',
      '',
      '    def run(self, task):',
      '        return self.client.messages.create(model=self.config.model, max_tokens=1024, system=self.system_prompt(), messages=[{"role": "user", "content": task}])',
      '',
    ].join('\n'),
  };
  assert.deepEqual(await calls(files, 'pkg/agent.py'), [
    { model: 'claude-sonnet-4-5', source: 'fallback', from: 'pkg/config.py:5', cap: 1024, text: ['You are the {self.role}.', '{task}'], sources: ['pkg/agent.py:11'] },
  ]);
});

test('Python: `model or os.getenv("M", IMPORTED)` takes the env read\'s imported default', async () => {
  const files = {
    'pkg/config.py': 'WRITER_MODEL = "gpt-4.1"\n',
    'pkg/writer.py': ['import os', 'from openai import OpenAI', 'from .config import WRITER_MODEL', '', 'class Writer:', '    def __init__(self, model=None):', '        self.model = model or os.getenv("WRITER_MODEL", WRITER_MODEL)', '        self.client = OpenAI()', '', '    def write(self, notes):', '        return self.client.responses.create(model=self.model, input=notes)', ''].join('\n'),
  };
  assert.deepEqual((await calls(files, 'pkg/writer.py')).map((site) => [site.model, site.source, site.from]), [['gpt-4.1', 'env-default', 'pkg/config.py:1']]);
});

test('TypeScript: an arrow builder with a destructured parameter, a function declaration, and an options object spread into the call, all imported', async () => {
  const files = {
    'web/lib/ai/prompts.ts': [
      "export const base = 'You help readers.';",
      'export const systemPrompt = ({ storeName }: { storeName: string }) =>',
      '  `${base}\\n\\nYou work for the ${storeName} store.`;',
      'export function titlePrompt(first: string): string {',
      '  return `Title for: ${first}`;',
      '}',
    ].join('\n'),
    'web/lib/ai/models.ts': 'export const defaults = { maxOutputTokens: 1200, temperature: 0.3 };\n',
    'web/app/route.ts': [
      "import { openai } from '@ai-sdk/openai';",
      "import { generateText } from 'ai';",
      "import { systemPrompt, titlePrompt } from '../lib/ai/prompts';",
      "import { defaults } from '../lib/ai/models';",
      'export async function POST(storeName: string, first: string) {',
      "  await generateText({ model: openai('gpt-4.1'), system: systemPrompt({ storeName }), prompt: titlePrompt(first), ...defaults });",
      "  await generateText({ model: openai('gpt-4.1'), system: systemPrompt({ storeName: 'Lumen' }), prompt: 'hi' });",
      '}',
    ].join('\n'),
  };
  assert.deepEqual((await calls(files, 'web/app/route.ts')).map((site) => [site.cap, site.text, site.sources]), [
    [1200, ['You help readers.\n\nYou work for the {storeName} store.', 'Title for: {first}'], ['web/lib/ai/prompts.ts:1', 'web/lib/ai/prompts.ts:3', 'web/lib/ai/prompts.ts:5']],
    [null, ['You help readers.\n\nYou work for the Lumen store.', 'hi'], ['web/lib/ai/prompts.ts:1', 'web/lib/ai/prompts.ts:3']],
  ]);
});

test('Go: `cfg := config.Load()` is the struct literal Load returns; its fields resolve through the env helper', async () => {
  const files = {
    'svc/internal/config/config.go': ['package config', '', 'type Config struct {', '\tModel string', '}', '', 'func Load() Config {', '\treturn Config{', '\t\tModel:     getEnv("HEADLINE_MODEL", "gpt-4.1-nano"),', '\t\tMaxTokens: 60,', '\t}', '}'].join('\n'),
    'svc/cmd/main.go': [
      'package main',
      '',
      'import (',
      '\t"github.com/openai/openai-go"',
      '\t"example.com/svc/internal/config"',
      ')',
      '',
      'func main() {',
      '\tcfg := config.Load()',
      '\tclient.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: cfg.Model, MaxCompletionTokens: openai.Int(cfg.MaxTokens), Messages: msgs})',
      '}',
    ].join('\n'),
  };
  assert.deepEqual((await calls(files, 'svc/cmd/main.go')).map((site) => [site.model, site.source, site.from, site.cap]), [['gpt-4.1-nano', 'env-default', 'svc/internal/config/config.go:9', 60]]);
});

test('a workspace function that returns no kept value, or an SDK factory, leaves the call as it was', async () => {
  const files = {
    'app/helpers.py': 'def make_messages(x):\n    msgs = [x]\n    return msgs\n',
    'app/service.py': ['from openai import OpenAI', 'from .helpers import make_messages', 'client = OpenAI()', 'def run(x):', '    client.chat.completions.create(model="gpt-4o", messages=make_messages(x))', ''].join('\n'),
  };
  assert.deepEqual((await calls(files, 'app/service.py')).map((site) => site.text), [['{make_messages(x)}']]);
});

test('Jinja: get_template in the FileSystemLoader folder, rendered by Jinja (comment and `-` markers gone, control tags no text, last newline dropped); a run-time name stays a placeholder', async () => {
  const files = {
    'bot/prompts/system.j2': '{# shared #}\nYou are {{ name }}.\n{%- if strict %} Be strict.{% endif %}\n',
    'bot/app.py': [
      'from jinja2 import Environment, FileSystemLoader',
      'from openai import OpenAI',
      'env = Environment(loader=FileSystemLoader("prompts"), autoescape=False)',
      'client = OpenAI()',
      'def run(name, which):',
      '    system = env.get_template("system.j2").render(name=name, strict=True)',
      '    client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": system}])',
      '    client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": env.get_template(which).render()}])',
      '',
    ].join('\n'),
  };
  assert.deepEqual((await calls(files, 'bot/app.py')).map((site) => [site.text, site.sources]), [
    [['\nYou are {name}.{if strict} Be strict.{endif}'], ['bot/prompts/system.j2:1', 'bot/prompts/system.j2:2', 'bot/prompts/system.j2:3']],
    [['{env.get_template(which).render()}'], []],
  ]);
});

test('Handlebars and Mustache: compile or render of a read file is that file as the engine renders it (standalone section lines removed)', async () => {
  const files = {
    'web/templates/welcome.hbs': 'Hello {{name}}!\n{{#if plan}}\nYour plan: {{plan}}.\n{{/if}}\n',
    'web/route.ts': [
      "import { readFileSync } from 'fs';",
      "import Handlebars from 'handlebars';",
      "import Mustache from 'mustache';",
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
      "const welcome = Handlebars.compile(readFileSync('templates/welcome.hbs', 'utf8'));",
      'export async function run(name: string) {',
      "  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: welcome({ name }) }] });",
      "  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: Mustache.render(readFileSync('templates/welcome.hbs', 'utf8'), { name }) }] });",
      '}',
    ].join('\n'),
  };
  assert.deepEqual((await calls(files, 'web/route.ts')).map((site) => site.text), [
    ['Hello {name}!\n{#if plan}Your plan: {plan}.\n{/if}'],
    ['Hello {name}!\n{#if plan}Your plan: {plan}.\n{/if}'],
  ]);
});

test('Java and C#: static fields of a class in another package or namespace folder (`Constants.MODEL`, `Prompts.System`)', async () => {
  const java = {
    'svc/src/main/java/com/acme/config/Constants.java': ['package com.acme.config;', '', 'public final class Constants {', '    public static final String MODEL = "gpt-4.1-mini";', '    public static final long MAX_TOKENS = 200L;', '    public static final String SYSTEM = "Classify the ticket. Answer with the label only.";', '}'].join('\n'),
    'svc/src/main/java/com/acme/support/Triage.java': [
      'package com.acme.support;',
      '',
      'import com.acme.config.Constants;',
      'import com.openai.models.chat.completions.ChatCompletionCreateParams;',
      '',
      'public final class Triage {',
      '    public String triage(String body) {',
      '        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()',
      '                .model(Constants.MODEL)',
      '                .addSystemMessage(Constants.SYSTEM)',
      '                .addUserMessage(body)',
      '                .maxCompletionTokens(Constants.MAX_TOKENS)',
      '                .build();',
      '        return client.chat().completions().create(params).toString();',
      '    }',
      '}',
    ].join('\n'),
  };
  assert.deepEqual((await calls(java, 'svc/src/main/java/com/acme/support/Triage.java')).map((site) => [site.model, site.source, site.from, site.cap, site.text]), [
    ['gpt-4.1-mini', 'imported-constant', 'svc/src/main/java/com/acme/config/Constants.java:4', 200, ['Classify the ticket. Answer with the label only.', '{body}']],
  ]);
  const csharp = {
    'Bot/Config/AiSettings.cs': ['namespace Bot.Config;', '', 'public static class AiSettings', '{', '    public const string Model = "gpt-4o";', '    public const string System = "You are terse.";', '}'].join('\n'),
    'Bot/Chat/Service.cs': [
      'using OpenAI.Chat;',
      'using Bot.Config;',
      '',
      'ChatClient client = new(model: AiSettings.Model, apiKey: key);',
      'ChatCompletion completion = client.CompleteChat(new SystemChatMessage(AiSettings.System), new UserChatMessage(question));',
    ].join('\n'),
  };
  assert.deepEqual((await calls(csharp, 'Bot/Chat/Service.cs')).map((site) => [site.model, site.source, site.text]), [['gpt-4o', 'imported-constant', ['You are terse.', '{question}']]]);
});

test('Python: `create(**build_kwargs())` of an imported function returning a dict, and `**self.kwargs()` of the same class', async () => {
  const files = {
    'app/llm_options.py': ['def build_kwargs(max_tokens=300):', '    return {"model": "gpt-4.1-mini", "max_tokens": 512, "temperature": 0}', ''].join('\n'),
    'app/service.py': [
      'from openai import OpenAI',
      'from .llm_options import build_kwargs',
      'client = OpenAI()',
      'class Bot:',
      '    def kwargs(self):',
      '        return {"model": "gpt-4o", "max_tokens": 64}',
      '    def run(self, text):',
      '        client.chat.completions.create(**build_kwargs(), messages=[{"role": "user", "content": text}])',
      '        client.chat.completions.create(**self.kwargs(), messages=[{"role": "user", "content": text}])',
      '',
    ].join('\n'),
  };
  assert.deepEqual((await calls(files, 'app/service.py')).map((site) => [site.model, site.source, site.from, site.cap]), [
    ['gpt-4.1-mini', 'imported-constant', 'app/llm_options.py:2', 512],
    ['gpt-4o', 'imported-constant', 'app/service.py:6', 64],
  ]);
});

test('TypeScript: `options ?? defaultOptions()` from another module gives its fields as the reader\'s defaults', async () => {
  const files = {
    'web/lib/ai/config.ts': "export function defaultOptions() {\n  return { model: 'claude-sonnet-4-5', maxTokens: 1024 };\n}\n",
    'web/lib/ai/agent.ts': [
      "import Anthropic from '@anthropic-ai/sdk';",
      "import { defaultOptions } from './config';",
      'const client = new Anthropic();',
      'export async function run(task: string, options?: { model: string }) {',
      '  const settings = options ?? defaultOptions();',
      "  return client.messages.create({ model: settings.model, max_tokens: 512, messages: [{ role: 'user', content: task }] });",
      '}',
    ].join('\n'),
  };
  assert.deepEqual((await calls(files, 'web/lib/ai/agent.ts')).map((site) => [site.model, site.source, site.from]), [['claude-sonnet-4-5', 'fallback', 'web/lib/ai/config.ts:2']]);
});

test('TypeScript: a model getter with a test-environment guard returns its production factory call (`gateway.languageModel("google/…")`)', async () => {
  const files = {
    'app/lib/ai/providers.ts': [
      "import { gateway } from '@ai-sdk/gateway';",
      "import { isTestEnvironment } from '../constants';",
      'export function getTitleModel() {',
      '  if (isTestEnvironment && mockProvider) {',
      "    return mockProvider.languageModel('title-model');",
      '  }',
      "  return gateway.languageModel('google/gemini-2.5-flash-lite');",
      '}',
      'export function getOtherModel(id: string) {',
      "  const name = id + '-x';",
      '  return gateway.languageModel(name);',
      '}',
    ].join('\n'),
    'app/actions.ts': [
      "import { generateText } from 'ai';",
      "import { getOtherModel, getTitleModel } from './lib/ai/providers';",
      'export async function title(prompt: string, id: string) {',
      '  await generateText({ model: getTitleModel(), prompt });',
      '  await generateText({ model: getOtherModel(id), prompt });',
      '}',
    ].join('\n'),
  };
  assert.deepEqual((await calls(files, 'app/actions.ts')).map((site) => [site.model, site.source]), [
    ['google/gemini-2.5-flash-lite', 'imported-constant'],
    // A body with a statement other than guards before its return is not kept: the model stays unknown.
    [null, null],
  ]);
});

test('Python: a getter with guard clauses returns the value past them; a guard\'s own return is not the value', async () => {
  const files = {
    'app/models.py': [
      'import os',
      'def get_model():',
      '    """The chat model."""',
      '    if os.getenv("TESTING"):',
      '        return "fake-model"',
      '    elif os.getenv("LOCAL"):',
      '        return "llama3"',
      '    return "gpt-4.1-mini"',
      '',
    ].join('\n'),
    'app/service.py': ['from openai import OpenAI', 'from .models import get_model', 'client = OpenAI()', 'def run(text):', '    client.chat.completions.create(model=get_model(), messages=[{"role": "user", "content": text}])', ''].join('\n'),
  };
  assert.deepEqual((await calls(files, 'app/service.py')).map((site) => [site.model, site.source, site.from]), [['gpt-4.1-mini', 'imported-constant', 'app/models.py:8']]);
});

test('LangChain: load_prompt of a serialized prompt counts its template (not the YAML around it), formatted as its template_format says', async () => {
  const files = {
    'qa/prompts/answer.yaml': ['_type: prompt', 'input_variables: ["question"]', 'template_format: f-string', 'template: "Answer in one sentence: {question}"', ''].join('\n'),
    'qa/chain.py': [
      'from langchain_core.prompts import load_prompt',
      'from openai import OpenAI',
      'client = OpenAI()',
      'PROMPT = load_prompt("prompts/answer.yaml")',
      'def run(q):',
      '    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": PROMPT.format(question=q)}])',
      '',
    ].join('\n'),
  };
  assert.deepEqual((await calls(files, 'qa/chain.py')).map((site) => [site.text, site.sources]), [[['Answer in one sentence: {question}'], ['qa/prompts/answer.yaml:4']]]);
});

test('CommonJS: `const { MODEL, MAX_TOKENS } = require(…)` of a shorthand `module.exports`, a `require`d prompts module, and an `exports.x = (n) => …` builder', async () => {
  const files = {
    'notes/lib/llm.js': ["const MODEL = process.env.NOTES_MODEL || 'gpt-4o-mini';", 'const MAX_TOKENS = 256;', '', 'module.exports = { MODEL, MAX_TOKENS };', ''].join('\n'),
    'notes/lib/prompts.js': ["exports.SUMMARIZE = 'Summarise the note in one sentence.';", '', 'exports.tags = (count) => `Suggest ${count} tags. Lowercase.`;', ''].join('\n'),
    'notes/routes/notes.js': [
      "const OpenAI = require('openai');",
      "const { MODEL, MAX_TOKENS: cap } = require('../lib/llm');",
      "const prompts = require('../lib/prompts');",
      '',
      'const openai = new OpenAI();',
      '',
      'async function summary(text) {',
      "  return openai.chat.completions.create({ model: MODEL, max_tokens: cap, messages: [{ role: 'system', content: prompts.SUMMARIZE }, { role: 'user', content: text }] });",
      '}',
      '',
      'async function tags(text) {',
      "  return openai.chat.completions.create({ model: 'gpt-4.1-nano', max_tokens: 40, messages: [{ role: 'user', content: prompts.tags(5) + '\\n\\n' + text }] });",
      '}',
      '',
    ].join('\n'),
  };
  assert.deepEqual(await calls(files, 'notes/routes/notes.js'), [
    { model: 'gpt-4o-mini', source: 'env-default', from: 'notes/lib/llm.js:1', cap: 256, text: ['Summarise the note in one sentence.', '{text}'], sources: ['notes/lib/prompts.js:1'] },
    // The builder's argument 5 is the caller's text: no source line of its own.
    { model: 'gpt-4.1-nano', source: 'literal', from: null, cap: 40, text: ['Suggest 5 tags. Lowercase.\n\n{text}'], sources: ['notes/lib/prompts.js:3'] },
  ]);
});

test('Ruby: module constants (`Llm::CHAT_MODEL`), a top-level constant of another file, an ENV.fetch default, a module builder and a symbol model', async () => {
  const files = {
    'app/config/initializers/llm.rb': ['module Llm', '  CHAT_MODEL = "gpt-4.1-mini"', '  SUMMARY_MODEL = ENV.fetch("SUMMARY_MODEL", "gpt-4.1-nano")', '  MAX_TOKENS = 700', 'end', ''].join('\n'),
    'app/config/initializers/models.rb': 'MODERATION_MODEL = "gpt-4.1-nano"\n',
    'app/prompts/ticket_prompts.rb': ['module TicketPrompts', '  TRIAGE = "Reply with the label only."', '', '  def self.reply(customer)', '    "Write to #{customer}. Keep it short."', '  end', 'end', ''].join('\n'),
    'app/services/desk.rb': [
      'class Desk',
      '  def triage(text)',
      '    @client.chat(parameters: { model: Llm::CHAT_MODEL, max_tokens: Llm::MAX_TOKENS, messages: [{ role: "system", content: TicketPrompts::TRIAGE }, { role: "user", content: text }] })',
      '  end',
      '',
      '  def summary(text)',
      '    @client.chat(parameters: { model: Llm::SUMMARY_MODEL, messages: [{ role: "user", content: text }] })',
      '  end',
      '',
      '  def abusive?(text)',
      '    @client.chat(parameters: { model: MODERATION_MODEL, max_tokens: 3, messages: [{ role: "user", content: "Abusive? #{text}" }] })',
      '  end',
      '',
      '  def reply(ticket)',
      '    @anthropic.messages.create(model: :"claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: :user, content: TicketPrompts.reply(ticket.customer) }])',
      '  end',
      'end',
      '',
    ].join('\n'),
  };
  assert.deepEqual(await calls(files, 'app/services/desk.rb'), [
    { model: 'gpt-4.1-mini', source: 'imported-constant', from: 'app/config/initializers/llm.rb:2', cap: 700, text: ['Reply with the label only.', '{text}'], sources: ['app/prompts/ticket_prompts.rb:2'] },
    { model: 'gpt-4.1-nano', source: 'env-default', from: 'app/config/initializers/llm.rb:3', cap: null, text: ['{text}'], sources: [] },
    { model: 'gpt-4.1-nano', source: 'imported-constant', from: 'app/config/initializers/models.rb:1', cap: 3, text: ['Abusive? {text}'], sources: [] },
    { model: 'claude-sonnet-4-5', source: 'literal', from: null, cap: 1024, text: ['Write to {customer}. Keep it short.'], sources: ['app/prompts/ticket_prompts.rb:5'] },
  ]);
});

test('Ruby: a constant two files bind is ambiguous (no imports say which): unresolved', async () => {
  const files = {
    'a/models.rb': 'CHAT_MODEL = "gpt-4.1-mini"\n',
    'b/models.rb': 'CHAT_MODEL = "gpt-4o"\n',
    'app/chat.rb': '@client.chat(parameters: { model: CHAT_MODEL, max_tokens: 5, messages: [{ role: "user", content: "Hi" }] })\n',
  };
  assert.deepEqual((await calls(files, 'app/chat.rb')).map((call) => [call.model, call.source]), [[null, null]]);
});

test('Python: a builder that returns one of two templates (if / else) is a conditional at the call: a placeholder with both texts as its alternatives, as if written there', async () => {
  const files = {
    'app/prompt_text.py': ['def plan_prompt(days, vegetarian):', '    if vegetarian:', '        return f"Plan {days} vegetarian dinners."', '    else:', '        return f"Plan {days} dinners."', ''].join('\n'),
    'app/planner.py': ['import anthropic', '', 'from .prompt_text import plan_prompt', '', 'client = anthropic.Anthropic()', '', 'def plan(days, vegetarian=False):', '    return client.messages.create(model="claude-haiku-4-5", max_tokens=800, messages=[{"role": "user", "content": plan_prompt(days, vegetarian)}])', ''].join('\n'),
  };
  const result = await scanCode('app/planner.py', files['app/planner.py'], codeLanguageForPath('app/planner.py')!, { readBundledFile, symbols: buildIndex(files) });
  const [call] = result.sites.filter((site) => site.kind === 'call');
  const [segment] = call.messages[0].segments;
  assert.equal(segment.kind, 'dynamic');
  assert.deepEqual(segment.kind === 'dynamic' ? segment.alternatives?.map((alternative) => alternative.map((piece) => (piece.kind === 'static' ? piece.text : `{${piece.name}}`)).join('')) : null, ['Plan {days} vegetarian dinners.', 'Plan {days} dinners.']);
  // An if without an else, or a branch with more than a return, is no such builder: nothing is guessed.
  const partial = { ...files, 'app/prompt_text.py': files['app/prompt_text.py'].replace('    else:\n        return f"Plan {days} dinners."\n', '    log(days)\n') };
  const other = await scanCode('app/planner.py', partial['app/planner.py'], codeLanguageForPath('app/planner.py')!, { readBundledFile, symbols: buildIndex(partial) });
  const [unresolved] = other.sites.filter((site) => site.kind === 'call')[0].messages[0].segments;
  assert.deepEqual([unresolved.kind, unresolved.kind === 'dynamic' ? unresolved.alternatives : 'static'], ['dynamic', undefined]);
});

test('Python: a model from a builder that returns one of two literals is priced as the first, with both reported', async () => {
  const files = {
    'app/models.py': ['def pick_model(deep):', '    if deep:', '        return "o4-mini"', '    else:', '        return "gpt-4.1-mini"', ''].join('\n'),
    'app/ask.py': ['from openai import OpenAI', '', 'from .models import pick_model', '', 'client = OpenAI()', '', 'def ask(q, deep=False):', '    return client.chat.completions.create(model=pick_model(deep), max_tokens=100, messages=[{"role": "user", "content": q}])', ''].join('\n'),
  };
  const result = await scanCode('app/ask.py', files['app/ask.py'], codeLanguageForPath('app/ask.py')!, { readBundledFile, symbols: buildIndex(files) });
  assert.deepEqual(result.sites.filter((site) => site.kind === 'call').map((site) => [site.model, site.modelSource, site.modelAlternatives]), [['o4-mini', 'conditional', ['o4-mini', 'gpt-4.1-mini']]]);
});
