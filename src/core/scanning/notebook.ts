// Jupyter notebooks (.ipynb): the code cells, joined in order into one module (cells share one namespace), scanned
// as code; every offset the scan reports is mapped back to the character in the notebook's JSON it came from, so
// spans stay offsets into the file, and each site says which cell and line it is in.
import type { Span } from '../types';

/** The code of a notebook, and where each of its characters is in the notebook file. */
export interface NotebookCode {
  /** The code cells, each ending with a line break, in notebook order. */
  text: string;
  /** The kernel's language (`python` unless the notebook says otherwise). */
  language: string;
  /** The notebook file offset of a code offset (the end of the text maps to the end of the last cell). */
  fileOffset(codeOffset: number): number;
  /** The 1-based cell number (all cells counted, as editors show them) and 1-based line within it. */
  cellLine(codeOffset: number): { cell: number; line: number };
}

type JsonNode =
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: Map<string, JsonNode> }
  | { kind: 'other' };

/** Notebooks nested deeper than this are not notebooks. */
const MAX_DEPTH = 64;

/** Reads a notebook's code cells; null when the text is not a notebook (invalid JSON, no `cells` list). */
export function notebookCode(fileText: string): NotebookCode | null {
  let root: JsonNode;
  try {
    const parser = new JsonReader(fileText);
    root = parser.document();
  } catch {
    return null;
  }
  if (root.kind !== 'object') return null;
  const cells = root.entries.get('cells');
  if (!cells || cells.kind !== 'array') return null;
  const metadata = root.entries.get('metadata');
  const language = notebookLanguage(metadata);

  let text = '';
  const offsets: number[] = [];
  const cellStarts: { codeOffset: number; cell: number }[] = [];
  cells.items.forEach((cell, index) => {
    if (cell.kind !== 'object') return;
    const type = cell.entries.get('cell_type');
    if (type?.kind !== 'string' || type.value !== 'code') return;
    const source = cell.entries.get('source');
    const pieces = source?.kind === 'string' ? [source] : source?.kind === 'array' ? source.items.filter((item): item is Extract<JsonNode, { kind: 'string' }> => item.kind === 'string') : [];
    cellStarts.push({ codeOffset: text.length, cell: index + 1 });
    let lastEnd = source?.kind === 'string' ? source.end : -1;
    for (const piece of pieces) {
      decodeInto(fileText, piece, (character, fileOffset) => {
        text += character;
        offsets.push(fileOffset);
      });
      lastEnd = piece.end;
    }
    // Each cell ends its own line, so the next cell's code starts a statement.
    if (!text.endsWith('\n')) {
      text += '\n';
      offsets.push(Math.max(0, lastEnd - 1));
    }
  });
  offsets.push(offsets.length ? offsets[offsets.length - 1] + 1 : 0);
  const cellOffsets = cellStarts.map((start) => start.codeOffset);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);

  return {
    text,
    language,
    fileOffset: (codeOffset) => offsets[Math.max(0, Math.min(codeOffset, offsets.length - 1))],
    cellLine: (codeOffset) => {
      const cell = cellStarts[lastAtOrBefore(cellOffsets, codeOffset)] ?? { codeOffset: 0, cell: 1 };
      return { cell: cell.cell, line: lastAtOrBefore(lineStarts, codeOffset) - lastAtOrBefore(lineStarts, cell.codeOffset) + 1 };
    },
  };
}

/** Index of the last value at or before `offset` in an ascending list (binary search), 0 when none. */
function lastAtOrBefore(sorted: readonly number[], offset: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Maps every span (an object with numeric `start` and `end`) inside a scan result from code offsets to file offsets. */
export function mapSpans<T>(value: T, map: (offset: number) => number, depth = 0): T {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => mapSpans(item, map, depth + 1)) as T;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) out[key] = mapSpans(inner, map, depth + 1);
  if (isSpan(record)) {
    const start = map(record.start);
    // An end maps through the last character it covers, so a span never runs past its text's closing quote.
    const end = record.end > record.start ? map(record.end - 1) + 1 : start;
    out.start = start;
    out.end = Math.max(start, end);
  }
  return out as T;
}

function isSpan(value: Record<string, unknown>): value is Record<string, unknown> & Span {
  return typeof value.start === 'number' && typeof value.end === 'number';
}

function notebookLanguage(metadata: JsonNode | undefined): string {
  if (metadata?.kind !== 'object') return 'python';
  for (const key of ['language_info', 'kernelspec']) {
    const section = metadata.entries.get(key);
    const name = section?.kind === 'object' ? (section.entries.get(key === 'language_info' ? 'name' : 'language') ?? null) : null;
    if (name?.kind === 'string' && name.value) return name.value.toLowerCase();
  }
  return 'python';
}

/** Decodes a JSON string token character by character, with the file offset each character was written at. */
function decodeInto(fileText: string, token: { start: number; end: number }, emit: (character: string, fileOffset: number) => void): void {
  for (let i = token.start + 1; i < token.end - 1; i++) {
    const char = fileText[i];
    if (char !== '\\') {
      emit(char, i);
      continue;
    }
    const next = fileText[i + 1];
    if (next === 'u') {
      emit(String.fromCharCode(parseInt(fileText.slice(i + 2, i + 6), 16)), i);
      i += 5;
      continue;
    }
    emit(ESCAPES[next] ?? next, i);
    i++;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

/** A small JSON reader that keeps where each string token is (JSON.parse does not say). Linear in the text. */
class JsonReader {
  private index = 0;

  constructor(private readonly text: string) {}

  document(): JsonNode {
    const value = this.value(0);
    this.space();
    if (this.index !== this.text.length) throw new Error('trailing text');
    return value;
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    this.space();
    const char = this.text[this.index];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return this.string();
    const match = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.index, this.index + 64));
    if (!match) throw new Error(`unexpected ${char}`);
    this.index += match[0].length;
    return { kind: 'other' };
  }

  private object(depth: number): JsonNode {
    const entries = new Map<string, JsonNode>();
    this.sequence('}', () => {
      this.space();
      const key = this.string();
      this.space();
      if (this.text[this.index++] !== ':') throw new Error('expected :');
      entries.set(key.value, this.value(depth + 1));
    });
    return { kind: 'object', entries };
  }

  private array(depth: number): JsonNode {
    const items: JsonNode[] = [];
    this.sequence(']', () => items.push(this.value(depth + 1)));
    return { kind: 'array', items };
  }

  /** `{…}` / `[…]` from its opening bracket: items separated by commas up to `close` (an empty one allowed). */
  private sequence(close: '}' | ']', item: () => void): void {
    this.index++;
    this.space();
    if (this.text[this.index] === close) {
      this.index++;
      return;
    }
    for (;;) {
      item();
      this.space();
      const next = this.text[this.index++];
      if (next === close) return;
      if (next !== ',') throw new Error(`expected , or ${close}`);
    }
  }

  private string(): Extract<JsonNode, { kind: 'string' }> {
    const start = this.index;
    if (this.text[start] !== '"') throw new Error('expected a string');
    let i = start + 1;
    for (; i < this.text.length && this.text[i] !== '"'; i++) if (this.text[i] === '\\') i++;
    if (i >= this.text.length) throw new Error('unterminated string');
    this.index = i + 1;
    return { kind: 'string', value: JSON.parse(this.text.slice(start, i + 1)) as string, start, end: i + 1 };
  }

  private space(): void {
    while (this.index < this.text.length && /\s/.test(this.text[this.index])) this.index++;
  }
}
