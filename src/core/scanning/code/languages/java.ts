// Java (openai-java, anthropic-sdk-java): `client.chat().completions().create(Params.builder().model(…)….build())`.
import type { Node } from 'web-tree-sitter';
import type { CallArguments, QueryRunner, CreateAdapter } from '../adapter';
import { dedentText } from '../stringEscapes';
import type { PromptSegment } from '../../../types';
import { opaque, valueOf as valueOfKey, type CodeValue, type ObjectEntry, type ObjectValue, type StringValue } from '../values';
import { Evaluator, printfString, stringPieces } from './evaluator';
import { NODE_VOCABULARY } from '../nodeVocabulary';
import { spanOf } from './common';
import { priorityOrder, unresolvedRest } from './common';
import { UNRESOLVED_MESSAGES, coveringSpan, type ResolutionBudget } from '../workLimits';


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

/**
 * A Spring AI prompt step given a spec lambda (`user(u -> u.text("… {ticket}").param("ticket", ticket))`): the text, its
 * `{name}` template fields as placeholders. Other messages are returned as they are.
 */
function promptSpecMessage(message: CodeValue): CodeValue {
  if (message.kind !== 'object') return message;
  const content = valueOfKey(message, 'content');
  const text = content?.kind === 'object' ? valueOfKey(content, 'text') : undefined;
  if (!content || text?.kind !== 'string') return message;
  const templated = content.kind === 'object' && content.entries.some((entry) => entry.key === 'param' || entry.key === 'params');
  const value: StringValue = templated ? { ...text, segments: text.segments.flatMap(templateFieldSegments) } : text;
  return { ...message, entries: message.entries.map((entry) => (entry.key === 'content' ? { ...entry, value } : entry)) };
}

/** A static piece split at `{name}` fields (Spring AI's StringTemplate delimiters), spans kept where the text is the source's. */
function templateFieldSegments(segment: PromptSegment): PromptSegment[] {
  if (segment.kind !== 'static') return [segment];
  const located = segment.span && segment.span.end - segment.span.start === segment.text.length ? segment.span.start : null;
  const pieces: PromptSegment[] = [];
  let last = 0;
  for (const match of segment.text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    const at = match.index ?? 0;
    if (at > last) pieces.push({ kind: 'static', text: segment.text.slice(last, at), ...(located !== null ? { span: { start: located + last, end: located + at } } : {}) });
    pieces.push({ kind: 'dynamic', name: match[1], raw: match[0], ...(located !== null ? { span: { start: located + at, end: located + at + match[0].length } } : segment.span ? { span: segment.span } : {}) });
    last = at + match[0].length;
  }
  if (last === 0) return [segment];
  if (last < segment.text.length) pieces.push({ kind: 'static', text: segment.text.slice(last), ...(located !== null ? { span: { start: located + last, end: located + segment.text.length } } : {}) });
  return pieces;
}

export class JavaAdapter extends Evaluator {
  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget?: ResolutionBudget) {
    super(root, text, queries, NODE_VOCABULARY.java, patterns, budget);
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
    // Configuration (`spring.ai.openai.chat.options.*`) may set any option the code does not.
    const configured = opaque(spanOf(call), 'the ChatClient defaults');
    const defaults = this.chatClientDefaults(prompt.childForFieldName('object'), depth, visiting);
    if (!defaults) return { ...chain, entries: chain.entries.map((entry) => (entry.key === 'messages' && entry.value.kind === 'array' ? { ...entry, value: { ...entry.value, items: entry.value.items.map(promptSpecMessage) } } : entry)), openSpreads: [configured] };
    // The client's defaults come first: the call's own options and messages follow them (and win per option).
    const chainMessages = valueOfKey(chain, 'messages');
    const messages = [...defaults.messages, ...(chainMessages?.kind === 'array' ? chainMessages.items.map(promptSpecMessage) : [])];
    const entries = [...defaults.entries, ...chain.entries.filter((entry) => entry.key !== 'messages')];
    if (messages.length) entries.push({ key: 'messages', keySpan: chain.span, value: { kind: 'array', span: chain.span, items: messages, open: false } });
    return { ...chain, entries, openSpreads: [configured] };
  }

  /**
   * A Spring AI client built in view: `ChatClient.builder(chatModel).defaultSystem(…).defaultOptions(…).build()`, bound to
   * the name the chain starts from (a local, or a field assigned once in its class). Its default options as entries,
   * its default system and user text as messages; null when the client is not built in this file.
   */
  private chatClientDefaults(client: Node | null, depth: number, visiting: Set<number>): { entries: ObjectEntry[]; messages: CodeValue[] } | null {
    if (!client || (client.type !== 'identifier' && client.type !== 'field_access')) return null;
    let built = this.value(client, depth + 1, visiting);
    if (!(built.kind === 'object' && built.typeName === 'ChatClient')) {
      const assigned = this.assignedOnce(client, client.type === 'field_access' ? client.childForFieldName('field')?.text : client.text);
      built = assigned ? this.value(assigned, depth + 1, visiting) : built;
    }
    if (!(built.kind === 'object' && built.typeName === 'ChatClient')) return null;
    const entries: ObjectEntry[] = [];
    const messages: CodeValue[] = [];
    for (const entry of built.entries) {
      const options = entry.value;
      if (entry.key === 'defaultOptions' && (options.kind === 'object' || options.kind === 'call')) entries.push(...(options.kind === 'object' ? options.entries : options.named));
      const role = entry.key === 'defaultSystem' ? 'system' : entry.key === 'defaultUser' ? 'user' : null;
      if (role) messages.push({ kind: 'object', span: entry.keySpan, entries: [{ key: 'role', keySpan: entry.keySpan, value: { kind: 'string', span: entry.keySpan, segments: [{ kind: 'static', text: role }] } }, { key: 'content', keySpan: entry.keySpan, value: entry.value }], openSpreads: [] });
    }
    return { entries, messages };
  }

  /** The right-hand side of the one assignment `name = …` / `this.name = …` in the class around `from`; null unless exactly one. */
  private assignedOnce(from: Node, name: string | undefined): Node | null {
    if (!name) return null;
    let scope: Node | null = from.parent;
    while (scope && scope.type !== 'class_body') scope = scope.parent;
    if (!scope) return null;
    const found = scope.descendantsOfType('assignment_expression').filter((assignment): assignment is Node => {
      const left = assignment?.childForFieldName('left');
      return Boolean(left && (left.text === name || left.text === `this.${name}`));
    });
    return found.length === 1 ? found[0].childForFieldName('right') : null;
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

  /** `Constants.MODEL`, `Prompts.SYSTEM`: a static field of a class the workspace index knows. */
  protected memberValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const object = node.childForFieldName('object');
    const field = node.childForFieldName('field');
    if (!object || !field || object.type === 'this') return opaque(spanOf(node), node.text);
    return this.keyOf(node, object, field.text, depth, visiting);
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

/** The scanner loads this module by its family name in languages.json. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new JavaAdapter(root, text, queries, patterns, budget);
