// Each language's tree-sitter query (queries/<adapter>.scm: calls, bindings and prompts, told apart by their captures),
// bundled as text like the catalog and loaded on first use: what the scanner reads from a syntax tree is data, one file
// per language.
import { languageFacts, type CodeLanguage, type GrammarName } from '../../languages';

/** A language's query: its patterns, and the words a pattern needs in a text to match there (`; needs:`). */
export interface LanguageQuery {
  patterns: readonly string[];
  /** Pattern → words of which a text must hold one for the pattern to match in it; patterns without are absent. */
  needs: ReadonlyMap<string, readonly string[]>;
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
  return { patterns, needs };
}
