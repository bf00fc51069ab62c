// Java (openai-java, anthropic-sdk-java): `client.chat().completions().create(Params.builder().model(…)….build())`.
import type { Node } from 'web-tree-sitter';
import type { CallArguments, QueryRunner, CreateAdapter } from '../adapter';
import { dedentText } from '../stringEscapes';
import { opaque, type CodeValue, type ObjectEntry, type ObjectValue } from '../values';
import { NO_TYPES, stringPieces } from './evaluator';
import type { BranchConstruct, FlowVocabulary } from '../flowPaths';
import { BaseAdapter, type LanguageQueries, printfString, spanOf } from './baseAdapter';
import { priorityOrder, unresolvedRest } from './common';
import { UNRESOLVED_MESSAGES, coveringSpan, type ResolutionBudget } from '../workLimits';

/** if / else, switch groups and rules, catch handlers, loops; return and throw end a path. */
const JAVA_FLOW: FlowVocabulary = {
  constructs: new Map<string, BranchConstruct>([
    ['if_statement', { bodyFields: ['consequence', 'alternative'], completeWith: { field: 'alternative' } }],
    ['switch_expression', { bodiesIn: 'body', bodyTypes: ['switch_block_statement_group', 'switch_rule'], emptyCase: { labelTypes: ['switch_label'] } }],
    ['try_statement', { bodyTypes: ['catch_clause'], completeWhenEnds: 'body' }],
    ['try_with_resources_statement', { bodyTypes: ['catch_clause'], completeWhenEnds: 'body' }],
    ['for_statement', { bodyFields: ['body'] }],
    ['enhanced_for_statement', { bodyFields: ['body'] }],
    ['while_statement', { bodyFields: ['body'] }],
  ]),
  sequences: new Set(['block', 'expression_statement']),
  exits: new Set(['return_statement', 'throw_statement']),
};

const JAVA_QUERIES: LanguageQueries = {
  vocabulary: {
    family: 'java',
    members: { method_invocation: ['object', 'name'], field_access: ['object', 'field'] },
    memberCalls: new Set(['method_invocation']),
    wrappers: NO_TYPES,
    names: new Set(['identifier', 'this']),
    unknownRoot: false,
    loops: NO_TYPES,
    functions: NO_TYPES,
    flow: JAVA_FLOW,
    values: { wrappers: new Set(['parenthesized_expression']), numbers: new Set(['decimal_integer_literal', 'decimal_floating_point_literal']), numberSuffix: /[lLfFdD]$/, nulls: new Set(['null_literal']), identifiers: new Set(['identifier']), binary: { type: 'binary_expression', arithmetic: {}, boundCallNames: true }, calls: new Set(['method_invocation']), environment: /System\.getenv/ },
  },
};

const JAVA_STRING_FRAGMENTS: ReadonlySet<string> = new Set(['string_fragment', 'multiline_string_fragment']);

/** Builder methods that add a message, and the role each adds. */
const BUILDER_MESSAGES: ReadonlyMap<string, string> = new Map([
  ['addSystemMessage', 'system'],
  ['addDeveloperMessage', 'developer'],
  ['addUserMessage', 'user'],
  ['addAssistantMessage', 'assistant'],
]);

/** Spring AI prompt-chain steps that add a message. */
const PROMPT_CHAIN_MESSAGES: ReadonlyMap<string, string> = new Map([['prompt', 'user'], ['system', 'system'], ['user', 'user']]);

export class JavaAdapter extends BaseAdapter {
  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget?: ResolutionBudget) {
    super(root, text, queries, JAVA_QUERIES, patterns, budget);
  }

  protected argumentsOf(call: Node, depth: number, visiting: Set<number>): CallArguments {
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is Node => Boolean(child) && child!.type !== 'comment');
    // A fluent chain's last call takes the chain as its options: `X.builder()….build()` (LangChain4j models),
    // Spring AI's `chatClient.prompt().system(…).user(…).call()`.
    const name = call.childForFieldName('name')?.text;
    if (args.length === 0 && (name === 'build' || name === 'call' || name === 'stream')) {
      const chained = name === 'build' ? this.builder(call, depth, visiting) : this.promptChain(call, depth, visiting);
      if (chained) return { positional: [chained], named: [], openSpreads: [] };
    }
    return { positional: args.map((arg) => this.value(arg, depth + 1, visiting)), named: [], openSpreads: [] };
  }

  /** Spring AI `client.prompt("…").system(…).user(…).options(…).call()`: messages and options; the client's defaults may set any option. */
  private promptChain(call: Node, depth: number, visiting: Set<number>): CodeValue | null {
    let prompt: Node | null = call.childForFieldName('object');
    while (prompt?.type === 'method_invocation' && prompt.childForFieldName('name')?.text !== 'prompt') prompt = prompt.childForFieldName('object');
    if (prompt?.type !== 'method_invocation') return null;
    const chain = this.steps(call.childForFieldName('object'), (node) => node.id === prompt.id, depth, visiting, PROMPT_CHAIN_MESSAGES, prompt);
    if (!chain) return null;
    return { ...chain, openSpreads: [opaque(spanOf(call), 'the ChatClient defaults')] };
  }

  protected syntaxValue(node: Node, depth: number, visiting: Set<number>): CodeValue | null {
    const span = spanOf(node);
    switch (node.type) {
      case 'string_literal': {
        const textBlock = node.text.startsWith('"""');
        const value = { kind: 'string' as const, span, segments: stringPieces(node, JAVA_STRING_FRAGMENTS) };
        if (!textBlock) return value;
        // Text blocks drop the newline after the opening quotes and the common indentation.
        return { ...value, segments: value.segments.map((segment) => (segment.kind === 'static' ? { ...segment, text: dedentText(segment.text.replace(/^[ \t]*\r?\n/, '')) } : segment)) };
      }
      case 'field_access': {
        const object = node.childForFieldName('object');
        const field = node.childForFieldName('field');
        if (object?.type === 'this' && field) return this.identifier(field, depth, visiting, field.text);
        return opaque(span, node.text);
      }
      case 'lambda_expression': {
        // AWS SDK consumer builders: `request -> request.modelId(…).inferenceConfig(c -> c.maxTokens(512))`.
        const body = node.childForFieldName('body');
        if (body?.type === 'method_invocation') return this.steps(body, (current) => current.type !== 'method_invocation', depth, visiting, BUILDER_MESSAGES, null, true) ?? opaque(span, node.text);
        return opaque(span, node.text);
      }
      case 'object_creation_expression': {
        const type = node.childForFieldName('type');
        const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is Node => Boolean(child)).slice(0, 8);
        return { kind: 'call', span, path: [type?.text ?? '?'], text: node.text, positional: args.map((arg) => this.value(arg, depth + 1, visiting)), named: [], openSpreads: [], receiver: null };
      }
      default:
        return null;
    }
  }

  protected callValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
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
    return this.steps(build.childForFieldName('object'), (current) => current.childForFieldName('name')?.text === 'builder', depth, visiting, BUILDER_MESSAGES);
  }

  /**
   * The steps of a method chain from `top` down to the call `isRoot` accepts (left out, unless `first` names it to
   * be read too), as one options object: each step's argument under its name, message steps in a messages list.
   * `toName`: the chain may end at a plain name (a lambda's parameter).
   */
  private steps(top: Node | null, isRoot: (node: Node) => boolean, depth: number, visiting: Set<number>, messageSteps: ReadonlyMap<string, string>, first: Node | null = null, toName = false): ObjectValue | null {
    const steps: Node[] = [];
    let current: Node | null = top;
    while (current?.type === 'method_invocation' && !isRoot(current)) {
      steps.unshift(current);
      current = current.childForFieldName('object');
    }
    if (!current || (toName ? current.type !== 'identifier' : current.type !== 'method_invocation')) return null;
    if (first) steps.unshift(first);
    const build = top!;
    const typeName = current.type === 'method_invocation' ? current.childForFieldName('object')?.text : undefined;
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
      const role = messageSteps.get(nameNode.text);
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
    return { kind: 'object', span: spanOf(build), entries, openSpreads: [], ...(typeName ? { typeName } : {}) };
  }
}

/** The scanner loads this module by its languages.json `adapter` name. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new JavaAdapter(root, text, queries, patterns, budget);
