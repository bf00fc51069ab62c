// The workspace symbol index (issue 18): pass 1 extracts each file's module-level bindings and imports; pass 2 resolves
// a scanned call's model, cap and prompt text through imports, re-exports, path aliases, settings classes, enums,
// same-package Go constants, `.env` files and prompt files read by code. Bounded: import depth, cycles, steps, sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';
import { extractSymbols, tokenize } from '../../../src/core/scanning/code/symbolExtract';
import { MAX_IMPORT_DEPTH, RESOLUTION_STEPS, SymbolResolver, joinPath, parseDotenv, parseTsconfigPaths } from '../../../src/core/scanning/code/symbolIndex';
import type { PromptSite } from '../../../src/core/types';
import { buildIndex, readBundledFile, resolutionSummary } from './callSummaries';

async function scanWith(files: Record<string, string>, file: string): Promise<{ calls: PromptSite[]; dependencies: string[] }> {
  const symbols = buildIndex(files);
  const result = await scanCode(file, files[file], codeLanguageForPath(file)!, { readBundledFile, symbols });
  assert.deepEqual(result.problems, []);
  return { calls: result.sites.filter((site) => site.kind === 'call'), dependencies: result.dependencies ?? [] };
}


test('Python extraction: constants, f-strings of constants, implicit concatenation, env defaults, settings classes, imports', () => {
  const symbols = extractSymbols(
    [
      'import os',
      'from .base import RULES as R, TONE',
      'import app.config as cfg',
      'RULES_X = "a"',
      'PROMPT = f"""Hi {R}',
      '{name!r} end"""',
      'JOINED = ("one "',
      '    "two")',
      'MODEL = os.getenv("M", "gpt-4o")',
      'MODELS = {"fast": "gpt-4o-mini", "n": 3}',
      'class Settings(BaseSettings):',
      '    model: str = Field(default="claude-sonnet-4-5")',
      '    def f(self):',
      '        inner = "not module level"',
      'settings = Settings()',
      'def g():',
      '    LOCAL = "x"',
    ].join('\n'),
    'python',
  );
  assert.deepEqual([...symbols.imports], [
    ['os', { module: 'os', name: null }],
    ['R', { module: '.base', name: 'RULES' }],
    ['TONE', { module: '.base', name: 'TONE' }],
    ['cfg', { module: 'app.config', name: null }],
  ]);
  assert.deepEqual([...symbols.bindings].map(([name, binding]) => [name, binding.line, binding.expr]), [
    ['RULES_X', 4, { k: 'str', parts: ['a'], line: 4 }],
    ['PROMPT', 5, { k: 'str', parts: ['Hi ', { ref: 'R' }, '\n', { ref: 'name' }, ' end'], line: 5 }],
    ['JOINED', 7, { k: 'str', parts: ['one ', 'two'], line: 7 }],
    ['MODEL', 9, { k: 'env', variable: 'M', fallback: { k: 'str', parts: ['gpt-4o'], line: 9 } }],
    ['MODELS', 10, { k: 'obj', entries: [['fast', { k: 'str', parts: ['gpt-4o-mini'], line: 10 }], ['n', { k: 'num', value: 3 }]] }],
    ['Settings.model', 12, { k: 'str', parts: ['claude-sonnet-4-5'], line: 12 }],
    ['settings', 15, { k: 'new', callee: 'Settings' }],
  ]);
});

test('TypeScript extraction: exports with and without semicolons, templates, enums, re-exports, import forms, require', () => {
  const symbols = extractSymbols(
    [
      "import OpenAI from 'openai'",
      "import { a as b, type T } from './x.js'",
      "import * as ns from '@/lib/models'",
      "const cfg = require('./cfg')",
      "export * from './titles'",
      "export { regular, base as basePrompt } from './base'",
      "export const A = 'alpha'",
      'export const B: string = `${A} beta`',
      "const C = process.env.MODEL ?? 'gpt-4o'",
      "export const M = { fast: 'gpt-4o-mini', smart } as const;",
      "export enum Tier { Cheap = 'gpt-4.1-nano', Best = \"o3\" }",
      'export function f() { const Z = "inside"; return Z }',
      "export default 'dflt'",
    ].join('\n'),
    'js',
  );
  assert.deepEqual([...symbols.imports], [
    ['OpenAI', { module: 'openai', name: 'default' }],
    ['b', { module: './x.js', name: 'a' }],
    ['T', { module: './x.js', name: 'T' }],
    ['ns', { module: '@/lib/models', name: null }],
    ['cfg', { module: './cfg', name: null }],
  ]);
  assert.deepEqual(symbols.reexports.map((reexport) => [reexport.module, reexport.names && [...reexport.names]]), [['./titles', null], ['./base', [['regular', 'regular'], ['basePrompt', 'base']]]]);
  assert.deepEqual([...symbols.bindings].map(([name, binding]) => [name, binding.line]), [['A', 7], ['B', 8], ['C', 9], ['M', 10], ['Tier.Cheap', 11], ['Tier.Best', 11], ['default', 13]]);
  assert.deepEqual(symbols.bindings.get('C')!.expr, { k: 'env', variable: 'MODEL', fallback: { k: 'str', parts: ['gpt-4o'], line: 9 } });
  assert.deepEqual(symbols.bindings.get('B')!.expr, { k: 'str', parts: [{ ref: 'A' }, ' beta'], line: 8 });
});

test('Go extraction: const blocks separated by newlines, single consts, imports with and without aliases', () => {
  const symbols = extractSymbols('package llm\n\nimport (\n\t"context"\n\tcfg "example.com/app/internal/config"\n)\n\nconst (\n\tDefaultModel = "gpt-4o-mini"\n\tprompt string = "You triage."\n\tlevel = iota\n)\n\nconst Single = "x"\n\nfunc f() { const inner = "no" }\n', 'go');
  assert.equal(symbols.packageName, 'llm');
  assert.deepEqual([...symbols.imports], [['context', { module: 'context', name: null }], ['cfg', { module: 'example.com/app/internal/config', name: null }]]);
  assert.deepEqual([...symbols.bindings].map(([name, binding]) => [name, binding.line]), [['DefaultModel', 9], ['prompt', 10], ['level', 11], ['Single', 14]]);
});

test('Python: a settings object, a prompt re-exported by a package __init__, a relative submodule import, a cap constant', async () => {
  const files = {
    'svc/app/__init__.py': '',
    'svc/app/config.py': 'class Settings(BaseSettings):\n    chat_model: str = "gpt-4.1-mini"\n    max_tokens: int = 300\n\nsettings = Settings()\n',
    'svc/app/prompts/__init__.py': 'from .system import SYSTEM\n',
    'svc/app/prompts/system.py': 'RULES = "Cite sources."\nSYSTEM = f"You help. {RULES}"\n',
    'svc/app/limits.py': 'import os\nJUDGE = os.getenv("JUDGE_MODEL", "o3-mini")\n',
    'svc/app/api/chat.py': [
      'from openai import OpenAI',
      'from app.config import settings',
      'from ..prompts import SYSTEM',
      'from .. import limits',
      'client = OpenAI()',
      'def chat(q):',
      '    return client.chat.completions.create(model=settings.chat_model, max_tokens=settings.max_tokens, messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": q}])',
      'def judge(q):',
      '    return client.chat.completions.create(model=limits.JUDGE, messages=[{"role": "user", "content": q}])',
    ].join('\n'),
  };
  const { calls, dependencies } = await scanWith(files, 'svc/app/api/chat.py');
  assert.deepEqual(calls.map(resolutionSummary), [
    { model: 'gpt-4.1-mini', source: 'imported-constant', from: 'svc/app/config.py:2', cap: 300, text: ['You help. Cite sources.', '{q}'], sources: ['svc/app/prompts/system.py:2', 'svc/app/prompts/system.py:1'] },
    { model: 'o3-mini', source: 'env-default', from: 'svc/app/limits.py:2', cap: null, text: ['{q}'], sources: [] },
  ]);
  for (const file of ['svc/app/config.py', 'svc/app/prompts/__init__.py', 'svc/app/prompts/system.py', 'svc/app/limits.py']) assert.ok(dependencies.includes(file), file);
});

test('TypeScript: tsconfig alias, barrel `export *` and named re-exports, `.js` specifier for a `.ts` file, namespace member, enum member', async () => {
  const files = {
    'web/tsconfig.json': '{\n  // comments and trailing commas are allowed\n  "compilerOptions": { "paths": { "@/*": ["./src/*"], }, },\n}',
    'web/src/ai/models.ts': "export const CHAT = 'claude-sonnet-4-5';\nexport const models = { fast: 'gpt-4o-mini' } as const;\nexport enum Tier { Best = 'o3' }\n",
    'web/src/ai/prompts/base.ts': "export const IDENTITY = 'You are Atlas.';\nexport const system = `${IDENTITY} Be brief.`;\n",
    'web/src/ai/prompts/index.ts': "export { system as regularPrompt } from './base';\nexport * from './titles';\n",
    'web/src/ai/prompts/titles.ts': "export const titlePrompt = 'Write a title.';\n",
    'web/src/app/route.ts': [
      "import { anthropic } from '@ai-sdk/anthropic';",
      "import { openai } from '@ai-sdk/openai';",
      "import { generateText } from 'ai';",
      "import { CHAT, Tier } from '@/ai/models';",
      "import * as ai from '../ai/models.js';",
      "import { regularPrompt, titlePrompt } from '@/ai/prompts';",
      'export async function a(prompt: string) { return generateText({ model: anthropic(CHAT), system: regularPrompt, prompt, maxOutputTokens: 100 }); }',
      'export async function b(prompt: string) { return generateText({ model: openai(ai.models.fast), system: titlePrompt, prompt }); }',
      'export async function c(prompt: string) { return generateText({ model: openai(Tier.Best), prompt }); }',
    ].join('\n'),
  };
  const { calls } = await scanWith(files, 'web/src/app/route.ts');
  assert.deepEqual(calls.map(resolutionSummary), [
    { model: 'claude-sonnet-4-5', source: 'imported-constant', from: 'web/src/ai/models.ts:1', cap: 100, text: ['You are Atlas. Be brief.', '{prompt}'], sources: ['web/src/ai/prompts/base.ts:1', 'web/src/ai/prompts/base.ts:2'] },
    { model: 'gpt-4o-mini', source: 'imported-constant', from: 'web/src/ai/models.ts:2', cap: null, text: ['Write a title.', '{prompt}'], sources: ['web/src/ai/prompts/titles.ts:1'] },
    { model: 'o3', source: 'imported-constant', from: 'web/src/ai/models.ts:3', cap: null, text: ['{prompt}'], sources: [] },
  ]);
});

test('a local binding shadows an import of the same name; an unknown module stays unresolved', async () => {
  const files = {
    'm.py': 'MODEL = "gpt-4o"\n',
    'main.py': 'from openai import OpenAI\nfrom m import MODEL\nfrom nowhere import OTHER\nclient = OpenAI()\ndef f(q):\n    MODEL = "gpt-4.1"\n    client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": q}])\n    client.chat.completions.create(model=OTHER, messages=[{"role": "user", "content": q}])\n',
  };
  const { calls } = await scanWith(files, 'main.py');
  assert.deepEqual(calls.map((site) => [site.model, site.modelSource ?? null, site.modelExpression ?? null]), [['gpt-4.1', 'constant', null], [null, null, 'OTHER']]);
});

test('Go: a constant of another file of the same package; `.env` gives an env read with no default its model', async () => {
  const files = {
    'svc/.env.example': 'GRADER_MODEL="gpt-4.1"   \n',
    'svc/.env': '# local\nexport GRADER_MODEL=gpt-4o # mine\n',
    'svc/llm/consts.go': 'package llm\n\nconst (\n\tModel = "gpt-4o-mini"\n\tsystem = "Label the ticket."\n)\n',
    'svc/llm/triage.go': 'package llm\n\nimport (\n\t"context"\n\t"os"\n\n\t"github.com/openai/openai-go"\n)\n\nfunc Triage(ctx context.Context, client openai.Client, t string) {\n\tclient.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{\n\t\tModel: Model,\n\t\tMessages: []openai.ChatCompletionMessageParamUnion{openai.SystemMessage(system), openai.UserMessage(t)},\n\t})\n\tclient.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{\n\t\tModel: os.Getenv("GRADER_MODEL"),\n\t\tMessages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(t)},\n\t})\n}\n',
  };
  const { calls } = await scanWith(files, 'svc/llm/triage.go');
  assert.deepEqual(calls.map(resolutionSummary), [
    { model: 'gpt-4o-mini', source: 'imported-constant', from: 'svc/llm/consts.go:4', cap: null, text: ['Label the ticket.', '{t}'], sources: ['svc/llm/consts.go:5'] },
    // `.env` wins over `.env.example` (it is what a local run loads).
    { model: 'gpt-4o', source: 'dotenv', from: 'svc/.env:2', cap: null, text: ['{t}'], sources: [] },
  ]);
});

test('prompt files read by code: counted from the workspace file beside the code or above it; never outside the workspace', async () => {
  const files = {
    'app/prompts/grader.txt': 'Grade the answer from 1 to 5.\n',
    'app/svc/grade.py': 'from openai import OpenAI\nclient = OpenAI()\ndef g(t):\n    rubric = open("prompts/grader.txt").read()\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": rubric}, {"role": "user", "content": t}])\ndef h(t):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": open("../../../etc/passwd.txt").read()}])\n',
  };
  const { calls } = await scanWith(files, 'app/svc/grade.py');
  assert.deepEqual(calls.map(resolutionSummary), [
    { model: 'gpt-4o', source: 'literal', from: null, cap: null, text: ['Grade the answer from 1 to 5.\n', '{t}'], sources: ['app/prompts/grader.txt:1'] },
    { model: 'gpt-4o', source: 'literal', from: null, cap: null, text: [''], sources: [] },
  ]);
  assert.equal(joinPath('app/svc', '../../../etc/passwd.txt'), null);
  assert.equal(joinPath('app', '/etc/passwd'), null);
});

test('import cycles and long re-export chains end at their bounds with a bounded number of steps', () => {
  const cycle = buildIndex({ 'a.py': 'from b import X\n', 'b.py': 'from a import X\n', 'main.py': 'from a import X\n' });
  const resolver = new SymbolResolver(cycle, 'main.py');
  assert.equal(resolver.name('X', { start: 0, end: 1 }, 'X'), null);
  assert.ok(resolver.stepsTaken <= 4 * MAX_IMPORT_DEPTH, `${resolver.stepsTaken} steps`);

  // A chain of 40 barrels `export * from './mN'`: followed MAX_IMPORT_DEPTH deep, then given up.
  const chain: Record<string, string> = { 'main.ts': "import { END } from './m0';\n" };
  for (let i = 0; i < 40; i++) chain[`m${i}.ts`] = `export * from './m${i + 1}';\n`;
  chain['m40.ts'] = "export const END = 'gpt-4o';\n";
  const far = new SymbolResolver(buildIndex(chain), 'main.ts');
  assert.equal(far.name('END', { start: 0, end: 3 }, 'END'), null);
  const near = { ...chain, 'main.ts': "import { END } from './m35';\n" };
  const resolved = new SymbolResolver(buildIndex(near), 'main.ts').name('END', { start: 0, end: 3 }, 'END');
  assert.deepEqual(resolved && resolved.kind === 'string' ? resolved.segments.map((segment) => segment.kind === 'static' && segment.text) : null, ['gpt-4o']);

  // A file with 5,000 star re-exports of itself: every lookup stops at the step budget.
  const wide = buildIndex({ 'w.ts': Array.from({ length: 5000 }, () => "export * from './w';").join('\n'), 'main.ts': "import { Q } from './w';\n" });
  const bounded = new SymbolResolver(wide, 'main.ts');
  assert.equal(bounded.name('Q', { start: 0, end: 1 }, 'Q'), null);
  assert.ok(bounded.stepsTaken <= RESOLUTION_STEPS + 2 * MAX_IMPORT_DEPTH, `${bounded.stepsTaken} steps`);
});

test('extraction is linear: tokens grow with the text, bindings stop at their cap', () => {
  const line = 'export const NAME_0 = "text" + OTHER;\n';
  assert.equal(tokenize(line.repeat(1000), 'js').length, 1000 * tokenize(line, 'js').length);
  const many = Array.from({ length: 3000 }, (_, i) => `C${i} = "v${i}"`).join('\n');
  assert.equal(extractSymbols(many, 'python').bindings.size, 2000);
});

test('.env and tsconfig parsing: quotes, export, comments, empty values; paths with comments', () => {
  assert.deepEqual([...parseDotenv('.env', 'A=1\nexport B="two words" # c\nC=\'x#y\'\nD=\n# E=5\nF = plain # note\n')].map(([name, entry]) => [name, entry.value, entry.line]), [
    ['A', '1', 1],
    ['B', 'two words', 2],
    ['C', 'x#y', 3],
    ['F', 'plain', 6],
  ]);
  assert.deepEqual(parseTsconfigPaths('{ "compilerOptions": { "baseUrl": "src", /* x */ "paths": { "~/*": ["./*"] } } }'), { baseUrl: 'src', paths: [['~/*', ['./*']]] });
  assert.equal(parseTsconfigPaths('{ "compilerOptions": {} }'), null);
});
