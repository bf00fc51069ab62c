// Helpers shared by the language adapters.
import type { Node } from 'web-tree-sitter';
import type { TemplateEngine } from '../../promptFiles/templateText';
import type { PromptSegment, Span } from '../../../types';
import type { CallArguments } from '../adapter';
import type { Binding } from '../bindings';
import { FIRST_OPTION_KEYS } from '../sdks';
import { concatStrings, mergeSegments, opaque, type ArrayValue, type CodeValue, type ObjectEntry, type OpaqueValue, type StringValue } from '../values';
import { MAX_VALUE_DEPTH, UNRESOLVED_REST, UNRESOLVED_TEXT, coveringSpan, type CutReason, type ResolutionBudget } from '../workLimits';

export function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/** The callee's extent on the call's first line. */
export function anchorOf(text: string, start: number, calleeEnd: number): Span {
  const lineBreak = text.slice(start, calleeEnd).search(/[\r\n]/);
  return { start, end: lineBreak >= 0 ? start + lineBreak : calleeEnd };
}

/** The one placeholder standing for what a work limit left unresolved (the rest of a list, of a text, of the updates). */
export function unresolvedRest(span: Span, label = UNRESOLVED_REST): OpaqueValue {
  return opaque(span, label, 'unresolved');
}

/** The value an expression gets when it is past the depth limit or the budget cannot pay for it; null when it may be resolved. */
export function refusedValue(budget: ResolutionBudget, node: Node, depth: number): OpaqueValue | null {
  if (depth > MAX_VALUE_DEPTH) budget.cut('depth');
  else if (budget.take()) return null;
  return opaque(spanOf(node), node.text);
}

/**
 * Resolves list items in source order while the budget lasts. The item the budget ran out in and every item after it
 * become one unresolved placeholder: a list of 10,000 messages cut at a limit reads as the messages resolved plus one
 * unknown rest, not as thousands of unknown items. `resolve` returns the item's values (a spread gives several).
 */
export function resolveList(budget: ResolutionBudget, nodes: readonly Node[], resolve: (node: Node) => CodeValue[], label = UNRESOLVED_REST): { items: CodeValue[]; cut: boolean } {
  const items: CodeValue[] = [];
  for (let index = 0; index < nodes.length; index++) {
    const refusalsBefore = budget.refusals;
    if (!budget.spent) {
      const resolved = resolve(nodes[index]);
      // Complete, or cut inside a construct that summed up its own rest (one message whose long text was cut): kept.
      if (budget.refusals === refusalsBefore || budget.isAbsorbed(refusalsBefore + 1)) {
        for (const item of resolved) items.push(item);
        continue;
      }
    } else budget.take();
    budget.absorb(refusalsBefore + 1);
    items.push(unresolvedRest(coveringSpan(spanOf(nodes[index]), spanOf(nodes[nodes.length - 1])), label));
    return { items, cut: true };
  }
  return { items, cut: false };
}

/**
 * Resolves an expression substituted into a template (`${x}`, `{x}`, `#{x}`). One the budget cut becomes the
 * placeholder every unknown substitution is (null here), and the cut counts as summed up: the template's static text
 * is read without resolution, so the template stays whole.
 */
export function resolveSubstitution(budget: ResolutionBudget, resolve: () => CodeValue): CodeValue | null {
  const refusalsBefore = budget.refusals;
  if (budget.spent) budget.take();
  else {
    const value = resolve();
    if (budget.refusals === refusalsBefore || budget.isAbsorbed(refusalsBefore + 1)) return value;
  }
  budget.absorb(refusalsBefore + 1);
  return null;
}

/** Keys resolved before the others in an options object, so a work limit cuts the messages, not the model or the cap. */
const FIRST_KEYS = FIRST_OPTION_KEYS;

/** True for the key of a model, cap or config entry (null: an entry without a key). */
export function isFirstKey(key: string | null): boolean {
  return key !== null && FIRST_KEYS.has(key);
}

/** Indices of `keys` (null for an entry without one), model, cap and config keys first, each group in source order. */
export function priorityOrder(keys: readonly (string | null)[]): number[] {
  return orderFirst(keys.map(isFirstKey));
}

function orderFirst(first: readonly boolean[]): number[] {
  const leading: number[] = [];
  const rest: number[] = [];
  first.forEach((isFirst, index) => (isFirst ? leading : rest).push(index));
  return [...leading, ...rest];
}

/** Resolves the `nodes` for which `first` holds before the others (see `priorityOrder`) and returns the results in source order. */
export function resolveInPriorityOrder<R>(nodes: readonly Node[], first: (node: Node) => boolean, resolve: (node: Node) => R): R[] {
  const results: R[] = new Array(nodes.length);
  for (const index of orderFirst(nodes.map(first))) results[index] = resolve(nodes[index]);
  return results;
}

/**
 * Operands of a left-nested chain of `+` (`a + b + c` parses as `(a + b) + c`), gathered by walking down the left
 * side instead of recursing, so a chain of 10,000 pieces costs no stack and no depth.
 */
export function plusChainOperands(node: Node, isPlus: (node: Node) => boolean): Node[] {
  const rights: Node[] = [];
  let current = node;
  while (isPlus(current)) {
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    if (!left || !right) break;
    rights.push(right);
    current = left;
  }
  rights.push(current);
  return rights.reverse();
}

export interface PlusChainOptions {
  /** The source text, for the names of placeholders (`a + b` when an unknown prefix meets a string). */
  source: string;
  budget: ResolutionBudget;
  resolve(node: Node): CodeValue;
  /** How a non-string operand becomes text (languages differ on bound calls). */
  asStringPart(value: CodeValue, sourceText: string): StringValue;
  /** Python: `[system] + history` joins lists. */
  arrays?: boolean;
}

/**
 * Folds a `+` chain left to right as the language evaluates it: numbers add until a string appears, then everything
 * is text (and with `arrays`, lists join). Pieces are collected once and joined at the end, each paid for from the
 * budget; when it runs out, the rest of the chain is one unresolved placeholder. Returns null for an unknown result.
 */
export function foldPlusChain(chain: Node, operands: readonly Node[], options: PlusChainOptions): CodeValue | null {
  const { source, budget } = options;
  const textOf = (from: number, to: number): string => source.slice(operands[from].startIndex, operands[to].endIndex);
  let accumulated: CodeValue = options.resolve(operands[0]);
  let parts: StringValue[] | null = null;
  let listItems: CodeValue[] | null = null;
  let listOpen = false;
  for (let index = 1; index < operands.length; index++) {
    const operand = operands[index];
    const pieces = (value: CodeValue) => (value.kind === 'string' ? value.segments.length : value.kind === 'array' ? value.items.length : 1);
    const refusalsBefore = budget.refusals;
    let right = budget.spent ? null : options.resolve(operand);
    // An operand the budget cut is no piece of text: it starts the unresolved rest.
    if (budget.refusals !== refusalsBefore) right = null;
    if (!right || !budget.take(pieces(right))) {
      if (budget.refusals === refusalsBefore) budget.take();
      budget.absorb(refusalsBefore + 1);
      const rest = coveringSpan(spanOf(operand), spanOf(operands[operands.length - 1]));
      if (parts) parts.push({ kind: 'string', span: rest, segments: [{ kind: 'dynamic', name: UNRESOLVED_TEXT, raw: UNRESOLVED_TEXT, span: rest }] });
      else if (listItems) {
        listItems.push(unresolvedRest(rest));
        listOpen = true;
      } else return null;
      break;
    }
    if (parts) {
      parts.push(options.asStringPart(right, source.slice(operand.startIndex, operand.endIndex)));
    } else if (listItems) {
      if (right.kind === 'array') {
        for (const item of right.items) listItems.push(item);
        listOpen ||= right.open;
      } else {
        listItems.push(right.kind === 'opaque' ? right : opaque(right.span, source.slice(operand.startIndex, operand.endIndex)));
        listOpen = true;
      }
    } else if (accumulated.kind === 'number' && right.kind === 'number') {
      accumulated = { kind: 'number', span: { start: chain.startIndex, end: operand.endIndex }, value: accumulated.value + right.value };
    } else if (accumulated.kind === 'string' || right.kind === 'string') {
      parts = [options.asStringPart(accumulated, textOf(0, index - 1)), options.asStringPart(right, source.slice(operand.startIndex, operand.endIndex))];
    } else if (options.arrays && (accumulated.kind === 'array' || right.kind === 'array')) {
      // `[system_message] + history`: an unknown list stays in place as one opaque item.
      const side = (value: CodeValue, text: string): CodeValue[] => (value.kind === 'array' ? value.items : [value.kind === 'opaque' ? value : opaque(value.span, text)]);
      listItems = [...side(accumulated, textOf(0, index - 1)), ...side(right, source.slice(operand.startIndex, operand.endIndex))];
      listOpen = accumulated.kind !== 'array' || right.kind !== 'array' || accumulated.open || right.open;
    } else {
      accumulated = opaque({ start: chain.startIndex, end: operand.endIndex }, textOf(0, index));
    }
  }
  const span = spanOf(chain);
  if (parts) return concatStrings(parts, span);
  if (listItems) return { kind: 'array', span, items: listItems, open: listOpen };
  if (accumulated.kind === 'number') return { ...accumulated, span };
  return operands.length === 1 ? accumulated : null;
}

/**
 * Lazy `args()` and `receiver()` of a call shape, each resolved as one budget root, and the limits they met: a call
 * cut at a limit keeps what was resolved and is reported as partial.
 */
export function rootedResolvers(
  budget: ResolutionBudget,
  call: Node,
  args: () => CallArguments,
  receiver: () => CodeValue | null,
  root: () => CodeValue | null = () => null,
): { args(): CallArguments; receiver(): CodeValue | null; rootValue(): CodeValue | null; cuts(): ReadonlySet<CutReason> } {
  const cuts = new Set<CutReason>();
  const rooted = <T>(work: () => T): T => {
    const outcome = budget.root(call.startIndex, work);
    for (const reason of outcome.cuts) cuts.add(reason);
    return outcome.value;
  };
  let rootValue: CodeValue | null | undefined;
  return { args: () => rooted(args), receiver: () => rooted(receiver), rootValue: () => (rootValue === undefined ? (rootValue = rooted(root)) : rootValue), cuts: () => cuts };
}

/** `"max_tokens"`, `'model'`, `model` → the key text. */
export function unquoteKey(text: string): string {
  const match = /^(?:[bruBRU]{0,2})(["'`])([\s\S]*)\1$/.exec(text);
  return match ? match[2] : text;
}

/** Words that make a name prompt-ish wherever they stand in it (`SYSTEM_PROMPT`, `summaryTemplate`); also pre-filter words. */
export const PROMPT_NAME_WORDS: readonly string[] = ['prompt', 'instruction', 'template', 'persona', 'preamble', 'directive', 'guideline'];
/** The system role's text is a prompt name only whole (`system`) or with one of these after it (`system_message`, `systemMsg`). */
export const SYSTEM_NAME_SUFFIXES: readonly string[] = ['message', 'msg', 'text', 'content'];
const PROMPT_NAME = new RegExp(`${PROMPT_NAME_WORDS.join('|')}|^system$|system_?(${SYSTEM_NAME_SUFFIXES.join('|')})`, 'i');
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
 * parameter holds whatever callers pass, so it is not static; the parameter's default stays as the reader's
 * default (labelled `default-argument`), which only the model falls back to.
 */
export function memberValue(value: CodeValue, span: Span, text: string): CodeValue {
  if (value.kind !== 'opaque') return value;
  const read: OpaqueValue = { ...value, span, text, definition: value.definition ?? value.text };
  if (read.origin === 'parameter') {
    read.origin = 'unknown';
    if (read.defaultValue) read.defaultKind ??= 'default-argument';
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

/**
 * The roles a stand-alone `{ role, content }` message literal may name (its `role` written as a string literal) for its
 * text to be reported as a prompt; the scanner's pre-filter reads the same list.
 */
export const STANDALONE_MESSAGE_ROLES: readonly string[] = ['system', 'user', 'assistant', 'developer'];

/** LangChain message constructors whose string argument is prompt text (every other factory's name holds `Template`). */
export const MESSAGE_FACTORIES: readonly string[] = ['SystemMessage', 'HumanMessage', 'AIMessage'];
const TEMPLATE_FACTORY = new RegExp(
  `(^|\\.)(PromptTemplate|ChatPromptTemplate|SystemMessagePromptTemplate|HumanMessagePromptTemplate|AIMessagePromptTemplate)(\\.(from_?[Tt]emplate|from_?[Mm]essages|fromTemplate|fromMessages))?$|(^|\\.)(${MESSAGE_FACTORIES.join('|')})$`,
);

/** LangChain prompt-template and message constructors whose string argument is prompt text. */
export function isTemplateFactory(callee: string): boolean {
  return TEMPLATE_FACTORY.test(callee);
}

/** Calls that read a whole file: the result is prompt text that lives in that file. */
/**
 * Template loaders that read a prompt file and the engine that renders it: Jinja `env.get_template("x.j2")`, LangChain
 * `PromptTemplate.from_file("x.txt")` (f-string braces), Handlebars/Mustache `compile`/`render` of a read file.
 */
/** How a linked prompt file is read: a template engine's rendering, or a LangChain serialized prompt's `template`. */
export type LinkedEngine = TemplateEngine | 'langchain-serialized';

export const TEMPLATE_LOADERS: ReadonlyArray<{ language: 'javascript' | 'python'; root?: RegExp; method: string; engine: LinkedEngine; from: 'name-in-loader-dir' | 'path-argument' | 'template-argument'; bare?: boolean }> = [
  { language: 'python', method: 'get_template', engine: 'jinja', from: 'name-in-loader-dir' },
  { language: 'python', method: 'from_file', engine: 'f-string', from: 'path-argument' },
  // LangChain `load_prompt("x.yaml")`: a serialized prompt, whose `template` (in its `template_format`) is the text.
  { language: 'python', method: 'load_prompt', engine: 'langchain-serialized', from: 'path-argument', bare: true },
  { language: 'javascript', root: /^(handlebars|hbs)$/i, method: 'compile', engine: 'handlebars', from: 'template-argument' },
  { language: 'javascript', root: /^mustache$/i, method: 'render', engine: 'mustache', from: 'template-argument' },
  { language: 'javascript', root: /^(handlebars|hbs)$/i, method: 'precompile', engine: 'handlebars', from: 'template-argument' },
];

/** The loader a callee path is, for a language. */
export function templateLoaderOf(path: readonly string[], language: 'javascript' | 'python'): (typeof TEMPLATE_LOADERS)[number] | undefined {
  const method = path[path.length - 1];
  return TEMPLATE_LOADERS.find((loader) => loader.language === language && loader.method === method && (path.length >= 2 || loader.bare === true) && (!loader.root || loader.root.test(path[0])));
}

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

/**
 * Folds `+=`, `.append()`/`.push()` and `x["k"] = v` that follow a binding into its value. Pieces are collected and
 * joined once (no copy per update), each update paid for from the budget; updates past the budget become one
 * unresolved placeholder.
 */
export function applyUpdates(value: CodeValue, updates: Binding[], resolve: (node: Node) => CodeValue, budget: ResolutionBudget): CodeValue {
  if (!updates.length || !(value.kind === 'string' || value.kind === 'array' || value.kind === 'object')) return value;
  const segments: PromptSegment[] = value.kind === 'string' ? [...value.segments] : [];
  const items: CodeValue[] = value.kind === 'array' ? [...value.items] : [];
  const entries: ObjectEntry[] = value.kind === 'object' ? [...value.entries] : [];
  const openSpreads: CodeValue[] = value.kind === 'object' ? [...value.openSpreads] : [];
  let open = value.kind === 'array' && value.open;
  for (let index = 0; index < updates.length; index++) {
    const update = updates[index];
    if (!update.value) continue;
    const applies = (update.kind === 'augment' && value.kind === 'string') || (update.kind === 'append' && value.kind === 'array') || (update.kind === 'keyset' && value.kind === 'object' && update.key);
    if (!applies) continue;
    const refusalsBefore = budget.refusals;
    let added = budget.spent ? null : resolve(update.value);
    if (budget.refusals !== refusalsBefore) added = null;
    if (!added || !budget.take(added.kind === 'string' ? added.segments.length : 1)) {
      if (budget.refusals === refusalsBefore) budget.take();
      budget.absorb(refusalsBefore + 1);
      const last = updates[updates.length - 1].value ?? update.value;
      const rest = coveringSpan(spanOf(update.value), spanOf(last));
      if (value.kind === 'string') segments.push({ kind: 'dynamic', name: UNRESOLVED_TEXT, raw: UNRESOLVED_TEXT, span: rest });
      else if (value.kind === 'array') {
        items.push(unresolvedRest(rest));
        open = true;
      } else openSpreads.push(unresolvedRest(rest));
      break;
    }
    if (update.kind === 'augment') {
      if (added.kind === 'string') for (const segment of added.segments) segments.push(segment);
      else segments.push({ kind: 'dynamic', name: update.value.text, raw: update.value.text, span: spanOf(update.value) });
    } else if (update.kind === 'append') items.push(added);
    else entries.push({ key: update.key!, keySpan: spanOf(update.value), value: added });
  }
  if (value.kind === 'string') return { ...value, segments: mergeSegments(segments) };
  if (value.kind === 'array') return { ...value, items, open };
  return { ...value, entries, openSpreads };
}
