// Cross-file resolution beyond constants (issue 18, session 11): Go package members and env helpers, Django's settings
// module, `getattr(settings, …)`. Each test names the file a reader opens and the value found there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';
import { SymbolIndexBuilder, type WorkspaceSymbols } from '../../../src/core/scanning/code/symbolIndex';
import type { PromptSite } from '../../../src/core/types';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));

function buildIndex(files: Record<string, string>): WorkspaceSymbols {
  const builder = new SymbolIndexBuilder();
  const extras = new Map<string, string>();
  for (const [file, text] of Object.entries(files)) {
    if (/\.(py|ts|js|go|java)$/.test(file)) builder.add(file, text);
    else extras.set(file, text);
  }
  for (const wanted of builder.wantedExtras()) {
    const text = extras.get(wanted);
    if (text !== undefined) builder.addExtra(wanted, text);
  }
  return builder.finish();
}

async function calls(files: Record<string, string>, file: string): Promise<Array<Record<string, unknown>>> {
  const result = await scanCode(file, files[file], codeLanguageForPath(file)!, { readBundledFile, symbols: buildIndex(files) });
  assert.deepEqual(result.problems, []);
  return result.sites.filter((site) => site.kind === 'call').map(summary);
}

function summary(site: PromptSite): Record<string, unknown> {
  return {
    model: site.model,
    source: site.modelSource ?? null,
    from: site.modelFrom ? `${site.modelFrom.file}:${site.modelFrom.line}` : null,
    cap: site.maxOutputTokens,
    text: site.messages.map((message) => message.segments.map((segment) => (segment.kind === 'static' ? segment.text : `{${segment.name}}`)).join('')),
    sources: (site.promptSources ?? []).map((source) => `${source.file}:${source.line}`),
  };
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
