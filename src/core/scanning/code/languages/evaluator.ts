// One evaluator for every language: the binding index built from a query's captures, name and `this`-member
// resolution, object and list literals, callee paths and receivers. What differs between languages is data, each
// language's node vocabulary (which node types are members, calls, spreads, loops, names); the language files keep
// only their genuine syntax (string forms, call arguments, prompt candidates).
import type { Node } from 'web-tree-sitter';
import { joinsOfValue } from '../../joinedLists';
import type { LanguageFamily } from '../../../languages';
import type { PromptSegment, Span } from '../../../types';
import { decodeEscapes } from '../stringEscapes';
import { captureMap, searchProblems, type AdapterProblem, type QueryRunner } from '../adapter';
import { BindingIndex, type ScopeRange } from '../bindings';
import { FlowPaths, unknownOnSomePaths, type FlowVocabulary } from '../flowPaths';
import { fallbackValue, mergeSegments, opaque, type ArrayValue, type CodeValue, type ObjectEntry, type ObjectValue, type StringValue } from '../values';
import { NON_GENERATION_CALLEE } from '../sdks';
import { ResolutionBudget } from '../workLimits';
import type { ExternalNames } from '../externalNames';
import { appendedInFinishedLoop, applyUpdates, foldPlusChain, memberValue, plusChainOperands, priorityOrder, refusedValue, resolveList, spanOf, unquoteKey } from './common';

/** Node types and field names the shared evaluation reads, per language. */
export interface NodeVocabulary {
  family: LanguageFamily;
  /** Member access (`a.b`) and, for Java and Ruby, method calls: node type → [object field, name field]. */
  members: Readonly<Record<string, readonly [object: string, name: string]>>;
  /** Member types that are calls (Java `method_invocation`, Ruby `call`): skipped in a receiver chain when argument-less. */
  memberCalls?: ReadonlySet<string>;
  /** Calls passed through in a callee path when they take no arguments: node type → callee field, and whether the callee must be a member. */
  chainCalls?: Readonly<Record<string, { callee: string; memberOnly: boolean }>>;
  /** `a['b']`: the subscript node, whose string index is a path name. */
  subscript?: { type: string; object: string; index: string };
  /** Nodes passed through to their first named child (parentheses, `await`, type assertions). */
  wrappers: ReadonlySet<string>;
  /** Node types whose text is a name at the root of a callee path. */
  names: ReadonlySet<string>;
  /** A path root that is not a name shows as `?` (else it is left out). */
  unknownRoot: boolean;
  /** Object literal members: key/value pairs, shorthand properties, spreads; and how a key node reads. */
  object?: { pair: string; shorthand?: string; spread: string; key(keyNode: Node): string | null };
  /** The spread item of a list literal (`...xs`, `*xs`). */
  listSpread?: string;
  /** Loops and functions: a list appended to in a finished loop is run-time state. */
  loops: ReadonlySet<string>;
  functions: ReadonlySet<string>;
  /** Names that are the null value (`None`, `undefined`). */
  nullNames?: ReadonlySet<string>;
  /** Branching statements (if/else, cases, handlers, loops) and path exits: a value bound in a branch the use is not in is unknown there. */
  flow?: FlowVocabulary;
  /** How expressions evaluate, by node type; anything else goes to the language's own syntax. */
  values: {
    /** Passed through to the inner expression: the first named child (types and comments skipped), or the last. */
    wrappers: ReadonlySet<string>;
    wrapperInner?: 'first' | 'last';
    /** Number literals, and the type suffix their text may end with (`10L`, `2.5f`). */
    numbers: ReadonlySet<string>;
    numberSuffix?: RegExp;
    nulls: ReadonlySet<string>;
    /** Names resolved through the bindings. */
    identifiers: ReadonlySet<string>;
    /** Object/dict literals (read with `object`) and list literals (with `listSpread`). */
    objects?: ReadonlySet<string>;
    lists?: ReadonlySet<string>;
    /**
     * Binary expressions: `+` concatenates strings (Python also lists), the arithmetic operators fold numbers,
     * `%` formats a string where the language says so (`percentFormat`). `boundCallNames`: a call bound to a name
     * shows as that name inside a concatenation.
     */
    binary?: {
      type: string;
      arithmetic: Readonly<Record<string, (left: number, right: number) => number>>;
      plusArrays?: boolean;
      boundCallNames?: boolean;
      /** `x || 'lit'`, `x ?? 'lit'`: a literal-like right side is the reader's default (only those node types are walked). */
      fallback?: { operators: ReadonlySet<string>; literalLike: ReadonlySet<string> };
    };
    /** A unary node whose `-` negates a number. */
    negation?: string;
    /** Calls and member accesses, read by the language's `callValue` / `memberValue`. */
    calls?: ReadonlySet<string>;
    memberAccess?: ReadonlySet<string>;
    /** Text of an unrecognised expression that reads the environment (`os.Getenv`, `System.getenv`). */
    environment?: RegExp;
  };
}

/** A binding kind a bindings query captures (`@assign`, `@member`, …). */
const BINDING_KINDS = ['import', 'assign', 'augment', 'member', 'parameter', 'append', 'keyset'] as const;

export abstract class Evaluator {
  protected readonly bindings: BindingIndex;
  protected readonly problems: AdapterProblem[] = [];
  /** Names bound by imports (`import { x as y } from 'm'`, `from m import x`): local name → module and imported name. */
  protected readonly imports = new Map<string, { module: string; imported: string }>();
  /** Modules the file imports. */
  protected readonly modules = new Set<string>();
  /** Capture maps of calls, prompt patterns and bindings, split once: the tree is walked once for all three. */
  protected readonly callGroups: Record<string, Node>[] = [];
  protected readonly promptGroups: Record<string, Node>[] = [];
  protected readonly bindingGroups: Record<string, Node>[] = [];
  /** Which bindings hold on every path to a use (absent for a language without flow data). */
  protected readonly flow: FlowPaths | null;
  /** Names the file does not bind, answered from the workspace symbol index (imports, same-package constants); set before `output()`. */
  external: ExternalNames | null = null;

  constructor(
    protected readonly root: Node,
    protected readonly text: string,
    protected readonly queries: QueryRunner,
    protected readonly vocabulary: NodeVocabulary,
    patterns: readonly string[],
    protected readonly budget: ResolutionBudget = new ResolutionBudget(),
  ) {
    const search = queries.run(patterns, root);
    this.problems.push(...searchProblems(search));
    for (const match of search.matches) {
      const parts = captureMap(match);
      if (parts.call) this.callGroups.push(parts);
      else if (parts['prompt.name'] || parts['prompt.returned']) this.promptGroups.push(parts);
      else this.bindingGroups.push(parts);
    }
    const scopes: ScopeRange[] = [];
    for (const parts of this.bindingGroups) {
      if (parts['scope.function']) scopes.push({ start: parts['scope.function'].startIndex, end: parts['scope.function'].endIndex, kind: 'function' });
      else if (parts['scope.class']) scopes.push({ start: parts['scope.class'].startIndex, end: parts['scope.class'].endIndex, kind: 'class' });
    }
    this.bindings = new BindingIndex(scopes, { start: 0, end: text.length + 1, kind: 'module' }, this.budget);
    this.flow = vocabulary.flow ? new FlowPaths(vocabulary.flow) : null;
    for (const parts of this.bindingGroups) this.indexBinding(parts);
  }

  /** Local name → module, for the recogniser's module evidence. */
  protected importedNames(): Map<string, string> {
    return new Map([...this.imports].map(([local, entry]) => [local, entry.module]));
  }

  /** Records an `@import` capture (languages differ in what a module and a local name are). */
  protected abstract indexImport(parts: Record<string, Node>): void;

  /** The language's own syntax (strings, calls, members, …): a value, or null for an expression it does not read. */
  protected abstract syntaxValue(node: Node, depth: number, visiting: Set<number>): CodeValue | null;

  /** `"…%s…" % (a,)`: a string formatted by the `%` operator, for languages that have it. */
  protected percentFormat?(template: StringValue, argsNode: Node, depth: number, visiting: Set<number>, span: Span): StringValue;

  private binaryValue(node: Node, depth: number, visiting: Set<number>): CodeValue | null {
    const spec = this.vocabulary.values.binary!;
    const operator = node.childForFieldName('operator')?.text ?? '';
    const leftNode = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    if (!leftNode || !rightNode) return null;
    if (operator === '+') {
      const isPlus = (part: Node): boolean => part.type === spec.type && part.childForFieldName('operator')?.text === '+';
      const asPart = spec.boundCallNames ? asStringPart : asPlainStringPart;
      return foldPlusChain(node, plusChainOperands(node, isPlus), { source: this.text, budget: this.budget, resolve: (operand) => this.value(operand, depth + 1, visiting), asStringPart: asPart, ...(spec.plusArrays ? { arrays: true } : {}) });
    }
    if (spec.fallback?.operators.has(operator)) {
      // Only a literal-like right side gives a reader default; anything else is left unresolved without walking the left.
      if (!spec.fallback.literalLike.has(rightNode.type)) return null;
      const right = this.value(rightNode, depth + 1, visiting);
      return right.kind === 'string' ? fallbackValue(spanOf(node), node.text, this.value(leftNode, depth + 1, visiting), right) : null;
    }
    const arithmetic: ((left: number, right: number) => number) | undefined = Object.hasOwn(spec.arithmetic, operator) ? spec.arithmetic[operator] : undefined;
    if (!arithmetic && !(operator === '%' && this.percentFormat)) return null;
    const left = this.value(leftNode, depth + 1, visiting);
    if (operator === '%' && left.kind === 'string' && this.percentFormat) return this.percentFormat(left, rightNode, depth, visiting, spanOf(node));
    const right = this.value(rightNode, depth + 1, visiting);
    return arithmetic && left.kind === 'number' && right.kind === 'number' ? { kind: 'number', span: spanOf(node), value: arithmetic(left.value, right.value) } : null;
  }

  /** A call expression as a value (a factory, a config lookup, a string method), for the vocabulary's `calls`. */
  protected callValue?(node: Node, depth: number, visiting: Set<number>): CodeValue;
  /** `a.b` / `a['b']` as a value, for the vocabulary's `memberAccess`. */
  protected memberValue?(node: Node, depth: number, visiting: Set<number>): CodeValue;

  /** Text read from a file: its literal path, and the file's text when the workspace index has it. */
  protected fileRead(span: Span, text: string, literal: string | null): CodeValue {
    if (!literal) return opaque(span, text, 'file');
    const linkedText = this.external?.promptFile(literal) ?? undefined;
    return opaque(span, text, 'file', { linkedFile: literal, ...(linkedText ? { linkedText } : {}) });
  }

  /** Resolves an expression to a value; `visiting` guards against cycles through bindings. */
  value(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const refused = refusedValue(this.budget, node, depth);
    if (refused) return refused;
    const values = this.vocabulary.values;
    const type = node.type;
    const span = spanOf(node);
    if (values.wrappers.has(type)) {
      const inner = values.wrapperInner === 'last' ? node.namedChildren.filter((child) => child && child.type !== 'comment').pop() : firstExpressionChild(node);
      return inner ? this.value(inner, depth + 1, visiting) : opaque(span, node.text);
    }
    if (values.numbers.has(type)) {
      let text = node.text.replace(/_/g, '');
      if (values.numberSuffix) text = text.replace(values.numberSuffix, '');
      const value = Number(text);
      return Number.isFinite(value) ? { kind: 'number', span, value } : opaque(span, node.text);
    }
    if (values.nulls.has(type)) return { kind: 'null', span };
    if (values.identifiers.has(type)) return this.identifier(node, depth, visiting);
    if (values.objects?.has(type)) return this.objectLiteral(node, depth, visiting);
    if (values.lists?.has(type)) return this.listLiteral(node, depth, visiting);
    if (type === values.binary?.type) return this.binaryValue(node, depth, visiting) ?? opaque(span, node.text, values.environment?.test(node.text) ? 'environment' : 'unknown');
    if (type === values.negation) {
      const argument = node.childForFieldName('argument');
      const inner = argument && node.childForFieldName('operator')?.text === '-' ? this.value(argument, depth + 1, visiting) : null;
      return inner?.kind === 'number' ? { kind: 'number', span, value: -inner.value } : opaque(span, node.text);
    }
    if (values.calls?.has(type) && this.callValue) return this.callValue(node, depth, visiting);
    if (values.memberAccess?.has(type) && this.memberValue) return this.memberValue(node, depth, visiting);
    return this.syntaxValue(node, depth, visiting) ?? opaque(span, node.text, values.environment?.test(node.text) ? 'environment' : 'unknown');
  }

  /** The name a binding is stored under (Ruby keeps the `@` of instance variables). */
  protected bindingName(node: Node): string {
    return node.text;
  }

  private indexBinding(parts: Record<string, Node>): void {
    const kind = BINDING_KINDS.find((candidate) => parts[candidate]);
    if (!kind) return;
    if (kind === 'import') {
      this.indexImport(parts);
      return;
    }
    const name = parts.name ? this.bindingName(parts.name) : null;
    if (!name) return;
    const start = parts[kind].startIndex;
    const value = parts.value ?? null;
    if (kind === 'member') this.bindings.add({ name, kind, start, value, scope: this.bindings.scopeAt(start, start, 'class') });
    else if (kind === 'parameter') this.bindings.add({ name, kind, start, value, scope: this.bindings.scopeAt(start, start, 'function') });
    else if (kind === 'keyset') this.bindings.add({ name, kind, start, value, key: parts.key?.text });
    else this.bindings.add({ name, kind, start, value });
  }

  // ---- callee paths --------------------------------------------------------------------------------------------

  /** Member names of a callee, root first; argument-less calls in a chain are passed (`client.chat().completions()`). */
  protected pathOf(node: Node): string[] {
    const { members, subscript, chainCalls, wrappers, names: nameTypes, unknownRoot } = this.vocabulary;
    const names: string[] = [];
    let current: Node | null = node;
    for (let guard = 0; current && guard < 64; guard++) {
      const type: string = current.type;
      if (wrappers.has(type)) {
        current = firstNamedChild(current);
        continue;
      }
      const member = members[type];
      if (member) {
        names.unshift(current.childForFieldName(member[1])?.text ?? '?');
        current = current.childForFieldName(member[0]);
        continue;
      }
      if (subscript && type === subscript.type) {
        const index = current.childForFieldName(subscript.index);
        names.unshift(index?.type === 'string' ? unquoteKey(index.text) : '?');
        current = current.childForFieldName(subscript.object);
        continue;
      }
      const chain = chainCalls?.[type];
      if (chain) {
        const callee = current.childForFieldName(chain.callee);
        if (callee && (!chain.memberOnly || members[callee.type]) && !current.childForFieldName('arguments')?.namedChildCount) {
          current = callee;
          continue;
        }
      }
      if (nameTypes.has(type)) names.unshift(current.text);
      else if (unknownRoot) names.unshift('?');
      return names;
    }
    return names;
  }

  /** The node a member callee is called on; argument-less method calls in a Java/Ruby chain are passed to the client. */
  protected receiverOf(callee: Node): Node | null {
    const member = this.vocabulary.members[callee.type];
    if (!member) return null;
    let current = callee.childForFieldName(member[0]);
    const calls = this.vocabulary.memberCalls;
    while (current && calls?.has(current.type) && !current.childForFieldName('arguments')?.namedChildCount) current = current.childForFieldName(this.vocabulary.members[current.type][0]);
    return current;
  }

  /** The value of a callee path's root name (`client` in `client.chat.completions.create`); null when the root is no name. */
  protected pathRootValue(callee: Node): CodeValue | null {
    const { members, wrappers, chainCalls } = this.vocabulary;
    let current: Node | null = callee;
    for (let guard = 0; current && guard < 64; guard++) {
      const type: string = current.type;
      const member: readonly [string, string] | undefined = members[type];
      const chain: { callee: string } | undefined = chainCalls?.[type];
      const next: Node | null = wrappers.has(type) ? firstNamedChild(current) : member ? current.childForFieldName(member[0]) : chain ? current.childForFieldName(chain.callee) : null;
      if (!next) break;
      current = next;
    }
    if (!current || current === callee || !this.vocabulary.values.identifiers.has(current.type)) return null;
    return this.value(current, 0, new Set());
  }

  // ---- names -----------------------------------------------------------------------------------------------------

  /** A name's value: what it was bound to (updates applied), a parameter placeholder with its default, or opaque. */
  protected identifier(node: Node, depth: number, visiting: Set<number>, name = node.text): CodeValue {
    const span = spanOf(node);
    if (this.vocabulary.nullNames?.has(name)) return { kind: 'null', span };
    const resolved = this.bindings.lookup(name, node.startIndex);
    if (!resolved) return this.external?.name(name, span, node.text) ?? opaque(span, node.text);
    const { primary } = resolved;
    const key = primary.start * 4 + 1;
    if (visiting.has(key)) return opaque(span, node.text);
    visiting.add(key);
    try {
      if (!primary.value) return opaque(span, node.text, primary.kind === 'parameter' ? 'parameter' : 'unknown');
      let value = this.value(primary.value, depth + 1, visiting);
      // A parameter default is only one possible value: the name stays a placeholder, the default is kept aside.
      if (primary.kind === 'parameter') return opaque(span, node.text, 'parameter', { definition: primary.value.text, defaultValue: value });
      // Bound in a branch, case, handler or loop that not every path to the use runs through: the value there is not known.
      if (primary.kind === 'assign' && this.flow && !this.flow.holdsAt(primary.value, node.startIndex)) return unknownOnSomePaths(value, span, node.text, primary.value.text);
      if (value.kind === 'array' && appendedInFinishedLoop(resolved.updates, node.startIndex, this.vocabulary.loops, this.vocabulary.functions)) return opaque(span, node.text, 'unknown', { definition: primary.value.text });
      // A key set only on some paths (`if short: kwargs["max_tokens"] = 128`) may be missing at the use: its value is unknown.
      const partial = this.flow ? new Set(resolved.updates.filter((update) => update.kind === 'keyset' && update.value && !this.flow!.holdsAt(update.value, node.startIndex)).map((update) => update.value!.id)) : null;
      value = applyUpdates(value, resolved.updates, (update) => (partial?.has(update.id) ? opaque(spanOf(update), update.text) : this.value(update, depth + 1, visiting)), this.budget);
      if (value.kind === 'opaque') return { ...value, span, text: node.text, definition: value.definition ?? value.text };
      if (value.kind === 'call') return { ...value, boundName: node.text, boundSpan: span };
      return value;
    } finally {
      visiting.delete(key);
    }
  }

  /** `this.key` / `self.key`: the member bound in the enclosing class; a member list is run-time state, not a constant. */
  protected classMember(node: Node, key: string, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const member = this.bindings.lookupMember(key, node.startIndex);
    if (!member?.value) return opaque(span, node.text);
    const value = this.value(member.value, depth + 1, visiting);
    if (value.kind === 'array') return opaque(span, node.text);
    return memberValue(value, span, node.text);
  }

  /** `object.key` / `object['key']` on anything but `this`: the literal's entry, an environment read, or opaque. */
  protected keyOf(node: Node, object: Node, key: string, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const base = this.value(object, depth + 1, visiting);
    if (base.kind === 'object') {
      const entry = [...base.entries].reverse().find((candidate) => candidate.key === key);
      if (entry) return entry.value;
    }
    if (base.kind === 'opaque' && base.origin === 'environment') return opaque(span, node.text, 'environment');
    // `settings.model`, `constants.MODEL`, `Tier.Best` on a name the file does not bind: the workspace index.
    const root = /^[\w$]+/.exec(object.text)?.[0];
    if (base.kind === 'opaque' && this.external && root && !this.bindings.lookup(root, object.startIndex)) return this.external.member(object.text, key, span, node.text) ?? opaque(span, node.text);
    return opaque(span, node.text);
  }

  // ---- prompt candidates ---------------------------------------------------------------------------------------

  /** Strings passed (within a few levels) to image, audio, embedding (…) calls are not prompts we count. */
  protected insideNonGenerationCall(node: Node): boolean {
    const calls = this.vocabulary.values.calls;
    let current: Node | null = node.parent;
    for (let guard = 0; current && guard < 6; guard++, current = current.parent) {
      if (calls?.has(current.type)) {
        const callee = current.childForFieldName('function') ?? current.childForFieldName('constructor');
        return Boolean(callee && NON_GENERATION_CALLEE.test(callee.text));
      }
    }
    return false;
  }

  /** The keys of a message literal (`{ role, content }`) and its role when it is a string literal. */
  protected messageKeys(container: Node): { keys: string[]; role: string | null } {
    const syntax = this.vocabulary.object!;
    const keys: string[] = [];
    let role: string | null = null;
    for (const child of container.namedChildren) {
      if (child && child.type === syntax.shorthand) keys.push(child.text);
      if (child?.type !== syntax.pair) continue;
      const key = unquoteKey(child.childForFieldName('key')?.text ?? '');
      keys.push(key);
      const roleNode = key === 'role' ? child.childForFieldName('value') : null;
      if (roleNode?.type === 'string') role = unquoteKey(roleNode.text);
    }
    return { keys, role };
  }

  // ---- literals --------------------------------------------------------------------------------------------------

  /** An object or dict literal; model, cap and config keys are resolved first so a work limit cuts the messages. */
  protected objectLiteral(node: Node, depth: number, visiting: Set<number>): ObjectValue {
    const syntax = this.vocabulary.object!;
    const members = node.namedChildren.filter((child): child is Node => child !== null && (child.type === syntax.pair || child.type === syntax.shorthand || child.type === syntax.spread));
    const keys = members.map((child) => {
      if (child.type === syntax.shorthand) return child.text;
      const keyNode = child.type === syntax.pair ? child.childForFieldName('key') : null;
      return keyNode ? syntax.key(keyNode) : null;
    });
    const resolved: { entries: ObjectEntry[]; openSpreads: CodeValue[] }[] = new Array(members.length);
    for (const index of priorityOrder(keys)) {
      const child = members[index];
      const key = keys[index];
      const part: { entries: ObjectEntry[]; openSpreads: CodeValue[] } = { entries: [], openSpreads: [] };
      resolved[index] = part;
      if (child.type === syntax.pair) {
        const keyNode = child.childForFieldName('key');
        const valueNode = child.childForFieldName('value');
        if (keyNode && valueNode && key !== null) part.entries.push({ key, keySpan: spanOf(keyNode), value: this.value(valueNode, depth + 1, visiting) });
      } else if (child.type === syntax.shorthand) {
        part.entries.push({ key: child.text, keySpan: spanOf(child), value: this.identifier(child, depth + 1, visiting) });
      } else {
        const inner = child.namedChild(0);
        const value = inner ? this.value(inner, depth + 1, visiting) : opaque(spanOf(child), child.text);
        if (value.kind === 'object') {
          part.entries.push(...value.entries);
          part.openSpreads.push(...value.openSpreads);
        } else if (value.kind !== 'null') part.openSpreads.push(value);
      }
    }
    return { kind: 'object', span: spanOf(node), entries: resolved.flatMap((part) => part.entries), openSpreads: resolved.flatMap((part) => part.openSpreads) };
  }

  /** A list literal; a spread of a known list is inlined, of an unknown one kept in place as a placeholder. */
  protected listLiteral(node: Node, depth: number, visiting: Set<number>): ArrayValue {
    let open = false;
    const children = node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
    const { items, cut } = resolveList(this.budget, children, (child) => {
      if (child.type !== this.vocabulary.listSpread) return [this.value(child, depth + 1, visiting)];
      const inner = child.namedChild(0);
      const value = inner ? this.value(inner, depth + 1, visiting) : null;
      if (value?.kind === 'array' && this.budget.take(value.items.length)) {
        open ||= value.open;
        return value.items;
      }
      // `[...history, {...}]`: unknown messages, kept in place so they show as a placeholder.
      open = true;
      return [opaque(spanOf(child), inner?.text ?? child.text)];
    });
    return { kind: 'array', span: spanOf(node), items, open: open || cut };
  }
}

/** The expression inside a wrapper: its first named child that is neither a comment nor a type (`<T>x`, `x as T`). */
function firstExpressionChild(node: Node): Node | null {
  return node.namedChildren.find((child) => child && child.type !== 'comment' && !child.type.endsWith('type') && child.type !== 'type_identifier') ?? null;
}

/**
 * The static text of a string node: its fragment children as written (through `fragmentText`) and its escape
 * sequences decoded; `other` reads any further child (an interpolation) or returns null to skip it.
 */
export function stringPieces(node: Node, fragments: ReadonlySet<string>, fragmentText: (text: string) => string = (text) => text, other?: (child: Node) => PromptSegment[] | null): PromptSegment[] {
  const pieces: PromptSegment[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (fragments.has(child.type)) pieces.push({ kind: 'static', text: fragmentText(child.text), span: spanOf(child) });
    else if (child.type === 'escape_sequence') pieces.push({ kind: 'static', text: decodeEscapes(child.text, false), span: spanOf(child) });
    else {
      const extra = other?.(child);
      if (extra) pieces.push(...extra);
    }
  }
  return mergeSegments(pieces);
}

/** A value as part of a concatenated string: a string's segments, else one placeholder named by its source text. */
export function asStringPart(value: CodeValue, sourceText: string): StringValue {
  if (value.kind === 'string') return value;
  if (value.kind === 'call' && value.boundName) return { kind: 'string', span: value.span, segments: [{ kind: 'dynamic', name: value.boundName, raw: value.boundName, span: value.boundSpan ?? value.span, ...joinsOfValue(value) }] };
  return { kind: 'string', span: value.span, segments: [{ kind: 'dynamic', name: sourceText.trim(), raw: sourceText, span: value.span, ...joinsOfValue(value) }] };
}

/** As `asStringPart`, but a call bound to a name shows as its source text. */
function asPlainStringPart(value: CodeValue, sourceText: string): StringValue {
  return value.kind === 'call' ? asStringPart({ ...value, boundName: undefined }, sourceText) : asStringPart(value, sourceText);
}

/**
 * A format template's static text with each conversion `pattern` matches replaced by what `convert` returns (null:
 * not a conversion, kept as text); the text between goes through `literal` (`%%` → `%`).
 */
export function replaceConversions(template: StringValue, pattern: RegExp, convert: (match: RegExpExecArray, span: Span | undefined) => PromptSegment[] | null, literal: (text: string) => string = (text) => text): PromptSegment[] {
  const segments: PromptSegment[] = [];
  for (const segment of template.segments) {
    if (segment.kind !== 'static') {
      segments.push(segment);
      continue;
    }
    const conversions = new RegExp(pattern.source, 'g');
    let last = 0;
    for (let match = conversions.exec(segment.text); match; match = conversions.exec(segment.text)) {
      const replaced = convert(match, segment.span);
      if (!replaced) continue;
      segments.push({ kind: 'static', text: literal(segment.text.slice(last, match.index)), span: segment.span }, ...replaced);
      last = match.index + match[0].length;
    }
    segments.push({ kind: 'static', text: literal(segment.text.slice(last)), span: segment.span });
  }
  return segments;
}

export function firstNamedChild(node: Node): Node | null {
  return node.namedChildren.find((child) => child && child.type !== 'comment') ?? null;
}

/** For vocabularies without wrappers, loops or functions. */
export const NO_TYPES: ReadonlySet<string> = new Set();
