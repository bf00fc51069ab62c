// The languages whose code is scanned, as one table (languages.json): every list that needs a language fact — the
// build's grammar files, the editor's file glob and activation events, suppression comments, the quick fixes'
// key/value syntax, the scanner's extension map, the adapter module and query files the scanner loads — is derived
// from it. Adding a language: a row in languages.json, its adapter module (scanning/code/languages/<adapter>.ts,
// exporting `createAdapter`), its query files (scanning/code/queries/<adapter>/calls.scm, bindings.scm, prompts.scm),
// its `onLanguage:` activation events in package.json (a test checks them), and a fixture.
import table from './languages.json';

/** A language as the scanner parses it (one grammar each; TypeScript and TSX are two). */
export type CodeLanguage = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'java' | 'csharp' | 'ruby';
/** Languages that share call syntax and SDK packages (TypeScript, TSX and JavaScript are one family). */
export type LanguageFamily = 'javascript' | 'python' | 'go' | 'java' | 'csharp' | 'ruby';
export type GrammarName = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'java' | 'c-sharp' | 'ruby';

export interface LanguageFacts {
  id: CodeLanguage;
  /** The module in `scanning/code/languages/` that reads its syntax: `<adapter>.ts`, exporting `createAdapter`. */
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

export const LANGUAGES: readonly LanguageFacts[] = table as LanguageFacts[];

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
