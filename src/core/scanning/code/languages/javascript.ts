// TypeScript, TSX and JavaScript: turns the syntax tree into call shapes and resolved values.
import type { Node } from 'web-tree-sitter';
import { joinsOfValue } from '../../joinedLists';
import type { PromptSegment } from '../../../types';
import { type AdapterOutput, type CallArguments, type CallShape, type PromptCandidate, type QueryRunner, type CreateAdapter } from '../adapter';
import { dedentText, decodeEscapes } from '../stringEscapes';
import { conditionalValue, mergeSegments, opaque, type CodeValue, type ObjectEntry, type StringValue } from '../values';
import { calleeNamesFor } from '../sdks';
import { ResolutionBudget } from '../workLimits';
import { Evaluator, type NodeVocabulary } from './evaluator';
import type { BranchConstruct, FlowVocabulary } from '../flowPaths';
import { anchorOf, hasOnlyMessageKeys, isPromptName, isTemplateFactory, joinStrings, looksLikeFileRead, resolveSubstitution, rootedResolvers, spanOf, templateFormatAround, transformStatic, unquoteKey } from './common';

const UNWRAP = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);
const FUNCTION_TYPES = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);
const JS_LOOPS: ReadonlySet<string> = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);

/** if / else, switch cases, catch handlers and loops (a `do` body always runs once); return and throw end a path. */
const JS_FLOW: FlowVocabulary = {
  constructs: new Map<string, BranchConstruct>([
    ['if_statement', { bodyFields: ['consequence', 'alternative'], completeWith: { field: 'alternative' } }],
    ['switch_statement', { bodiesIn: 'body', bodyTypes: ['switch_case', 'switch_default'], completeWith: { types: ['switch_default'] }, emptyCase: { statementField: 'body' } }],
    ['try_statement', { bodyFields: ['handler'], completeWhenEnds: 'body' }],
    ['for_statement', { bodyFields: ['body'] }],
    ['for_in_statement', { bodyFields: ['body'] }],
    ['while_statement', { bodyFields: ['body'] }],
  ]),
  sequences: new Set(['statement_block', 'expression_statement']),
  exits: new Set(['return_statement', 'throw_statement']),
  exitCalls: { types: new Set(['call_expression']), callee: /^process\.exit$/ },
};

/** The node vocabulary the shared evaluator reads for TypeScript, TSX and JavaScript. */

/** Syntax that can hold a model id by itself: a string, a name, a dotted name (`config.model`, `GeminiModel.Pro`). */
const JS_NAME_OR_LITERAL: ReadonlySet<string> = new Set(['string', 'template_string', 'identifier', 'member_expression', 'parenthesized_expression']);
const JS_VOCABULARY: NodeVocabulary = {
  family: 'javascript',
  members: { member_expression: ['object', 'property'] },
  chainCalls: { call_expression: { callee: 'function', memberOnly: true } },
  subscript: { type: 'subscript_expression', object: 'object', index: 'index' },
  wrappers: UNWRAP,
  names: new Set(['identifier', 'this', 'property_identifier']),
  unknownRoot: true,
  object: { pair: 'pair', shorthand: 'shorthand_property_identifier', spread: 'spread_element', key: (keyNode) => (keyNode.type === 'computed_property_name' ? null : unquoteKey(keyNode.text)) },
  listSpread: 'spread_element',
  loops: JS_LOOPS,
  functions: FUNCTION_TYPES,
  nullNames: new Set(['undefined']),
  flow: JS_FLOW,
  values: {
    wrappers: UNWRAP,
    numbers: new Set(['number']),
    nulls: new Set(['null', 'undefined']),
    environment: /process\.env/,
    identifiers: new Set(['identifier']),
    objects: new Set(['object']),
    lists: new Set(['array']),
    binary: { type: 'binary_expression', arithmetic: { '*': (a, b) => a * b, '-': (a, b) => a - b, '/': (a, b) => a / b }, fallback: { operators: new Set(['||', '??']), literalLike: JS_NAME_OR_LITERAL } },
    negation: 'unary_expression',
    calls: new Set(['call_expression', 'new_expression']),
    memberAccess: new Set(['member_expression', 'subscript_expression']),
  },
};

export class JavaScriptAdapter extends Evaluator {
  private readonly calleeNames = new Map<Node, { type: string; last: string | null }>();

  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget: ResolutionBudget = new ResolutionBudget()) {
    super(root, text, queries, JS_VOCABULARY, patterns, budget);
  }

  protected indexImport(parts: Record<string, Node>): void {
    const module = parts.module?.text;
    const local = parts.local ?? parts.imported;
    if (module && local) this.imports.set(local.text, { module, imported: parts.imported?.text ?? (parts.local && !parts.imported ? 'default' : local.text) });
  }

  output(): AdapterOutput {
    const importedModules = new Set([...this.imports.values()].map((entry) => entry.module));
    const calls = this.calls();
    const promptCandidates = this.promptCandidates();
    return { calls, promptCandidates, problems: this.problems, importedModules, importedNames: this.importedNames(), budget: this.budget };
  }

  // ---- calls -------------------------------------------------------------------------------------------

  private calls(): CallShape[] {
    const shapes: CallShape[] = [];
    for (const { callee, call } of this.callGroups) {
      if (!callee || !call) continue;
      const { type, last } = this.calleeName(callee);
      const importedAs = type === 'identifier' ? this.imports.get(callee.text)?.imported : undefined;
      if (!last || !(isInteresting(last) || (importedAs !== undefined && isInteresting(importedAs)))) {
        // An alias (`const create = client.chat.completions.create`) is the only way a plain name can matter.
        if (type !== 'identifier' || !this.aliasPath(callee)) continue;
      }
      // Tagged templates are strings, not calls (checked after the name: most calls fail that cheaper test).
      if (call.type === 'call_expression' && call.childForFieldName('arguments')?.type === 'template_string') continue;
      const shape = this.callShape(call, callee);
      if (shape) shapes.push(shape);
    }
    return shapes;
  }

  /** Callee type and last name, read once per call: the call and template searches both need them, and each read crosses into wasm. */
  private calleeName(callee: Node): { type: string; last: string | null } {
    let known = this.calleeNames.get(callee);
    if (!known) {
      const type = callee.type;
      known = { type, last: type === 'identifier' ? callee.text : type === 'member_expression' ? (callee.childForFieldName('property')?.text ?? null) : null };
      this.calleeNames.set(callee, known);
    }
    return known;
  }

  private aliasPath(callee: Node): string[] | null {
    const resolved = this.bindings.lookup(callee.text, callee.startIndex);
    const value = resolved?.primary.kind === 'assign' ? resolved.primary.value : null;
    if (!value) return null;
    let target: Node | null = unwrap(value);
    // `client.chat.completions.create.bind(client.chat.completions)`
    if (target?.type === 'call_expression') {
      const fn = target.childForFieldName('function');
      if (fn?.type === 'member_expression' && fn.childForFieldName('property')?.text === 'bind') target = fn.childForFieldName('object');
    }
    if (target?.type !== 'member_expression') return null;
    const path = this.pathOf(target);
    const last = path[path.length - 1];
    return last && isInteresting(last) ? path : null;
  }

  private callShape(call: Node, callee: Node): CallShape | null {
    const constructorCall = call.type === 'new_expression';
    let path = callee.type === 'identifier' ? (this.aliasPath(callee) ?? [callee.text]) : this.pathOf(callee);
    let rootModule: string | null = null;
    const rootImport = this.imports.get(path[0]);
    if (rootImport) {
      rootModule = rootImport.module;
      // `import { generateText as gen } from 'ai'` → the imported name is what identifies the API.
      if (path.length === 1 && rootImport.imported !== 'default') path = [rootImport.imported];
    }
    const argsNode = call.childForFieldName('arguments');
    const span = spanOf(call);
    const anchorStart = call.startIndex;
    return {
      span,
      anchor: anchorOf(this.text, anchorStart, callee.endIndex),
      path,
      constructorCall,
      optionsInFirstArgument: true,
      rootModule,
      ...rootedResolvers(
        this.budget,
        call,
        () => this.argumentsOf(argsNode),
        () => {
          const object = callee.type === 'member_expression' ? callee.childForFieldName('object') : null;
          return object ? this.value(object, 0, new Set()) : null;
        },
          () => this.pathRootValue(callee),
        ),
    };
  }

  private argumentsOf(argsNode: Node | null): CallArguments {
    const positional: CodeValue[] = [];
    const openSpreads: CodeValue[] = [];
    if (!argsNode) return { positional, named: [], openSpreads };
    for (const child of argsNode.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'spread_element') {
        const inner = child.namedChild(0);
        const value = inner ? this.value(inner, 0, new Set()) : opaque(spanOf(child), child.text);
        if (value.kind === 'array') positional.push(...value.items);
        else openSpreads.push(value);
        continue;
      }
      positional.push(this.value(child, 0, new Set()));
    }
    return { positional, named: [], openSpreads };
  }

  // ---- values ------------------------------------------------------------------------------------------

  protected syntaxValue(node: Node, depth: number, visiting: Set<number>): CodeValue | null {
    const span = spanOf(node);
    switch (node.type) {
      case 'string':
        return this.stringLiteral(node);
      case 'template_string':
        return this.templateLiteral(node, depth, visiting);
      case 'enum_body': {
        const entries: ObjectEntry[] = [];
        for (const member of node.namedChildren) {
          const name = member?.type === 'enum_assignment' ? member.childForFieldName('name') : null;
          const initial = member?.childForFieldName('value');
          if (name && initial) entries.push({ key: unquoteKey(name.text), keySpan: spanOf(name), value: this.value(initial, depth + 1, visiting) });
        }
        return { kind: 'object', span, entries, openSpreads: [] };
      }
      case 'ternary_expression': {
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        // Only names and literals can be two models; other branches are not walked.
        if (!consequence || !alternative || !JS_NAME_OR_LITERAL.has(consequence.type) || !JS_NAME_OR_LITERAL.has(alternative.type)) return null;
        return conditionalValue(span, node.text, this.value(consequence, depth + 1, visiting), this.value(alternative, depth + 1, visiting));
      }
      default:
        return null;
    }
  }

  private stringLiteral(node: Node): StringValue {
    const pieces: PromptSegment[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'string_fragment') pieces.push({ kind: 'static', text: child.text, span: spanOf(child) });
      else if (child.type === 'escape_sequence') pieces.push({ kind: 'static', text: decodeEscapes(child.text, false), span: spanOf(child) });
      else if (child.type === 'html_character_reference') pieces.push({ kind: 'static', text: child.text, span: spanOf(child) });
    }
    return { kind: 'string', span: spanOf(node), segments: mergeSegments(pieces) };
  }

  private templateLiteral(node: Node, depth: number, visiting: Set<number>): StringValue {
    const pieces: PromptSegment[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'string_fragment') pieces.push({ kind: 'static', text: child.text.replace(/\r\n?/g, '\n'), span: spanOf(child) });
      else if (child.type === 'escape_sequence') pieces.push({ kind: 'static', text: decodeEscapes(child.text, false), span: spanOf(child) });
      else if (child.type === 'template_substitution') {
        const expression = child.namedChildren.find((inner) => inner && inner.type !== 'comment');
        const resolved = expression ? resolveSubstitution(this.budget, () => this.value(expression, depth + 1, visiting)) : null;
        // A substituted same-file string constant is part of the text; anything else is a placeholder.
        if (resolved && resolved.kind === 'string') pieces.push(...resolved.segments);
        else pieces.push({ kind: 'dynamic', name: (expression?.text ?? '').trim(), raw: child.text, span: spanOf(child), ...joinsOfValue(resolved) });
      }
    }
    return { kind: 'string', span: spanOf(node), segments: mergeSegments(pieces) };
  }


  protected memberValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const text = node.text;
    if (/^process\.env\b|^import\.meta\.env\b|^Deno\.env\b/.test(text)) return opaque(span, text, 'environment');
    const object = node.childForFieldName('object');
    let key: string | null = null;
    if (node.type === 'member_expression') key = node.childForFieldName('property')?.text ?? null;
    else {
      const index = node.childForFieldName('index');
      if (index?.type === 'string') key = unquoteKey(index.text);
    }
    if (!object || key === null) return opaque(span, text);
    return object.type === 'this' ? this.classMember(node, key, depth, visiting) : this.keyOf(node, object, key, depth, visiting);
  }

  protected callValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const isNew = node.type === 'new_expression';
    const fn = isNew ? node.childForFieldName('constructor') : node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fn) return opaque(span, node.text);
    // Tagged template: dedent`…`, String.raw`…`
    if (argsNode?.type === 'template_string') {
      const value = this.templateLiteral(argsNode, depth + 1, visiting);
      return /dedent|outdent|stripIndent/i.test(fn.text) ? transformStatic(value, dedentText) : value;
    }
    const path = this.pathOf(fn);
    const method = path[path.length - 1];
    const args = argsNode ? argsNode.namedChildren.filter((child): child is Node => Boolean(child) && child!.type !== 'comment') : [];
    const fileRead = looksLikeFileRead(path, 'javascript');
    if (fileRead) {
      const pathNode = args[0];
      const literal = pathNode ? this.literalPath(pathNode, depth, visiting) : null;
      return this.fileRead(span, node.text, literal);
    }
    if (!isNew && fn.type === 'member_expression') {
      const objectNode = fn.childForFieldName('object');
      if (objectNode && (method === 'trim' || method === 'trimStart' || method === 'trimEnd' || method === 'join' || method === 'text' || method === 'toString')) {
        const base = this.value(objectNode, depth + 1, visiting);
        if (method === 'join' && base.kind === 'array') {
          const separator = args[0] ? this.value(args[0], depth + 1, visiting) : { kind: 'string', span, segments: [{ kind: 'static', text: ',' }] } as StringValue;
          return joinStrings(base, separator, span);
        }
        if (base.kind === 'string') {
          if (method === 'trim') return transformStatic(base, (t) => t.trim(), 'both');
          if (method === 'trimStart') return transformStatic(base, (t) => t.trimStart(), 'start');
          if (method === 'trimEnd') return transformStatic(base, (t) => t.trimEnd(), 'end');
          if (method === 'toString') return base;
        }
        // `Bun.file('x').text()`, `(await fs.readFile('x')).toString()`
        if (base.kind === 'opaque' && base.origin === 'file') return { ...base, span, text: node.text };
      }
    }
    if (!isNew && (method === 'dedent' || method === 'outdent' || method === 'stripIndent') && args[0]) {
      const inner = this.value(args[0], depth + 1, visiting);
      if (inner.kind === 'string') return transformStatic(inner, dedentText);
    }
    if (!isNew && method === 'String' && args[0]) {
      const inner = this.value(args[0], depth + 1, visiting);
      if (inner.kind === 'string') return inner;
    }
    const positional: CodeValue[] = [];
    const openSpreads: CodeValue[] = [];
    for (const arg of args.slice(0, 8)) {
      if (arg.type === 'spread_element') openSpreads.push(opaque(spanOf(arg), arg.text));
      else positional.push(this.value(arg, depth + 1, visiting));
    }
    const receiverNode = fn.type === 'member_expression' ? fn.childForFieldName('object') : null;
    let receiver: CodeValue | null = null;
    if (receiverNode && (receiverNode.type === 'identifier' || receiverNode.type === 'call_expression' || receiverNode.type === 'new_expression')) {
      receiver = this.value(receiverNode, depth + 1, visiting);
    } else if (fn.type === 'identifier' && !this.imports.has(fn.text)) {
      // A factory instance (`const llm = createOpenAI({...}); llm('gpt-4o')`): keep the call that made it.
      const bound = this.identifier(fn, depth + 1, visiting);
      if (bound.kind === 'call') receiver = bound;
    }
    const rootImport = this.imports.get(path[0]);
    const resolvedPath = rootImport && path.length === 1 && rootImport.imported !== 'default' ? [rootImport.imported] : path;
    return { kind: 'call', span, path: resolvedPath, text: node.text, positional, named: [], openSpreads, receiver };
  }

  /** `'prompts/x.txt'`, `path.join(__dirname, 'prompts', 'x.txt')`, `new URL('./x.md', import.meta.url)` → the literal path. */
  private literalPath(node: Node, depth: number, visiting: Set<number>): string | null {
    const value = this.value(node, depth + 1, visiting);
    const direct = value.kind === 'string' && value.segments.every((segment) => segment.kind === 'static') ? value.segments.map((segment) => (segment as { text: string }).text).join('') : null;
    if (direct !== null) return direct;
    if (value.kind === 'call' && /^(join|resolve|URL)$/.test(value.path[value.path.length - 1] ?? '')) {
      const parts = value.positional
        .map((part) => (part.kind === 'string' && part.segments.every((segment) => segment.kind === 'static') ? part.segments.map((segment) => (segment as { text: string }).text).join('') : null))
        .filter((part): part is string => part !== null);
      if (parts.length) return parts.join('/').replace(/\/{2,}/g, '/');
    }
    return null;
  }

  // ---- stand-alone prompt candidates -------------------------------------------------------------------

  private promptCandidates(): PromptCandidate[] {
    const candidates: PromptCandidate[] = [];
    for (const parts of this.promptGroups) {
      const returned = parts['prompt.returned'];
      if (returned) {
        const fnName = this.enclosingFunctionName(returned);
        if (fnName && isPromptName(fnName)) this.collectCandidate(returned, 'returned', fnName, null, candidates);
        continue;
      }
      const nameNode = parts['prompt.name'];
      const valueNode = parts['prompt.value'];
      if (!nameNode || !valueNode) continue;
      const name = unquoteKey(nameNode.type === 'member_expression' ? (nameNode.childForFieldName('property')?.text ?? '') : nameNode.text);
      if (isPromptName(name)) this.collectCandidate(valueNode, 'named', name, null, candidates);
      else if (name === 'content' || name === 'text' || name === 'template') this.collectMessageContent(valueNode, name, candidates);
    }
    for (const call of this.templateCalls()) {
      for (const arg of call.args) this.collectCandidate(arg, 'template', null, null, candidates);
    }
    return candidates;
  }

  /** `{ role: 'system', content: '…' }` outside any recognised call, and `new PromptTemplate({ template })`. */
  private collectMessageContent(valueNode: Node, key: string, out: PromptCandidate[]): void {
    const pair = valueNode.parent;
    const object = pair?.parent;
    if (!object || object.type !== 'object') return;
    if (key === 'template') {
      const owner = object.parent?.parent;
      if (owner?.type === 'new_expression' && isTemplateFactory(owner.childForFieldName('constructor')?.text ?? '')) this.collectCandidate(valueNode, 'template', null, null, out);
      return;
    }
    let container: Node | null = object;
    if (key === 'text') {
      // Content block `{ type: 'text', text }` inside `content: [...]` of a message.
      const blockArray = object.parent;
      const contentPair = blockArray?.type === 'array' ? blockArray.parent : null;
      container = contentPair?.type === 'pair' && unquoteKey(contentPair.childForFieldName('key')?.text ?? '') === 'content' ? contentPair.parent : null;
    }
    if (!container) return;
    const { keys, role } = this.messageKeys(container);
    if (role && /^(system|user|assistant|developer)$/.test(role) && hasOnlyMessageKeys(keys)) this.collectCandidate(valueNode, 'message', null, role, out);
  }

  private templateCalls(): { args: Node[] }[] {
    const result: { args: Node[] }[] = [];
    for (const { callee, call } of this.callGroups) {
      if (!callee || !call) continue;
      const { last } = this.calleeName(callee);
      if (!last || !/Template|Message/.test(last) || !isTemplateFactory(this.pathOf(callee).join('.'))) continue;
      const args = call.childForFieldName('arguments');
      if (!args) continue;
      const nodes: Node[] = [];
      for (const arg of args.namedChildren) {
        if (!arg) continue;
        if (arg.type === 'array') {
          // fromMessages([['system', '…'], ['human', '{question}']])
          for (const item of arg.namedChildren) {
            if (item?.type === 'array' && item.namedChildCount >= 2) nodes.push(item.namedChild(1)!);
            else if (item && item.type !== 'comment') nodes.push(item);
          }
        } else if (arg.type !== 'object') nodes.push(arg);
      }
      result.push({ args: nodes });
    }
    return result;
  }

  /** The value node a plain name was last assigned before its use, when it is an assignment never updated. */
  private assignedValue(identifier: Node): Node | null {
    const resolved = this.bindings.lookup(identifier.text, identifier.startIndex);
    return resolved?.primary.kind === 'assign' && resolved.updates.length === 0 ? resolved.primary.value : null;
  }

  private enclosingFunctionName(node: Node): string | null {
    let current: Node | null = node.parent;
    for (let guard = 0; current && guard < 40; guard++, current = current.parent) {
      if (FUNCTION_TYPES.has(current.type)) {
        const name = current.childForFieldName('name');
        if (name) return name.text;
        const declarator = current.parent;
        if (declarator?.type === 'variable_declarator') return declarator.childForFieldName('name')?.text ?? null;
        if (declarator?.type === 'pair') return unquoteKey(declarator.childForFieldName('key')?.text ?? '');
        return null;
      }
    }
    return null;
  }

  private collectCandidate(node: Node, context: PromptCandidate['context'], name: string | null, role: string | null, out: PromptCandidate[]): void {
    const inner = unwrap(node);
    if (!inner || !['string', 'template_string', 'binary_expression', 'call_expression'].includes(inner.type)) return;
    if (this.insideNonGenerationCall(inner)) return;
    const { value, cuts } = this.budget.root(inner.startIndex, () => this.value(inner, 0, new Set()));
    if (value.kind !== 'string') return;
    const candidate: PromptCandidate = { span: spanOf(literalOf(inner, (identifier) => this.assignedValue(identifier))), value, context, name, role };
    if (cuts.size) candidate.partial = { rootKey: inner.startIndex, cuts };
    if (context === 'template') candidate.templateFormat = templateFormatAround(inner, ['call_expression', 'new_expression']);
    out.push(candidate);
  }
}

/** Callee last names some SDK table entry for this family can match (derived from the table). */
const isInteresting = (name: string): boolean => calleeNamesFor('javascript').has(name.toLowerCase());

/**
 * The literal inside string-building wrappers (`x.trim()`, `dedent(x)`), followed through names bound once
 * (`TEMPLATE.replace(…)` → the literal assigned to `TEMPLATE`), so one literal is one site; a tagged template starts
 * at its tag.
 */
function literalOf(node: Node, boundValue: (name: Node) => Node | null): Node {
  let current = node;
  for (let guard = 0; guard < 8; guard++) {
    if (current.type === 'identifier') {
      const bound = boundValue(current);
      const literal = bound ? unwrap(bound) : null;
      if (!literal || !['string', 'template_string', 'binary_expression', 'call_expression'].includes(literal.type)) break;
      current = literal;
      continue;
    }
    if (current.type !== 'call_expression') break;
    const args = current.childForFieldName('arguments');
    if (args?.type === 'template_string') return current;
    const fn = current.childForFieldName('function');
    const next = fn?.type === 'member_expression' ? fn.childForFieldName('object') : args?.namedChild(0);
    if (!next) break;
    current = unwrap(next) ?? next;
  }
  return current;
}

function unwrap(node: Node | null): Node | null {
  let current = node;
  for (let guard = 0; current && UNWRAP.has(current.type) && guard < 16; guard++) {
    current = current.namedChildren.find((child) => child && child.type !== 'comment') ?? null;
  }
  return current;
}

/** The scanner loads this module by its languages.json `adapter` name. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new JavaScriptAdapter(root, text, queries, patterns, budget);
