// Cost arithmetic: per call = input tokens × input price + expected output tokens × output price.
import type { AuditConfig } from '../config';
import type { OutputCap } from '../types';
import type { ModelEntry } from './types';

const PER_MILLION = 1_000_000;

export type OutputBasis = 'cap' | 'expected' | 'expected-below-cap';

export interface CostEstimate {
  /** Model id as the site or config named it. */
  model: string;
  /** Catalog entry; undefined = unpriced. */
  entry?: ModelEntry;
  /** Static tokens + framing + assumed placeholder tokens. */
  inputTokens: number;
  outputTokens: number;
  /** Where the output figure comes from: the site's cap, or the configured typical length. */
  outputBasis: OutputBasis;
  /** null = unpriced (model not in the catalog): never shown as $0. */
  perCallUsd: number | null;
  inputPerCallUsd: number | null;
  outputPerCallUsd: number | null;
  per1kCallsUsd: number | null;
  /** null when unpriced or when no volume is configured. */
  perMonthUsd: number | null;
  callsPerMonth: number | null;
  /** Per call through the provider's batch API, when it has one. */
  batchPerCallUsd: number | null;
}

/** Output tokens a call is expected to produce, and why. */
export function expectedOutput(cap: OutputCap, config: Pick<AuditConfig, 'expectedOutputTokens' | 'expectOutputAtCap'>): { tokens: number; basis: OutputBasis } {
  if (typeof cap === 'number' && Number.isFinite(cap) && cap >= 0) {
    if (config.expectOutputAtCap) return { tokens: cap, basis: 'cap' };
    return cap < config.expectedOutputTokens ? { tokens: cap, basis: 'cap' } : { tokens: config.expectedOutputTokens, basis: 'expected-below-cap' };
  }
  return { tokens: config.expectedOutputTokens, basis: 'expected' };
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
  config: Pick<AuditConfig, 'expectedOutputTokens' | 'expectOutputAtCap'>;
}): CostEstimate {
  const output = expectedOutput(args.cap, args.config);
  const entry = args.entry;
  if (!entry) {
    return {
      model: args.model, inputTokens: args.inputTokens, outputTokens: output.tokens, outputBasis: output.basis,
      perCallUsd: null, inputPerCallUsd: null, outputPerCallUsd: null, per1kCallsUsd: null, perMonthUsd: null,
      callsPerMonth: args.callsPerMonth, batchPerCallUsd: null,
    };
  }
  const inputUsd = inputCostUsd(args.inputTokens, entry);
  const outputUsd = outputCostUsd(output.tokens, entry);
  const perCall = inputUsd + outputUsd;
  return {
    model: args.model,
    entry,
    inputTokens: args.inputTokens,
    outputTokens: output.tokens,
    outputBasis: output.basis,
    perCallUsd: perCall,
    inputPerCallUsd: inputUsd,
    outputPerCallUsd: outputUsd,
    per1kCallsUsd: perCall * 1000,
    perMonthUsd: args.callsPerMonth === null ? null : perCall * args.callsPerMonth,
    callsPerMonth: args.callsPerMonth,
    batchPerCallUsd: entry.batchDiscount ? perCall * (1 - entry.batchDiscount) : null,
  };
}

/** `$0.0031`, `$12.40`, `$1,204` — enough digits to tell small per-call costs apart. */
export function formatUsd(amount: number | null): string {
  if (amount === null) return 'unpriced';
  const abs = Math.abs(amount);
  if (abs === 0) return '$0';
  if (abs >= 1000) return `$${Math.round(amount).toLocaleString('en-US')}`;
  if (abs >= 1) return `$${amount.toFixed(2)}`;
  // Cents keep two decimals ($0.20), sub-dollar amounts up to four ($0.0035).
  if (abs >= 0.01) return `$${amount.toFixed(4).replace(/(\.\d\d\d?)0+$/, '$1').replace(/(\.\d\d)0$/, '$1')}`;
  // Small per-call costs: two significant digits.
  const decimals = Math.min(8, 1 - Math.floor(Math.log10(abs)));
  return `$${amount.toFixed(decimals).replace(/0+$/, '').replace(/\.$/, '')}`;
}

export function formatTokens(count: number): string {
  return count.toLocaleString('en-US');
}
