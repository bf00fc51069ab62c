// Conversation growth (issue 17 item 5): a call that sends a messages list the code keeps appending turns to. Either the
// list grows inside a loop around the call (`for turn in range(10): messages.append(…); create(messages=messages)`), or
// it is a long-lived history (`self.history`, `this.messages`, a module-level list) appended to and resent on every call
// of a chat handler. Each turn then resends every earlier turn, so the input grows by a turn each time and an N-turn
// session costs about N²/2 turns of input. What the syntax looks like per language is data (CONVERSATION_SYNTAX); the
// appends and truncations are read from the text of the loop, class or file that owns the list.
import type { LanguageFamily } from '../../languages';
import type { CallLoop, ConversationGrowth, Span } from '../../types';
import { isLoopNode } from './loops';
import type { Node } from './treeSitterRuntime';

export interface ConversationSyntax {
  /** Keyword arguments and object entries: node type → its key and value fields. */
  entries: ReadonlyMap<string, { key: string; value: string }>;
  /** `{ model, messages }`: an entry that is its own name. */
  shorthand?: ReadonlySet<string>;
  /** A plain name, or a member of `self` / `this` (the value of a messages entry the list can be followed by). */
  names: ReadonlySet<string>;
  /** Function boundaries (a loop outside the call's function does not resend its list). */
  functions: ReadonlySet<string>;
  /** Classes: a member history lives as long as its object, and any method may append to it. */
  classes: ReadonlySet<string>;
}

const PYTHON: ConversationSyntax = {
  entries: new Map([['keyword_argument', { key: 'name', value: 'value' }]]),
  names: new Set(['identifier', 'attribute']),
  functions: new Set(['function_definition', 'lambda']),
  classes: new Set(['class_definition']),
};

const JAVASCRIPT: ConversationSyntax = {
  entries: new Map([['pair', { key: 'key', value: 'value' }]]),
  shorthand: new Set(['shorthand_property_identifier']),
  names: new Set(['identifier', 'member_expression']),
  functions: new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration']),
  classes: new Set(['class_declaration', 'class']),
};

const RUBY: ConversationSyntax = {
  entries: new Map([['pair', { key: 'key', value: 'value' }]]),
  names: new Set(['identifier', 'instance_variable', 'global_variable']),
  functions: new Set(['method', 'singleton_method', 'lambda']),
  classes: new Set(['class', 'module']),
};

/** Conversation syntax by language family; families without an entry get no conversation facts. */
export const CONVERSATION_SYNTAX: ReadonlyMap<LanguageFamily, ConversationSyntax> = new Map<LanguageFamily, ConversationSyntax>([
  ['python', PYTHON],
  ['javascript', JAVASCRIPT],
  ['ruby', RUBY],
]);

/** Option names that carry the conversation sent (OpenAI/Anthropic `messages`, Gemini `contents`, Responses `input`). */
const MESSAGE_KEYS = new Set(['messages', 'contents', 'input', 'history', 'chat_history']);
/** A history the code can be followed by: `messages`, `self.history`, `this.state.messages` (no calls, no indexing). */
const FOLLOWABLE = /^(?:(?:self|this)\s*\.\s*|@)?[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*){0,2}$/;
/** Scope texts longer than this are not searched (a generated file); the call is then not marked. */
const MAX_SCOPE_CHARS = 400_000;

/** An assignment statement, not a keyword argument (`create(messages=messages)`): at a line's start, after `let`/`const`/`var`. */
const statementStart = '(?:^|\\n|;)[ \\t]*(?:(?:let|const|var)\\s+)?';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `self . history` → `self\s*\.\s*history`, not preceded by a name character or a dot. */
function namePattern(name: string): string {
  return `(?<![\\w.$])${name.split(/\s*\.\s*/).map(escapeRegExp).join('\\s*\\.\\s*')}`;
}

/** An append of a turn: `.append(`, `.push(`, `.extend(`, `+=`, `= [...h, …]`, `= h + [`, `= h.concat(`. */
function appendPattern(name: string): RegExp {
  const n = namePattern(name);
  const bare = name.split(/\s*\.\s*/).map(escapeRegExp).join('\\s*\\.\\s*');
  return new RegExp(`${n}\\s*(?:\\.\\s*(?:append|push|extend|insert|unshift|concat)\\s*\\(|\\+=|<<)|${n}\\s*=\\s*(?:\\[\\s*\\.\\.\\.\\s*${bare}\\b|${bare}\\s*(?:\\+|\\.\\s*concat\\s*\\())`);
}

/**
 * Truncation or summarisation of the history: a slice (`h[-10:]`, `h.slice(-8)`), a removal (`del h[0]`, `h.pop(0)`,
 * `h.shift()`, `h.splice(`), a bounded deque (`maxlen=`), or a reassignment or call whose name says so
 * (`h = summarize(h)`, `trimMessages(h)`).
 */
function truncationPattern(name: string): RegExp {
  const n = namePattern(name);
  const words = '(?:summar|trim|truncat|compact|condens|prune|window|shorten|compress|last_n|lastN|keep_last|keepLast)';
  return new RegExp(
    [
      `${n}\\s*\\[\\s*-?\\s*[\\w.]*\\s*:`,
      `\\bdel\\s+${n}\\s*\\[`,
      `${n}\\s*\\.\\s*(?:pop\\s*\\(\\s*[01]?\\s*\\)|popleft\\s*\\(|shift\\b|splice\\s*\\(|slice!?\\s*\\(|clear\\b|last\\s*\\(|drop\\s*\\(|take\\s*\\()`,
      `${n}\\s*=\\s*[^\\n;]*${words}`,
      `${words}\\w*\\s*\\([^)\\n]*${n}`,
      `${n}\\s*=\\s*(?:collections\\s*\\.\\s*)?deque\\s*\\([^)\\n]*maxlen`,
    ].join('|'),
    'i',
  );
}

/** A fresh list bound to the name inside a loop (`messages = [...]` per iteration): it does not grow across turns. */
function resetPattern(name: string): RegExp {
  const bare = name.split(/\s*\.\s*/).map(escapeRegExp).join('\\s*\\.\\s*');
  return new RegExp(`${statementStart}${namePattern(name)}\\s*(?::[^=\\n]*)?=(?!=)\\s*(?!\\[\\s*\\.\\.\\.)(?![^\\n;]*\\b${bare}\\b)`);
}

function entryName(call: Node, syntax: ConversationSyntax): Node | null {
  const stack: Node[] = [call];
  let visited = 0;
  while (stack.length > 0 && visited++ < 400) {
    const node = stack.pop()!;
    if (node !== call && syntax.functions.has(node.type)) continue;
    if (syntax.shorthand?.has(node.type) && MESSAGE_KEYS.has(node.text)) return node;
    const fields = syntax.entries.get(node.type);
    if (fields) {
      const key = node.childForFieldName(fields.key)?.text.replace(/^["']|["']$/g, '');
      const value = node.childForFieldName(fields.value);
      if (key && MESSAGE_KEYS.has(key) && value) return syntax.names.has(value.type) ? value : null;
    }
    // One call for all children: `namedChild(i)` crosses into the runtime per child and walks the siblings before i.
    const children = node.namedChildren;
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index];
      if (child) stack.push(child);
    }
  }
  return null;
}

const textOf = (text: string, node: Node): string => text.slice(node.startIndex, node.endIndex);
const spanOf = (node: Node): Span => ({ start: node.startIndex, end: node.endIndex });

/**
 * The conversation a call resends, when the code grows it turn by turn; null when the call sends a fresh list (or one
 * it cannot follow). `loops` are the call's loops (innermost first, as `loopsAround` gives them), for the turn count.
 */
export function conversationOf(root: Node, text: string, span: Span, family: LanguageFamily, loops: readonly CallLoop[] = []): ConversationGrowth | null {
  const syntax = CONVERSATION_SYNTAX.get(family);
  if (!syntax) return null;
  let call: Node | null = root.descendantForIndex(span.start, Math.max(span.start, span.end - 1));
  while (call && !(call.startIndex <= span.start && call.endIndex >= span.end)) call = call.parent;
  if (!call) return null;
  const value = entryName(call, syntax);
  if (!value) return null;
  const name = value.text.replace(/\s+/g, '');
  if (!FOLLOWABLE.test(name)) return null;
  const appends = appendPattern(name);
  const truncation = truncationPattern(name);
  const base = { history: name, span: spanOf(value) };
  const truncatedIn = (scope: string): { truncated: true; truncation: string } | { truncated: false } => {
    const found = truncation.exec(scope);
    return found ? { truncated: true, truncation: found[0].replace(/\s+/g, ' ').slice(0, 60) } : { truncated: false };
  };

  // Grown inside a loop around the call (within its function): the loop is the session.
  let node: Node | null = call.parent;
  let loopIndex = 0;
  let owner: Node | null = null;
  while (node && !syntax.functions.has(node.type)) {
    if (isLoopNode(node, family)) {
      const body = textOf(text, node);
      if (body.length <= MAX_SCOPE_CHARS && appends.test(body) && !resetPattern(name).test(body)) {
        const loop = loops[loopIndex];
        const turns = loop && loop.iterations !== null && !loop.earlyExit ? loop.iterations : null;
        return { ...base, growth: 'loop', ...(turns !== null ? { loopTurns: turns } : {}), ...(loop ? { loop: loop.bound } : {}), ...truncatedIn(body) };
      }
      loopIndex++;
    }
    node = node.parent;
  }
  const fn = node;
  // A long-lived history: a member of the object (appended anywhere in its class), or a list bound outside the function.
  const member = /^(?:(?:self|this)\.|@)/.test(name);
  if (member) {
    while (node && !syntax.classes.has(node.type)) node = node.parent;
    owner = node;
  } else {
    if (!fn) return null; // module-level code with no loop: one call, nothing resent
    const own = textOf(text, fn);
    // Bound in the function (an assignment or a parameter): a list of this call's own, not a stored history.
    const parameters = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
    if (new RegExp(`${statementStart}${namePattern(name)}\\s*(?::[^=\\n,)]*)?=(?!=)`).test(own) || (parameters && new RegExp(`${namePattern(name)}\\b`).test(parameters.text))) return null;
  }
  const scope = owner ? textOf(text, owner) : text;
  if (scope.length > MAX_SCOPE_CHARS || !appends.test(scope)) return null;
  return { ...base, growth: 'stored', ...truncatedIn(scope) };
}
