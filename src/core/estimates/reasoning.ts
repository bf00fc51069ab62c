// Reasoning ("thinking") tokens: billed as output and counted against the cap. How much a call reasons comes from what
// it sets (an effort, a thinking budget, thinking off) or else the model family's default (catalog `reasoningRules`);
// the tokens per effort are the catalog's written-out assumption (`reasoningTokens`), shown as a low / expected / high range.
import { bundledCatalog, type ReasoningTokenAssumption } from '../pricing/catalog';
import type { ModelEntry } from '../pricing/types';
import type { ReasoningSetting } from '../types';

export interface TokenRange {
  low: number;
  expected: number;
  high: number;
}

export interface ReasoningEstimate {
  /** The effort the range is for (`low` … `xhigh`), `dynamic` (the model decides) or `budget` (an explicit thinking budget). */
  effort: string;
  /** `call`: set at the call; `model-default`: the model family's default (the catalog rule in `source`). */
  effortSource: 'call' | 'model-default';
  budgetTokens?: number;
  /** The call's parameter, when it set one. */
  parameter?: string;
  /** Reasoning tokens per call assumed, before the cap. */
  tokens: TokenRange;
  /** The assumption in words, with where each part comes from. */
  assumption: string;
  /** Where the model's reasoning default comes from (the catalog rule's source). */
  source: string;
}

/** Model names the family rules match: the catalog id when priced, else the name as written, without a provider path. */
function bareName(entry: ModelEntry | undefined, modelId: string | null): string | null {
  const name = entry?.id ?? modelId;
  if (!name) return null;
  return name.toLowerCase().replace(/^.*\//, '');
}

function rangeOf(effort: string, assumption: ReasoningTokenAssumption): TokenRange | undefined {
  const row = assumption.efforts.get(effort === 'dynamic' ? 'medium' : effort);
  return row ? { low: row[0], expected: row[1], high: row[2] } : undefined;
}

const formatTokens = (count: number): string => count.toLocaleString('en-US');
const rangeText = (range: TokenRange): string => `${formatTokens(range.low)} / ${formatTokens(range.expected)} / ${formatTokens(range.high)}`;

/**
 * The reasoning a call of `modelId` is assumed to do, or undefined when it does none: a model no catalog rule names,
 * thinking switched off at the call, or effort `none` (set, or the model's default).
 */
export function reasoningFor(entry: ModelEntry | undefined, modelId: string | null, setting: ReasoningSetting | undefined): ReasoningEstimate | undefined {
  const name = bareName(entry, modelId);
  if (!name) return undefined;
  const { rules } = bundledCatalog();
  const rule = rules.reasoningRules.find((candidate) => candidate.pattern.test(name));
  const assumption = rules.reasoningTokens;
  if (!rule || !assumption || setting?.disabled) return undefined;
  const assumed = 'assumed (catalog reasoningTokens, not measured)';
  const parameter = setting?.parameter;
  if (setting?.budgetTokens !== undefined) {
    const budget = setting.budgetTokens;
    const [low, expected, high] = assumption.budgetShare.map((share) => Math.round(budget * share));
    const tokens = { low, expected, high };
    return {
      effort: 'budget', effortSource: 'call', budgetTokens: budget, ...(parameter ? { parameter } : {}), tokens, source: rule.source,
      assumption: `thinking budget ${formatTokens(budget)} (${parameter}): ${rangeText(tokens)} reasoning tokens ${assumed}`,
    };
  }
  const written = setting?.effort;
  const callRange = written && written !== 'none' ? rangeOf(written, assumption) : undefined;
  if (written === 'none') return undefined;
  if (callRange) {
    return {
      effort: written!, effortSource: 'call', ...(parameter ? { parameter } : {}), tokens: callRange, source: rule.source,
      assumption: `effort ${written} (${parameter}): ${rangeText(callRange)} reasoning tokens ${assumed}`,
    };
  }
  // Nothing usable at the call (not set, not a literal, an unknown name, or `adaptive`/-1): the model's default.
  const effort = setting?.dynamic ? 'dynamic' : rule.defaultEffort;
  const range = rangeOf(effort, assumption);
  if (!range) return undefined;
  const why = setting?.dynamic ? `${parameter} lets the model decide` : setting?.nonLiteral || written ? `${parameter} is not a known literal, so the model's default` : "the model's default";
  const label = effort === 'dynamic' ? 'dynamic (priced as medium)' : effort;
  return {
    effort, effortSource: setting?.dynamic ? 'call' : 'model-default', ...(parameter ? { parameter } : {}), tokens: range, source: rule.source,
    assumption: `effort ${label}, ${why} (${rule.source.replace(/:.*$/, '')}): ${rangeText(range)} reasoning tokens ${assumed}`,
  };
}
