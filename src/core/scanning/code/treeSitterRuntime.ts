// Loads the tree-sitter runtime once and each grammar on first use; parses and queries within work limits.
// Runs unchanged in Node and in the web worker host: bytes come from the host's ReadBundledFile.
import { Language, Parser, Query, type Node, type Tree } from 'web-tree-sitter';
import type { ReadBundledFile } from '../../host';
import { markStartup } from '../../startupMarks';
import type { IncludedRange } from './topLevelChunks';
import type { LanguageQuery } from './queryFiles';
import { PARSE_STEP_LIMIT, PARSE_TIME_LIMIT_MS, QUERY_MATCH_LIMIT, QUERY_STEP_LIMIT } from './workLimits';

export type { GrammarName } from '../../languages';
import type { GrammarName } from '../../languages';

export interface LoadedGrammar {
  language: Language;
  parser: Parser;
  queries: Map<string, Query>;
  /** Patterns this grammar rejected; each costs an extra compile of the whole query, so adapters should send none. */
  droppedPatterns: string[];
  /** The one query compiled from part of a pattern list (see `queryForText`), with the patterns it holds. */
  partialQuery: { patterns: ReadonlySet<string>; query: Query } | null;
}

let runtimeReady: Promise<void> | null = null;
/**
 * Set once the wasm runtime has trapped (a parser stack overflow on pathological input): its memory may be corrupt
 * and web-tree-sitter cannot be re-initialised, so nothing parsed afterwards is trusted.
 */
let runtimeFault: string | null = null;

function faultMessage(fault: string): string {
  return `the code parser stopped working after an earlier crash (${fault}); reload to scan code again`;
}

/** Records a wasm trap (the only errors that can leave the shared runtime corrupt); other errors are left alone. */
export function noteRuntimeError(error: unknown): void {
  if (!runtimeFault && typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) runtimeFault = error.message;
}
const grammars = new Map<GrammarName, Promise<LoadedGrammar>>();

const now = (): number => (globalThis.performance ?? Date).now();

/** Starts the tree-sitter runtime once (shared by all grammars); exported for the bench. */
export function initRuntime(readBundledFile: ReadBundledFile): Promise<void> {
  if (!runtimeReady) {
    runtimeReady = (async () => {
      markStartup('tree-sitter-runtime-start');
      const wasmBinary = await readBundledFile('tree-sitter.wasm');
      markStartup('tree-sitter-runtime-read');
      // locateFile is needed even with wasmBinary: without it the glue builds a URL from an emptied import.meta.
      await Parser.init({ wasmBinary, locateFile: (file: string) => file } as unknown as Parameters<typeof Parser.init>[0]);
      markStartup('tree-sitter-runtime-end');
    })();
    // A failed init (missing file) must not poison later attempts.
    runtimeReady.catch(() => {
      runtimeReady = null;
    });
  }
  return runtimeReady;
}

/** Returns the parser for a grammar; concurrent first calls share one runtime init and one grammar load. */
export function loadGrammar(name: GrammarName, readBundledFile: ReadBundledFile): Promise<LoadedGrammar> {
  if (runtimeFault) return Promise.reject(new Error(faultMessage(runtimeFault)));
  let pending = grammars.get(name);
  if (!pending) {
    // The grammar's bytes are read while the runtime starts (both are reads first, and the first scan waits for both).
    markStartup(`grammar-${name}-start`);
    const reading = new Promise<Uint8Array>((resolve) => resolve(readBundledFile(`tree-sitter-${name}.wasm`)));
    reading.catch(() => undefined); // reported by the await below, once the runtime is up
    pending = (async () => {
      await initRuntime(readBundledFile);
      const bytes = await reading;
      markStartup(`grammar-${name}-read`);
      const language = await Language.load(bytes);
      markStartup(`grammar-${name}-end`);
      const parser = new Parser();
      parser.setLanguage(language);
      return { language, parser, queries: new Map(), droppedPatterns: [], partialQuery: null };
    })();
    grammars.set(name, pending);
    pending.catch(() => grammars.delete(name));
  }
  return pending;
}

/**
 * Compiles a query once per grammar and keeps it. A pattern the grammar rejects is left out (and recorded), so a
 * grammar update that renames a node type degrades one pattern instead of the whole scan.
 */
export function compiledQuery(grammar: LoadedGrammar, patterns: readonly string[]): Query {
  const key = patterns.join('\n');
  let query = grammar.queries.get(key);
  if (!query) {
    markStartup('query-compile-start');
    let kept = [...patterns];
    // Each failed compile names the offset of the bad pattern: drop it and retry (a handful of compiles at most).
    for (let attempt = 0; attempt <= patterns.length && !query; attempt++) {
      try {
        query = new Query(grammar.language, kept.join('\n'));
      } catch (error) {
        const offset = Number(/offset (\d+)/.exec(String((error as Error).message))?.[1] ?? NaN);
        let position = 0;
        const bad = Number.isFinite(offset)
          ? kept.findIndex((pattern) => {
              const inside = offset >= position && offset <= position + pattern.length;
              position += pattern.length + 1;
              return inside;
            })
          : -1;
        kept = bad >= 0 ? kept.filter((_, index) => index !== bad) : kept.filter((pattern) => compiles(grammar.language, pattern));
      }
    }
    for (const pattern of patterns) if (!kept.includes(pattern)) grammar.droppedPatterns.push(pattern);
    if (!query) query = new Query(grammar.language, '');
    grammar.queries.set(key, query);
    markStartup('query-compile-end');
  }
  return query;
}

/**
 * Texts up to this size may run a query of part of the patterns (`queryForText`): their searches stay far below the
 * query's step limit, so the patterns left out change no other match.
 */
export const PARTIAL_QUERY_MAX_CHARS = 64 * 1024;

/** What a scan may leave out of a small text's query: the `; needs:` words and top node types of patterns (queryFiles.ts). */
export type PatternSelection = Pick<LanguageQuery, 'needs' | 'roots'>;

/** Options of `queryForText`. */
export interface QueryForTextOptions {
  /** The node the query will search (the text's tree): patterns whose top node type it lacks are left out too. */
  tree?: Node;
  /** Only the editor's warm-up, for the document it is about to scan, compiles a partial query. */
  mayCompilePartial?: boolean;
}

/**
 * The query to run over `text`: the whole pattern list once that is compiled, else the grammar's partial query when
 * the text is small and none of the patterns it left out can match there, else the whole list. A pattern can't match
 * where its `needs` words are not in the text, nor in a tree without a node of its top type (`patternsFor`). Only
 * `mayCompilePartial` (the editor's warm-up for the document it is about to scan) compiles a partial query, once per
 * grammar: tree-sitter analyses every pattern against the grammar when it compiles a query (TypeScript's whole list
 * ~75 ms in Node, 200–290 ms in the web host) and a code file's first CodeLens waits for it, while a document rarely
 * needs the class, `this`, `+=`, `require` or `push` patterns, and many hold no `x = …` assignment (TypeScript's four
 * assignment patterns are the most costly to compile). A run of many files (the CLI, a workspace audit) compiles the
 * whole list at once: a partial query first would only add a compile. A pattern that cannot match leaves the other
 * matches unchanged; a caller re-runs with the whole list when a partial search reaches a limit (`partial`).
 */
export function queryForText(grammar: LoadedGrammar, patterns: readonly string[], selection: PatternSelection, text: string, options: QueryForTextOptions = {}): { query: Query; partial: boolean } {
  const whole = (): { query: Query; partial: boolean } => ({ query: compiledQuery(grammar, patterns), partial: false });
  const partial = grammar.partialQuery;
  if ((!partial && !options.mayCompilePartial) || (selection.needs.size === 0 && selection.roots.size === 0) || text.length > PARTIAL_QUERY_MAX_CHARS || grammar.queries.has(patterns.join('\n'))) return whole();
  if (partial) {
    const leftOut = patterns.filter((pattern) => !partial.patterns.has(pattern));
    return patternsFor(leftOut, selection, text, options.tree).length === 0 ? { query: partial.query, partial: true } : whole();
  }
  const wanted = patternsFor(patterns, selection, text, options.tree);
  if (wanted.length === patterns.length) return whole();
  const query = compiledQuery(grammar, wanted);
  grammar.partialQuery = { patterns: new Set(wanted), query };
  return { query, partial: true };
}

/**
 * The patterns that can match in `text` (and under `tree`, when given): those whose `needs` words the text holds, and
 * of those, the ones with a node of their top type in the tree (one search of the tree for all the types).
 */
export function patternsFor(patterns: readonly string[], selection: PatternSelection, text: string, tree?: Node): string[] {
  const byWords = patterns.filter((pattern) => selection.needs.get(pattern)?.some((word) => text.includes(word)) ?? true);
  if (!tree) return byWords;
  const types = new Set(byWords.flatMap((pattern) => selection.roots.get(pattern) ?? []));
  if (types.size === 0) return byWords;
  const present = typesPresent(tree, types);
  return byWords.filter((pattern) => selection.roots.get(pattern)?.some((type) => present.has(type)) ?? true);
}

/**
 * Which of `types` a node of `tree` (itself included) has. A type that is not a visible node's (a supertype such as
 * `expression`, which a query names to match its subtypes; a name the grammar lacks) counts as present: a search of
 * the tree cannot tell.
 */
function typesPresent(tree: Node, types: ReadonlySet<string>): Set<string> {
  const language = tree.tree.language;
  const present = new Set<string>();
  const searched: string[] = [];
  for (const type of types) {
    const id = language.idForNodeType(type, true);
    if (id !== null && language.nodeTypeIsVisible(id)) searched.push(type);
    else present.add(type);
  }
  if (searched.length > 0) for (const node of tree.descendantsOfType(searched)) if (node) present.add(node.type);
  return present;
}

function compiles(language: Language, pattern: string): boolean {
  try {
    new Query(language, pattern).delete();
    return true;
  } catch {
    return false;
  }
}

export type ParseOutcome = { tree: Tree; stopped: null } | { tree: null; stopped: 'steps' | 'time' };

export interface ParseLimits {
  /** Progress reports (one per 100 parse operations) before the parse is abandoned. */
  maxSteps?: number;
  /** Wall-clock safety net. */
  timeLimitMs?: number;
  /** Parse only these parts of the text (as if the rest were absent); the whole text when absent. */
  includedRanges?: IncludedRange[];
}

/**
 * Parses `text`, giving up after `maxSteps` progress reports (deterministic: they depend only on the text) or, as a
 * last resort, after `timeLimitMs`. The caller must `delete()` the tree.
 */
export function parseBounded(grammar: LoadedGrammar, text: string, limits: ParseLimits = {}): ParseOutcome {
  if (runtimeFault) throw new Error(faultMessage(runtimeFault));
  const maxSteps = limits.maxSteps ?? PARSE_STEP_LIMIT;
  const deadline = now() + (limits.timeLimitMs ?? PARSE_TIME_LIMIT_MS);
  const { parser } = grammar;
  let steps = 0;
  let stopped: 'steps' | 'time' | null = null;
  let tree: Tree | null;
  try {
    // A previous cancelled parse would otherwise resume on the next document.
    parser.reset();
    // With included ranges tree-sitter reads from each range start again; web-tree-sitter copies up to 5,120
    // characters per read of a plain string, so small slices cost less (3.7 -> 2.6 ms for 15 ranges of 83 KB).
    const input = limits.includedRanges ? (index: number) => text.slice(index, index + 1024) : text;
    tree = parser.parse(input, null, {
      ...(limits.includedRanges ? { includedRanges: limits.includedRanges } : {}),
      progressCallback: () => {
        if (++steps > maxSteps) stopped = 'steps';
        else if (now() > deadline) stopped = 'time';
        return stopped !== null;
      },
    });
  } catch (error) {
    noteRuntimeError(error);
    throw error;
  }
  if (!tree) {
    parser.reset();
    return { tree: null, stopped: stopped ?? 'time' };
  }
  return { tree, stopped: null };
}

export interface CaptureGroup {
  captures: { name: string; node: Node }[];
}

export interface QueryOutcome {
  matches: CaptureGroup[];
  /** Offset (UTF-16) the search had reached when its step limit stopped it; null when it searched the whole node. */
  stoppedAt: number | null;
  /** True when more matches were unfinished at once than `QUERY_MATCH_LIMIT`: tree-sitter then drops the oldest. */
  droppedMatches: boolean;
}

/**
 * Matches of a query under `node`, bounded by `maxSteps` progress reports (one per 100 query-cursor operations, at
 * points that depend only on the tree); a search that reaches the limit yields the matches it completed.
 */
export function queryMatches(query: Query, node: Node, maxSteps = QUERY_STEP_LIMIT): QueryOutcome {
  let steps = 0;
  let stoppedAt: number | null = null;
  const options = {
    matchLimit: QUERY_MATCH_LIMIT,
    progressCallback: (state: { currentOffset: number }) => {
      if (++steps <= maxSteps) return false;
      // web-tree-sitter parses JavaScript strings as UTF-16: the cursor's byte offset is twice the character offset.
      stoppedAt = Math.floor(state.currentOffset / 2);
      return true;
    },
  };
  const matches = query.matches(node, options as Parameters<Query['matches']>[1]);
  return { matches, stoppedAt: stoppedAt === null ? null : Math.max(node.startIndex, Math.min(stoppedAt, node.endIndex)), droppedMatches: query.didExceedMatchLimit() };
}

export type { Node, Tree };
