// The node vocabulary of each language family (its `vocabulary` in languages.json): which node types and fields are members, calls,
// names, wrappers, literals, loops, branches. The one evaluator reads this table; the language files keep only their
// genuine syntax. Loaded once, with lists turned into sets and patterns into regular expressions.
import type { Node } from 'web-tree-sitter';
import { LANGUAGE_FAMILIES, type LanguageFamily } from '../../languages';
import type { BranchConstruct, FlowVocabulary } from './flowPaths';
import { unquoteKey } from './languages/common';

/** Node types and field names the shared evaluation reads, per language. */
export interface NodeVocabulary {
  family: LanguageFamily;
  /**
   * Stand-alone prompt strings (JavaScript, Python): the expression types a prompt value may be, the call type among
   * them, and (when only some calls build strings) the method names that do (`"…".format(…)`, `dedent("…")`).
   */
  prompts?: { values: ReadonlySet<string>; call: string; stringCalls?: ReadonlySet<string> };
  /** The field of a call node holding its callee, for calls the query captures without `@callee`; absent: the call is its own callee (Java `method_invocation`, Ruby `call`). */
  calleeField?: string;
  /** Call node types that construct (`new X(…)`); with `capitalizedConstructors`, a call of a capitalised name does too (Python `OpenAI(…)`). */
  constructorCalls?: ReadonlySet<string>;
  capitalizedConstructors?: boolean;
  /** JS-style APIs take one options object; false where options are keyword arguments (Python). */
  optionsInFirstArgument: boolean;
  /** A call whose arguments node has this type is a tagged template string (`dedent\`…\``), not a call. */
  taggedTemplate?: string;
  /** String methods that trim white space, by name, and which edges they trim (`trim`/`strip`: both, `trimStart`/`lstrip`: start). */
  stringMethods?: ReadonlyMap<string, 'both' | 'start' | 'end'>;
  /** Member access (`a.b`) and, for Java and Ruby, method calls: node type → [object field, name field]. */
  members: Readonly<Record<string, readonly [object: string, name: string]>>;
  /** Member types that are calls (Java `method_invocation`, Ruby `call`): skipped in a receiver chain when argument-less. */
  memberCalls?: ReadonlySet<string>;
  /** Calls passed through in a callee path when they take no arguments: node type → callee field, and whether the callee must be a member. */
  chainCalls?: Readonly<Record<string, { callee: string; memberOnly: boolean }>>;
  /** `a['b']`: the subscript node, whose string index is a path name. */
  subscript?: { type: string; object: string; index: string };
  /** Nodes passed through to their first named child (parentheses, `await`, type assertions). */
  wrappers: ReadonlySet<string>;
  /** Node types whose text is a name at the root of a callee path. */
  names: ReadonlySet<string>;
  /** A path root that is not a name shows as `?` (else it is left out). */
  unknownRoot: boolean;
  /** Object literal members: key/value pairs, shorthand properties, spreads; and how a key node reads. */
  object?: { pair: string; shorthand?: string; spread: string; key(keyNode: Node): string | null };
  /** The spread item of a list literal (`...xs`, `*xs`). */
  listSpread?: string;
  /** Loops and functions: a list appended to in a finished loop is run-time state. */
  loops: ReadonlySet<string>;
  functions: ReadonlySet<string>;
  /** Names that are the null value (`None`, `undefined`). */
  nullNames?: ReadonlySet<string>;
  /** Loops around calls: how each loop form shows its iterations (families without it get no loop facts). */
  loopSyntax?: LoopSyntax;
  /** Branching statements (if/else, cases, handlers, loops) and path exits: a value bound in a branch the use is not in is unknown there. */
  flow?: FlowVocabulary;
  /** How expressions evaluate, by node type; anything else goes to the language's own syntax. */
  values: {
    /** Passed through to the inner expression: the first named child (types and comments skipped), or the last. */
    wrappers: ReadonlySet<string>;
    wrapperInner?: 'first' | 'last';
    /** Number literals, and the type suffix their text may end with (`10L`, `2.5f`). */
    numbers: ReadonlySet<string>;
    numberSuffix?: RegExp;
    nulls: ReadonlySet<string>;
    /** Names resolved through the bindings. */
    identifiers: ReadonlySet<string>;
    /** Object/dict literals (read with `object`) and list literals (with `listSpread`). */
    objects?: ReadonlySet<string>;
    lists?: ReadonlySet<string>;
    /**
     * Binary expressions: `+` concatenates strings (Python also lists), the arithmetic operators fold numbers,
     * `%` formats a string where the language says so (`percentFormat`). `boundCallNames`: a call bound to a name
     * shows as that name inside a concatenation.
     */
    binary?: {
      type: string;
      arithmetic: ReadonlyMap<string, (left: number, right: number) => number>;
      plusArrays?: boolean;
      boundCallNames?: boolean;
      /** `x || 'lit'`, `x ?? 'lit'`: a `literalLike` right side is the reader's default (only those node types are walked). */
      fallback?: { operators: ReadonlySet<string> };
    };
    /** A unary node whose `-` negates a number. */
    negation?: string;
    /** Calls and member accesses, read by the language's `callValue` / `memberValue`. */
    calls?: ReadonlySet<string>;
    memberAccess?: ReadonlySet<string>;
    /**
     * How `memberAccess` nodes read: a text pattern that reads the environment; the subscript node whose `keyTypes`
     * index is a key (and `indexTypes` index picks a list item); the object that is the enclosing class (`this`,
     * `self`), by node type or name.
     */
    memberReads?: MemberReads;
    /** Text of an unrecognised expression that reads the environment (`os.Getenv`, `System.getenv`). */
    environment?: RegExp;
    /** Syntax that can hold a model id by itself (a string, a name, a dotted name): a default or a branch of a choice is only read when it is one. */
    literalLike?: ReadonlySet<string>;
  };
}


export interface LoopSyntax {
  /** For-each loops: node type → the field holding what is iterated. */
  forEach: ReadonlyMap<string, string>;
  /** For-each loops: node type → the field holding the loop variable (`lang` in `for lang in [...]`). */
  forEachVariable?: ReadonlyMap<string, string>;
  /** For-each node types whose text must show this keyword between the variable and the iterable (JS `of`, not `in`). */
  forEachKeyword?: ReadonlyMap<string, string>;
  /** Counting loops (`for (init; condition; update)`): node type → its initializer and condition fields. */
  counting?: ReadonlyMap<string, { initializer: string; condition: string }>;
  /** Condition loops: node type → the field holding the condition. */
  conditional: ReadonlyMap<string, string>;
  /** List and tuple literals: their named children (comments aside) are the items. */
  lists: ReadonlySet<string>;
  /** Calls that count (`range(…)`): the call node type, its function and arguments fields, and the accepted names. */
  rangeCall?: { type: string; function: string; arguments: string; names: ReadonlySet<string> };
  /** Binary comparison node type and its fields; integer literal node types. */
  comparison: { type: string; left: string; right: string; operator: string };
  integers: ReadonlySet<string>;
  /** Function boundaries: a loop outside the call's function does not repeat it. */
  functions: ReadonlySet<string>;
  /** Statements that leave a loop early (`break`, `return`): a bounded loop holding one runs at most its bound. */
  exits: ReadonlySet<string>;
  /** List literals whose items sit in a field (Go `[]string{"a", "b"}`: the `body`). */
  listBody?: ReadonlyMap<string, string>;
  /** Wrappers around a for-each's iterable to look through (Ruby `for x in [..]`: the `in` node). */
  iterableWrappers?: ReadonlySet<string>;
  /**
   * Loops whose shape is their first named child (Go `for_statement`): a counting clause (its initializer and condition
   * fields), a range clause (the field iterated), the body itself (`for { }`: no condition), or else a condition.
   */
  clauses?: ReadonlyMap<string, { counting: string; initializer: string; condition: string; range: string; iterable: string; body: string }>;
  /**
   * Iteration by a block (Ruby `3.times do … end`, `[a, b].each { }`, `loop do … end`): block node types, the call that
   * takes the block (its method and receiver fields), and the methods: `times` counts its receiver, `each`-like methods
   * walk it, `loop` has no bound.
   */
  blocks?: { types: ReadonlySet<string>; call: string; method: string; receiver: string; times: ReadonlySet<string>; each: ReadonlySet<string>; forever: ReadonlySet<string> };
}

export interface MemberReads {
  environment: RegExp;
  subscript?: { type: string; object: string; index: string; keyTypes: ReadonlySet<string>; indexTypes?: ReadonlySet<string> };
  self: { types?: ReadonlySet<string>; names?: ReadonlySet<string> };
}

/** The operators a vocabulary may list under `binary.arithmetic`, and what each computes. */
const ARITHMETIC: ReadonlyMap<string, (left: number, right: number) => number> = new Map([
  ['*', (left: number, right: number) => left * right],
  ['-', (left: number, right: number) => left - right],
  ['/', (left: number, right: number) => left / right],
  ['//', (left: number, right: number) => Math.floor(left / right)],
]);

/** A family's vocabulary as languages.json writes it: lists for sets, strings for patterns, operator names. */
interface VocabularyRow {
  prompts?: { values: string[]; call: string; stringCalls?: string[] };
  calleeField?: string;
  constructorCalls?: string[];
  capitalizedConstructors?: boolean;
  optionsInFirstArgument: boolean;
  taggedTemplate?: string;
  stringMethods?: Record<string, 'both' | 'start' | 'end'>;
  members: Record<string, string[]>;
  memberCalls?: string[];
  chainCalls?: Record<string, { callee: string; memberOnly: boolean }>;
  subscript?: { type: string; object: string; index: string };
  wrappers: string[];
  names: string[];
  unknownRoot: boolean;
  /** `keyed`: only these key node types name a key; `unkeyed`: these never do (a computed key). */
  object?: { pair: string; shorthand?: string; spread: string; keyed?: string[]; unkeyed?: string[] };
  listSpread?: string;
  loops: string[];
  functions: string[];
  loopSyntax?: {
    forEach: Record<string, string>;
    forEachVariable?: Record<string, string>;
    forEachKeyword?: Record<string, string>;
    counting?: Record<string, { initializer: string; condition: string }>;
    conditional: Record<string, string>;
    lists: string[];
    rangeCall?: { type: string; function: string; arguments: string; names: string[] };
    comparison: { type: string; left: string; right: string; operator: string };
    integers: string[];
    functions: string[];
    exits: string[];
    listBody?: Record<string, string>;
    iterableWrappers?: string[];
    clauses?: Record<string, { counting: string; initializer: string; condition: string; range: string; iterable: string; body: string }>;
    blocks?: { types: string[]; call: string; method: string; receiver: string; times: string[]; each: string[]; forever: string[] };
  };
  nullNames?: string[];
  flow?: { constructs: Record<string, BranchConstruct>; sequences: string[]; exits: string[]; exitCalls?: { types: string[]; callee: string } };
  values: {
    wrappers: string[];
    wrapperInner?: 'first' | 'last';
    numbers: string[];
    numberSuffix?: string;
    nulls: string[];
    identifiers: string[];
    objects?: string[];
    lists?: string[];
    binary?: { type: string; arithmetic: string[]; plusArrays?: boolean; boundCallNames?: boolean; fallback?: { operators: string[] } };
    negation?: string;
    calls?: string[];
    memberAccess?: string[];
    memberReads?: {
      environment: string;
      subscript?: { type: string; object: string; index: string; keyTypes: string[]; indexTypes?: string[] };
      self: { types?: string[]; names?: string[] };
    };
    environment?: string;
    literalLike?: string[];
  };
}

/** A table looked up by node type, without a prototype: a type named like an Object member finds nothing. */
const ownKeys = <T extends object>(table: T): T => Object.setPrototypeOf(table, null) as T;
const set = (items: readonly string[] | undefined): ReadonlySet<string> => new Set(items ?? []);
const optionalSet = (items: readonly string[] | undefined): ReadonlySet<string> | undefined => (items ? new Set(items) : undefined);

function arithmetic(operators: readonly string[]): ReadonlyMap<string, (left: number, right: number) => number> {
  return new Map(
    operators.map((operator) => {
      const compute = ARITHMETIC.get(operator);
      if (!compute) throw new Error(`languages.json vocabulary: unknown arithmetic operator ${operator}`);
      return [operator, compute] as const;
    }),
  );
}

function flowOf(row: NonNullable<VocabularyRow['flow']>): FlowVocabulary {
  return {
    constructs: new Map(Object.entries(row.constructs)),
    sequences: set(row.sequences),
    exits: set(row.exits),
    ...(row.exitCalls ? { exitCalls: { types: set(row.exitCalls.types), callee: new RegExp(row.exitCalls.callee) } } : {}),
  };
}

function memberReadsOf(row: NonNullable<VocabularyRow['values']['memberReads']>): MemberReads {
  const { subscript, self } = row;
  return {
    environment: new RegExp(row.environment),
    ...(subscript
      ? { subscript: { type: subscript.type, object: subscript.object, index: subscript.index, keyTypes: set(subscript.keyTypes), ...(subscript.indexTypes ? { indexTypes: set(subscript.indexTypes) } : {}) } }
      : {}),
    self: { ...(self.types ? { types: set(self.types) } : {}), ...(self.names ? { names: set(self.names) } : {}) },
  };
}

function loopSyntaxOf(row: NonNullable<VocabularyRow['loopSyntax']>): LoopSyntax {
  return {
    forEach: new Map(Object.entries(row.forEach)),
    ...(row.forEachVariable ? { forEachVariable: new Map(Object.entries(row.forEachVariable)) } : {}),
    ...(row.forEachKeyword ? { forEachKeyword: new Map(Object.entries(row.forEachKeyword)) } : {}),
    ...(row.counting ? { counting: new Map(Object.entries(row.counting)) } : {}),
    conditional: new Map(Object.entries(row.conditional)),
    lists: set(row.lists),
    ...(row.rangeCall ? { rangeCall: { ...row.rangeCall, names: set(row.rangeCall.names) } } : {}),
    comparison: row.comparison,
    integers: set(row.integers),
    functions: set(row.functions),
    exits: set(row.exits),
    ...(row.listBody ? { listBody: new Map(Object.entries(row.listBody)) } : {}),
    ...(row.iterableWrappers ? { iterableWrappers: set(row.iterableWrappers) } : {}),
    ...(row.clauses ? { clauses: new Map(Object.entries(row.clauses)) } : {}),
    ...(row.blocks ? { blocks: { ...row.blocks, types: set(row.blocks.types), times: set(row.blocks.times), each: set(row.blocks.each), forever: set(row.blocks.forever) } } : {}),
  };
}

function vocabularyOf(family: LanguageFamily, row: VocabularyRow): NodeVocabulary {
  const { values, object } = row;
  return {
    family,
    ...(row.prompts ? { prompts: { values: set(row.prompts.values), call: row.prompts.call, ...(row.prompts.stringCalls ? { stringCalls: set(row.prompts.stringCalls) } : {}) } } : {}),
    ...(row.calleeField ? { calleeField: row.calleeField } : {}),
    ...(row.constructorCalls ? { constructorCalls: set(row.constructorCalls) } : {}),
    ...(row.capitalizedConstructors ? { capitalizedConstructors: true } : {}),
    optionsInFirstArgument: row.optionsInFirstArgument,
    ...(row.taggedTemplate ? { taggedTemplate: row.taggedTemplate } : {}),
    ...(row.stringMethods ? { stringMethods: new Map(Object.entries(row.stringMethods)) } : {}),
    members: ownKeys(Object.fromEntries(Object.entries(row.members).map(([type, [objectField, nameField]]) => [type, [objectField, nameField] as const]))),
    ...(row.memberCalls ? { memberCalls: set(row.memberCalls) } : {}),
    ...(row.chainCalls ? { chainCalls: ownKeys({ ...row.chainCalls }) } : {}),
    ...(row.subscript ? { subscript: row.subscript } : {}),
    wrappers: set(row.wrappers),
    names: set(row.names),
    unknownRoot: row.unknownRoot,
    ...(object
      ? {
          object: {
            pair: object.pair,
            ...(object.shorthand ? { shorthand: object.shorthand } : {}),
            spread: object.spread,
            key: (keyNode: Node) => ((object.keyed && !object.keyed.includes(keyNode.type)) || object.unkeyed?.includes(keyNode.type) ? null : unquoteKey(keyNode.text)),
          },
        }
      : {}),
    ...(row.listSpread ? { listSpread: row.listSpread } : {}),
    loops: set(row.loops),
    functions: set(row.functions),
    ...(row.loopSyntax ? { loopSyntax: loopSyntaxOf(row.loopSyntax) } : {}),
    ...(row.nullNames ? { nullNames: set(row.nullNames) } : {}),
    ...(row.flow ? { flow: flowOf(row.flow) } : {}),
    values: {
      wrappers: set(values.wrappers),
      ...(values.wrapperInner ? { wrapperInner: values.wrapperInner } : {}),
      numbers: set(values.numbers),
      ...(values.numberSuffix ? { numberSuffix: new RegExp(values.numberSuffix) } : {}),
      nulls: set(values.nulls),
      identifiers: set(values.identifiers),
      ...(values.objects ? { objects: set(values.objects) } : {}),
      ...(values.lists ? { lists: set(values.lists) } : {}),
      ...(values.binary
        ? {
            binary: {
              type: values.binary.type,
              arithmetic: arithmetic(values.binary.arithmetic),
              ...(values.binary.plusArrays ? { plusArrays: true } : {}),
              ...(values.binary.boundCallNames ? { boundCallNames: true } : {}),
              ...(values.binary.fallback ? { fallback: { operators: set(values.binary.fallback.operators) } } : {}),
            },
          }
        : {}),
      ...(values.negation ? { negation: values.negation } : {}),
      ...(values.calls ? { calls: set(values.calls) } : {}),
      ...(values.memberAccess ? { memberAccess: set(values.memberAccess) } : {}),
      ...(values.memberReads ? { memberReads: memberReadsOf(values.memberReads) } : {}),
      ...(values.environment ? { environment: new RegExp(values.environment) } : {}),
      ...(values.literalLike ? { literalLike: optionalSet(values.literalLike) } : {}),
    },
  };
}

/** The node vocabulary of every language family, from its entry in languages.json. */
export const NODE_VOCABULARY: Readonly<Record<LanguageFamily, NodeVocabulary>> = Object.fromEntries(
  LANGUAGE_FAMILIES.map((entry) => [entry.family, vocabularyOf(entry.family, entry.vocabulary as VocabularyRow)]),
) as Record<LanguageFamily, NodeVocabulary>;
