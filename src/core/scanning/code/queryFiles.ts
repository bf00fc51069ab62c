// Each language's tree-sitter query (queries/<adapter>.scm: calls, bindings and prompts, told apart by their captures),
// bundled as text like the catalog and loaded on first use: what the scanner reads from a syntax tree is data, one file
// per language.
import { languageFacts, type CodeLanguage, type GrammarName } from '../../languages';

/** A language's query: its patterns, and the words a pattern needs in a text to match there (`; needs:`). */
export interface LanguageQuery {
  patterns: readonly string[];
  /** Pattern → words of which a text must hold one for the pattern to match in it; patterns without are absent. */
  needs: ReadonlyMap<string, readonly string[]>;
  /**
   * Pattern → the node types its match's top node can have (`(call_expression …)`, `[(class) (class_declaration)]`): a
   * tree without any of them holds no match. Patterns whose top is anything else (`(_)`, a string) are absent.
   */
  roots: ReadonlyMap<string, readonly string[]>;
}

const loaded = new Map<CodeLanguage, Promise<LanguageQuery>>();

/**
 * The query file of a language, the patterns its grammar has (`; only: …`). Loaded by the adapter name languages.json
 * gives, so a new language needs no edit here (esbuild bundles every `.scm` of the folder).
 */
export function languageQuery(language: CodeLanguage): Promise<LanguageQuery> {
  let query = loaded.get(language);
  if (!query) {
    const { adapter, grammar } = languageFacts(language);
    query = import(`./queries/${adapter}.scm`).then((module: { default: string }) => parseQueryFile(module.default, grammar));
    loaded.set(language, query);
    query.catch(() => loaded.delete(language));
  }
  return query;
}

/**
 * Splits query text into its top-level patterns, each on one line (comments dropped, white space folded), so a
 * pattern a grammar rejects can be left out alone. A pattern preceded by `; only: <grammar> …` is kept only for
 * those grammars (TypeScript and JavaScript differ on parameters and class fields). `; needs: <word> …` before a
 * pattern says it can only match where the text holds one of those words (a keyword, an operator, a name a predicate
 * compares with), so a scan may leave it out of a text without them (see `queryForText`).
 */
export function parseQueryFile(text: string, grammar: GrammarName): LanguageQuery {
  const patterns: string[] = [];
  const needs = new Map<string, readonly string[]>();
  const roots = new Map<string, readonly string[]>();
  let current = '';
  let depth = 0;
  let closed = false;
  let only: string[] | null = null;
  let needed: string[] | null = null;
  const flush = (): void => {
    const pattern = current.replace(/\s+/g, ' ').trim();
    if (pattern && (!only || only.includes(grammar))) {
      patterns.push(pattern);
      if (needed) needs.set(pattern, needed);
      const types = rootTypes(pattern);
      if (types) roots.set(pattern, types);
    }
    current = '';
    closed = false;
    only = null;
    needed = null;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === ';') {
      const end = text.indexOf('\n', index);
      const lineEnd = end < 0 ? text.length : end;
      if (depth === 0) {
        if (closed) flush();
        const comment = text.slice(index, lineEnd).trim();
        const annotation = /^;+\s*only:\s*(.+)$/.exec(comment);
        if (annotation) only = annotation[1].trim().split(/[\s,]+/);
        const words = /^;+\s*needs:\s*(.+)$/.exec(comment);
        if (words) needed = words[1].trim().split(/\s+/);
      }
      current += ' ';
      index = lineEnd;
      continue;
    }
    if (char === '"') {
      let end = index + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      current += text.slice(index, end + 1);
      index = end;
      continue;
    }
    if (char === '(' || char === '[') {
      if (depth === 0 && closed) flush();
      depth++;
    } else if ((char === ')' || char === ']') && depth > 0) {
      if (--depth === 0) closed = true;
    }
    current += char;
  }
  flush();
  return { patterns, needs, roots };
}

/** One node, named by type, with no quantifier after it (`(type …) @capture …`); its type. */
const SINGLE_ROOT = /^\(([A-Za-z][\w]*)[\s)]/;

/**
 * The node types a pattern's top node can have: its type, or each alternative's when the pattern is an alternation of
 * typed nodes; null for anything else (a wildcard, a string, a quantified or supertype-qualified node).
 */
export function rootTypes(pattern: string): string[] | null {
  const alternatives = pattern.startsWith('[') ? topLevelAlternatives(pattern) : [pattern];
  if (!alternatives) return null;
  const types: string[] = [];
  for (const alternative of alternatives) {
    const type = SINGLE_ROOT.exec(alternative)?.[1];
    const end = closingParen(alternative);
    // `(a)* @x`, `(a)? @x`, `(a)+ @x`: a quantifier at the top is not one node of that type. ERROR and MISSING are
    // not node types a tree search finds by name.
    if (!type || type === 'ERROR' || type === 'MISSING' || end < 0 || /^\s*[*+?]/.test(alternative.slice(end + 1))) return null;
    types.push(type);
  }
  return types;
}

/** `[(a) (b …)] @x` → ['(a)', '(b …)']; null unless the list closes and each member is a parenthesised node. */
function topLevelAlternatives(pattern: string): string[] | null {
  const members: string[] = [];
  let index = 1;
  for (;;) {
    while (pattern[index] === ' ') index++;
    if (pattern[index] === ']') break;
    if (pattern[index] !== '(') return null;
    const end = closingParen(pattern, index);
    if (end < 0) return null;
    members.push(pattern.slice(index, end + 1));
    index = end + 1;
  }
  // A quantifier after the list (`[…]*`) makes it match zero nodes or many.
  return members.length > 0 && !/^\s*[*+?]/.test(pattern.slice(index + 1)) ? members : null;
}

/** The index of the `)` closing the `(` at `start` (strings skipped), or -1. */
function closingParen(text: string, start = 0): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      index++;
      while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    } else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return index;
  }
  return -1;
}
