// Turns template source into the segments an engine would send: placeholders plus the engine's own
// whitespace rules (Jinja `-` markers and dropped final newline, Mustache/Handlebars standalone lines).

import type { PromptSegment, Span, StaticSegment } from '../../types';
import { tokenizeTemplate, type PlaceholderSyntax, type TemplateToken } from '../placeholders';

/** How a piece of prompt text is rendered before it is sent. */
export type TemplateEngine = 'jinja' | 'handlebars' | 'mustache' | 'github-models' | 'vscode-prompt' | 'plain' | 'f-string';

const ENGINE_SYNTAXES: Record<TemplateEngine, PlaceholderSyntax[]> = {
  jinja: ['jinja'],
  handlebars: ['mustache'],
  mustache: ['mustache'],
  // GitHub Models substitutes `{{name}}` and nothing else.
  'github-models': ['mustache'],
  'vscode-prompt': ['vscode-input'],
  plain: ['mustache', 'format-braces', 'vscode-input'],
  // Python `str.format` fields (LangChain's default `template_format`); `{{` and `}}` render as single braces.
  'f-string': ['format-braces'],
};

export function engineSyntaxes(engine: TemplateEngine): PlaceholderSyntax[] {
  return ENGINE_SYNTAXES[engine];
}


function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12;
}

/** Characters examined by `removeStandaloneLines` since the last reset: tests bound it (it must stay linear). */
let standaloneScanSteps = 0;
export function takeStandaloneScanSteps(): number {
  const steps = standaloneScanSteps;
  standaloneScanSteps = 0;
  return steps;
}

/**
 * Mustache spec: a section/comment tag alone on its line takes the whole line (indent and newline) with it.
 * Linear: from each tag the scan runs back and forward over spaces and tabs only, stopping at the first other
 * character, so every blank run is scanned by at most the tag on each side of it (800 KB of tags on one line
 * took 39 s when each tag searched back to its line start).
 */
function removeStandaloneLines(text: string, tokens: TemplateToken[]): void {
  for (let k = 0; k < tokens.length; k++) {
    const tag = tokens[k];
    if (!tag.standaloneCandidate) continue;
    let lineStart = tag.start;
    while (lineStart > 0 && isSpaceOrTab(text.charCodeAt(lineStart - 1))) lineStart--;
    standaloneScanSteps += tag.start - lineStart + 1;
    if (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) continue;
    let contentEnd = tag.end;
    while (contentEnd < text.length && isSpaceOrTab(text.charCodeAt(contentEnd))) contentEnd++;
    standaloneScanSteps += contentEnd - tag.end + 1;
    let lineEnd: number;
    if (contentEnd === text.length) lineEnd = text.length;
    else if (text.charCodeAt(contentEnd) === 10) lineEnd = contentEnd;
    else if (text.charCodeAt(contentEnd) === 13 && text.charCodeAt(contentEnd + 1) === 10) lineEnd = contentEnd + 1;
    else continue;
    const hasNewline = lineEnd < text.length;
    const before = tokens[k - 1];
    const after = tokens[k + 1];
    if (before?.kind === 'text' && before.end === tag.start) before.end = Math.max(before.start, lineStart);
    if (after?.kind === 'text' && after.start === tag.end) after.start = Math.min(after.end, hasNewline ? lineEnd + 1 : lineEnd);
  }
}

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}

/** Jinja `{%-`/`-%}` and Handlebars `{{~`/`~}}`: strip all whitespace on that side of the tag. */
function applyTrimMarkers(text: string, tokens: TemplateToken[]): void {
  for (let k = 0; k < tokens.length; k++) {
    const tag = tokens[k];
    if (tag.kind === 'text') continue;
    const before = tokens[k - 1];
    const after = tokens[k + 1];
    if (tag.trimBefore && before?.kind === 'text') {
      while (before.end > before.start && isWhitespace(text.charCodeAt(before.end - 1))) before.end--;
    }
    if (tag.trimAfter && after?.kind === 'text') {
      while (after.start < after.end && isWhitespace(text.charCodeAt(after.start))) after.start++;
    }
  }
}

export interface TemplateSegmentOptions {
  /** Characters stripped from both ends of the text, as a runtime's `strip()` would. */
  trimEdgeChars?: string;
  /** Receives the document span of each tag opener left unclosed (sent as literal text). */
  unclosedTags?: Span[];
}

/**
 * Segments `source` (which starts at document offset `baseOffset`) as `engine` renders it.
 * Static texts are what is sent; spans point at the source.
 */
export function templateSegments(source: string, baseOffset: number, engine: TemplateEngine, options: TemplateSegmentOptions = {}): PromptSegment[] {
  const unclosedOpeners: number[] = [];
  const tokens = tokenizeTemplate(source, ENGINE_SYNTAXES[engine], unclosedOpeners);
  for (const opener of unclosedOpeners) options.unclosedTags?.push({ start: baseOffset + opener, end: baseOffset + opener + 2 });
  if (engine === 'mustache' || engine === 'handlebars') removeStandaloneLines(source, tokens);
  if (engine === 'jinja' || engine === 'handlebars') applyTrimMarkers(source, tokens);
  if (engine === 'jinja') {
    // Jinja's default keep_trailing_newline=False drops one final newline of the template.
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'text' && last.end === source.length && source.endsWith('\n')) {
      last.end -= source.endsWith('\r\n') ? 2 : 1;
      if (last.end < last.start) last.end = last.start;
    }
  }
  let segments: PromptSegment[] = [];
  for (const token of tokens) {
    const span = { start: baseOffset + token.start, end: baseOffset + token.end };
    const raw = source.slice(token.start, token.end);
    if (token.kind === 'text') {
      if (raw !== '') segments.push({ kind: 'static', text: raw, span });
    } else if (token.kind === 'value') {
      segments.push({ kind: 'dynamic', name: token.name ?? raw, raw, span });
    } else if (token.kind === 'control') {
      segments.push({ kind: 'dynamic', name: token.name ?? raw, raw, span, control: true });
    }
  }
  // Trim while static texts still equal their source slices, so spans move by the same count.
  if (options.trimEdgeChars) segments = trimSegmentEdges(segments, options.trimEdgeChars);
  if (engine === 'jinja') {
    // Jinja renders every newline sequence as `\n`.
    for (const segment of segments) if (segment.kind === 'static') segment.text = segment.text.replace(/\r\n?/g, '\n');
  }
  if (engine === 'f-string') {
    for (const segment of segments) if (segment.kind === 'static') segment.text = segment.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  }
  return segments;
}

/**
 * Strips characters in `chars` from both ends, as a runtime's `strip()` of the rendered text would.
 * Stops at any tag: text beyond a loop or condition repeats or vanishes at run time, so it is kept as written.
 */
function trimSegmentEdges(segments: PromptSegment[], chars: string): PromptSegment[] {
  const result = segments.map((segment) => ({ ...segment }));
  const trimmable = (char: string): boolean => chars.includes(char);
  for (let k = 0; k < result.length; k++) {
    const segment = result[k];
    if (segment.kind === 'dynamic') break;
    const staticSegment = segment as StaticSegment;
    let cut = 0;
    while (cut < staticSegment.text.length && trimmable(staticSegment.text[cut])) cut++;
    staticSegment.text = staticSegment.text.slice(cut);
    if (staticSegment.span) staticSegment.span = { start: Math.min(staticSegment.span.start + cut, staticSegment.span.end), end: staticSegment.span.end };
    if (staticSegment.text !== '') break;
  }
  for (let k = result.length - 1; k >= 0; k--) {
    const segment = result[k];
    if (segment.kind === 'dynamic') break;
    const staticSegment = segment as StaticSegment;
    let keep = staticSegment.text.length;
    while (keep > 0 && trimmable(staticSegment.text[keep - 1])) keep--;
    const cut = staticSegment.text.length - keep;
    staticSegment.text = staticSegment.text.slice(0, keep);
    if (staticSegment.span) staticSegment.span = { start: staticSegment.span.start, end: Math.max(staticSegment.span.end - cut, staticSegment.span.start) };
    if (staticSegment.text !== '') break;
  }
  return result.filter((segment) => segment.kind !== 'static' || segment.text !== '');
}
