// Turns template source into the segments an engine would send: placeholders plus the engine's own
// whitespace rules (Jinja `-` markers and dropped final newline, Mustache/Handlebars standalone lines).

import type { PromptSegment, Span, StaticSegment } from '../../types';
import { addTokenSegment, STANDALONE_CANDIDATE, tokenizeTemplate, TRIM_AFTER, TRIM_BEFORE, type PlaceholderSyntax, type TemplateTokenKind } from '../placeholders';
import { isPythonWhitespace, isSpaceOrTab, isWhitespace } from '../../whitespace';

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

/** Characters examined by `standaloneLineCut` since the last reset: tests bound it (it must stay linear). */
let standaloneScanSteps = 0;
export function takeStandaloneScanSteps(): number {
  const steps = standaloneScanSteps;
  standaloneScanSteps = 0;
  return steps;
}

/**
 * Applies an engine's whitespace rules to the tokens as the tokenizer hands them over, and adds the segments they
 * leave. A text token is held until the next token is known, since the tags on both sides of it may cut it: first
 * standalone lines, then trim markers, the order the engines apply them in. Holding one token instead of listing
 * them all keeps a large template's parse from filling arrays the garbage collector must copy (issue 16, target 3).
 */
class WhitespaceRules {
  readonly segments: PromptSegment[] = [];
  /** The held text token, cut so far; `heldStart` is -1 when none is held. */
  private heldStart = -1;
  private heldEnd = -1;
  /** The held text follows a tag marked to trim whitespace after it (`-%}`, `~}}`). */
  private heldTrimsStart = false;
  /** The previous token when it is a tag: its end, and where its line ends when it stands alone (-1 otherwise). */
  private previousTagEnd = -1;
  private previousLineCut = -1;
  private previousTrimAfter = false;
  /** Set by `standaloneLineCut`: where the standalone tag's line (its indent) starts. */
  private standaloneLineStart = -1;

  constructor(
    private readonly source: string,
    private readonly baseOffset: number,
    /** Mustache/Handlebars: a section or comment tag alone on its line takes the line with it. */
    private readonly standaloneLines: boolean,
    /** Jinja/Handlebars: `-`/`~` markers strip the white space beside the tag, each engine's own (else null: no markers). */
    private readonly trimmedByMarkers: ((code: number) => boolean) | null,
  ) {}

  readonly take = (kind: TemplateTokenKind, start: number, end: number, name: string | undefined, flags: number): void => {
    if (kind === 'text') {
      if (this.heldStart >= 0) {
        // Two texts in a row (the tokenizer joins them; kept safe): the first is finished as it is.
        if (this.heldTrimsStart) this.trimHeldStart();
        this.release();
      }
      this.heldStart = this.previousLineCut >= 0 && start === this.previousTagEnd ? Math.min(end, this.previousLineCut) : start;
      this.heldEnd = end;
      this.heldTrimsStart = this.previousTrimAfter;
      this.previousTagEnd = -1;
      this.previousLineCut = -1;
      this.previousTrimAfter = false;
      return;
    }
    const lineCut = this.standaloneLines && flags & STANDALONE_CANDIDATE ? this.standaloneLineCut(start, end) : -1;
    if (this.heldStart >= 0) {
      if (lineCut >= 0 && this.heldEnd === start) this.heldEnd = Math.max(this.heldStart, this.standaloneLineStart);
      // Trim markers after standalone lines, the earlier tag's first (as when each rule ran over the whole list).
      if (this.heldTrimsStart) this.trimHeldStart();
      if (this.trimmedByMarkers && flags & TRIM_BEFORE) {
        while (this.heldEnd > this.heldStart && this.trimmedByMarkers(this.source.charCodeAt(this.heldEnd - 1))) this.heldEnd--;
      }
      this.release();
    }
    addTokenSegment(this.segments, this.source, this.baseOffset, kind, start, end, name);
    this.previousTagEnd = end;
    this.previousLineCut = lineCut;
    this.previousTrimAfter = this.trimmedByMarkers !== null && (flags & TRIM_AFTER) !== 0;
  };

  /** Adds the held text, if any (`dropFinalNewline`: Jinja's default keep_trailing_newline=False, for the last token). */
  finish(dropFinalNewline: boolean): PromptSegment[] {
    if (this.heldStart >= 0) {
      const source = this.source;
      if (this.heldTrimsStart) this.trimHeldStart();
      if (dropFinalNewline && this.heldEnd === source.length && source.endsWith('\n')) {
        this.heldEnd = Math.max(this.heldStart, this.heldEnd - (source.endsWith('\r\n') ? 2 : 1));
      }
      this.release();
    }
    return this.segments;
  }

  private trimHeldStart(): void {
    const trimmed = this.trimmedByMarkers;
    if (trimmed) while (this.heldStart < this.heldEnd && trimmed(this.source.charCodeAt(this.heldStart))) this.heldStart++;
    this.heldTrimsStart = false;
  }

  /** Adds the held text as it is now. */
  private release(): void {
    addTokenSegment(this.segments, this.source, this.baseOffset, 'text', this.heldStart, this.heldEnd, undefined);
    this.heldStart = -1;
    this.heldEnd = -1;
    this.heldTrimsStart = false;
  }

  /**
   * Mustache spec: a section/comment tag alone on its line takes the whole line (indent and newline) with it.
   * Returns where the text after the tag resumes (after the line's newline), or -1 when the tag shares its line.
   * Linear: from each tag the scan runs back and forward over spaces and tabs only, stopping at the first other
   * character, so every blank run is scanned by at most the tag on each side of it (800 KB of tags on one line
   * took 39 s when each tag searched back to its line start).
   */
  private standaloneLineCut(tagStart: number, tagEnd: number): number {
    const text = this.source;
    let lineStart = tagStart;
    while (lineStart > 0 && isSpaceOrTab(text.charCodeAt(lineStart - 1))) lineStart--;
    standaloneScanSteps += tagStart - lineStart + 1;
    if (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) return -1;
    let contentEnd = tagEnd;
    while (contentEnd < text.length && isSpaceOrTab(text.charCodeAt(contentEnd))) contentEnd++;
    standaloneScanSteps += contentEnd - tagEnd + 1;
    let lineEnd: number;
    if (contentEnd === text.length) lineEnd = text.length;
    else if (text.charCodeAt(contentEnd) === 10) lineEnd = contentEnd;
    else if (text.charCodeAt(contentEnd) === 13 && text.charCodeAt(contentEnd + 1) === 10) lineEnd = contentEnd + 1;
    else return -1;
    this.standaloneLineStart = lineStart;
    return lineEnd < text.length ? lineEnd + 1 : lineEnd;
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
  // Jinja strips Python's white space (its lexer's `\s` and `str.rstrip()`); handlebars.js JavaScript's `\s`.
  const trimmedByMarkers = engine === 'jinja' ? isPythonWhitespace : engine === 'handlebars' ? isWhitespace : null;
  const rules = new WhitespaceRules(source, baseOffset, engine === 'mustache' || engine === 'handlebars', trimmedByMarkers);
  tokenizeTemplate(source, ENGINE_SYNTAXES[engine], rules.take, unclosedOpeners);
  for (const opener of unclosedOpeners) options.unclosedTags?.push({ start: baseOffset + opener, end: baseOffset + opener + 2 });
  let segments = rules.finish(engine === 'jinja');
  // Trim while static texts still equal their source slices, so spans move by the same count.
  if (options.trimEdgeChars) segments = trimSegmentEdges(segments, options.trimEdgeChars);
  if (engine === 'jinja' && source.includes('\r')) {
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
