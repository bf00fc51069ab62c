// Which chunks a re-audit parses again: the word sets the re-audit keeps per chunk decide exactly what the name
// patterns over the chunks' texts decided (a reference copy of that search below), on every code fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chunksToRescan, wordsIn, type ChunkSelection } from '../../../src/core/reaudit/changedChunks';
import { mayContainSites } from '../../../src/core/scanning/code';
import { boundNames, splitJavaScript, splitPython, wordPattern, type TopLevelChunk } from '../../../src/core/scanning/code/topLevelChunks';
import { seededRandom } from '../../../bench/seededRandom';
import { pythonWithCalls, typescriptWithCalls } from '../../../bench/keystrokeFiles';

const root = join(__dirname, '../../../..');
const MAX_ROUNDS = 12;

/** The selection as the name patterns over every chunk's text made it (before the word sets). */
function referenceSelection(chunks: readonly TopLevelChunk[], text: string, changed: readonly boolean[], replaced: ReadonlyArray<{ chunk: TopLevelChunk; text: string }>, functionsFeedValues: boolean): ChunkSelection {
  const body = chunks.map((chunk) => text.slice(chunk.start, chunk.end));
  const all = (): ChunkSelection => ({ parsed: chunks.map(() => true) });
  const namesOf = (chunk: TopLevelChunk, chunkText: string): string[] => (functionsFeedValues && chunk.kind === 'function' ? chunk.names : boundNames(chunk, true, chunkText));
  const affected = [...changed];
  let bound = [...replaced.flatMap(({ chunk, text: old }) => namesOf(chunk, old)), ...affected.flatMap((isAffected, index) => (isAffected ? namesOf(chunks[index], body[index]) : []))];
  for (let round = 0; bound.length > 0; round++) {
    if (round >= MAX_ROUNDS) return all();
    const uses = wordPattern(bound, '');
    const next: number[] = [];
    body.forEach((chunkText, index) => {
      if (!affected[index] && uses.test(chunkText)) {
        affected[index] = true;
        next.push(index);
      }
    });
    bound = next.flatMap((index) => namesOf(chunks[index], body[index]));
  }
  const parsed = chunks.map((chunk, index) => affected[index] || chunk.kind === 'import' || chunk.kind === 'other');
  const valuesByName = new Map<string, number[]>();
  chunks.forEach((chunk, index) => {
    if (chunk.kind === 'value') for (const name of chunk.names) valuesByName.set(name, [...(valuesByName.get(name) ?? []), index]);
  });
  const mentionPattern = valuesByName.size > 0 ? wordPattern([...valuesByName.keys()], 'g') : null;
  const promptValue = chunks.map((chunk, index) => chunk.kind === 'value' && mayContainSites(body[index]));
  let fresh = parsed.flatMap((isParsed, index) => (isParsed ? [index] : []));
  let oldTexts = replaced.map(({ text: old }) => old);
  for (let round = 0; fresh.length > 0 || oldTexts.length > 0; round++) {
    if (round >= MAX_ROUNDS) return all();
    const next: number[] = [];
    const parse = (index: number): void => {
      if (parsed[index]) return;
      parsed[index] = true;
      next.push(index);
    };
    if (mentionPattern) {
      for (const chunkText of [...fresh.map((index) => body[index]), ...oldTexts]) {
        mentionPattern.lastIndex = 0;
        for (let match = mentionPattern.exec(chunkText); match; match = mentionPattern.exec(chunkText)) valuesByName.get(match[0])?.forEach(parse);
      }
    }
    const promptNames = fresh.filter((index) => promptValue[index]).flatMap((index) => chunks[index].names);
    if (promptNames.length > 0) {
      const uses = wordPattern(promptNames, '');
      body.forEach((chunkText, index) => {
        if (uses.test(chunkText)) parse(index);
      });
    }
    fresh = next;
    oldTexts = [];
  }
  return { parsed };
}

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : codeFiles(full);
    return /\.(ts|tsx|js|mjs|py)$/.test(entry.name) ? [full] : [];
  });
}

test('the chunks to parse again, found through per-chunk word sets, are the ones the name patterns over the chunk texts find', () => {
  const files: Array<{ name: string; text: string }> = [
    { name: 'bench.ts', text: typescriptWithCalls(40) },
    { name: 'bench.py', text: pythonWithCalls(40) },
    ...codeFiles(join(root, 'test/fixtures')).sort().map((file) => ({ name: file, text: readFileSync(file, 'utf8') })),
  ];
  const random = seededRandom(2016);
  let compared = 0;
  let widened = 0;
  for (const { name, text } of files) {
    const chunks = name.endsWith('.py') ? splitPython(text) : splitJavaScript(text);
    if (!chunks || chunks.length < 2) continue;
    const words = chunks.map((chunk) => wordsIn(text.slice(chunk.start, chunk.end)));
    for (let trial = 0; trial < 6; trial++) {
      const changed: boolean[] = chunks.map(() => random() < 1.5 / chunks.length);
      // Now and then a chunk the edit replaced: its old text binds names too (here another chunk's text stands in).
      const replaced: Array<{ chunk: TopLevelChunk; text: string }> = random() < 0.3 ? [chunks[Math.floor(random() * chunks.length)]].map((chunk) => ({ chunk, text: text.slice(chunk.start, chunk.end) })) : [];
      for (const functionsFeedValues of [false, true]) {
        const expected = referenceSelection(chunks, text, changed, replaced, functionsFeedValues);
        assert.deepEqual(chunksToRescan(chunks, text, changed, replaced, functionsFeedValues, words), expected, `${name} trial ${trial}`);
        assert.deepEqual(chunksToRescan(chunks, text, changed, replaced, functionsFeedValues), expected, `${name} trial ${trial}, word sets made on demand`);
        compared++;
        if (expected.parsed.filter(Boolean).length > changed.filter(Boolean).length + 2) widened++;
      }
    }
  }
  assert.ok(compared >= 1000, `${compared} selections compared`);
  // The closure must have had work to do in many of them (names linking chunks), or the comparison says little.
  assert.ok(widened >= compared / 4, `${widened} of ${compared} selections went past the changed chunks`);
});

test('the words of a chunk are its runs of word characters, `$` included', () => {
  assert.deepEqual([...wordsIn('const $el = PROMPT_1 + café; // x2\n')], ['const', '$el', 'PROMPT_1', 'caf', 'x2']);
  assert.deepEqual([...wordsIn('  \n')], []);
});
