// Latency beside cost (issue 17 item 6): how long a call takes at its model's typical output speed (catalog
// `outputSpeeds`, medians from a cited source). Time to first token = the source's median; a reasoning model reasons
// before its reply, so its expected reasoning is added at the same speed, unless the source's first-token time already
// includes reasoning. Total = time to first token + the expected reply at the output speed. A model without a speed in
// the catalog has no latency: unknown, never guessed.
import { groupedInteger } from '../groupedInteger';
import { bundledCatalog, type OutputSpeed } from '../pricing/catalog';
import type { CostEstimate } from '../pricing/cost';
import type { ModelEntry } from '../pricing/types';

export interface LatencyEstimate {
  /** Seconds to the first token of the reply; null = unknown (no speed for the model). */
  timeToFirstTokenSeconds: number | null;
  /** Seconds to the end of the expected reply; null = unknown. */
  totalSeconds: number | null;
  /** The speed used, and where it comes from; absent when unknown. */
  speed?: OutputSpeed;
  /** Expected reasoning tokens counted before the first token (0 when none, or when the source's figure includes it). */
  reasoningTokens: number;
  /** Expected reply tokens counted after it. */
  replyTokens: number;
}

/** The catalog speed of a priced model, by its catalog id. */
export function outputSpeedOf(entry: ModelEntry | undefined): OutputSpeed | undefined {
  return entry ? bundledCatalog().rules.outputSpeeds.get(entry.id.toLowerCase()) : undefined;
}

export function latencyFor(entry: ModelEntry | undefined, cost: Pick<CostEstimate, 'outputTokens' | 'reasoning'>): LatencyEstimate {
  // Billed output = reply + reasoning within the bound; the reply is what the prompt asks for, the rest is reasoning.
  const replyTokens = cost.reasoning ? Math.min(cost.reasoning.replyTokens, cost.outputTokens) : cost.outputTokens;
  const reasoningTokens = cost.outputTokens - replyTokens;
  const speed = outputSpeedOf(entry);
  if (!speed) return { timeToFirstTokenSeconds: null, totalSeconds: null, reasoningTokens, replyTokens };
  const counted = speed.firstTokenIncludesReasoning ? 0 : reasoningTokens;
  const timeToFirstTokenSeconds = speed.timeToFirstTokenSeconds + counted / speed.tokensPerSecond;
  return { timeToFirstTokenSeconds, totalSeconds: timeToFirstTokenSeconds + replyTokens / speed.tokensPerSecond, speed, reasoningTokens: counted, replyTokens };
}

/** `1.8 s`, `12 s`, `0.45 s`: two significant digits below 10 s, whole seconds above. */
export function formatSeconds(seconds: number): string {
  if (seconds >= 10) return `${groupedInteger(Math.round(seconds))} s`;
  return `${Number(seconds.toPrecision(2))} s`;
}
