// The text pre-filter of the code scanner skips parsing files that cannot hold a site; it must never change a
// result. Every code fixture is scanned with and without it, and the grammars must accept every query pattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { codeLanguageForPath, mayContainSites, scanCode, scanCodeFully, siteMarkersIn, type CodeLanguage } from '../../../src/core/scanning/code/index';
import { loadGrammar, type GrammarName } from '../../../src/core/scanning/code/treeSitterRuntime';
import { seededRandom } from '../../../bench/seededRandom';

const fixturesRoot = join(__dirname, '../../../../test/fixtures/code');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(__dirname, '../../../../dist/wasm', name)));

function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(full);
    return codeLanguageForPath(entry.name) ? [full] : [];
  });
}

/** Site-free files: ordinary code, code with syntax errors, with and without the syntax-error hint's words. */
const SITE_FREE: { name: string; language: CodeLanguage; text: string }[] = [
  { name: 'sum.ts', language: 'typescript', text: 'export function sum(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}\n' },
  { name: 'broken.ts', language: 'typescript', text: 'export function createUser(name: string {\n  return { name };\n' },
  { name: 'broken-plain.ts', language: 'typescript', text: 'export function add(a: number {\n  return a +;\n' },
  { name: 'widget.tsx', language: 'tsx', text: 'export const Widget = () => <div className="w">{items.map((i) => <b key={i}>{i}</b>)}</div>;\n' },
  { name: 'server.js', language: 'javascript', text: "const http = require('http');\nhttp.createServer((req, res) => res.end('ok')).listen(8080);\n" },
  { name: 'stats.py', language: 'python', text: 'def mean(values):\n    return sum(values) / len(values)\n' },
  { name: 'broken.py', language: 'python', text: 'def generate_id(:\n    return uuid4(\n' },
  { name: 'main.go', language: 'go', text: 'package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n' },
  { name: 'Util.java', language: 'java', text: 'class Util { static int twice(int x) { return 2 * x; } }\n' },
  { name: 'Util.cs', language: 'csharp', text: 'class Util { static int Twice(int x) { return 2 * x; } }\n' },
  { name: 'util.rb', language: 'ruby', text: 'def twice(x)\n  2 * x\nend\n' },
  // A `role` without a chat role written as a string literal: a column, an ARIA attribute, a message built from variables.
  { name: 'row.tsx', language: 'tsx', text: "export const Row = ({ user }: { user: { role: 'admin' | 'editor' } }) => <tr role=\"row\"><td>{user.role}</td></tr>;\n" },
  { name: 'roles.py', language: 'python', text: 'RANKS = {"admin": 3, "editor": 2}\n\ndef can_edit(user):\n    return RANKS[user["role"]] >= 2\n' },
  { name: 'relay.ts', language: 'typescript', text: 'export const relay = (role: string, content: string) => ({ role, content });\n' },
];

test('the pre-filter rejects every site-free sample and scanning them gives what the full scan gives', async () => {
  for (const { name, language, text } of SITE_FREE) {
    assert.equal(mayContainSites(text), false, name);
    assert.deepEqual(await scanCode(name, text, language, { readBundledFile }), await scanCodeFully(name, text, language, { readBundledFile }), name);
  }
  // The hint still comes out for a file that fails to parse and names a `create…` function.
  assert.deepEqual((await scanCode('broken.ts', SITE_FREE[1].text, 'typescript', { readBundledFile })).problems, [
    { file: 'broken.ts', message: 'the file has syntax errors; calls inside them may be missed', severity: 'hint' },
  ]);
  assert.deepEqual((await scanCode('broken-plain.ts', SITE_FREE[2].text, 'typescript', { readBundledFile })).problems, []);
});

/** Files each of whose single site hangs on one marker word (a prompt-ish name, `role`, a factory, a call name). */
const ONE_MARKER_SITES: { name: string; language: CodeLanguage; text: string; site: [string, string | null] }[] = [
  { name: 'named.ts', language: 'typescript', text: 'export const GUIDELINES = "Answer in one short paragraph and cite the source you used.";\n', site: ['prompt', null] },
  { name: 'summary.py', language: 'python', text: 'summary_template = "Summarise the following text in three short bullet points for a manager."\n', site: ['prompt', null] },
  { name: 'turn.ts', language: 'typescript', text: "export const turn = { role: 'user', content: 'Summarise the attached report for a busy executive.' };\n", site: ['prompt', null] },
  { name: 'turn.py', language: 'python', text: 'turn = {"role": "system", "content": "Answer as a careful and polite support agent would."}\n', site: ['prompt', null] },
  { name: 'template.py', language: 'python', text: 'from langchain_core.prompts import PromptTemplate\nt = PromptTemplate.from_template("Translate {text} into French.")\n', site: ['prompt', null] },
  { name: 'human.js', language: 'javascript', text: 'const m = new HumanMessage("Tell me a joke about databases, please.");\n', site: ['prompt', null] },
  { name: 'chat.go', language: 'go', text: 'package main\n\nfunc ask() {\n\tclient.Chat.Completions.New(ctx, params)\n}\n', site: ['call', 'openai.chat.completions'] },
  { name: 'gemini.go', language: 'go', text: 'package main\n\nfunc ask() {\n\tclient.Models.GenerateContent(ctx, "gemini-2.0-flash", genai.Text("Hi"), nil)\n}\n', site: ['call', 'google.generateContent'] },
];

test('the pre-filter keeps files whose only site is a stand-alone prompt, a message, a template or one call', async () => {
  for (const { name, language, text, site } of ONE_MARKER_SITES) {
    assert.equal(mayContainSites(text), true, name);
    const result = await scanCode(name, text, language, { readBundledFile });
    assert.deepEqual(result.sites.map((found) => [found.kind, found.api]), [site], name);
    assert.deepEqual(result, await scanCodeFully(name, text, language, { readBundledFile }), name);
  }
});

const fixtures = codeFiles(fixturesRoot).sort();

test('every code fixture scans to the same sites and problems with and without the pre-filter', async () => {
  assert.ok(fixtures.length >= 100, `found ${fixtures.length} code fixtures`);
  let withSites = 0;
  for (const file of fixtures) {
    const name = relative(fixturesRoot, file).replace(/\\/g, '/');
    const text = readFileSync(file, 'utf8');
    const language = codeLanguageForPath(file)!;
    const filtered = await scanCode(name, text, language, { readBundledFile });
    const full = await scanCodeFully(name, text, language, { readBundledFile });
    assert.deepEqual(filtered, full, name);
    if (full.sites.length) withSites++;
  }
  assert.ok(withSites >= 80, `${withSites} fixtures have sites`);
});

/** Session 13's pre-filter words that session 14 narrowed: every `system` and every `message` counted then. */
const WIDER_WORDS = /system|message/i;

test('a fixture with every marker word blanked out or turned into a `message` word has no site, and the pre-filter skips it exactly', async () => {
  const random = seededRandom(14);
  // Replacements for a marker word: x's of its length (keeps an identifier an identifier), or a word with `message` in
  // it, which the pre-filter no longer counts (`SYSTEM_PROMPT` -> `SYSTEM_Message`, `role:` -> `message:`).
  const fills = [(word: string) => 'x'.repeat(word.length), () => 'message', () => 'Message', () => 'errorMessage'];
  let variants = 0;
  let keepingWiderWords = 0;
  for (const file of fixtures) {
    const text = readFileSync(file, 'utf8');
    if (!mayContainSites(text)) continue;
    const name = relative(fixturesRoot, file).replace(/\\/g, '/');
    const language = codeLanguageForPath(file)!;
    // A fill can make a new marker with its neighbours (`system_` + `message`): blank again until none is left.
    let variant = text;
    for (let round = 0; round < 5 && mayContainSites(variant); round++) {
      let next = '';
      let at = 0;
      for (const { start, end } of siteMarkersIn(variant)) {
        next += variant.slice(at, start) + fills[Math.floor(random() * fills.length)](variant.slice(start, end));
        at = end;
      }
      variant = next + variant.slice(at);
    }
    assert.equal(mayContainSites(variant), false, `${name}: a marker is left in the blanked variant`);
    const full = await scanCodeFully(name, variant, language, { readBundledFile });
    assert.deepEqual(full.sites, [], `${name}: the blanked variant still has sites`);
    assert.deepEqual(await scanCode(name, variant, language, { readBundledFile }), full, name);
    variants++;
    if (WIDER_WORDS.test(variant)) keepingWiderWords++;
  }
  console.log(`blanked variants: ${variants}, ${keepingWiderWords} keeping a system or message word`);
  // The variants are worth something only if many keep words session 13 still counted as markers.
  assert.ok(variants >= 300, `${variants} variants`);
  assert.ok(keepingWiderWords >= 300, `${keepingWiderWords} variants keep a \`system\` or \`message\``);
});

test('with every marker but `role` blanked out, a fixture scans the same with and without the pre-filter, and without a chat role literal it has no site', async () => {
  const random = seededRandom(15);
  const fills = [(word: string) => 'x'.repeat(word.length), () => 'errorMessage'];
  // `'user'` -> `'usr'`: the message keeps its shape but names no role a stand-alone message is reported for.
  const chatRoleLiterals = /(["'])(system|user|assistant|developer)\1/g;
  let withRole = 0;
  for (const file of fixtures) {
    const text = readFileSync(file, 'utf8');
    if (!/role/i.test(text)) continue;
    const name = relative(fixturesRoot, file).replace(/\\/g, '/');
    const language = codeLanguageForPath(file)!;
    let variant = text;
    for (let round = 0; round < 5; round++) {
      const others = siteMarkersIn(variant).filter(({ start, end }) => !/^role$/i.test(variant.slice(start, end)));
      if (others.length === 0) break;
      let next = '';
      let at = 0;
      for (const { start, end } of others) {
        next += variant.slice(at, start) + fills[Math.floor(random() * fills.length)](variant.slice(start, end));
        at = end;
      }
      variant = next + variant.slice(at);
    }
    if (!/role/i.test(variant)) continue;
    withRole++;
    assert.deepEqual(await scanCode(name, variant, language, { readBundledFile }), await scanCodeFully(name, variant, language, { readBundledFile }), name);
    const withoutChatRoles = variant.replace(chatRoleLiterals, (_literal, quote: string, role: string) => `${quote}${role.slice(0, -1)}${quote}`);
    assert.equal(mayContainSites(withoutChatRoles), false, `${name}: only \`role\` is left`);
    const full = await scanCodeFully(name, withoutChatRoles, language, { readBundledFile });
    assert.deepEqual(full.sites, [], `${name}: a site without a marker word or a chat role literal`);
    assert.deepEqual(await scanCode(name, withoutChatRoles, language, { readBundledFile }), full, name);
  }
  console.log(`fixtures keeping only \`role\`: ${withRole}`);
  assert.ok(withRole >= 100, `${withRole} fixtures`);
});

test('every grammar accepts every query pattern its adapter sends, so each query compiles once', async () => {
  const samples: Record<CodeLanguage, string> = {
    typescript: 'const SYSTEM_PROMPT = "x"; client.chat.completions.create({ model: "gpt-4o" });',
    tsx: 'const SYSTEM_PROMPT = "x"; client.chat.completions.create({ model: "gpt-4o" });',
    javascript: 'const SYSTEM_PROMPT = "x"; client.chat.completions.create({ model: "gpt-4o" });',
    python: 'SYSTEM_PROMPT = "x"\nclient.chat.completions.create(model="gpt-4o")\n',
    go: 'package main\nfunc main() { client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{}) }\n',
    java: 'class A { void f() { client.chat().completions().create(params); } }\n',
    csharp: 'class A { void F() { var systemPrompt = "x"; chatClient.CompleteChat(systemPrompt); } }\n',
    ruby: 'SYSTEM_PROMPT = "x"\nclient.chat(parameters: { model: "gpt-4o" })\n',
  };
  const grammars: Record<CodeLanguage, GrammarName> = { typescript: 'typescript', tsx: 'tsx', javascript: 'javascript', python: 'python', go: 'go', java: 'java', csharp: 'c-sharp', ruby: 'ruby' };
  for (const [language, text] of Object.entries(samples) as [CodeLanguage, string][]) {
    await scanCode(`sample.${language}`, text, language, { readBundledFile });
    const grammar = await loadGrammar(grammars[language], readBundledFile);
    assert.ok(grammar.queries.size > 0, `${language} compiled its queries`);
    assert.deepEqual(grammar.droppedPatterns, [], language);
  }
});
