import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDocument } from '../../../src/core/audit';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadCatalog } from '../../../src/core/pricing/catalog';
import { classifyDocument } from '../../../src/core/scanning';
import { DEFAULT_PROMPT_GLOBS } from '../../../src/core/scanning/promptFileKinds';
import { classifyPromptFile, DEFAULT_PROMPT_FILE_OPTIONS, scanPromptFile } from '../../../src/core/scanning/promptFiles';
import type { PromptSegment, Span } from '../../../src/core/types';

const root = path.resolve(__dirname, '../../../..');
const fixtures = path.join(root, 'test/fixtures/prompt-files');
const read = (relative: string): string => fs.readFileSync(path.join(fixtures, relative), 'utf8');
const at = (text: string, span: Span | undefined): string => (span ? text.slice(span.start, span.end) : '<no span>');
const catalog = loadCatalog({ pricedOn: '2026-12-03' }).catalog;
const readBundledFile = async (name: string) => new Uint8Array(fs.readFileSync(path.join(root, 'dist/wasm', name)));

function shape(text: string, segments: PromptSegment[]): string[] {
  return segments.map((segment) => {
    if (segment.kind === 'static') return segment.text;
    assert.equal(at(text, segment.span), segment.raw);
    return `<${segment.name}>`;
  });
}

async function staticTokens(relative: string): Promise<{ tokens: number; exact: boolean; model: string | null }> {
  const audit = await auditDocument(relative, read(relative), { config: DEFAULT_CONFIG, catalog, readBundledFile });
  assert.equal(audit.sites.length, 1);
  return { tokens: audit.sites[0].tokens.static, exact: audit.sites[0].tokens.exact, model: audit.sites[0].modelId };
}

test('prompt files outside prompts/: system-prompt file names, LangChain YAML/JSON under prompt-named paths; other names are not prompts', () => {
  const kind = (file: string) => classifyPromptFile(file, DEFAULT_PROMPT_FILE_OPTIONS);
  assert.equal(kind('patterns/summarize_ticket/system.md'), 'plain');
  assert.equal(kind('agents/grader.system.md'), 'plain');
  assert.equal(kind('src/llm/review_system.txt'), 'plain');
  assert.equal(kind('config/system_prompt.md'), 'plain');
  assert.equal(kind('config/my-system-prompt.txt'), 'plain');
  // They are default globs: a project that sets its own promptGlobs decides (here only llm/**).
  assert.equal(classifyPromptFile('patterns/summarize_ticket/system.md', { promptGlobs: ['llm/**/*.md'] }), null);
  assert.equal(kind('agents/notes.md'), null);
  // The auditor's own config is prompt-named YAML but never a LangChain prompt (it was read as one, a file more per folder).
  assert.equal(kind('.promptcost.yaml'), null);
  assert.equal(kind('services/api/.promptcost.yml'), null);
  assert.equal(kind('prompts/joke.yaml'), 'langchain-prompt');
  assert.equal(kind('docs/filesystem.md'), null);
  assert.equal(kind('docs/ecosystem.txt'), null);
  assert.equal(kind('langchain/prompts/qa_prompt.json'), 'langchain-prompt');
  assert.equal(kind('chains/prompt_template.yaml'), 'langchain-prompt');
  // `*_prompt.yaml` is also a GitHub Models name: the content decides at scan time.
  assert.equal(kind('langchain/prompts/joke_prompt.yaml'), 'github-models');
  assert.equal(kind('config/settings.json'), null);
  assert.equal(kind('package.json'), null);
  assert.deepEqual(classifyDocument('langchain/prompts/qa_prompt.json'), { kind: 'prompt-file', format: 'langchain-prompt' });
  // One list: the config's default, the CLI's classifier and the VS Code setting's default are the same globs.
  assert.deepEqual(DEFAULT_CONFIG.promptGlobs, [...DEFAULT_PROMPT_GLOBS]);
  assert.deepEqual(DEFAULT_PROMPT_FILE_OPTIONS.promptGlobs, [...DEFAULT_PROMPT_GLOBS]);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.configuration.properties['promptCost.promptGlobs'].default, [...DEFAULT_PROMPT_GLOBS]);
});

test('classifyDocument keeps each promptGlobs list apart while it reuses the options built for a list', () => {
  const notes = Object.freeze(['notes/**/*.txt']);
  const drafts = Object.freeze(['drafts/*.md']);
  for (let round = 0; round < 2; round++) {
    // Same answers on the second round, when each list's options (and their compiled globs) are reused.
    assert.deepEqual(classifyDocument('notes/a/b.txt', notes as string[]), { kind: 'prompt-file', format: 'plain' }, `round ${round}`);
    assert.equal(classifyDocument('drafts/b.txt', notes as string[]), null, `round ${round}`);
    assert.deepEqual(classifyDocument('drafts/x.md', drafts as string[]), { kind: 'prompt-file', format: 'plain' }, `round ${round}`);
    assert.equal(classifyDocument('notes/a/b.txt', drafts as string[]), null, `round ${round}`);
    assert.deepEqual(classifyDocument('notes/a/b.txt', ['notes/**/*.txt']), { kind: 'prompt-file', format: 'plain' }, `round ${round}`);
  }
});

test('Fabric-style system.md is sent as the system message, with its exact o200k token count', async () => {
  const relative = 'patterns/summarize_ticket/system.md';
  const result = scanPromptFile(relative, read(relative), 'plain');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.sites[0].messages.map((message) => message.role), ['system']);
  assert.deepEqual(await staticTokens(relative), { tokens: 29, exact: true, model: 'gpt-4o-mini' });
  const grader = scanPromptFile('agents/grader.system.md', read('agents/grader.system.md'), 'plain');
  assert.deepEqual(grader.sites[0].messages.map((message) => message.role), ['system']);
  // A plain prompt under prompts/ with another name stays a user message.
  assert.deepEqual(scanPromptFile('prompts/ask.md', 'Summarize {doc}.\n', 'plain').sites[0].messages.map((message) => message.role), ['user']);
});

test('LangChain `_type: prompt` YAML saved as joke_prompt.yaml: f-string fields are placeholders, `{{`/`}}` are literal braces', async () => {
  const relative = 'langchain/prompts/joke_prompt.yaml';
  const text = read(relative);
  const result = scanPromptFile(relative, text, 'github-models');
  assert.deepEqual(result.problems, []);
  const [site] = result.sites;
  assert.equal(site.api, 'langchain-prompt');
  assert.equal(site.model, null);
  assert.equal(site.maxOutputTokens, null);
  assert.equal(site.details?.capSupported, false);
  assert.deepEqual(site.details?.inputVariables, ['adjective', 'topic']);
  assert.equal(site.details?.templateFormat, 'f-string');
  assert.equal(site.messages.length, 1);
  assert.equal(site.messages[0].role, 'user');
  assert.deepEqual(shape(text, site.messages[0].segments), ['Tell me a ', '<adjective>', ' joke about ', '<topic>', '. Keep it under {three} lines.']);
  assert.equal(at(text, site.anchor), 'template: Tell me a {adjective} joke about {topic}. Keep it under {{three}} lines.'.slice('template: '.length));
  // The runs between placeholders in o200k (js-tiktoken): "Tell me a " 4 + " joke about " 3 + ". Keep it under {three} lines." 9.
  assert.deepEqual(await staticTokens(relative), { tokens: 16, exact: true, model: 'gpt-4o-mini' });
});

test('LangChain JSON prompt: escaped line breaks decoded, placeholders located in the JSON source', async () => {
  const relative = 'langchain/prompts/qa_prompt.json';
  const text = read(relative);
  const result = scanPromptFile(relative, text, 'langchain-prompt');
  assert.deepEqual(result.problems, []);
  const [site] = result.sites;
  assert.equal(site.details?.langchainType, 'prompt');
  assert.deepEqual(shape(text, site.messages[0].segments), ['Use the context to answer.\nContext: ', '<context>', '\nQuestion: ', '<question>', '\nAnswer:']);
  // o200k (js-tiktoken): 9 + 4 + 3 for the three runs between placeholders.
  assert.deepEqual(await staticTokens(relative), { tokens: 16, exact: true, model: 'gpt-4o-mini' });
});

test('LangChain prompt without `_type` (defaults to prompt) in mustache format; a `chat` prompt reads messages[0].prompt.template', () => {
  const reviewer = read('langchain/prompts/reviewer.yaml');
  const review = scanPromptFile('langchain/prompts/reviewer.yaml', reviewer, 'langchain-prompt');
  assert.deepEqual(review.problems, []);
  assert.equal(review.sites[0].details?.langchainType, 'prompt');
  assert.deepEqual(shape(reviewer, review.sites[0].messages[0].segments), ['You review pull requests for a payments service.\nDiff:\n', '<diff>', '\n']);
  const chatText = read('langchain/prompts/chat_prompt.yaml');
  const chat = scanPromptFile('langchain/prompts/chat_prompt.yaml', chatText, 'langchain-prompt');
  assert.deepEqual(chat.problems, []);
  assert.equal(chat.sites[0].details?.langchainType, 'chat');
  assert.deepEqual(shape(chatText, chat.sites[0].messages[0].segments), ['Say hello to ', '<name>', ' in French.']);
});

test('LangChain few_shot is reported as not counted; prompt-named JSON that is no LangChain prompt yields nothing; jinja2 is flagged', () => {
  const fewShot = scanPromptFile('langchain/prompts/few_shot_antonyms.yaml', read('langchain/prompts/few_shot_antonyms.yaml'), 'langchain-prompt');
  assert.deepEqual(fewShot.sites, []);
  assert.deepEqual(fewShot.problems.map((problem) => [problem.severity, problem.message]), [
    ['information', 'LangChain `few_shot` prompt: its prefix, examples and suffix are assembled at run time and are not counted.'],
  ]);
  assert.deepEqual(scanPromptFile('langchain/prompts/settings.json', read('langchain/prompts/settings.json'), 'langchain-prompt'), { sites: [], problems: [] });
  const broken = scanPromptFile('prompts/broken.json', '{"_type": "prompt", "template": ', 'langchain-prompt');
  assert.deepEqual(broken.sites, []);
  assert.ok(broken.problems.length > 0 && broken.problems.every((problem) => problem.severity === 'error' && problem.message.startsWith('YAML: ')));
  const jinja = scanPromptFile('prompts/j.yaml', '_type: prompt\ninput_variables: [x]\ntemplate_format: jinja2\ntemplate: "Hi {{ x }}"\n', 'langchain-prompt');
  assert.deepEqual(jinja.problems.map((problem) => problem.severity), ['warning']);
  assert.deepEqual(jinja.sites[0].messages[0].segments.map((segment) => (segment.kind === 'static' ? segment.text : `<${segment.name}>`)), ['Hi ', '<x>']);
  // A template kept in another file is named, not guessed.
  const external = scanPromptFile('prompts/ext.yaml', '_type: prompt\ninput_variables: [q]\ntemplate_path: qa.txt\n', 'langchain-prompt');
  assert.deepEqual(external.sites, []);
  assert.deepEqual(external.problems.map((problem) => problem.message), ['LangChain prompt whose template is read from `qa.txt`: that file is counted where it is a prompt file, not here.']);
});

test('a GitHub Models file named *_prompt.yml still reads as GitHub Models', () => {
  const text = 'model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: Hi {{name}}\n';
  const result = scanPromptFile('triage_prompt.yml', text, 'github-models');
  assert.equal(result.sites[0].api, 'github-models');
});
