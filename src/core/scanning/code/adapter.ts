// What a language adapter hands the language-neutral recogniser: call shapes and prompt-string candidates.
import type { ExternalNames } from './externalNames';
import type { Node } from 'web-tree-sitter';
import type { Span } from '../../types';
import type { CodeValue, ObjectEntry, StringValue } from './values';
import type { QueryOutcome } from './treeSitterRuntime';
import { QUERY_MATCH_LIMIT, QUERY_STEP_LIMIT, type CutReason, type ResolutionBudget } from './workLimits';
import type { CodeLanguage } from '../../languages';

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
  /** The resolved value of the callee path's root name (`client` in `client.chat.completions.create`), when it is a name. */
  rootValue?(): CodeValue | null;
  /** Work limits met so far while resolving `args()` and `receiver()`; empty when both were complete. */
  cuts(): ReadonlySet<CutReason>;
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
  /** Work limits met while resolving the value, and the budget root they were met in; absent when it was complete. */
  partial?: { rootKey: number; cuts: ReadonlySet<CutReason> };
}

/** A non-fatal problem (a search cut at its work limit), located where the adapter can say. */
export interface AdapterProblem {
  message: string;
  span?: Span;
}

export interface AdapterOutput {
  calls: CallShape[];
  promptCandidates: PromptCandidate[];
  /** Non-fatal problems (a query cut at its work limit) to report as ScanProblems. */
  problems: AdapterProblem[];
  /** Modules the file imports (`openai`, `@anthropic-ai/sdk`, `anthropic`, `ai`, `litellm`). */
  importedModules: Set<string>;
  /** The module each imported local name comes from (`Client` → `ollama`, `genai` → `google.genai`). */
  importedNames?: ReadonlyMap<string, string>;
  /** The file's resolution budget: call shapes resolve lazily, so what it met is read after recognition. */
  budget: ResolutionBudget;
}

/** Runs a query (compiled once per grammar) over a node, bounded by work. */
export interface QueryRunner {
  run(patterns: readonly string[], node: Node): QueryOutcome;
}

/** The problems of a query search cut at its step limit (located where it stopped) or past its match limit. */
export function searchProblems(outcome: QueryOutcome): AdapterProblem[] {
  const problems: AdapterProblem[] = [];
  if (outcome.stoppedAt !== null) {
    problems.push({
      message: `partial results: the syntax search stopped at its work limit (${QUERY_STEP_LIMIT.toLocaleString('en-US')} steps); calls and prompts after this point are not reported`,
      span: { start: outcome.stoppedAt, end: outcome.stoppedAt },
    });
  }
  if (outcome.droppedMatches) {
    problems.push({ message: `partial results: the syntax search had more than ${QUERY_MATCH_LIMIT.toLocaleString('en-US')} unfinished matches at once (code nested thousands deep); some calls and prompts may be missed` });
  }
  return problems;
}

/** Capture nodes of one match by capture name (the first node per name). */
export function captureMap(match: { captures: { name: string; node: Node }[] }): Record<string, Node> {
  const parts: Record<string, Node> = {};
  for (const capture of match.captures) parts[capture.name] ??= capture.node;
  return parts;
}

/** What each language module (`languages/<adapter>.ts`, named in languages.json) exports: its adapter for one file. */
/**
 * An adapter; `patterns` are the language's query file (`queries/<adapter>.scm`, see `queryFiles.ts`), run once
 * over the file; `external` answers names the file does not bind (the workspace symbol index), set before `output()`.
 */
export type CreateAdapter = (root: Node, text: string, queries: QueryRunner, budget: ResolutionBudget, language: CodeLanguage, patterns: readonly string[]) => { output(): AdapterOutput; external: ExternalNames | null };
