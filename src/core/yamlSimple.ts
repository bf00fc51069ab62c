// A fast path for the YAML most prompt files hold (block mappings and sequences of plain, quoted and `|` scalars): the
// `yaml` package's own document, nodes and scalar resolution, built without its lexer and parser, which cost ~0.4 ms per
// front matter (most of a prompt file's scan). Anything outside that subset answers undefined and is parsed as before;
// test/core/yamlSimple.test.ts checks that every document it builds deep-equals `parseDocument`'s.
import { isScalar, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Document, type DocumentOptions, type ParseOptions, type ScalarTag, type SchemaOptions } from 'yaml';

type Options = ParseOptions & DocumentOptions & SchemaOptions;
type Node = Scalar | YAMLMap | YAMLSeq;
type Range = [number, number, number];

interface Line {
  start: number;
  /** Offset of the line's line feed. */
  end: number;
  indent: number;
  /** Nothing on the line (not even spaces). */
  blank: boolean;
}

/** Characters that would make the text something other than the plain block YAML handled here, or need YAML's own checks. */
const OUTSIDE_SUBSET = /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0085\u2028\u2029\ufeff]/;
const KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,200}(?=:(?: |$))/;
/** A plain scalar's first character may not be an indicator; `: ` and ` #` inside it, or a trailing `:`, end it early. */
const PLAIN = /^[^\s\-?:,[\]{}#&*!|>'"%@`](?:(?!: | #).)*$/;
/** `[a, 'b c', "d"]`: a one-line flow sequence of plain or simply quoted items, each after `, `. */
const FLOW_ITEM = /'[^']*'|"[^"\\]*"|[^\s,[\]{}#&*!|>'"%@`?:-](?:[^,[\]{}:#]|:(?! |,|]|$)|#(?<! #))*?(?=, |]$)/y;
const DOUBLE_QUOTED = /^"[^"\\]*"$/;
const SINGLE_QUOTED = /^'[^']*'$/;

/**
 * Nested block collections the fast path reads. Deeper ones go to yaml, which reads up to YAML_LIMITS.maxNesting (128)
 * and past it reports one located error and skips to the next line at column 0 (parseDocumentWithinNesting).
 */
export const MAX_FAST_NESTING = 64;

class Outside extends Error {}
function outside(): never {
  throw new Outside();
}

/**
 * The document `parseDocument(text, options)` gives, when `text` is within the subset; else undefined. Only for the
 * scanners' options (`strict`, `prettyErrors`, `uniqueKeys: false`): the caller's bounded walk then checks keys.
 */
export function parseSimpleYaml(text: string, options: Options): Document.Parsed | undefined {
  if (text.length === 0 || !text.endsWith('\n') || OUTSIDE_SUBSET.test(text)) return undefined;
  const lines: Line[] = [];
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    let indent = start;
    while (text.charCodeAt(indent) === 32) indent++;
    // A line of spaces only: YAML reads it by context (block scalar indentation); left to the full parser.
    if (indent === end && end > start) return undefined;
    lines.push({ start, end, indent: indent - start, blank: end === start });
    start = end + 1;
  }
  // The last lines, when `#` comments at the left margin (after any blank lines), are the document's comment. (An empty
  // `#` gives yaml's comment a space; comments followed by blank lines end its range early: both left to yaml.)
  let last = lines.length - 1;
  const comments: string[] = [];
  while (last >= 0 && lines[last].indent === 0 && text[lines[last].start] === '#' && lines[last].end > lines[last].start + 1) {
    comments.push(text.slice(lines[last].start + 1, lines[last].end));
    last--;
  }
  comments.reverse();
  while (last >= 0 && lines[last].blank) last--;
  if (last < 0 || lines[0].blank || lines[0].indent !== 0) return undefined;
  const document = parseDocument('', options) as Document.Parsed;
  if (document.errors.length > 0 || document.schema.compat) return undefined;
  const reader = new BlockReader(text, lines, last, document);
  try {
    const contents = reader.mapping(0, 0);
    if (reader.next <= last) return undefined;
    // The nodes are the parser's own classes with the fields it sets; the Parsed types only name what parsing adds.
    document.contents = contents as unknown as Document.Parsed['contents'];
    document.range = [0, contents.range![1], text.length];
    if (comments.length > 0) document.comment = comments.join('\n');
    return document;
  } catch (error) {
    if (error instanceof Outside) return undefined;
    throw error;
  }
}

class BlockReader {
  /** Index of the next line to read. */
  next = 0;
  /** Blank lines were skipped before the next node: YAML marks it `spaceBefore`. */
  private spaceBefore = false;
  /** Block collections open around the one being read. */
  private nesting = 0;

  constructor(
    private readonly text: string,
    private readonly lines: readonly Line[],
    private readonly last: number,
    private readonly document: Document.Parsed,
  ) {}

  /** A block mapping whose first key starts at `column` of line `index` (after a `- ` when `column` > its indent). */
  mapping(index: number, column: number): YAMLMap {
    if (++this.nesting > MAX_FAST_NESTING) outside();
    const map = new YAMLMap(this.document.schema);
    const first = this.lines[index].start + column;
    let keyStart = first;
    this.next = index;
    for (;;) {
      const line = this.lines[this.next];
      const rest = this.text.slice(keyStart, line.end);
      const key = KEY.exec(rest);
      if (!key) outside();
      const keyNode = this.scalar(key[0], keyStart, keyStart + key[0].length, keyStart + key[0].length, true);
      const afterColon = keyStart + key[0].length + 1;
      let value: Node;
      if (afterColon === line.end) {
        this.advance();
        const nested = this.lines[this.next];
        if (this.next > this.last || this.spaceBefore) outside();
        const isSequence = this.text.startsWith('- ', nested.start + nested.indent);
        if (isSequence ? nested.indent < column : nested.indent <= column) outside();
        value = isSequence ? this.sequence(this.next, nested.indent) : this.mapping(this.next, nested.indent);
      } else {
        value = this.inlineValue(afterColon + 1, line, column);
      }
      map.items.push(new Pair(keyNode, value));
      const after = this.lines[this.next];
      if (this.next > this.last || after.indent < column) break;
      if (after.indent > column || this.text.startsWith('- ', after.start + after.indent)) outside();
      keyStart = after.start + after.indent;
    }
    const end = (map.items[map.items.length - 1].value as Node).range![2];
    map.range = [first, end, end];
    this.nesting--;
    return map;
  }

  /** A block sequence of `- ` items at `indent`. */
  sequence(index: number, indent: number): YAMLSeq {
    if (++this.nesting > MAX_FAST_NESTING) outside();
    const seq = new YAMLSeq(this.document.schema);
    const first = this.lines[index].start + indent;
    this.next = index;
    for (;;) {
      const line = this.lines[this.next];
      if (this.spaceBefore) outside();
      const itemStart = line.start + indent + 2;
      const rest = this.text.slice(itemStart, line.end);
      if (rest.startsWith(' ')) outside();
      seq.items.push(KEY.test(rest) ? this.mapping(this.next, indent + 2) : this.inlineValue(itemStart, line, indent, true));
      const after = this.lines[this.next];
      if (this.next > this.last || after.indent < indent) break;
      if (after.indent > indent || !this.text.startsWith('- ', after.start + indent)) outside();
    }
    const end = (seq.items[seq.items.length - 1] as Node).range![2];
    seq.range = [first, end, end];
    this.nesting--;
    return seq;
  }

  /** The value written after `key: ` (or `- `) on `line`, from `start`; `indent` is the owning mapping's or sequence's. */
  private inlineValue(start: number, line: Line, indent: number, inSequence = false): Scalar | YAMLSeq {
    const source = this.text.slice(start, line.end);
    if (source === '|' || source === '|-') {
      if (inSequence) outside();
      return this.literal(start, indent, source === '|-');
    }
    let node: Scalar | YAMLSeq;
    if (DOUBLE_QUOTED.test(source) || SINGLE_QUOTED.test(source)) {
      node = this.quoted(source, start, line.end, line.end + 1);
    } else if (source.startsWith('[')) {
      node = this.flowSequence(source, start, line.end);
    } else {
      if (!PLAIN.test(source) || source.endsWith(':') || source.endsWith(' ')) outside();
      node = this.scalar(source, start, line.end, line.end + 1, false);
    }
    this.advance();
    return node;
  }

  private quoted(source: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    const node = new Scalar(source.slice(1, -1));
    node.range = [start, valueEnd, nodeEnd];
    node.source = source.slice(1, -1);
    node.type = source[0] === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return node;
  }

  /** `[a, 'b', "c"]` ending the line. */
  private flowSequence(source: string, start: number, lineEnd: number): YAMLSeq {
    if (source.length < 3 || !source.endsWith(']')) outside();
    const seq = new YAMLSeq(this.document.schema);
    seq.flow = true;
    for (let at = 1; ; ) {
      FLOW_ITEM.lastIndex = at;
      const item = FLOW_ITEM.exec(source);
      if (!item || item[0].endsWith(' ')) outside();
      const text = item[0];
      const itemStart = start + at;
      const itemEnd = itemStart + text.length;
      seq.items.push(text[0] === '"' || text[0] === "'" ? this.quoted(text, itemStart, itemEnd, itemEnd) : this.scalar(text, itemStart, itemEnd, itemEnd, false));
      at += text.length;
      if (source[at] === ']' && at === source.length - 1) break;
      if (!source.startsWith(', ', at)) outside();
      at += 2;
    }
    seq.range = [start, lineEnd, lineEnd + 1];
    return seq;
  }

  /** A `|` (clip) or `|-` (strip) literal block whose owner is at `indent`. */
  private literal(start: number, indent: number, strip: boolean): Scalar {
    this.advance();
    if (this.spaceBefore || this.next > this.last) outside();
    const blockIndent = this.lines[this.next].indent;
    if (blockIndent <= indent) outside();
    const parts: string[] = [];
    let lastContent = this.next;
    let index = this.next;
    for (; index <= this.last; index++) {
      const line = this.lines[index];
      if (line.blank) {
        parts.push('');
        continue;
      }
      if (line.indent < blockIndent) break;
      parts.push(this.text.slice(line.start + blockIndent, line.end));
      lastContent = index;
    }
    parts.length = lastContent - this.next + 1;
    const value = parts.join('\n') + (strip ? '' : '\n');
    const end = this.lines[lastContent].end + 1;
    const node = new Scalar(value);
    node.range = [start, end, end];
    node.source = value;
    node.type = 'BLOCK_LITERAL';
    this.next = lastContent;
    this.advance();
    return node;
  }

  /** A plain scalar resolved as `yaml` resolves it (the schema's first default tag whose test matches, else a string). */
  private scalar(source: string, start: number, valueEnd: number, nodeEnd: number, atKey: boolean): Scalar {
    const tag = this.document.schema.tags.find(
      (candidate): candidate is ScalarTag => (candidate.default === true || (atKey && candidate.default === 'key')) && !candidate.collection && candidate.test?.test(source) === true,
    );
    let node: Scalar;
    if (tag) {
      let failed = false;
      const resolved = tag.resolve(source, () => (failed = true), this.document.options);
      if (failed) outside();
      node = isScalar(resolved) ? resolved : new Scalar(resolved);
    } else {
      node = new Scalar(source);
    }
    node.range = [start, valueEnd, nodeEnd] as Range;
    node.source = source;
    node.type = 'PLAIN';
    if (tag?.format) node.format = tag.format;
    if (atKey && this.spaceBefore) {
      node.spaceBefore = true;
      this.spaceBefore = false;
    }
    return node;
  }

  /** Moves to the next line with something on it, noting skipped blank lines. */
  private advance(): void {
    this.next++;
    while (this.next <= this.last && this.lines[this.next].blank) {
      this.spaceBefore = true;
      this.next++;
    }
  }
}
