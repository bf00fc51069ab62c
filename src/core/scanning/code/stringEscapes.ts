// Turns string-literal source into the text the program actually sends, and splits format templates
// (`{name}` in str.format / PromptTemplate) into static and dynamic segments.
import type { PromptSegment, Span } from '../../types';

const simpleEscapes = new Map(Object.entries({
  n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0', a: '\x07',
  '\\': '\\', "'": "'", '"': '"', '`': '`', $: '$', '{': '{', '}': '}', '\n': '', '/': '/',
}));

/** Escapes followed by a fixed number of hex digits. */
const HEX_ESCAPE_WIDTHS: ReadonlyMap<string, number> = new Map([['x', 2], ['u', 4], ['U', 8]]);

function codePointText(hex: string): string {
  const code = parseInt(hex, 16);
  if (!Number.isFinite(code) || code > 0x10ffff) return '';
  return String.fromCodePoint(code);
}

/**
 * Decodes backslash escapes common to JS, Python, Go, Java, C# and Ruby double-quoted strings.
 * Unknown escapes keep the backslash (Python) or drop it (JS); the difference is one character of text.
 */
export function decodeEscapes(raw: string, keepUnknownBackslash: boolean): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\' || i + 1 >= raw.length) {
      out += ch;
      continue;
    }
    const next = raw[i + 1];
    if (next === '\r' && raw[i + 2] === '\n') {
      i += 2;
      continue;
    }
    const braced = next === 'u' ? /^\{([0-9a-fA-F]{1,6})\}/.exec(raw.slice(i + 2, i + 10)) : null;
    if (braced) {
      out += codePointText(braced[1]);
      i += 1 + braced[0].length;
      continue;
    }
    // `\xHH`, `\uHHHH` (a lone surrogate half stays one UTF-16 unit), `\UHHHHHHHH`.
    const width = HEX_ESCAPE_WIDTHS.get(next);
    const hex = width ? raw.slice(i + 2, i + 2 + width) : '';
    if (width && hex.length === width && /^[0-9a-fA-F]+$/.test(hex)) {
      out += codePointText(hex);
      i += 1 + width;
      continue;
    }
    const escaped = simpleEscapes.get(next);
    if (escaped !== undefined) {
      out += escaped;
      i++;
      continue;
    }
    out += keepUnknownBackslash ? `\\${next}` : next;
    i++;
  }
  return out;
}

const FORMAT_FIELD = /\{\{|\}\}|\{([^{}]*)\}/g;

/** Name of a format field: `{x!r:>10}` → `x`, `{user.name}` → `user.name`, `{0}` → `0`. */
export function formatFieldName(field: string): string {
  return field.replace(/![rsa]$/, '').split(/[!:]/)[0].trim();
}

/**
 * Splits one static piece of a `str.format` / PromptTemplate template into segments. `{{`/`}}` are literal
 * braces; `{name}` becomes a dynamic segment whose span is exact when the piece maps 1:1 to source.
 */
export function splitFormatTemplate(text: string, span: Span | undefined, exactOffsets: boolean): PromptSegment[] {
  const segments: PromptSegment[] = [];
  let staticText = '';
  let staticFrom = 0;
  let last = 0;
  const flush = (to: number): void => {
    if (staticText) segments.push({ kind: 'static', text: staticText, ...pieceSpan(span, exactOffsets, staticFrom, to) });
    staticText = '';
  };
  FORMAT_FIELD.lastIndex = 0;
  for (let match = FORMAT_FIELD.exec(text); match; match = FORMAT_FIELD.exec(text)) {
    if (!staticText) staticFrom = last;
    staticText += text.slice(last, match.index);
    const end = match.index + match[0].length;
    const name = match[1] === undefined ? null : formatFieldName(match[1]);
    if (name === null || !/^[A-Za-z_][\w.]*(\[[^\]]*\])?$|^\d*$/.test(name)) {
      // `{{`/`}}` are escaped braces; JSON-looking braces (`{"a": 1}`) are not fields: both stay text.
      staticText += name === null ? match[0][0] : match[0];
    } else {
      flush(match.index);
      segments.push({ kind: 'dynamic', name, raw: match[0], ...pieceSpan(span, exactOffsets, match.index, end) });
    }
    last = end;
  }
  if (!staticText) staticFrom = last;
  staticText += text.slice(last);
  flush(text.length);
  return segments;
}

const MUSTACHE_FIELD = /\{\{\s*([#/^]?)\s*([A-Za-z_][\w.-]*)\s*\}\}|\{([A-Za-z_]\w*)\}|%\(([A-Za-z_]\w*)\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]/g;

/** The source range of `text[from, to)`: exact when the text maps 1:1 to source, else the whole piece. */
function pieceSpan(span: Span | undefined, exactOffsets: boolean, from: number, to: number): { span?: Span } {
  if (!span) return {};
  return { span: exactOffsets ? { start: span.start + from, end: span.start + to } : span };
}

/**
 * Placeholders in a stand-alone template string whose engine is unknown: `{{name}}`, `{name}`, `%(name)s`.
 * Only used for prompt strings that are not sent by a call we can see.
 */
export function splitTemplatePlaceholders(text: string, span: Span | undefined, exactOffsets: boolean): PromptSegment[] {
  const segments: PromptSegment[] = [];
  let last = 0;
  MUSTACHE_FIELD.lastIndex = 0;
  for (let match = MUSTACHE_FIELD.exec(text); match; match = MUSTACHE_FIELD.exec(text)) {
    if (match.index > last) segments.push({ kind: 'static', text: text.slice(last, match.index), ...pieceSpan(span, exactOffsets, last, match.index) });
    const end = match.index + match[0].length;
    segments.push({ kind: 'dynamic', name: match[2] ?? match[3] ?? match[4], raw: match[0], ...(match[1] ? { control: true } : {}), ...pieceSpan(span, exactOffsets, match.index, end) });
    last = end;
  }
  if (last < text.length) segments.push({ kind: 'static', text: text.slice(last), ...pieceSpan(span, exactOffsets, last, text.length) });
  return segments;
}

/** `textwrap.dedent` / `dedent` tags: removes the indentation common to all non-blank lines. */
export function dedentText(text: string): string {
  const lines = text.split('\n');
  let common: string | null = null;
  for (const line of lines) {
    if (!line.trim()) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (common === null || !indent.startsWith(common)) {
      let shared = 0;
      const reference: string = common ?? indent;
      while (shared < reference.length && shared < indent.length && reference[shared] === indent[shared]) shared++;
      common = common === null ? indent : reference.slice(0, shared);
    }
  }
  if (!common) return text;
  const width = common.length;
  return lines.map((line) => (line.startsWith(common!) ? line.slice(width) : line.trim() ? line : '')).join('\n');
}
