// Ruby (openai-ruby, anthropic-sdk-ruby, ruby-openai): `client.messages.create(model:, max_tokens:, messages:)`,
// `client.chat(parameters: { model:, messages:, max_tokens: })`.
import type { Node } from 'web-tree-sitter';
import type { CallArguments, QueryRunner, CreateAdapter } from '../adapter';
import type { ResolutionBudget } from '../workLimits';
import { opaque, type CodeValue, type ObjectEntry } from '../values';
import { isFirstKey, joinStrings, resolveInPriorityOrder, resolveSubstitution, transformStatic, unquoteKey } from './common';
import { Evaluator, stringPieces } from './evaluator';
import { NODE_VOCABULARY } from '../nodeVocabulary';
import { spanOf } from './common';

const RUBY_STRING_FRAGMENTS: ReadonlySet<string> = new Set(['string_content']);


export class RubyAdapter extends Evaluator {
  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget?: ResolutionBudget) {
    super(root, text, queries, NODE_VOCABULARY.ruby, patterns, budget);
  }

  protected argumentsOf(call: Node, depth: number, visiting: Set<number>): CallArguments {
    const positional: CodeValue[] = [];
    const named: ObjectEntry[] = [];
    const argumentNodes = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((argument): argument is Node => argument !== null && argument.type !== 'comment');
    const resolved = resolveInPriorityOrder(argumentNodes, (argument) => isFirstKey(this.pairKey(argument)), (argument) =>
      argument.type === 'pair' ? { entry: this.pair(argument, depth, visiting) } : { value: this.value(argument, depth + 1, visiting) },
    );
    for (const { entry, value } of resolved) {
      if (entry) named.push(entry);
      if (value) positional.push(value);
    }
    // ruby-openai: `client.chat(parameters: { … })`.
    const parameters = named.find((entry) => entry.key === 'parameters');
    if (parameters?.value.kind === 'object') return { positional, named: [...named.filter((entry) => entry !== parameters), ...parameters.value.entries], openSpreads: parameters.value.openSpreads };
    return { positional, named, openSpreads: parameters ? [parameters.value] : [] };
  }

  /** The key of a `pair` (`model:`, `"model" =>`), null for anything else. */
  private pairKey(node: Node): string | null {
    const keyNode = node.type === 'pair' ? node.childForFieldName('key') : null;
    return keyNode ? unquoteKey(keyNode.text.replace(/^:/, '').replace(/:$/, '')) : null;
  }

  private pair(node: Node, depth: number, visiting: Set<number>): ObjectEntry | null {
    const keyNode = node.childForFieldName('key');
    const valueNode = node.childForFieldName('value');
    if (!keyNode) return null;
    const key = unquoteKey(keyNode.text.replace(/^:/, '').replace(/:$/, ''));
    // Ruby 3.1 shorthand `model:` takes the value of the local `model`.
    const value = valueNode ? this.value(valueNode, depth + 1, visiting) : this.identifier(keyNode, depth, visiting, key);
    return { key, keySpan: spanOf(keyNode), value };
  }

  protected bindingName(node: Node): string {
    return node.text;
  }

  protected syntaxValue(node: Node, depth: number, visiting: Set<number>): CodeValue | null {
    const span = spanOf(node);
    switch (node.type) {
      case 'string': {
        const single = node.text.startsWith("'");
        const segments = stringPieces(node, RUBY_STRING_FRAGMENTS, (text) => (single ? text.replace(/\\(['\\])/g, '$1') : text), (child) => {
          if (child.type !== 'interpolation') return null;
          const expression = child.namedChildren.find((inner) => inner && inner.type !== 'comment');
          const resolved = expression ? resolveSubstitution(this.budget, () => this.value(expression, depth + 1, visiting)) : null;
          return resolved?.kind === 'string' ? resolved.segments : [{ kind: 'dynamic', name: expression?.text.trim() ?? '', raw: child.text, span: spanOf(child) }];
        });
        return { kind: 'string', span, segments };
      }
      case 'instance_variable':
        return this.classMember(node, node.text, depth, visiting);
      // `:"claude-sonnet-4-5"`, `:gpt4o`: a symbol names a model (or a role) as its text; an interpolated one is unknown.
      case 'delimited_symbol':
      case 'simple_symbol': {
        if (node.namedChildren.some((child) => child?.type === 'interpolation')) return opaque(span, node.text);
        const text = node.type === 'simple_symbol' ? node.text.slice(1) : node.text.replace(/^:(["'])([\s\S]*)\1$/, '$2');
        return { kind: 'string', span, segments: text ? [{ kind: 'static', text, span }] : [] };
      }
      // `Llm::CHAT_MODEL`, `Prompts::Triage::TEXT`: a constant of a module, which the workspace index knows.
      case 'scope_resolution': {
        const scope = node.childForFieldName('scope');
        const name = node.childForFieldName('name');
        if (!scope || !name || !/^[A-Z]\w*(::[A-Z]\w*)*$/.test(scope.text)) return opaque(span, node.text);
        return this.external?.member(scope.text.replace(/::/g, '.'), name.text, span, node.text) ?? opaque(span, node.text);
      }
      case 'hash': {
        const openSpreads: CodeValue[] = [];
        const pairs = node.namedChildren.filter((child): child is Node => child?.type === 'pair' || child?.type === 'hash_splat_argument');
        const entries = resolveInPriorityOrder(pairs, (child) => isFirstKey(this.pairKey(child)), (child) => {
          if (child.type === 'pair') return this.pair(child, depth, visiting);
          openSpreads.push(opaque(spanOf(child), child.text));
          return null;
        }).filter((entry): entry is ObjectEntry => entry !== null);
        return { kind: 'object', span, entries, openSpreads };
      }
      case 'element_reference':
        return opaque(span, node.text, /^ENV\b/.test(node.text) ? 'environment' : 'unknown');
      default:
        return null;
    }
  }

  protected callValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const method = node.childForFieldName('method')?.text ?? '';
    const receiverNode = node.childForFieldName('receiver');
    if (/^ENV\b/.test(node.text)) return opaque(span, node.text, 'environment');
    if (receiverNode && (method === 'strip' || method === 'join' || method === 'squish' || method === 'freeze')) {
      const base = this.value(receiverNode, depth + 1, visiting);
      if (method === 'join' && base.kind === 'array') {
        const separatorNode = node.childForFieldName('arguments')?.namedChild(0);
        const separator = separatorNode ? this.value(separatorNode, depth + 1, visiting) : ({ kind: 'string', span, segments: [] } as CodeValue);
        const joined = joinStrings(base, separator, span);
        if (joined.kind === 'string') return joined;
      }
      if (base.kind === 'string' && method === 'strip') return transformStatic(base, (text) => text.trim(), 'both');
      if (base.kind === 'string' && method === 'freeze') return base;
    }
    const args = this.argumentsOf(node, depth, visiting);
    const path = this.pathOf(node);
    // `TicketPrompts.reply(name)`: a module's builder the workspace index knows (its template, the arguments bound).
    if (receiverNode?.type === 'constant' || receiverNode?.type === 'scope_resolution') {
      const built = this.workspaceCall(node, path.flatMap((part) => part.split('::')), args.positional, args.named);
      if (built) return built;
    }
    const receiver = receiverNode ? this.value(receiverNode, depth + 1, visiting) : null;
    return { kind: 'call', span, path, text: node.text, positional: args.positional.slice(0, 8), named: args.named, openSpreads: args.openSpreads, receiver };
  }
}

/** The scanner loads this module by its family name in languages.json. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new RubyAdapter(root, text, queries, patterns, budget);
