// Ruby (openai-ruby, anthropic-sdk-ruby, ruby-openai): `client.messages.create(model:, max_tokens:, messages:)`,
// `client.chat(parameters: { model:, messages:, max_tokens: })`.
import type { Node } from 'web-tree-sitter';
import type { PromptSegment } from '../../../types';
import type { CallArguments, QueryRunner } from '../adapter';
import type { ResolutionBudget } from '../workLimits';
import { decodeEscapes } from '../stringEscapes';
import { mergeSegments, opaque, type CodeValue, type ObjectEntry } from '../values';
import { isFirstKey, joinStrings, resolveInPriorityOrder, resolveList, resolveSubstitution, transformStatic, unquoteKey } from './common';
import { BaseAdapter, type LanguageQueries, spanOf } from './baseAdapter';

const RUBY_QUERIES: LanguageQueries = {
  family: 'ruby',
  // No field capture: `method` follows the receiver, so a pattern waiting for it stays in progress through a long chain.
  calls: [`(call) @call`],
  bindings: [
    `[(method) (singleton_method) (lambda)] @scope.function`,
    `[(class) (module)] @scope.class`,
    `(assignment left: [(identifier) (constant)] @name right: (_) @value) @assign`,
    `(assignment left: (instance_variable) @name right: (_) @value) @member`,
    `(method_parameters (identifier) @name) @parameter`,
    `(method_parameters (optional_parameter name: (identifier) @name value: (_) @value)) @parameter`,
    `(method_parameters (keyword_parameter name: (identifier) @name value: (_)? @value)) @parameter`,
    `(call method: (identifier) @require arguments: (argument_list (string (string_content) @module)) (#eq? @require "require")) @import`,
  ],
};

export class RubyAdapter extends BaseAdapter {
  constructor(root: Node, text: string, queries: QueryRunner, budget?: ResolutionBudget) {
    super(root, text, queries, RUBY_QUERIES, budget);
  }

  protected calleeOf(call: Node): Node | null {
    return call;
  }

  protected lastNameOf(call: Node): string {
    return call.childForFieldName('method')?.text ?? '';
  }

  protected calleeEnd(callee: Node): number {
    return callee.childForFieldName('method')?.endIndex ?? callee.endIndex;
  }

  protected receiverOf(callee: Node): Node | null {
    let current: Node | null = callee.childForFieldName('receiver');
    while (current?.type === 'call' && !current.childForFieldName('arguments')) current = current.childForFieldName('receiver');
    return current;
  }

  protected pathOf(call: Node): string[] {
    const names: string[] = [];
    let current: Node | null = call;
    for (let guard = 0; current && guard < 64; guard++) {
      if (current.type === 'call') {
        names.unshift(current.childForFieldName('method')?.text ?? '?');
        current = current.childForFieldName('receiver');
      } else {
        if (current.type === 'identifier' || current.type === 'constant' || current.type === 'instance_variable' || current.type === 'scope_resolution') names.unshift(current.text);
        break;
      }
    }
    return names;
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

  value(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const guarded = this.guard(node, depth);
    if (guarded) return guarded;
    const span = spanOf(node);
    switch (node.type) {
      case 'parenthesized_statements': {
        const inner = node.namedChild(0);
        return inner ? this.value(inner, depth + 1, visiting) : opaque(span, node.text);
      }
      case 'string': {
        const pieces: PromptSegment[] = [];
        const single = node.text.startsWith("'");
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'string_content') pieces.push({ kind: 'static', text: single ? child.text.replace(/\\(['\\])/g, '$1') : child.text, span: spanOf(child) });
          else if (child.type === 'escape_sequence') pieces.push({ kind: 'static', text: decodeEscapes(child.text, false), span: spanOf(child) });
          else if (child.type === 'interpolation') {
            const expression = child.namedChildren.find((inner) => inner && inner.type !== 'comment');
            const resolved = expression ? resolveSubstitution(this.budget, () => this.value(expression, depth + 1, visiting)) : null;
            if (resolved?.kind === 'string') pieces.push(...resolved.segments);
            else pieces.push({ kind: 'dynamic', name: expression?.text.trim() ?? '', raw: child.text, span: spanOf(child) });
          }
        }
        return { kind: 'string', span, segments: mergeSegments(pieces) };
      }
      case 'integer':
      case 'float': {
        const value = Number(node.text.replace(/_/g, ''));
        return Number.isFinite(value) ? { kind: 'number', span, value } : opaque(span, node.text);
      }
      case 'nil':
        return { kind: 'null', span };
      case 'identifier':
      case 'constant':
        return this.identifier(node, depth, visiting);
      case 'instance_variable':
        return this.member(node, node.text, depth, visiting);
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
      case 'array':
      {
        const { items, cut } = resolveList(this.budget, node.namedChildren.filter((child): child is Node => Boolean(child) && child!.type !== 'comment'), (child) => [this.value(child, depth + 1, visiting)]);
        return { kind: 'array', span, items, open: cut };
      }
      case 'binary': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right && node.childForFieldName('operator')?.text === '+') return this.concat(node, depth, visiting, isPlus);
        return opaque(span, node.text);
      }
      case 'element_reference':
        return opaque(span, node.text, /^ENV\b/.test(node.text) ? 'environment' : 'unknown');
      case 'call':
        return this.callValue(node, depth, visiting);
      default:
        return opaque(span, node.text);
    }
  }

  private callValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
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
    const receiver = receiverNode ? this.value(receiverNode, depth + 1, visiting) : null;
    return { kind: 'call', span, path: this.pathOf(node), text: node.text, positional: args.positional.slice(0, 8), named: args.named, openSpreads: args.openSpreads, receiver };
  }
}

const isPlus = (node: Node): boolean => node.type === 'binary' && node.childForFieldName('operator')?.text === '+';
