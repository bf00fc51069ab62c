// Java (openai-java, anthropic-sdk-java): `client.chat().completions().create(Params.builder().model(…)….build())`.
import type { Node } from 'web-tree-sitter';
import type { PromptSegment } from '../../../types';
import type { CallArguments, QueryRunner } from '../adapter';
import { decodeEscapes, dedentText } from '../stringEscapes';
import { mergeSegments, opaque, type CodeValue, type ObjectEntry } from '../values';
import { BaseAdapter, type LanguageQueries, printfString, spanOf } from './baseAdapter';
import { priorityOrder, unresolvedRest } from './common';
import { UNRESOLVED_MESSAGES, coveringSpan, type ResolutionBudget } from '../workLimits';

const JAVA_QUERIES: LanguageQueries = {
  family: 'java',
  // No field capture: `name` follows the receiver chain, so a pattern waiting for it stays in progress through every
  // level of a long builder chain (10,000 steps took seconds); the call node alone completes on entry.
  calls: [`(method_invocation) @call`],
  bindings: [
    `[(method_declaration) (constructor_declaration) (lambda_expression)] @scope.function`,
    `[(class_declaration) (interface_declaration) (enum_declaration) (record_declaration)] @scope.class`,
    `(variable_declarator name: (identifier) @name value: (_) @value) @assign`,
    `(formal_parameter name: (identifier) @name) @parameter`,
    `(import_declaration (scoped_identifier) @module) @import`,
  ],
};

/** Builder methods that add a message, and the role each adds. */
const BUILDER_MESSAGES: Record<string, string> = {
  addSystemMessage: 'system',
  addDeveloperMessage: 'developer',
  addUserMessage: 'user',
  addAssistantMessage: 'assistant',
};

export class JavaAdapter extends BaseAdapter {
  constructor(root: Node, text: string, queries: QueryRunner, budget?: ResolutionBudget) {
    super(root, text, queries, JAVA_QUERIES, budget);
  }

  protected calleeOf(call: Node): Node | null {
    return call;
  }

  protected lastNameOf(call: Node): string {
    return call.childForFieldName('name')?.text ?? '';
  }

  protected calleeEnd(callee: Node): number {
    return callee.childForFieldName('name')?.endIndex ?? callee.endIndex;
  }

  protected receiverOf(callee: Node): Node | null {
    // `client.chat().completions().create(…)`: the client is the root of the chain.
    let current: Node | null = callee.childForFieldName('object');
    while (current?.type === 'method_invocation' && !current.childForFieldName('arguments')?.namedChildCount) current = current.childForFieldName('object');
    return current;
  }

  /** Names along a method chain; argument-less calls in it (`chat()`) count as names. */
  protected pathOf(call: Node): string[] {
    const names: string[] = [];
    let current: Node | null = call;
    for (let guard = 0; current && guard < 64; guard++) {
      if (current.type === 'method_invocation') {
        names.unshift(current.childForFieldName('name')?.text ?? '?');
        current = current.childForFieldName('object');
      } else if (current.type === 'field_access') {
        names.unshift(current.childForFieldName('field')?.text ?? '?');
        current = current.childForFieldName('object');
      } else {
        if (current.type === 'identifier' || current.type === 'this') names.unshift(current.text);
        break;
      }
    }
    return names;
  }

  protected argumentsOf(call: Node, depth: number, visiting: Set<number>): CallArguments {
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is Node => Boolean(child) && child!.type !== 'comment');
    return { positional: args.map((arg) => this.value(arg, depth + 1, visiting)), named: [], openSpreads: [] };
  }

  value(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const guarded = this.guard(node, depth);
    if (guarded) return guarded;
    const span = spanOf(node);
    switch (node.type) {
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.value(inner, depth + 1, visiting) : opaque(span, node.text);
      }
      case 'string_literal': {
        const pieces: PromptSegment[] = [];
        const textBlock = node.text.startsWith('"""');
        for (const child of node.namedChildren) {
          if (child?.type === 'string_fragment' || child?.type === 'multiline_string_fragment') pieces.push({ kind: 'static', text: child.text, span: spanOf(child) });
          else if (child?.type === 'escape_sequence') pieces.push({ kind: 'static', text: decodeEscapes(child.text, false), span: spanOf(child) });
        }
        const value = { kind: 'string' as const, span, segments: mergeSegments(pieces) };
        if (!textBlock) return value;
        // Text blocks drop the newline after the opening quotes and the common indentation.
        return { ...value, segments: value.segments.map((segment) => (segment.kind === 'static' ? { ...segment, text: dedentText(segment.text.replace(/^[ \t]*\r?\n/, '')) } : segment)) };
      }
      case 'decimal_integer_literal':
      case 'decimal_floating_point_literal': {
        const value = Number(node.text.replace(/_/g, '').replace(/[lLfFdD]$/, ''));
        return Number.isFinite(value) ? { kind: 'number', span, value } : opaque(span, node.text);
      }
      case 'null_literal':
        return { kind: 'null', span };
      case 'identifier':
        return this.identifier(node, depth, visiting);
      case 'field_access': {
        const object = node.childForFieldName('object');
        const field = node.childForFieldName('field');
        if (object?.type === 'this' && field) return this.identifier(field, depth, visiting, field.text);
        return opaque(span, node.text);
      }
      case 'binary_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right && node.childForFieldName('operator')?.text === '+') return this.concat(node, depth, visiting, isPlus);
        return opaque(span, node.text);
      }
      case 'method_invocation':
        return this.invocation(node, depth, visiting);
      case 'object_creation_expression': {
        const type = node.childForFieldName('type');
        const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is Node => Boolean(child)).slice(0, 8);
        return { kind: 'call', span, path: [type?.text ?? '?'], text: node.text, positional: args.map((arg) => this.value(arg, depth + 1, visiting)), named: [], openSpreads: [], receiver: null };
      }
      default:
        return opaque(span, node.text, /System\.getenv/.test(node.text) ? 'environment' : 'unknown');
    }
  }

  private invocation(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const name = node.childForFieldName('name')?.text ?? '';
    const argNodes = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is Node => Boolean(child) && child!.type !== 'comment');
    if (name === 'build') {
      const built = this.builder(node, depth, visiting);
      if (built) return built;
    }
    const args = argNodes.slice(0, 8).map((arg) => this.value(arg, depth + 1, visiting));
    if ((name === 'format' || name === 'formatted') && node.childForFieldName('object')?.text === 'String' && args[0]?.kind === 'string') {
      return printfString(args[0], args.slice(1), argNodes.slice(1).map((arg) => arg.text), span);
    }
    if (name === 'getenv') return opaque(span, node.text, 'environment');
    const receiverNode = node.childForFieldName('object');
    const receiver = receiverNode ? this.value(receiverNode, depth + 1, visiting) : null;
    return { kind: 'call', span, path: this.pathOf(node), text: node.text, positional: args, named: [], openSpreads: [], receiver };
  }

  /** `X.builder().model(…).maxTokens(…).addUserMessage(…).build()` → an options object with a messages list. */
  private builder(build: Node, depth: number, visiting: Set<number>): CodeValue | null {
    const steps: Node[] = [];
    let current: Node | null = build.childForFieldName('object');
    while (current?.type === 'method_invocation' && current.childForFieldName('name')?.text !== 'builder') {
      steps.unshift(current);
      current = current.childForFieldName('object');
    }
    if (current?.type !== 'method_invocation') return null;
    const stepEntries: (ObjectEntry | null)[] = new Array(steps.length).fill(null);
    const stepMessages: CodeValue[][] = steps.map(() => []);
    const names = steps.map((step) => step.childForFieldName('name')?.text ?? null);
    // Model and cap first, so a work limit cuts the messages rather than them. Steps the budget cannot pay for (the one
    // it ran out in and every later one) leave one unresolved placeholder where their messages would be.
    for (const index of priorityOrder(names)) {
      const step = steps[index];
      const nameNode = step.childForFieldName('name')!;
      const argNode = step.childForFieldName('arguments')?.namedChild(0);
      if (!argNode) continue;
      const refusalsBefore = this.budget.refusals;
      const value = this.budget.spent ? null : this.value(argNode, depth + 1, visiting);
      // Cut inside a construct that summed up its own rest (a message whose long text was cut): kept, and the next step is refused.
      if (!value || (this.budget.refusals !== refusalsBefore && !this.budget.isAbsorbed(refusalsBefore + 1))) {
        if (!value) this.budget.take();
        this.budget.absorb(refusalsBefore + 1);
        const rest = steps.slice(index).filter((later, offset) => !stepEntries[index + offset] && later.childForFieldName('arguments')?.namedChild(0));
        stepMessages[index] = [unresolvedRest(coveringSpan(spanOf(rest[0] ?? step), spanOf(rest[rest.length - 1] ?? step)), UNRESOLVED_MESSAGES)];
        for (let later = index + 1; later < steps.length; later++) stepMessages[later] = [];
        break;
      }
      const role = BUILDER_MESSAGES[nameNode.text];
      if (role) {
        stepMessages[index] = [{ kind: 'object', span: spanOf(step), entries: [{ key: 'role', keySpan: spanOf(nameNode), value: { kind: 'string', span: spanOf(nameNode), segments: [{ kind: 'static', text: role }] } }, { key: 'content', keySpan: spanOf(nameNode), value }], openSpreads: [] }];
      } else if (nameNode.text === 'messages' && value.kind === 'array') {
        stepMessages[index] = value.items;
      } else {
        stepEntries[index] = { key: nameNode.text, keySpan: spanOf(nameNode), value };
      }
    }
    const entries = stepEntries.filter((entry): entry is ObjectEntry => entry !== null);
    const messages = stepMessages.flat();
    if (messages.length) entries.push({ key: 'messages', keySpan: spanOf(build), value: { kind: 'array', span: spanOf(build), items: messages, open: false } });
    return { kind: 'object', span: spanOf(build), entries, openSpreads: [], typeName: current.childForFieldName('object')?.text };
  }
}

const isPlus = (node: Node): boolean => node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '+';
