// The SDK table and the language table are the scanner's knowledge: every entry must be reachable through every list
// derived from it (the pre-filter's marker words, the adapters' callee allow-lists), and every entry has a fixture
// (test/fixtures/code/sdks/<id>.<ext>) whose first line says what its one call must yield.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, LANGUAGE_FAMILIES, CODE_COMMENT_OPENERS, languageOfPath } from '../../../src/core/languages';
import { NODE_VOCABULARY } from '../../../src/core/scanning/code/nodeVocabulary';
import { mayContainSites, scanCode } from '../../../src/core/scanning/code/index';
import { SDK_SHAPES, calleeNamesFor, markerWords, shapeForApi, shapeId, shapesFor } from '../../../src/core/scanning/code/sdks';
import { entriesForLastName } from '../../../src/core/scanning/code/callShapes';

const repo = join(__dirname, '../../../..');
const fixturesDir = join(repo, 'test/fixtures/code/sdks');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(repo, 'dist/wasm', name)));

test('every SDK table entry has a unique id', () => {
  const ids = SDK_SHAPES.map(shapeId);
  assert.deepEqual(ids.filter((id, index) => ids.indexOf(id) !== index), []);
});

test('every SDK table entry passes the file pre-filter on its callee names, or on its module evidence when the names are generic', () => {
  for (const shape of SDK_SHAPES) {
    const { callee } = shape;
    // An entry that needs its SDK imported (`markers`) is found through the import line; others through the callee alone.
    const evidence = shape.markers ? `import ${shape.markers[0]}\n` : '';
    for (const last of callee.last) {
      const text = [callee.beforePrevious?.[0], callee.previous?.[0], last].filter(Boolean).join('.');
      assert.equal(mayContainSites(`${evidence}x = ${text}(y)`), true, `${shapeId(shape)}: ${text}`);
    }
    for (const word of markerWords(shape)) assert.equal(mayContainSites(word), true, `${shapeId(shape)}: ${word}`);
    assert.ok(markerWords(shape).length > 0, shapeId(shape));
  }
});

test("every SDK table entry's last names are in its languages' callee allow-lists", () => {
  for (const shape of SDK_SHAPES) {
    const families = shape.languages ?? [...new Set(LANGUAGES.map((language) => language.family))];
    for (const family of families) {
      assert.ok(shapesFor(family).includes(shape), `${shapeId(shape)} in ${family}`);
      for (const name of shape.callee.last) assert.ok(calleeNamesFor(family).has(name.toLowerCase()), `${shapeId(shape)}: ${name} in ${family}`);
    }
  }
});

const fixtures = readdirSync(fixturesDir).filter((name) => languageOfPath(name));

test("a callee's last name finds, in table order, every entry of its family whose last names hold it in any case", () => {
  for (const { family } of LANGUAGE_FAMILIES) {
    const table = shapesFor(family);
    const names = new Set(table.flatMap((shape) => shape.callee.last));
    // Every table name as written, upper- and lower-cased, and names no entry has.
    const asked = [...names].flatMap((name) => [name, name.toUpperCase(), name.toLowerCase()]).concat(['', 'append', 'createX', 'İnvoke']);
    let found = 0;
    for (const last of asked) {
      const expected = table.filter((shape) => shape.callee.last.some((name) => name.toLowerCase() === last.toLowerCase()));
      assert.deepEqual(entriesForLastName(family, last).map(shapeId), expected.map(shapeId), `${family}: ${last}`);
      found += expected.length;
    }
    assert.ok(found > 0, family);
  }
});

test('every SDK table entry has exactly one fixture, and every fixture names an entry', () => {
  const ids = new Set(SDK_SHAPES.map(shapeId));
  const fixtureIds = fixtures.map((name) => name.slice(0, name.lastIndexOf('.')));
  assert.deepEqual(fixtureIds.filter((id) => !ids.has(id)), [], 'fixtures without an entry');
  assert.deepEqual([...ids].filter((id) => !fixtureIds.includes(id)), [], 'entries without a fixture');
  assert.equal(new Set(fixtureIds).size, fixtureIds.length, 'one fixture per entry');
});

for (const name of fixtures) {
  test(`SDK fixture ${name} yields the one call its first line expects`, async () => {
    const text = readFileSync(join(fixturesDir, name), 'utf8');
    const language = languageOfPath(name)!;
    const header = /expect:\s*(\{.*\})\s*$/m.exec(text.split('\n')[0]);
    assert.ok(header, 'first line holds `expect: {…}`');
    const expected = JSON.parse(header[1]) as Record<string, unknown>;
    const result = await scanCode(name, text, language.id, { readBundledFile });
    const calls = result.sites.filter((site) => site.kind === 'call');
    assert.equal(calls.length, 1, JSON.stringify(result.sites.map((site) => site.api)));
    const site = calls[0] as unknown as Record<string, unknown>;
    const actual = Object.fromEntries(Object.keys(expected).map((key) => [key, site[key] ?? null]));
    assert.deepEqual(actual, expected);
  });
}

test('a site api finds its table entry, and a longer hand-made api finds its prefix', () => {
  assert.equal(shapeForApi('anthropic.messages')?.api, 'anthropic.messages');
  assert.equal(shapeForApi('openai.chat.completions.create')?.api, 'openai.chat.completions');
  assert.equal(shapeForApi('langchain.chatvertexai')?.api, 'langchain.ChatVertexAI');
  assert.equal(shapeForApi('prompty'), undefined);
});

test('package.json activates on the VS Code language ids of the language table, as the one block the build writes in table order', () => {
  const { activationEvents } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { activationEvents: string[] };
  const expected = LANGUAGES.flatMap((language) => language.vscodeLanguageIds.map((id) => `onLanguage:${id}`));
  const first = activationEvents.indexOf(expected[0]);
  assert.deepEqual(activationEvents.slice(first, first + expected.length), expected, 'run `node esbuild.js` to write them from languages.json');
  assert.equal(activationEvents.filter((event) => expected.includes(event)).length, expected.length);
});

test('the language table maps extensions to one language each and lists its comment openers', () => {
  assert.equal(languageOfPath('src/app.tsx')?.id, 'tsx');
  assert.equal(languageOfPath('types.d.ts'), null);
  assert.equal(languageOfPath('Main.CS')?.id, 'csharp');
  const extensions = LANGUAGES.flatMap((language) => language.extensions);
  assert.equal(new Set(extensions).size, extensions.length);
  assert.deepEqual(CODE_COMMENT_OPENERS, ['//', '/*', '#', '=begin']);
});

test("entries sharing an api agree on its quick fix and cache fact (shapeForApi reads the first): a site's api means one thing", () => {
  for (const shape of SDK_SHAPES) {
    const first = shapeForApi(shape.api)!;
    assert.deepEqual([shape.capFix?.placement ?? null, shape.systemSeparate], [first.capFix?.placement ?? null, first.systemSeparate], shapeId(shape));
    for (const [language, name] of Object.entries(shape.capFix?.names ?? {})) assert.equal(first.capFix?.names[language as keyof typeof first.capFix.names], name, `${shapeId(shape)} ${language}`);
  }
});

test("a language's facts come from its family's one entry in languages.json: no query file, adapter module, vocabulary or grammar outside the table", () => {
  const families = LANGUAGE_FAMILIES.map((entry) => entry.family);
  assert.deepEqual(
    LANGUAGES.map((language) => [language.id, language.family, language.adapter]),
    LANGUAGE_FAMILIES.flatMap((entry) => entry.languages.map((row) => [row.id, entry.family, entry.family])),
  );
  assert.deepEqual(Object.keys(NODE_VOCABULARY), families);
  const scm = readdirSync(join(repo, 'src/core/scanning/code/queries')).filter((name) => name.endsWith('.scm'));
  assert.deepEqual(scm.sort(), families.map((family) => `${family}.scm`).sort());
  const modules = readdirSync(join(repo, 'src/core/scanning/code/languages')).filter((name) => /^export const createAdapter\b/m.test(readFileSync(join(repo, 'src/core/scanning/code/languages', name), 'utf8')));
  assert.deepEqual(modules.sort(), families.map((family) => `${family}.ts`).sort());
  const grammars = readdirSync(join(repo, 'dist/wasm')).filter((name) => name.startsWith('tree-sitter-'));
  assert.deepEqual(grammars.sort(), [...new Set(LANGUAGES.map((language) => `tree-sitter-${language.grammar}.wasm`))].sort());
});

test('every language row names an adapter module that exports createAdapter (the scanner loads it by that name)', () => {
  for (const language of LANGUAGES) {
    const source = readFileSync(join(repo, 'src/core/scanning/code/languages', `${language.adapter}.ts`), 'utf8');
    assert.match(source, /^export const createAdapter: CreateAdapter = /m, language.id);
  }
});
