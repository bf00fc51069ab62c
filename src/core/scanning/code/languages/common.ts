// Helpers shared by the language adapters.
import type { Node } from 'web-tree-sitter';
import type { PromptSegment, Span } from '../../../types';
import type { Binding } from '../bindings';
import { mergeSegments, type ArrayValue, type CodeValue, type OpaqueValue, type StringValue } from '../values';

export function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/** The callee's extent on the call's first line. */
export function anchorOf(text: string, start: number, calleeEnd: number): Span {
  const lineBreak = text.slice(start, calleeEnd).search(/[\r\n]/);
  return { start, end: lineBreak >= 0 ? start + lineBreak : calleeEnd };
}

/** Time one file's name resolution may take after parsing; past it every value is left unresolved. */
export const RESOLVE_TIME_LIMIT_MS = 1500;

/** Caps the values one file may build and the time spent building them, so pathological files stay bounded. */
export class ValueBudget {
  private remaining: number;
  private readonly deadline: number;
  exhausted = false;
  constructor(limit = 200_000, timeLimitMs = RESOLVE_TIME_LIMIT_MS) {
    this.remaining = limit;
    this.deadline = (globalThis.performance ?? Date).now() + timeLimitMs;
  }
  take(): boolean {
    if (this.exhausted) return false;
    this.remaining--;
    // Checking the clock every 256 values keeps the check itself cheap.
    if (this.remaining <= 0 || ((this.remaining & 255) === 0 && (globalThis.performance ?? Date).now() > this.deadline)) this.exhausted = true;
    return !this.exhausted;
  }
}

export const BUDGET_PROBLEM = 'resolving names took too long in this file: some models, caps and prompts are reported as unresolved';

/** `"max_tokens"`, `'model'`, `model` → the key text. */
export function unquoteKey(text: string): string {
  const match = /^(?:[bruBRU]{0,2})(["'`])([\s\S]*)\1$/.exec(text);
  return match ? match[2] : text;
}

const PROMPT_NAME = /prompt|instruction|template|persona|preamble|directive|guideline|^system$|system_?(message|msg|text|content)/i;
const NOT_PROMPT_NAME = /error|url|uri|path|dir|file|sql|query|log|version|platform|key|token|id$|name$|type$|status/i;

/** Names a prompt string is usually bound to (`SYSTEM_PROMPT`, `instructions`, `summaryTemplate`). */
export function isPromptName(name: string): boolean {
  if (!PROMPT_NAME.test(name)) return false;
  // `systemPath`, `promptFile`, `templateId`: names of things about a prompt, not prompt text.
  return !NOT_PROMPT_NAME.test(name.replace(PROMPT_NAME, ''));
}

/** Keys a chat message (OpenAI, Anthropic, Gemini, AI SDK, LangChain dicts) may carry besides `role` and `content`. */
const MESSAGE_KEYS = new Set([
  'role', 'content', 'text', 'name', 'type', 'id', 'parts', 'cache_control', 'cacheControl', 'tool_calls', 'toolCalls', 'tool_call_id', 'toolCallId',
  'function_call', 'refusal', 'prefix', 'reasoning', 'providerOptions', 'experimental_providerMetadata', 'attachments', 'experimental_attachments',
]);

/**
 * True when an object with `role` and `content` has only message keys. A row being stored
 * (`{ conversationId, role, content, model, outputTokens }`) is data about a conversation, not a message sent.
 */
export function hasOnlyMessageKeys(keys: string[]): boolean {
  return keys.every((key) => MESSAGE_KEYS.has(key));
}

/**
 * The value of `self.x` / `this.x` read back from where the member was assigned. A member set from a constructor
 * parameter holds whatever callers pass, so the parameter's default does not make it static.
 */
export function memberValue(value: CodeValue, span: Span, text: string): CodeValue {
  if (value.kind !== 'opaque') return value;
  const read: OpaqueValue = { ...value, span, text, definition: value.definition ?? value.text };
  if (read.origin === 'parameter') {
    read.origin = 'unknown';
    delete read.defaultValue;
  }
  return read;
}

const DOUBLE_BRACE_FORMAT = /template_?[Ff]ormat\s*[:=]\s*["'`](mustache|jinja2)["'`]/;

/** The template format of the prompt-template call around a template argument (`templateFormat: 'mustache'`). */
export function templateFormatAround(node: Node, callTypes: readonly string[]): 'f-string' | 'double-brace' {
  let current: Node | null = node.parent;
  for (let guard = 0; current && guard < 8; guard++, current = current.parent) {
    if (callTypes.includes(current.type)) return DOUBLE_BRACE_FORMAT.test(current.text) ? 'double-brace' : 'f-string';
  }
  return 'f-string';
}

/** LangChain prompt-template and message constructors whose string argument is prompt text. */
export function isTemplateFactory(callee: string): boolean {
  return /(^|\.)(PromptTemplate|ChatPromptTemplate|SystemMessagePromptTemplate|HumanMessagePromptTemplate|AIMessagePromptTemplate)(\.(from_?[Tt]emplate|from_?[Mm]essages|fromTemplate|fromMessages))?$|(^|\.)(SystemMessage|HumanMessage|AIMessage)$/.test(
    callee,
  );
}

/** Calls that read a whole file: the result is prompt text that lives in that file. */
export function looksLikeFileRead(path: string[], language: 'javascript' | 'python'): boolean {
  const last = path[path.length - 1];
  if (language === 'javascript') return last === 'readFileSync' || last === 'readFile' || (last === 'file' && path[0] === 'Bun');
  // `Image.open(path)` (Pillow) opens an image, not text.
  return last === 'read_text' || (last === 'open' && !/image/i.test(path[path.length - 2] ?? '')) || last === 'load_prompt' || (path[0] === 'prompty' && (last === 'load' || last === 'execute' || last === 'prepare'));
}

/** Applies a text transformation (trim, dedent) to the static text of a string, keeping placeholders. */
export function transformStatic(value: StringValue, transform: (text: string) => string, edges?: 'both' | 'start' | 'end'): StringValue {
  const segments = value.segments.map((segment) => ({ ...segment }));
  if (edges) {
    // Trimming only touches the outer static segments.
    const first = segments[0];
    const last = segments[segments.length - 1];
    if ((edges === 'both' || edges === 'start') && first?.kind === 'static') first.text = first.text.trimStart();
    if ((edges === 'both' || edges === 'end') && last?.kind === 'static') last.text = last.text.trimEnd();
    return { ...value, segments: segments.filter((segment) => segment.kind !== 'static' || segment.text) };
  }
  if (segments.every((segment) => segment.kind === 'static')) {
    // Dedent must see all lines at once; when the text is split by placeholders, dedent each static piece.
    const joined = segments.map((segment) => (segment as { text: string }).text).join('');
    const transformed = transform(joined);
    if (segments.length === 1) return { ...value, segments: [{ ...segments[0], text: transformed } as PromptSegment] };
    return { ...value, segments: [{ kind: 'static', text: transformed, span: value.span }] };
  }
  return {
    ...value,
    segments: segments.map((segment) => (segment.kind === 'static' ? { ...segment, text: transform(segment.text) } : segment)),
  };
}

/** `sep.join(items)` / `items.join(sep)`. */
export function joinStrings(items: ArrayValue, separator: CodeValue, span: Span): CodeValue {
  if (separator.kind !== 'string' || items.open) return { kind: 'opaque', span, text: '', origin: 'unknown' };
  const segments: PromptSegment[] = [];
  items.items.forEach((item, index) => {
    if (index > 0) segments.push(...separator.segments.map((segment) => ({ ...segment })));
    if (item.kind === 'string') segments.push(...item.segments);
    else segments.push({ kind: 'dynamic', name: item.kind === 'opaque' ? item.text : '', raw: item.kind === 'opaque' ? item.text : '', span: item.span });
  });
  return { kind: 'string', span, segments: mergeSegments(segments) };
}

/**
 * True when an append or push among `updates` runs in a loop that ends before `position`: the list then holds a
 * number of items known only at run time (`for item in output: tool_outputs.append(…)`).
 */
export function appendedInFinishedLoop(updates: Binding[], position: number, loopTypes: ReadonlySet<string>, functionTypes: ReadonlySet<string>): boolean {
  return updates.some((update) => {
    if (update.kind !== 'append' || !update.value) return false;
    for (let current = update.value.parent; current && !functionTypes.has(current.type); current = current.parent) {
      if (loopTypes.has(current.type) && !(current.startIndex <= position && position < current.endIndex)) return true;
    }
    return false;
  });
}

/** Folds `+=`, `.append()`/`.push()` and `x["k"] = v` that follow a binding into its value. */
export function applyUpdates(value: CodeValue, updates: Binding[], resolve: (node: Node) => CodeValue): CodeValue {
  let current = value;
  for (const update of updates) {
    if (!update.value) continue;
    if (update.kind === 'augment' && current.kind === 'string') {
      const added = resolve(update.value);
      const addedSegments: PromptSegment[] =
        added.kind === 'string' ? added.segments : [{ kind: 'dynamic', name: update.value.text, raw: update.value.text, span: spanOf(update.value) }];
      current = { ...current, segments: mergeSegments([...current.segments, ...addedSegments]) };
    } else if (update.kind === 'append' && current.kind === 'array') {
      current = { ...current, items: [...current.items, resolve(update.value)] };
    } else if (update.kind === 'keyset' && current.kind === 'object' && update.key) {
      current = { ...current, entries: [...current.entries, { key: update.key, keySpan: spanOf(update.value), value: resolve(update.value) }] };
    }
  }
  return current;
}
