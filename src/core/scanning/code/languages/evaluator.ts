// One evaluator for every language: the binding index built from the query files' captures, candidate calls and their
// call shapes, name and `this`-member resolution, object and list literals, callee paths and receivers. What differs
// between languages is data, each language's node vocabulary (which node types are members, calls, spreads, loops,
// names, constructors) and its query files; the language files keep only their genuine syntax (string forms, call
// arguments, string-building calls, prompt candidates of JavaScript and Python).
import type { Node } from 'web-tree-sitter';
import { joinsOfValue } from '../../joinedLists';
import type { PromptSegment, Span } from '../../../types';
import { decodeEscapes } from '../stringEscapes';
import { captureMap, searchProblems, type AdapterOutput, type AdapterProblem, type CallArguments, type CallShape, type PromptCandidate, type QueryRunner } from '../adapter';
import { BindingIndex, type ScopeRange } from '../bindings';
import { FlowPaths, unknownOnSomePaths } from '../flowPaths';
import type { NodeVocabulary } from '../nodeVocabulary';
import { concatStrings, fallbackValue, mergeSegments, opaque, type ArrayValue, type CodeValue, type ObjectEntry, type ObjectValue, type StringValue } from '../values';
import { NON_GENERATION_CALLEE, calleeNamesFor } from '../sdks';
import { ResolutionBudget } from '../workLimits';
import type { ExternalNames } from '../externalNames';
import { anchorOf, appendedInFinishedLoop, templateFormatAround, applyUpdates, foldPlusChain, hasOnlyMessageKeys, isPromptName, STANDALONE_MESSAGE_ROLES, memberValue, plusChainOperands, priorityOrder, refusedValue, resolveList, rootedResolvers, spanOf, transformStatic, unquoteKey } from './common';
import type { TemplateEngine } from '../../promptFiles/templateText';


/** Functions whose first argument is the text they return changed (`textwrap.dedent`, `inspect.cleandoc`). */
const TEXT_ARGUMENT_FUNCTIONS: ReadonlySet<string> = new Set(['dedent', 'cleandoc']);

/** How each kind of trimming string method changes text (which method names trim is the vocabulary's `stringMethods`). */
const TRIMS = { both: (text: string) => text.trim(), start: (text: string) => text.trimStart(), end: (text: string) => text.trimEnd() } as const;

/** A binding kind a bindings query captures (`@assign`, `@member`, …). */
const BINDING_KINDS = ['import', 'assign', 'augment', 'member', 'parameter', 'append', 'keyset'] as const;

export abstract class Evaluator {
  /** Callee last names some SDK table entry for this family can match (derived from the table). */
  private readonly calleeNames: ReadonlySet<string>;
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
    this.calleeNames = calleeNamesFor(vocabulary.family);
    for (const parts of this.bindingGroups) this.indexBinding(parts);
  }

  output(): AdapterOutput {
    const calls = this.calls();
    const promptCandidates = this.promptCandidates();
    return { calls, promptCandidates, problems: this.problems, importedModules: this.modules, importedNames: this.importedNames(), budget: this.budget };
  }

  /** Local name → module, for the recogniser's module evidence. */
  protected importedNames(): Map<string, string> {
    return new Map([...this.imports].map(([local, entry]) => [local, entry.module]));
  }

  /**
   * Records an `@import` capture: `@module` (quotes dropped), and the name it binds: `@local` (an alias or a default
   * import) for `@imported` (the name in the module; a default import when absent).
   */
  private indexImport(parts: Record<string, Node>): void {
    const module = parts.module?.text.replace(/^["'`]|["'`]$/g, '');
    if (!module) return;
    this.modules.add(module);
    const local = parts.local ?? parts.imported;
    if (local) this.imports.set(local.text, { module, imported: parts.imported?.text ?? 'default' });
  }

  /** A call's arguments, as the language writes them (keywords, spreads, a params struct after the context). */
  protected abstract argumentsOf(call: Node, depth: number, visiting: Set<number>): CallArguments;

  // ---- calls -----------------------------------------------------------------------------------------------------

  private isInteresting(name: string): boolean {
    return this.calleeNames.has(name.toLowerCase());
  }

  /** Call shapes of the calls whose callee some SDK table entry can match, by its last name, an import or an alias. */
  protected calls(): CallShape[] {
    const shapes: CallShape[] = [];
    const { names, taggedTemplate } = this.vocabulary;
    for (const parts of this.callGroups) {
      const call = parts.call;
      const callee = parts.callee ?? this.calleeOf(call);
      if (!callee) continue;
      // The last name alone decides, before the path (up to 64 nodes) is walked: a builder chain has a call per step.
      const last = this.lastNameOf(callee);
      const isName = names.has(callee.type) && !this.vocabulary.members[callee.type];
      let path: string[] | null = null;
      if (isName) {
        // `const create = client.chat.completions.create; create(…)`, `import { generateText as gen } from 'ai'; gen(…)`.
        const importedAs = this.imports.get(callee.text)?.imported.split('.').pop();
        const alias = this.aliasPath(callee);
        if (alias) path = alias;
        else if (this.isInteresting(last) || (importedAs !== undefined && this.isInteresting(importedAs))) path = [callee.text];
      } else if (this.isInteresting(last)) path = this.pathOf(callee);
      else path = this.inheritedCallPath(callee);
      if (!path) continue;
      // Tagged templates are strings, not calls (checked after the name: most calls fail that cheaper test).
      if (taggedTemplate && call.childForFieldName('arguments')?.type === taggedTemplate) continue;
      shapes.push(this.callShape(call, callee, path));
    }
    return shapes;
  }

  /** A callee path that names an SDK call through the class the code is in (Python `super().__init__(…)`); none by default. */
  protected inheritedCallPath(_callee: Node): string[] | null {
    return null;
  }

  private calleeOf(call: Node): Node | null {
    const field = this.vocabulary.calleeField;
    return field ? call.childForFieldName(field) : call;
  }

  /** The last name of a callee's path (`create` for `client.chat.completions.create`), read without walking the path. */
  private lastNameOf(callee: Node): string {
    const member = this.vocabulary.members[callee.type];
    if (member) return callee.childForFieldName(member[1])?.text ?? '';
    const path = this.pathOf(callee);
    return path[path.length - 1] ?? '';
  }

  /** Where the call's anchor ends: the callee, or for a method call that is its own callee (chained builders) the method name. */
  private calleeEnd(callee: Node): number {
    const member = this.vocabulary.memberCalls?.has(callee.type) ? this.vocabulary.members[callee.type] : undefined;
    return (member && callee.childForFieldName(member[1])?.endIndex) ?? callee.endIndex;
  }

  /** `create = client.chat.completions.create` (or `….create.bind(…)`) then `create(…)`: the aliased member's path. */
  private aliasPath(callee: Node): string[] | null {
    const resolved = this.bindings.lookup(callee.text, callee.startIndex);
    let target: Node | null = resolved?.primary.kind === 'assign' ? resolved.primary.value : null;
    for (let guard = 0; target && this.vocabulary.wrappers.has(target.type) && guard < 16; guard++) target = firstNamedChild(target);
    const chain = target ? this.vocabulary.chainCalls?.[target.type] : undefined;
    if (target && chain) {
      const fn = target.childForFieldName(chain.callee);
      const member = fn ? this.vocabulary.members[fn.type] : undefined;
      if (fn && member && fn.childForFieldName(member[1])?.text === 'bind') target = fn.childForFieldName(member[0]);
    }
    if (!target || !this.vocabulary.members[target.type] || this.vocabulary.memberCalls?.has(target.type)) return null;
    const path = this.pathOf(target);
    const last = path[path.length - 1];
    return last && this.isInteresting(last) ? path : null;
  }

  private callShape(call: Node, callee: Node, rawPath: string[]): CallShape {
    let path = rawPath;
    let rootModule: string | null = null;
    const rootImport = this.imports.get(path[0]);
    if (rootImport) {
      rootModule = rootImport.module;
      // `import { generateText as gen } from 'ai'`, `from litellm import completion as llm`: the imported name identifies the API.
      if (path.length === 1 && rootImport.imported !== 'default') path = [rootImport.imported.split('.').pop() ?? rootImport.imported];
    }
    const { constructorCalls, capitalizedConstructors, optionsInFirstArgument } = this.vocabulary;
    return {
      span: spanOf(call),
      anchor: anchorOf(this.text, call.startIndex, this.calleeEnd(callee)),
      path,
      constructorCall: Boolean(constructorCalls?.has(call.type) || (capitalizedConstructors && /^[A-Z]/.test(path[path.length - 1] ?? ''))),
      optionsInFirstArgument,
      rootModule,
      ...rootedResolvers(
        this.budget,
        call,
        () => this.argumentsOf(call, 0, new Set()),
        () => {
          const receiver = this.receiverOf(callee);
          return receiver ? this.value(receiver, 0, new Set()) : null;
        },
        () => this.pathRootValue(callee),
      ),
    };
  }

  // ---- stand-alone prompts -----------------------------------------------------------------------------------------

  /** Stand-alone prompts: strings bound to prompt-ish names (JavaScript and Python also read messages and templates). */
  protected promptCandidates(): PromptCandidate[] {
    const candidates: PromptCandidate[] = [];
    for (const parts of this.bindingGroups) {
      if (!(parts.assign || parts.member) || !parts.name || !parts.value) continue;
      const name = this.bindingName(parts.name).replace(/^@+/, '');
      if (!isPromptName(name)) continue;
      const { value, cuts } = this.budget.root(parts.value.startIndex, () => this.value(parts.value, 0, new Set()));
      if (value.kind !== 'string') continue;
      candidates.push({ span: value.span, value, context: 'named', name, role: null, ...(cuts.size ? { partial: { rootKey: parts.value.startIndex, cuts } } : {}) });
    }
    return candidates;
  }

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
      // Only a literal-like right side or a call gives a reader default; anything else is left unresolved without walking the left.
      const isCall = this.vocabulary.values.calls?.has(rightNode.type) ?? false;
      if (!this.vocabulary.values.literalLike?.has(rightNode.type) && !isCall) return null;
      const right = this.value(rightNode, depth + 1, visiting);
      if (right.kind === 'string') return fallbackValue(spanOf(node), node.text, this.value(leftNode, depth + 1, visiting), right);
      // `model ?? getEnv('M', DEFAULT)`: that read's default; `config ?? loadConfig()`: the returned object's fields.
      if (right.kind === 'opaque' && right.defaultValue?.kind === 'string') return opaque(spanOf(node), node.text, right.origin === 'environment' ? 'environment' : 'unknown', { defaultValue: right.defaultValue, defaultKind: right.defaultKind ?? 'fallback' });
      if (right.kind === 'object' && isCall) return opaque(spanOf(node), node.text, 'unknown', { defaultValue: right, defaultKind: 'fallback' });
      return null;
    }
    const arithmetic = spec.arithmetic.get(operator);
    if (!arithmetic && !(operator === '%' && this.percentFormat)) return null;
    const left = this.value(leftNode, depth + 1, visiting);
    if (operator === '%' && left.kind === 'string' && this.percentFormat) return this.percentFormat(left, rightNode, depth, visiting, spanOf(node));
    const right = this.value(rightNode, depth + 1, visiting);
    return arithmetic && left.kind === 'number' && right.kind === 'number' ? { kind: 'number', span: spanOf(node), value: arithmetic(left.value, right.value) } : null;
  }

  /** A call expression as a value (a factory, a config lookup, a string method), for the vocabulary's `calls`. */
  protected callValue?(node: Node, depth: number, visiting: Set<number>): CodeValue;
  /** A member read the language knows before the general rules (Python `settings.X`); null: none. */
  protected knownMember?(node: Node, span: Span, text: string): CodeValue | null;

  /**
   * `a.b` / `a['b']` / `a[0]` as a value, read as the vocabulary's `memberReads` says: an environment read, the
   * enclosing class's member (`this.x`, `self.x`), a literal's entry or item, or the workspace index's answer.
   */
  protected memberValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const reads = this.vocabulary.values.memberReads;
    const span = spanOf(node);
    const text = node.text;
    if (!reads) return opaque(span, text);
    if (reads.environment.test(text)) return opaque(span, text, 'environment');
    const known = this.knownMember?.(node, span, text);
    if (known) return known;
    const member = this.vocabulary.members[node.type];
    let object: Node | null = null;
    let key: string | null = null;
    if (member) {
      object = node.childForFieldName(member[0]);
      key = node.childForFieldName(member[1])?.text ?? null;
    } else if (reads.subscript && node.type === reads.subscript.type) {
      object = node.childForFieldName(reads.subscript.object);
      const index = node.childForFieldName(reads.subscript.index);
      if (index && reads.subscript.keyTypes.has(index.type)) key = unquoteKey(index.text);
      else if (index && object && reads.subscript.indexTypes?.has(index.type)) {
        const base = this.value(object, depth + 1, visiting);
        const item = base.kind === 'array' ? base.items[Number(index.text)] : undefined;
        return item ?? opaque(span, text);
      }
    }
    if (!object || key === null) return opaque(span, text);
    const self = reads.self.types?.has(object.type) || (this.vocabulary.values.identifiers.has(object.type) && reads.self.names?.has(object.text));
    return self ? this.classMember(node, key, depth, visiting) : this.keyOf(node, object, key, depth, visiting);
  }

  /** Text read from a file: its literal path, and the file's text when the workspace index has it. */
  /** `s.trim()`, `s.strip()` and their one-sided forms, as the family's `stringMethods` name them; null for any other method. */
  protected trimmedString(base: StringValue, method: string): StringValue | null {
    const edges = this.vocabulary.stringMethods?.get(method);
    return edges ? transformStatic(base, TRIMS[edges], edges) : null;
  }

  protected fileRead(span: Span, text: string, literal: string | null, engine?: TemplateEngine | 'langchain-serialized'): CodeValue {
    if (!literal) return opaque(span, text, 'file', engine ? { engine } : {});
    const linkedText = this.external?.promptFile(literal) ?? undefined;
    return opaque(span, text, 'file', { linkedFile: literal, ...(linkedText ? { linkedText } : {}), ...(engine ? { engine } : {}) });
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
    if (values.memberAccess?.has(type)) return this.memberValue(node, depth, visiting);
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
    // A Ruby symbol key (`params[:max_tokens]`) names the same entry as `max_tokens:` in the hash literal.
    else if (kind === 'keyset') this.bindings.add({ name, kind, start, value, key: parts.key?.text.replace(/^:/, '') });
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
    // `(config or LLMConfig()).model`: unknown, with the default instance's field as the reader's default.
    if (base.kind === 'opaque' && base.defaultValue?.kind === 'object') {
      const entry = [...base.defaultValue.entries].reverse().find((candidate) => candidate.key === key);
      if (entry?.value.kind === 'string') return opaque(span, node.text, 'unknown', { definition: base.definition ?? base.text, defaultValue: entry.value, defaultKind: base.defaultKind ?? 'fallback' });
    }
    // `settings.model`, `constants.MODEL`, `Tier.Best` on a name the file does not bind: the workspace index.
    const root = /^[\w$]+/.exec(object.text)?.[0];
    if (this.external && root && ((base.kind === 'opaque' && !this.bindings.lookup(root, object.startIndex)) || this.boundToModule(root, object.startIndex))) return this.external.member(object.text, key, span, node.text) ?? opaque(span, node.text);
    return opaque(span, node.text);
  }

  /** `const prompts = require('../lib/prompts')`: a name bound to a module, which the index reads as a namespace import. */
  private boundToModule(name: string, at: number): boolean {
    const value = this.bindings.lookup(name, at)?.primary.value;
    return value !== null && value !== undefined && /^require\s*\(\s*['"][^'"]+['"]\s*\)$/.test(value.text);
  }

  /**
   * A call of a function the workspace defines, as its returned value (a prompt builder's template, a config
   * literal): only when the callee's root is no name the file binds (an import, a same-file function, `self`).
   */
  protected workspaceCall(node: Node, path: readonly string[], positional: readonly CodeValue[], named: readonly ObjectEntry[], ownClass?: string): CodeValue | null {
    if (!this.external || path.length === 0 || path.includes('?')) return null;
    const self = path[0] === 'self' || path[0] === 'this';
    // A name the file binds is a local value, unless it is bound to a function (`const build = (x) => …`).
    const bound = self || this.boundToModule(path[0], node.startIndex) ? null : this.bindings.lookup(path[0], node.startIndex);
    if (self ? !ownClass || path.length !== 2 : bound && !(path.length === 1 && bound.primary.value && this.vocabulary.functions.has(bound.primary.value.type))) return null;
    return this.external.call(path, positional, named, spanOf(node), node.text, ownClass);
  }

  // ---- prompt candidates ---------------------------------------------------------------------------------------

  /**
   * A prompt candidate from an expression the language's `prompts` vocabulary accepts (a string, a concatenation, a
   * string-building call), when it resolves to text and is not an argument of a non-generation call.
   */
  protected collectCandidate(node: Node, context: PromptCandidate['context'], name: string | null, role: string | null, out: PromptCandidate[]): void {
    const spec = this.vocabulary.prompts;
    const inner = this.unwrapped(node);
    if (!spec || !inner || !spec.values.has(inner.type)) return;
    if (inner.type === spec.call && spec.stringCalls) {
      const fn = inner.childForFieldName('function');
      const member = fn ? this.vocabulary.members[fn.type] : undefined;
      const last = member ? fn?.childForFieldName(member[1])?.text : fn?.text;
      if (!last || !spec.stringCalls.has(last)) return;
    }
    if (this.insideNonGenerationCall(inner)) return;
    const { value, cuts } = this.budget.root(inner.startIndex, () => this.value(inner, 0, new Set()));
    if (value.kind !== 'string') return;
    const candidate: PromptCandidate = { span: spanOf(this.literalOf(inner)), value, context, name, role };
    if (cuts.size) candidate.partial = { rootKey: inner.startIndex, cuts };
    if (context === 'template') candidate.templateFormat = templateFormatAround(inner, [...(this.vocabulary.values.calls ?? [])]);
    out.push(candidate);
  }

  /** The node inside the vocabulary's wrappers (parentheses, `await`, type assertions). */
  protected unwrapped(node: Node | null): Node | null {
    let current = node;
    for (let guard = 0; current && this.vocabulary.wrappers.has(current.type) && guard < 16; guard++) current = firstNamedChild(current);
    return current;
  }

  /**
   * The literal inside string-building wrappers (`x.trim()`, `"…".format(…)`, `dedent(x)`), followed through names
   * bound once (`TEMPLATE.format(…)` → the literal assigned to `TEMPLATE`), so one literal is one site; a tagged
   * template starts at its tag.
   */
  private literalOf(node: Node): Node {
    const spec = this.vocabulary.prompts!;
    let current = node;
    for (let guard = 0; guard < 8; guard++) {
      if (this.vocabulary.wrappers.has(current.type)) {
        const inner = firstNamedChild(current);
        if (!inner) break;
        current = inner;
        continue;
      }
      if (this.vocabulary.values.identifiers.has(current.type)) {
        const bound = this.assignedValue(current);
        const literal = bound ? this.unwrapped(bound) : null;
        if (!literal || !spec.values.has(literal.type)) break;
        current = literal;
        continue;
      }
      if (current.type !== spec.call) break;
      const args = current.childForFieldName('arguments');
      if (this.vocabulary.taggedTemplate && args?.type === this.vocabulary.taggedTemplate) return current;
      const fn = current.childForFieldName('function');
      const member = fn ? this.vocabulary.members[fn.type] : undefined;
      // `x.trim()` reads its object; `dedent(x)`, `textwrap.dedent(x)` their argument.
      const wrapsArgument = !fn || !member || TEXT_ARGUMENT_FUNCTIONS.has(fn.childForFieldName(member[1])?.text ?? '');
      const next = wrapsArgument ? args?.namedChild(0) : fn.childForFieldName(member[0]);
      if (!next) break;
      current = next;
    }
    return current;
  }

  /** The value node a plain name was last assigned before its use, when it is an assignment never updated. */
  protected assignedValue(identifier: Node): Node | null {
    const resolved = this.bindings.lookup(identifier.text, identifier.startIndex);
    return resolved?.primary.kind === 'assign' && resolved.updates.length === 0 ? resolved.primary.value : null;
  }

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

  /** The text of a `{ role, content }` literal outside any recognised call, when it has only message keys and a chat role. */
  protected collectMessage(container: Node, valueNode: Node, out: PromptCandidate[]): void {
    const { keys, role } = this.messageKeys(container);
    if (role && STANDALONE_MESSAGE_ROLES.includes(role) && hasOnlyMessageKeys(keys)) this.collectCandidate(valueNode, 'message', null, role, out);
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

/** `printf`-style formats (`fmt.Sprintf`, `String.format`): each verb becomes its argument, in order. */
export function printfString(template: StringValue, args: CodeValue[], argTexts: string[], span: Span): StringValue {
  let argIndex = 0;
  const segments = replaceConversions(template, /%(\[\d+\])?[-#0 +]*\d*(\.\d+)?[sdvqfgexXtTbocpn%]/, (match, segmentSpan) => {
    if (match[0] === '%%') return [{ kind: 'static', text: '%', span: segmentSpan }];
    if (match[0] === '%n') return [{ kind: 'static', text: '\n', span: segmentSpan }];
    const value = args[argIndex];
    const text = argTexts[argIndex] ?? match[0];
    argIndex++;
    return asStringPart(value ?? opaque(segmentSpan ?? span, text), text).segments;
  });
  return concatStrings([{ kind: 'string', span, segments }], span);
}

export function firstNamedChild(node: Node): Node | null {
  return node.namedChildren.find((child) => child && child.type !== 'comment') ?? null;
}
