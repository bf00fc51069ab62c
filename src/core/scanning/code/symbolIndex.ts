// The workspace symbol index (issue 18): pass 1 reads every code file's module-level bindings and imports
// (symbolExtract.ts), the `.env` files and tsconfig path aliases next to them, and the prompt files code reads by a
// literal path; pass 2 (`SymbolResolver`) answers a scanned file's unresolved names from it: imported constants,
// settings objects, enum members, same-package Go constants, env reads' defaults. Plain data, so the CLI sends it to its
// worker threads as is. Everything is bounded: file sizes, bindings per file, import chain depth, cycles.
import { languageOfPath } from '../../languages';
import type { PromptSegment, Span } from '../../types';
import { extractSymbols, extractSymbolsEdited, lineFeedStarts, MAX_INDEXED_FILE_CHARS, tokenizeEdited, tokenizeEditedInPlace, type ExtractionTrace, type FileSymbols, type TokenChange, type FunctionParam, type SymbolExpr, type SymbolLanguage, type Token } from './symbolExtract';
import { changeBetween } from '../../reaudit/textEdit';
import { countBelow, spliceStarts } from '../../lineIndex';
import { conditionalValue, opaque, type CodeValue, type ObjectEntry } from './values';

export interface SourceLine {
  file: string;
  /** 1-based. */
  line: number;
}

export interface DotenvEntry extends SourceLine {
  value: string;
}

export interface WorkspaceSymbols {
  /** Relative path (forward slashes) → the file's bindings and imports. */
  files: Map<string, FileSymbols>;
  /** Relative path → content hash, for every file the index read (code, `.env`, tsconfig, prompt files). */
  hashes: Map<string, string>;
  /** Folder → its `.env`-style files' variables, in precedence order of the file names. */
  dotenv: Map<string, Map<string, DotenvEntry>>;
  /** Prompt files read by code with a literal path: relative path → text. */
  texts: Map<string, string>;
  /** Folder of a tsconfig/jsconfig → its path aliases (patterns relative to the base folder). */
  aliases: Map<string, { base: string; paths: Array<[string, string[]]> }>;
  /** Folder → its indexed files (Go packages). */
  folders: Map<string, string[]>;
}

/** `.env` files read, in precedence order (the first that sets a variable wins). */
export const DOTENV_NAMES = ['.env', '.env.local', '.env.development', '.env.example', '.env.sample', '.env.template', '.env.defaults'] as const;
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'] as const;
/** Prompt files read by code are taken up to this size (a prompt, not a data set). */
export const MAX_PROMPT_FILE_CHARS = 256 * 1024;
/** Import chains are followed this deep (re-exports and aliases included). */
export const MAX_IMPORT_DEPTH = 12;
/** Folders above a file searched for a module or a prompt file. */
const MAX_ANCESTORS = 12;
/** Resolution steps one scanned file may spend in the index. */
export const RESOLUTION_STEPS = 20_000;

function symbolLanguage(file: string): SymbolLanguage | null {
  const family = languageOfPath(file)?.family;
  if (family === 'python') return 'python';
  if (family === 'javascript') return 'js';
  if (family === 'go') return 'go';
  if (family === 'java' || family === 'csharp') return 'java';
  if (family === 'ruby') return 'ruby';
  return null;
}

/** A short content hash (two FNV-1a passes): cache keys compare dependencies with it. */
export function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

export function dirname(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

/** Joins and normalises relative paths; null when the result leaves the workspace or is absolute. */
export function joinPath(base: string, relative: string): string | null {
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative) || relative.includes('\0')) return null;
  const parts = base ? base.split('/') : [];
  for (const part of relative.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

function ancestors(folder: string): string[] {
  const out: string[] = [folder];
  let current = folder;
  while (current !== '' && out.length <= MAX_ANCESTORS) {
    current = dirname(current);
    out.push(current);
  }
  return out;
}

function prefixed(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

/** Builds the index: `add` every code file, read what `wantedExtras` asks for, `addExtra` each, then `finish`. */
export class SymbolIndexBuilder {
  private readonly index: WorkspaceSymbols = { files: new Map(), hashes: new Map(), dotenv: new Map(), texts: new Map(), aliases: new Map(), folders: new Map() };
  private readonly extras = new Set<string>();

  /**
   * Indexes one file (ignored when it is no code of an indexed language or too large). Returns what it indexed, which
   * `addIndexed` takes again for the same text (the CLI caches it per file).
   */
  add(file: string, text: string): { symbols: FileSymbols; hash: string } | undefined {
    const language = symbolLanguage(file);
    if (!language || text.length > MAX_INDEXED_FILE_CHARS) return undefined;
    const indexed = { symbols: extractSymbols(text, language), hash: textHash(text) };
    this.addIndexed(file, indexed.symbols, indexed.hash);
    return indexed;
  }

  /** Indexes a file from what `add` returned for its unchanged text, without the text. */
  addIndexed(file: string, symbols: FileSymbols, hash: string): void {
    const language = symbols.language;
    this.index.files.set(file, symbols);
    this.index.hashes.set(file, hash);
    const folder = dirname(file);
    const list = this.index.folders.get(folder);
    if (list) list.push(file);
    else this.index.folders.set(folder, [file]);
    for (const folderAbove of ancestors(folder)) {
      for (const name of DOTENV_NAMES) this.extras.add(prefixed(folderAbove, name));
      if (language === 'js') for (const name of CONFIG_NAMES) this.extras.add(prefixed(folderAbove, name));
      for (const literal of symbols.pathLiterals) {
        const candidate = joinPath(folderAbove, literal);
        if (candidate) this.extras.add(candidate);
        // A template named relative to its loader's folder (`get_template("answer.j2")` with `FileSystemLoader("templates")`).
        for (const folderLiteral of symbols.folderLiterals ?? []) {
          const inFolder = joinPath(folderAbove, `${folderLiteral}/${literal}`);
          if (inFolder) this.extras.add(inFolder);
        }
      }
    }
  }

  /** Files beside the code the index would read if they exist: `.env` files, tsconfig/jsconfig, prompt files named in code. */
  wantedExtras(): string[] {
    return [...this.extras].filter((file) => !this.index.files.has(file));
  }

  addExtra(file: string, text: string): void {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const folder = dirname(file);
    if ((DOTENV_NAMES as readonly string[]).includes(name)) {
      this.index.hashes.set(file, textHash(text));
      const variables = this.index.dotenv.get(folder) ?? new Map<string, DotenvEntry>();
      const rank = (entry: DotenvEntry): number => DOTENV_NAMES.indexOf(entry.file.slice(entry.file.lastIndexOf('/') + 1) as (typeof DOTENV_NAMES)[number]);
      for (const [variable, entry] of parseDotenv(file, text)) {
        const known = variables.get(variable);
        if (!known || rank(entry) < rank(known)) variables.set(variable, entry);
      }
      this.index.dotenv.set(folder, variables);
      return;
    }
    if ((CONFIG_NAMES as readonly string[]).includes(name)) {
      const aliases = parseTsconfigPaths(text);
      if (aliases) {
        this.index.hashes.set(file, textHash(text));
        this.index.aliases.set(folder, { base: joinPath(folder, aliases.baseUrl) ?? folder, paths: aliases.paths });
      }
      return;
    }
    if (text.length <= MAX_PROMPT_FILE_CHARS) {
      this.index.hashes.set(file, textHash(text));
      this.index.texts.set(file, text);
    }
  }

  finish(): WorkspaceSymbols {
    return this.index;
  }
}

/**
 * The index with one file's text replaced (the editor's unsaved document): that file re-extracted, the rest shared.
 * The same index when it holds that text already (so a caller need not hash the text to ask first). The new index's
 * `hashes` are built when first read (a keystroke's scan never reads them; a cache check or a worker message does):
 * a chain of edits to one file hashes only the text that is read, once.
 */
export function withFile(index: WorkspaceSymbols, file: string, text: string): WorkspaceSymbols {
  const language = symbolLanguage(file);
  if (!language || text.length > MAX_INDEXED_FILE_CHARS) return index;
  // An editor's document changes a keystroke at a time: its tokens are lexed again only around the edit.
  const previous = index.files.get(file);
  const last = previous ? EDITED.get(previous) : undefined;
  // An entry withFile made is known by its text (native comparison); any other by its content hash.
  if (last ? last.text === text : previous !== undefined && index.hashes.get(file) === textHash(text)) return index;
  const change = last ? changeBetween(last.text, text) : null;
  let tokens: Token[];
  let tokenChange: TokenChange | undefined;
  if (last && change) {
    // The previous entry's tokens are this entry's own (each entry has its array): updated in place when the edit adds
    // no line, and then the previous entry is no starting point any more (a withFile from it tokenizes afresh).
    const lexed = tokenizeEditedInPlace(text, language, { tokens: last.tokens, lineStarts: last.lineStarts, ...change });
    if (lexed.inPlace) EDITED.delete(previous!);
    tokens = lexed.tokens;
    tokenChange = lexed.change;
  } else tokens = tokenizeEdited(text, language, null);
  // …and parsed again only in the top-level steps the edit can change.
  const { symbols, trace } = extractSymbolsEdited(language, tokens, last?.trace ?? null, tokenChange);
  EDITED.set(symbols, { text, tokens, lineStarts: last && change ? lineStartsAfterEdit(last.lineStarts, text, change) : lineFeedStarts(text), trace });
  const files = new Map(index.files);
  files.set(file, symbols);
  const result = withPendingHashes({ files, dotenv: index.dotenv, texts: index.texts, aliases: index.aliases, folders: index.folders }, index, file, text);
  DERIVED.set(result, { base: DERIVED.get(index)?.file === file ? DERIVED.get(index)!.base : index, file });
  return result;
}

/** An index whose `hashes` are not built yet → the index whose hashes they extend, and the file and text that change them. */
const PENDING_HASHES = new WeakMap<WorkspaceSymbols, { base: WorkspaceSymbols; file: string; text: string }>();

/**
 * `fields` with a `hashes` property built on first read: the base's hashes with `file` set to the text's hash (the
 * same Map, in the same order, that copying the base and setting the file gives). Edits of one file in a row extend
 * the same base, so no hash of an intermediate text is ever computed.
 */
function withPendingHashes(fields: Omit<WorkspaceSymbols, 'hashes'>, index: WorkspaceSymbols, file: string, text: string): WorkspaceSymbols {
  const pending = PENDING_HASHES.get(index);
  const base = pending?.file === file ? pending.base : index;
  const result = fields as WorkspaceSymbols;
  Object.defineProperty(result, 'hashes', {
    enumerable: true,
    configurable: true,
    get(): Map<string, string> {
      const hashes = new Map(base.hashes);
      hashes.set(file, textHash(text));
      // From now on a plain data property: structured clones and JSON see a Map like any other index's.
      Object.defineProperty(result, 'hashes', { value: hashes, enumerable: true, configurable: true, writable: true });
      PENDING_HASHES.delete(result);
      return hashes;
    },
  });
  PENDING_HASHES.set(result, { base, file, text });
  return result;
}

/** The line starts (`lineFeedStarts`) of `text`, from those of the text before `change`: kept, re-read, moved. */
export function lineStartsAfterEdit(before: readonly number[], text: string, change: { start: number; oldEnd: number; newEnd: number }): number[] {
  // A line starts after each line feed: those at or before the change's start are where they were.
  const inside: number[] = [];
  for (let i = text.indexOf('\n', change.start); i !== -1 && i < change.newEnd; i = text.indexOf('\n', i + 1)) inside.push(i + 1);
  return spliceStarts(before, countBelow(before, change.start + 1), inside, countBelow(before, change.oldEnd + 1), change.newEnd - change.oldEnd);
}

/** True when a scan of `text` as `file` reads the file's own entry from the text (else the index's entry, as it is). */
export function ownEntryFollowsText(file: string, text: string): boolean {
  return symbolLanguage(file) !== null && text.length <= MAX_INDEXED_FILE_CHARS;
}

/**
 * True when the index's entry for `file` was extracted from `text`: an entry `withFile` made from this very text is
 * known without hashing it again (string comparison is native), any other by its content hash.
 */
export function indexHoldsText(index: WorkspaceSymbols, file: string, text: string): boolean {
  const entry = index.files.get(file);
  return (entry !== undefined && EDITED.get(entry)?.text === text) || index.hashes.get(file) === textHash(text);
}

/** An entry `withFile` made → the text, tokens, line starts and parse it was extracted from (the next keystroke's starting point). */
const EDITED = new WeakMap<FileSymbols, { text: string; tokens: Token[]; lineStarts: readonly number[]; trace: ExtractionTrace }>();

/** An index `withFile` made → the index it was made from (past earlier `withFile`s of the same file) and that file. */
const DERIVED = new WeakMap<WorkspaceSymbols, { base: WorkspaceSymbols; file: string }>();

/**
 * True when two indexes hold the same entries for every file but `file` (same objects: an index never changes in place).
 * Indexes `withFile` made from one base for `file` are told apart in O(1); any others entry by entry.
 */
export function sameIndexBesides(a: WorkspaceSymbols, b: WorkspaceSymbols, file: string): boolean {
  if (a === b) return true;
  const baseOf = (index: WorkspaceSymbols): WorkspaceSymbols => (DERIVED.get(index)?.file === file ? DERIVED.get(index)!.base : index);
  if (baseOf(a) === baseOf(b)) return true;
  if (a.dotenv !== b.dotenv || a.texts !== b.texts || a.aliases !== b.aliases || a.folders !== b.folders) return false;
  const sameBesides = <T>(x: ReadonlyMap<string, T>, y: ReadonlyMap<string, T>): boolean => {
    if (x.size - (x.has(file) ? 1 : 0) !== y.size - (y.has(file) ? 1 : 0)) return false;
    for (const [key, value] of x) if (key !== file && y.get(key) !== value) return false;
    return true;
  };
  return sameBesides(a.files, b.files) && sameBesides(a.hashes, b.hashes);
}

/** `KEY=value` lines (`export KEY=value`, quoted values, `#` comments); values up to 200 characters. */
export function parseDotenv(file: string, text: string): Map<string, DotenvEntry> {
  const variables = new Map<string, DotenvEntry>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length && index < 10_000; index++) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(lines[index]);
    if (!match) continue;
    let value = match[2].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) value = value.slice(1, value.indexOf(quote, 1));
    else value = value.replace(/\s+#.*$/, '');
    if (value === '' || value.length > 200) continue;
    variables.set(match[1], { value, file, line: index + 1 });
  }
  return variables;
}

/** `compilerOptions.baseUrl` and `paths` of a tsconfig (comments and trailing commas allowed); null without paths. */
export function parseTsconfigPaths(text: string): { baseUrl: string; paths: Array<[string, string[]]> } | null {
  if (text.length > 1024 * 1024) return null;
  let json: unknown;
  try {
    json = JSON.parse(stripJsonComments(text).replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return null;
  }
  const options = (json as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | null)?.compilerOptions;
  if (!options || typeof options.paths !== 'object' || options.paths === null) return null;
  const paths: Array<[string, string[]]> = [];
  for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
    if (Array.isArray(targets)) paths.push([pattern, targets.filter((target): target is string => typeof target === 'string')]);
  }
  return { baseUrl: typeof options.baseUrl === 'string' ? options.baseUrl : '.', paths };
}

function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else out += c;
  }
  return out;
}

// ---- pass 2: resolution ------------------------------------------------------------------------------------------

/** Text of another file (with its line), a placeholder, or a piece of the caller's own text (an argument). */
type StaticPart = { text: string; source: SourceLine } | { hole: string } | { segment: PromptSegment };

/** Parameters of a function being evaluated for one call: name → the argument's value (null: unknown, a placeholder). */
type Scope = ReadonlyMap<string, Found | null>;

/** A value found in the index, before it becomes a CodeValue at the place of use. */
type Found =
  | { k: 'str'; parts: StaticPart[]; origin: SourceLine }
  | { k: 'num'; value: number; origin: SourceLine }
  | { k: 'obj'; entries: Array<[string, Found]>; origin: SourceLine }
  | { k: 'env'; variable: string; fallback: Found | null; origin: SourceLine }
  | { k: 'fallback'; right: Found; origin: SourceLine }
  /** A module (Python module or package, JS namespace import). */
  | { k: 'module'; file: string }
  /** A Go package folder. */
  | { k: 'package'; folder: string }
  /** A class (or an instance of it): its members are `Class.member` bindings of `file`. */
  | { k: 'class'; file: string; name: string }
  /** A Ruby module or class: its constants may be spread over files that reopen it (no imports to say which). */
  | { k: 'rubyModule'; name: string }
  /** One of two values (a builder's if / else), in source order. */
  | { k: 'cond'; first: Found; second: Found; origin: SourceLine }
  /** A function whose body returns a kept value. */
  | { k: 'fn'; file: string; params: FunctionParam[]; body: SymbolExpr; origin: SourceLine }
  /** A call of something outside the workspace (a factory): its callee path and arguments. */
  | { k: 'call'; path: string[]; args: Array<Found | null>; named: Array<[string, Found | null]>; origin: SourceLine };

/**
 * What one scan's lookups in the index did, filed under the root being resolved when each was made (a call's or a
 * prompt string's start offset, as the evaluator's budget keys roots; -1 for a lookup outside any root). A root's
 * lookups depend only on the index and on the code it resolves, so a re-audit keeps them per top-level chunk.
 */
export interface ResolutionRecord {
  byRoot: Map<number, RootResolution>;
}

export interface RootResolution {
  /** Files consulted (found or looked for), the scanned file's own entry included. */
  files: Set<string>;
  /** Resolution steps spent (the scanned file's allowance is RESOLUTION_STEPS). */
  steps: number;
  /** True when a binding of the scanned file itself was evaluated: the value may cite its lines, which edits above move. */
  ownLines: boolean;
}

/** Answers one scanned file's names from the workspace index, recording every file it consulted. */
export class SymbolResolver {
  /** Files whose content the answers depended on (found or looked for), for the result cache's key. */
  readonly consulted = new Set<string>();
  private steps = 0;
  /** Set by `recordInto`: where lookups are filed, and which root is being resolved. */
  private record: ResolutionRecord | null = null;
  private rootOf: () => number = () => -1;
  /** The call being recognised (its start), while the scan recognises it: lookups made then belong to it. */
  recognizing: number | null = null;
  private readonly classNames = new Map<string, Set<string>>();

  constructor(
    private readonly index: WorkspaceSymbols,
    private readonly file: string,
  ) {}

  /** Files every later lookup under the root `rootOf()` names (a re-audit keeps them per chunk). */
  recordInto(record: ResolutionRecord, rootOf: () => number): void {
    this.record = record;
    this.rootOf = rootOf;
  }

  private recorded(): RootResolution | null {
    if (!this.record) return null;
    const key = this.rootOf();
    let entry = this.record.byRoot.get(key);
    if (!entry) this.record.byRoot.set(key, (entry = { files: new Set(), steps: 0, ownLines: false }));
    return entry;
  }

  private consult(file: string): void {
    this.consulted.add(file);
    this.recorded()?.files.add(file);
  }

  /** True when the scanned file has an index entry (an indexed language). */
  get active(): boolean {
    return this.index.files.has(this.file);
  }

  /** A name the file does not bind itself: an import, a same-package Go constant, a Java class constant. */
  name(name: string, span: Span, text: string): CodeValue | null {
    const found = this.resolveName(this.file, name, 0, true);
    return found ? this.toValue(found, span, text) : null;
  }

  /** `a.b.key` where `a` is not bound in the file: the member of an imported module, class, settings object or dict. */
  member(objectPath: string, key: string, span: Span, text: string): CodeValue | null {
    if (!/^[\w$]+(\.[\w$]+)*$/.test(objectPath)) return null;
    const names = objectPath.split('.');
    let found = this.resolveName(this.file, names[0], 0, true);
    for (const next of [...names.slice(1), key]) {
      if (!found) return null;
      found = this.memberOf(found, next, 0);
    }
    return found ? this.toValue(found, span, text) : null;
  }

  /**
   * A call of a function the workspace defines (`reply_prompt(a, b)`, `systemPrompt({ storeName })`, `config.Load()`,
   * `self.system_prompt()` with `ownClass`): its returned value with the parameters bound to the arguments (string
   * arguments become text, the rest placeholders named by the parameter). A call of a class is an instance of its
   * fields (`LLMConfig()`). Null when the callee is no such function.
   */
  call(path: readonly string[], positional: readonly CodeValue[], named: readonly ObjectEntry[], span: Span, text: string, ownClass?: string): CodeValue | null {
    if (path.length === 0 || !path.every((name) => /^[\w$]+$/.test(name))) return null;
    let found: Found | null;
    if (ownClass && (path[0] === 'self' || path[0] === 'this' || path[0] === 'cls') && path.length === 2) {
      const binding = this.symbols(this.file)?.bindings.get(`${ownClass}.${path[1]}`);
      found = binding ? this.evaluate(this.file, binding.expr, binding.line, 0) : null;
    } else {
      const own = this.symbols(this.file)?.bindings.get(path[0]);
      found = own?.expr.k === 'fn' ? this.evaluate(this.file, own.expr, own.line, 0) : this.resolveName(this.file, path[0], 0, true);
      for (const key of path.slice(1)) {
        if (!found) return null;
        found = this.memberOf(found, key, 0);
      }
    }
    if (!found) return null;
    if (found.k === 'class') {
      const instance = this.instanceOf(found, 0);
      return instance ? this.toValue(instance, span, text) : null;
    }
    if (found.k !== 'fn') return null;
    const scope = new Map<string, Found | null>();
    found.params.forEach((param, index) => {
      const argument = positional[index];
      if (typeof param === 'string') scope.set(param, argument ? this.fromValue(argument, 0) : (named.find((entry) => entry.key === param) ? this.fromValue(named.find((entry) => entry.key === param)!.value, 0) : null));
      else for (const key of param) scope.set(key, argument?.kind === 'object' ? this.fromValue(argument.entries.find((entry) => entry.key === key)?.value ?? null, 0) : null);
    });
    const result = this.evaluate(found.file, found.body, found.origin.line, 1, scope);
    return result && (result.k === 'str' || result.k === 'obj' || result.k === 'num' || result.k === 'call' || result.k === 'cond') ? this.toValue(result, span, text) : null;
  }

  /** `Class()`: its fields (not its methods) as an object. */
  private instanceOf(found: Extract<Found, { k: 'class' }>, depth: number): Found | null {
    const entries: Array<[string, Found]> = [];
    const prefix = `${found.name}.`;
    for (const [key, binding] of this.symbols(found.file)?.bindings ?? []) {
      if (!key.startsWith(prefix) || key.indexOf('.', prefix.length) !== -1 || binding.expr.k === 'fn') continue;
      const value = this.evaluate(found.file, binding.expr, binding.line, depth + 1);
      if (value) entries.push([key.slice(prefix.length), value]);
    }
    return entries.length ? { k: 'obj', entries, origin: { file: found.file, line: 1 } } : null;
  }

  /** A caller's argument as an index value: its text stays the caller's (no other file's line). */
  private fromValue(value: CodeValue | null, depth: number): Found | null {
    if (!value || depth > 8) return null;
    const origin: SourceLine = { file: this.file, line: 0 };
    if (value.kind === 'string') return { k: 'str', parts: value.segments.map((segment) => ({ segment })), origin: value.origin ?? origin };
    if (value.kind === 'number') return { k: 'num', value: value.value, origin };
    if (value.kind === 'object') {
      const entries: Array<[string, Found]> = [];
      for (const entry of value.entries) {
        const inner = this.fromValue(entry.value, depth + 1);
        if (inner) entries.push([entry.key, inner]);
      }
      return { k: 'obj', entries, origin };
    }
    return null;
  }

  /** The literal an `.env` file beside the code (or in a folder above it) gives `variable`. */
  envDefault(variable: string): DotenvEntry | null {
    for (const folder of ancestors(dirname(this.file))) {
      for (const name of DOTENV_NAMES) this.consult(prefixed(folder, name));
      const entry = this.index.dotenv.get(folder)?.get(variable);
      if (entry) return entry;
    }
    return null;
  }

  /** The text of a prompt file read with a literal path: next to the code, else in a folder above it (the working directory). */
  promptFile(literal: string): { file: string; text: string } | null {
    for (const folder of ancestors(dirname(this.file))) {
      const candidate = joinPath(folder, literal);
      if (!candidate) continue;
      this.consult(candidate);
      const text = this.index.texts.get(candidate);
      if (text !== undefined) return { file: candidate, text };
    }
    return null;
  }

  private spend(): boolean {
    const entry = this.recorded();
    if (entry) entry.steps++;
    return ++this.steps <= RESOLUTION_STEPS;
  }

  /** Resolution steps taken so far (bounded by RESOLUTION_STEPS per scanned file). */
  get stepsTaken(): number {
    return this.steps;
  }

  private symbols(file: string): FileSymbols | undefined {
    this.consult(file);
    return this.index.files.get(file);
  }

  private resolveName(file: string, name: string, depth: number, scanned = false): Found | null {
    if (depth > MAX_IMPORT_DEPTH || !this.spend()) return null;
    const symbols = this.symbols(file);
    if (!symbols) return null;
    // The scanned file's own bindings were already looked up by the evaluator (with scopes); only imports are new.
    if (!scanned) {
      const binding = symbols.bindings.get(name);
      if (binding) return this.evaluate(file, binding.expr, binding.line, depth + 1);
      if (this.classesOf(file).has(name)) return { k: 'class', file, name };
    }
    const imported = symbols.imports.get(name);
    if (imported) return this.resolveImport(file, symbols.language, imported.module, imported.name, depth + 1);
    for (const reexport of symbols.reexports) {
      if (this.steps > RESOLUTION_STEPS) return null;
      const target = this.resolveModule(file, symbols.language, reexport.module);
      if (!target) continue;
      if (reexport.names === null) {
        if (name === 'default') continue;
        const found = this.resolveName(target, name, depth + 1);
        if (found) return found;
      } else if (reexport.names.has(name)) return this.resolveName(target, reexport.names.get(name)!, depth + 1);
    }
    if (symbols.language === 'go') {
      // The same package: every other file of the folder.
      for (const sibling of this.index.folders.get(dirname(file)) ?? []) {
        if (this.steps > RESOLUTION_STEPS) return null;
        if (sibling === file || sibling.endsWith('_test.go') || this.index.files.get(sibling)?.language !== 'go') continue;
        const binding = this.symbols(sibling)?.bindings.get(name);
        if (binding) return this.evaluate(sibling, binding.expr, binding.line, depth + 1);
      }
    }
    if (symbols.language === 'java' && scanned && /^[A-Z]/.test(name)) {
      // A class of another file: `Constants.MODEL` with Constants.java (or .cs) in the same folder, else the one file of
      // that name that declares the class anywhere in the workspace (Java packages and C# namespaces).
      const extension = file.endsWith('.cs') ? '.cs' : '.java';
      const sameFolder = prefixed(dirname(file), `${name}${extension}`);
      if (this.symbols(sameFolder)) return { k: 'class', file: sameFolder, name };
      const named = classFiles(this.index).get(`${name}${extension}`) ?? [];
      // The answer depends on every file of that name (a second declaration makes it ambiguous): all are dependencies.
      for (const candidate of named.slice(0, 64)) this.consult(candidate);
      const elsewhere = named.filter((candidate) => this.classesOf(candidate).has(name));
      if (elsewhere.length === 1) return { k: 'class', file: elsewhere[0], name };
    }
    if (symbols.language === 'ruby' && /^[A-Z]/.test(name)) {
      // Rails autoloads constants: a top-level constant, or a module, declared anywhere in the workspace's Ruby files.
      const constant = this.rubyDeclaration(name);
      if (constant) return constant;
      if (rubyConstants(this.index).modules.has(name)) return { k: 'rubyModule', name };
    }
    if (scanned && this.classesOf(file).has(name)) return { k: 'class', file, name };
    return null;
  }

  /** The one Ruby file that binds `key` (`MODEL`, `Llm.CHAT_MODEL`), evaluated; null when none or several do. */
  private rubyDeclaration(key: string): Found | null {
    const files = rubyConstants(this.index).bindings.get(key) ?? [];
    // The answer depends on every file that binds the name (a second one makes it ambiguous).
    for (const candidate of files.slice(0, 64)) this.consult(candidate);
    if (files.length !== 1) return null;
    const binding = this.symbols(files[0])?.bindings.get(key);
    return binding ? this.evaluate(files[0], binding.expr, binding.line, 1) : null;
  }

  private classesOf(file: string): Set<string> {
    let names = this.classNames.get(file);
    if (!names) {
      names = new Set();
      for (const key of this.index.files.get(file)?.bindings.keys() ?? []) {
        const dot = key.indexOf('.');
        if (dot > 0) names.add(key.slice(0, dot));
      }
      this.classNames.set(file, names);
    }
    return names;
  }

  private resolveImport(file: string, language: SymbolLanguage, module: string, name: string | null, depth: number): Found | null {
    if (language === 'go') {
      const folder = this.goPackage(module);
      return folder === null ? null : { k: 'package', folder };
    }
    const target = this.resolveModule(file, language, module);
    if (name === null) return target ? { k: 'module', file: target } : null;
    if (target) {
      const found = this.resolveName(target, name, depth + 1);
      if (found) return found;
    }
    if (language === 'python' && module === 'django.conf' && name === 'settings') {
      // Django's lazy settings object is the module DJANGO_SETTINGS_MODULE names (set in manage.py / wsgi.py).
      const settings = this.djangoSettingsModule(file);
      if (settings) return { k: 'module', file: settings };
    }
    if (language === 'python') {
      // `from pkg import submodule`
      const submodule = this.resolveModule(file, language, module.endsWith('.') ? module + name : `${module}.${name}`);
      if (submodule) return { k: 'module', file: submodule };
    }
    return null;
  }

  /** The settings module a `DJANGO_SETTINGS_MODULE` default names, from the declaring file nearest above `file`. */
  private djangoSettingsModule(file: string): string | null {
    let best: { file: string; module: string } | null = null;
    for (const [candidate, module] of djangoDeclarations(this.index)) {
      if (!this.spend()) return null;
      const folder = dirname(candidate);
      if (folder !== '' && !file.startsWith(`${folder}/`)) continue;
      if (!best || folder.length > dirname(best.file).length) best = { file: candidate, module };
    }
    if (!best) return null;
    this.consult(best.file);
    return this.resolveModule(best.file, 'python', best.module);
  }

  private memberOf(found: Found, key: string, depth: number): Found | null {
    if (depth > MAX_IMPORT_DEPTH || !this.spend()) return null;
    switch (found.k) {
      case 'obj': {
        for (let i = found.entries.length - 1; i >= 0; i--) if (found.entries[i][0] === key) return found.entries[i][1];
        return null;
      }
      case 'module': {
        const direct = this.resolveName(found.file, key, depth + 1);
        if (direct) return direct;
        if (this.symbols(found.file)?.language === 'python' || !this.index.files.has(found.file)) {
          const folder = found.file.endsWith('/__init__.py') ? dirname(found.file) : null;
          if (folder !== null) {
            const submodule = this.firstIndexed([prefixed(folder, `${key}.py`), prefixed(folder, `${key}/__init__.py`)]);
            if (submodule) return { k: 'module', file: submodule };
          }
        }
        return null;
      }
      case 'package': {
        for (const file of this.index.folders.get(found.folder) ?? []) {
          const binding = this.symbols(file)?.bindings.get(key);
          if (binding && /^[A-Z]/.test(key)) return this.evaluate(file, binding.expr, binding.line, depth + 1);
        }
        return null;
      }
      case 'class': {
        const binding = this.symbols(found.file)?.bindings.get(`${found.name}.${key}`);
        return binding ? this.evaluate(found.file, binding.expr, binding.line, depth + 1) : null;
      }
      case 'rubyModule':
        return this.rubyDeclaration(`${found.name}.${key}`);
      default:
        return null;
    }
  }

  private firstIndexed(candidates: string[]): string | null {
    for (const candidate of candidates) {
      this.consult(candidate);
      if (this.index.files.has(candidate)) return candidate;
    }
    return null;
  }

  /** The file a module specifier names, from `file`: Python dotted and relative modules, JS paths and tsconfig aliases. */
  private resolveModule(file: string, language: SymbolLanguage, module: string): string | null {
    if (!this.spend()) return null;
    const folder = dirname(file);
    if (language === 'python') {
      const dots = /^\.*/.exec(module)![0].length;
      const rest = module.slice(dots).split('.').filter(Boolean).join('/');
      const bases = dots > 0 ? [ancestors(folder)[dots - 1]].filter((base): base is string => base !== undefined) : ancestors(folder).flatMap((base) => [base, prefixed(base, 'src')]);
      for (const base of bases) {
        const found = rest ? this.firstIndexed([prefixed(base, `${rest}.py`), prefixed(base, `${rest}/__init__.py`)]) : this.firstIndexed([prefixed(base, '__init__.py')]);
        if (found) return found;
      }
      return null;
    }
    if (language !== 'js') return null;
    let bases: string[] = [];
    if (module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..') {
      const joined = joinPath(folder, module);
      if (joined !== null) bases = [joined];
    } else {
      for (const configFolder of ancestors(folder)) {
        const config = this.index.aliases.get(configFolder);
        if (!config) continue;
        for (const [pattern, targets] of config.paths) {
          const star = pattern.indexOf('*');
          const matched = star === -1 ? (module === pattern ? '' : null) : module.startsWith(pattern.slice(0, star)) && module.endsWith(pattern.slice(star + 1)) ? module.slice(star, module.length - (pattern.length - star - 1)) : null;
          if (matched === null) continue;
          for (const target of targets) {
            const joined = joinPath(config.base, target.replace('*', matched));
            if (joined !== null) bases.push(joined);
          }
        }
        break;
      }
    }
    for (const base of bases) {
      const stem = base.replace(/\.(m|c)?jsx?$/, '');
      const found = this.firstIndexed([base, ...['.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs'].map((extension) => stem + extension), ...['.ts', '.tsx', '.js', '.jsx'].map((extension) => `${base}/index${extension}`)]);
      if (found) return found;
    }
    return null;
  }

  /** The indexed folder a Go import path names: the longest folder its path ends with. */
  private goPackage(importPath: string): string | null {
    let best: string | null = null;
    for (const folder of this.index.folders.keys()) {
      if (!folder || !(importPath === folder || importPath.endsWith(`/${folder}`) || endsWithSegments(importPath, folder))) continue;
      if (best === null || folder.length > best.length) best = folder;
    }
    return best;
  }

  private evaluate(file: string, expr: SymbolExpr, line: number, depth: number, scope?: Scope): Found | null {
    if (depth > MAX_IMPORT_DEPTH * 2 || !this.spend()) return null;
    const origin: SourceLine = { file, line };
    if (file === this.file && this.record) this.recorded()!.ownLines = true;
    switch (expr.k) {
      case 'str': {
        const parts: StaticPart[] = [];
        // Text pieces say the line their literal starts on (where a stand-alone prompt site of that file is anchored).
        const textOrigin: SourceLine = expr.line ? { file, line: expr.line } : origin;
        for (const part of expr.parts) {
          if (typeof part === 'string') parts.push({ text: part, source: textOrigin });
          else if ('hole' in part) parts.push({ hole: part.hole });
          else parts.push(...this.asParts(this.resolvePath(file, part.ref, depth + 1, scope), part.ref));
        }
        return { k: 'str', parts, origin: textOrigin };
      }
      case 'num':
        return { k: 'num', value: expr.value, origin };
      case 'ref':
        return this.resolvePath(file, expr.path, depth + 1, scope);
      case 'concat': {
        const parts: StaticPart[] = [];
        for (const item of expr.items) parts.push(...this.asParts(this.evaluate(file, item, line, depth + 1, scope), item.k === 'ref' ? item.path : '…'));
        return { k: 'str', parts, origin };
      }
      case 'obj': {
        const entries: Array<[string, Found]> = [];
        for (const [key, value] of expr.entries) {
          const found = this.evaluate(file, value, line, depth + 1, scope);
          if (found) entries.push([key, found]);
        }
        return { k: 'obj', entries, origin };
      }
      case 'env':
        return { k: 'env', variable: expr.variable, fallback: expr.fallback ? this.evaluate(file, expr.fallback, line, depth + 1, scope) : null, origin };
      case 'fallback': {
        const right = this.evaluate(file, expr.right, line, depth + 1, scope);
        const left = this.evaluate(file, expr.left, line, depth + 1, scope);
        if (left?.k === 'env' && !left.fallback && right) return { ...left, fallback: right };
        return right && right.k === 'str' ? { k: 'fallback', right, origin } : null;
      }
      case 'new': {
        const found = this.resolvePath(file, expr.callee, depth + 1, scope);
        return found?.k === 'class' ? found : null;
      }
      case 'fn':
        return { k: 'fn', file, params: expr.params, body: expr.body, origin };
      case 'cond': {
        const first = this.evaluate(file, expr.first, line, depth + 1, scope);
        const second = this.evaluate(file, expr.second, line, depth + 1, scope);
        return first && second ? { k: 'cond', first, second, origin } : null;
      }
      case 'call': {
        const args = expr.args.map((arg) => this.evaluate(file, arg, line, depth + 1, scope));
        const named = new Map(expr.named.map(([key, value]) => [key, this.evaluate(file, value, line, depth + 1, scope)] as const));
        const names = expr.callee.split('.');
        const callee = scope?.has(names[0]) ? null : this.resolvePath(file, expr.callee, depth + 1, scope);
        if (callee?.k === 'fn') return this.apply(callee, (param, index) => (typeof param === 'string' ? args[index] ?? named.get(param) ?? null : null), depth + 1);
        if (callee?.k === 'class') return this.instanceOf(callee, depth + 1);
        return { k: 'call', path: names, args, named: [...named], origin };
      }
    }
  }

  /** A function's returned value with each parameter bound by `argument` (null: a placeholder). */
  private apply(fn: Extract<Found, { k: 'fn' }>, argument: (param: FunctionParam, index: number) => Found | null, depth: number): Found | null {
    if (depth > MAX_IMPORT_DEPTH * 2) return null;
    const scope = new Map<string, Found | null>();
    fn.params.forEach((param, index) => {
      if (typeof param === 'string') scope.set(param, argument(param, index));
      else for (const key of param) scope.set(key, null);
    });
    return this.evaluate(fn.file, fn.body, fn.origin.line, depth + 1, scope);
  }

  /** A dotted name inside `file`: its first name from the file's module scope, then members. */
  private resolvePath(file: string, path: string, depth: number, scope?: Scope): Found | null {
    const names = path.split('.');
    // A parameter of the function being evaluated: its argument, else a placeholder (`self.role` too).
    if (scope && (scope.has(names[0]) || names[0] === 'self' || names[0] === 'this' || names[0] === 'cls')) return names.length === 1 ? scope.get(names[0]) ?? null : null;
    let found = this.resolveName(file, names[0], depth + 1);
    for (const key of names.slice(1)) {
      if (!found) return null;
      found = this.memberOf(found, key, depth + 1);
    }
    return found;
  }

  private asParts(found: Found | null, name: string): StaticPart[] {
    if (found?.k === 'str') return found.parts;
    if (found?.k === 'num') return [{ text: String(found.value), source: found.origin }];
    return [{ hole: name }];
  }

  /** A found value as the evaluator's value at the place of use: spans are the use's, text sources are kept per piece. */
  private toValue(found: Found, span: Span, text: string): CodeValue | null {
    switch (found.k) {
      case 'str': {
        const segments: PromptSegment[] = found.parts.map((part) => ('segment' in part ? part.segment : 'hole' in part ? { kind: 'dynamic', name: part.hole, raw: part.hole } : { kind: 'static', text: part.text, source: part.source }));
        return { kind: 'string', span, segments: mergeSourced(segments), origin: found.origin };
      }
      case 'num':
        return { kind: 'number', span, value: found.value };
      case 'obj': {
        const entries: ObjectEntry[] = [];
        for (const [key, value] of found.entries) {
          const converted = this.toValue(value, span, `${text}.${key}`);
          if (converted) entries.push({ key, keySpan: span, value: converted });
        }
        return { kind: 'object', span, entries, openSpreads: [] };
      }
      case 'env': {
        const fallback = found.fallback ? this.toValue(found.fallback, span, text) : null;
        return opaque(span, text, 'environment', { definition: `getenv("${found.variable}")`, ...(fallback?.kind === 'string' ? { defaultValue: fallback, defaultKind: 'env-default' as const } : {}) });
      }
      case 'fallback': {
        const right = this.toValue(found.right, span, text);
        return opaque(span, text, 'unknown', right?.kind === 'string' ? { defaultValue: right, defaultKind: 'fallback' } : {});
      }
      case 'cond': {
        // As a conditional written at the call: unknown, with both values as its alternatives (a model: the first is priced).
        const first = this.toValue(found.first, span, text);
        const second = this.toValue(found.second, span, text);
        return first && second ? conditionalValue(span, text, first, second) : null;
      }
      case 'call': {
        const positional = found.args.map((arg) => (arg ? this.toValue(arg, span, text) : null) ?? opaque(span, text));
        const named: ObjectEntry[] = found.named.map(([key, value]) => ({ key, keySpan: span, value: (value ? this.toValue(value, span, `${text}.${key}`) : null) ?? opaque(span, text) }));
        return { kind: 'call', span, path: found.path, text, positional, named, openSpreads: [], receiver: null };
      }
      default:
        return null;
    }
  }
}

const CLASS_FILES = new WeakMap<WorkspaceSymbols, Map<string, string[]>>();

/** Java / C# files by base name (`Constants.java` → its paths), found once per index. */
function classFiles(index: WorkspaceSymbols): Map<string, string[]> {
  let byName = CLASS_FILES.get(index);
  if (!byName) {
    byName = new Map();
    for (const [file, symbols] of index.files) {
      if (symbols.language !== 'java') continue;
      const base = file.slice(file.lastIndexOf('/') + 1);
      const list = byName.get(base);
      if (list) list.push(file);
      else byName.set(base, [file]);
    }
    CLASS_FILES.set(index, byName);
  }
  return byName;
}

const RUBY_CONSTANTS = new WeakMap<WorkspaceSymbols, { bindings: Map<string, string[]>; modules: Set<string> }>();

/** Ruby files by the constants they bind (`MODEL`, `Llm.CHAT_MODEL`) and the module names they declare, found once per index. */
function rubyConstants(index: WorkspaceSymbols): { bindings: Map<string, string[]>; modules: Set<string> } {
  let found = RUBY_CONSTANTS.get(index);
  if (!found) {
    found = { bindings: new Map(), modules: new Set() };
    for (const [file, symbols] of index.files) {
      if (symbols.language !== 'ruby') continue;
      for (const key of symbols.bindings.keys()) {
        const list = found.bindings.get(key);
        if (list) list.push(file);
        else found.bindings.set(key, [file]);
        const dot = key.indexOf('.');
        if (dot > 0) found.modules.add(key.slice(0, dot));
      }
    }
    RUBY_CONSTANTS.set(index, found);
  }
  return found;
}

const DJANGO_DECLARATIONS = new WeakMap<WorkspaceSymbols, Array<[string, string]>>();

/** Files that set a `DJANGO_SETTINGS_MODULE` default, found once per index. */
function djangoDeclarations(index: WorkspaceSymbols): Array<[string, string]> {
  let found = DJANGO_DECLARATIONS.get(index);
  if (!found) {
    found = [];
    for (const [file, symbols] of index.files) if (symbols.djangoSettings) found.push([file, symbols.djangoSettings]);
    DJANGO_DECLARATIONS.set(index, found);
  }
  return found;
}

function endsWithSegments(importPath: string, folder: string): boolean {
  const wanted = importPath.split('/').slice(-2).join('/');
  return wanted.includes('/') && (folder === wanted || folder.endsWith(`/${wanted}`));
}

/** Joins neighbouring static pieces of one source line (a template's text around a resolved name stays apart). */
function mergeSourced(segments: PromptSegment[]): PromptSegment[] {
  const merged: PromptSegment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (segment.kind === 'static' && segment.text === '') continue;
    if (last?.kind === 'static' && segment.kind === 'static' && last.source && segment.source && last.source.file === segment.source.file && last.source.line === segment.source.line) {
      merged[merged.length - 1] = { ...last, text: last.text + segment.text };
    } else merged.push(segment);
  }
  return merged;
}

/** Every distinct source line of a site's static text that came from another file, in order of first use. */
export function promptSourcesOf(messages: ReadonlyArray<{ segments: readonly PromptSegment[] }>): SourceLine[] {
  const seen = new Map<string, SourceLine>();
  for (const message of messages) {
    for (const segment of message.segments) {
      if (segment.kind !== 'static' || !segment.source) continue;
      const key = `${segment.source.file}:${segment.source.line}`;
      if (!seen.has(key)) seen.set(key, { file: segment.source.file, line: segment.source.line });
    }
  }
  return [...seen.values()];
}
