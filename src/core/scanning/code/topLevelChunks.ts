// Splits source text into its top-level statements without parsing, and picks the ones that can hold or feed a
// site, so a big file parses only its LLM code (issue 3: a 2,000-line file in under 20 ms; a full tree-sitter parse
// of one takes ~30 ms). Conservative by construction: a chunk is left out only when it is a named function or value
// with no marker word that kept code does not need (see `TopLevelChunk.kind`); text the lexer cannot follow makes the
// caller parse the whole file.

export interface TopLevelChunk {
  /** UTF-16 offsets; chunks tile the text (each ends where the next starts). */
  start: number;
  end: number;
  /**
   * `function`: a named function, kept only when it has a marker word or uses a name kept code binds (nothing else
   * reads a function body: values are resolved through variables, never through calls). `value`: a class, enum,
   * interface, type or single-name variable, kept also when kept code mentions its name (a constant a call reads).
   * `import`: imports and requires, always kept. `other`: everything else, always kept (top-level calls, `if`
   * blocks, exports, statements the splitter does not classify).
   */
  kind: 'function' | 'value' | 'import' | 'other';
  /** Names the chunk binds (a superset for imports). */
  names: string[];
}

export type ChunkSyntax = 'javascript' | 'python';

/** A tree-sitter included range (UTF-16 indices; rows count `\n` as tree-sitter does). */
export interface IncludedRange {
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

/** Past this many rounds of "kept code mentions a left-out declaration", the file is parsed whole. */
const MAX_CLOSURE_ROUNDS = 12;

/**
 * The ranges to parse so that every site `text` holds is still found with what it resolves, or null to parse the
 * whole file (the splitter could not follow the text, or every chunk is kept). `marked` tells whether a chunk's
 * text has a word a site needs.
 */
export function relevantRanges(text: string, syntax: ChunkSyntax, marked: (chunkText: string) => boolean): IncludedRange[] | null {
  const chunks = syntax === 'python' ? splitPython(text) : splitJavaScript(text);
  if (!chunks || chunks.length < 2) return null;
  const kept = keptChunks(chunks, text, marked);
  if (kept.every(Boolean)) return null;
  return toRanges(chunks, kept, text);
}

/** Which chunks to keep: marked or unclassified ones, then declarations linked to kept code by name, to a fixpoint. */
export function keptChunks(chunks: readonly TopLevelChunk[], text: string, marked: ((chunkText: string) => boolean) | readonly boolean[]): boolean[] {
  const chunkText = chunks.map((chunk) => text.slice(chunk.start, chunk.end));
  // Marks may also come per chunk (a re-audit marks the chunks an edit changed).
  const isMarked = typeof marked === 'function' ? chunkText.map((body) => marked(body)) : [...marked];
  const kept = chunks.map((chunk, index) => chunk.kind === 'import' || chunk.kind === 'other' || isMarked[index]);
  let fresh = kept.flatMap((isKept, index) => (isKept ? [index] : []));
  for (let round = 0; fresh.length && !kept.every(Boolean); round++) {
    if (round >= MAX_CLOSURE_ROUNDS) return chunks.map(() => true);
    const next: number[] = [];
    const keep = (index: number): void => {
      if (kept[index]) return;
      kept[index] = true;
      next.push(index);
    };
    // Values still left out, by name: newly kept code that mentions one needs it (a constant a call reads).
    const waiting = new Map<string, number[]>();
    chunks.forEach((chunk, index) => {
      if (kept[index] || chunk.kind !== 'value') return;
      for (const name of chunk.names) waiting.set(name, [...(waiting.get(name) ?? []), index]);
    });
    if (waiting.size) {
      const mentions = wordPattern([...waiting.keys()], 'g');
      for (const index of fresh) {
        mentions.lastIndex = 0;
        for (let match = mentions.exec(chunkText[index]); match; match = mentions.exec(chunkText[index])) waiting.get(match[0])?.forEach(keep);
      }
    }
    // Names newly kept code binds at top level: a left-out chunk that uses one (an alias of a client method) may be a site.
    const bound = fresh.flatMap((index) => boundNames(chunks[index], isMarked[index], chunkText[index]));
    if (bound.length) {
      const uses = wordPattern(bound, '');
      chunks.forEach((_, index) => {
        if (!kept[index] && uses.test(chunkText[index])) keep(index);
      });
    }
    fresh = next;
  }
  return kept;
}

const WORD = /[A-Za-z_$][\w$]*/g;

/** Keywords and everyday built-ins: top-level code that uses them binds nothing a site could need by that name. */
const COMMON_WORDS = new Set([
  'const', 'let', 'var', 'if', 'else', 'for', 'while', 'return', 'new', 'await', 'async', 'function', 'class', 'this', 'true', 'false', 'null',
  'undefined', 'typeof', 'of', 'in', 'do', 'try', 'catch', 'finally', 'throw', 'export', 'import', 'from', 'as', 'default', 'console', 'log',
  'None', 'True', 'False', 'elif', 'not', 'and', 'or', 'is', 'def', 'with', 'except', 'raise', 'pass', 'lambda', 'yield', 'print', 'len', 'str',
  'int', 'dict', 'list', 'self', 'os', 'environ', 'getenv', 'process', 'env', 'json', 'Error', 'Exception',
]);

/**
 * Names a kept chunk binds that a left-out chunk could use as a site's callee or argument: a value's name, a marked
 * import's names, and for marked top-level code (an `if` or `try` that sets up a client or an alias) every word it
 * has, since the splitter does not know which it assigns. Functions bind nothing a site reads (no calls are followed);
 * unmarked imports do not count: `import json` is used everywhere and binds no site.
 */
export function boundNames(chunk: TopLevelChunk, isMarked: boolean, body: string): string[] {
  if (chunk.kind === 'value') return chunk.names;
  if (!isMarked) return [];
  if (chunk.kind === 'import') return chunk.names;
  if (chunk.kind === 'other') return (body.match(WORD) ?? []).filter((word) => !COMMON_WORDS.has(word));
  return [];
}

export function wordPattern(words: string[], flags: string): RegExp {
  const escaped = [...new Set(words)].map((word) => word.replace(/\$/g, '\\$'));
  // `$` is a word character in JavaScript names: bound the match by hand rather than with \b.
  return new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`, flags);
}

export function toRanges(chunks: readonly TopLevelChunk[], kept: readonly boolean[], text: string): IncludedRange[] {
  const spans: { start: number; end: number }[] = [];
  chunks.forEach((chunk, index) => {
    if (!kept[index]) return;
    const last = spans[spans.length - 1];
    if (last && last.end === chunk.start) last.end = chunk.end;
    else spans.push({ start: chunk.start, end: chunk.end });
  });
  // Rows and columns by one walk over the text, as tree-sitter counts them (a row per `\n`).
  const offsets = spans.flatMap((span) => [span.start, span.end]);
  const points: { row: number; column: number }[] = [];
  let row = 0;
  let lineStart = 0;
  let scanned = 0;
  for (const offset of offsets) {
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      row++;
      lineStart = i + 1;
    }
    scanned = Math.max(scanned, offset);
    points.push({ row, column: offset - lineStart });
  }
  return spans.map((span, index) => ({ startIndex: span.start, endIndex: span.end, startPosition: points[2 * index], endPosition: points[2 * index + 1] }));
}

// ---------------------------------------------------------------------------------------------------------------
// JavaScript / TypeScript

/** Words after which a `/` starts a regex literal, and the statement cannot end. */
const JS_OPERATOR_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
/** Words after which the statement goes on on the next line (or may: a name like `type` merges, and is kept). */
const JS_CONTINUING_WORDS = new Set([
  ...JS_OPERATOR_WORDS, 'extends', 'implements', 'as', 'satisfies', 'keyof', 'is', 'export', 'default', 'import', 'from', 'const', 'let', 'var',
  'function', 'class', 'async', 'abstract', 'declare', 'readonly', 'static', 'interface', 'type', 'enum', 'namespace', 'module',
]);
const JS_IMPORT_WORDS = new Set(['import', 'export', 'from', 'as', 'type', 'require', 'const', 'let', 'var', 'default']);

/** A run of characters that open, close or hide nothing (names, numbers, operators, spaces). */
const JS_PLAIN_RUN = /[^\n\r'"`/(){}[\];,]+/y;
const JS_SINGLE_QUOTED = /'(?:[^'\\\n\r]|\\(?:\r\n|[^]))*'/y;
const JS_DOUBLE_QUOTED = /"(?:[^"\\\n\r]|\\(?:\r\n|[^]))*"/y;
const TEMPLATE_RUN = /[^`\\$]+/y;

const enum Code {
  Tab = 9,
  Newline = 10,
  CarriageReturn = 13,
  Space = 32,
  DoubleQuote = 34,
  Hash = 35,
  Dollar = 36,
  SingleQuote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Comma = 44,
  Slash = 47,
  Semicolon = 59,
  At = 64,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  Backtick = 96,
  OpenBrace = 123,
  CloseBrace = 125,
}

function isLineSpace(code: number): boolean {
  return code === Code.Space || code === Code.Tab || code === Code.Newline || code === Code.CarriageReturn || code === 12 || code === 11;
}

function isWordStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === Code.Underscore || code === Code.Dollar || code > 127;
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57);
}

/** Where a sticky pattern matching at `index` ends, or -1. */
function stickyEnd(pattern: RegExp, text: string, index: number): number {
  pattern.lastIndex = index;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/**
 * End of the template literal text from `i` (after a backtick or the `}` closing a substitution): the index after
 * the closing backtick, or `-(index after "\${") - 2` when a substitution opens, or -1 when the text ends first.
 */
function skipTemplateText(text: string, i: number): number {
  for (;;) {
    const run = stickyEnd(TEMPLATE_RUN, text, i);
    if (run !== -1) i = run;
    const code = text.charCodeAt(i);
    if (i >= text.length) return -1;
    if (code === Code.Backtick) return i + 1;
    if (code === Code.Backslash) i += 2;
    else if (text.charCodeAt(i + 1) === Code.OpenBrace) return -(i + 2) - 2;
    else i++;
  }
}

/**
 * Top-level statements of JavaScript/TypeScript text, or null where the lexer loses its way (a quote in JSX text,
 * unbalanced brackets): strings, template literals with nested substitutions, comments and regex literals are
 * skipped so their brackets and line starts do not count. Comments and decorators join the statement after them.
 */
export function splitJavaScript(text: string): TopLevelChunk[] | null {
  const starts: number[] = [0];
  /** Per chunk: it may hold more than one statement (a line that could start one did not split it), so it is kept. */
  const merged: boolean[] = [false];
  /** Per chunk: how many top-level commas it has (`const a = 1, b = 2` binds two names). */
  const commas: number[] = [0];
  let depth = 0;
  /** Depth at which each open `${` of a template literal sits. */
  const templates: number[] = [];
  let regexAllowed = true;
  /** The statement so far ends with something a new statement can follow (a value, `;`, `}`). */
  let mayEnd = true;
  /** The current chunk has a token that is not part of a comment or decorator. */
  let chunkHasCode = false;
  /** Inside a decorator line (`@Component({…})`), which belongs to the declaration after it. */
  let inDecorator = text.charCodeAt(0) === Code.At;
  /** A statement of this chunk ended on this line (`;` or a closing `}` at top level): any token after it is another. */
  let statementEnded = false;
  const n = text.length;
  let i = 0;
  /** Set by a backtick or a substitution's `}`: where the template text after it ends (see `skipTemplateText`). */
  let templateEnd = 0;

  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === Code.Newline || code === Code.CarriageReturn) {
      i++;
      if (depth !== 0 || templates.length) continue;
      inDecorator = false;
      statementEnded = false;
      // A statement starts at a line whose first character is a name, decorator or comment, once the previous one can end.
      const first = text.charCodeAt(i);
      const comment = first === Code.Slash && (text.charCodeAt(i + 1) === Code.Slash || text.charCodeAt(i + 1) === Code.Star);
      if (!(isWordStart(first) || first === Code.At || comment)) {
        // A line starting with `{`, `(`, a string… after a complete statement may be a statement of its own (the
        // text's end after a line break is no line: the last statement keeps its kind).
        if (mayEnd && chunkHasCode && i < n && !isLineSpace(first)) merged[merged.length - 1] = true;
        continue;
      }
      if (!mayEnd) {
        if (chunkHasCode) merged[merged.length - 1] = true;
        continue;
      }
      if (chunkHasCode) {
        starts.push(i);
        merged.push(false);
        commas.push(0);
        chunkHasCode = false;
      }
      inDecorator = first === Code.At;
      continue;
    }
    if (code === Code.Slash) {
      const next = text.charCodeAt(i + 1);
      if (next === Code.Slash) {
        i = lineEnd(text, i);
        continue;
      }
      if (next === Code.Star) {
        const end = text.indexOf('*/', i + 2);
        if (end === -1) return null;
        i = end + 2;
        continue;
      }
    }
    if (statementEnded && depth === 0 && code !== Code.Semicolon && !isLineSpace(code)) {
      merged[merged.length - 1] = true;
      statementEnded = false;
    }
    switch (code) {
      case Code.Slash:
        if (!inDecorator) chunkHasCode = true;
        if (regexAllowed) {
          i = skipRegex(text, i);
          if (i < 0) return null;
          regexAllowed = false;
          mayEnd = true;
        } else {
          i++;
          regexAllowed = true;
          mayEnd = false;
        }
        continue;
      case Code.SingleQuote:
      case Code.DoubleQuote:
        if (!inDecorator) chunkHasCode = true;
        i = stickyEnd(code === Code.SingleQuote ? JS_SINGLE_QUOTED : JS_DOUBLE_QUOTED, text, i);
        if (i < 0) return null;
        regexAllowed = false;
        mayEnd = true;
        continue;
      case Code.Backtick:
        if (!inDecorator) chunkHasCode = true;
        templateEnd = skipTemplateText(text, i + 1);
        break;
      case Code.OpenParen:
      case Code.OpenBracket:
      case Code.OpenBrace:
        if (!inDecorator) chunkHasCode = true;
        i++;
        depth++;
        regexAllowed = true;
        mayEnd = false;
        continue;
      case Code.CloseParen:
      case Code.CloseBracket:
      case Code.CloseBrace:
        if (depth === 0) return null;
        i++;
        depth--;
        if (code === Code.CloseBrace && templates.length && templates[templates.length - 1] === depth) {
          templates.pop();
          templateEnd = skipTemplateText(text, i);
          break;
        }
        // After `)` or `]` a slash divides; after `}` it usually starts a regex (a block ended).
        regexAllowed = code === Code.CloseBrace;
        mayEnd = true;
        if (depth === 0 && code === Code.CloseBrace) statementEnded = true;
        continue;
      case Code.Semicolon:
        if (!inDecorator) chunkHasCode = true;
        i++;
        regexAllowed = true;
        mayEnd = true;
        if (depth === 0) statementEnded = true;
        continue;
      case Code.Comma:
        if (depth === 0) commas[commas.length - 1]++;
        i++;
        regexAllowed = true;
        mayEnd = false;
        continue;
    }
    if (templateEnd !== 0) {
      // Template literal text ended at a backtick (a value) or at `${` (an expression follows, one level deeper).
      if (templateEnd === -1) return null;
      if (templateEnd > 0) {
        i = templateEnd;
        regexAllowed = false;
        mayEnd = true;
      } else {
        i = -templateEnd - 2;
        templates.push(depth);
        depth++;
        regexAllowed = true;
        mayEnd = false;
      }
      templateEnd = 0;
      continue;
    }
    // Names, numbers, operators and spaces up to the next character that matters: only the last token counts.
    const end = stickyEnd(JS_PLAIN_RUN, text, i);
    let last = end - 1;
    while (last >= i && (text.charCodeAt(last) === Code.Space || text.charCodeAt(last) === Code.Tab)) last--;
    // `@dec class Other {}`: a name after a space at top level ends the decorator; the rest of the line is code.
    if (inDecorator && depth === 0 && /\s[A-Za-z_$]/.test(text.slice(i, end))) inDecorator = false;
    if (last >= i) {
      if (!inDecorator) chunkHasCode = true;
      const lastCode = text.charCodeAt(last);
      if (isWordPart(lastCode)) {
        let wordStart = last;
        while (wordStart > i && isWordPart(text.charCodeAt(wordStart - 1))) wordStart--;
        const firstCode = text.charCodeAt(wordStart);
        const word = last - wordStart < 12 && !(firstCode >= 48 && firstCode <= 57) ? text.slice(wordStart, last + 1) : '';
        regexAllowed = JS_OPERATOR_WORDS.has(word);
        mayEnd = !JS_CONTINUING_WORDS.has(word);
      } else {
        // An operator or other punctuation expects an operand next.
        regexAllowed = true;
        mayEnd = false;
      }
    }
    i = end;
  }
  if (depth !== 0 || templates.length) return null;
  return starts.map((start, index) => {
    const end = index + 1 < starts.length ? starts[index + 1] : n;
    return { start, end, ...classifyJavaScript(text.slice(start, end), commas[index], merged[index]) };
  });
}

/** Index after a regex literal starting at `i` (with its flags), or -1 when none ends on the line. */
function skipRegex(text: string, i: number): number {
  let inClass = false;
  for (let j = i + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === Code.Backslash) j++;
    else if (code === Code.Newline || code === Code.CarriageReturn) return -1;
    else if (code === Code.OpenBracket) inClass = true;
    else if (code === Code.CloseBracket) inClass = false;
    else if (code === Code.Slash && !inClass) {
      let end = j + 1;
      while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
      return end;
    }
  }
  return -1;
}

const JS_MODIFIERS = /^(?:(?:export|default|declare|async|abstract)\s+)*/;

function classifyJavaScript(body: string, topLevelCommas: number, merged: boolean): Pick<TopLevelChunk, 'kind' | 'names'> {
  const head = body.slice(leadingTriviaLength(body, 'javascript'));
  if (/^import\b/.test(head) || /^export\s+(?:\*|\{[^}]*\}\s*from|type\s+\{)/.test(head) || /\brequire\s*\(/.test(body)) {
    return { kind: 'import', names: (body.match(WORD) ?? []).filter((word) => !JS_IMPORT_WORDS.has(word)) };
  }
  // More than one statement may be in the chunk: what the first one declares does not cover the rest.
  if (merged) return { kind: 'other', names: [] };
  const statement = head.replace(JS_MODIFIERS, '');
  const fn = /^function\s*\*?\s*([A-Za-z_$][\w$]*)/.exec(statement);
  if (fn) return { kind: 'function', names: [fn[1]] };
  const value =
    /^class\s+([A-Za-z_$][\w$]*)/.exec(statement) ??
    /^(?:interface|enum|const\s+enum)\s+([A-Za-z_$][\w$]*)/.exec(statement) ??
    /^type\s+([A-Za-z_$][\w$]*)\s*[<=]/.exec(statement) ??
    (topLevelCommas === 0 ? /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*[:=!]/.exec(statement) : null);
  if (!value) return { kind: 'other', names: [] };
  return { kind: 'value', names: [...new Set([value[1], ...assignedNames(statement)])] };
}

/** Names assigned anywhere in a value's text (`const configured = (MODEL = "x")` also binds MODEL): a superset. */
function assignedNames(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(/([A-Za-z_$][\w$]*)\s*(?:[-+*/%&|^]|\*\*|\?\?|&&|\|\||<<|>>>?)?=(?![=>])/g)) names.add(match[1]);
  return [...names];
}

/**
 * Length of the comments, blank space and decorators (`@name`, `@a.b(…)` with balanced brackets) that open a chunk.
 * Brackets inside decorator strings are not told apart; an imbalance ends the skip early and the chunk is kept.
 */
function leadingTriviaLength(body: string, syntax: ChunkSyntax): number {
  let i = 0;
  for (;;) {
    const start = i;
    while (i < body.length && /\s/.test(body[i])) i++;
    if (syntax === 'javascript' && body.startsWith('//', i)) i = lineEnd(body, i);
    else if (syntax === 'javascript' && body.startsWith('/*', i)) i = body.indexOf('*/', i + 2) === -1 ? body.length : body.indexOf('*/', i + 2) + 2;
    else if (syntax === 'python' && body[i] === '#') i = lineEnd(body, i);
    else if (body[i] === '@') {
      i++;
      while (i < body.length && /[\w$.]/.test(body[i])) i++;
      if (body[i] === '(') {
        let depth = 0;
        for (; i < body.length; i++) {
          if (body[i] === '(') depth++;
          else if (body[i] === ')' && --depth === 0) break;
        }
        i++;
      }
    }
    if (i === start) return i;
  }
}

/** Index of the `\n` ending the line at `i`, or the text's end. */
function lineEnd(body: string, i: number): number {
  const end = body.indexOf('\n', i);
  return end === -1 ? body.length : end;
}

// ---------------------------------------------------------------------------------------------------------------
// Python

const PY_CONTINUING = /^(?:else|elif|except|finally)\b/;
const PY_IMPORT_WORDS = new Set(['import', 'from', 'as']);

/** A run of characters that open, close or hide nothing in Python. */
const PY_PLAIN_RUN = /[^\n\r'"#\\()[\]{};]+/y;

/**
 * Top-level statements of Python text (a line at column 0 outside brackets, strings and `\` continuations), or null
 * where a one-line string runs into a line break or brackets do not balance. Decorators join what they decorate.
 */
export function splitPython(text: string): TopLevelChunk[] | null {
  const starts: number[] = [0];
  /** Per chunk: a top-level `;` joins another statement to it (`UNUSED = 1; MODEL = "x"`), so it is kept. */
  const merged: boolean[] = [false];
  let depth = 0;
  /** The current chunk has only decorators so far: it joins the `def` or `class` they decorate. */
  let decorating = text.charCodeAt(0) === Code.At;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    switch (code) {
      case Code.Newline:
      case Code.CarriageReturn: {
        i++;
        if (code === Code.CarriageReturn && text.charCodeAt(i) === Code.Newline) i++;
        if (depth !== 0 || i >= n) continue;
        const first = text.charCodeAt(i);
        // Blank lines, comments and indented lines continue the statement; so do `else:`, `except …:` and the like.
        if (first === Code.Space || first === Code.Tab || first === Code.Newline || first === Code.CarriageReturn || first === Code.Hash || first === 12) continue;
        if (PY_CONTINUING.test(text.slice(i, i + 8))) continue;
        if (!decorating) {
          starts.push(i);
          merged.push(false);
        }
        decorating = first === Code.At;
        continue;
      }
      case Code.Semicolon:
        if (depth === 0) merged[merged.length - 1] = true;
        i++;
        continue;
      case Code.Hash:
        i = lineEnd(text, i);
        continue;
      case Code.Backslash:
        // A line continuation (the next line belongs to this statement) or a stray backslash.
        i += text.charCodeAt(i + 1) === Code.CarriageReturn && text.charCodeAt(i + 2) === Code.Newline ? 3 : 2;
        continue;
      case Code.SingleQuote:
      case Code.DoubleQuote:
        i = skipPythonString(text, i, code);
        if (i < 0) return null;
        continue;
      case Code.OpenParen:
      case Code.OpenBracket:
      case Code.OpenBrace:
        i++;
        depth++;
        continue;
      case Code.CloseParen:
      case Code.CloseBracket:
      case Code.CloseBrace:
        if (depth === 0) return null;
        i++;
        depth--;
        continue;
    }
    // Names (string prefixes such as `f` or `rb` included: the quote after them starts the string), numbers, operators.
    i = stickyEnd(PY_PLAIN_RUN, text, i);
  }
  if (depth !== 0) return null;
  return starts.map((start, index) => {
    const end = index + 1 < starts.length ? starts[index + 1] : n;
    return { start, end, ...classifyPython(text.slice(start, end), merged[index]) };
  });
}

/** Index after a Python string starting at `i` (single or triple quoted), or -1 when a one-line string breaks a line. */
function skipPythonString(text: string, i: number, quote: number): number {
  const triple = text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote;
  if (triple) {
    const closing = quote === Code.DoubleQuote ? '"""' : "'''";
    for (let from = i + 3; ; ) {
      const end = text.indexOf(closing, from);
      if (end === -1) return -1;
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === Code.Backslash) backslashes++;
      // An escaped quote does not close the string; the quote after it may start the closing three.
      if (backslashes % 2 === 0) return end + 3;
      from = end + 1;
    }
  }
  // One-line strings end the same way in both languages: at the quote, a backslash escaping anything, never at a line break.
  const pattern = quote === Code.DoubleQuote ? JS_DOUBLE_QUOTED : JS_SINGLE_QUOTED;
  return stickyEnd(pattern, text, i);
}


function classifyPython(body: string, merged: boolean): Pick<TopLevelChunk, 'kind' | 'names'> {
  const head = body.slice(leadingTriviaLength(body, 'python'));
  // Imports inside a function or class still name the SDKs the file uses (the adapter collects them all).
  if (/^\s*(?:import|from)\s+\S/m.test(body)) return { kind: 'import', names: (head.match(WORD) ?? []).filter((word) => !PY_IMPORT_WORDS.has(word)) };
  if (merged) return { kind: 'other', names: [] };
  const fn = /^(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(head);
  if (fn) return { kind: 'function', names: [fn[1]] };
  const value =
    /^class\s+([A-Za-z_]\w*)/.exec(head) ??
    // `NAME = …` or `NAME: type = …`, but not `a = b = …` (two names) or `==`.
    /^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)(?!\s*[A-Za-z_]\w*\s*=(?!=))/.exec(head);
  if (!value) return { kind: 'other', names: [] };
  return { kind: 'value', names: [...new Set([value[1], ...assignedNames(head)])] };
}
