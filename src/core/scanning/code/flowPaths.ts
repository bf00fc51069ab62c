// Which assignment holds at a use: a value bound in one body of an if / elif / else, a case, an exception handler or
// a loop is the value after that statement only when every other way past it ends in return / raise / throw. The
// grammar facts (which node types branch, which end a path) are data in each language's vocabulary.
import type { Node } from 'web-tree-sitter';
import type { Span } from '../../types';
import { opaque, type CodeValue, type ObjectEntry } from './values';

/** A statement that runs one of several bodies, or none: which children are bodies and when one of them always runs. */
export interface BranchConstruct {
  /** Single-node fields that are bodies (`consequence`, `alternative`, `body`, `handler`). */
  bodyFields?: readonly string[];
  /** Child node types that are bodies (`elif_clause`, `except_clause`, `switch_case`). */
  bodyTypes?: readonly string[];
  /** The bodies are the children of this field's node (`match x:` → its block, `switch (x)` → its `switch_body`). */
  bodiesIn?: string;
  /** One body always runs when the construct has a node in this field or a body of one of these types (`else`, `default`). Absent: never (loops may run zero times). */
  completeWith?: { field?: string; types?: readonly string[] };
  /** Also complete when this field's node always ends in an exit (a `try` body that returns leaves only its handlers). */
  completeWhenEnds?: string;
  /** A case with no statements of its own runs on into the next (`case 'a': case 'b': …`): it has no node in `statementField`, or only label children. */
  emptyCase?: { statementField?: string; labelTypes?: readonly string[] };
}

export interface FlowVocabulary {
  constructs: ReadonlyMap<string, BranchConstruct>;
  /** Statement lists and statement wrappers: they end the way their last statement ends. */
  sequences: ReadonlySet<string>;
  /** Statements after which nothing more of the function runs (`return`, `raise`, `throw`). */
  exits: ReadonlySet<string>;
  /** Calls that never return (`panic(…)`, Ruby's `raise "…"`, `sys.exit()`): call node types and a pattern for the callee's text. */
  exitCalls?: { types: ReadonlySet<string>; callee: RegExp };
}

interface BodyEdge {
  construct: Node;
  body: Node;
}

/** What a construct allows: whether a body always runs, and which bodies can be left other than by an exit. */
interface ConstructVerdict {
  complete: boolean;
  /** Ids of bodies that can run on past the construct (empty cases that run into the next are left out). */
  open: Set<number>;
}

/** Branch constructs followed from a binding towards its use; past this many the value is taken as unknown. */
export const MAX_BRANCH_HOPS = 64;
/** Nested statements read to decide whether a body always ends in an exit; deeper ones are taken as not ending. */
const MAX_END_DEPTH = 200;

/**
 * Answers "is this binding the value on every path to that use?" for one syntax tree. Each node's nearest enclosing
 * body, each construct's verdict and each statement's "always exits" are computed once, so a file's lookups cost
 * O(file + lookups × MAX_BRANCH_HOPS). `steps` counts that work, for the growth test.
 */
export class FlowPaths {
  private readonly edges = new Map<number, BodyEdge | null>();
  private readonly verdicts = new Map<number, ConstructVerdict>();
  private readonly endings = new Map<number, boolean>();
  steps = 0;

  constructor(private readonly vocabulary: FlowVocabulary) {}

  /**
   * True when every path that reaches `position` passed through `value`'s binding: false when the binding sits in a
   * body (a branch, a case, a handler, a loop) that does not contain the use, unless every other way past that
   * construct ends in an exit and one of its bodies always runs; false when the use is in another body or the
   * condition of the construct that holds the binding.
   */
  holdsAt(value: Node, position: number): boolean {
    let edge = this.edgeAt(value);
    for (let hop = 0; edge; hop++) {
      this.steps++;
      if (hop >= MAX_BRANCH_HOPS) return false;
      const { construct, body } = edge;
      if (body.startIndex <= position && position < body.endIndex) return true;
      if (construct.startIndex <= position && position < construct.endIndex) return false;
      const verdict = this.verdict(construct);
      if (!verdict.complete || verdict.open.size - (verdict.open.has(body.id) ? 1 : 0) > 0) return false;
      edge = this.edgeAt(construct);
    }
    return true;
  }

  /** The nearest body at or above `start`, with its construct; memoised for every node on the way. */
  private edgeAt(start: Node): BodyEdge | null {
    const path: Node[] = [];
    let found: BodyEdge | null = null;
    for (let node: Node | null = start; node; node = node.parent) {
      this.steps++;
      const known = this.edges.get(node.id);
      if (known !== undefined) {
        found = known;
        break;
      }
      path.push(node);
      const construct = this.constructOf(node);
      if (construct) {
        found = { construct, body: node };
        break;
      }
    }
    for (const node of path) this.edges.set(node.id, found);
    return found;
  }

  /** The construct `node` is a body of, or null. */
  private constructOf(node: Node): Node | null {
    const parent = node.parent;
    if (!parent) return null;
    const own = this.vocabulary.constructs.get(parent.type);
    if (own && !own.bodiesIn) return isBody(parent, node, own) ? parent : null;
    const grand = parent.parent;
    const outer = grand ? this.vocabulary.constructs.get(grand.type) : undefined;
    if (grand && outer?.bodiesIn && grand.childForFieldName(outer.bodiesIn)?.id === parent.id && isBody(parent, node, outer)) return grand;
    return null;
  }

  private bodiesOf(construct: Node, spec: BranchConstruct): Node[] {
    const container = spec.bodiesIn ? construct.childForFieldName(spec.bodiesIn) : construct;
    if (!container) return [];
    return container.namedChildren.filter((child): child is Node => child !== null && isBody(container, child, spec));
  }

  private verdict(construct: Node): ConstructVerdict {
    const known = this.verdicts.get(construct.id);
    if (known) return known;
    const spec = this.vocabulary.constructs.get(construct.type)!;
    const bodies = this.bodiesOf(construct, spec);
    const open = new Set<number>();
    bodies.forEach((body, index) => {
      this.steps++;
      if (index < bodies.length - 1 && isEmptyCase(body, spec)) return;
      if (!this.bodyEnds(body, 0)) open.add(body.id);
    });
    const verdict = { complete: this.isComplete(construct, spec, bodies, 0), open };
    this.verdicts.set(construct.id, verdict);
    return verdict;
  }

  private isComplete(construct: Node, spec: BranchConstruct, bodies: Node[], depth: number): boolean {
    const rule = spec.completeWith;
    if (rule?.field && construct.childForFieldName(rule.field)) return true;
    if (rule?.types && bodies.some((body) => rule.types!.includes(body.type))) return true;
    const guarded = spec.completeWhenEnds ? construct.childForFieldName(spec.completeWhenEnds) : null;
    return guarded !== null && this.ends(guarded, depth + 1);
  }

  /** A body ends in an exit: it is an exiting statement, or its last statement is. */
  private bodyEnds(body: Node, depth: number): boolean {
    if (this.ends(body, depth)) return true;
    const last = lastStatement(body);
    return last !== null && this.ends(last, depth + 1);
  }

  /** True when no path through `node` runs on past it (every path returns, raises or throws). */
  private ends(node: Node, depth: number): boolean {
    const known = this.endings.get(node.id);
    if (known !== undefined) return known;
    this.steps++;
    let result = false;
    const { exits, exitCalls, constructs, sequences } = this.vocabulary;
    if (depth > MAX_END_DEPTH) result = false;
    else if (exits.has(node.type)) result = true;
    else if (exitCalls?.types.has(node.type)) result = exitCalls.callee.test(calleeText(node));
    else if (constructs.has(node.type)) {
      const spec = constructs.get(node.type)!;
      const bodies = this.bodiesOf(node, spec);
      result = this.isComplete(node, spec, bodies, depth) && bodies.every((body, index) => (index < bodies.length - 1 && isEmptyCase(body, spec)) || this.bodyEnds(body, depth + 1));
    } else if (sequences.has(node.type)) {
      const last = lastStatement(node);
      result = last !== null && this.ends(last, depth + 1);
    }
    this.endings.set(node.id, result);
    return result;
  }
}

function isBody(container: Node, child: Node, spec: BranchConstruct): boolean {
  if (spec.bodyTypes?.includes(child.type)) return true;
  return Boolean(spec.bodyFields?.some((field) => container.childForFieldName(field)?.id === child.id));
}

function isEmptyCase(body: Node, spec: BranchConstruct): boolean {
  const rule = spec.emptyCase;
  if (!rule) return false;
  if (rule.statementField) return body.childForFieldName(rule.statementField) === null;
  return Boolean(rule.labelTypes) && body.namedChildren.every((child) => !child || child.type === 'comment' || rule.labelTypes!.includes(child.type));
}

function lastStatement(node: Node): Node | null {
  for (let index = node.namedChildCount - 1; index >= 0; index--) {
    const child = node.namedChild(index);
    if (child && child.type !== 'comment') return child;
  }
  return null;
}

/** The callee of a call as written: `panic`, `os.Exit`, Ruby's receiver-less `raise`. */
function calleeText(call: Node): string {
  const callee = call.childForFieldName('function') ?? (call.childForFieldName('receiver') ? null : call.childForFieldName('method'));
  return callee?.text ?? '';
}

/**
 * What a name bound on only some paths to its use reads as there: unknown. An object or a call keeps the keys it was
 * written with (evidence of what it is, such as `messages`), each with an unknown value, and is open (it may hold any
 * key, or none of them); a call keeps its callee and receiver, so a client still names its SDK.
 */
export function unknownOnSomePaths(value: CodeValue, span: Span, name: string, definition: string): CodeValue {
  const unknownEntry = (entry: ObjectEntry): ObjectEntry => ({ ...entry, value: opaque(entry.value.span, `${name}.${entry.key}`) });
  const rest = [opaque(span, name, 'unknown', { definition })];
  if (value.kind === 'object') return { ...value, entries: value.entries.map(unknownEntry), openSpreads: rest };
  if (value.kind === 'call') return { ...value, positional: [], named: value.named.map(unknownEntry), openSpreads: rest };
  return opaque(span, name, 'unknown', { definition });
}
