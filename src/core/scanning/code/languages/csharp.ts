// C# (OpenAI .NET): `chatClient.CompleteChatAsync(messages, options)` with `new ChatClient(model: "gpt-4o", …)`.
import type { Node } from 'web-tree-sitter';
import type { PromptSegment } from '../../../types';
import type { CallArguments, QueryRunner, CreateAdapter } from '../adapter';
import type { ResolutionBudget } from '../workLimits';
import { decodeEscapes } from '../stringEscapes';
import { mergeSegments, opaque, type CodeValue, type ObjectEntry } from '../values';
import { Evaluator } from './evaluator';
import { NODE_VOCABULARY } from '../nodeVocabulary';
import { spanOf } from './common';
import { isFirstKey, resolveInPriorityOrder, resolveList, resolveSubstitution } from './common';


/** Semantic Kernel `ChatHistory` methods that add a message, and the role each adds. */
const CHAT_HISTORY_MESSAGES: ReadonlyMap<string, string> = new Map([
  ['AddUserMessage', 'user'],
  ['AddSystemMessage', 'system'],
  ['AddAssistantMessage', 'assistant'],
  ['AddDeveloperMessage', 'developer'],
]);

/** A `{ role, content }` message object located at `span`. */
function messageObject(role: string, content: CodeValue, span: { start: number; end: number }): CodeValue {
  return { kind: 'object', span, entries: [{ key: 'role', keySpan: span, value: { kind: 'string', span, segments: [{ kind: 'static', text: role }] } }, { key: 'content', keySpan: content.span, value: content }], openSpreads: [] };
}

const ARRAY_NODES = new Set(['element_binding_expression', 'collection_expression', 'initializer_expression', 'array_creation_expression', 'implicit_array_creation_expression']);

export class CSharpAdapter extends Evaluator {
  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget?: ResolutionBudget) {
    super(root, text, queries, NODE_VOCABULARY.csharp, patterns, budget);
  }

  protected argumentsOf(call: Node, depth: number, visiting: Set<number>): CallArguments {
    return this.argumentList(call.childForFieldName('arguments'), depth, visiting);
  }

  private argumentList(list: Node | null, depth: number, visiting: Set<number>): CallArguments {
    const positional: CodeValue[] = [];
    const named: ObjectEntry[] = [];
    const argumentNodes = (list?.namedChildren ?? []).filter((argument): argument is Node => argument?.type === 'argument');
    const expressionOf = (argument: Node): Node | undefined => {
      const nameNode = argument.childForFieldName('name');
      return argument.namedChildren.filter((child): child is Node => Boolean(child) && child !== nameNode && child!.type !== 'name_colon').pop();
    };
    // Model and cap first, and `CompleteChat(messages, options)` reads its options before its message list.
    const first = (argument: Node): boolean => {
      const name = argument.childForFieldName('name')?.text;
      return name !== undefined ? isFirstKey(name) : !ARRAY_NODES.has(expressionOf(argument)?.type ?? '');
    };
    const resolved = resolveInPriorityOrder(argumentNodes, first, (argument) => {
      const expression = expressionOf(argument);
      return expression ? { nameNode: argument.childForFieldName('name'), value: this.value(expression, depth + 1, visiting) } : null;
    });
    for (const argument of resolved) {
      if (!argument) continue;
      if (argument.nameNode) named.push({ key: argument.nameNode.text, keySpan: spanOf(argument.nameNode), value: argument.value });
      else positional.push(argument.value);
    }
    return { positional, named, openSpreads: [] };
  }

  /** `Constants.Model`, `Prompts.System`: a const or static field of a class the workspace index knows. */
  protected memberValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const object = node.childForFieldName('expression');
    const name = node.childForFieldName('name');
    if (!object || !name || object.type === 'this_expression' || object.type === 'this') return opaque(spanOf(node), node.text);
    return this.keyOf(node, object, name.text, depth, visiting);
  }

  protected syntaxValue(node: Node, depth: number, visiting: Set<number>): CodeValue | null {
    const span = spanOf(node);
    switch (node.type) {
      case 'string_literal':
      case 'verbatim_string_literal':
      case 'raw_string_literal':
      case 'interpolated_string_expression':
        return this.stringValue(node, depth, visiting);
      case 'object_creation_expression':
      case 'implicit_object_creation_expression': {
        // Target-typed `new(...)` takes its type from the declaration: `ChatClient _chat = new(model: …)`.
        const type = node.childForFieldName('type') ?? (node.parent?.type === 'variable_declarator' ? (node.parent.parent?.childForFieldName('type') ?? null) : null);
        const argsNode = node.childForFieldName('arguments') ?? node.namedChildren.find((child) => child?.type === 'argument_list') ?? null;
        const args = this.argumentList(argsNode, depth, visiting);
        // `new ChatHistory("…")` starts a history with that system message; `AddUserMessage(…)` calls append to it.
        if (type?.text === 'ChatHistory' && args.named.length === 0 && args.positional.length <= 1) {
          const first = args.positional[0];
          const items = first ? [first.kind === 'string' ? messageObject('system', first, first.span) : first] : [];
          return { kind: 'array', span, items, open: Boolean(first && first.kind !== 'string') };
        }
        const initializer = node.childForFieldName('initializer') ?? node.namedChildren.find((child) => child?.type === 'initializer_expression') ?? null;
        const assignments = (initializer?.namedChildren ?? []).filter((assignment): assignment is Node => assignment?.type === 'assignment_expression');
        // A collection initializer (`new List<Message> { new Message {…} }`) is a list.
        const elements = (initializer?.namedChildren ?? []).filter((child): child is Node => Boolean(child) && child!.type !== 'comment');
        if (initializer && assignments.length === 0 && elements.length > 0 && args.positional.length === 0 && args.named.length === 0) {
          const resolved = resolveList(this.budget, elements, (item) => [this.value(item, depth + 1, visiting)]);
          return { kind: 'array', span, items: resolved.items, open: resolved.cut };
        }
        const initialized = resolveInPriorityOrder(assignments, (assignment) => isFirstKey(assignment.childForFieldName('left')?.text ?? null), (assignment) => {
          const left = assignment.childForFieldName('left');
          const right = assignment.childForFieldName('right');
          return left && right ? { key: left.text, keySpan: spanOf(left), value: this.value(right, depth + 1, visiting) } : null;
        });
        for (const entry of initialized) if (entry) args.named.push(entry);
        return { kind: 'call', span, path: [type?.text ?? 'new'], text: node.text, positional: args.positional, named: args.named, openSpreads: [], receiver: null };
      }
      case 'anonymous_object_creation_expression': {
        // `new { model = "…", max_tokens = 450 }` (a JSON body serialised with JsonSerializer): `name = value` pairs.
        const children = node.children.filter((child): child is Node => Boolean(child));
        const values = new Map<number, Node>();
        const names = children.filter((child, index) => {
          const right = children[index + 2];
          if (!(child.isNamed && child.type === 'identifier' && children[index + 1]?.type === '=' && right?.isNamed)) return false;
          values.set(child.id, right);
          return true;
        });
        const entries = resolveInPriorityOrder(names, (name) => isFirstKey(name.text), (name): ObjectEntry => ({ key: name.text, keySpan: spanOf(name), value: this.value(values.get(name.id)!, depth + 1, visiting) }));
        return { kind: 'object', span, entries, openSpreads: [] };
      }
      case 'invocation_expression': {
        const fn = node.childForFieldName('function');
        const path = fn ? this.pathOf(fn) : ['?'];
        if (/GetEnvironmentVariable/.test(path[path.length - 1] ?? '')) return opaque(span, node.text, 'environment');
        const role = CHAT_HISTORY_MESSAGES.get(path[path.length - 1] ?? '');
        if (role) {
          // The message the call adds (read without its receiver: the history it is added to is what refers here).
          const content = this.argumentList(node.childForFieldName('arguments'), depth, visiting).positional[0];
          return content ? messageObject(role, content, span) : opaque(span, node.text);
        }
        const args = this.argumentList(node.childForFieldName('arguments'), depth, visiting);
        const receiverNode = fn ? this.receiverOf(fn) : null;
        const receiver = receiverNode ? this.value(receiverNode, depth + 1, visiting) : null;
        return { kind: 'call', span, path, text: node.text, positional: args.positional, named: args.named, openSpreads: [], receiver };
      }
      default:
        if (ARRAY_NODES.has(node.type)) {
          const container = node.type === 'array_creation_expression' || node.type === 'implicit_array_creation_expression' ? node.namedChildren.find((child) => child?.type === 'initializer_expression') : node;
          const items = (container?.namedChildren ?? []).filter((child): child is Node => Boolean(child) && child!.type !== 'comment' && !child!.type.endsWith('type'));
          const resolved = resolveList(this.budget, items, (item) => [this.value(item, depth + 1, visiting)]);
          return { kind: 'array', span, items: resolved.items, open: resolved.cut };
        }
        return null;
    }
  }

  private stringValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const verbatim = node.type === 'verbatim_string_literal' || node.type === 'raw_string_literal' || /^\$?@|^@\$/.test(node.text);
    if (node.type === 'verbatim_string_literal') {
      const body = node.text.replace(/^@"/, '').replace(/"$/, '').replace(/""/g, '"');
      return { kind: 'string', span, segments: [{ kind: 'static', text: body, span }] };
    }
    const pieces: PromptSegment[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'string_literal_content' || child.type === 'string_content' || child.type === 'raw_string_content') {
        const text = verbatim ? child.text : decodeEscapes(child.text, false);
        pieces.push({ kind: 'static', text: node.type === 'interpolated_string_expression' ? text.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : text, span: spanOf(child) });
      } else if (child.type === 'escape_sequence') {
        pieces.push({ kind: 'static', text: decodeEscapes(child.text, false), span: spanOf(child) });
      } else if (child.type === 'interpolation') {
        const expression = child.namedChildren.find((inner) => inner && inner.type !== 'interpolation_brace' && inner.type !== 'interpolation_alignment_clause' && inner.type !== 'interpolation_format_clause');
        const resolved = expression ? resolveSubstitution(this.budget, () => this.value(expression, depth + 1, visiting)) : null;
        if (resolved?.kind === 'string') pieces.push(...resolved.segments);
        else pieces.push({ kind: 'dynamic', name: expression?.text.trim() ?? '', raw: child.text, span: spanOf(child) });
      }
    }
    return { kind: 'string', span, segments: mergeSegments(pieces) };
  }
}

/** The scanner loads this module by its family name in languages.json. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new CSharpAdapter(root, text, queries, patterns, budget);
