// TypeScript, TSX and JavaScript: turns the syntax tree into call shapes and resolved values.
import type { Node } from 'web-tree-sitter';
import { joinsOfValue } from '../../joinedLists';
import type { PromptSegment } from '../../../types';
import { type CallArguments, type PromptCandidate, type QueryRunner, type CreateAdapter } from '../adapter';
import { dedentText, decodeEscapes } from '../stringEscapes';
import { conditionalValue, mergeSegments, opaque, type CodeValue, type ObjectEntry, type StringValue } from '../values';
import { ResolutionBudget } from '../workLimits';
import { Evaluator } from './evaluator';
import { NODE_VOCABULARY } from '../nodeVocabulary';
import { isPromptName, isTemplateFactory, joinStrings, looksLikeFileRead, templateLoaderOf, resolveSubstitution, spanOf, transformStatic, unquoteKey } from './common';

const JS_VOCABULARY = NODE_VOCABULARY.javascript;

export class JavaScriptAdapter extends Evaluator {
  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget: ResolutionBudget = new ResolutionBudget()) {
    super(root, text, queries, JS_VOCABULARY, patterns, budget);
  }

  protected argumentsOf(call: Node): CallArguments {
    const argsNode = call.childForFieldName('arguments');
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
        if (!consequence || !alternative || !JS_VOCABULARY.values.literalLike?.has(consequence.type) || !JS_VOCABULARY.values.literalLike?.has(alternative.type)) return null;
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
      if (objectNode && (this.vocabulary.stringMethods?.has(method) || method === 'join' || method === 'text' || method === 'toString')) {
        const base = this.value(objectNode, depth + 1, visiting);
        if (method === 'join' && base.kind === 'array') {
          const separator = args[0] ? this.value(args[0], depth + 1, visiting) : { kind: 'string', span, segments: [{ kind: 'static', text: ',' }] } as StringValue;
          return joinStrings(base, separator, span);
        }
        if (base.kind === 'string') {
          const trimmed = this.trimmedString(base, method);
          if (trimmed) return trimmed;
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
      if (bound.kind === 'call' || (bound.kind === 'opaque' && bound.origin === 'file' && bound.engine)) receiver = bound;
    }
    // `Handlebars.compile(readFileSync('x.hbs', 'utf8'))`, `Mustache.render(text, view)`: the file, rendered by that engine.
    const loader = templateLoaderOf(path, 'javascript');
    if (loader && positional[0]?.kind === 'opaque' && positional[0].origin === 'file') return { ...positional[0], span, text: node.text, engine: loader.engine };
    // Calling a compiled template (`const welcome = Handlebars.compile(…)`; `welcome({ name })`) renders its file.
    if (receiver?.kind === 'opaque' && receiver.origin === 'file' && receiver.engine && fn.type === 'identifier') return { ...receiver, span, text: node.text };
    const returned = openSpreads.length ? null : this.workspaceCall(node, path, positional, [], path[0] === 'this' ? enclosingClassName(node) : undefined);
    if (returned) return returned;
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

  protected promptCandidates(): PromptCandidate[] {
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
    this.collectMessage(container, valueNode, out);
  }

  private templateCalls(): { args: Node[] }[] {
    const result: { args: Node[] }[] = [];
    for (const { callee, call } of this.callGroups) {
      if (!callee || !call) continue;
      const last = callee.type === 'identifier' ? callee.text : callee.type === 'member_expression' ? callee.childForFieldName('property')?.text : null;
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

  private enclosingFunctionName(node: Node): string | null {
    let current: Node | null = node.parent;
    for (let guard = 0; current && guard < 40; guard++, current = current.parent) {
      if (JS_VOCABULARY.functions.has(current.type)) {
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
}

/** The scanner loads this module by its family name in languages.json. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new JavaScriptAdapter(root, text, queries, patterns, budget);

/** The name of the class a node is inside (for `this.method()`). */
function enclosingClassName(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_declaration' || current.type === 'class') return current.childForFieldName('name')?.text;
  }
  return undefined;
}
