// A small language-neutral model of the expressions a call passes: each language adapter turns its syntax
// tree into these values (resolving same-file names), and one recogniser reads every SDK's call shape from them.
import type { PromptSegment, Span } from '../../types';
import type { TemplateEngine } from '../promptFiles/templateText';

export interface ObjectEntry {
  key: string;
  keySpan: Span;
  value: CodeValue;
}

/** A string whose text is known, with placeholders where run-time values are inserted. */
export interface StringValue {
  kind: 'string';
  span: Span;
  segments: PromptSegment[];
  /** Where it is defined when that is another file (an imported constant, a `.env` line); `span` is then the use. */
  origin?: { file: string; line: number };
}

export interface NumberValue {
  kind: 'number';
  span: Span;
  value: number;
}

/** Object/dict/hash literals, keyword arguments, Go composite literals and Java builders all become this. */
export interface ObjectValue {
  kind: 'object';
  span: Span;
  entries: ObjectEntry[];
  /** Spreads (`...opts`, `**kwargs`) whose contents could not be resolved: they may carry any key. */
  openSpreads: CodeValue[];
  /** Type or constructor that built it (`types.GenerateContentConfig`, `openai.ChatCompletionNewParams`). */
  typeName?: string;
}

export interface ArrayValue {
  kind: 'array';
  span: Span;
  items: CodeValue[];
  /** True when a spread of unknown contents is part of it. */
  open: boolean;
}

/** A call (or constructor call) that is not itself a recognised site, kept for factories like `openai('gpt-4o')`. */
export interface CallValue {
  kind: 'call';
  span: Span;
  /** Member names of the callee, root first (`['genai', 'GenerativeModel']`); `?` for a non-name root. */
  path: string[];
  text: string;
  positional: CodeValue[];
  named: ObjectEntry[];
  openSpreads: CodeValue[];
  /** The value the method is called on, resolved (`genAI` → the `new GoogleGenerativeAI()` call). */
  receiver: CodeValue | null;
  /** The name the call's result was reached through (`body` for `const body = await req.text()`). */
  boundName?: string;
  boundSpan?: Span;
}

export interface NullValue {
  kind: 'null';
  span: Span;
}

/** `unresolved`: what a work limit left unresolved (the rest of a list or text), named by a label, not by source. */
export type OpaqueOrigin = 'parameter' | 'environment' | 'file' | 'unknown' | 'unresolved';

/** A value not known statically: a parameter, an env var, a function result, a file read. */
export interface OpaqueValue {
  kind: 'opaque';
  span: Span;
  /** Source text at the place of use (`question`, `user.name`). */
  text: string;
  origin: OpaqueOrigin;
  /** Source of the expression the name was bound to, when it was (`process.env.MODEL`). */
  definition?: string;
  /** Path as written, for text read from a file with a literal path. */
  linkedFile?: string;
  /** That file's text, when the workspace index has it (a prompt file inside the workspace). */
  linkedText?: { file: string; text: string };
  /** The template engine the code renders the file with (Jinja `get_template`, `Handlebars.compile`): its text is what that engine sends. */
  engine?: TemplateEngine | 'langchain-serialized';
  /**
   * The value a reader takes when the run-time value is absent: a parameter's default (`model="gpt-4o"`), the right
   * side of a fallback (`x or "gpt-4o"`, `x ?? 'gpt-4o'`), an environment read's literal default
   * (`os.getenv("MODEL", "gpt-4o")`). Only the model falls back to it; prompt text stays a placeholder.
   */
  defaultValue?: CodeValue;
  /** How `defaultValue` was found; absent on a parameter means `default-argument`. */
  defaultKind?: DefaultKind;
  /** `a if c else b` / `c ? a : b`: both branches, in source order. */
  alternatives?: CodeValue[];
}

export type DefaultKind = 'default-argument' | 'fallback' | 'env-default';

/** `left or right`, `left || right`, `left ?? right`: unknown, with the right side as the reader's default when it is a value. */
export function fallbackValue(span: Span, text: string, left: CodeValue, right: CodeValue): CodeValue {
  // A literal left side decides (an empty string falls through to the right side).
  if (left.kind === 'string' && stringText(left) === '') return right;
  if (left.kind === 'string' || left.kind === 'number' || left.kind === 'object' || left.kind === 'array') return left;
  const origin = left.kind === 'opaque' && left.origin === 'environment' ? 'environment' : 'unknown';
  if (right.kind !== 'string') return opaque(span, text, origin);
  return opaque(span, text, origin, { defaultValue: right, defaultKind: origin === 'environment' ? 'env-default' : 'fallback' });
}

/** `cond ? a : b`: unknown, with both branches kept for the model (a reader reports both). */
export function conditionalValue(span: Span, text: string, consequence: CodeValue, alternative: CodeValue): CodeValue {
  return opaque(span, text, 'unknown', { alternatives: [consequence, alternative] });
}

export type CodeValue = StringValue | NumberValue | ObjectValue | ArrayValue | CallValue | NullValue | OpaqueValue;

export function opaque(span: Span, text: string, origin: OpaqueOrigin = 'unknown', extra: Partial<OpaqueValue> = {}): OpaqueValue {
  return { kind: 'opaque', span, text, origin, ...extra };
}

/** Looks up a key in an object, or a keyword in a call's named arguments. */
export function entryOf(value: CodeValue | null | undefined, ...keys: string[]): ObjectEntry | undefined {
  if (!value) return undefined;
  const entries = value.kind === 'object' ? value.entries : value.kind === 'call' ? value.named : null;
  if (!entries) return undefined;
  for (const key of keys) {
    // Later entries win, as in an object literal with a repeated key.
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return entries[i];
  }
  return undefined;
}

export function valueOf(value: CodeValue | null | undefined, ...keys: string[]): CodeValue | undefined {
  return entryOf(value, ...keys)?.value;
}

/** True when the object may hold keys we cannot see (unresolved spreads). */
export function isOpen(value: CodeValue | null | undefined): boolean {
  if (!value) return false;
  if (value.kind === 'object') return value.openSpreads.length > 0;
  if (value.kind === 'call') return value.openSpreads.length > 0;
  return value.kind === 'opaque';
}

export function stringText(value: CodeValue | null | undefined): string | null {
  if (!value || value.kind !== 'string') return null;
  let text = '';
  for (const segment of value.segments) {
    if (segment.kind !== 'static') return null;
    text += segment.text;
  }
  return text;
}

/** Joins static pieces that sit next to each other in the source into one segment. */
export function mergeSegments(segments: PromptSegment[]): PromptSegment[] {
  const merged: PromptSegment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (last && last.kind === 'static' && segment.kind === 'static' && last.span && segment.span && last.span.end === segment.span.start) {
      merged[merged.length - 1] = { kind: 'static', text: last.text + segment.text, span: { start: last.span.start, end: segment.span.end } };
    } else if (segment.kind === 'static' && segment.text === '') {
      continue;
    } else {
      merged.push(segment);
    }
  }
  return merged;
}

export function concatStrings(parts: StringValue[], span: Span): StringValue {
  return { kind: 'string', span, segments: mergeSegments(parts.flatMap((part) => part.segments)) };
}
