// Splits prompt text into literal pieces and placeholders (template tags, format fields, VS Code variables).
// Purely lexical: engine whitespace rules (Jinja `-`, Mustache standalone lines) live in promptFiles/templateText.ts.

import type { PromptSegment } from '../types';

export type PlaceholderSyntax = 'mustache' | 'jinja' | 'vscode-input' | 'format-braces' | 'dollar-braces';

/** One lexical piece of a template; offsets are relative to the tokenized text. */
export interface TemplateToken {
  /** `value` sends text at run time, `control` sends none of its own, `comment` is never sent. */
  kind: 'text' | 'value' | 'control' | 'comment';
  start: number;
  end: number;
  /** Placeholder name (value tags) or the tag's expression (control tags). */
  name?: string;
  /** Whitespace-control marker right after the opening delimiter (`{%-`, `{{~`). */
  trimBefore?: boolean;
  /** Whitespace-control marker right before the closing delimiter (`-%}`, `~}}`). */
  trimAfter?: boolean;
  /** Mustache section, inverted section, else, comment or delimiter tag: may stand alone on a line. */
  standaloneCandidate?: boolean;
}

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
    this.memo.set(closer, { from, at });
    return at;
  }
}

/** Placeholder name from a tag expression: trimmed, with Jinja filters (`x | upper`) dropped. */
function expressionName(expression: string): string {
  const trimmed = expression.trim();
  const pipe = trimmed.indexOf('|');
  if (pipe > 0 && trimmed[pipe + 1] !== '|') return trimmed.slice(0, pipe).trim();
  return trimmed;
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

type TagMatch = Omit<TemplateToken, 'start'> & { end: number };
/** An opener that starts no tag because no closer follows, or another opener comes first: literal text. */
const UNCLOSED = 'unclosed';
type TagResult = TagMatch | typeof UNCLOSED | null;

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

function matchJinja(text: string, at: number, closers: CloserFinder): TagResult {
  const opener = text[at + 1];
  if (opener === '{') {
    const close = closers.find('}}', at + 2);
    if (close < 0 || interrupted(text, at, close, JINJA_OPENERS, closers)) return UNCLOSED;
    let inner = text.slice(at + 2, close);
    const trimBefore = inner.startsWith('-');
    const trimAfter = inner.endsWith('-');
    inner = inner.replace(/^[-+]/, '').replace(/[-+]$/, '');
    if (inner.trim() === '') return null;
    return { kind: 'value', end: close + 2, name: expressionName(inner), trimBefore, trimAfter };
  }
  if (opener === '%') {
    const close = closers.find('%}', at + 2);
    if (close < 0 || interrupted(text, at, close, JINJA_OPENERS, closers)) return UNCLOSED;
    const inner = text.slice(at + 2, close);
    return {
      kind: 'control',
      end: close + 2,
      name: inner.replace(/^[-+]/, '').replace(/[-+]$/, '').trim(),
      trimBefore: inner.startsWith('-'),
      trimAfter: inner.endsWith('-'),
    };
  }
  if (opener === '#') {
    const close = closers.find('#}', at + 2);
    if (close < 0) return UNCLOSED;
    const inner = text.slice(at + 2, close);
    return { kind: 'comment', end: close + 2, trimBefore: inner.startsWith('-'), trimAfter: inner.endsWith('-') };
  }
  return null;
}

function matchMustache(text: string, at: number, closers: CloserFinder, namesOnly: boolean): TagResult {
  if (text[at + 1] !== '{') return null;
  if (namesOnly) {
    // Beside format strings `{{` is usually a literal brace (`{{"label": …}}`): only `{{name}}` is a tag.
    if (text[at + 2] === '{') {
      // `{{{name}}}` is a triple-stash value; any other `{{{` run is literal braces.
      const tripleClose = closers.find('}}}', at + 3);
      if (tripleClose < 0 || tripleClose - at > MAX_EXPRESSION_CHARS) return null;
      const tripleName = text.slice(at + 3, tripleClose).trim();
      return PLAIN_MUSTACHE_NAME.test(tripleName) ? { kind: 'value', end: tripleClose + 3, name: tripleName } : null;
    }
    const close = closers.find('}}', at + 2);
    if (close < 0 || close - at > MAX_EXPRESSION_CHARS) return null;
    const name = text.slice(at + 2, close).trim();
    return PLAIN_MUSTACHE_NAME.test(name) ? { kind: 'value', end: close + 2, name } : null;
  }
  if (text[at + 2] === '{') {
    const close = closers.find('}}}', at + 3);
    if (close < 0) return UNCLOSED;
    let inner = text.slice(at + 3, close);
    const trimBefore = inner.startsWith('~');
    const trimAfter = inner.endsWith('~');
    inner = inner.replace(/^~/, '').replace(/~$/, '');
    if (inner.trim() === '') return null;
    return { kind: 'value', end: close + 3, name: expressionName(inner), trimBefore, trimAfter };
  }
  if (text.startsWith('{{!--', at) || text.startsWith('{{~!--', at)) {
    const close = closers.find('--}}', at + 5);
    if (close >= 0) return { kind: 'comment', end: close + 4, standaloneCandidate: true, trimBefore: text[at + 2] === '~' };
  }
  const close = closers.find('}}', at + 2);
  if (close < 0) return UNCLOSED;
  let inner = text.slice(at + 2, close);
  const trimBefore = inner.startsWith('~');
  const trimAfter = inner.endsWith('~');
  inner = inner.replace(/^~/, '').replace(/~$/, '');
  const body = inner.trim();
  if (body === '') return null;
  const sigil = body[0];
  // A comment ends at the first `}}` whatever it holds; any other tag ends before the next `{{`.
  if (sigil === '!') return { kind: 'comment', end: close + 2, trimBefore, trimAfter, standaloneCandidate: true };
  if (interrupted(text, at, close, MUSTACHE_OPENERS, closers)) return UNCLOSED;
  // `{{> partial}}` includes another template, not a caller-supplied value: like a section tag it sends none
  // of its own text here (the partial's contents live in another file) and may stand alone on its line.
  if (sigil === '#' || sigil === '/' || sigil === '^' || sigil === '=' || sigil === '>' || body === 'else' || body.startsWith('else ')) {
    return { kind: 'control', end: close + 2, name: body, trimBefore, trimAfter, standaloneCandidate: true };
  }
  // `{{& raw}}` inserts text like a value tag does.
  const name = sigil === '&' ? body.slice(1).trim() : expressionName(body);
  return { kind: 'value', end: close + 2, name, trimBefore, trimAfter };
}

/**
 * Tokenizes `text` into text, value, control and comment tokens for the given syntaxes.
 * Linear in the text length; unclosed tags are plain text, and their openers' offsets are appended to
 * `unclosedOpeners` when given (a template engine would reject them). With both 'mustache' and
 * 'format-braces', only `{{identifier}}` / `{{a.b}}` is a mustache tag; other `{{` are the format string's
 * literal braces, never reported as unclosed.
 */
export function tokenizeTemplate(text: string, syntaxes: readonly PlaceholderSyntax[], unclosedOpeners?: number[]): TemplateToken[] {
  const jinja = syntaxes.includes('jinja');
  const mustache = syntaxes.includes('mustache');
  const formatBraces = syntaxes.includes('format-braces');
  const vscodeVariables = syntaxes.includes('vscode-input');
  const dollarBraces = syntaxes.includes('dollar-braces');
  const closers = new CloserFinder(text);
  const tokens: TemplateToken[] = [];
  let textStart = 0;

  const push = (start: number, match: TagMatch): void => {
    templateScanSteps += match.end - start; // an accepted tag's body is read once (name, trims, filters)
    if (start > textStart) tokens.push({ kind: 'text', start: textStart, end: start });
    tokens.push({ ...match, start });
    textStart = match.end;
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
      let result: TagResult = null;
      if (jinja) result = matchJinja(text, i, closers);
      if (result === null && mustache) result = matchMustache(text, i, closers, formatBraces);
      if (result === UNCLOSED) {
        unclosedOpeners?.push(i);
        i += 2; // the opener is literal text; a tag may start right after it
        continue;
      }
      const match = result;
      if (match) {
        push(i, match);
        if (jinja && match.kind === 'control' && JINJA_RAW_OPEN.test(match.name ?? '')) {
          // `{% raw %}…{% endraw %}`: everything inside is literal text.
          JINJA_RAW_CLOSE.lastIndex = match.end;
          const rawClose = JINJA_RAW_CLOSE.exec(text);
          if (rawClose) {
            const closeStart = rawClose.index;
            const closeText = rawClose[0];
            if (closeStart > textStart) tokens.push({ kind: 'text', start: textStart, end: closeStart });
            textStart = closeStart;
            push(closeStart, {
              kind: 'control',
              end: closeStart + closeText.length,
              name: 'endraw',
              trimBefore: closeText[2] === '-',
              trimAfter: closeText[closeText.length - 3] === '-',
            });
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
          push(i, { kind: 'value', end: i + field[0].length, name: field[1] });
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
          push(i, { kind: 'value', end: i + variable[0].length, name });
          i = textStart;
          continue;
        }
      }
      if (dollarBraces) {
        const close = matchingBrace(text, i + 1);
        if (close > i + 2 && text.slice(i + 2, close).trim() !== '') {
          push(i, { kind: 'value', end: close + 1, name: text.slice(i + 2, close).trim() });
          i = textStart;
          continue;
        }
      }
    }
    i++;
  }
  if (text.length > textStart) tokens.push({ kind: 'text', start: textStart, end: text.length });
  return tokens;
}

/**
 * Splits `text` into static and dynamic segments whose spans are offsets into the document
 * (`baseOffset` is where `text` starts). Comments are dropped: they are never sent.
 */
export function findPlaceholders(text: string, baseOffset: number, syntaxes: PlaceholderSyntax[]): PromptSegment[] {
  return tokenizeTemplate(text, syntaxes).flatMap((token): PromptSegment[] => {
    const span = { start: baseOffset + token.start, end: baseOffset + token.end };
    const raw = text.slice(token.start, token.end);
    switch (token.kind) {
      case 'text':
        return [{ kind: 'static', text: raw, span }];
      case 'value':
        return [{ kind: 'dynamic', name: token.name ?? raw, raw, span }];
      case 'control':
        return [{ kind: 'dynamic', name: token.name ?? raw, raw, span, control: true }];
      case 'comment':
        return [];
    }
  });
}
