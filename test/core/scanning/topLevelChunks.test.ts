// The lexical split into top-level chunks that lets big files parse only their LLM code: exact chunks, kinds and
// kept flags on fixtures full of lexer hazards, and scans with the split equal to scans of the whole file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { codeLanguageForPath, mayContainSites, scanCode, scanCodeFully, type CodeLanguage } from '../../../src/core/scanning/code/index';
import { loadGrammar, parseBounded } from '../../../src/core/scanning/code/treeSitterRuntime';
import { keptChunks, relevantRanges, splitEdited, splitJavaScript, splitPython, type ChunkSplit, type ChunkSyntax, type TopLevelChunk } from '../../../src/core/scanning/code/topLevelChunks';
import { changeBetween } from '../../../src/core/reaudit/textEdit';
import { seededRandom } from '../../../bench/seededRandom';
import { pythonWithCalls, typescriptWithCalls } from '../../../bench/keystrokeFiles';
import { codeFixtureFiles } from './codeFixtureFiles';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));
const fixture = (name: string): string => readFileSync(join(root, 'test/fixtures/code/chunks', name), 'utf8');

/** [first line (1-based), kind, names, kept] per chunk. */
function describe(text: string, chunks: TopLevelChunk[] | null): [number, string, string[], boolean][] {
  assert.ok(chunks, 'the text splits');
  const kept = keptChunks(chunks, text, mayContainSites);
  return chunks.map((chunk, index) => [text.slice(0, chunk.start).split('\n').length, chunk.kind, chunk.names, kept[index]]);
}

test('TypeScript: imports, values, decorated class, regex with quotes, nested templates, division; kept by marker and by name', () => {
  const text = fixture('assistant-service.ts');
  assert.deepEqual(describe(text, splitJavaScript(text)), [
    // The header comment joins the import after it.
    [1, 'import', ['Assistant', 'service', 'OpenAI', 'openai'], true],
    [3, 'import', ['readFileSync', 'node', 'fs'], true],
    // Kept: `summarize` and `answer` mention it.
    [5, 'value', ['client'], true],
    [6, 'value', ['DEFAULT_MODEL'], true],
    [7, 'value', ['RETRIES'], false],
    // `/['"{]\/\//g` is a regex: its quote and brace do not open anything.
    [8, 'value', ['SLASHES'], false],
    [9, 'value', ['complete'], true],
    // The doc comment and the multi-line decorator belong to the class; `${`inner ${key}`}` nests.
    [11, 'value', ['Cache'], false],
    // `export default { retry }` mentions it, but nothing reads a function body: left out.
    [19, 'function', ['retry'], false],
    // `RETRIES / 2 / 1` divides; no semicolon, and the next line still starts a statement.
    [23, 'value', ['ratio'], false],
    // No marker word: kept because it uses `complete`, an alias kept code binds.
    [24, 'function', ['summarize'], true],
    [28, 'function', ['answer'], true],
    [32, 'other', [], true],
  ]);
});

test('Python: docstring, decorator call over lines, triple-quoted `def` at column 0, column-0 comment in a body, continuation, if/else', () => {
  const text = fixture('assistant_service.py');
  assert.deepEqual(describe(text, splitPython(text)), [
    [1, 'other', [], true],
    // An unmarked import binds nothing for the uses rule; a marked one (`completion as llm`) does.
    [2, 'import', ['json'], true],
    [3, 'import', ['litellm', 'completion', 'llm'], true],
    [5, 'value', ['DEFAULT_MODEL'], true],
    // Every name before an `=` counts (a superset: `int` from the annotation).
    [6, 'value', ['LIMIT', 'int'], true],
    // The string's `def not_a_function():` at column 0 is text.
    [7, 'value', ['HELP'], false],
    [13, 'function', ['ask'], true],
    // The comment at column 0 and the `\` continuation stay inside; `json` is unmarked, so no link.
    [20, 'function', ['summarise'], false],
    // `else:` continues the `if`.
    [27, 'other', [], true],
  ]);
});

test('the kept chunks become merged ranges with tree-sitter rows and columns', () => {
  const text = 'const MODEL = "gpt-4o";\nconst UNUSED = 1;\nfunction helper() {\n  return 2;\n}\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: q }] });\n}\n';
  const askStart = text.indexOf('export async');
  assert.deepEqual(relevantRanges(text, 'javascript', mayContainSites), [
    { startIndex: 0, endIndex: 24, startPosition: { row: 0, column: 0 }, endPosition: { row: 1, column: 0 } },
    { startIndex: askStart, endIndex: text.length, startPosition: { row: 5, column: 0 }, endPosition: { row: 8, column: 0 } },
  ]);
  // Nothing left out: the whole file is parsed without ranges.
  assert.equal(relevantRanges('const MODEL = "gpt-4o";\nclient.chat.completions.create({ model: MODEL });\n', 'javascript', mayContainSites), null);
});

test('text the splitter cannot follow makes the whole file parse: JSX text quotes, unbalanced brackets, open strings and comments', () => {
  const cases: [ChunkSyntax, string][] = [
    ['javascript', "export function Help() {\n  return <p>Don't panic\n  </p>;\n}\nconst SYSTEM_PROMPT = 'x';\n"],
    ['javascript', 'function broken() {\n  return 1;\n\nconst SYSTEM_PROMPT = "x";\n'],
    ['javascript', 'const a = `unterminated ${b}\nconst SYSTEM_PROMPT = "x";\n'],
    ['javascript', '/* never closed\nconst SYSTEM_PROMPT = "x";\n'],
    ['python', 'def f(:\n    pass\nSYSTEM_PROMPT = "x"\n'],
    ['python', 'HELP = """never closed\nSYSTEM_PROMPT = "x"\n'],
    ['python', "NAME = 'broken\nSYSTEM_PROMPT = 'x'\n"],
  ];
  for (const [syntax, text] of cases) {
    assert.equal(syntax === 'python' ? splitPython(text) : splitJavaScript(text), null, text);
    assert.equal(relevantRanges(text, syntax, mayContainSites), null, text);
  }
});

test('the last statement keeps its kind whether the text ends in no, one or several line breaks', () => {
  for (const ending of ['', '\n', '\n\n', '\r\n', '\n\n\n']) {
    const js = `const PROMPT = "You are terse.";\nexport async function ask(q: string) {\n  return q;\n}${ending}`;
    assert.deepEqual(splitJavaScript(js)?.map((chunk) => [chunk.kind, chunk.names, chunk.end]), [['value', ['PROMPT'], js.indexOf('export')], ['function', ['ask'], js.length]], JSON.stringify(ending));
    const py = `PROMPT = "You are terse."\n\n\ndef ask(q):\n    return q${ending}`;
    assert.deepEqual(splitPython(py)?.map((chunk) => [chunk.kind, chunk.names, chunk.end]), [['value', ['PROMPT'], py.indexOf('def')], ['function', ['ask'], py.length]], JSON.stringify(ending));
  }
  // A line that starts with something other than a name after a complete statement still marks the chunk merged.
  assert.deepEqual(splitJavaScript('const PROMPT = "x";\n(async () => {})();\n')?.map((chunk) => chunk.kind), ['other']);
});

test('a left-out chunk that uses an alias bound in marked top-level code is kept', () => {
  const js = 'let create;\nif (process.env.AZURE) {\n  create = azure.chat.completions.create;\n}\nfunction unrelated() {\n  return 1;\n}\nexport function ask(q) {\n  return create({ model: "gpt-4o", input: q });\n}\n';
  assert.deepEqual(describe(js, splitJavaScript(js)).map(([line, , , kept]) => [line, kept]), [[1, true], [2, true], [5, false], [8, true]]);
  const py = 'try:\n    from litellm import completion as llm\nexcept ImportError:\n    llm = None\n\n\ndef unrelated():\n    return 1\n\n\ndef ask(q):\n    return llm(model="gpt-4o", input=q)\n';
  assert.deepEqual(describe(py, splitPython(py)).map(([line, , , kept]) => [line, kept]), [[1, true], [7, false], [11, true]]);
});

test('a wrong split that cuts an expression apart falls back to parsing the whole file, with the same sites', async () => {
  // ASI does not end `const kind = value` before `instanceof`: the splitter does, leaves the declaration out, and
  // the parse of the rest fails on a bare `instanceof`.
  const text = 'const kind = value\ninstanceof Date\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: q }] });\n}\n';
  const includedRanges = relevantRanges(text, 'javascript', mayContainSites);
  assert.ok(includedRanges, 'the split leaves a chunk out');
  const grammar = await loadGrammar('typescript', readBundledFile);
  const partial = parseBounded(grammar, text, { includedRanges });
  assert.equal(partial.tree?.rootNode.hasError, true, 'the parse of the kept chunks fails');
  partial.tree?.delete();
  const result = await scanCode('asi.ts', text, 'typescript', { readBundledFile });
  assert.deepEqual(result, await scanCodeFully('asi.ts', text, 'typescript', { readBundledFile }));
  assert.deepEqual(result.sites.map((site) => [site.kind, site.model, site.maxOutputTokens]), [['call', 'gpt-4o', 50]]);
  assert.deepEqual(result.problems, []);
});


const SPLIT_LANGUAGES: Partial<Record<CodeLanguage, ChunkSyntax>> = { typescript: 'javascript', tsx: 'javascript', javascript: 'javascript', python: 'python' };

/** Marker-free top-level code of each kind the splitter may leave out, inserted before every chunk of a fixture. */
function padded(text: string, syntax: ChunkSyntax): string | null {
  const chunks = syntax === 'python' ? splitPython(text) : splitJavaScript(text);
  if (!chunks) return null;
  // Plain JavaScript is valid TypeScript too.
  const filler = (index: number): string =>
    syntax === 'python'
      ? `def pad_${index}(values, scale=2):\n    return [value * scale for value in values if value]\n\n\nPAD_${index} = {"a": ${index}}\n\n`
      : `export function pad${index}(values, scale = 2) {\n  return values.filter(Boolean).map((value) => value * scale);\n}\nconst PAD_${index} = { a: ${index} };\n`;
  let out = '';
  chunks.forEach((chunk, index) => {
    if (index > 0) out += filler(index);
    out += text.slice(chunk.start, chunk.end);
  });
  return out;
}

test('every code fixture, and every one padded with left-out code between its chunks, scans the same with and without the split', async () => {
  const files = codeFixtureFiles(join(root, 'test/fixtures')).sort();
  let restricted = 0;
  let compared = 0;
  for (const file of files) {
    const language = codeLanguageForPath(file)!;
    const syntax = SPLIT_LANGUAGES[language];
    if (!syntax) continue;
    const name = relative(root, file).replace(/\\/g, '/');
    const text = readFileSync(file, 'utf8');
    const variants = [text, padded(text, syntax)].filter((variant): variant is string => variant !== null);
    for (const variant of variants) {
      if (!mayContainSites(variant)) continue;
      compared++;
      if (relevantRanges(variant, syntax, mayContainSites)) restricted++;
      assert.deepEqual(await scanCode(name, variant, language, { readBundledFile }), await scanCodeFully(name, variant, language, { readBundledFile }), name);
    }
  }
  console.log(`split check: ${compared} scans compared, ${restricted} parsed only part of the file`);
  assert.ok(compared >= 400, `${compared} files compared`);
  // Most padded fixtures leave code out; the comparison above is only worth something if they do.
  assert.ok(restricted >= 200, `${restricted} of ${compared} scans parsed only part of the file`);
});

/** What a split decides (the lexed-characters count aside). */
function decided(split: ChunkSplit | null): unknown {
  return split && { chunks: split.chunks, regexAtStart: split.regexAtStart };
}

/** Characters typed into code: what opens, closes or hides things from the splitter's lexer. */
const SPLIT_HAZARDS = ['x', ' ', '\n', '\n\n', '\r\n', '"', "'", '`', '${', '}', '{', '(', ')', '[', ']', '/', '//', '/*', '*/', '#', '@', ';', ',', '=', '\\', '"""', 'def f():\n', 'const a = 1\n', '\n  ', 'é'];

test('a split resumed around an edit equals a fresh split of the edited text, on every code fixture and the 200-call files typed into at random', () => {
  const files: Array<{ name: string; syntax: ChunkSyntax; text: string }> = [
    { name: 'bench TS', syntax: 'javascript', text: typescriptWithCalls(30) },
    { name: 'bench Python', syntax: 'python', text: pythonWithCalls(30) },
  ];
  for (const file of codeFixtureFiles(join(root, 'test/fixtures')).sort()) {
    const syntax = SPLIT_LANGUAGES[codeLanguageForPath(file)!];
    if (syntax) files.push({ name: relative(root, file), syntax, text: readFileSync(file, 'utf8') });
  }
  const random = seededRandom(1616);
  let resumed = 0;
  // Letters typed (nothing opened or closed): the lexing catches up with the old split right after the edit's chunk.
  let letterLexed = 0;
  let letterTotal = 0;
  for (const { name, syntax, text: initial } of files) {
    let text = initial;
    let split = splitEdited(syntax, text, null, null);
    const history: string[] = [];
    for (let step = 0; step < 12; step++) {
      const before = text;
      let letter = false;
      if (history.length > 0 && random() < 0.3) text = history.pop()!;
      else {
        history.push(text);
        const start = Math.floor(random() * (text.length + 1));
        const end = random() < 0.3 ? Math.min(text.length, start + 1 + Math.floor(random() * 4)) : start;
        const typed = SPLIT_HAZARDS[Math.floor(random() * SPLIT_HAZARDS.length)];
        letter = end === start && /^[a-zé]$/.test(typed);
        text = text.slice(0, start) + typed + text.slice(end);
      }
      const change = changeBetween(before, text);
      const fresh = splitEdited(syntax, text, null, null);
      const got = split && change ? splitEdited(syntax, text, split, change) : fresh;
      assert.deepEqual(decided(got), decided(fresh), `${name} step ${step}: ${JSON.stringify(change)}`);
      if (split && change && got) resumed++;
      if (split && change && got && letter) {
        // From the chunk the lexing resumed in to the end of the chunk after the one the edit ended in, at most.
        const chunks = split.chunks;
        const resumedAt = [...chunks].reverse().find((chunk) => chunk.start + 2 <= change.start) ?? chunks[0];
        const ended = chunks.findIndex((chunk) => chunk.end > change.oldEnd);
        const limit = (ended < 0 ? text.length - change.newEnd + change.oldEnd : chunks[Math.min(chunks.length - 1, ended + 1)].end) - resumedAt.start + 1;
        assert.ok(got.lexedChars <= limit, `${name} step ${step}: lexed ${got.lexedChars} > ${limit}`);
        letterLexed += got.lexedChars;
        letterTotal += text.length;
      }
      split = got;
    }
  }
  assert.ok(resumed >= 1000, `${resumed} resumed splits compared`);
  console.log(`resumed splits: ${resumed}; letters typed lexed ${letterLexed} of ${letterTotal} characters`);
});

test('a resumed split catches up only where the lexer is in the old state: a `;` deleted before a comment and a regex line', () => {
  // After `;` a `/` starting the third line opens a regex literal; after `1` it divides, and `"(]/…` is an open string.
  const before = 'const a = 1;\n// note\n/["(]/.test(s);\nconst b = 2;\n';
  const after = before.replace(';', '');
  const previous = splitEdited('javascript', before, null, null);
  assert.deepEqual(previous?.regexAtStart, [true, true, true]);
  assert.equal(splitEdited('javascript', after, null, null), null);
  assert.equal(splitEdited('javascript', after, previous, { start: 11, oldEnd: 12, newEnd: 11 }), null);
});

test('a character typed in one prompt of the 200-call files lexes only the chunk holding it', () => {
  for (const [syntax, initial, declaration, user] of [
    ['javascript', typescriptWithCalls(200), 'const PROMPT_100', 'export async function ask100'],
    ['python', pythonWithCalls(200), 'PROMPT_100 =', 'def ask_100'],
  ] as const) {
    const at = initial.indexOf('You are assistant 100') + 10;
    const typed = initial.slice(0, at) + 'x' + initial.slice(at);
    const split = splitEdited(syntax, typed, splitEdited(syntax, initial, null, null), { start: at, oldEnd: at, newEnd: at + 1 });
    assert.deepEqual(decided(split), decided(splitEdited(syntax, typed, null, null)));
    assert.equal(split?.lexedChars, typed.indexOf(user) - typed.indexOf(declaration), syntax);
    assert.equal(split?.chunks.length, 402);
  }
});

/** Cases from an adversarial review where the split once changed a result while the partial parse stayed clean. */
const TS_HEAD = "import OpenAI from 'openai';\nconst client = new OpenAI();\n";
const TS_CALL = "export async function ask(q: string) {\n  return client.chat.completions.create({ model: MODEL, max_tokens: 300, messages: [{ role: 'user', content: q }] });\n}\n";
const PY_HEAD = 'from litellm import completion\n';
const PY_CALL = 'def ask(q):\n    return completion(model=MODEL, max_tokens=300, messages=[{"role": "user", "content": q}])\n';
const REVIEW_CASES: { name: string; language: CodeLanguage; text: string; model: string | null; api: string }[] = [
  { name: 'second statement after `;` on a value line', language: 'typescript', text: `${TS_HEAD}const UNUSED = 1; const MODEL = "gpt-4o";\n${TS_CALL}`, model: 'gpt-4o', api: 'openai.chat.completions' },
  { name: 'assignment inside a value initializer', language: 'typescript', text: `${TS_HEAD}let MODEL;\nconst configured = (MODEL = "gpt-4o-mini");\n${TS_CALL}`, model: 'gpt-4o-mini', api: 'openai.chat.completions' },
  { name: 'statement after the closing brace of a function', language: 'typescript', text: `${TS_HEAD}function noop() {\n  return 1;\n} var MODEL = "gpt-4o";\n${TS_CALL}`, model: 'gpt-4o', api: 'openai.chat.completions' },
  { name: 'decorator and class on one line, then the constant', language: 'typescript', text: `${TS_HEAD}function dec(_: any) {}\n@dec class Other {}\nconst MODEL = "gpt-4o";\n${TS_CALL}`, model: 'gpt-4o', api: 'openai.chat.completions' },
  { name: 'a regex after `if (…)` that the lexer takes for division, desyncing a template', language: 'typescript', text: `${TS_HEAD}declare const flag: boolean;\ndeclare const s: string;\ndeclare const who: string;\nif (flag) /\`/.test(s);\nconst SYSTEM = \`You are terse\nfunction note() {} \${who}\nAnswer in French\n\`;\n// closing \` tick for the lexer\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: q }] });\n}\n`, model: 'gpt-4o', api: 'openai.chat.completions' },
  { name: 'Python: second assignment after `;`', language: 'python', text: `${PY_HEAD}UNUSED = 1; MODEL = "gpt-4o"\n${PY_CALL}`, model: 'gpt-4o', api: 'litellm.completion' },
  { name: 'Python: the SDK imported inside a function', language: 'python', text: 'def _load():\n    import anthropic\n    return anthropic\n\n\nclient = make_client()\n\n\ndef ask(q):\n    return client.messages.create(model="my-model", max_tokens=100, messages=[{"role": "user", "content": q}])\n', model: 'my-model', api: 'anthropic.messages' },
  { name: 'Python: the SDK imported inside a method', language: 'python', text: 'class Loader:\n    def load(self):\n        import anthropic\n        return anthropic\n\n\nclient = make_client()\n\n\ndef ask(q):\n    return client.messages.create(model="my-model", max_tokens=100, messages=[{"role": "user", "content": q}])\n', model: 'my-model', api: 'anthropic.messages' },
];

test('merged statements, assignments inside initializers, one-line decorators, a desynced template and nested imports scan as the whole file does', async () => {
  for (const { name, language, text, model, api } of REVIEW_CASES) {
    const result = await scanCode('review', text, language, { readBundledFile });
    assert.deepEqual(result, await scanCodeFully('review', text, language, { readBundledFile }), name);
    assert.deepEqual(result.sites.filter((site) => site.kind === 'call').map((site) => [site.api, site.model]), [[api, model]], name);
  }
});
