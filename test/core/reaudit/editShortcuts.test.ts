// What a re-audit derives instead of walking the whole text again (issue 16, keystroke target). Its line index, derived
// from the last one after an edit in time of the line count, equals a fresh index of the new text (CR, LF and CRLF split
// or joined by the edit included), and a fresh index (the engine's search when the text has no carriage return) equals
// a character-by-character walk. Its bracket-depth shortcut: an edit that opens nothing and closes nothing less never
// makes a text nest deeper. Its own symbol index entry: tokens lexed again only around the edit equal a fresh lexing, and
// symbols parsed again only in the top-level steps the edit can change equal a fresh extraction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/lineIndex';
import { editKeepsNesting, nestsDeeperThan } from '../../../src/core/scanning/code';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractSymbols, extractSymbolsEdited, lineFeedStarts, tokenize, tokenizeEdited, tokenizeEditedInPlace, type ExtractionTrace, type FileSymbols, type SymbolLanguage } from '../../../src/core/scanning/code/symbolExtract';
import { lineStartsAfterEdit, textHash, withFile } from '../../../src/core/scanning/code/symbolIndex';
import { languageOfPath } from '../../../src/core/languages';
import { seededRandom } from '../../../bench/seededRandom';
import { workspaceWithImports } from '../../../bench/keystrokeFiles';

/** Line starts as the index defines them, one character at a time. */
function referenceStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function starts(index: LineIndex): number[] {
  return Array.from({ length: index.lineCount }, (_, line) => index.lineStart(line));
}

const PIECES = ['a', 'b', ' ', '\n', '\r', '\r\n', '\n\n', 'é', '😀'];

function randomText(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

test('a line index derived after an edit equals a fresh index of the new text (CR, LF, CRLF split and joined)', () => {
  const random = seededRandom(61);
  let checked = 0;
  for (let round = 0; round < 300; round++) {
    let text = randomText(random, Math.floor(random() * 60));
    let index = new LineIndex(text);
    for (let edit = 0; edit < 20; edit++) {
      const start = Math.floor(random() * (text.length + 1));
      const oldEnd = Math.min(text.length, start + Math.floor(random() * 4));
      const inserted = random() < 0.3 ? '' : randomText(random, 1 + Math.floor(random() * 3));
      const next = text.slice(0, start) + inserted + text.slice(oldEnd);
      const derived = LineIndex.afterEdit(index, next, { start, oldEnd, newEnd: start + inserted.length });
      assert.deepEqual(starts(derived), referenceStarts(next), `${JSON.stringify(text)} → ${JSON.stringify(next)}`);
      assert.deepEqual(derived, new LineIndex(next));
      text = next;
      index = derived;
      checked++;
    }
  }
  assert.equal(checked, 6000);
});

test('a fresh line index equals the character-by-character walk, with and without carriage returns', () => {
  const random = seededRandom(62);
  for (let round = 0; round < 500; round++) {
    const text = randomText(random, Math.floor(random() * 200));
    const withoutCr = text.replace(/\r/g, '');
    assert.deepEqual(starts(new LineIndex(text)), referenceStarts(text));
    assert.deepEqual(starts(new LineIndex(withoutCr)), referenceStarts(withoutCr));
  }
  assert.deepEqual(starts(new LineIndex('')), [0]);
  assert.deepEqual(starts(new LineIndex('a\nb\r\nc\rd\n')), [0, 2, 5, 7, 9]);
});

test('an edit that inserts no opening bracket and removes no closing one never makes a text nest deeper than it did', () => {
  const random = seededRandom(63);
  const alphabet = ['(', ')', '[', ']', '{', '}', 'a', ' '];
  const typed = (length: number): string => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  let kept = 0;
  let deeperOtherwise = 0;
  for (let round = 0; round < 4000; round++) {
    const text = typed(Math.floor(random() * 40));
    if (nestsDeeperThan(text, 3)) continue;
    const start = Math.floor(random() * (text.length + 1));
    const end = Math.min(text.length, start + Math.floor(random() * 4));
    const inserted = typed(Math.floor(random() * 3));
    const next = text.slice(0, start) + inserted + text.slice(end);
    if (editKeepsNesting(text.slice(start, end), inserted)) {
      kept++;
      assert.equal(nestsDeeperThan(next, 3), false, `${JSON.stringify(text)} → ${JSON.stringify(next)}`);
    } else if (nestsDeeperThan(next, 3)) deeperOtherwise++;
  }
  // Both sides are reached: many edits keep the depth, and other edits do go past the limit.
  assert.ok(kept > 500, `${kept} edits kept the nesting`);
  assert.ok(deeperOtherwise > 20, `${deeperOtherwise} other edits nested deeper`);
});

/** Characters typed into code: the ones that change how a tokenizer reads what follows among them. */
const CODE_KEYS = ['a', 'f', ' ', '\n', '\r\n', '"', "'", '`', '"""', '\\', '{', '}', '${', '#{', '#', '//', '/*', '*/', '(', ')', '[', ']', ':', ';', '.', '=', 'é', '😀'];

test('tokens lexed again only around an edit equal a fresh tokenization, and withFile keeps extracting what a fresh extraction does', () => {
  const root = join(__dirname, '../../../..');
  const files = [
    'test/fixtures/code/large',
    'test/fixtures/code/chunks',
    'test/fixtures/code/corpus/other-langs',
    'test/fixtures/resolve-corpus/go-service/internal/llm',
  ].flatMap((folder) => readdirSync(join(root, folder)).filter((name) => /\.(ts|tsx|js|mjs|py|go|rb|java|cs)$/.test(name)).map((name) => `${folder}/${name}`));
  const random = seededRandom(64);
  let edits = 0;
  let resumed = 0;
  let caughtUp = 0;
  const languages = new Set<string>();
  for (const path of files.sort()) {
    const file = path.replace(/^test\/fixtures\//, '');
    const language = symbolLanguageOf(file);
    if (!language) continue;
    languages.add(language);
    let text = readFileSync(join(root, path), 'utf8');
    let tokens = tokenize(text, language);
    let symbols = withFile({ files: new Map(), hashes: new Map(), dotenv: new Map(), texts: new Map(), aliases: new Map(), folders: new Map() }, file, text);
    for (let step = 0; step < 25; step++) {
      const start = Math.floor(random() * (text.length + 1));
      const oldEnd = Math.min(text.length, start + (random() < 0.5 ? 0 : Math.floor(random() * 4)));
      const inserted = random() < 0.25 ? '' : CODE_KEYS[Math.floor(random() * CODE_KEYS.length)];
      const next = text.slice(0, start) + inserted + text.slice(oldEnd);
      const fresh = tokenize(next, language);
      const edited = tokenizeEdited(next, language, { tokens, lineStarts: lineFeedStarts(text), start, oldEnd, newEnd: start + inserted.length });
      // The line starts withFile keeps for the next edit: derived from the previous ones, as a fresh walk finds them.
      assert.deepEqual(lineStartsAfterEdit(lineFeedStarts(text), next, { start, oldEnd, newEnd: start + inserted.length }), lineFeedStarts(next), `${file} step ${step}: line starts`);
      assert.deepEqual(edited, fresh, `${file} step ${step}: ${JSON.stringify(text.slice(start - 10, oldEnd + 10))} → ${JSON.stringify(inserted)}`);
      // Old tokens kept before the edit, and (when no line was added or removed) the same objects after it.
      if (edited.some((token, index) => token === tokens[index])) resumed++;
      if (edited.length > 2 && edited[edited.length - 1] === tokens[tokens.length - 1]) caughtUp++;
      const older = symbols;
      symbols = withFile(symbols, file, next);
      assert.deepEqual(symbols.files.get(file), extractSymbols(next, language), `${file} step ${step}: symbols`);
      // The index it was made from is still a starting point (its tokens may have been taken over: then lexed afresh).
      if (step % 5 === 0) assert.deepEqual(withFile(older, file, `${next}\n`).files.get(file), extractSymbols(`${next}\n`, language), `${file} step ${step}: from the older index`);
      text = next;
      tokens = edited;
      edits++;
    }
    // The hashes are built when read, from the first index of the chain, with the last text's hash.
    assert.ok(Object.getOwnPropertyDescriptor(symbols, 'hashes')?.get, `${file}: hashes not built before they are read`);
    assert.deepEqual([...symbols.hashes], [[file, textHash(text)]]);
    assert.equal(Object.getOwnPropertyDescriptor(symbols, 'hashes')?.get, undefined);
    assert.equal(symbols.hashes, symbols.hashes);
    // The text it holds already: the same index (the editor asks nothing else before replacing its index).
    assert.equal(withFile(symbols, file, text), symbols);
    assert.notEqual(withFile(symbols, file, `${text} `), symbols);
  }
  assert.deepEqual([...languages].sort(), ['go', 'java', 'js', 'python', 'ruby']);
  assert.ok(edits >= 500, `${edits} edits`);
  assert.ok(resumed > edits / 2, `${resumed} of ${edits} edits reused tokens before the edit`);
  assert.ok(caughtUp > edits / 4, `${caughtUp} of ${edits} edits reused the tokens after the edit`);
});

function symbolLanguageOf(file: string): SymbolLanguage | null {
  const family = languageOfPath(file)?.family;
  return family === 'python' ? 'python' : family === 'javascript' ? 'js' : family === 'go' ? 'go' : family === 'java' || family === 'csharp' ? 'java' : family === 'ruby' ? 'ruby' : null;
}

test('an index withFile made builds its hashes when they are read: every other file as the base had it, in the same order, the edited file with its last text', () => {
  const base = { files: new Map(), hashes: new Map([['src/a.ts', 'h-a'], ['src/b.ts', 'h-b'], ['.env', 'h-env']]), dotenv: new Map(), texts: new Map(), aliases: new Map(), folders: new Map() };
  let index = withFile(base, 'src/b.ts', 'export const MODEL = "gpt-4o";\n');
  for (const typed of ['x', 'y', 'z']) index = withFile(index, 'src/b.ts', `export const MODEL = "gpt-4o${typed}";\n`);
  // Another file edited on top: its hashes extend the ones above (read then, once).
  const other = withFile(index, 'src/c.ts', 'export const CAP = 256;\n');
  assert.deepEqual([...other.hashes], [['src/a.ts', 'h-a'], ['src/b.ts', textHash('export const MODEL = "gpt-4oz";\n')], ['.env', 'h-env'], ['src/c.ts', textHash('export const CAP = 256;\n')]]);
  assert.deepEqual([...index.hashes], [['src/a.ts', 'h-a'], ['src/b.ts', textHash('export const MODEL = "gpt-4oz";\n')], ['.env', 'h-env']]);
  // A structured clone (a worker message) carries them as a plain Map; the base is untouched.
  assert.deepEqual([...structuredClone(withFile(base, 'src/a.ts', 'export {};\n')).hashes], [['src/a.ts', textHash('export {};\n')], ['src/b.ts', 'h-b'], ['.env', 'h-env']]);
  assert.deepEqual([...base.hashes], [['src/a.ts', 'h-a'], ['src/b.ts', 'h-b'], ['.env', 'h-env']]);
});

/** FileSymbols with its maps as entry lists: equal only when every map holds the same entries in the same order. */
function inOrder(symbols: FileSymbols): unknown {
  return JSON.parse(JSON.stringify(symbols, (_key, value: unknown) => (value instanceof Map ? { map: [...value] } : value)));
}

test('symbols parsed again only in the top-level steps an edit can change equal a fresh extraction, map order included', () => {
  const root = join(__dirname, '../../../..');
  const files = [
    'test/fixtures/code/large',
    'test/fixtures/code/chunks',
    'test/fixtures/code/corpus/other-langs',
    'test/fixtures/code/corpus/prompts',
    'test/fixtures/resolve-corpus/go-service/internal/llm',
    'test/fixtures/resolve-corpus/fastapi-rag/app/core',
    'test/fixtures/resolve-corpus/fastapi-service/app',
    'test/fixtures/resolve-corpus/agents/agentkit',
    'test/fixtures/resolve-corpus3/rails-helpdesk/app/prompts',
    'test/fixtures/resolve-corpus3/rails-helpdesk/config/initializers',
  ].flatMap((folder) => readdirSync(join(root, folder)).filter((name) => /\.(ts|tsx|js|mjs|py|go|rb|java|cs)$/.test(name)).map((name) => `${folder}/${name}`));
  const random = seededRandom(65);
  let edits = 0;
  let partial = 0;
  let inPlace = 0;
  const languages = new Set<string>();
  for (const path of files.sort()) {
    const language = symbolLanguageOf(path);
    if (!language) continue;
    languages.add(language);
    let text = readFileSync(join(root, path), 'utf8');
    let tokens = tokenize(text, language);
    let trace: ExtractionTrace = extractSymbolsEdited(language, tokens, null).trace;
    const wholeSteps = trace.starts.length;
    for (let step = 0; step < 40; step++) {
      const start = Math.floor(random() * (text.length + 1));
      const oldEnd = Math.min(text.length, start + (random() < 0.5 ? 0 : Math.floor(random() * 6)));
      const inserted = random() < 0.2 ? '' : CODE_KEYS[Math.floor(random() * CODE_KEYS.length)];
      const next = text.slice(0, start) + inserted + text.slice(oldEnd);
      const edited = tokenizeEdited(next, language, { tokens, lineStarts: lineFeedStarts(text), start, oldEnd, newEnd: start + inserted.length });
      const result = extractSymbolsEdited(language, edited, trace);
      const where = `${path} step ${step}: ${JSON.stringify(text.slice(start - 10, oldEnd + 10))} → ${JSON.stringify(inserted)}`;
      assert.deepEqual(inOrder(result.symbols), inOrder(extractSymbols(next, language)), where);
      // The same edit lexed into the old array itself: the same tokens, the old objects outside the change it reports,
      // and the extraction told that change equal to the fresh one.
      const owned = tokens.slice();
      const lexed = tokenizeEditedInPlace(next, language, { tokens: owned, lineStarts: lineFeedStarts(text), start, oldEnd, newEnd: start + inserted.length });
      assert.deepEqual(lexed.tokens, edited, `${where}: in place`);
      if (lexed.inPlace) inPlace++;
      const { change } = lexed;
      assert.ok(lexed.tokens.slice(0, change.start).every((token, index) => token === tokens[index]), `${where}: kept before`);
      assert.ok(lexed.tokens.slice(change.newEnd).every((token, index) => token === tokens[change.oldEnd + index]), `${where}: kept after`);
      assert.deepEqual(inOrder(extractSymbolsEdited(language, lexed.tokens, trace, change).symbols), inOrder(extractSymbols(next, language)), `${where}: told the change`);
      // The trace it leaves is a fresh extraction's (the next edit resumes from it).
      const fresh: ExtractionTrace = extractSymbolsEdited(language, edited, null).trace;
      assert.deepEqual([result.trace.starts, result.trace.reaches, result.trace.states, result.trace.effectsBefore, result.trace.literals, result.trace.djangoNames], [fresh.starts, fresh.reaches, fresh.states, fresh.effectsBefore, fresh.literals, fresh.djangoNames], `${where}: trace`);
      if (result.reparsedSteps < wholeSteps / 2) partial++;
      text = next;
      tokens = edited;
      trace = result.trace;
      edits++;
    }
  }
  assert.deepEqual([...languages].sort(), ['go', 'java', 'js', 'python', 'ruby']);
  assert.ok(edits >= 800, `${edits} edits`);
  assert.ok(partial > edits / 2, `${partial} of ${edits} edits parsed fewer than half the steps again`);
  assert.ok(inPlace > edits / 3, `${inPlace} of ${edits} edits updated the tokens in place`);
});

test('a key typed in a prompt of the 200-call files parses one top-level step again, and an added line all that follow it', () => {
  for (const [language, symbolLanguage] of [['typescript', 'js'], ['python', 'python']] as const) {
    const { text } = workspaceWithImports(language, 200);
    const tokens = tokenize(text, symbolLanguage);
    const { trace } = extractSymbolsEdited(symbolLanguage, tokens, null);
    const at = text.indexOf('You are assistant 100') + 'You are assistant'.length;
    const typed = (inserted: string): number => {
      const next = text.slice(0, at) + inserted + text.slice(at);
      const edited = tokenizeEdited(next, symbolLanguage, { tokens, lineStarts: lineFeedStarts(text), start: at, oldEnd: at, newEnd: at + inserted.length });
      const result = extractSymbolsEdited(symbolLanguage, edited, trace);
      assert.deepEqual(inOrder(result.symbols), inOrder(extractSymbols(next, symbolLanguage)), `${language} ${JSON.stringify(inserted)}`);
      return result.reparsedSteps;
    };
    assert.equal(typed('x'), 1, language);
    // A line break moves the line of every token after it: those steps are parsed again (their bindings cite lines).
    assert.ok(typed('\n') > trace.starts.length / 3, language);
  }
});
