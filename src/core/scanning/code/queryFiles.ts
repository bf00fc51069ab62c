// Each language's tree-sitter query (queries/<adapter>.scm: calls, bindings and prompts, told apart by their captures),
// bundled as text like the catalog and loaded on first use: what the scanner reads from a syntax tree is data, one file
// per language.
import { languageFacts, type CodeLanguage, type GrammarName } from '../../languages';

const loaded = new Map<CodeLanguage, Promise<readonly string[]>>();

/**
 * The patterns of a language's query file, the ones its grammar has (`; only: …`). Loaded by the adapter name
 * languages.json gives, so a new language needs no edit here (esbuild bundles every `.scm` of the folder).
 */
export function languagePatterns(language: CodeLanguage): Promise<readonly string[]> {
  let patterns = loaded.get(language);
  if (!patterns) {
    const { adapter, grammar } = languageFacts(language);
    patterns = import(`./queries/${adapter}.scm`).then((module: { default: string }) => queryPatterns(module.default, grammar));
    loaded.set(language, patterns);
    patterns.catch(() => loaded.delete(language));
  }
  return patterns;
}

/**
 * Splits query text into its top-level patterns, each on one line (comments dropped, white space folded), so a
 * pattern a grammar rejects can be left out alone. A pattern preceded by `; only: <grammar> …` is kept only for
 * those grammars (TypeScript and JavaScript differ on parameters and class fields).
 */
export function queryPatterns(text: string, grammar: GrammarName): string[] {
  const patterns: string[] = [];
  let current = '';
  let depth = 0;
  let closed = false;
  let only: string[] | null = null;
  const flush = (): void => {
    const pattern = current.replace(/\s+/g, ' ').trim();
    if (pattern && (!only || only.includes(grammar))) patterns.push(pattern);
    current = '';
    closed = false;
    only = null;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === ';') {
      const end = text.indexOf('\n', index);
      const lineEnd = end < 0 ? text.length : end;
      if (depth === 0) {
        if (closed) flush();
        const annotation = /^;+\s*only:\s*(.+)$/.exec(text.slice(index, lineEnd).trim());
        if (annotation) only = annotation[1].trim().split(/[\s,]+/);
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
  return patterns;
}
