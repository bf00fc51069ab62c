// Calls inside loops (issue 17 item 9): the loops around a call, up to its function, read from the syntax tree. A loop
// with a literal bound (`for _ in range(5)`, `for (let i = 0; i < 5; i++)`, `for x in [a, b, c]`) multiplies the
// call's count; a loop whose condition sets no literal bound (`while True`, `while (!done)`) is open-ended. What each
// language's loops look like is data (languages.json vocabulary `loopSyntax`); the walk is the same for all. Each call walks
// its ancestors once: the work is the tree depth per call, plus one walk of each bounded loop's body per file (for an
// early exit).
import type { LanguageFamily } from '../../languages';
import type { CallLoop, Span } from '../../types';
import type { Node } from './treeSitterRuntime';
import { NODE_VOCABULARY, type LoopSyntax } from './nodeVocabulary';

export type { LoopSyntax };

/** Loop syntax by language family (languages.json vocabulary `loopSyntax`); families without an entry get no loop facts. */
export const LOOP_SYNTAX: ReadonlyMap<LanguageFamily, LoopSyntax> = new Map(
  Object.values(NODE_VOCABULARY).flatMap((vocabulary) => (vocabulary.loopSyntax ? [[vocabulary.family, vocabulary.loopSyntax] as const] : [])),
);

/** Most iterations a literal bound may claim (a typo like `range(10**9)` should not price a billion calls). */
const MAX_ITERATIONS = 100_000;

const spanOf = (node: Node): Span => ({ start: node.startIndex, end: node.endIndex });
const boundOf = (node: Node): { bound: Span; boundText: string } => ({ bound: spanOf(node), boundText: node.text.slice(0, 40) });

function integerOf(node: Node | null, syntax: LoopSyntax): number | null {
  if (!node) return null;
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return integerOf(node.namedChild(0), syntax);
  if (!syntax.integers.has(node.type)) return null;
  const value = Number(node.text.replace(/_/g, ''));
  return Number.isSafeInteger(value) ? value : null;
}

function namedItems(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

/** `range(5)`, `range(2, 7)`, `range(0, 10, 2)` with integer literals; a list or tuple literal: its item count. */
function iterableCount(node: Node | null, syntax: LoopSyntax): number | null {
  if (!node) return null;
  if (syntax.iterableWrappers?.has(node.type) && node.namedChildCount === 1) return iterableCount(node.namedChild(0), syntax);
  if (syntax.lists.has(node.type)) {
    const bodyField = syntax.listBody?.get(node.type);
    const holder = bodyField ? node.childForFieldName(bodyField) : node;
    if (!holder) return null;
    const items = namedItems(holder);
    return items.some((item) => /spread|splat/.test(item.type)) ? null : items.length;
  }
  const range = syntax.rangeCall;
  if (range && node.type === range.type && range.names.has(node.childForFieldName(range.function)?.text ?? '')) {
    const args = namedItems(node.childForFieldName(range.arguments) ?? node).map((arg) => integerOf(arg, syntax));
    if (args.length === 0 || args.length > 3 || args.some((arg) => arg === null)) return null;
    const [start, stop, step] = args.length === 1 ? [0, args[0]!, 1] : [args[0]!, args[1]!, args[2] ?? 1];
    return step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : null;
  }
  return null;
}

/** `i < 5` / `i <= 5` against a literal, with the counter starting at `start` (0 when unknown). */
function comparisonBound(condition: Node | null, syntax: LoopSyntax, start: number): number | null {
  if (!condition) return null;
  if (condition.type === 'parenthesized_expression' && condition.namedChildCount === 1) return comparisonBound(condition.namedChild(0), syntax, start);
  if (condition.type !== syntax.comparison.type) return null;
  // Python's comparison_operator has no fields: operands are its named children, the operator its one unnamed child.
  const operands = syntax.comparison.left ? [condition.childForFieldName(syntax.comparison.left), condition.childForFieldName(syntax.comparison.right)] : namedItems(condition);
  const operator = syntax.comparison.operator ? condition.childForFieldName(syntax.comparison.operator)?.text : condition.children.find((child) => child !== null && !child.isNamed)?.text;
  if (operands.length !== 2 || (operator !== '<' && operator !== '<=')) return null;
  const limit = integerOf(operands[1], syntax);
  if (limit === null || operands[0]?.type === undefined || syntax.integers.has(operands[0].type)) return null;
  return Math.max(0, limit - start + (operator === '<=' ? 1 : 0));
}

/** The first integer literal a counting loop's initializer assigns (`let i = 0`, `i = 1`). */
function initialValue(initializer: Node | null, syntax: LoopSyntax): number {
  if (!initializer) return 0;
  let found: number | null = null;
  const visit = (node: Node, depth: number): void => {
    if (found !== null || depth > 4) return;
    const value = integerOf(node, syntax);
    if (value !== null) {
      found = value;
      return;
    }
    for (const child of namedItems(node)) visit(child, depth + 1);
  };
  visit(initializer, 0);
  return found ?? 0;
}

/** Whether a loop's body can leave it early: a `break` / `return` outside nested functions (nested loops' `break`s count too: cheap and on the safe side). */
function exitsEarly(loop: Node, syntax: LoopSyntax): boolean {
  const stack: Node[] = [loop];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (syntax.exits.has(node.type)) return true;
    for (const child of node.namedChildren) if (child && !syntax.functions.has(child.type)) stack.push(child);
  }
  return false;
}

function loopOf(node: Node, syntax: LoopSyntax, exits: Map<number, boolean>): CallLoop | null {
  const loop = loopShape(node, syntax);
  if (!loop || loop.iterations === null) return loop;
  // A bounded loop that can stop early runs at most its bound: kept as a maximum, not multiplied into the expected count.
  // Each loop's body is walked once per file (the cache), however many calls it holds.
  let early = exits.get(node.id);
  if (early === undefined) exits.set(node.id, (early = exitsEarly(node, syntax)));
  return early ? { ...loop, earlyExit: true } : loop;
}

function loopShape(node: Node, syntax: LoopSyntax): CallLoop | null {
  const clauses = syntax.clauses?.get(node.type);
  if (clauses) {
    const clause = node.namedChildren.find((child): child is Node => child !== null && child.type !== 'comment') ?? null;
    if (!clause || clause.type === clauses.body) return { kind: 'while', iterations: null, bound: { start: node.startIndex, end: node.startIndex + 3 }, boundText: node.text.slice(0, 3) };
    if (clause.type === clauses.counting) {
      const condition = clause.childForFieldName(clauses.condition);
      const count = comparisonBound(condition, syntax, initialValue(clause.childForFieldName(clauses.initializer), syntax));
      return { kind: 'counting', iterations: count, ...boundOf(condition ?? clause) };
    }
    if (clause.type === clauses.range) {
      const iterable = clause.childForFieldName(clauses.iterable);
      return { kind: 'for-each', iterations: iterableCount(iterable, syntax), ...boundOf(iterable ?? clause) };
    }
    return { kind: 'while', iterations: comparisonBound(clause, syntax, 0), ...boundOf(clause) };
  }
  const blocks = syntax.blocks;
  if (blocks?.types.has(node.type)) {
    const call = node.parent;
    if (!call || call.type !== blocks.call) return null;
    const method = call.childForFieldName(blocks.method)?.text ?? '';
    const receiver = call.childForFieldName(blocks.receiver);
    // `3.times`: the bound is the receiver and method, not the whole block.
    const head = { start: call.startIndex, end: call.childForFieldName(blocks.method)?.endIndex ?? call.endIndex };
    if (blocks.times.has(method) && receiver) return { kind: 'counting', iterations: integerOf(receiver, syntax), bound: head, boundText: call.text.slice(0, head.end - head.start).slice(0, 40) };
    if (blocks.each.has(method) && receiver) {
      // `3.times.map do`: an enumerator of a counted receiver walks its count.
      const counted = receiver.type === blocks.call && blocks.times.has(receiver.childForFieldName(blocks.method)?.text ?? '') ? integerOf(receiver.childForFieldName(blocks.receiver), syntax) : null;
      return { kind: 'for-each', iterations: counted ?? iterableCount(receiver, syntax), ...boundOf(receiver) };
    }
    if (blocks.forever.has(method) && !receiver) return { kind: 'while', iterations: null, ...boundOf(call.childForFieldName(blocks.method) ?? call) };
    return null;
  }
  const eachField = syntax.forEach.get(node.type);
  if (eachField !== undefined) {
    const keyword = syntax.forEachKeyword?.get(node.type);
    const iterable = node.childForFieldName(eachField);
    // `for (k in obj)` walks keys, not a list: no literal bound.
    if (keyword && !node.children.some((child) => child !== null && !child.isNamed && child.text === keyword)) return { kind: 'for-each', iterations: null, ...boundOf(iterable ?? node) };
    const count = iterableCount(iterable, syntax);
    // The loop variable over a literal list: a placeholder of that name takes one of `count` known values.
    const variableField = syntax.forEachVariable?.get(node.type);
    const variable = variableField && count !== null && iterable && syntax.lists.has(iterable.type) ? node.childForFieldName(variableField)?.text : undefined;
    return { kind: 'for-each', iterations: count, ...boundOf(iterable ?? node), ...(variable && /^[A-Za-z_$][\w$]*$/.test(variable) ? { variable } : {}) };
  }
  const counting = syntax.counting?.get(node.type);
  if (counting) {
    const condition = node.childForFieldName(counting.condition);
    const count = comparisonBound(condition, syntax, initialValue(node.childForFieldName(counting.initializer), syntax));
    return { kind: 'counting', iterations: count, ...boundOf(condition ?? node) };
  }
  const conditionField = syntax.conditional.get(node.type);
  if (conditionField !== undefined) {
    const condition = node.childForFieldName(conditionField);
    const count = comparisonBound(condition, syntax, 0);
    return { kind: 'while', iterations: count, ...boundOf(condition ?? node) };
  }
  return null;
}

/** Whether a node is a loop of its language (the same test `loopsAround` uses, so indexes into a call's loops line up). */
export function isLoopNode(node: Node, family: LanguageFamily): boolean {
  const syntax = LOOP_SYNTAX.get(family);
  return !!syntax && loopShape(node, syntax) !== null;
}

/**
 * The loops around a call inside its function, innermost first, and their combined iterations: the product of the
 * literal bounds (null when any loop has none).
 */
export function loopsAround(root: Node, span: Span, family: LanguageFamily, exits: Map<number, boolean> = new Map()): CallLoop[] {
  const syntax = LOOP_SYNTAX.get(family);
  if (!syntax) return [];
  const loops: CallLoop[] = [];
  let node: Node | null = root.descendantForIndex(span.start, Math.max(span.start, span.end - 1));
  while (node && !syntax.functions.has(node.type)) {
    const loop = loopOf(node, syntax, exits);
    if (loop) loops.push(loop);
    node = node.parent;
  }
  return loops.map((loop) => (loop.iterations !== null && loop.iterations > MAX_ITERATIONS ? { ...loop, iterations: MAX_ITERATIONS } : loop));
}
