// YAML with source offsets: front-matter fences, parse errors as located problems, node spans, and
// string scalars turned into segments whose placeholder spans point at the exact source characters.

import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { parseYamlBounded } from '../../yamlLimits';
import type { PromptSegment, ScanProblem, Span } from '../../types';
import { templateSegments, type TemplateEngine } from './templateText';

export interface FrontMatterSplit {
  /** The YAML text between the fences, as document offsets; null when the file has no front matter. */
  yaml: Span | null;
  /** The whole front matter including both fence lines. */
  block: Span | null;
  /** Where the body starts. */
  bodyStart: number;
  /** Set when the closing `---` is missing and `yaml` was recovered up to where the body evidently starts. */
  unclosed?: boolean;
  problems: ScanProblem[];
}

export interface Line {
  start: number;
  /** End of the line's text, before its line break. */
  end: number;
  /** Start of the next line (after the line break). */
  next: number;
}

/** The line starting at `start`. */
export function lineAt(text: string, start: number): Line {
  let end = text.indexOf('\n', start);
  if (end < 0) return { start, end: text.length, next: text.length };
  const next = end + 1;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end, next };
}

function isFence(text: string, line: Line): boolean {
  return text.startsWith('---', line.start) && text.slice(line.start + 3, line.end).trim() === '';
}

/**
 * Splits `---` front matter off the text that starts at `contentStart` (after a BOM). When the closing fence
 * is missing, `findBodyStart` (given the offset after the opening fence) may name where the body evidently
 * starts; the lines before it are then offered as the front matter. Otherwise the whole text is the body.
 */
export function splitFrontMatter(file: string, text: string, contentStart: number, findBodyStart?: (from: number) => number | null): FrontMatterSplit {
  const fences = frontMatterFences(text, contentStart);
  if (!fences) return { yaml: null, block: null, bodyStart: contentStart, problems: [] };
  const { opening, closing } = fences;
  contentStart = opening.start;
  if (closing) {
    return {
      yaml: { start: opening.next, end: closing.start },
      block: { start: contentStart, end: closing.end },
      bodyStart: closing.next,
      problems: [],
    };
  }
  const openingSpan = { start: opening.start, end: opening.end };
  const recoveredBodyStart = findBodyStart?.(opening.next) ?? null;
  if (recoveredBodyStart !== null) {
    return {
      yaml: { start: opening.next, end: recoveredBodyStart },
      block: { start: contentStart, end: recoveredBodyStart },
      bodyStart: recoveredBodyStart,
      unclosed: true,
      problems: [
        {
          file,
          severity: 'error',
          message: `Front matter opened with \`---\` is never closed: no later line is \`---\`. The prompt body is read from line ${lineNumberAt(text, recoveredBodyStart)}, where the first message starts.`,
          span: openingSpan,
        },
      ],
    };
  }
  return {
    yaml: null,
    block: null,
    bodyStart: contentStart,
    problems: [
      {
        file,
        severity: 'error',
        message: 'Front matter opened with `---` is never closed: no later line is `---`, so the whole file is read as the prompt body.',
        span: openingSpan,
      },
    ],
  };
}

/**
 * The `---` fence lines of front matter at the top of the text that starts at `contentStart` (after a BOM), or null
 * when there is no opening fence; `closing` is null when no later line is a fence. Blank lines before the opening
 * fence are allowed (Prompty's own loader strips them). The one definition: the rules' suppressions and fixes read
 * the front matter where the scanner does.
 */
export function frontMatterFences(text: string, contentStart: number): { opening: Line; closing: Line | null } | null {
  let opening = lineAt(text, contentStart);
  while (opening.next > opening.start && opening.next < text.length && text.slice(opening.start, opening.end).trim() === '') opening = lineAt(text, opening.next);
  if (!isFence(text, opening)) return null;
  for (let line = lineAt(text, opening.next); line.start < text.length; line = lineAt(text, line.next)) {
    if (isFence(text, line)) return { opening, closing: line };
    if (line.next === line.start) break;
  }
  return { opening, closing: null };
}

/** 1-based line number of `offset`, counting `\n`, `\r\n` and lone `\r` breaks. */
function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

export interface ParsedYaml {
  doc: Document.Parsed;
  /** Document offset of the parsed text's first character: add it to every node range. */
  base: number;
  problems: ScanProblem[];
}

/**
 * The parser's error position, clamped to the parsed range. An error reported at the very end of the input
 * (an unclosed quote or bracket) is shown on the last character before it, so editors have something to underline.
 */
function errorSpan(text: string, start: number, end: number, pos: [number, number]): Span {
  const errorStart = Math.min(start + pos[0], end);
  const errorEnd = Math.min(Math.max(start + pos[1], errorStart), end);
  if (errorEnd > errorStart) return { start: errorStart, end: errorEnd };
  let last = errorStart - 1;
  while (last >= start && /\s/.test(text[last])) last--;
  return last >= start ? { start: last, end: last + 1 } : { start: errorStart, end: errorStart };
}

/** Parses `text.slice(start, end)`; syntax errors become problems located in the document. */
export function parseYamlRange(file: string, text: string, start: number, end: number): ParsedYaml {
  const doc = parseYamlBounded(text.slice(start, end), { prettyErrors: false, strict: true });
  const problems: ScanProblem[] = doc.errors.map((error) => ({
    file,
    severity: 'error' as const,
    message: `YAML: ${error.message.split('\n')[0]}`,
    span: errorSpan(text, start, end, error.pos),
  }));
  return { doc, base: start, problems };
}

/** Child node at `path` under a map node, or undefined. */
export function nodeAt(node: unknown, ...path: string[]): Node | undefined {
  let current: unknown = node;
  for (const key of path) {
    if (!isMap(current)) return undefined;
    current = current.get(key, true);
  }
  return current === null || current === undefined ? undefined : (current as Node);
}

export function hasKey(node: unknown, key: string): boolean {
  return isMap(node) && node.has(key);
}

/** Keys of a map node, as written (only scalar keys). */
export function mapKeys(node: unknown): string[] {
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
}

/** The node's value when it is a string scalar. */
export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** Span of a node's value (without trailing line breaks or comments). */
export function nodeSpan(node: Node, base: number, text: string): Span {
  const range = node.range ?? [0, 0, 0];
  let end = base + range[1];
  const start = base + range[0];
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** Source range of a string scalar's content: inside quotes, after a block scalar's header line. */
function scalarContentSpan(node: Node, base: number, text: string): Span {
  const whole = nodeSpan(node, base, text);
  if (!isScalar(node)) return whole;
  switch (node.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE': {
      // An unclosed quote (a YAML error) still has its opening quote; only a matching last character closes it.
      const quote = text[whole.start];
      const closed = whole.end - whole.start >= 2 && text[whole.end - 1] === quote;
      return { start: Math.min(whole.start + 1, whole.end), end: closed ? whole.end - 1 : whole.end };
    }
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      const header = lineAt(text, whole.start);
      const start = Math.min(header.next, whole.end);
      let contentStart = start;
      // Block content begins at its first non-space character (its indentation is not part of the value).
      while (contentStart < whole.end && (text[contentStart] === ' ' || text[contentStart] === '\t')) contentStart++;
      return { start: contentStart, end: whole.end };
    }
    default:
      return whole;
  }
}

/**
 * Segments of a string scalar: static texts are the parsed value (what is sent); placeholder spans are
 * the exact source offsets, found by matching placeholders in the value with those in the source, in order.
 */
export function scalarSegments(node: Node, base: number, text: string, engine: TemplateEngine): PromptSegment[] {
  const value = stringValue(node);
  if (value === undefined) return [];
  const content = scalarContentSpan(node, base, text);
  const valueSegments = templateSegments(value, 0, engine);
  const sourceDynamics = templateSegments(text.slice(content.start, content.end), content.start, engine).filter((segment) => segment.kind === 'dynamic');
  const valueDynamics = valueSegments.filter((segment) => segment.kind === 'dynamic');
  const aligned = sourceDynamics.length === valueDynamics.length && sourceDynamics.every((segment, k) => segment.kind === 'dynamic' && valueDynamics[k].kind === 'dynamic' && segment.raw === (valueDynamics[k] as { raw: string }).raw);
  if (!aligned) {
    // Escapes or line folding inside a placeholder: the scalar's range is the best source location left.
    return valueSegments.map((segment) => ({ ...segment, span: { ...content } }));
  }
  const result: PromptSegment[] = [];
  let dynamicIndex = 0;
  let cursor = content.start;
  for (const segment of valueSegments) {
    if (segment.kind === 'dynamic') {
      const span = sourceDynamics[dynamicIndex++].span as Span;
      result.push({ ...segment, span });
      cursor = span.end;
    } else {
      const nextDynamic = sourceDynamics[dynamicIndex];
      const end = nextDynamic?.span ? nextDynamic.span.start : content.end;
      result.push({ ...segment, span: { start: cursor, end } });
    }
  }
  return result;
}

/** Flattens simple sample values (`sample`, `testData`, input defaults) into name → text. */
export function sampleStrings(node: unknown): Record<string, string> {
  const samples: Record<string, string> = {};
  if (!isMap(node)) return samples;
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    const value = pair.value;
    if (isScalar(value) && value.value !== null && value.value !== undefined) samples[String(pair.key.value)] = String(value.value);
  }
  return samples;
}

export { isMap, isScalar, isSeq };
