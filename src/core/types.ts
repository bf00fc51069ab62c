// Plain data shared by every part of the core, the CLI and the editor. No `vscode`, no `fs`.

/** Half-open range of UTF-16 code-unit offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

/** A literal piece of prompt text, sent exactly as written. */
export interface StaticSegment {
  kind: 'static';
  text: string;
  /** Where the text (or the literal that produces it) sits in the source; absent when synthesised. */
  span?: Span;
  /** Text that came from another file of the workspace (an imported constant, a prompt file read by code): where. */
  source?: { file: string; line: number };
}

/** A placeholder or interpolation whose value is only known at run time. */
export interface DynamicSegment {
  kind: 'dynamic';
  /** Placeholder name as written (`question`, `input:topic`, `user.name`); the expression for code. */
  name: string;
  /** The exact source of the placeholder, e.g. `{{question}}`, `${input:x}`, `{name}`. */
  raw: string;
  span?: Span;
  /** Template control tag (`{% if %}`, `{{#each}}`): sends no text of its own, so no assumed size. */
  control?: boolean;
  /**
   * The texts a conditional may send here (`A if c else B`, `c ? A : B`), in source order: counted as one placeholder
   * (which one runs is not known), each checked by the text rules as the prompt it would make.
   */
  alternatives?: PromptSegment[][];
  /** The list the value joins (`docs` for `"\n".join(docs)` bound to this name): its text repeats per element. */
  joins?: string;
}

export type PromptSegment = StaticSegment | DynamicSegment;

export type MessageRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | string;

export interface PromptMessage {
  role: MessageRole;
  segments: PromptSegment[];
  /** Range of the message in the source (role line and body for prompt files, the literal for code). */
  span?: Span;
  /** Anthropic-style `cache_control` breakpoint placed after this message's content. */
  cacheBreakpoint?: boolean;
}

/**
 * Where a model id came from. At the site: `literal` (written in the call or its options), `constant` (a same-file
 * name bound to a literal), `default-argument` (a parameter's default, also through `self.x`/`this.x`), `fallback`
 * (`x or "m"`, `x || 'm'`, `x ?? 'm'`), `env-default` (the literal default of an environment read), `conditional`
 * (the first of two literal branches), `imported-constant` (a constant, settings field or enum member of another file
 * of the workspace), `dotenv` (the value a `.env`/`.env.example` file gives the environment variable the code reads).
 * `sending-call` (a prompt file that names no model: the model of the first call that sends it, `sentBy[0]`).
 * For a site that names none: `provider-default` (the configured default of
 * the provider its API implies) or `workspace-default` (the first configured model, provider unknown).
 */
export type ModelSource =
  | 'literal'
  | 'constant'
  | 'default-argument'
  | 'fallback'
  | 'env-default'
  | 'imported-constant'
  | 'dotenv'
  | 'conditional'
  | 'sending-call'
  | 'provider-default'
  | 'workspace-default';

export type SiteKind = 'prompt-file' | 'call' | 'prompt';

export type OutputCap = number | null | 'non-literal';

/**
 * The reasoning ("thinking") settings written at a call: an effort level (`reasoning_effort`, `reasoning: {effort}`,
 * Gemini `thinkingLevel`), a thinking budget in tokens (Anthropic `thinking.budget_tokens`, Gemini `thinkingBudget`),
 * or thinking switched off (`thinking: {type: 'disabled'}`, `thinkingBudget: 0`). Absent: the call sets none, so the
 * model's default applies.
 */
export interface ReasoningSetting {
  /** Effort or thinking level as written, lower-case (`low`, `medium`, `high`, `none`, …). */
  effort?: string;
  /** A thinking budget in tokens. */
  budgetTokens?: number;
  /** Thinking switched off at the call. */
  disabled?: boolean;
  /** Gemini `thinkingBudget: -1` / Anthropic `thinking: {type: 'adaptive'}`: the model decides (its default applies). */
  dynamic?: boolean;
  /** The setting is there but its value is not a literal (a variable, a parameter). */
  nonLiteral?: boolean;
  /** The parameter as written (`reasoning_effort`, `thinking.budget_tokens`) and where its value is. */
  parameter: string;
  span?: Span;
}

/**
 * A loop around a call, inside its function: `for-each` (over a list literal or `range(…)`), `counting`
 * (`for (let i = 0; i < 5; i++)`) or `while`; `iterations` is its literal bound (null: none, e.g. `while True`), and
 * `bound` where that bound (or the condition lacking one) is written.
 */
export interface CallLoop {
  kind: 'for-each' | 'counting' | 'while';
  iterations: number | null;
  bound: Span;
  /** The bound as written, at most 40 characters (`range(5)`, `i < 5`, `True`). */
  boundText: string;
  /** The loop body can `break` / `return` early: `iterations` is a maximum, not a count. */
  earlyExit?: boolean;
  /** A for-each over a list literal: its loop variable, which takes one of `iterations` known values. */
  variable?: string;
}

/**
 * A conversation the call resends and the code grows turn by turn: `loop` (appended inside a loop around the call; the
 * loop is the session) or `stored` (a long-lived history, `self.history` / `this.messages` / a module-level list,
 * appended to on every call of a chat handler). `truncated` when the code slices or summarises it somewhere.
 */
export interface ConversationGrowth {
  /** The history as written at the call (`messages`, `self.history`). */
  history: string;
  /** Where the call names it. */
  span: Span;
  growth: 'loop' | 'stored';
  /** The loop's literal bound: the number of turns in a session (absent: the configured `turnsPerSession`). */
  loopTurns?: number;
  /** Where the growing loop's bound (or condition) is written. */
  loop?: Span;
  /** The code slices, trims or summarises the history (`history[-10:]`, `summarize(history)`): its size is bounded. */
  truncated: boolean;
  /** What was read as the truncation, at most 60 characters. */
  truncation?: string;
}

/** A conversation's turn-by-turn input (estimates/conversation.ts computes it; pricing reads it, so it lives with the data types). */
export interface ConversationTokens {
  growth: ConversationGrowth['growth'];
  /** Turns in a session: the growing loop's literal bound, else `turnsPerSession`. */
  turns: number;
  turnsSource: 'loop-bound' | 'turnsPerSession';
  /** Input of the first turn (the history as resolved, or one user message when it is an unresolved placeholder). */
  firstTurnInputTokens: number;
  /** Tokens each turn adds to the history: a user message, the reply and their message framing. */
  growthPerTurnTokens: number;
  userTurnTokens: number;
  replyTokens: number;
  lastTurnInputTokens: number;
  /** Mean input per turn over the session: what the expected cost per call is priced at. */
  averageInputTokens: number;
  /** The history placeholder whose assumed size the first turn replaces, when the scan could not resolve the list. */
  replacedPlaceholder?: string;
}

/** One place that sends (or defines) a prompt: a prompt file, an SDK call in code, or a stand-alone prompt string. */
export interface PromptSite {
  kind: SiteKind;
  /** Path relative to the audited root, forward slashes. */
  file: string;
  /** The whole site (file body, call expression, string literal). */
  span: Span;
  /** Where a CodeLens or a finding about the site as a whole is anchored (usually the first line). */
  anchor: Span;
  provider: string | null;
  /** `openai.chat.completions`, `anthropic.messages`, `prompty`, `github-models`, … */
  api: string | null;
  /** Model id as written and resolved; null when it cannot be resolved statically. */
  model: string | null;
  /** How `model` was found (absent when there is none): see ModelSource. */
  modelSource?: ModelSource;
  /** Both models of a two-branch conditional (`a if c else b`), in source order; `model` is the first. */
  modelAlternatives?: string[];
  /** Where the model id is written when that is not in the call's own file, or is a `.env` line (`config.py:12`). */
  modelFrom?: { file: string; line: number };
  /** Source text of the model expression when it could not be resolved (e.g. `process.env.MODEL`). */
  modelExpression?: string;
  modelSpan?: Span;
  maxOutputTokens: OutputCap;
  /** Service tier the call asks for (`service_tier: "flex"`, a batch API); absent = not set in the call. */
  serviceTier?: 'standard' | 'batch' | 'flex' | 'priority';
  /** Name of the parameter that carries the cap (`max_tokens`, `maxOutputTokens`, …). */
  capParameter?: string;
  capSpan?: Span;
  /** Loops around the call inside its function, innermost first (code sites only; absent when none). */
  loops?: CallLoop[];
  /** The messages list the call resends when the code grows it turn by turn (code sites only). */
  conversation?: ConversationGrowth;
  /** The call's `temperature` when it is a literal number; `non-literal` when set from a variable; absent = the default. */
  temperature?: number | 'non-literal';
  /** The call streams its reply (`stream: true`, a `stream` / `streamText` method); absent = not seen. */
  streams?: boolean;
  /** The request handler the call runs in (a person waits for the reply): what registers it as a route. */
  userFacing?: { route: string; span: Span };
  /** The call passes tools (`tools`, `functions`): it can run as an agent step. */
  usesTools?: boolean;
  /** Reasoning settings written at the call (code sites only). */
  reasoning?: ReasoningSetting;
  messages: PromptMessage[];
  /** Prompt file whose text this site sends (code reading `prompts/x.txt`), relative to the root. */
  linkedFile?: string;
  /** Other files whose text the site's static tokens count (imported prompt constants, prompt files read by code). */
  promptSources?: Array<{ file: string; line: number }>;
  /** A prompt file's: the calls that send its text (file and line, ordered), the first of which prices it. */
  sentBy?: Array<{ file: string; line: number }>;
  /** Format-specific facts the rules may use (template engine, front matter keys, …). */
  details?: Record<string, unknown>;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user would most likely want; editors mark it preferred. */
  preferred?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  span: Span;
  fixes?: Fix[];
  /** Money per month at the configured volume, each field with one meaning (absent when the rule cannot say):
   *  waste = tokens that buy nothing (repeated text, cache writes never read back);
   *  saving = what the fix saves on the expected cost (cache reorder, model change, padding to the cache minimum);
   *  exposure = worst case added by a missing or too-high output cap, against the cap the fix writes. */
  monthlyWasteUsd?: number;
  monthlySavingUsd?: number;
  monthlyExposureUsd?: number;
  /** Hash of the rule and the flagged text (report fingerprints); set once the text is at hand, which is not kept. */
  contentHash?: string;
}

/** The finding money fields, one meaning each (see `Finding`). */
export const FINDING_MONEY_FIELDS = ['monthlyWasteUsd', 'monthlySavingUsd', 'monthlyExposureUsd'] as const;

/** A problem reading a file or config: located where possible, never thrown. */
export interface ScanProblem {
  file: string;
  message: string;
  span?: Span;
  severity: Severity;
}

export interface ScanResult {
  sites: PromptSite[];
  problems: ScanProblem[];
  /** Other files of the workspace the scan looked values up in (found or not): a cached result is stale when one changes. */
  dependencies?: string[];
}

/** Flattened placeholder names of a site, in order of first appearance. */
export function sitePlaceholders(site: PromptSite): string[] {
  const seen = new Set<string>();
  for (const message of site.messages) {
    for (const segment of message.segments) {
      if (segment.kind === 'dynamic' && !segment.control) seen.add(segment.name);
    }
  }
  return [...seen];
}
