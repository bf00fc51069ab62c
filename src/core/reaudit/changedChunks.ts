// Which top-level chunks of code an edit can change the sites of, and which must be parsed with them so that those
// sites come out as a scan of the whole file finds them. Every other chunk's sites are carried over unchanged.
import { mayContainSites } from '../scanning/code';
import { boundNames, type TopLevelChunk } from '../scanning/code/topLevelChunks';

/** Past this many rounds of any closure, the file is parsed whole (all chunks). */
const MAX_ROUNDS = 12;

export interface ChunkSelection {
  /** Chunks to parse and scan again: their sites replace the old ones. */
  parsed: boolean[];
}

/**
 * `changed`: per new chunk, whether its text is new. `replaced`: the old chunks no new chunk carries over (their text,
 * from the old version of the file). A site depends on its chunk's text, on the values its code mentions and on the
 * imports and unclassified top-level code (always parsed); a value holding a prompt is a site unless a call consumes
 * it, so such a value is parsed with every chunk that mentions it. `functionsFeedValues`: with the workspace symbol
 * index present, a call of the file's own function resolves to what its body returns (through the file's own index
 * entry), so a function's users depend on its body too.
 */
export function chunksToRescan(chunks: readonly TopLevelChunk[], text: string, changed: readonly boolean[], replaced: ReadonlyArray<{ chunk: TopLevelChunk; text: string }>, functionsFeedValues = false, words?: ReadonlyArray<ReadonlySet<string>>): ChunkSelection {
  // Chunk texts and word sets are read for the chunks a round looks into (a keystroke's: a few), made when first read.
  const bodies: Array<string | undefined> = [];
  const body = (index: number): string => (bodies[index] ??= text.slice(chunks[index].start, chunks[index].end));
  const wordSets: Array<ReadonlySet<string> | undefined> = [];
  const wordsOf = (index: number): ReadonlySet<string> => words?.[index] ?? (wordSets[index] ??= wordsIn(body(index)));
  /** True when the chunk has one of the names as a word: what `wordPattern(names)` finds in its text (names are word runs). */
  const uses = (index: number, names: ReadonlySet<string>): boolean => {
    const chunkWords = wordsOf(index);
    if (names.size <= chunkWords.size) {
      for (const name of names) if (chunkWords.has(name)) return true;
    } else for (const word of chunkWords) if (names.has(word)) return true;
    return false;
  };
  const all = (): ChunkSelection => ({ parsed: chunks.map(() => true) });
  const namesOf = (chunk: TopLevelChunk, chunkText: () => string): string[] => (functionsFeedValues && chunk.kind === 'function' ? chunk.names : boundNames(chunk, true, chunk.kind === 'other' ? chunkText() : ''));
  // 1. Affected: changed chunks, and chunks using a name a changed (or replaced) chunk binds, transitively.
  const affected = [...changed];
  let bound = [...replaced.flatMap(({ chunk, text: old }) => namesOf(chunk, () => old)), ...affected.flatMap((isAffected, index) => (isAffected ? namesOf(chunks[index], () => body(index)) : []))];
  for (let round = 0; bound.length > 0; round++) {
    if (round >= MAX_ROUNDS) return all();
    const names = new Set(bound);
    const next: number[] = [];
    for (let index = 0; index < chunks.length; index++) {
      if (!affected[index] && uses(index, names)) {
        affected[index] = true;
        next.push(index);
      }
    }
    bound = next.flatMap((index) => namesOf(chunks[index], () => body(index)));
  }
  // 2. Parsed: the affected chunks, imports and unclassified code; values that parsed code (or the replaced chunks'
  // old text) mentions; and every chunk mentioning a parsed value that may hold a prompt (whether a call consumes it).
  const parsed = chunks.map((chunk, index) => affected[index] || chunk.kind === 'import' || chunk.kind === 'other');
  const valuesByName = new Map<string, number[]>();
  chunks.forEach((chunk, index) => {
    if (chunk.kind !== 'value') return;
    for (const name of chunk.names) {
      const holders = valuesByName.get(name);
      if (holders) holders.push(index);
      else valuesByName.set(name, [index]);
    }
  });
  const promptValue = (index: number): boolean => chunks[index].kind === 'value' && mayContainSites(body(index));
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
    // Values a parsed chunk (or a replaced chunk's old text) mentions by name.
    if (valuesByName.size > 0) {
      for (const chunkWords of [...fresh.map((index) => wordsOf(index)), ...oldTexts.map(wordsIn)]) {
        for (const word of chunkWords) valuesByName.get(word)?.forEach(parse);
      }
    }
    const promptNames = new Set(fresh.filter(promptValue).flatMap((index) => chunks[index].names));
    if (promptNames.size > 0) {
      for (let index = 0; index < chunks.length; index++) if (uses(index, promptNames)) parse(index);
    }
    fresh = next;
    oldTexts = [];
  }
  return { parsed };
}

const WORD_RUN = /[\w$]+/g;

/**
 * The runs of word characters (`[\w$]`) in a chunk's text: a name is a word of it exactly when `wordPattern([name])`
 * matches the text (names are such runs). Kept per chunk by the re-audit, so a keystroke reads only the edited chunks.
 */
export function wordsIn(chunkText: string): Set<string> {
  return new Set(chunkText.match(WORD_RUN));
}
