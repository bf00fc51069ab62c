// Python: turns the syntax tree into call shapes and resolved values.
import type { Node } from 'web-tree-sitter';
import { joinsOfValue } from '../../joinedLists';
import type { PromptSegment, Span } from '../../../types';
import { type AdapterOutput, type CallArguments, type CallShape, type PromptCandidate, type QueryRunner, type CreateAdapter } from '../adapter';
import { decodeEscapes, dedentText, formatFieldName, splitFormatTemplate } from '../stringEscapes';
import { concatStrings, conditionalValue, fallbackValue, mergeSegments, opaque, type CodeValue, type ObjectEntry, type StringValue } from '../values';
import { calleeNamesFor } from '../sdks';
import { ResolutionBudget } from '../workLimits';
import { Evaluator, replaceConversions, type NodeVocabulary } from './evaluator';
import type { BranchConstruct, FlowVocabulary } from '../flowPaths';
import { anchorOf, hasOnlyMessageKeys, isPromptName, isTemplateFactory, joinStrings, looksLikeFileRead, priorityOrder, resolveSubstitution, rootedResolvers, spanOf, templateFormatAround, transformStatic, unquoteKey } from './common';

const PY_LOOPS: ReadonlySet<string> = new Set(['for_statement', 'while_statement']);
const PY_FUNCTIONS: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'module']);
/** if / elif / else, match cases, except handlers and loops; return and raise end a path. */
export const PY_FLOW: FlowVocabulary = {
  constructs: new Map<string, BranchConstruct>([
    ['if_statement', { bodyFields: ['consequence'], bodyTypes: ['elif_clause', 'else_clause'], completeWith: { types: ['else_clause'] } }],
    ['match_statement', { bodiesIn: 'body', bodyTypes: ['case_clause'] }],
    ['try_statement', { bodyTypes: ['except_clause', 'except_group_clause', 'else_clause'], completeWith: { types: ['else_clause'] }, completeWhenEnds: 'body' }],
    ['for_statement', { bodyFields: ['body'], bodyTypes: ['else_clause'] }],
    ['while_statement', { bodyFields: ['body'], bodyTypes: ['else_clause'] }],
  ]),
  sequences: new Set(['block', 'expression_statement']),
  exits: new Set(['return_statement', 'raise_statement']),
  exitCalls: { types: new Set(['call']), callee: /^(sys\.exit|exit|quit|os\._exit)$/ },
};
/** Callee last names some SDK table entry for this family can match (derived from the table). */
const isInteresting = (name: string): boolean => calleeNamesFor('python').has(name.toLowerCase());

/** The node vocabulary the shared evaluator reads for Python. */
const PY_VOCABULARY: NodeVocabulary = {
  family: 'python',
  members: { attribute: ['object', 'attribute'] },
  chainCalls: { call: { callee: 'function', memberOnly: true } },
  wrappers: new Set(['parenthesized_expression', 'await']),
  names: new Set(['identifier']),
  unknownRoot: true,
  object: { pair: 'pair', spread: 'dictionary_splat', key: (keyNode) => (keyNode.type === 'string' ? unquoteKey(keyNode.text) : null) },
  listSpread: 'list_splat',
  loops: PY_LOOPS,
  functions: PY_FUNCTIONS,
  nullNames: new Set(['None']),
  flow: PY_FLOW,
  values: {
    wrappers: new Set(['parenthesized_expression', 'await']),
    numbers: new Set(['integer', 'float']),
    numberSuffix: /[jJlL]$/,
    nulls: new Set(['none']),
    identifiers: new Set(['identifier']),
    objects: new Set(['dictionary']),
    lists: new Set(['list', 'tuple']),
    binary: { type: 'binary_operator', arithmetic: { '*': (a, b) => a * b, '-': (a, b) => a - b, '//': (a, b) => Math.floor(a / b) }, plusArrays: true },
    negation: 'unary_operator',
    calls: new Set(['call']),
    memberAccess: new Set(['attribute', 'subscript']),
  },
};

export class PythonAdapter extends Evaluator {

  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget: ResolutionBudget = new ResolutionBudget()) {
    super(root, text, queries, PY_VOCABULARY, patterns, budget);
  }

  protected indexImport(parts: Record<string, Node>): void {
    const module = parts.module?.text;
    if (!module) return;
    this.modules.add(module);
    const imported = parts.imported?.text ?? null;
    const local = parts.local?.text ?? imported ?? module.split('.')[0];
    this.imports.set(local, { module, imported: imported ?? module });
  }

  output(): AdapterOutput {
    const calls = this.calls();
    const promptCandidates = this.promptCandidates();
    return { calls, promptCandidates, problems: this.problems, importedModules: this.modules, importedNames: this.importedNames(), budget: this.budget };
  }

  // ---- calls -------------------------------------------------------------------------------------------

  private calls(): CallShape[] {
    const shapes: CallShape[] = [];
    for (const { callee, call } of this.callGroups) {
      if (!callee || !call) continue;
      const last = callee.type === 'identifier' ? callee.text : callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : null;
      let path: string[] | null = null;
      if (last && isInteresting(last)) path = callee.type === 'identifier' ? [callee.text] : this.pathOf(callee);
      else if (callee.type === 'identifier') path = this.importAliasPath(callee) ?? this.aliasPath(callee);
      else if (last === '__init__') path = this.superConstructorPath(callee);
      if (!path) continue;
      shapes.push(this.callShape(call, callee, path));
    }
    return shapes;
  }

  /** `class PlannerLLM(OpenAI): … super().__init__(model=…)`: the base class's constructor, called with these arguments. */
  private superConstructorPath(callee: Node): string[] | null {
    const object = callee.childForFieldName('object');
    if (object?.type !== 'call' || object.childForFieldName('function')?.text !== 'super') return null;
    let scope: Node | null = callee.parent;
    while (scope && scope.type !== 'class_definition') scope = scope.parent;
    const base = scope?.childForFieldName('superclasses')?.namedChildren.find((child) => child?.type === 'identifier' || child?.type === 'attribute');
    if (!base) return null;
    const path = this.pathOf(base);
    return isInteresting(path[path.length - 1] ?? '') ? path : null;
  }

  /** `from litellm import completion as llm` then `llm(...)`: `callShape` maps the name back to what it imports. */
  private importAliasPath(callee: Node): string[] | null {
    const imported = this.imports.get(callee.text);
    return imported && isInteresting(imported.imported.split('.').pop() ?? '') ? [callee.text] : null;
  }

  /** `create = client.chat.completions.create` then `create(...)`. */
  private aliasPath(callee: Node): string[] | null {
    const resolved = this.bindings.lookup(callee.text, callee.startIndex);
    const value = resolved?.primary.kind === 'assign' ? resolved.primary.value : null;
    if (value?.type !== 'attribute') return null;
    const path = this.pathOf(value);
    return isInteresting(path[path.length - 1] ?? '') ? path : null;
  }

  private callShape(call: Node, callee: Node, rawPath: string[]): CallShape {
    let path = rawPath;
    let rootModule: string | null = null;
    const rootImport = this.imports.get(path[0]);
    if (rootImport) {
      rootModule = rootImport.module;
      if (path.length === 1) path = [rootImport.imported.split('.').pop() ?? rootImport.imported];
    }
    const argsNode = call.childForFieldName('arguments');
    return {
      span: spanOf(call),
      anchor: anchorOf(this.text, call.startIndex, callee.endIndex),
      path,
      constructorCall: /^[A-Z]/.test(path[path.length - 1] ?? ''),
      optionsInFirstArgument: false,
      rootModule,
      ...rootedResolvers(
        this.budget,
        call,
        () => this.argumentsOf(argsNode, 0, new Set()),
        () => {
          const object = callee.type === 'attribute' ? callee.childForFieldName('object') : null;
          return object ? this.value(object, 0, new Set()) : null;
        },
          () => this.pathRootValue(callee),
        ),
    };
  }

  private argumentsOf(argsNode: Node | null, depth: number, visiting: Set<number>): CallArguments {
    const positional: CodeValue[] = [];
    const named: ObjectEntry[] = [];
    const openSpreads: CodeValue[] = [];
    if (!argsNode) return { positional, named, openSpreads };
    const children = argsNode.namedChildren.slice(0, 64).filter((child): child is Node => child !== null && child.type !== 'comment');
    const keys = children.map((child) => (child.type === 'keyword_argument' ? (child.childForFieldName('name')?.text ?? null) : null));
    // Model and cap keywords first, so a work limit cuts the messages rather than them; kept in source order.
    const resolved: CallArguments[] = new Array(children.length);
    for (const index of priorityOrder(keys)) {
      const child = children[index];
      const part: CallArguments = { positional: [], named: [], openSpreads: [] };
      resolved[index] = part;
      if (child.type === 'keyword_argument') {
        const nameNode = child.childForFieldName('name');
        const valueNode = child.childForFieldName('value');
        if (nameNode && valueNode) part.named.push({ key: nameNode.text, keySpan: spanOf(nameNode), value: this.value(valueNode, depth + 1, visiting) });
      } else if (child.type === 'dictionary_splat') {
        const inner = child.namedChild(0);
        const value = inner ? this.value(inner, depth + 1, visiting) : opaque(spanOf(child), child.text);
        if (value.kind === 'object') {
          part.named.push(...value.entries);
          part.openSpreads.push(...value.openSpreads);
        } else part.openSpreads.push(value);
      } else if (child.type === 'list_splat') {
        const inner = child.namedChild(0);
        const value = inner ? this.value(inner, depth + 1, visiting) : null;
        if (value?.kind === 'array' && !value.open) part.positional.push(...value.items);
        else part.openSpreads.push(value ?? opaque(spanOf(child), child.text));
      } else {
        part.positional.push(this.value(child, depth + 1, visiting));
      }
    }
    for (const part of resolved) {
      positional.push(...part.positional);
      named.push(...part.named);
      openSpreads.push(...part.openSpreads);
    }
    return { positional, named, openSpreads };
  }

  // ---- values ------------------------------------------------------------------------------------------

  protected syntaxValue(node: Node, depth: number, visiting: Set<number>): CodeValue | null {
    const span = spanOf(node);
    switch (node.type) {
      case 'string':
        return this.stringLiteral(node, depth, visiting);
      case 'concatenated_string': {
        const parts = node.namedChildren.filter((child): child is Node => child?.type === 'string').map((child) => this.stringLiteral(child, depth, visiting));
        return concatStrings(parts, span);
      }
      case 'boolean_operator': {
        const leftNode = node.childForFieldName('left');
        const rightNode = node.childForFieldName('right');
        if (!leftNode || !rightNode || node.childForFieldName('operator')?.text !== 'or') return null;
        // Only a literal-like right side gives a reader default; anything else is left unresolved without walking the left.
        if (!PY_NAME_OR_LITERAL.has(rightNode.type)) return null;
        const right = this.value(rightNode, depth + 1, visiting);
        if (right.kind !== 'string') return null;
        return fallbackValue(span, node.text, this.value(leftNode, depth + 1, visiting), right);
      }
      case 'conditional_expression': {
        // `a if condition else b`: children are the consequence, the condition, the alternative. Only names and
        // literals can be two models; other branches (`resp.choices[0]…`) are not walked.
        const parts = node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
        if (parts.length !== 3 || !PY_NAME_OR_LITERAL.has(parts[0].type) || !PY_NAME_OR_LITERAL.has(parts[2].type)) return null;
        return conditionalValue(span, node.text, this.value(parts[0], depth + 1, visiting), this.value(parts[2], depth + 1, visiting));
      }
      default:
        return null;
    }
  }

  private stringLiteral(node: Node, depth: number, visiting: Set<number>): StringValue {
    const startNode = node.namedChildren.find((child) => child?.type === 'string_start');
    const prefix = (startNode?.text ?? '').replace(/["']/g, '').toLowerCase();
    const raw = prefix.includes('r');
    const formatted = prefix.includes('f');
    const pieces: PromptSegment[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'string_content') {
        let text = raw ? child.text : decodeEscapes(child.text, true);
        if (formatted) text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        pieces.push({ kind: 'static', text: text.replace(/\r\n?/g, '\n'), span: spanOf(child) });
      } else if (child.type === 'interpolation') {
        const expression = child.childForFieldName('expression');
        const resolved = expression && !child.childForFieldName('format_specifier') && !child.childForFieldName('type_conversion') ? resolveSubstitution(this.budget, () => this.value(expression, depth + 1, visiting)) : null;
        if (resolved?.kind === 'string') pieces.push(...resolved.segments);
        else pieces.push({ kind: 'dynamic', name: expression ? expression.text.trim() : formatFieldName(child.text.slice(1, -1)), raw: child.text, span: spanOf(child), ...joinsOfValue(resolved) });
      }
    }
    return { kind: 'string', span: spanOf(node), segments: mergeSegments(pieces) };
  }


  /** `"Hello %s, you are %(role)s" % (name, …)`: each conversion becomes a placeholder named by its argument. */
  protected percentFormat(template: StringValue, argsNode: Node, depth: number, visiting: Set<number>, span: Span): StringValue {
    const argNodes = argsNode.type === 'tuple' ? argsNode.namedChildren.filter((child): child is Node => Boolean(child)) : [argsNode];
    let argIndex = 0;
    const segments = replaceConversions(template, /%(\(([^)]*)\))?[-#0 +]*\d*(\.\d+)?[sdifrxXeEgGc%]/, (match, segmentSpan) => {
      if (match[0] === '%%') return null;
      const name = match[2] ?? argNodes[argIndex++]?.text ?? match[0];
      const argument = match[2] === undefined ? argNodes[argIndex - 1] : undefined;
      const resolved = argument ? this.value(argument, depth + 1, visiting) : null;
      return resolved?.kind === 'string' ? resolved.segments : [{ kind: 'dynamic', name, raw: match[0], span: segmentSpan }];
    }, (text) => text.replace(/%%/g, '%'));
    return { kind: 'string', span, segments: mergeSegments(segments) };
  }

  protected memberValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const text = node.text;
    if (/^os\.(environ|getenv)\b|^environ\b/.test(text)) return opaque(span, text, 'environment');
    // `settings.X` (Django, pydantic): unknown, unless the workspace index finds the imported settings object's field.
    if (/^settings\./.test(text)) {
      const dot = text.lastIndexOf('.');
      const outside = /^[\w.]+$/.test(text) && !this.bindings.lookup('settings', node.startIndex) ? this.external?.member(text.slice(0, dot), text.slice(dot + 1), span, text) : null;
      return outside ?? opaque(span, text, 'unknown');
    }
    const object = node.type === 'attribute' ? node.childForFieldName('object') : node.childForFieldName('value');
    let key: string | null = null;
    if (node.type === 'attribute') key = node.childForFieldName('attribute')?.text ?? null;
    else {
      const subscript = node.childForFieldName('subscript');
      if (subscript?.type === 'string') key = unquoteKey(subscript.text);
      else if (subscript?.type === 'integer' && object) {
        const base = this.value(object, depth + 1, visiting);
        const index = Number(subscript.text);
        if (base.kind === 'array' && base.items[index]) return base.items[index];
        return opaque(span, text);
      }
    }
    if (!object || key === null) return opaque(span, text);
    const self = object.type === 'identifier' && (object.text === 'self' || object.text === 'cls');
    return self ? this.classMember(node, key, depth, visiting) : this.keyOf(node, object, key, depth, visiting);
  }

  protected callValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const fn = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fn) return opaque(span, node.text);
    const path = this.pathOf(fn);
    const method = path[path.length - 1] ?? '';
    const objectNode = fn.type === 'attribute' ? fn.childForFieldName('object') : null;

    if (objectNode && (method === 'format' || method === 'strip' || method === 'lstrip' || method === 'rstrip' || method === 'join' || method === 'read' || method === 'format_map')) {
      const base = this.value(objectNode, depth + 1, visiting);
      if (base.kind === 'string') {
        if (method === 'format' || method === 'format_map') return this.formatCall(base, argsNode, depth, visiting, span);
        if (method === 'strip') return transformStatic(base, (t) => t.trim(), 'both');
        if (method === 'lstrip') return transformStatic(base, (t) => t.trimStart(), 'start');
        if (method === 'rstrip') return transformStatic(base, (t) => t.trimEnd(), 'end');
        if (method === 'join') {
          const items = argsNode?.namedChild(0);
          const list = items ? this.value(items, depth + 1, visiting) : null;
          if (list?.kind === 'array') return joinStrings(list, base, span);
        }
      }
      // `open("prompts/x.md").read()`, `f.read()` with `with open(...) as f`.
      if (base.kind === 'opaque' && base.origin === 'file') return { ...base, span, text: node.text };
    }
    if ((method === 'dedent' || method === 'cleandoc') && argsNode?.namedChild(0)) {
      const inner = this.value(argsNode.namedChild(0)!, depth + 1, visiting);
      if (inner.kind === 'string') return transformStatic(inner, method === 'dedent' ? dedentText : (t) => dedentText(t).trim());
    }
    if (looksLikeFileRead(path, 'python')) {
      const literal = this.literalPath(objectNode && method === 'read_text' ? objectNode : argsNode?.namedChild(0) ?? null, depth, visiting);
      return this.fileRead(span, node.text, literal);
    }
    if (method === 'dict' && path.length === 1) {
      const args = this.argumentsOf(argsNode, depth, visiting);
      const first = args.positional[0];
      const entries = first?.kind === 'object' ? [...first.entries, ...args.named] : args.named;
      return { kind: 'object', span, entries, openSpreads: args.openSpreads };
    }
    if (method === 'str' && path.length === 1 && argsNode?.namedChild(0)) {
      const inner = this.value(argsNode.namedChild(0)!, depth + 1, visiting);
      if (inner.kind === 'string') return inner;
    }
    if ((method === 'getenv' || (method === 'get' && /environ/.test(fn.text)))) {
      // `os.getenv("MODEL", "gpt-4o")`, `os.environ.get("MODEL", default="gpt-4o")`: the literal default is the reader's value.
      const envArgs = this.argumentsOf(argsNode, depth, visiting);
      const fallback = envArgs.positional[1] ?? envArgs.named.find((entry) => entry.key === 'default')?.value;
      return opaque(span, node.text, 'environment', fallback?.kind === 'string' ? { defaultValue: fallback, defaultKind: 'env-default' } : {});
    }
    const args = this.argumentsOf(argsNode, depth, visiting);
    let receiver: CodeValue | null = null;
    if (objectNode && (objectNode.type === 'identifier' || objectNode.type === 'call')) receiver = this.value(objectNode, depth + 1, visiting);
    const rootImport = this.imports.get(path[0]);
    const resolvedPath = rootImport && path.length === 1 ? [rootImport.imported.split('.').pop() ?? path[0]] : path;
    return { kind: 'call', span, path: resolvedPath, text: node.text, positional: args.positional.slice(0, 8), named: args.named, openSpreads: args.openSpreads, receiver };
  }

  /** `"…{name}…".format(name=x)`: template fields become placeholders, or the text of resolved string arguments. */
  private formatCall(template: StringValue, argsNode: Node | null, depth: number, visiting: Set<number>, span: { start: number; end: number }): StringValue {
    const args = this.argumentsOf(argsNode, depth, visiting);
    const segments: PromptSegment[] = [];
    let autoIndex = 0;
    for (const segment of template.segments) {
      if (segment.kind !== 'static') {
        segments.push(segment);
        continue;
      }
      const exact = Boolean(segment.span && segment.span.end - segment.span.start === segment.text.length);
      for (const piece of splitFormatTemplate(segment.text, segment.span, exact)) {
        if (piece.kind === 'static') {
          segments.push(piece);
          continue;
        }
        const argument = piece.name === '' ? args.positional[autoIndex++] : /^\d+$/.test(piece.name) ? args.positional[Number(piece.name)] : args.named.find((entry) => entry.key === piece.name)?.value;
        // A field filled with a same-file string constant is text; anything else stays a placeholder.
        if (argument?.kind === 'string') segments.push(...argument.segments);
        else segments.push(piece.name === '' || /^\d+$/.test(piece.name) ? { ...piece, name: argument?.kind === 'opaque' ? argument.text : piece.name } : piece);
      }
    }
    return { kind: 'string', span, segments: mergeSegments(segments) };
  }

  private literalPath(node: Node | null, depth: number, visiting: Set<number>): string | null {
    if (!node) return null;
    const value = this.value(node, depth + 1, visiting);
    const text = (v: CodeValue): string | null => (v.kind === 'string' && v.segments.every((segment) => segment.kind === 'static') ? v.segments.map((segment) => (segment as { text: string }).text).join('') : null);
    const direct = text(value);
    if (direct !== null) return direct;
    // Path("prompts/x.md"), os.path.join(BASE, "prompts", "x.md"), Path(__file__).parent / "x.md"
    if (value.kind === 'call') {
      const parts = value.positional.map(text).filter((part): part is string => part !== null);
      if (parts.length) return parts.join('/');
    }
    if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '/') {
      const parts: string[] = [];
      let current: Node | null = node;
      while (current?.type === 'binary_operator' && current.childForFieldName('operator')?.text === '/') {
        const right = current.childForFieldName('right');
        const piece = right ? text(this.value(right, depth + 1, visiting)) : null;
        if (piece !== null) parts.unshift(piece);
        current = current.childForFieldName('left');
      }
      if (current) {
        const base = this.literalPath(current, depth + 1, visiting);
        if (base !== null && !/__file__/.test(current.text)) parts.unshift(base);
      }
      if (parts.length) return parts.join('/');
    }
    return null;
  }

  // ---- stand-alone prompt candidates -------------------------------------------------------------------

  private promptCandidates(): PromptCandidate[] {
    const candidates: PromptCandidate[] = [];
    for (const parts of this.promptGroups) {
      const returned = parts['prompt.returned'];
      const fn = parts['prompt.function'];
      if (returned && fn) {
        if (isPromptName(fn.text)) this.collectCandidate(returned, 'returned', fn.text, null, candidates);
        continue;
      }
      const nameNode = parts['prompt.name'];
      const valueNode = parts['prompt.value'];
      if (!nameNode || !valueNode) continue;
      const name = nameNode.type === 'attribute' ? (nameNode.childForFieldName('attribute')?.text ?? '') : unquoteKey(nameNode.text);
      const keyword = nameNode.parent?.type === 'keyword_argument';
      if (keyword) {
        const call = nameNode.parent?.parent?.parent;
        const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
        if (callee && isTemplateFactory(this.pathOf(callee).join('.')) && (name === 'template' || name === 'content')) this.collectCandidate(valueNode, 'template', null, null, candidates);
        else if (isPromptName(name)) this.collectCandidate(valueNode, 'named', name, null, candidates);
        continue;
      }
      if (nameNode.type === 'string') {
        if (name === 'content' || name === 'text') this.collectMessageContent(valueNode, candidates);
        else if (isPromptName(name)) this.collectCandidate(valueNode, 'named', name, null, candidates);
        continue;
      }
      if (isPromptName(name)) this.collectCandidate(valueNode, 'named', name, null, candidates);
    }
    this.collectTemplateCalls(candidates);
    return candidates;
  }

  private collectMessageContent(valueNode: Node, out: PromptCandidate[]): void {
    const dict = valueNode.parent?.parent;
    if (dict?.type !== 'dictionary') return;
    const { keys, role } = this.messageKeys(dict);
    if (role && /^(system|user|assistant|developer)$/.test(role) && hasOnlyMessageKeys(keys)) this.collectCandidate(valueNode, 'message', null, role, out);
  }

  private collectTemplateCalls(out: PromptCandidate[]): void {
    for (const { callee, call } of this.callGroups) {
      if (!callee || !call) continue;
      const last = callee.type === 'identifier' ? callee.text : callee.childForFieldName('attribute')?.text ?? '';
      if (!/Template|Message|template|messages/.test(last)) continue;
      if (!isTemplateFactory(this.pathOf(callee).join('.'))) continue;
      const argsNode = call.childForFieldName('arguments');
      for (const arg of argsNode?.namedChildren ?? []) {
        if (!arg || arg.type === 'keyword_argument') continue;
        if (arg.type === 'list') {
          for (const item of arg.namedChildren) {
            if (item?.type === 'tuple' && item.namedChildCount >= 2) {
              const roleNode = item.namedChild(0);
              const role = roleNode?.type === 'string' ? unquoteKey(roleNode.text) : null;
              this.collectCandidate(item.namedChild(1)!, 'template', null, role === 'human' ? 'user' : role === 'ai' ? 'assistant' : role, out);
            } else if (item && item.type !== 'comment') this.collectCandidate(item, 'template', null, null, out);
          }
        } else this.collectCandidate(arg, 'template', null, /System/.test(last) ? 'system' : null, out);
      }
    }
  }

  private collectCandidate(node: Node, context: PromptCandidate['context'], name: string | null, role: string | null, out: PromptCandidate[]): void {
    let inner: Node | null = node;
    while (inner?.type === 'parenthesized_expression') inner = inner.namedChild(0);
    if (!inner || !['string', 'concatenated_string', 'binary_operator', 'call'].includes(inner.type)) return;
    if (inner.type === 'call') {
      // Only string-building calls: "…".format(…), dedent("…"), "…".strip().
      const fn = inner.childForFieldName('function');
      const last = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      if (!last || !/^(format|strip|lstrip|rstrip|dedent|cleandoc|join|textwrap\.dedent|inspect\.cleandoc)$/.test(last)) return;
    }
    if (this.insideNonGenerationCall(inner)) return;
    const { value, cuts } = this.budget.root(inner.startIndex, () => this.value(inner, 0, new Set()));
    if (value.kind !== 'string') return;
    const candidate: PromptCandidate = { span: spanOf(literalOf(inner, (identifier) => this.assignedValue(identifier))), value, context, name, role };
    if (cuts.size) candidate.partial = { rootKey: inner.startIndex, cuts };
    if (context === 'template') candidate.templateFormat = templateFormatAround(inner, ['call']);
    out.push(candidate);
  }

  /** The value node a plain name was last assigned before its use, when it is an assignment never updated. */
  private assignedValue(identifier: Node): Node | null {
    const resolved = this.bindings.lookup(identifier.text, identifier.startIndex);
    return resolved?.primary.kind === 'assign' && resolved.updates.length === 0 ? resolved.primary.value : null;
  }
}

/**
 * The literal inside string-building wrappers (`"…".format(…)`, `textwrap.dedent("…")`, `"…".strip()`), followed
 * through names bound once (`TEMPLATE.format(…)` → the literal assigned to `TEMPLATE`), so one literal is one site.
 */
function literalOf(node: Node, boundValue: (name: Node) => Node | null): Node {
  let current = node;
  for (let guard = 0; guard < 8; guard++) {
    if (current.type === 'parenthesized_expression' && current.namedChild(0)) {
      current = current.namedChild(0)!;
      continue;
    }
    if (current.type === 'identifier') {
      const bound = boundValue(current);
      if (!bound || !['string', 'concatenated_string', 'binary_operator', 'call', 'parenthesized_expression'].includes(bound.type)) break;
      current = bound;
      continue;
    }
    if (current.type !== 'call') break;
    const fn = current.childForFieldName('function');
    const wrapsArgument = fn?.type !== 'attribute' || /^(dedent|cleandoc)$/.test(fn.childForFieldName('attribute')?.text ?? '');
    const next = wrapsArgument ? current.childForFieldName('arguments')?.namedChild(0) : fn.childForFieldName('object');
    if (!next) break;
    current = next;
  }
  return current;
}

/** Syntax that can hold a model id by itself: a string, a name, a dotted name (`settings.MODEL`, `Model.GPT_4O`). */
const PY_NAME_OR_LITERAL: ReadonlySet<string> = new Set(['string', 'concatenated_string', 'identifier', 'attribute', 'parenthesized_expression']);

/** The scanner loads this module by its languages.json `adapter` name. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new PythonAdapter(root, text, queries, patterns, budget);
