// Go (openai-go, anthropic-sdk-go): `client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{…})`.
import type { Node } from 'web-tree-sitter';
import type { CallArguments, QueryRunner, CreateAdapter } from '../adapter';
import type { ResolutionBudget } from '../workLimits';
import { opaque, type CodeValue, type ObjectEntry } from '../values';
import { NO_TYPES, stringPieces } from './evaluator';
import type { BranchConstruct, FlowVocabulary } from '../flowPaths';
import { BaseAdapter, type LanguageQueries, printfString, spanOf } from './baseAdapter';
import { isFirstKey, resolveInPriorityOrder, resolveList } from './common';

/** if / else, switch and type-switch cases, for loops; return, panic and os.Exit / log.Fatal end a path. */
const GO_FLOW: FlowVocabulary = {
  constructs: new Map<string, BranchConstruct>([
    ['if_statement', { bodyFields: ['consequence', 'alternative'], completeWith: { field: 'alternative' } }],
    ['expression_switch_statement', { bodyTypes: ['expression_case', 'default_case'], completeWith: { types: ['default_case'] } }],
    ['type_switch_statement', { bodyTypes: ['type_case', 'default_case'], completeWith: { types: ['default_case'] } }],
    ['for_statement', { bodyFields: ['body'] }],
  ]),
  sequences: new Set(['block', 'statement_list', 'expression_statement']),
  exits: new Set(['return_statement']),
  exitCalls: { types: new Set(['call_expression']), callee: /^(panic|os\.Exit|log\.(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln))$/ },
};

const GO_QUERIES: LanguageQueries = {
  calleeField: 'function',
  vocabulary: {
    family: 'go',
    members: { selector_expression: ['operand', 'field'] },
    wrappers: NO_TYPES,
    names: new Set(['identifier']),
    unknownRoot: true,
    loops: NO_TYPES,
    functions: NO_TYPES,
    flow: GO_FLOW,
    values: { wrappers: new Set(['literal_element', 'parenthesized_expression']), numbers: new Set(['int_literal', 'float_literal']), nulls: new Set(['nil']), identifiers: new Set(['identifier']), binary: { type: 'binary_expression', arithmetic: {}, boundCallNames: true }, calls: new Set(['call_expression']), environment: /os\.Getenv/ },
  },
};

const GO_STRING_FRAGMENTS: ReadonlySet<string> = new Set(['interpreted_string_literal_content']);

/** Wrappers the Go SDKs use for optional fields: `openai.String("…")`, `openai.Int(300)`, `param.NewOpt(…)`. */
const OPTIONAL_WRAPPERS = /^(String|Int|Int32|Int64|Float|Float32|Bool|F|NewOpt|Opt)$/;

export class GoAdapter extends BaseAdapter {
  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget?: ResolutionBudget) {
    super(root, text, queries, GO_QUERIES, patterns, budget);
  }

  protected argumentsOf(call: Node, depth: number, visiting: Set<number>): CallArguments {
    const argsNode = call.childForFieldName('arguments');
    const values = (argsNode?.namedChildren ?? []).filter((child): child is Node => Boolean(child) && child!.type !== 'comment').map((child) => this.value(child, depth + 1, visiting));
    // The params struct follows the context argument: put it first, where options are looked up.
    const optionsIndex = values.findIndex((value) => value.kind === 'object');
    const positional = optionsIndex > 0 ? [values[optionsIndex], ...values.slice(0, optionsIndex), ...values.slice(optionsIndex + 1)] : values;
    return { positional, named: [], openSpreads: [] };
  }

  protected syntaxValue(node: Node, depth: number, visiting: Set<number>): CodeValue | null {
    const span = spanOf(node);
    switch (node.type) {
      case 'interpreted_string_literal':
        return { kind: 'string', span, segments: stringPieces(node, GO_STRING_FRAGMENTS) };
      case 'raw_string_literal': {
        const content = node.namedChildren.find((child) => child?.type === 'raw_string_literal_content');
        return { kind: 'string', span, segments: content ? [{ kind: 'static', text: content.text.replace(/\r/g, ''), span: spanOf(content) }] : [] };
      }
      case 'composite_literal':
        return this.composite(node.childForFieldName('body'), node.childForFieldName('type'), depth, visiting);
      case 'literal_value':
        return this.composite(node, null, depth, visiting);
      case 'unary_expression': {
        // `&openai.ChatCompletionNewParams{…}`
        const operand = node.childForFieldName('operand');
        return operand && node.childForFieldName('operator')?.text === '&' ? this.value(operand, depth + 1, visiting) : opaque(span, node.text);
      }
      default:
        return null;
    }
  }

  /** Keyed struct literals become objects; slices become arrays; `{OfString: x}` unions become x. */
  private composite(body: Node | null, type: Node | null, depth: number, visiting: Set<number>): CodeValue {
    if (!body) return opaque(type ? spanOf(type) : { start: 0, end: 0 }, type?.text ?? '');
    const span = spanOf(body.parent?.type === 'composite_literal' ? body.parent : body);
    const elements = body.namedChildren.filter((child): child is Node => Boolean(child) && child!.type !== 'comment');
    const keyed = elements.length > 0 && elements.every((element) => element.type === 'keyed_element');
    if (keyed && type?.type !== 'slice_type' && type?.type !== 'array_type' && type?.type !== 'map_type') {
      const keyOf = (element: Node): Node | null => element.childForFieldName('key') ?? element.namedChild(0);
      const entries = resolveInPriorityOrder(elements, (element) => isFirstKey(keyOf(element)?.text ?? null), (element): ObjectEntry | null => {
        const keyNode = keyOf(element);
        const valueNode = element.childForFieldName('value') ?? element.namedChild(1);
        return keyNode && valueNode ? { key: keyNode.text, keySpan: spanOf(keyNode), value: this.value(valueNode, depth + 1, visiting) } : null;
      }).filter((entry): entry is ObjectEntry => entry !== null);
      // Union wrappers: `responses.ResponseNewParamsInputUnion{OfString: openai.String(…)}`.
      if (entries.length === 1 && /^Of[A-Z]/.test(entries[0].key)) return entries[0].value;
      return { kind: 'object', span, entries, openSpreads: [], ...(type ? { typeName: type.text } : {}) };
    }
    const { items, cut } = resolveList(this.budget, elements, (element) => [this.value(element, depth + 1, visiting)]);
    return { kind: 'array', span, items, open: cut };
  }

  protected callValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const fn = node.childForFieldName('function');
    if (!fn) return opaque(span, node.text);
    const path = this.pathOf(fn);
    const method = path[path.length - 1] ?? '';
    const argNodes = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is Node => Boolean(child) && child!.type !== 'comment');
    const args = argNodes.slice(0, 8).map((arg) => this.value(arg, depth + 1, visiting));
    if (OPTIONAL_WRAPPERS.test(method) && args.length === 1 && (args[0].kind === 'string' || args[0].kind === 'number')) return args[0];
    if (OPTIONAL_WRAPPERS.test(method) && args.length === 1 && method === 'String') return args[0].kind === 'call' ? { ...args[0] } : args[0];
    if (path[0] === 'fmt' && method === 'Sprintf' && args[0]?.kind === 'string') return printfString(args[0], args.slice(1), argNodes.slice(1).map((arg) => arg.text), span);
    if (path[0] === 'os' && method === 'Getenv') return opaque(span, node.text, 'environment');
    const receiverNode = this.receiverOf(fn);
    const receiver = receiverNode && receiverNode.type !== 'identifier' ? this.value(receiverNode, depth + 1, visiting) : null;
    return { kind: 'call', span, path, text: node.text, positional: args, named: [], openSpreads: [], receiver };
  }
}

/** The scanner loads this module by its languages.json `adapter` name. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new GoAdapter(root, text, queries, patterns, budget);
