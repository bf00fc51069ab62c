// Which top-level chunks of code an edit can change the sites of, and which must be parsed with them so that those
// sites come out as a scan of the whole file finds them. Every other chunk's sites are carried over unchanged.
import { mayContainSites } from '../scanning/code';
import { boundNames, wordPattern, type TopLevelChunk } from '../scanning/code/topLevelChunks';

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
export function chunksToRescan(chunks: readonly TopLevelChunk[], text: string, changed: readonly boolean[], replaced: ReadonlyArray<{ chunk: TopLevelChunk; text: string }>, functionsFeedValues = false): ChunkSelection {
  const body = chunks.map((chunk) => text.slice(chunk.start, chunk.end));
  const all = (): ChunkSelection => ({ parsed: chunks.map(() => true) });
  const namesOf = (chunk: TopLevelChunk, chunkText: string): string[] => (functionsFeedValues && chunk.kind === 'function' ? chunk.names : boundNames(chunk, true, chunkText));
  // 1. Affected: changed chunks, and chunks using a name a changed (or replaced) chunk binds, transitively.
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
  // 2. Parsed: the affected chunks, imports and unclassified code; values that parsed code (or the replaced chunks'
  // old text) mentions; and every chunk mentioning a parsed value that may hold a prompt (whether a call consumes it).
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
