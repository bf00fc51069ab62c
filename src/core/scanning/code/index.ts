// Finds LLM calls and stand-alone prompt strings in source code (issue 3), by parsing with tree-sitter.
import type { ReadBundledFile } from '../../host';
import { LineIndex } from '../../lineIndex';
import type { PromptSite, ScanProblem, ScanResult } from '../../types';
import type { AdapterOutput, QueryRunner } from './adapter';
import { recognizeCall } from './callShapes';
import { JavaScriptAdapter } from './languages/javascript';
import { PythonAdapter } from './languages/python';
import { GoAdapter } from './languages/go';
import { JavaAdapter } from './languages/java';
import { CSharpAdapter } from './languages/csharp';
import { RubyAdapter } from './languages/ruby';
import { promptSites } from './standalonePrompts';
import { compiledQuery, loadGrammar, noteRuntimeError, parseBounded, queryMatches, type GrammarName, type Node } from './treeSitterRuntime';

export type CodeLanguage = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'java' | 'csharp' | 'ruby';

export interface CodeScanContext {
  readBundledFile: ReadBundledFile;
}

/** Files larger than this are reported, not parsed: generated bundles are not where prompts are edited. */
export const MAX_CODE_FILE_CHARS = 8 * 1024 * 1024;
/** Files above this size are checked for minification before parsing. */
const MINIFIED_MIN_CHARS = 256 * 1024;
/** Time one query over a whole file may take before the scan reports partial results. */
const QUERY_TIME_LIMIT_MS = 1000;

const EXTENSIONS: Record<string, CodeLanguage> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  py: 'python',
  pyi: 'python',
  go: 'go',
  java: 'java',
  cs: 'csharp',
  rb: 'ruby',
};

export function codeLanguageForPath(relativePath: string): CodeLanguage | null {
  const name = relativePath.replace(/\\/g, '/').split('/').pop() ?? '';
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts')) return null;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 && !name.startsWith('.')) return null;
  return EXTENSIONS[name.slice(dot + 1).toLowerCase()] ?? null;
}

const GRAMMARS: Record<CodeLanguage, GrammarName> = {
  typescript: 'typescript',
  tsx: 'tsx',
  javascript: 'javascript',
  python: 'python',
  go: 'go',
  java: 'java',
  csharp: 'c-sharp',
  ruby: 'ruby',
};

/** Minified or generated bundles: huge, with very long lines. Parsing them costs seconds and finds nothing editable. */
export function looksMinified(text: string): boolean {
  if (text.length < MINIFIED_MIN_CHARS) return false;
  let lines = 1;
  let longest = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines++;
    longest = Math.max(longest, i - lineStart);
    lineStart = i + 1;
  }
  longest = Math.max(longest, text.length - lineStart);
  return longest > 20_000 || text.length / lines > 1_000;
}

/**
 * Unclosed brackets deeper than this are never hand-written code. Past a few thousand, tree-sitter's wasm parser
 * overflows its stack on some grammars (Java at ~7,000), which corrupts the runtime shared by every language.
 */
const MAX_BRACKET_DEPTH = 1000;

/** True when `(`, `[` and `{` (counted raw, strings included) ever nest more than `limit` deep. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 40 || code === 91 || code === 123) {
      if (++depth > limit) return true;
    } else if ((code === 41 || code === 93 || code === 125) && depth > 0) depth--;
  }
  return false;
}

/** True for text that is clearly not source code (NULs or mostly control characters near the start). */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/**
 * Words at least one of which every reported site needs in the file's text (case-insensitive, as the adapters
 * compare names): the callee names `identifyApi` accepts (`chat`, `completion(s)`, `messages`, `responses`,
 * `generateContent`, the AI SDK functions; LangChain classes and .NET `CompleteChat` contain `chat`), the prompt-ish
 * names of `isPromptName`, the `role` key of a stand-alone message and the template/message factories. Callee paths,
 * binding names and keys are raw source text, so a file without any of these words cannot yield a site.
 */
const SITE_MARKERS = /prompt|instruction|template|persona|preamble|directive|guideline|system|role|message|chat|completion|responses|generate_?content|generate(text|object)|stream(text|object)/i;
/** Words that make a file with syntax errors and no sites get the syntax-error hint. */
const CALL_HINT_WORDS = /\b(create|generate|completion|Chat)/;
const SYNTAX_ERROR_HINT = 'the file has syntax errors; calls inside them may be missed';

/** False when the text cannot contain a site, so parsing and querying it can be skipped (most files of a workspace). */
export function mayContainSites(text: string): boolean {
  return SITE_MARKERS.test(text);
}

export async function scanCode(relativePath: string, text: string, language: CodeLanguage, context: CodeScanContext): Promise<ScanResult> {
  return scan(relativePath, text, language, context, true);
}

/** `scanCode` without the text pre-filter: every file is parsed and queried. The reference the pre-filter is tested against. */
export async function scanCodeFully(relativePath: string, text: string, language: CodeLanguage, context: CodeScanContext): Promise<ScanResult> {
  return scan(relativePath, text, language, context, false);
}

async function scan(relativePath: string, text: string, language: CodeLanguage, context: CodeScanContext, prefilter: boolean): Promise<ScanResult> {
  const problems: ScanProblem[] = [];
  const problem = (message: string, severity: ScanProblem['severity'] = 'warning'): ScanResult => ({
    sites: [],
    problems: [...problems, { file: relativePath, message, severity }],
  });
  if (text.length > MAX_CODE_FILE_CHARS) return problem(`not scanned for LLM calls: ${text.length} characters is over the ${MAX_CODE_FILE_CHARS}-character limit`, 'information');
  if (looksBinary(text)) return problem('not scanned for LLM calls: the file looks binary', 'information');
  if (looksMinified(text)) return problem('not scanned for LLM calls: the file looks minified or generated', 'information');
  if (nestsDeeperThan(text, MAX_BRACKET_DEPTH)) return problem(`not scanned for LLM calls: brackets nest more than ${MAX_BRACKET_DEPTH} deep, past what the parser handles safely`);

  let grammar;
  try {
    grammar = await loadGrammar(GRAMMARS[language], context.readBundledFile);
  } catch (error) {
    noteRuntimeError(error);
    return problem(`could not load the ${language} grammar: ${(error as Error).message}`, 'error');
  }
  const siteFree = prefilter && !mayContainSites(text);
  // Without markers only the syntax-error hint can come out, and only for text with its words: no parse otherwise.
  if (siteFree && !CALL_HINT_WORDS.test(text)) return { sites: [], problems: [] };
  let parsed: ReturnType<typeof parseBounded>;
  try {
    parsed = parseBounded(grammar, text);
  } catch (error) {
    return problem(`not scanned for LLM calls: the ${language} parser failed: ${(error as Error).message}`, 'error');
  }
  if (parsed.timedOut) return problem('not scanned for LLM calls: parsing took too long');
  const tree = parsed.tree;
  try {
    if (siteFree) return { sites: [], problems: tree.rootNode.hasError ? [{ file: relativePath, message: SYNTAX_ERROR_HINT, severity: 'hint' }] : [] };
    const queries: QueryRunner = {
      run: (patterns: readonly string[], node: Node) => queryMatches(compiledQuery(grammar, patterns), node, QUERY_TIME_LIMIT_MS),
    };
    const output = adapterFor(language, tree.rootNode, text, queries);
    for (const message of output.problems) problems.push({ file: relativePath, message, severity: 'information' });
    const sites = sitesFrom(output, relativePath, text, output.importedModules);
    if (tree.rootNode.hasError && sites.length === 0 && CALL_HINT_WORDS.test(text)) {
      problems.push({ file: relativePath, message: SYNTAX_ERROR_HINT, severity: 'hint' });
    }
    return { sites, problems };
  } catch (error) {
    noteRuntimeError(error);
    return problem(`scanning for LLM calls failed: ${(error as Error).message}`, 'error');
  } finally {
    tree.delete();
  }
}

type Adapted = AdapterOutput;

function adapterFor(language: CodeLanguage, root: Node, text: string, queries: QueryRunner): Adapted {
  switch (language) {
    case 'typescript':
    case 'tsx':
      return new JavaScriptAdapter(root, text, queries, 'typescript').output();
    case 'javascript':
      return new JavaScriptAdapter(root, text, queries, 'javascript').output();
    case 'python':
      return new PythonAdapter(root, text, queries).output();
    case 'go':
      return new GoAdapter(root, text, queries).output();
    case 'java':
      return new JavaAdapter(root, text, queries).output();
    case 'csharp':
      return new CSharpAdapter(root, text, queries).output();
    case 'ruby':
      return new RubyAdapter(root, text, queries).output();
  }
}

function sitesFrom(output: Adapted, file: string, text: string, importedModules: Set<string>): PromptSite[] {
  const calls: PromptSite[] = [];
  const consumed = new Set<number>();
  for (const shape of output.calls) {
    const site = recognizeCall(shape, { file, importedModules });
    if (!site) continue;
    calls.push(site);
    for (const message of site.messages) {
      if (message.span) consumed.add(message.span.start);
      for (const segment of message.segments) if (segment.span) consumed.add(segment.span.start);
    }
  }
  const lineIndex = new LineIndex(text);
  const lineEndOf = (offset: number): number => {
    const line = lineIndex.positionAt(offset).line;
    const next = line + 1 < lineIndex.lineCount ? lineIndex.lineStart(line + 1) : text.length;
    let end = next;
    while (end > offset && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
    return end;
  };
  const prompts = promptSites(output.promptCandidates, file, consumed, lineEndOf);
  // Calls nested in calls (a wrapper around a call) stay; one site per span.
  const all = [...calls, ...prompts].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return all.filter((site, index) => index === 0 || site.span.start !== all[index - 1].span.start || site.kind !== all[index - 1].kind);
}
