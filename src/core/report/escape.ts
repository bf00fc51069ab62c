// Repository text (file names, model ids, config keys, prompt excerpts in messages) is untrusted in every medium it
// reaches. One function per medium, applied where a renderer writes a value; nothing else escapes.
//   terminal  terminalText / terminalLines   table, notes, stderr
//   Markdown  markdownText, markdownCodeSpan, markdownCodeBlock   report, PR comments, hover, cache layout preview
//   CSV       csvCell                        RFC 4180 + spreadsheet formula neutralisation
//   SARIF     sarifText                      message.text (plain text, `[` `]` escaped as the spec says)
//   JSON      jsonText                       data only: JSON.stringify, with invisible/terminal characters as \u escapes
//   VS Code   labelText                      CodeLens titles, status bar, quick picks, tree items (plain text + icons)

/** C0 and C1 controls (ESC, CSI, OSC 8 hyperlinks, BEL, backspace, …) and DEL. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidirectional overrides, embeddings, isolates and marks ("Trojan Source"), and the Unicode line separators. */
const BIDI_AND_SEPARATORS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029\u0085]/g;

/** One line of printable text: line breaks and tabs become spaces, other controls and bidi characters `?`. */
export function terminalText(text: string): string {
  return String(text).replace(LINE_BREAK, ' ').replace(/\t/g, ' ').replace(CONTROL, '?').replace(BIDI_AND_SEPARATORS, '?');
}

/**
 * One line of a VS Code label (CodeLens title, status bar item, quick pick label/description/detail, tree item):
 * printable like terminalText, and every `$(` escaped as `\$(`, VS Code's escape for its `$(icon-name)` syntax, so
 * repository text shows as its characters and never draws an icon or a spinner.
 */
export function labelText(text: string): string {
  return terminalText(text).replace(/\$\(/g, '\\$(');
}

/** Text of several lines (our own `\n`s are kept), each made printable. */
export function terminalLines(text: string): string {
  return String(text).split('\n').map(terminalText).join('\n');
}

/**
 * Inline Markdown text that renders as exactly its characters (CommonMark and GitHub's extensions): every character
 * that can open markup is escaped: links and images (`[ ]`: without them `(`, `)` and `!` are plain text), code
 * (`` ` ``), emphasis and strikethrough (`*`, `~`, `_` unless inside a word), HTML and autolinks (`<` `>` as
 * entities), entities (`&`), table cells (`|`), and a block marker at the start (`#`, `+`, `-`, `=`, `1.`). Line breaks
 * become spaces, so a value never starts a new block. Bare URLs are not autolinked (`https\\://`, `www\\.`, `\\@`).
 */
export function markdownText(text: string, strictness: 'readable' | 'every-marker' = 'readable'): string {
  const line = terminalText(text);
  // 'every-marker' (the hover, whose tables and labels are all short ids) also escapes what is only markup in some
  // positions: `{ } ( ) # + - . !` anywhere, and `_` inside words.
  if (strictness === 'every-marker') return withoutAutolinks(line.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`));
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    switch (c) {
      case '\\': case '`': case '*': case '[': case ']': case '|': case '~':
        out += `\\${c}`;
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '&':
        out += '&amp;';
        break;
      case '_':
        // Between two letters or digits `_` can neither open nor close emphasis (CommonMark 6.2); keep `my_prompt.txt` readable.
        out += /[\p{L}\p{N}]/u.test(line[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(line[i + 1] ?? '') ? c : '\\_';
        break;
      default:
        out += c;
    }
  }
  // GitHub's extended autolinks (`https://…`, `www.…`, `a@b.co`) start at `:`, `w` or `@`: an escape stops them, so
  // a URL in repository text stays plain text. A value at the start of a line could be a list or heading marker.
  return withoutAutolinks(out).replace(/^([#+\-=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Escapes the characters GitHub's extended autolinks start at (`https:`, `www.`, `@`); `\\.` and `\\:` read the same. */
function withoutAutolinks(escaped: string): string {
  return escaped.replace(/([a-zA-Z])(:)(?=\/\/)/g, '$1\\:').replace(/\b(www)\.(?!\\)/gi, '$1\\.').replace(/(?<!\\)@/g, '\\@');
}

/**
 * An inline code span: line breaks become spaces (a blank line would end it and let the rest render as Markdown), and
 * the backtick delimiter is one longer than the longest backtick run inside, so the text cannot close it.
 */
export function markdownCodeSpan(text: string): string {
  const body = terminalText(text);
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space on each side when both are there: pad when the text starts or ends with a backtick.
  const padded = /^`|`$/.test(body) || /^ .* $/.test(body) ? ` ${body} ` : body;
  return `${fence}${padded}${fence}`;
}

/**
 * Fenced code block content: the fence is one backtick longer than the longest backtick run in the text, so the text
 * cannot close it. Control and bidi characters are replaced as in terminal text; lines are kept.
 */
/**
 * A link destination for Markdown (`[text](destination)`): a URI whose characters that end or break a destination
 * (spaces, parentheses, angle brackets, backslashes, control characters) are percent-encoded; only `file:`,
 * `vscode-*:` and `https:` URIs are linked (null otherwise, so a `command:` or `javascript:` URI never reaches a link).
 */
export function markdownLinkDestination(uri: string): string | null {
  if (!/^(file|https|vscode-[a-z-]+):/i.test(uri)) return null;
  return uri.replace(/[\s()<>\\\u0000-\u001f\u007f]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function markdownCodeBlock(text: string, info = 'text'): string {
  const body = String(text).split(/\r\n|\n|\r/).map(terminalText).join('\n');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. A text starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return (after any spaces) is a formula in Excel, LibreOffice and Google Sheets: prefixed with `'`.
 * Control and bidi characters are replaced so a terminal that shows the file stays clean.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (typeof value === 'string' && /^[\s\u00a0]*[=+\-@\t\r]/.test(text)) text = `'${text}`;
  text = text.replace(/\r\n|[\r\n]/g, ' ').replace(CONTROL, '?').replace(BIDI_AND_SEPARATORS, '?');
  return /[",]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** SARIF `message.text` is plain text where `[text](id)` is an embedded link: `\`, `[` and `]` are escaped (SARIF 2.1.0 §3.11.6). */
export function sarifText(text: string): string {
  return terminalText(text).replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** Characters JSON may hold raw that a terminal or an editor would act on or hide. */
const JSON_INVISIBLE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function escapeInvisible(json: string): string {
  return json.replace(JSON_INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON of plain data; characters a terminal or an editor would act on or hide are written as \u escapes (same data). */
export function jsonText(value: unknown, indent = 2): string {
  return escapeInvisible(JSON.stringify(value, null, indent));
}

/**
 * An array whose elements are made as the JSON is written (`jsonTextPieces` writes it as the array of its elements):
 * a many-file report's results need not all exist at once.
 */
export class LazyJsonArray<T> {
  constructor(readonly elements: () => Iterable<T>) {}

  /** JSON.stringify (jsonText, or a value deeper than jsonTextPieces' depth) writes the array. */
  toJSON(): T[] {
    return [...this.elements()];
  }
}

/**
 * `jsonText(value, indent)` in pieces, for writing a large report without holding its text (issue 16): joined, the
 * pieces are exactly `jsonText` of the value (with each `LazyJsonArray` as the array of its elements; a test pins it).
 * Arrays and objects down to `depth` levels are written element by element, deeper values in one piece each.
 */
export function* jsonTextPieces(value: unknown, indent = 2, depth = 2): Generator<string> {
  // Without an indent, JSON.stringify writes no line breaks: one piece.
  if (!(indent > 0)) return void (yield jsonText(value, indent));
  yield* pieces(toJsonValue(value, ''), '', indent, depth);
}

/** What JSON.stringify writes for `value` under `key`: its toJSON() when it has one. */
function toJsonValue(value: unknown, key: string): unknown {
  // A lazy array is written element by element while the depth allows (its toJSON makes them all at once).
  if (value instanceof LazyJsonArray) return value;
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(key: string): unknown }).toJSON(key) : value;
}

/** `value` has been through toJsonValue. */
function* pieces(value: unknown, margin: string, indent: number, depth: number): Generator<string> {
  const lazy = value instanceof LazyJsonArray;
  if (depth <= 0 || value === null || typeof value !== 'object' || (!lazy && !Array.isArray(value) && !isPlainObject(value))) {
    const json = JSON.stringify(value, null, indent);
    // JSON text holds no raw line break inside a string: every one starts a line to indent by the margin.
    if (json !== undefined) yield escapeInvisible(margin === '' ? json : json.replace(/\n/g, `\n${margin}`));
    return;
  }
  const inner = margin + ' '.repeat(indent);
  let count = 0;
  if (lazy || Array.isArray(value)) {
    const elements = lazy ? (value as LazyJsonArray<unknown>).elements() : (value as unknown[]);
    for (const raw of elements) {
      const element = toJsonValue(raw, String(count));
      yield count++ === 0 ? `[\n${inner}` : `,\n${inner}`;
      // As JSON.stringify writes them in an array: undefined, a function or a symbol is null.
      if (element === undefined || typeof element === 'function' || typeof element === 'symbol') yield 'null';
      else yield* pieces(element, inner, indent, depth - 1);
    }
    yield count === 0 ? '[]' : `\n${margin}]`;
    return;
  }
  for (const name of Object.keys(value)) {
    const field = toJsonValue((value as Record<string, unknown>)[name], name);
    if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
    yield `${count++ === 0 ? '{\n' : ',\n'}${inner}${escapeInvisible(JSON.stringify(name))}: `;
    yield* pieces(field, inner, indent, depth - 1);
  }
  yield count === 0 ? '{}' : `\n${margin}}`;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === Object.prototype || prototype === null;
}
