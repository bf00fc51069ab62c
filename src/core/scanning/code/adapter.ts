// What a language adapter hands the language-neutral recogniser: call shapes and prompt-string candidates.
import type { Node } from 'web-tree-sitter';
import type { Span } from '../../types';
import type { CodeValue, ObjectEntry, StringValue } from './values';

export interface CallArguments {
  positional: CodeValue[];
  /** Keyword / named arguments (Python `model=…`, C# `model: …`, Ruby `model: …`). */
  named: ObjectEntry[];
  /** `*args` / `**kwargs` / `...spread` arguments that could not be resolved. */
  openSpreads: CodeValue[];
}

export interface CallShape {
  span: Span;
  /** The callee on the call's first line, where a CodeLens goes. */
  anchor: Span;
  /** Callee names root first (`['client', 'chat', 'completions', 'create']`); `?` for a root that is not a name. */
  path: string[];
  constructorCall: boolean;
  /** JS-style APIs take one options object; a non-object first argument is then options we cannot see. */
  optionsInFirstArgument: boolean;
  /** Module the root name was imported from (`ai`, `litellm`, `@langchain/openai`), when it was. */
  rootModule: string | null;
  args(): CallArguments;
  /** The resolved value the method is called on (for `model.generateContent(…)`: the model object). */
  receiver(): CodeValue | null;
}

export type PromptContext =
  /** Bound to a prompt-ish name: `SYSTEM_PROMPT = "…"`. */
  | 'named'
  /** Content of a `{ role, content }` message or a LangChain message/tuple. */
  | 'message'
  /** Argument of a prompt template constructor (`PromptTemplate.from_template("…")`). */
  | 'template'
  /** Returned by a function whose name is prompt-ish (`def build_prompt(): return f"…"`). */
  | 'returned';

export interface PromptCandidate {
  /** The literal (or concatenation/template) that holds the text. */
  span: Span;
  value: StringValue;
  context: PromptContext;
  /** The name it is bound to, when there is one. */
  name: string | null;
  role: string | null;
  /**
   * For `template` candidates: how the template engine marks fields. LangChain's default f-string format reads
   * `{name}` and treats `{{`/`}}` as escaped braces; `mustache`/`jinja2` read `{{name}}`.
   */
  templateFormat?: 'f-string' | 'double-brace';
}

export interface AdapterOutput {
  calls: CallShape[];
  promptCandidates: PromptCandidate[];
  /** Non-fatal problems (a query that ran out of time) to report as ScanProblems. */
  problems: string[];
  /** Modules the file imports (`openai`, `@anthropic-ai/sdk`, `anthropic`, `ai`, `litellm`). */
  importedModules: Set<string>;
}

/** Runs a query (compiled once per grammar) over a node, bounded in time. */
export interface QueryRunner {
  run(patterns: readonly string[], node: Node): { matches: { captures: { name: string; node: Node }[] }[]; timedOut: boolean };
}

/** Capture nodes of one match by capture name (the first node per name). */
export function captureMap(match: { captures: { name: string; node: Node }[] }): Record<string, Node> {
  const parts: Record<string, Node> = {};
  for (const capture of match.captures) parts[capture.name] ??= capture.node;
  return parts;
}
