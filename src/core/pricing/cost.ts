// Cost arithmetic. Two figures, each with one meaning:
//   expected   = input tokens × input price + expected output tokens × output price;
//   worst case = input tokens × input price + output at min(cap, model's maximum output) × output price
//                (the model's maximum when the call has no cap).
// A reasoning model's output is its reply plus its reasoning tokens (billed as output, counted against the cap).
import type { AuditConfig } from '../config';
import { groupedInteger } from '../groupedInteger';
import type { OutputHint } from '../estimates/outputHints';
import { reasoningFor, type ReasoningEstimate, type TokenRange } from '../estimates/reasoning';
import type { ConversationTokens, OutputCap, ReasoningSetting } from '../types';
import type { ModelEntry } from './types';

const PER_MILLION = 1_000_000;

/**
 * Where the expected output comes from: `prompt-hint` (the prompt states a length), `configured` (the typical
 * length `expectedOutputTokens`), or `cap` (the cap, or the model's maximum, is smaller than either).
 */
export type OutputBasis = 'cap' | 'prompt-hint' | 'configured';

export interface OutputExpectation {
  /** Expected output tokens per call (reply plus reasoning, within the bound). */
  tokens: number;
  /** The reply alone, before reasoning and the bound. */
  replyTokens: number;
  basis: OutputBasis;
  /** What the prompt asked for, when basis is `prompt-hint` (or when a smaller cap overrode it). */
  hint?: OutputHint;
  /** Output bound: min(cap, model max), the model max without a cap, the cap for an unknown model; null = no bound known. */
  worstCaseTokens: number | null;
  /** The site's cap is above the model's maximum output, so the model's maximum is the bound. */
  capAboveModelMax: boolean;
}

export interface CostEstimate {
  /** Model id as the site or config named it. */
  model: string;
  /** Catalog entry; undefined = unpriced. */
  entry?: ModelEntry;
  /** Static tokens + framing + assumed placeholder tokens. */
  inputTokens: number;
  /** Expected output tokens per call, reasoning included (it is billed as output). */
  outputTokens: number;
  outputBasis: OutputBasis;
  /** A reasoning model's range: reasoning assumed, billed output (reply + reasoning, within the bound) and cost, low / expected / high. */
  reasoning?: ReasoningRange;
  outputHint?: OutputHint;
  /** Output if every reply ran to its bound; null when neither a cap nor the model's maximum is known. */
  worstCaseOutputTokens: number | null;
  capAboveModelMax: boolean;
  /** Expected cost per call. null = unpriced (model not in the catalog): never shown as $0. */
  perCallUsd: number | null;
  inputPerCallUsd: number | null;
  /** Expected output cost per call. */
  outputPerCallUsd: number | null;
  per1kCallsUsd: number | null;
  /** Expected cost per month; null when unpriced or when no volume is configured. */
  perMonthUsd: number | null;
  /** Cost per call if the reply runs to its bound; null when unpriced. */
  worstCasePerCallUsd: number | null;
  worstCasePerMonthUsd: number | null;
  callsPerMonth: number | null;
  /** Expected cost per call through the provider's batch API, when it has one. */
  batchPerCallUsd: number | null;
  /** A conversation resent in full each turn: the figures above are its average turn; here the first, last and whole session. */
  conversation?: ConversationCost;
}

export interface ConversationCost extends ConversationTokens {
  /** Expected cost of turn 1, of the last turn and of a whole session (null when unpriced). */
  firstTurnUsd: number | null;
  lastTurnUsd: number | null;
  sessionUsd: number | null;
}

/**
 * Reprices a call that resends a growing conversation at its average turn, and adds the first turn, the last and the
 * session. `price(inputTokens)` prices one call; the reply each turn appends is the expected output without reasoning
 * (reasoning is not sent back).
 */
export function withConversation(price: (inputTokens: number) => CostEstimate, firstInputTokens: number, turnsOf: (replyTokens: number) => ConversationTokens | undefined): CostEstimate {
  const plain = price(firstInputTokens);
  const replyTokens = plain.reasoning ? Math.min(plain.reasoning.replyTokens, plain.outputTokens) : plain.outputTokens;
  const turns = turnsOf(replyTokens);
  if (!turns) return plain;
  const cost = price(turns.averageInputTokens);
  const entry = cost.entry;
  const turnUsd = (inputTokens: number) => (entry && cost.outputPerCallUsd !== null ? inputCostUsd(inputTokens, entry) + cost.outputPerCallUsd : null);
  const average = turnUsd(turns.averageInputTokens);
  return {
    ...cost,
    conversation: { ...turns, firstTurnUsd: turnUsd(turns.firstTurnInputTokens), lastTurnUsd: turnUsd(turns.lastTurnInputTokens), sessionUsd: average === null ? null : average * turns.turns },
  };
}

export interface ReasoningRange extends ReasoningEstimate {
  /** The reply alone (what the prompt asks for, else the configured typical length), without reasoning. */
  replyTokens: number;
  /** Billed output per call: the reply plus reasoning, each end within the bound. */
  outputTokens: TokenRange;
  perCallUsd: TokenRange | null;
  perMonthUsd: TokenRange | null;
}

/** Expected output tokens of a call and its bound, and why; `reasoningTokens` (expected) are added to the reply before the bound. */
export function expectedOutput(cap: OutputCap, config: Pick<AuditConfig, 'expectedOutputTokens'>, entry?: ModelEntry, hint?: OutputHint, reasoningTokens = 0): OutputExpectation {
  const literalCap = typeof cap === 'number' && Number.isFinite(cap) && cap >= 0 ? cap : undefined;
  const modelMax = entry && entry.maxOutputTokens > 0 ? entry.maxOutputTokens : undefined;
  const capAboveModelMax = literalCap !== undefined && modelMax !== undefined && literalCap > modelMax;
  const worstCaseTokens = literalCap !== undefined ? (modelMax !== undefined ? Math.min(literalCap, modelMax) : literalCap) : modelMax ?? null;
  const replyTokens = hint ? hint.tokens : config.expectedOutputTokens;
  const wanted = replyTokens + reasoningTokens;
  const basis: OutputBasis = hint ? 'prompt-hint' : 'configured';
  if (worstCaseTokens !== null && worstCaseTokens < wanted) return { tokens: worstCaseTokens, replyTokens, basis: 'cap', ...(hint ? { hint } : {}), worstCaseTokens, capAboveModelMax };
  return { tokens: wanted, replyTokens, basis, ...(hint ? { hint } : {}), worstCaseTokens, capAboveModelMax };
}

export function inputCostUsd(tokens: number, entry: ModelEntry): number {
  return (tokens * entry.prices.input) / PER_MILLION;
}

export function outputCostUsd(tokens: number, entry: ModelEntry): number {
  return (tokens * entry.prices.output) / PER_MILLION;
}

export function estimateCost(args: {
  model: string;
  entry: ModelEntry | undefined;
  inputTokens: number;
  cap: OutputCap;
  callsPerMonth: number | null;
  config: Pick<AuditConfig, 'expectedOutputTokens'> & Partial<Pick<AuditConfig, 'reasoningTokens'>>;
  /** The reply length the prompt asks for (`outputHintFor`). */
  outputHint?: OutputHint;
  /** The call's reasoning settings (`site.reasoning`); the model's default applies without them. */
  reasoning?: ReasoningSetting;
}): CostEstimate {
  const entry = args.entry;
  const reasoning = reasoningFor(entry, args.model === 'unknown' ? null : args.model, args.reasoning, args.config.reasoningTokens);
  const output = expectedOutput(args.cap, args.config, entry, args.outputHint, reasoning?.tokens.expected ?? 0);
  const bounded = (tokens: number): number => (output.worstCaseTokens === null ? tokens : Math.min(tokens, output.worstCaseTokens));
  const reasoningOutput: TokenRange | undefined = reasoning && {
    low: bounded(output.replyTokens + reasoning.tokens.low),
    expected: output.tokens,
    high: bounded(output.replyTokens + reasoning.tokens.high),
  };
  const shared = {
    model: args.model,
    inputTokens: args.inputTokens,
    outputTokens: output.tokens,
    outputBasis: output.basis,
    ...(output.hint ? { outputHint: output.hint } : {}),
    worstCaseOutputTokens: output.worstCaseTokens,
    capAboveModelMax: output.capAboveModelMax,
    callsPerMonth: args.callsPerMonth,
  };
  const monthly = (amount: number | null) => (amount === null || args.callsPerMonth === null ? null : amount * args.callsPerMonth);
  const withReasoning = (perCall: ((tokens: number) => number) | null): Pick<CostEstimate, 'reasoning'> => {
    if (!reasoning || !reasoningOutput) return {};
    const perCallUsd = perCall && { low: perCall(reasoningOutput.low), expected: perCall(reasoningOutput.expected), high: perCall(reasoningOutput.high) };
    const perMonthUsd = perCallUsd && args.callsPerMonth !== null ? { low: perCallUsd.low * args.callsPerMonth, expected: perCallUsd.expected * args.callsPerMonth, high: perCallUsd.high * args.callsPerMonth } : null;
    return { reasoning: { ...reasoning, replyTokens: output.replyTokens, outputTokens: reasoningOutput, perCallUsd, perMonthUsd } };
  };
  if (!entry) {
    return {
      ...shared,
      ...withReasoning(null),
      perCallUsd: null, inputPerCallUsd: null, outputPerCallUsd: null, per1kCallsUsd: null, perMonthUsd: null,
      worstCasePerCallUsd: null, worstCasePerMonthUsd: null, batchPerCallUsd: null,
    };
  }
  const inputUsd = inputCostUsd(args.inputTokens, entry);
  const outputUsd = outputCostUsd(output.tokens, entry);
  const perCall = inputUsd + outputUsd;
  const worstPerCall = output.worstCaseTokens === null ? null : inputUsd + outputCostUsd(output.worstCaseTokens, entry);
  return {
    ...shared,
    ...withReasoning((tokens) => inputUsd + outputCostUsd(tokens, entry)),
    entry,
    perCallUsd: perCall,
    inputPerCallUsd: inputUsd,
    outputPerCallUsd: outputUsd,
    per1kCallsUsd: perCall * 1000,
    perMonthUsd: monthly(perCall),
    worstCasePerCallUsd: worstPerCall,
    worstCasePerMonthUsd: monthly(worstPerCall),
    batchPerCallUsd: entry.batchDiscount ? perCall * (1 - entry.batchDiscount) : null,
  };
}

/** `configured typical length`, `prompt asks for ≤ 50 words`, `cap 5`: why the expected output is what it is. */
export function describeOutputBasis(cost: Pick<CostEstimate, 'outputBasis' | 'outputHint' | 'capAboveModelMax' | 'reasoning'>, cap: OutputCap): string {
  const reasoning = cost.reasoning ? ` + ${formatTokens(cost.reasoning.tokens.expected)} reasoning` : '';
  if (cost.outputBasis === 'prompt-hint') return `prompt asks for ${cost.outputHint?.label ?? 'a short reply'}${reasoning}`;
  if (cost.outputBasis === 'configured') return `configured typical length${reasoning}`;
  const bound = typeof cap === 'number' && !cost.capAboveModelMax ? `cap ${formatTokens(cap)}` : "model's maximum output";
  const wanted = cost.outputHint ? `the ${cost.outputHint.label} the prompt asks for` : 'the configured typical length';
  return `${bound}, below ${wanted}${reasoning}`;
}

/** `$0.0031`, `$12.40`, `$1,204` — enough digits to tell small per-call costs apart. */
export function formatUsd(amount: number | null): string {
  if (amount === null) return 'unpriced';
  const abs = Math.abs(amount);
  if (abs === 0) return '$0';
  if (abs >= 1000) return `$${groupedInteger(Math.round(amount))}`;
  if (abs >= 1) return `$${amount.toFixed(2)}`;
  // Cents keep two decimals ($0.20), sub-dollar amounts up to four ($0.0035).
  if (abs >= 0.01) return `$${amount.toFixed(4).replace(/(\.\d\d\d?)0+$/, '$1').replace(/(\.\d\d)0$/, '$1')}`;
  // Small per-call costs: two significant digits.
  const decimals = Math.min(8, 1 - Math.floor(Math.log10(abs)));
  return `$${amount.toFixed(decimals).replace(/0+$/, '').replace(/\.$/, '')}`;
}

export function formatTokens(count: number): string {
  return groupedInteger(count);
}
