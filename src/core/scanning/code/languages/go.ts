// Go (openai-go, anthropic-sdk-go): `client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{…})`.
import type { Node } from 'web-tree-sitter';
import type { CallArguments, QueryRunner, CreateAdapter } from '../adapter';
import type { ResolutionBudget } from '../workLimits';
import { opaque, type CodeValue, type ObjectEntry } from '../values';
import { Evaluator, printfString, stringPieces } from './evaluator';
import { NODE_VOCABULARY } from '../nodeVocabulary';
import { spanOf } from './common';
import { isFirstKey, resolveInPriorityOrder, resolveList } from './common';
import { ENV_VARIABLE_NAME, isEnvHelperPath } from '../envReads';


const GO_STRING_FRAGMENTS: ReadonlySet<string> = new Set(['interpreted_string_literal_content']);

/** Wrappers the Go SDKs use for optional fields: `openai.String("…")`, `openai.Int(300)`, `param.NewOpt(…)`. */
const OPTIONAL_WRAPPERS = /^(String|Int|Int32|Int64|Float|Float32|Bool|F|NewOpt|Opt)$/;

export class GoAdapter extends Evaluator {
  constructor(root: Node, text: string, queries: QueryRunner, patterns: readonly string[], budget?: ResolutionBudget) {
    super(root, text, queries, NODE_VOCABULARY.go, patterns, budget);
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
    // A map with string keys (`map[string]any{"model": …, "max_tokens": 300}`, how Go code builds JSON bodies) reads like a struct.
    const stringKeyedMap = type?.type === 'map_type' && keyed && elements.every((element) => /^"[^"\\]*"$/.test(elementKey(element)?.text ?? ''));
    if (keyed && (stringKeyedMap || (type?.type !== 'slice_type' && type?.type !== 'array_type' && type?.type !== 'map_type'))) {
      const keyText = (element: Node): string | null => {
        const text = elementKey(element)?.text ?? null;
        return text !== null && stringKeyedMap ? text.slice(1, -1) : text;
      };
      const entries = resolveInPriorityOrder(elements, (element) => isFirstKey(keyText(element)), (element): ObjectEntry | null => {
        const keyNode = elementKey(element);
        const key = keyText(element);
        const valueNode = element.childForFieldName('value') ?? element.namedChild(1);
        return keyNode && key !== null && valueNode ? { key, keySpan: spanOf(keyNode), value: this.value(valueNode, depth + 1, visiting) } : null;
      }).filter((entry): entry is ObjectEntry => entry !== null);
      // Union wrappers: `responses.ResponseNewParamsInputUnion{OfString: openai.String(…)}`.
      if (entries.length === 1 && /^Of[A-Z]/.test(entries[0].key)) return entries[0].value;
      return { kind: 'object', span, entries, openSpreads: [], ...(type ? { typeName: type.text } : {}) };
    }
    const { items, cut } = resolveList(this.budget, elements, (element) => [this.value(element, depth + 1, visiting)]);
    return { kind: 'array', span, items, open: cut };
  }

  /** `pkg.Name` (a constant of another package, through the workspace index) and `value.Field` of a struct literal. */
  protected memberValue(node: Node, depth: number, visiting: Set<number>): CodeValue {
    const operand = node.childForFieldName('operand');
    const field = node.childForFieldName('field');
    if (!operand || !field) return opaque(spanOf(node), node.text);
    return this.keyOf(node, operand, field.text, depth, visiting);
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
    // The project's own `getEnv("MODEL", "gpt-4o-mini")`: an environment read with that literal default.
    const variable = args[0]?.kind === 'string' && args[0].segments.length === 1 && args[0].segments[0].kind === 'static' ? args[0].segments[0].text : null;
    if (variable !== null && ENV_VARIABLE_NAME.test(variable) && isEnvHelperPath(path) && args[1]?.kind === 'string') return opaque(span, node.text, 'environment', { definition: node.text, defaultValue: args[1], defaultKind: 'env-default' });
    const returned = this.workspaceCall(node, path, args, []);
    if (returned) return returned;
    const receiverNode = this.receiverOf(fn);
    const receiver = receiverNode && receiverNode.type !== 'identifier' ? this.value(receiverNode, depth + 1, visiting) : null;
    return { kind: 'call', span, path, text: node.text, positional: args, named: [], openSpreads: [], receiver };
  }
}

/** The key of a keyed element (`Model:` or `"max_tokens":`), unwrapped from its `literal_element`. */
function elementKey(element: Node): Node | null {
  const key = element.childForFieldName('key') ?? element.namedChild(0);
  return key?.type === 'literal_element' ? key.namedChild(0) : key;
}

/** The scanner loads this module by its family name in languages.json. */
export const createAdapter: CreateAdapter = (root, text, queries, budget, _language, patterns) => new GoAdapter(root, text, queries, patterns, budget);
