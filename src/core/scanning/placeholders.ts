// Splits prompt text into literal pieces and placeholders (template tags, format fields, VS Code variables).
// Purely lexical: engine whitespace rules (Jinja `-`, Mustache standalone lines) live in promptFiles/templateText.ts.

import type { PromptSegment } from '../types';
import { isWhitespace } from '../whitespace';

export type PlaceholderSyntax = 'mustache' | 'jinja' | 'vscode-input' | 'format-braces' | 'dollar-braces';

/** `value` sends text at run time, `control` sends none of its own, `comment` is never sent. */
export type TemplateTokenKind = 'text' | 'value' | 'control' | 'comment';

/** Whitespace-control marker right after the opening delimiter (`{%-`, `{{~`). */
export const TRIM_BEFORE = 1;
/** Whitespace-control marker right before the closing delimiter (`-%}`, `~}}`). */
export const TRIM_AFTER = 2;
/** Mustache section, inverted section, else, comment or delimiter tag: may stand alone on a line. */
export const STANDALONE_CANDIDATE = 4;

/**
 * Receives a template's lexical pieces in order (offsets relative to the tokenized text). `name` is the placeholder
 * name (value tags) or the tag's expression (control tags), undefined otherwise; `flags` holds TRIM_BEFORE,
 * TRIM_AFTER and STANDALONE_CANDIDATE. The tokenizer keeps no list of its own: a large template's tokens never sit in
 * arrays long enough to be copied, promoted or given pages of their own by the garbage collector (issue 16, target 3:
 * 256 KB of Mustache faulted in over 1,000 fresh pages per parse when they did).
 */
export type TemplateTokenSink = (kind: TemplateTokenKind, start: number, end: number, name: string | undefined, flags: number) => void;

const VSCODE_VARIABLE = /\$\{(input:[A-Za-z0-9_.-]{1,200}(?::[^}\r\n]{0,500})?|selection|selectedText|file|fileBasename|fileDirname|fileBasenameNoExtension|workspaceFolder|workspaceFolderBasename)\}/y;
const FORMAT_FIELD = /\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[A-Za-z0-9_]+\])*)(?:![rsa])?(?::[^{}\s]*)?\}/y;
const PLAIN_MUSTACHE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
const JINJA_RAW_OPEN = /^[-+]?\s*raw\s*[-+]?$/;
const JINJA_RAW_CLOSE = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;

/**
 * Characters the template tokenizer has examined since the last reset (loop steps, closer searches, quoted stretches,
 * tag bodies read): tests bound it by a multiple of the text length, so tokenizing stays linear without timing.
 */
let templateScanSteps = 0;
export function takeTemplateScanSteps(): number {
  const steps = templateScanSteps;
  templateScanSteps = 0;
  return steps;
}

/** Finds closing delimiters without rescanning: a failed search stays failed for every later start. */
class CloserFinder {
  private readonly memo = new Map<string, { from: number; at: number }>();
  constructor(private readonly text: string) {}

  find(closer: string, from: number): number {
    const cached = this.memo.get(closer);
    if (cached && from >= cached.from && (cached.at === -1 || cached.at >= from)) return cached.at;
    const at = this.text.indexOf(closer, from);
    templateScanSteps += (at < 0 ? this.text.length : at + closer.length) - from;
    // One record per closer, updated in place: a search per tag allocates nothing.
    if (cached) {
      cached.from = from;
      cached.at = at;
    } else this.memo.set(closer, { from, at });
    return at;
  }
}

/** Start of `text[start, end)` trimmed as `trim()` trims (`isWhitespace` is its set), so bounds found here equal `trim()`'s. */
function trimmedStart(text: string, start: number, end: number): number {
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  return start;
}

/** End of `text[start, end)` trimmed. */
function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Placeholder name from the tag expression `text[start, end)`: trimmed, with Jinja filters (`x | upper`) dropped.
 * Read in place, so the name is the only string made.
 */
function expressionName(text: string, start: number, end: number): string {
  start = trimmedStart(text, start, end);
  end = trimmedEnd(text, start, end);
  for (let pipe = start; pipe < end; pipe++) {
    if (text.charCodeAt(pipe) !== 124 /* | */) continue;
    // Only the first `|` counts, and `||` is an operator, not a filter.
    if (pipe > start && (pipe + 1 === end || text.charCodeAt(pipe + 1) !== 124)) return text.slice(start, trimmedEnd(text, start, pipe));
    break;
  }
  return text.slice(start, end);
}

/** Longest `${…}` expression or `{{name}}` taken as a placeholder: caps the work per opener, keeping scans linear. */
const MAX_EXPRESSION_CHARS = 512;

/** Matching `}` of a `${` at `open`, counting nested braces; -1 when unbalanced or too long. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  const limit = Math.min(text.length, open + MAX_EXPRESSION_CHARS);
  for (let i = open; i < limit; i++) {
    templateScanSteps++;
    const char = text.charCodeAt(i);
    if (char === 123) depth++;
    else if (char === 125) {
      depth--;
      if (depth === 0) return i;
    } else if (char === 10) return -1; // a `${` left open never spans lines in prompt text
  }
  return -1;
}

/** The tag a matcher found (one record per tokenize call, filled by each match and read at once). */
interface FoundTag {
  kind: TemplateTokenKind;
  end: number;
  name: string | undefined;
  flags: number;
}
const NO_TAG = 0;
const TAG = 1;
/** An opener that starts no tag because no closer follows, or another opener comes first: literal text. */
const UNCLOSED = 2;
type TagStatus = typeof NO_TAG | typeof TAG | typeof UNCLOSED;

function found(tag: FoundTag, kind: TemplateTokenKind, end: number, name: string | undefined, flags: number): typeof TAG {
  tag.kind = kind;
  tag.end = end;
  tag.name = name;
  tag.flags = flags;
  return TAG;
}

/** TRIM_BEFORE / TRIM_AFTER when the tag body `text[start, end)` begins / ends with `marker` (`-` or `~`). */
function trimMarkers(text: string, start: number, end: number, marker: number): number {
  if (start >= end) return 0;
  return (text.charCodeAt(start) === marker ? TRIM_BEFORE : 0) | (text.charCodeAt(end - 1) === marker ? TRIM_AFTER : 0);
}

const isJinjaSign = (code: number): boolean => code === 45 /* - */ || code === 43; /* + */
const isTilde = (code: number): boolean => code === 126;

/**
 * Where the tag opened at `at` must close: `close`, unless an unquoted opener (`{{`, `{%`) comes first, in
 * which case the tag was never closed (`{{ amount_due, … {{ link }}`). Only the stretch before the first
 * later opener is read, and no two openers read the same stretch, so tokenizing stays linear.
 */
function interrupted(text: string, at: number, close: number, openers: readonly string[], closers: CloserFinder): boolean {
  let next = -1;
  for (const opener of openers) {
    const found = closers.find(opener, at + 2);
    if (found >= 0 && (next < 0 || found < next)) next = found;
  }
  if (next < 0 || next >= close) return false;
  // `{{ '{{' }}` is Jinja's way to write a literal `{{`: an opener inside a string literal does not count.
  let quote = '';
  templateScanSteps += next - at - 2;
  for (let i = at + 2; i < next; i++) {
    const char = text[i];
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === "'" || char === '"') quote = char;
  }
  return quote === '';
}

const JINJA_OPENERS = ['{{', '{%'];
const MUSTACHE_OPENERS = ['{{'];

/**
 * `{{ … }}`, `{% … %}` or `{# … #}` at `at`. Tag bodies are read in place (bounds, not slices): the name or
 * expression is the only string made.
 */
function matchJinja(text: string, at: number, closers: CloserFinder, tag: FoundTag): TagStatus {
  const opener = text.charCodeAt(at + 1);
  if (opener === 123 /* { */ || opener === 37 /* % */) {
    const close = closers.find(opener === 123 ? '}}' : '%}', at + 2);
    if (close < 0 || interrupted(text, at, close, JINJA_OPENERS, closers)) return UNCLOSED;
    let start = at + 2;
    let end = close;
    const flags = trimMarkers(text, start, end, 45 /* - */);
    // One `-` or `+` whitespace-control sign on each side is not part of the expression.
    if (start < end && isJinjaSign(text.charCodeAt(start))) start++;
    if (start < end && isJinjaSign(text.charCodeAt(end - 1))) end--;
    if (opener === 37) return found(tag, 'control', close + 2, text.slice(trimmedStart(text, start, end), trimmedEnd(text, start, end)), flags);
    if (trimmedStart(text, start, end) === end) return NO_TAG;
    return found(tag, 'value', close + 2, expressionName(text, start, end), flags);
  }
  if (opener === 35 /* # */) {
    const close = closers.find('#}', at + 2);
    if (close < 0) return UNCLOSED;
    return found(tag, 'comment', close + 2, undefined, trimMarkers(text, at + 2, close, 45 /* - */));
  }
  return NO_TAG;
}

/** A `{{name}}` / `{{{name}}}` beside format strings: only a plain (dotted) name is a tag. */
function plainNameTag(text: string, start: number, end: number, tagEnd: number, tag: FoundTag): TagStatus {
  const name = text.slice(trimmedStart(text, start, end), trimmedEnd(text, start, end));
  return PLAIN_MUSTACHE_NAME.test(name) ? found(tag, 'value', tagEnd, name, 0) : NO_TAG;
}

function matchMustache(text: string, at: number, closers: CloserFinder, namesOnly: boolean, tag: FoundTag): TagStatus {
  if (text.charCodeAt(at + 1) !== 123 /* { */) return NO_TAG;
  if (namesOnly) {
    // Beside format strings `{{` is usually a literal brace (`{{"label": …}}`): only `{{name}}` is a tag.
    if (text.charCodeAt(at + 2) === 123) {
      // `{{{name}}}` is a triple-stash value; any other `{{{` run is literal braces.
      const tripleClose = closers.find('}}}', at + 3);
      if (tripleClose < 0 || tripleClose - at > MAX_EXPRESSION_CHARS) return NO_TAG;
      return plainNameTag(text, at + 3, tripleClose, tripleClose + 3, tag);
    }
    const close = closers.find('}}', at + 2);
    if (close < 0 || close - at > MAX_EXPRESSION_CHARS) return NO_TAG;
    return plainNameTag(text, at + 2, close, close + 2, tag);
  }
  if (text.charCodeAt(at + 2) === 123) {
    const close = closers.find('}}}', at + 3);
    if (close < 0) return UNCLOSED;
    let start = at + 3;
    let end = close;
    const flags = trimMarkers(text, start, end, 126 /* ~ */);
    if (start < end && isTilde(text.charCodeAt(start))) start++;
    if (start < end && isTilde(text.charCodeAt(end - 1))) end--;
    if (trimmedStart(text, start, end) === end) return NO_TAG;
    return found(tag, 'value', close + 3, expressionName(text, start, end), flags);
  }
  if (text.startsWith('{{!--', at) || text.startsWith('{{~!--', at)) {
    const close = closers.find('--}}', at + 5);
    if (close >= 0) return found(tag, 'comment', close + 4, undefined, STANDALONE_CANDIDATE | (isTilde(text.charCodeAt(at + 2)) ? TRIM_BEFORE : 0));
  }
  const close = closers.find('}}', at + 2);
  if (close < 0) return UNCLOSED;
  let start = at + 2;
  let end = close;
  const flags = trimMarkers(text, start, end, 126 /* ~ */);
  if (start < end && isTilde(text.charCodeAt(start))) start++;
  if (start < end && isTilde(text.charCodeAt(end - 1))) end--;
  // The body: what is left, trimmed.
  start = trimmedStart(text, start, end);
  end = trimmedEnd(text, start, end);
  if (start === end) return NO_TAG;
  const sigil = text.charCodeAt(start);
  // A comment ends at the first `}}` whatever it holds; any other tag ends before the next `{{`.
  if (sigil === 33 /* ! */) return found(tag, 'comment', close + 2, undefined, flags | STANDALONE_CANDIDATE);
  if (interrupted(text, at, close, MUSTACHE_OPENERS, closers)) return UNCLOSED;
  // `{{> partial}}` includes another template, not a caller-supplied value: like a section tag it sends none
  // of its own text here (the partial's contents live in another file) and may stand alone on its line.
  const bodyLength = end - start;
  if (
    sigil === 35 /* # */ ||
    sigil === 47 /* / */ ||
    sigil === 94 /* ^ */ ||
    sigil === 61 /* = */ ||
    sigil === 62 /* > */ ||
    (bodyLength === 4 && text.startsWith('else', start)) ||
    (bodyLength >= 5 && text.startsWith('else ', start))
  ) {
    return found(tag, 'control', close + 2, text.slice(start, end), flags | STANDALONE_CANDIDATE);
  }
  // `{{& raw}}` inserts text like a value tag does.
  const name = sigil === 38 /* & */ ? text.slice(trimmedStart(text, start + 1, end), end) : expressionName(text, start, end);
  return found(tag, 'value', close + 2, name, flags);
}

/**
 * Tokenizes `text` into text, value, control and comment tokens for the given syntaxes, handing each to `sink`.
 * Linear in the text length; unclosed tags are plain text, and their openers' offsets are appended to
 * `unclosedOpeners` when given (a template engine would reject them). With both 'mustache' and
 * 'format-braces', only `{{identifier}}` / `{{a.b}}` is a mustache tag; other `{{` are the format string's
 * literal braces, never reported as unclosed.
 */
export function tokenizeTemplate(text: string, syntaxes: readonly PlaceholderSyntax[], sink: TemplateTokenSink, unclosedOpeners?: number[]): void {
  const jinja = syntaxes.includes('jinja');
  const mustache = syntaxes.includes('mustache');
  const formatBraces = syntaxes.includes('format-braces');
  const vscodeVariables = syntaxes.includes('vscode-input');
  const dollarBraces = syntaxes.includes('dollar-braces');
  const closers = new CloserFinder(text);
  const tag: FoundTag = { kind: 'value', end: 0, name: undefined, flags: 0 };
  let textStart = 0;

  // Adds the text before the tag at `start` (if any) and the tag `tag` holds.
  const push = (start: number): void => {
    templateScanSteps += tag.end - start; // an accepted tag's body is read once (name, trims, filters)
    if (start > textStart) sink('text', textStart, start, undefined, 0);
    sink(tag.kind, start, tag.end, tag.name, tag.flags);
    textStart = tag.end;
  };

  // Text between tags is passed over natively: only a `{` (or a `$`, for the syntaxes that read `${…}`) can start one.
  // The next of each is remembered until passed, so the search stays linear however many there are.
  const dollars = vscodeVariables || dollarBraces;
  let nextBrace = -2;
  let nextDollar = dollars ? -2 : -1;
  const nextTagStart = (from: number): number => {
    if (nextBrace !== -1 && nextBrace < from) nextBrace = text.indexOf('{', from);
    if (nextDollar !== -1 && nextDollar < from) nextDollar = text.indexOf('$', from);
    return Math.min(nextBrace < 0 ? text.length : nextBrace, nextDollar < 0 ? text.length : nextDollar);
  };
  let i = 0;
  while (i < text.length) {
    const char = text.charCodeAt(i);
    if (char !== 123 && !(dollars && char === 36)) {
      const next = nextTagStart(i);
      templateScanSteps += next - i;
      i = next;
      continue;
    }
    templateScanSteps++;
    if (char === 123 /* { */) {
      let result: TagStatus = NO_TAG;
      if (jinja) result = matchJinja(text, i, closers, tag);
      if (result === NO_TAG && mustache) result = matchMustache(text, i, closers, formatBraces, tag);
      if (result === UNCLOSED) {
        unclosedOpeners?.push(i);
        i += 2; // the opener is literal text; a tag may start right after it
        continue;
      }
      if (result === TAG) {
        push(i);
        if (jinja && tag.kind === 'control' && JINJA_RAW_OPEN.test(tag.name ?? '')) {
          // `{% raw %}…{% endraw %}`: everything inside is literal text.
          JINJA_RAW_CLOSE.lastIndex = tag.end;
          const rawClose = JINJA_RAW_CLOSE.exec(text);
          if (rawClose) {
            const closeStart = rawClose.index;
            const closeText = rawClose[0];
            if (closeStart > textStart) sink('text', textStart, closeStart, undefined, 0);
            textStart = closeStart;
            const flags = (closeText[2] === '-' ? TRIM_BEFORE : 0) | (closeText[closeText.length - 3] === '-' ? TRIM_AFTER : 0);
            found(tag, 'control', closeStart + closeText.length, 'endraw', flags);
            push(closeStart);
          } else {
            textStart = text.length;
          }
        }
        i = textStart;
        continue;
      }
      if (formatBraces) {
        if (text.charCodeAt(i + 1) === 123) {
          i += 2; // `{{` is a literal brace in format strings
          continue;
        }
        FORMAT_FIELD.lastIndex = i;
        const field = FORMAT_FIELD.exec(text);
        if (field) {
          found(tag, 'value', i + field[0].length, field[1], 0);
          push(i);
          i = textStart;
          continue;
        }
      }
    } else if (char === 36 /* $ */ && text.charCodeAt(i + 1) === 123) {
      // No `}` within reach: neither syntax can match here, so skip their scans.
      const nextClose = closers.find('}', i + 2);
      if (nextClose < 0 || nextClose - i > MAX_EXPRESSION_CHARS + 200) {
        i++;
        continue;
      }
      if (vscodeVariables) {
        VSCODE_VARIABLE.lastIndex = i;
        const variable = VSCODE_VARIABLE.exec(text);
        if (variable) {
          const inner = variable[1];
          const name = inner.startsWith('input:') ? inner.split(':', 2).join(':') : inner;
          found(tag, 'value', i + variable[0].length, name, 0);
          push(i);
          i = textStart;
          continue;
        }
      }
      if (dollarBraces) {
        const close = matchingBrace(text, i + 1);
        const name = close > i + 2 ? text.slice(trimmedStart(text, i + 2, close), trimmedEnd(text, i + 2, close)) : '';
        if (name !== '') {
          found(tag, 'value', close + 1, name, 0);
          push(i);
          i = textStart;
          continue;
        }
      }
    }
    i++;
  }
  if (text.length > textStart) sink('text', textStart, text.length, undefined, 0);
}

/**
 * Adds the segment a token stands for to `segments`: a static text (left out when empty) or a dynamic tag; comments
 * are never sent. Spans are offsets into the document (`baseOffset` is where `text` starts).
 */
export function addTokenSegment(segments: PromptSegment[], text: string, baseOffset: number, kind: TemplateTokenKind, start: number, end: number, name: string | undefined): void {
  if (kind === 'comment' || (kind === 'text' && end <= start)) return;
  const span = { start: baseOffset + start, end: baseOffset + end };
  const raw = text.slice(start, end);
  if (kind === 'text') segments.push({ kind: 'static', text: raw, span });
  else if (kind === 'value') segments.push({ kind: 'dynamic', name: name ?? raw, raw, span });
  else segments.push({ kind: 'dynamic', name: name ?? raw, raw, span, control: true });
}

/**
 * Splits `text` into static and dynamic segments whose spans are offsets into the document
 * (`baseOffset` is where `text` starts). Comments are dropped: they are never sent.
 */
export function findPlaceholders(text: string, baseOffset: number, syntaxes: PlaceholderSyntax[]): PromptSegment[] {
  const segments: PromptSegment[] = [];
  tokenizeTemplate(text, syntaxes, (kind, start, end, name) => addTokenSegment(segments, text, baseOffset, kind, start, end, name));
  return segments;
}
