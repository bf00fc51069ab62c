// The languages whose code is scanned, as one table (languages.json, one entry per language family): every list that
// needs a language fact — the build's grammar files, the editor's file glob, activation events (written into
// package.json by the build), suppression comments, the quick fixes' key/value syntax, the scanner's extension map, the
// adapter module and query file the scanner loads, and the node vocabulary the evaluator reads — is derived from it.
// Adding a language: its family's entry in languages.json (language rows and node vocabulary, checked against the
// grammar by a test), its query file (scanning/code/queries/<family>.scm), its adapter module for the syntax only it
// has (scanning/code/languages/<family>.ts, exporting `createAdapter`: string forms, call arguments), and a fixture.
import table from './languages.json';

/** A language as the scanner parses it (one grammar each; TypeScript and TSX are two). */
export type CodeLanguage = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'java' | 'csharp' | 'ruby';
/** Languages that share call syntax and SDK packages (TypeScript, TSX and JavaScript are one family). */
export type LanguageFamily = 'javascript' | 'python' | 'go' | 'java' | 'csharp' | 'ruby';
export type GrammarName = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'java' | 'c-sharp' | 'ruby';

export interface LanguageFacts {
  id: CodeLanguage;
  /**
   * The module in `scanning/code/languages/` that reads its syntax (`<adapter>.ts`, exporting `createAdapter`) and its
   * query file `scanning/code/queries/<adapter>.scm`: the family's name.
   */
  adapter: string;
  family: LanguageFamily;
  /** File extensions without the dot, lower-case. */
  extensions: readonly string[];
  /** `tree-sitter-<grammar>.wasm` in `@vscode/tree-sitter-wasm`. */
  grammar: GrammarName;
  /** VS Code language ids of its documents (`onLanguage:` activation events). */
  vscodeLanguageIds: readonly string[];
  lineComment: string;
  blockComment: readonly [string, string] | null;
  /**
   * How a quick fix writes a new argument next to `model`: `colon` (`{ model: …, max_tokens: 300 }`), `equals`
   * (`model=…, max_tokens=300`); null when no fix writes code in this language.
   */
  keyValue: 'colon' | 'equals' | null;
  /** Top-level statements can be split without a parse (`topLevelChunks`), so big files parse only what matters. */
  chunked: boolean;
}

/** A language family's entry in languages.json: its languages and the node vocabulary (read by `nodeVocabulary.ts`). */
export interface LanguageFamilyEntry {
  family: LanguageFamily;
  languages: readonly Omit<LanguageFacts, 'family' | 'adapter'>[];
  vocabulary: unknown;
}

export const LANGUAGE_FAMILIES: readonly LanguageFamilyEntry[] = table as LanguageFamilyEntry[];

export const LANGUAGES: readonly LanguageFacts[] = LANGUAGE_FAMILIES.flatMap((entry) => entry.languages.map((language): LanguageFacts => ({ ...language, family: entry.family, adapter: entry.family })));

const BY_EXTENSION = new Map<string, LanguageFacts>(LANGUAGES.flatMap((language) => language.extensions.map((extension) => [extension, language] as const)));
const BY_ID = new Map<CodeLanguage, LanguageFacts>(LANGUAGES.map((language) => [language.id, language]));

export function languageFacts(id: CodeLanguage): LanguageFacts {
  return BY_ID.get(id)!;
}

/** The language of a file name by its extension (`.d.ts` declaration files hold no calls: none). */
export function languageOfPath(relativePath: string): LanguageFacts | null {
  const name = relativePath.replace(/\\/g, '/').split('/').pop() ?? '';
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts')) return null;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 && !name.startsWith('.')) return null;
  return BY_EXTENSION.get(name.slice(dot + 1).toLowerCase()) ?? null;
}

/** Every code file extension, for file globs. */
export const CODE_EXTENSIONS: readonly string[] = LANGUAGES.flatMap((language) => language.extensions);

/** Comment openers of the code languages (line and block). */
export const CODE_COMMENT_OPENERS: readonly string[] = [...new Set(LANGUAGES.flatMap((language) => [language.lineComment, ...(language.blockComment ? [language.blockComment[0]] : [])]))];
