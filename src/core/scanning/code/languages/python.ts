// Python: turns the syntax tree into call shapes and resolved values.
import type { Node } from 'web-tree-sitter';
import { joinsOfValue } from '../../joinedLists';
import type { PromptSegment, Span } from '../../../types';
import { type CallArguments, type PromptCandidate, type QueryRunner, type CreateAdapter } from '../adapter';
import { decodeEscapes, dedentText, formatFieldName, splitFormatTemplate } from '../stringEscapes';
import { concatStrings, conditionalValue, fallbackValue, mergeSegments, opaque, type CodeValue, type ObjectEntry, type StringValue } from '../values';
import { calleeNamesFor } from '../sdks';
import { ResolutionBudget } from '../workLimits';
import { Evaluator, replaceConversions } from './evaluator';
import { NODE_VOCABULARY } from '../nodeVocabulary';
import { isPromptName, isTemplateFactory, joinStrings, looksLikeFileRead, priorityOrder, templateLoaderOf, resolveSubstitution, spanOf, transformStatic, unquoteKey } from './common';

const PY_VOCABULARY = NODE_VOCABULARY.python;

export class PythonAdapter extends Evaluator {

  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget: ResolutionBudget = new ResolutionBudget()) {
    super(root, text, queries, PY_VOCABULARY, patterns, budget);
  }

  /** `class PlannerLLM(OpenAI): … super().__init__(model=…)`: the base class's constructor, called with these arguments. */
  protected inheritedCallPath(callee: Node): string[] | null {
    if (callee.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== '__init__') return null;
    const object = callee.childForFieldName('object');
    if (object?.type !== 'call' || object.childForFieldName('function')?.text !== 'super') return null;
    let scope: Node | null = callee.parent;
    while (scope && scope.type !== 'class_definition') scope = scope.parent;
    const base = scope?.childForFieldName('superclasses')?.namedChildren.find((child) => child?.type === 'identifier' || child?.type === 'attribute');
    if (!base) return null;
    const path = this.pathOf(base);
    return calleeNamesFor('python').has((path[path.length - 1] ?? '').toLowerCase()) ? path : null;
  }

  protected argumentsOf(call: Node, depth: number, visiting: Set<number>): CallArguments {
    return this.argumentList(call.childForFieldName('arguments'), depth, visiting);
  }

  private argumentList(argsNode: Node | null, depth: number, visiting: Set<number>): CallArguments {
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
        // Only a literal-like right side or a call gives a reader default; anything else is left unresolved without walking the left.
        if (!PY_VOCABULARY.values.literalLike?.has(rightNode.type) && rightNode.type !== 'call') return null;
        const right = this.value(rightNode, depth + 1, visiting);
        if (right.kind === 'string') return fallbackValue(span, node.text, this.value(leftNode, depth + 1, visiting), right);
        // `model or os.getenv("M", DEFAULT)`: the env read's default; `config or LLMConfig()`: the instance's fields.
        if (right.kind === 'opaque' && right.defaultValue?.kind === 'string') return opaque(span, node.text, right.origin === 'environment' ? 'environment' : 'unknown', { defaultValue: right.defaultValue, defaultKind: right.defaultKind ?? 'fallback' });
        if (right.kind === 'object' && rightNode.type === 'call') return opaque(span, node.text, 'unknown', { defaultValue: right, defaultKind: 'fallback' });
        return null;
      }
      case 'conditional_expression': {
        // `a if condition else b`: children are the consequence, the condition, the alternative. Only names and
        // literals can be two models; other branches (`resp.choices[0]…`) are not walked.
        const parts = node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
        if (parts.length !== 3 || !PY_VOCABULARY.values.literalLike?.has(parts[0].type) || !PY_VOCABULARY.values.literalLike?.has(parts[2].type)) return null;
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

  /** `settings.X` (Django, pydantic): unknown, unless the workspace index finds the imported settings object's field. */
  protected knownMember(node: Node, span: Span, text: string): CodeValue | null {
    if (!/^settings\./.test(text)) return null;
    const dot = text.lastIndexOf('.');
    const outside = /^[\w.]+$/.test(text) && !this.bindings.lookup('settings', node.startIndex) ? this.external?.member(text.slice(0, dot), text.slice(dot + 1), span, text) : null;
    return outside ?? opaque(span, text, 'unknown');
  }

  protected callValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const fn = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fn) return opaque(span, node.text);
    const path = this.pathOf(fn);
    const method = path[path.length - 1] ?? '';
    const objectNode = fn.type === 'attribute' ? fn.childForFieldName('object') : null;

    if (objectNode && (this.vocabulary.stringMethods?.has(method) || method === 'format' || method === 'join' || method === 'read' || method === 'format_map' || method === 'render')) {
      const base = this.value(objectNode, depth + 1, visiting);
      if (base.kind === 'string') {
        if (method === 'format' || method === 'format_map') return this.formatCall(base, argsNode, depth, visiting, span);
        const trimmed = this.trimmedString(base, method);
        if (trimmed) return trimmed;
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
    const loader = templateLoaderOf(path, 'python');
    if (loader) {
      // `env.get_template("answer.j2")` (in the loader's folder), `PromptTemplate.from_file("prompts/x.txt")`.
      const nameNode = argsNode?.namedChildren.find((child) => child !== null && child.type !== 'comment') ?? null;
      const literal = nameNode && nameNode.type !== 'keyword_argument' ? this.literalPath(nameNode, depth, visiting) : null;
      if (literal !== null) {
        const folder = loader.from === 'name-in-loader-dir' && objectNode ? this.jinjaLoaderFolder(objectNode, depth, visiting) : null;
        return this.fileRead(span, node.text, folder ? `${folder.replace(/\/+$/, '')}/${literal}` : literal, loader.engine);
      }
    }
    if (looksLikeFileRead(path, 'python')) {
      const literal = this.literalPath(objectNode && method === 'read_text' ? objectNode : argsNode?.namedChild(0) ?? null, depth, visiting);
      return this.fileRead(span, node.text, literal);
    }
    if (method === 'getattr' && path.length === 1 && argsNode) {
      // `getattr(settings, "OPENAI_MODEL", "gpt-4o-mini")`: the attribute when it is known, else the literal default.
      const [objectArg, keyArg, defaultArg] = argsNode.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
      const key = keyArg?.type === 'string' ? this.value(keyArg, depth + 1, visiting) : null;
      const keyText = key?.kind === 'string' && key.segments.length === 1 && key.segments[0].kind === 'static' ? key.segments[0].text : null;
      if (objectArg && keyText !== null && /^\w+$/.test(keyText)) {
        const attribute = this.keyOf(node, objectArg, keyText, depth, visiting);
        if (attribute.kind !== 'opaque' || !defaultArg) return attribute;
        const fallback = this.value(defaultArg, depth + 1, visiting);
        return fallback.kind === 'string' ? opaque(span, node.text, 'unknown', { defaultValue: fallback, defaultKind: 'fallback' }) : attribute;
      }
    }
    if (method === 'dict' && path.length === 1) {
      const args = this.argumentList(argsNode, depth, visiting);
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
      const envArgs = this.argumentList(argsNode, depth, visiting);
      const fallback = envArgs.positional[1] ?? envArgs.named.find((entry) => entry.key === 'default')?.value;
      return opaque(span, node.text, 'environment', fallback?.kind === 'string' ? { defaultValue: fallback, defaultKind: 'env-default' } : {});
    }
    const args = this.argumentList(argsNode, depth, visiting);
    const returned = this.workspaceCall(node, path, args.positional, args.named, path[0] === 'self' ? enclosingClassName(node) : undefined);
    if (returned) return returned;
    let receiver: CodeValue | null = null;
    // `self.model.start_chat()`: an attribute receiver resolves too (the model object a session is opened on).
    if (objectNode && (objectNode.type === 'identifier' || objectNode.type === 'call' || objectNode.type === 'attribute')) receiver = this.value(objectNode, depth + 1, visiting);
    const rootImport = this.imports.get(path[0]);
    const resolvedPath = rootImport && path.length === 1 ? [rootImport.imported.split('.').pop() ?? path[0]] : path;
    return { kind: 'call', span, path: resolvedPath, text: node.text, positional: args.positional.slice(0, 8), named: args.named, openSpreads: args.openSpreads, receiver };
  }

  /** `"…{name}…".format(name=x)`: template fields become placeholders, or the text of resolved string arguments. */
  private formatCall(template: StringValue, argsNode: Node | null, depth: number, visiting: Set<number>, span: { start: number; end: number }): StringValue {
    const args = this.argumentList(argsNode, depth, visiting);
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

  /** The folder of a Jinja `Environment(loader=FileSystemLoader(<folder>))` a name is bound to (a literal path). */
  private jinjaLoaderFolder(environment: Node, depth: number, visiting: Set<number>): string | null {
    let envNode: Node | null = environment;
    if (envNode.type === 'identifier') {
      const bound = this.bindings.lookup(envNode.text, envNode.startIndex);
      envNode = bound?.primary.kind === 'assign' ? bound.primary.value : null;
    }
    if (envNode?.type !== 'call' || !/Environment$/.test(envNode.childForFieldName('function')?.text ?? '')) return null;
    const args = (envNode.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is Node => child !== null && child.type !== 'comment');
    const keyword = args.find((child) => child.type === 'keyword_argument' && child.childForFieldName('name')?.text === 'loader');
    const loader = keyword ? keyword.childForFieldName('value') : args[0]?.type !== 'keyword_argument' ? args[0] : null;
    if (loader?.type !== 'call' || !/FileSystemLoader$/.test(loader.childForFieldName('function')?.text ?? '')) return null;
    let folder = loader.childForFieldName('arguments')?.namedChildren.find((child) => child !== null && child.type !== 'comment') ?? null;
    // `FileSystemLoader(["templates", …])`: the first folder searched.
    if (folder?.type === 'list') folder = folder.namedChildren.find((child) => child !== null && child.type !== 'comment') ?? null;
    return folder ? this.literalPath(folder, depth, visiting) : null;
  }

  private literalPath(node: Node | null, depth: number, visiting: Set<number>): string | null {
    if (!node || depth > 24) return null;
    if (node.type === 'identifier') {
      // `TEMPLATE_DIR = Path(__file__).parent / "templates"`: the path expression the name is bound to.
      const bound = this.bindings.lookup(node.text, node.startIndex);
      if (bound?.primary.kind === 'assign' && bound.primary.value && bound.primary.value.type !== 'string') return this.literalPath(bound.primary.value, depth + 1, visiting);
    }
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

  protected promptCandidates(): PromptCandidate[] {
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
    this.collectMessage(dict, valueNode, out);
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
}

/** The scanner loads this module by its family name in languages.json. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new PythonAdapter(root, text, queries, patterns, budget);

/** The name of the class a node is inside (for `self.method()`). */
function enclosingClassName(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_definition') return current.childForFieldName('name')?.text;
  }
  return undefined;
}
