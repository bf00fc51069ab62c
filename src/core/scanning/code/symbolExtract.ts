// Pass 1 of cross-file resolution (issue 18): a file's module-level bindings that can feed a call (string, template
// and f-string constants, concatenations, dict/object literals, enum members, class-level settings fields, env reads
// with a default) and its imports, read by one linear tokenizer per language family. No syntax tree: the index is
// built for every file of a workspace, so it must cost a fraction of a parse; what it does not understand is left out.
import { decodeEscapes } from './stringEscapes';
import { ENV_VARIABLE_NAME, isEnvHelperPath } from './envReads';

/** A module-level expression as the index keeps it: only the forms a reader resolves without running code. */
export type SymbolExpr =
  /** Text with references to other names (`f"{A} x"`, `` `${A} x` ``); a part that is no name is a placeholder. */
  | { k: 'str'; parts: Array<string | { ref: string } | { hole: string }>; line?: number }
  | { k: 'num'; value: number }
  /** A (dotted) name: `OTHER`, `config.settings`, `Tier.Best`. */
  | { k: 'ref'; path: string }
  | { k: 'concat'; items: SymbolExpr[] }
  | { k: 'obj'; entries: Array<[string, SymbolExpr]> }
  /** An environment read; `fallback` is its literal default (`os.getenv("M", "x")`, `process.env.M ?? "x"`). */
  | { k: 'env'; variable: string; fallback: SymbolExpr | null }
  /** `x or "lit"`, `x || 'lit'`, `x ?? 'lit'` where x is not an environment read. */
  | { k: 'fallback'; left: SymbolExpr; right: SymbolExpr }
  /** `Settings()`, `new Config()`: an instance whose fields are the class's (settings objects). */
  | { k: 'new'; callee: string }
  /**
   * A function whose body is one `return` of a value the index keeps (a prompt builder, `Load()` returning a config
   * literal); parameters in order, a destructured object parameter as its keys.
   */
  | { k: 'fn'; params: FunctionParam[]; body: SymbolExpr }
  /** A builder's `if …: return a` / `else: return b`: one of two values, in source order (a reader cannot tell which). */
  | { k: 'cond'; first: SymbolExpr; second: SymbolExpr }
  /** Any other call whose arguments are kept: a workspace function's result, else a factory call (`openai("gpt-4o")`). */
  | { k: 'call'; callee: string; args: SymbolExpr[]; named: Array<[string, SymbolExpr]> };

/** A parameter name, or the keys of a destructured object parameter (`({ storeName }) => …`). */
export type FunctionParam = string | string[];

export interface SymbolBinding {
  expr: SymbolExpr;
  /** 1-based line of the binding. */
  line: number;
}

export type SymbolLanguage = 'python' | 'js' | 'go' | 'java' | 'ruby';

export interface FileSymbols {
  language: SymbolLanguage;
  /** Module-level names and class members (`Settings.chat_model`, `Tier.Best`). */
  bindings: Map<string, SymbolBinding>;
  /** Local name → module specifier as written and the imported name (null: the module itself, a namespace). */
  imports: Map<string, { module: string; name: string | null }>;
  /** `export * from 'm'` (names null) and `export { a as b } from 'm'` (exported → imported). */
  reexports: Array<{ module: string; names: Map<string, string> | null }>;
  /** Go: the package name; Java: the package. */
  packageName?: string;
  /** String literals that look like paths of prompt files read by the code (`prompts/x.txt`). */
  pathLiterals: string[];
  /** String literals that look like template folders (`templates`, `prompts/system`), joined with the path literals. */
  folderLiterals?: string[];
  /** Python: the settings module `DJANGO_SETTINGS_MODULE` is set to (`os.environ.setdefault(…, "proj.settings")` in manage.py). */
  djangoSettings?: string;
}

/** Per file, at most this many bindings are kept (generated constant tables stay bounded). */
export const MAX_BINDINGS_PER_FILE = 2000;
/** Files larger than this are not indexed (not where a team keeps its prompts and model ids). */
export const MAX_INDEXED_FILE_CHARS = 512 * 1024;
/** Expression nesting the index follows. */
const MAX_EXPR_DEPTH = 24;

export interface Token {
  /** `s` string, `n` name, `d` number, `o` operator/punctuation, `l` statement-ending newline. */
  t: 's' | 'n' | 'd' | 'o' | 'l';
  v: string;
  /** For strings: the parts (static text and interpolations). */
  parts?: Array<string | { expr: string }>;
  line: number;
  col: number;
  /** First token of its line. */
  first: boolean;
  /**
   * The tokenizer's state where the lexeme starts (column of a string's prefix or a symbol's colon included; bracket
   * depth before it) and where it ends, all relative to lines, so tokens after an edit that adds no line stay the same.
   */
  fromCol: number;
  depth: number;
  endLine: number;
  endCol: number;
}

/** The tokens of an earlier text, that text's line starts (`lineFeedStarts`), and the one edit that made the current text from it. */
export interface TokenizedEdit {
  tokens: readonly Token[];
  lineStarts: readonly number[];
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Where each line starts, as the tokenizer counts lines (after each line feed). */
export { lineFeedStarts } from '../../lineIndex';

const PY_STRING_PREFIX = /^[rRbBuUfF]{1,2}$/;
const OPERATOR_STARTS = new Set(['.', '=', '!', '?', '|', '&', ':', '-', '*']);
const TWO_CHARACTER_OPERATORS = new Set(['??', '||', '&&', '=>', '==', '!=', '::', ':=', '->', '**']);
/** Characters a string scan must look at one by one (quotes, escapes, interpolation, newlines). */
const STRING_SPECIAL = new Set(['"', "'", '`', '\\', '{', '}', '$', '#', '\n']);

function isIdentifierStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36 || code === 64;
}

function isIdentifierPart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

const NO_TOKENS: readonly Token[] = [];

/** Tokens of a file, linear in its length. Python and Go get `l` tokens at newlines outside brackets. */
export function tokenize(text: string, language: SymbolLanguage): Token[] {
  return tokenizeEdited(text, language, null);
}

/**
 * `tokenize(text)`, reusing the tokens of the text `edit` changed: lexing resumes at the last token that read nothing
 * the edit changed and stops at the first token after the edit whose state (kind, bracket depth, column, first on its
 * line, previous token's kind) matches an old token's at the same place in the unchanged rest, whose tokens are then
 * the old ones moved. Equal to a fresh `tokenize` (seeded test).
 */
export function tokenizeEdited(text: string, language: SymbolLanguage, edit: TokenizedEdit | null): Token[] {
  return lexEdited(text, language, edit, false).tokens;
}

/** Which tokens an edit changed: old [start, oldEnd) became new [start, newEnd); the rest are the old token objects. */
export interface TokenChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * `tokenizeEdited`, writing the result into `edit.tokens` itself when the edit added and removed no line (a keystroke:
 * no array of the file's length is made), and saying which tokens changed. The caller must own `edit.tokens`: after an
 * in-place update (`inPlace`) that array no longer holds the old text's tokens.
 */
export function tokenizeEditedInPlace(text: string, language: SymbolLanguage, edit: TokenizedEdit & { tokens: Token[] }): { tokens: Token[]; change: TokenChange; inPlace: boolean } {
  return lexEdited(text, language, edit, true);
}

/** Largest number of new tokens spliced into the old array in place (a paste of more is copied). */
const MAX_SPLICED_TOKENS = 4096;

function lexEdited(text: string, language: SymbolLanguage, edit: TokenizedEdit | null, inPlace: boolean): { tokens: Token[]; change: TokenChange; inPlace: boolean } {
  /** Tokens lexed by this call; the first `kept` old tokens come before them (joined once, at the end). */
  const tokens: Token[] = [];
  let kept = 0;
  const hashComment = language === 'python' || language === 'ruby';
  const newlines = language === 'python' || language === 'go' || language === 'ruby';
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let first = true;
  let i = 0;
  const old = edit?.tokens ?? [];
  const delta = edit ? edit.newEnd - edit.oldEnd : 0;
  /** Index of the old token the new tokens caught up with (-1: not yet). */
  let synced = -1;
  let oldAt = 0;
  const oldStarts = edit?.lineStarts ?? [];
  const oldFrom = (token: Token): number => oldStarts[token.line - 1] + token.fromCol;
  if (edit) {
    // Resume at the last token whose lexing (up to 2 characters of lookahead past its end) stopped before the edit
    // (token ends grow with their index: found by bisection).
    let low = 0;
    let high = old.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (oldStarts[old[mid].endLine - 1] + old[mid].endCol + 3 < edit.start) low = mid + 1;
      else high = mid;
    }
    const resume = Math.max(0, low - 1);
    if (resume > 0) {
      const at = old[resume];
      kept = resume;
      ({ line, depth, first } = at);
      lineStart = oldStarts[at.line - 1];
      i = lineStart + at.fromCol;
    }
    oldAt = resume;
  }
  /** After an edit: the first token lexed past it that starts as an old one did (same state) ends the lexing. */
  const catchUp = (token: Token, from: number): void => {
    if (!edit || from <= edit.newEnd) return;
    const target = from - delta;
    while (oldAt < old.length && oldFrom(old[oldAt]) < target) oldAt++;
    const match = old[oldAt];
    if (!match || oldFrom(match) !== target || match.t !== token.t || match.depth !== token.depth || match.first !== token.first || match.fromCol !== token.fromCol) return;
    if ((old[oldAt - 1]?.t ?? null) !== (lastToken(2)?.t ?? null)) return;
    synced = oldAt;
  };
  const push = (t: Token['t'], v: string, start: number): void => {
    // One object shape for every token (no spread): the tokenizer allocates little else.
    const col = start - lineStart;
    const token: Token = { t, v, parts: undefined, line, col, first, fromCol: col, depth, endLine: line, endCol: col + v.length };
    tokens.push(token);
    first = false;
    catchUp(token, start);
  };
  const countLines = (from: number, to: number): void => {
    for (let j = from; j < to; j++) if (text.charCodeAt(j) === 10) {
      line++;
      lineStart = j + 1;
    }
  };
  while (i < text.length && synced < 0) {
    const c = text[i];
    if (c === '\n') {
      const last = lastToken(1);
      if (newlines && depth === 0 && last && last.t !== 'l') push('l', '\n', i);
      line++;
      i++;
      lineStart = i;
      first = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    const code = text.charCodeAt(i);
    if (c === '\\' && language === 'python' && text[i + 1] === '\n') {
      i += 2;
      line++;
      lineStart = i;
      continue;
    }
    if ((hashComment && c === '#') || (!hashComment && c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (!hashComment && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      countLines(i, stop);
      i = stop;
      continue;
    }
    if (isIdentifierStart(code)) {
      let j = i + 1;
      while (j < text.length && isIdentifierPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      if (language === 'python' && PY_STRING_PREFIX.test(word) && (text[j] === '"' || text[j] === "'")) {
        i = readString(j, word.toLowerCase(), i);
        continue;
      }
      push('n', word, i);
      i = j;
      continue;
    }
    if (code >= 48 && code <= 57) {
      let j = i + 1;
      while (j < text.length && (isIdentifierPart(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
      push('d', text.slice(i, j), i);
      i = j;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i = readString(i, '', i);
      continue;
    }
    // Ruby `:"claude-sonnet-4-5"`: a symbol written as a string is read as that string.
    if (language === 'ruby' && c === ':' && (text[i + 1] === '"' || text[i + 1] === "'") && text[i - 1] !== ':') {
      i = readString(i + 1, '', i);
      continue;
    }
    // Multi-character operators start with one of a few characters; everything else is one character.
    let op = c;
    if (OPERATOR_STARTS.has(c)) {
      const three = text.slice(i, i + 3);
      const two = text.slice(i, i + 2);
      op = three === '...' || three === '===' || three === '!==' ? three : TWO_CHARACTER_OPERATORS.has(two) ? two : c;
    }
    // Go's `const (` … `)` block separates its specs by newlines: only braces and brackets join Go lines.
    // The token keeps the depth before it (where lexing would resume).
    push('o', op, i);
    if (op === '[' || op === '{' || (op === '(' && language !== 'go')) depth++;
    else if ((op === ']' || op === '}' || (op === ')' && language !== 'go')) && depth > 0) depth--;
    i += op.length;
  }
  // The old tokens before, the new ones, and (when caught up) the rest as it was: the same objects when no line was
  // added or removed, else moved by the lines' difference. One concatenation: the kept parts are copied once.
  const result = (joined: Token[], oldEnd: number, newEnd: number, splicedIn = false) => ({ tokens: joined, change: { start: kept, oldEnd, newEnd }, inPlace: splicedIn });
  if (kept === 0 && synced < 0) return result(tokens, old.length, tokens.length);
  if (synced >= 0 && lastToken(1)!.line === old[synced].line) {
    if (inPlace && tokens.length <= MAX_SPLICED_TOKENS) {
      (old as Token[]).splice(kept, synced + 1 - kept, ...tokens);
      return result(old as Token[], synced + 1, kept + tokens.length, true);
    }
    return result((kept > 0 ? old.slice(0, kept) : NO_TOKENS).concat(tokens, old.slice(synced + 1)), synced + 1, kept + tokens.length);
  }
  const before = kept > 0 ? old.slice(0, kept) : NO_TOKENS;
  if (synced < 0) return result(before.concat(tokens), old.length, kept + tokens.length);
  const lines = lastToken(1)!.line - old[synced].line;
  const after: Token[] = [];
  for (let k = synced + 1; k < old.length; k++) {
    const token = old[k];
    after.push({ ...token, line: token.line + lines, endLine: token.endLine + lines });
  }
  return result(before.concat(tokens, after), old.length, kept + tokens.length + after.length);

  /** The `back`-th last token so far (1: the last), among the new ones and then the kept old ones. */
  function lastToken(back: number): Token | undefined {
    return back <= tokens.length ? tokens[tokens.length - back] : kept - (back - tokens.length) >= 0 ? old[kept - (back - tokens.length)] : undefined;
  }

  /** Reads a string starting at its quote (its lexeme at `from`: a prefix or a symbol's colon); returns the index after it. */
  function readString(quoteAt: number, prefix: string, from: number): number {
    const start = quoteAt;
    const q = text[quoteAt];
    const triple = (language === 'python' || language === 'java') && text.slice(quoteAt, quoteAt + 3) === q.repeat(3);
    const close = triple ? q.repeat(3) : q;
    const raw = prefix.includes('r') || (language === 'go' && q === '`');
    const interpolating = prefix.includes('f') || (language === 'js' && q === '`') || (language === 'ruby' && q === '"');
    let j = quoteAt + close.length;
    const parts: Array<string | { expr: string }> = [];
    let piece = '';
    const startLine = line;
    const startCol = start - lineStart;
    const wasFirst = first;
    while (j < text.length) {
      if (text.startsWith(close, j)) break;
      const ch = text[j];
      if (ch === '\n' && !triple && q !== '`') break;
      if (ch === '\\' && !(language === 'go' && q === '`')) {
        piece += text.slice(j, j + 2);
        j += 2;
        continue;
      }
      if (interpolating && language === 'python' && ch === '{') {
        if (text[j + 1] === '{') {
          piece += '{';
          j += 2;
          continue;
        }
        const end = matchingBrace(j);
        parts.push(decode(piece, raw));
        piece = '';
        parts.push({ expr: text.slice(j + 1, end).split(/[!:=]/)[0].trim() });
        j = end + 1;
        continue;
      }
      if (interpolating && language === 'python' && ch === '}' && text[j + 1] === '}') {
        piece += '}';
        j += 2;
        continue;
      }
      // Ruby `#{…}` and JS `${…}` interpolate the same way.
      if (interpolating && ((language === 'ruby' && ch === '#') || (language === 'js' && ch === '$')) && text[j + 1] === '{') {
        const end = matchingBrace(j + 1);
        parts.push(decode(piece, raw));
        piece = '';
        parts.push({ expr: text.slice(j + 2, end).trim() });
        j = end + 1;
        continue;
      }
      // A run of ordinary characters is copied in one slice.
      let k = j + 1;
      while (k < text.length && !STRING_SPECIAL.has(text[k])) k++;
      piece += text.slice(j, k);
      j = k;
    }
    parts.push(decode(piece, raw));
    const end = Math.min(text.length, j + close.length);
    const value = parts.filter((part) => part !== '');
    const token: Token = { t: 's', v: '', parts: value, line: startLine, col: startCol, first: wasFirst, fromCol: from - (start - startCol), depth, endLine: startLine, endCol: 0 };
    tokens.push(token);
    first = false;
    countLines(start, end);
    token.endLine = line;
    token.endCol = end - lineStart;
    catchUp(token, from);
    return end;
  }

  function matchingBrace(open: number): number {
    let level = 0;
    for (let j = open; j < text.length; j++) {
      if (text[j] === '{') level++;
      else if (text[j] === '}' && --level === 0) return j;
      else if (text[j] === '\n' && j - open > 2000) break;
    }
    return text.length - 1;
  }

  function decode(piece: string, raw: boolean): string {
    if (raw || !piece.includes('\\')) return piece;
    // A backslash-newline inside a string continues the line.
    return decodeEscapes(piece.replace(/\\\r?\n/g, ''), true);
  }
}

/** Extensions of prompt files code reads by a literal path (plain text and the templates a loader renders). */
export const PROMPT_FILE_EXTENSIONS = ['txt', 'md', 'prompt', 'tmpl', 'text', 'j2', 'jinja', 'jinja2', 'hbs', 'handlebars', 'mustache', 'yaml', 'yml', 'json'] as const;
const PATH_LITERAL = new RegExp(`^[\\w./-]{1,200}\\.(${PROMPT_FILE_EXTENSIONS.join('|')})$`, 'i');
/** A folder a template loader may be given (`FileSystemLoader("templates")`, `Path(…) / "prompts"`): read with the names above. */
const TEMPLATE_FOLDER_LITERAL = /^[\w.-]*(templat|prompt)[\w.-]*(\/[\w.-]+){0,4}$/i;

/** What the parser found, in source order: `applyEffects` turns it into a FileSymbols (the binding cap applied there). */
type SymbolEffect =
  | { bound: string; binding: SymbolBinding }
  | { imported: string; entry: { module: string; name: string | null } }
  | { reexport: { module: string; names: Map<string, string> | null } }
  | { packageName: string };

/**
 * One extraction's steps (iterations of the parser's top-level loop), kept so that the next version of the text is
 * extracted by parsing again only the steps an edit can change. Per step: the token it started at, the furthest token
 * it read, its loop state (Python's class, Ruby's open modules) and how many effects came before it.
 */
export interface ExtractionTrace {
  language: SymbolLanguage;
  /** The tokens extracted from (compared with the next version's when the tokenizer does not say what changed)… */
  tokens: readonly Token[];
  /** …and how many there were (an in-place update changes that array afterwards: see tokenizeEditedInPlace). */
  tokenCount: number;
  /** Indexes of the tokens `mayBeLiteralPath` accepts, and (Python) of the string tokens `DJANGO_SETTINGS_MODULE`. */
  literals: number[];
  djangoNames: number[];
  starts: number[];
  reaches: number[];
  states: string[];
  effectsBefore: number[];
  effects: SymbolEffect[];
  /** False when a step read a token before its own start (none does today): then no step is carried over. */
  resumable: boolean;
}

/** Pass 1 for one file: its bindings, imports and re-exports. Linear; at most MAX_BINDINGS_PER_FILE bindings. */
export function extractSymbols(text: string, language: SymbolLanguage, tokenized?: readonly Token[]): FileSymbols {
  if (text.length > MAX_INDEXED_FILE_CHARS) return emptySymbols(language);
  // `tokenized`: `tokenize(text, language)` already (an editor's document, tokenized from its last version).
  return extractSymbolsEdited(language, tokenized ?? tokenize(text, language), null).symbols;
}

function emptySymbols(language: SymbolLanguage): FileSymbols {
  return { language, bindings: new Map(), imports: new Map(), reexports: [], pathLiterals: [] };
}

/**
 * `extractSymbols(text, language)` from `tokens` (`tokenize(text, language)`), reusing `previous`, the trace of an extraction of an
 * earlier version of the text: the steps that read only tokens before the first changed one are kept, parsing resumes
 * at the next, and stops at the first step past the last changed token that starts where an old step started (moved by
 * the token count's change) in the same loop state: from there the old steps and effects apply as they were. Equal to
 * a fresh extraction (seeded test); `reparsedSteps` counts the steps parsed.
 */
export function extractSymbolsEdited(language: SymbolLanguage, tokens: readonly Token[], previous: ExtractionTrace | null, tokenChange?: TokenChange): { symbols: FileSymbols; trace: ExtractionTrace; reparsedSteps: number } {
  const symbols = emptySymbols(language);
  const before = previous?.language === language && previous.resumable ? previous : null;
  // The changed tokens: old [prefix, old.length - suffix) became new [prefix, tokens.length - suffix).
  let prefix = 0;
  let suffix = 0;
  if (before && tokenChange) {
    // Told by the tokenizer (whose old array may have been updated in place).
    prefix = tokenChange.start;
    suffix = before.tokenCount - tokenChange.oldEnd;
  } else if (before) {
    const old = before.tokens;
    const limit = Math.min(old.length, tokens.length);
    while (prefix < limit && sameToken(old[prefix], tokens[prefix])) prefix++;
    while (suffix < limit - prefix && sameToken(old[old.length - 1 - suffix], tokens[tokens.length - 1 - suffix])) suffix++;
  }
  // Tokens that may be a prompt file's path or a template folder, and Django's settings variable: by token index, kept
  // for the unchanged tokens and looked for among the changed ones (every token is read only by a whole extraction).
  const editedIndexes = (kept: readonly number[] | undefined, test: (token: Token) => boolean): number[] => {
    const found: number[] = [];
    if (before && kept) {
      for (const index of kept) if (index < prefix) found.push(index);
    }
    for (let index = before ? prefix : 0; index < tokens.length - suffix; index++) if (test(tokens[index])) found.push(index);
    if (before && kept) {
      const shift = tokens.length - before.tokenCount;
      for (const index of kept) if (index >= before.tokenCount - suffix) found.push(index + shift);
    }
    return found;
  };
  const literals = editedIndexes(before?.literals, mayBeLiteralPath);
  for (const index of literals) {
    const literal = tokens[index].parts![0] as string;
    if (PATH_LITERAL.test(literal) && symbols.pathLiterals.length < 64) symbols.pathLiterals.push(literal);
    else if (TEMPLATE_FOLDER_LITERAL.test(literal) && !literal.includes('..') && (symbols.folderLiterals ??= []).length < 8 && !symbols.folderLiterals.includes(literal)) symbols.folderLiterals.push(literal);
  }
  const djangoNames = language === 'python' ? editedIndexes(before?.djangoNames, (token) => token.t === 's' && stringOf(token) === 'DJANGO_SETTINGS_MODULE') : [];
  for (const i of djangoNames) {
    if (i + 2 < tokens.length && tokens[i + 1].v === ',' && tokens[i + 2].t === 's') {
      const module = stringOf(tokens[i + 2]);
      if (module && /^[\w.]+$/.test(module)) symbols.djangoSettings = module;
      break;
    }
  }
  const parser = new Parser(tokens, language);
  const trace: ExtractionTrace = { language, tokens, tokenCount: tokens.length, literals, djangoNames, starts: [], reaches: [], states: [], effectsBefore: [], effects: parser.effects, resumable: true };
  const stepsBefore = parser.stepCount;
  if (!before) parser.steps(trace, null);
  else {
    // Steps whose reads all lie before the first changed token are kept (reaches grow step by step past each start).
    let kept = 0;
    while (kept < before.starts.length - 1 && before.reaches[kept] < prefix) kept++;
    for (let step = 0; step < kept; step++) {
      trace.starts.push(before.starts[step]);
      trace.reaches.push(before.reaches[step]);
      trace.states.push(before.states[step]);
      trace.effectsBefore.push(before.effectsBefore[step]);
    }
    for (let effect = 0; effect < before.effectsBefore[kept]; effect++) parser.effects.push(before.effects[effect]);
    parser.resume(before.starts[kept], before.states[kept]);
    const shift = tokens.length - before.tokenCount;
    const unchangedFrom = tokens.length - suffix;
    // An old step that starts at the same token of the unchanged rest in the same state reads what it read then.
    const resync = (start: number, state: string): number => {
      if (start < unchangedFrom) return -1;
      const step = stepStartingAt(before.starts, start - shift, kept);
      return step >= 0 && before.states[step] === state ? step : -1;
    };
    const from = parser.steps(trace, resync);
    if (from >= 0) {
      const effectShift = parser.effects.length - before.effectsBefore[from];
      for (let step = from; step < before.starts.length; step++) {
        trace.starts.push(before.starts[step] + shift);
        trace.reaches.push(before.reaches[step] + shift);
        trace.states.push(before.states[step]);
        trace.effectsBefore.push(before.effectsBefore[step] + effectShift);
      }
      for (let effect = before.effectsBefore[from]; effect < before.effects.length; effect++) parser.effects.push(before.effects[effect]);
    }
  }
  applyEffects(symbols, parser.effects);
  return { symbols, trace, reparsedSteps: parser.stepCount - stepsBefore };
}

/** A one-piece string token that a path literal or a template folder literal may be (see extractSymbolsEdited). */
function mayBeLiteralPath(token: Token): boolean {
  if (token.t !== 's' || token.parts?.length !== 1 || typeof token.parts[0] !== 'string') return false;
  const literal = token.parts[0];
  return PATH_LITERAL.test(literal) || (TEMPLATE_FOLDER_LITERAL.test(literal) && !literal.includes('..'));
}

/** Index of the step starting at token `start` (starts grow), searched from `from`; -1 for none. */
function stepStartingAt(starts: readonly number[], start: number, from: number): number {
  let low = from;
  let high = starts.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (starts[mid] < start) low = mid + 1;
    else if (starts[mid] > start) high = mid - 1;
    else return mid;
  }
  return -1;
}

/** Tokens that read the same to the parser (the same object, or equal in every field). */
function sameToken(a: Token, b: Token): boolean {
  if (a === b) return true;
  if (a.t !== b.t || a.v !== b.v || a.line !== b.line || a.col !== b.col || a.first !== b.first || a.fromCol !== b.fromCol || a.depth !== b.depth || a.endLine !== b.endLine || a.endCol !== b.endCol) return false;
  if (a.parts === b.parts) return true;
  if (!a.parts || !b.parts || a.parts.length !== b.parts.length) return false;
  return a.parts.every((part, index) => {
    const other = b.parts![index];
    return typeof part === 'string' ? part === other : typeof other !== 'string' && part.expr === other.expr;
  });
}

function applyEffects(symbols: FileSymbols, effects: readonly SymbolEffect[]): void {
  for (const effect of effects) {
    if ('bound' in effect) {
      if (symbols.bindings.size < MAX_BINDINGS_PER_FILE) symbols.bindings.set(effect.bound, effect.binding);
    } else if ('imported' in effect) symbols.imports.set(effect.imported, effect.entry);
    else if ('reexport' in effect) symbols.reexports.push(effect.reexport);
    else symbols.packageName = effect.packageName;
  }
}

class Parser {
  private i = 0;
  /** Highest and lowest token index read in the current step (see `steps`). */
  private reach = -1;
  private low = 0;
  /** What the steps found, in order: applied to a FileSymbols by `applyEffects`. */
  effects: SymbolEffect[] = [];
  // The top-level loop's state between steps: Python's enclosing class, Ruby's open modules.
  private className: string | null = null;
  private classIndent = -1;
  private memberIndent = -1;
  private rubyOpen: Array<{ name: string; col: number }> = [];

  constructor(
    private readonly tokens: readonly Token[],
    private readonly language: SymbolLanguage,
  ) {}

  /** Steps parsed by this parser (the growth tests count them). */
  stepCount = 0;

  /**
   * Runs top-level steps from the current token to the end, recording each in `trace`; before each, `resync` may name
   * an old step to continue with instead (returned; -1 when the run reached the end).
   */
  steps(trace: ExtractionTrace, resync: ((start: number, state: string) => number) | null): number {
    for (;;) {
      const start = this.i;
      const state = this.state();
      if (resync) {
        const old = resync(start, state);
        if (old >= 0) return old;
      }
      trace.starts.push(start);
      trace.states.push(state);
      trace.effectsBefore.push(this.effects.length);
      this.reach = start;
      this.low = start;
      this.stepCount++;
      const more = this.step();
      trace.reaches.push(Math.max(this.reach, this.i));
      if (this.low < start) trace.resumable = false;
      if (!more) return -1;
    }
  }

  private step(): boolean {
    switch (this.language) {
      case 'python':
        return this.pythonStep();
      case 'ruby':
        return this.rubyStep();
      case 'js':
        return this.javascriptStep();
      case 'go':
        return this.goStep();
      default:
        return this.javaStep();
    }
  }

  /** The loop state between steps as a string (equal strings: the same state); '' outside any class or module. */
  private state(): string {
    if (this.language === 'python') return this.className === null ? '' : `${this.className}\u0000${this.classIndent}\u0000${this.memberIndent}`;
    if (this.language === 'ruby') return this.rubyOpen.map(({ name, col }) => `${name}\u0000${col}`).join('\u0001');
    return '';
  }

  /** Continues at token `start` in the loop state `state` (from `state()`). */
  resume(start: number, state: string): void {
    this.i = start;
    if (this.language === 'python' && state) {
      const [className, classIndent, memberIndent] = state.split('\u0000');
      this.className = className;
      this.classIndent = Number(classIndent);
      this.memberIndent = Number(memberIndent);
    } else if (this.language === 'ruby' && state) {
      this.rubyOpen = state.split('\u0001').map((entry) => {
        const [name, col] = entry.split('\u0000');
        return { name, col: Number(col) };
      });
    }
  }

  /** The token at `index`, noting the read: a step's range of reads says which edits can change what it found. */
  private at(index: number): Token | undefined {
    if (index > this.reach) this.reach = index;
    if (index < this.low) this.low = index;
    return this.tokens[index];
  }
  private peek(offset = 0): Token | undefined {
    return this.at(this.i + offset);
  }
  private is(v: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.t !== 's' && token.v === v;
  }
  private bind(name: string, expr: SymbolExpr | null, line: number): void {
    if (expr) this.effects.push({ bound: name, binding: { expr, line } });
  }
  private importAs(local: string, entry: { module: string; name: string | null }): void {
    this.effects.push({ imported: local, entry });
  }
  private reexport(entry: { module: string; names: Map<string, string> | null }): void {
    this.effects.push({ reexport: entry });
  }
  /** Skips to the end of the current statement (an `l` token at depth 0, or a `;` in C-like code). */
  /** The token at or after `i` that starts a statement (line markers and the rest of a statement skipped); none at the end. */
  private nextStatementStart(): Token | undefined {
    while (this.i < this.tokens.length) {
      const token = this.at(this.i)!;
      if (token.t === 'l') this.i++;
      else if (!token.first) this.skipStatement();
      else return token;
    }
    return undefined;
  }

  private skipStatement(): void {
    let depth = 0;
    while (this.i < this.tokens.length) {
      const token = this.at(this.i)!;
      if (token.t === 'o' && (token.v === '(' || token.v === '[' || token.v === '{')) depth++;
      else if (token.t === 'o' && (token.v === ')' || token.v === ']' || token.v === '}')) {
        // A stray closing bracket ends the statement; it is passed so that every call makes progress.
        if (depth === 0) {
          this.i++;
          return;
        }
        depth--;
        if (depth === 0 && token.v === '}' && this.language !== 'python' && this.language !== 'go') {
          this.i++;
          return;
        }
      } else if (depth === 0 && (token.t === 'l' || (token.t === 'o' && token.v === ';'))) {
        this.i++;
        return;
      }
      this.i++;
    }
  }
  /** Skips a balanced bracket group starting at the current `(`/`[`/`{`. */
  private skipGroup(): void {
    let depth = 0;
    while (this.i < this.tokens.length) {
      const token = this.at(this.i++)!;
      if (token.t !== 'o') continue;
      if (token.v === '(' || token.v === '[' || token.v === '{') depth++;
      else if ((token.v === ')' || token.v === ']' || token.v === '}') && --depth <= 0) return;
    }
  }

  // ---- Python ------------------------------------------------------------------------------------------------

  /** One statement at module or class level; false at the end. */
  private pythonStep(): boolean {
    const token = this.nextStatementStart();
    if (!token) return false;
    if (this.className !== null && token.col <= this.classIndent) this.className = null;
    if (token.col === 0) {
      if (token.v === 'from' && token.t === 'n') {
        this.pythonFrom();
        return true;
      }
      if (token.v === 'import' && token.t === 'n') {
        this.pythonImport();
        return true;
      }
      if (token.v === 'class' && token.t === 'n' && this.peek(1)?.t === 'n') {
        this.className = this.peek(1)!.v;
        this.classIndent = 0;
        this.memberIndent = -1;
        this.skipStatement();
        return true;
      }
      if (token.t === 'n' && (this.is('=', 1) || this.is(':', 1))) {
        this.pythonAssign(token.v);
        return true;
      }
      if (token.t === 'n' && (token.v === 'def' || (token.v === 'async' && this.is('def', 1)))) {
        this.pythonDef('', 0);
        return true;
      }
    } else if (this.className !== null && token.t === 'n') {
      if (this.memberIndent === -1) this.memberIndent = token.col;
      if (token.col === this.memberIndent && (token.v === 'def' || (token.v === 'async' && this.is('def', 1)))) {
        this.pythonDef(`${this.className}.`, this.memberIndent);
        return true;
      }
      if (token.col === this.memberIndent && (this.is('=', 1) || this.is(':', 1)) && token.v !== 'class') {
        this.pythonAssign(`${this.className}.${token.v}`);
        return true;
      }
    }
    this.skipStatement();
    return true;
  }

  private pythonAssign(name: string): void {
    const line = this.at(this.i)!.line;
    this.i++;
    if (this.is(':')) {
      // An annotation: skipped to its `=` (a bare annotation binds nothing).
      while (this.i < this.tokens.length && !this.is('=') && this.peek()!.t !== 'l') {
        if (this.is('(') || this.is('[') || this.is('{')) this.skipGroup();
        else this.i++;
      }
    }
    if (!this.is('=')) return this.skipStatement();
    this.i++;
    const expr = this.expression(0);
    if (expr && this.atStatementEnd()) this.bind(name, expr, line);
    this.skipStatement();
  }

  /** `def name(params): ["docstring"] return <expr>`: a function whose first statement returns a kept value. */
  private pythonDef(prefix: string, defCol: number): void {
    if (this.is('async')) this.i++;
    const nameToken = this.peek(1);
    if (nameToken?.t !== 'n' || !this.is('(', 2)) return this.skipStatement();
    this.i += 2;
    const params = this.params();
    // The rest of the header (`-> str:`) up to the end of its line.
    this.skipStatement();
    let token = this.peek();
    if (token?.t === 's' && token.first && token.col > defCol && (this.peek(1)?.t === 'l' || this.i + 1 >= this.tokens.length)) {
      this.i += 2;
      token = this.peek();
    }
    const branches = this.pythonIfElseReturns(defCol);
    if (branches) {
      this.bind(`${prefix}${nameToken.v}`, { k: 'fn', params: params.filter((param) => param !== 'self' && param !== 'cls'), body: branches }, nameToken.line);
      return;
    }
    // Guard clauses first (`if settings.TESTING: return FakeModel()`): the value is the return past them.
    for (let guards = 0; guards < 8 && token?.t === 'n' && token.v === 'if' && token.first && token.col > defCol; guards++) {
      const bodyCol = token.col;
      this.skipStatement();
      for (let next = this.peek(); next && (next.t === 'l' || !next.first || next.col > bodyCol || (next.col === bodyCol && next.t === 'n' && (next.v === 'elif' || next.v === 'else'))); next = this.peek()) {
        if (next.t === 'l') this.i++;
        else this.skipStatement();
      }
      token = this.peek();
    }
    if (token?.t !== 'n' || token.v !== 'return' || !token.first || token.col <= defCol) return;
    this.i++;
    const body = this.expression(0);
    if (body && this.atStatementEnd()) this.bind(`${prefix}${nameToken.v}`, { k: 'fn', params: params.filter((param) => param !== 'self' && param !== 'cls'), body }, nameToken.line);
    this.skipStatement();
  }

  // ---- Ruby --------------------------------------------------------------------------------------------------

  /**
   * Ruby has no imports (Rails autoloads constants): top-level constants (`MODEL = "…"`), constants of a module or
   * class (`Llm::CHAT_MODEL` is bound as `Llm.CHAT_MODEL`, the innermost module's name) and one-expression singleton
   * methods (`def self.reply(name) "…#{name}…" end`, Ruby's implicit return). Modules are followed by indentation.
   */
  private rubyStep(): boolean {
    const open = this.rubyOpen;
    const token = this.nextStatementStart();
    if (!token) return false;
    while (open.length > 0 && token.col <= open[open.length - 1].col && !(token.v === 'end' && token.col === open[open.length - 1].col)) open.pop();
    if (token.t === 'n' && token.v === 'end') {
      if (open.length > 0 && token.col === open[open.length - 1].col) open.pop();
      this.skipStatement();
      return true;
    }
    if (token.t === 'n' && (token.v === 'module' || token.v === 'class') && this.peek(1)?.t === 'n' && /^[A-Z]/.test(this.peek(1)!.v)) {
      // `module Admin::Prompts`: the innermost name.
      let j = 1;
      while (this.is('::', j + 1) && this.peek(j + 2)?.t === 'n') j += 2;
      open.push({ name: this.peek(j)!.v, col: token.col });
      this.skipStatement();
      return true;
    }
    const owner = open.length > 0 ? `${open[open.length - 1].name}.` : '';
    if (token.t === 'n' && /^[A-Z][A-Za-z0-9_]*$/.test(token.v) && this.is('=', 1)) {
      const line = token.line;
      this.i += 2;
      const expr = this.expression(0);
      if (expr && this.atStatementEnd()) this.bind(`${owner}${token.v}`, expr, line);
      this.skipStatement();
      return true;
    }
    if (token.t === 'n' && token.v === 'def' && this.is('self', 1) && this.is('.', 2) && this.peek(3)?.t === 'n' && owner) {
      this.rubySingletonMethod(owner, token.col);
      return true;
    }
    this.skipStatement();
    return true;
  }

  /** `def self.name(params)` whose body is one expression before its `end`: a builder of the module. */
  private rubySingletonMethod(owner: string, defCol: number): void {
    const nameToken = this.peek(3)!;
    this.i += 4;
    const params = this.is('(') ? this.params() : [];
    this.skipStatement();
    const first = this.peek();
    if (!first || !first.first || first.col <= defCol) return;
    const body = this.expression(0);
    if (!body || !this.atStatementEnd()) return this.skipStatement();
    this.skipStatement();
    while (this.peek()?.t === 'l') this.i++;
    const end = this.peek();
    if (end?.t === 'n' && end.v === 'end' && end.col === defCol) this.bind(`${owner}${nameToken.v}`, { k: 'fn', params, body }, nameToken.line);
  }

  /**
   * A body that is exactly `if …:` / `return a` / `else:` / `return b` (each branch one return): both values, in
   * source order. Anything else leaves the position where it was and returns null.
   */
  private pythonIfElseReturns(defCol: number): SymbolExpr | null {
    const start = this.i;
    const ifToken = this.peek();
    if (ifToken?.t !== 'n' || ifToken.v !== 'if' || !ifToken.first || ifToken.col <= defCol) return null;
    const bodyCol = ifToken.col;
    const branch = (): SymbolExpr | null => {
      // The clause's header up to its `:` line end, then one `return value` line deeper than the clause.
      this.skipStatement();
      while (this.peek()?.t === 'l') this.i++;
      const ret = this.peek();
      if (ret?.t !== 'n' || ret.v !== 'return' || !ret.first || ret.col <= bodyCol) return null;
      this.i++;
      const value = this.expression(0);
      if (!value || !this.atStatementEnd()) return null;
      this.skipStatement();
      while (this.peek()?.t === 'l') this.i++;
      return value;
    };
    const first = branch();
    const elseToken = this.peek();
    const second = first && elseToken?.t === 'n' && elseToken.v === 'else' && elseToken.first && elseToken.col === bodyCol ? branch() : null;
    const after = this.peek();
    if (first && second && (!after || (after.first && after.col <= defCol))) return { k: 'cond', first, second };
    this.i = start;
    return null;
  }

  /** A parameter list from its `(` to after its `)`: names (types, defaults and `*`/`**` passed), destructured keys. */
  private params(): FunctionParam[] {
    const params: FunctionParam[] = [];
    const start = this.i;
    this.i++;
    let expectName = true;
    while (this.i < this.tokens.length && !this.is(')')) {
      const token = this.peek()!;
      if (expectName && token.t === 'n') {
        params.push(token.v);
        expectName = false;
        this.i++;
      } else if (expectName && this.is('{')) {
        const keys: string[] = [];
        this.i++;
        while (this.i < this.tokens.length && !this.is('}')) {
          if (this.peek()!.t === 'n' && (this.is(',', 1) || this.is('}', 1) || this.is('=', 1))) keys.push(this.peek()!.v);
          if (this.is('{') || this.is('(') || this.is('[')) this.skipGroup();
          else this.i++;
        }
        this.i++;
        params.push(keys);
        expectName = false;
      } else if (this.is(',')) {
        expectName = true;
        this.i++;
      } else if (this.is('(') || this.is('[') || this.is('{')) this.skipGroup();
      else this.i++;
      if (params.length > 32) break;
    }
    if (!this.is(')')) {
      this.i = start;
      this.skipGroup();
      return params;
    }
    this.i++;
    return params;
  }

  private atStatementEnd(): boolean {
    const token = this.peek();
    return !token || token.t === 'l' || (token.t === 'o' && (token.v === ';' || token.v === ',' || token.v === '}' || token.v === ')')) || token.first;
  }

  private pythonFrom(): void {
    this.i++;
    let module = '';
    while (this.peek() && (this.is('.') || this.peek()!.t === 'n') && !this.is('import')) module += this.at(this.i++)!.v;
    if (!this.is('import')) return this.skipStatement();
    this.i++;
    const parenthesised = this.is('(');
    if (parenthesised) this.i++;
    while (this.i < this.tokens.length) {
      const token = this.peek()!;
      if (token.t === 'n') {
        let local = token.v;
        this.i++;
        if (this.is('as') && this.peek(1)?.t === 'n') {
          local = this.peek(1)!.v;
          this.i += 2;
        }
        if (token.v !== '*') this.importAs(local, { module, name: token.v });
      } else if (token.v === '*') {
        this.reexport({ module, names: null });
        this.i++;
      } else if (token.v === ',') this.i++;
      else break;
    }
    if (parenthesised && this.is(')')) this.i++;
    this.skipStatement();
  }

  private pythonImport(): void {
    this.i++;
    while (this.peek()?.t === 'n') {
      let module = this.at(this.i++)!.v;
      while (this.is('.') && this.peek(1)?.t === 'n') {
        module += `.${this.peek(1)!.v}`;
        this.i += 2;
      }
      let local = module.split('.')[0];
      let whole = false;
      if (this.is('as') && this.peek(1)?.t === 'n') {
        local = this.peek(1)!.v;
        whole = true;
        this.i += 2;
      }
      // `import a.b` binds `a`; `import a.b as c` binds `c` to a.b.
      this.importAs(local, { module: whole ? module : module.split('.')[0], name: null });
      if (!this.is(',')) break;
      this.i++;
    }
    this.skipStatement();
  }

  // ---- JavaScript / TypeScript ---------------------------------------------------------------------------------

  private javascriptStep(): boolean {
    if (this.i >= this.tokens.length) return false;
    const token = this.at(this.i)!;
    const v = token.t === 'n' ? token.v : '';
    if (v === 'import' && !this.is('(', 1)) {
      this.jsImport();
      return true;
    }
    if (v === 'export') {
      this.i++;
      if (this.is('default')) {
        const line = this.peek()!.line;
        this.i++;
        const expr = this.expression(0);
        if (expr) this.bind('default', expr, line);
        this.endJs();
        return true;
      }
      if (this.is('*') || this.is('{') || this.is('type')) {
        this.jsReexport();
        return true;
      }
      return true;
    }
    if (v === 'declare') {
      this.i++;
      return true;
    }
    if (v === 'const' || v === 'let' || v === 'var') {
      if (this.is('enum', 1)) {
        this.i++;
        return true;
      }
      this.jsDeclaration();
      return true;
    }
    if (v === 'enum' && this.peek(1)?.t === 'n' && this.is('{', 2)) {
      this.enumBody(this.peek(1)!.v, 3);
      return true;
    }
    if (v === 'class' && this.peek(1)?.t === 'n') {
      this.classBody(this.peek(1)!.v);
      return true;
    }
    if ((v === 'function' && this.peek(1)?.t === 'n') || (v === 'async' && this.is('function', 1) && this.peek(2)?.t === 'n')) {
      if (v === 'async') this.i++;
      const nameToken = this.peek(1)!;
      this.i += 2;
      if (this.is('<')) while (this.i < this.tokens.length && !this.is('(')) this.i++;
      if (!this.is('(')) return true;
      const params = this.params();
      const body = this.jsFunctionBody();
      if (body) this.bind(nameToken.v, { k: 'fn', params, body }, nameToken.line);
      return true;
    }
    if (v === 'module' && this.is('.', 1) && this.is('exports', 2) && this.is('=', 3)) {
      const line = token.line;
      this.i += 4;
      const expr = this.jsArrow() ?? this.expression(0);
      // `{ MODEL, openai }` shorthand exports the module's own binding of that name: it is kept, not replaced by itself.
      if (expr?.k === 'obj') {
        for (const [key, value] of expr.entries) if (!(value.k === 'ref' && value.path === key)) this.bind(key, value, line);
      } else if (expr) this.bind('default', expr, line);
      this.endJs();
      return true;
    }
    if (v === 'exports' && this.is('.', 1) && this.peek(2)?.t === 'n' && this.is('=', 3)) {
      const name = this.peek(2)!.v;
      const line = token.line;
      this.i += 4;
      this.bind(name, this.jsArrow() ?? this.expression(0), line);
      this.endJs();
      return true;
    }
    if (token.t === 'o' && (token.v === '{' || token.v === '(' || token.v === '[')) {
      // A function or block body: nothing module-level inside.
      this.skipGroup();
      return true;
    }
    this.i++;
    return true;
  }

  private jsImport(): void {
    this.i++;
    if (this.is('type')) this.i++;
    const locals: Array<[string, string | null]> = [];
    while (this.i < this.tokens.length && !this.is('from') && this.peek()!.t !== 's') {
      if (this.peek()!.t === 'n') {
        locals.push([this.peek()!.v, 'default']);
        this.i++;
      } else if (this.is('*') && this.is('as', 1) && this.peek(2)?.t === 'n') {
        locals.push([this.peek(2)!.v, null]);
        this.i += 3;
      } else if (this.is('{')) {
        this.i++;
        while (this.i < this.tokens.length && !this.is('}')) {
          if (this.is('type')) this.i++;
          const name = this.peek();
          if (name?.t === 'n' || name?.t === 's') {
            const imported = name.t === 's' ? stringOf(name) ?? '' : name.v;
            this.i++;
            let local = imported;
            if (this.is('as') && this.peek(1)?.t === 'n') {
              local = this.peek(1)!.v;
              this.i += 2;
            }
            locals.push([local, imported]);
          } else this.i++;
        }
        this.i++;
      } else this.i++;
    }
    if (this.is('from')) this.i++;
    const module = this.peek()?.t === 's' ? stringOf(this.peek()!) : null;
    if (module !== null) for (const [local, name] of locals) this.importAs(local, { module, name });
    this.endJs();
  }

  private jsReexport(): void {
    if (this.is('type')) this.i++;
    let names: Map<string, string> | null = null;
    if (this.is('*')) {
      this.i++;
      if (this.is('as') && this.peek(1)?.t === 'n') {
        // `export * as ns from 'm'`: a namespace binding.
        const local = this.peek(1)!.v;
        this.i += 2;
        if (this.is('from') && this.peek(1)?.t === 's') this.importAs(local, { module: stringOf(this.peek(1)!) ?? '', name: null });
        this.endJs();
        return;
      }
    } else {
      names = new Map();
      this.i++;
      while (this.i < this.tokens.length && !this.is('}')) {
        const name = this.peek()!;
        if (name.t === 'n' && name.v !== 'type') {
          let exported = name.v;
          this.i++;
          if (this.is('as') && this.peek(1)?.t === 'n') {
            exported = this.peek(1)!.v;
            this.i += 2;
          }
          names.set(exported, name.v);
        } else this.i++;
      }
      this.i++;
    }
    if (this.is('from') && this.peek(1)?.t === 's') {
      this.reexport({ module: stringOf(this.peek(1)!) ?? '', names });
      this.i += 2;
    } else if (names) {
      // `export { a as b }` of local names: an alias.
      for (const [exported, local] of names) if (exported !== local) this.bind(exported, { k: 'ref', path: local }, this.peek(-1)?.line ?? 1);
    }
    this.endJs();
  }

  private jsDeclaration(): void {
    this.i++;
    if (this.is('{')) return this.jsDestructuredRequire();
    const nameToken = this.peek();
    if (nameToken?.t !== 'n') return this.endJs();
    this.i++;
    if (this.is(':')) {
      this.i++;
      let depth = 0;
      while (this.i < this.tokens.length) {
        const token = this.peek()!;
        if (token.t === 'o' && (token.v === '(' || token.v === '[' || token.v === '{' || token.v === '<')) depth++;
        else if (token.t === 'o' && (token.v === ')' || token.v === ']' || token.v === '}' || token.v === '>')) depth--;
        else if (depth <= 0 && token.t === 'o' && (token.v === '=' || token.v === ';')) break;
        this.i++;
      }
    }
    if (!this.is('=')) return this.endJs();
    this.i++;
    const arrow = this.jsArrow();
    if (arrow) {
      this.bind(nameToken.v, arrow, nameToken.line);
      return this.endJs();
    }
    const expr = this.expression(0);
    if (expr && !this.jsStatementEnd()) return this.endJs();
    // `const x = require('m')`: a namespace import.
    if (expr?.k === 'new' && expr.callee.startsWith('require:')) this.importAs(nameToken.v, { module: expr.callee.slice(8), name: null });
    else if (expr) this.bind(nameToken.v, expr, nameToken.line);
    this.endJs();
  }

  /** `const { MODEL, MAX_TOKENS: cap } = require('../lib/llm')`: each name an import of that module's export. */
  private jsDestructuredRequire(): void {
    const names: Array<[string, string]> = [];
    this.i++;
    while (this.i < this.tokens.length && !this.is('}')) {
      const token = this.peek()!;
      if (token.t !== 'n') {
        // A default value, a nested pattern or a rest element: not a plain import list.
        if (!this.is(',')) return this.endJs();
        this.i++;
        continue;
      }
      if (this.is(':', 1) && this.peek(2)?.t === 'n') {
        names.push([this.peek(2)!.v, token.v]);
        this.i += 3;
      } else {
        names.push([token.v, token.v]);
        this.i++;
      }
    }
    this.i++;
    const isRequire = this.is('=') && this.is('require', 1) && this.is('(', 2) && this.peek(3)?.t === 's' && this.is(')', 4);
    const module = isRequire ? stringOf(this.peek(3)!) : null;
    if (module !== null) for (const [local, exported] of names) this.importAs(local, { module, name: exported });
    this.endJs();
  }

  /** `(params) => expr`, `async ({ a }: T): R => { return expr; }`, `x => expr`; null (position kept) for anything else. */
  private jsArrow(): SymbolExpr | null {
    const start = this.i;
    if (this.is('async')) this.i++;
    let params: FunctionParam[];
    if (this.peek()?.t === 'n' && this.is('=>', 1)) {
      params = [this.peek()!.v];
      this.i++;
    } else if (this.is('(')) {
      const open = this.i;
      this.skipGroup();
      // A return type annotation (`): string =>`) sits between the parameters and the arrow.
      let j = this.i;
      if (this.is(':')) {
        while (j < this.tokens.length && !(this.at(j)!.t === 'o' && (this.at(j)!.v === '=>' || this.at(j)!.v === ';' || this.at(j)!.v === '{'))) j++;
      }
      if (!(this.at(j)?.t === 'o' && this.at(j)!.v === '=>')) {
        this.i = start;
        return null;
      }
      this.i = open;
      params = this.params();
      this.i = j;
    } else {
      this.i = start;
      return null;
    }
    this.i++;
    const body = this.is('{') ? this.jsFunctionBody() : this.expression(0);
    if (!body) return null;
    return { k: 'fn', params, body };
  }

  /** A `{ return expr; }` body (the return its first statement), from the current token: skips the body either way. */
  private jsFunctionBody(): SymbolExpr | null {
    while (this.i < this.tokens.length && !this.is('{') && !this.is(';')) this.i++;
    if (!this.is('{')) return null;
    const open = this.i;
    let body: SymbolExpr | null = null;
    this.i++;
    // Guard clauses first (`if (isTestEnvironment) { return mock; }`): the value is the return past them, as a reader
    // of the production path takes it. Any other statement before the return: not kept.
    for (let guards = 0; guards < 8 && this.is('if') && this.is('(', 1); guards++) {
      this.i++;
      this.skipGroup();
      if (this.is('{')) this.skipGroup();
      else if (this.is('return')) while (this.i < this.tokens.length && !this.is(';') && !this.is('}')) this.i++;
      else break;
      if (this.is(';')) this.i++;
    }
    if (this.is('return')) {
      this.i++;
      const expr = this.expression(0);
      if (expr && (this.is(';') || this.is('}'))) body = expr;
    }
    this.i = open;
    this.skipGroup();
    return body;
  }

  /** True at a `;`, a `}`/`)`/`,`, the end, or a token that starts a line at column 0 (a statement ended without `;`). */
  private jsStatementEnd(): boolean {
    const token = this.peek();
    return !token || (token.t === 'o' && (token.v === ';' || token.v === '}' || token.v === ')' || token.v === ',')) || token.first;
  }

  /** Ends a JS statement: to its `;`, or to the next line starting at column 0 (ASI), passing bracket groups whole. */
  private endJs(): void {
    while (this.i < this.tokens.length) {
      const token = this.peek()!;
      if (token.first && token.col === 0) return;
      if (token.t === 'o' && (token.v === '(' || token.v === '[' || token.v === '{')) {
        this.skipGroup();
        continue;
      }
      this.i++;
      if (token.t === 'o' && token.v === ';') return;
    }
  }

  /** `enum E { A = 'x', B = "y" }` (TS), from the token after `{`. */
  private enumBody(name: string, skip: number): void {
    this.i += skip;
    while (this.i < this.tokens.length && !this.is('}')) {
      const member = this.peek()!;
      if ((member.t === 'n' || member.t === 's') && this.is('=', 1)) {
        const key = member.t === 's' ? stringOf(member) ?? '' : member.v;
        this.i += 2;
        const expr = this.expression(0);
        if (expr) this.bind(`${name}.${key}`, expr, member.line);
        while (this.i < this.tokens.length && !this.is(',') && !this.is('}')) this.i++;
      } else this.i++;
    }
    this.i++;
  }

  /** A class's static fields (`static readonly MODEL = 'x'`, Java `static final String M = "x";`). */
  private classBody(name: string): void {
    while (this.i < this.tokens.length && !this.is('{')) this.i++;
    const open = this.i;
    this.i++;
    let depth = 1;
    while (this.i < this.tokens.length && depth > 0) {
      const token = this.peek()!;
      if (token.t === 'o' && token.v === '{') depth++;
      else if (token.t === 'o' && token.v === '}') depth--;
      else if (depth === 1 && token.t === 'n' && this.is('=', 1) && this.isStaticField(open)) {
        this.i += 2;
        const expr = this.expression(0);
        if (expr) this.bind(`${name}.${token.v}`, expr, token.line);
        continue;
      }
      this.i++;
    }
  }

  /** True when the declaration before the current name says `static` (or `const` in C#) since the last `;`, `{` or `}`. */
  private isStaticField(limit: number): boolean {
    for (let j = this.i - 1; j > limit; j--) {
      const token = this.at(j)!;
      if (token.t === 'o' && (token.v === ';' || token.v === '{' || token.v === '}')) return false;
      if (token.t === 'n' && (token.v === 'static' || token.v === 'const')) return true;
    }
    return false;
  }

  // ---- Go ------------------------------------------------------------------------------------------------------

  private goStep(): boolean {
    if (this.i >= this.tokens.length) return false;
    const token = this.at(this.i)!;
    if (token.t === 'n' && token.first && token.col === 0) {
      if (token.v === 'package' && this.peek(1)?.t === 'n') this.effects.push({ packageName: this.peek(1)!.v });
      if (token.v === 'import') {
        this.goImport();
        return true;
      }
      if (token.v === 'const' || token.v === 'var') {
        this.i++;
        if (this.is('(')) {
          this.i++;
          while (this.i < this.tokens.length && !this.is(')')) {
            if (this.peek()!.t === 'n') this.goSpec();
            else this.i++;
          }
          this.i++;
        } else this.goSpec();
        return true;
      }
    }
    if (token.t === 'n' && token.v === 'func' && token.first && token.col === 0 && this.peek(1)?.t === 'n' && this.is('(', 2)) {
      this.goFunc();
      return true;
    }
    if (token.t === 'o' && token.v === '{') {
      this.skipGroup();
      return true;
    }
    this.i++;
    return true;
  }

  /** `func Load() Config { return Config{…} }`: a package function whose body is one return of a kept value. */
  private goFunc(): void {
    const nameToken = this.peek(1)!;
    this.i += 2;
    const params = this.params();
    // Result types up to the body's `{` (a struct or interface result type has braces of its own: given up).
    while (this.i < this.tokens.length && !this.is('{') && this.peek()!.t !== 'l') {
      if (this.is('(')) this.skipGroup();
      else if (this.is('struct') || this.is('interface')) return;
      else this.i++;
    }
    if (!this.is('{')) return;
    const open = this.i;
    if (this.is('return', 1)) {
      this.i += 2;
      const body = this.expression(0);
      if (body && this.is('}')) this.bind(nameToken.v, { k: 'fn', params, body }, nameToken.line);
    }
    this.i = open;
    this.skipGroup();
  }

  private goSpec(): void {
    const name = this.at(this.i++)!;
    while (this.i < this.tokens.length && !this.is('=') && this.peek()!.t !== 'l' && !this.is(')')) this.i++;
    if (this.is('=')) {
      this.i++;
      const expr = this.expression(0);
      if (expr && name.v !== '_') this.bind(name.v, expr, name.line);
    }
    while (this.i < this.tokens.length && this.peek()!.t !== 'l' && !this.is(')')) this.i++;
    if (this.peek()?.t === 'l') this.i++;
  }

  private goImport(): void {
    this.i++;
    const one = (): void => {
      let local: string | null = null;
      if (this.peek()?.t === 'n' || this.is('.') || this.is('_')) local = this.at(this.i++)!.v;
      const token = this.peek();
      if (token?.t !== 's') return void this.i++;
      const module = stringOf(token) ?? '';
      this.i++;
      const name = local ?? module.split('/').pop() ?? module;
      if (name !== '_' && name !== '.') this.importAs(name, { module, name: null });
    };
    if (this.is('(')) {
      this.i++;
      while (this.i < this.tokens.length && !this.is(')')) {
        if (this.peek()!.t === 'l') this.i++;
        else one();
      }
      this.i++;
    } else one();
  }

  // ---- Java / C# ------------------------------------------------------------------------------------------------

  private javaStep(): boolean {
    if (this.i >= this.tokens.length) return false;
    const token = this.at(this.i)!;
    if (token.t === 'n' && (token.v === 'package' || token.v === 'namespace') && this.peek(1)?.t === 'n') {
      let name = this.peek(1)!.v;
      this.i += 2;
      while (this.is('.') && this.peek(1)?.t === 'n') {
        name += `.${this.peek(1)!.v}`;
        this.i += 2;
      }
      this.effects.push({ packageName: name });
      return true;
    }
    if (token.t === 'n' && (token.v === 'class' || token.v === 'interface') && this.peek(1)?.t === 'n') {
      this.classBody(this.peek(1)!.v);
      return true;
    }
    this.i++;
    return true;
  }

  // ---- expressions ---------------------------------------------------------------------------------------------

  /** A binding's value, or null for anything the index does not keep. Stops before the first token it cannot use. */
  private expression(depth: number): SymbolExpr | null {
    if (depth > MAX_EXPR_DEPTH) return null;
    let left = this.unary(depth);
    if (!left) return null;
    for (;;) {
      if (this.is('+')) {
        this.i++;
        const right = this.unary(depth + 1);
        if (!right) return null;
        left = left.k === 'concat' ? { k: 'concat', items: [...left.items, right] } : { k: 'concat', items: [left, right] };
        continue;
      }
      if (this.is('or') || this.is('||') || this.is('??')) {
        this.i++;
        const right = this.unary(depth + 1);
        if (!right) return null;
        left = left.k === 'env' && left.fallback === null ? { k: 'env', variable: left.variable, fallback: right } : { k: 'fallback', left, right };
        continue;
      }
      if (this.is('as') || this.is('satisfies')) {
        // `as const`, `satisfies Record<…>`: types only.
        this.i++;
        while (this.peek()?.t === 'n' || this.is('.') || this.is('<') || this.is('>') || this.is('[') || this.is(']') || this.is(',')) {
          if (this.peek()?.first) break;
          this.i++;
        }
        continue;
      }
      if (this.is('!') && !this.is('=', 1)) {
        this.i++;
        continue;
      }
      return left;
    }
  }

  private unary(depth: number): SymbolExpr | null {
    const token = this.peek();
    if (!token) return null;
    if (token.t === 's') {
      this.i++;
      let expr = stringExpr(token);
      // Adjacent literals concatenate (Python, and Go/Java never write them so).
      while (this.language === 'python' && this.peek()?.t === 's') {
        const next = stringExpr(this.at(this.i++)!);
        expr = { k: 'str', parts: [...expr.parts, ...next.parts], line: expr.line };
      }
      return this.postfix(expr, depth);
    }
    if (token.t === 'd') {
      this.i++;
      const value = Number(token.v.replace(/_/g, '').replace(/[lLfFdDmMuU]+$/, ''));
      return Number.isFinite(value) ? { k: 'num', value } : null;
    }
    if (token.t === 'o' && token.v === '(') {
      this.i++;
      const inner = this.expression(depth + 1);
      if (!inner || !this.is(')')) return null;
      this.i++;
      return this.postfix(inner, depth);
    }
    if (token.t === 'o' && token.v === '{') return this.objectLiteral(depth);
    if (token.t === 'o' && token.v === '-' && this.peek(1)?.t === 'd') {
      this.i++;
      const inner = this.unary(depth + 1);
      return inner?.k === 'num' ? { k: 'num', value: -inner.value } : null;
    }
    if (token.t === 'n') {
      if (token.v === 'new' && this.peek(1)?.t === 'n') {
        this.i++;
        const path = this.dottedName();
        if (this.is('(')) this.skipGroup();
        return { k: 'new', callee: path };
      }
      if (token.v === 'await') return null;
      const path = this.dottedName();
      return this.postfix({ k: 'ref', path }, depth);
    }
    return null;
  }

  private dottedName(): string {
    let path = this.at(this.i++)!.v;
    while (this.is('.') && this.peek(1)?.t === 'n') {
      path += `.${this.peek(1)!.v}`;
      this.i += 2;
    }
    return path;
  }

  /** Calls and subscripts after a primary: env reads, settings constructors, `str(x)`, `Field(default=…)`. */
  private postfix(expr: SymbolExpr, depth: number): SymbolExpr | null {
    for (let guard = 0; guard < 8; guard++) {
      if (this.language === 'go' && expr.k === 'ref' && this.is('{') && /^[A-Z]/.test(expr.path.split('.').pop() ?? '')) {
        // A keyed struct literal, `Config{Model: …}`: an object of its fields.
        return this.objectLiteral(depth);
      }
      if (this.is('[') && expr.k === 'ref') {
        const key = this.peek(1);
        if (key?.t === 's' && this.is(']', 2)) {
          const name = stringOf(key) ?? '';
          this.i += 3;
          expr = /(^|\.)(environ|env|ENV)$/.test(expr.path) ? { k: 'env', variable: name, fallback: null } : { k: 'ref', path: `${expr.path}.${name}` };
          continue;
        }
        return expr;
      }
      if (this.is('(') && expr.k === 'ref') {
        const args = this.callArguments(depth);
        if (!args) return null;
        const last = expr.path.split('.').pop() ?? '';
        // Ruby's `ENV.fetch("M", "x")` too.
        if (/^(getenv|Getenv|get|fetch)$/.test(last) && /(^|\.)(getenv|Getenv|environ\.get|env\.get|os\.getenv|System\.getenv)$|^ENV\.fetch$/.test(expr.path) && args.positional[0]?.k === 'str') {
          const variable = plainText(args.positional[0]);
          if (variable === null) return null;
          expr = { k: 'env', variable, fallback: args.positional[1] ?? args.named.get('default') ?? null };
          continue;
        }
        // A project's own helper: `getEnv("MODEL", "gpt-4o-mini")`, `env("MODEL", default="…")`.
        const helperVariable = args.positional[0]?.k === 'str' ? plainText(args.positional[0]) : null;
        if (helperVariable !== null && ENV_VARIABLE_NAME.test(helperVariable) && isEnvHelperPath(expr.path.split('.'))) {
          expr = { k: 'env', variable: helperVariable, fallback: args.positional[1] ?? args.named.get('default') ?? null };
          continue;
        }
        if (last === 'require' && args.positional[0]?.k === 'str') {
          const module = plainText(args.positional[0]);
          return module === null ? null : { k: 'new', callee: `require:${module}` };
        }
        if ((last === 'str' || last === 'String') && args.positional.length === 1) {
          expr = args.positional[0];
          continue;
        }
        // pydantic `Field("x")` / `Field(default="x")`, dataclass `field(default="x")`: the default is the value.
        if (last === 'Field' || last === 'field') {
          const value = args.named.get('default') ?? args.positional[0];
          if (!value) return null;
          expr = value;
          continue;
        }
        if (/^[A-Z]/.test(last) && args.positional.length === 0 && args.named.size === 0) {
          expr = { k: 'new', callee: expr.path };
          continue;
        }
        // Any other call with readable arguments: a workspace function's result, or a factory (`gateway.languageModel("…")`).
        if (args.positional.length <= 8) return { k: 'call', callee: expr.path, args: args.positional, named: [...args.named] };
        return null;
      }
      if (this.is('.') && this.peek(1)?.t === 'n' && (this.peek(1)!.v === 'strip' || this.peek(1)!.v === 'trim') && this.is('(', 2) && this.is(')', 3)) {
        if (expr.k !== 'str') return null;
        this.i += 4;
        expr = { k: 'str', parts: trimParts(expr.parts), line: expr.line };
        continue;
      }
      if (expr.k === 'ref' && /(^|\.)process\.env$/.test(expr.path) === false && /^process\.env\.\w+$/.test(expr.path)) {
        return { k: 'env', variable: expr.path.slice('process.env.'.length), fallback: null };
      }
      return expr;
    }
    return expr;
  }

  private callArguments(depth: number): { positional: SymbolExpr[]; named: Map<string, SymbolExpr> } | null {
    const start = this.i;
    this.i++;
    const positional: SymbolExpr[] = [];
    const named = new Map<string, SymbolExpr>();
    while (this.i < this.tokens.length && !this.is(')')) {
      if (this.peek()!.t === 'n' && (this.is('=', 1) || this.is(':', 1)) && this.language === 'python') {
        const key = this.peek()!.v;
        this.i += 2;
        const value = this.expression(depth + 1);
        if (value) named.set(key, value);
      } else {
        const value = this.expression(depth + 1);
        if (!value) {
          this.i = start;
          this.skipGroup();
          return null;
        }
        positional.push(value);
      }
      if (this.is(',')) this.i++;
      else if (!this.is(')')) {
        this.i = start;
        this.skipGroup();
        return null;
      }
    }
    this.i++;
    return { positional, named };
  }

  private objectLiteral(depth: number): SymbolExpr | null {
    const start = this.i;
    this.i++;
    const entries: Array<[string, SymbolExpr]> = [];
    while (this.i < this.tokens.length && !this.is('}')) {
      const key = this.peek()!;
      const keyText = key.t === 's' ? stringOf(key) : key.t === 'n' || key.t === 'd' ? key.v : null;
      if (keyText !== null && this.is(':', 1)) {
        this.i += 2;
        const value = this.expression(depth + 1);
        if (value) entries.push([keyText, value]);
        else while (this.i < this.tokens.length && !this.is(',') && !this.is('}')) {
          if (this.is('(') || this.is('[') || this.is('{')) this.skipGroup();
          else this.i++;
        }
      } else if (key.t === 'n' && (this.is(',', 1) || this.is('}', 1)) && this.language === 'js') {
        entries.push([key.v, { k: 'ref', path: key.v }]);
        this.i++;
      } else {
        this.i = start;
        this.skipGroup();
        return null;
      }
      if (this.is(',')) this.i++;
      else if (this.peek()?.t === 'l') this.i++;
      else if (!this.is('}')) {
        this.i = start;
        this.skipGroup();
        return null;
      }
      if (entries.length > 500) {
        this.i = start;
        this.skipGroup();
        return null;
      }
    }
    this.i++;
    return { k: 'obj', entries };
  }
}

function stringOf(token: Token): string | null {
  if (token.t !== 's' || !token.parts) return null;
  return token.parts.every((part) => typeof part === 'string') ? (token.parts as string[]).join('') : null;
}

function stringExpr(token: Token): Extract<SymbolExpr, { k: 'str' }> {
  return {
    k: 'str',
    line: token.line,
    parts: (token.parts ?? []).map((part) => (typeof part === 'string' ? part : /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(part.expr) ? { ref: part.expr } : { hole: part.expr })),
  };
}

function plainText(expr: SymbolExpr): string | null {
  if (expr.k !== 'str') return null;
  return expr.parts.every((part) => typeof part === 'string') ? (expr.parts as string[]).join('') : null;
}

function trimParts(parts: Array<string | { ref: string } | { hole: string }>): Array<string | { ref: string } | { hole: string }> {
  const copy = [...parts];
  if (typeof copy[0] === 'string') copy[0] = copy[0].trimStart();
  const last = copy.length - 1;
  if (typeof copy[last] === 'string') copy[last] = (copy[last] as string).trimEnd();
  return copy;
}
