// Reasoning ("thinking") tokens: billed as output and counted against the cap. How much a call reasons comes from what
// it sets (an effort, a thinking budget, thinking off) or else the model family's default (catalog `reasoningRules`);
// the tokens per effort are the catalog's written-out assumption (`reasoningTokens`), shown as a low / expected / high range.
import { groupedInteger } from '../groupedInteger';
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

/** The row for an effort: the configured one (`reasoningTokens` in .promptcost.yaml) over the catalog's. */
function rangeOf(effort: string, assumption: ReasoningTokenAssumption, configured: ConfiguredEfforts): { range: TokenRange; configured: boolean } | undefined {
  const name = effort === 'dynamic' ? 'medium' : effort;
  const own = Object.prototype.hasOwnProperty.call(configured, name) ? configured[name] : undefined;
  const row = own ?? assumption.efforts.get(name);
  return row ? { range: { low: row[0], expected: row[1], high: row[2] }, configured: own !== undefined } : undefined;
}

type ConfiguredEfforts = Readonly<Record<string, readonly [number, number, number]>>;
const ASSUMED = 'assumed (catalog reasoningTokens, not measured)';
const CONFIGURED = 'configured (reasoningTokens in .promptcost.yaml)';

const formatTokens = (count: number): string => groupedInteger(count);
const rangeText = (range: TokenRange): string => `${formatTokens(range.low)} / ${formatTokens(range.expected)} / ${formatTokens(range.high)}`;

/**
 * The reasoning a call of `modelId` is assumed to do, or undefined when it does none: a model no catalog rule names,
 * thinking switched off at the call, or effort `none` (set, or the model's default).
 */
export function reasoningFor(entry: ModelEntry | undefined, modelId: string | null, setting: ReasoningSetting | undefined, configured: ConfiguredEfforts = {}): ReasoningEstimate | undefined {
  const name = bareName(entry, modelId);
  if (!name) return undefined;
  const { rules } = bundledCatalog();
  const rule = rules.reasoningRules.find((candidate) => candidate.pattern.test(name));
  const assumption = rules.reasoningTokens;
  if (!rule || !assumption || setting?.disabled) return undefined;
  const assumed = ASSUMED;
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
  const callRow = written && written !== 'none' ? rangeOf(written, assumption, configured) : undefined;
  if (written === 'none') return undefined;
  if (callRow) {
    return {
      effort: written!, effortSource: 'call', ...(parameter ? { parameter } : {}), tokens: callRow.range, source: rule.source,
      assumption: `effort ${written} (${parameter}): ${rangeText(callRow.range)} reasoning tokens ${callRow.configured ? CONFIGURED : assumed}`,
    };
  }
  // Nothing usable at the call (not set, not a literal, an unknown name, or `adaptive`/-1): the model's default.
  const effort = setting?.dynamic ? 'dynamic' : rule.defaultEffort;
  const row = rangeOf(effort, assumption, configured);
  if (!row) return undefined;
  const range = row.range;
  const why = setting?.dynamic ? `${parameter} lets the model decide` : setting?.nonLiteral || written ? `${parameter} is not a known literal, so the model's default` : "the model's default";
  const label = effort === 'dynamic' ? 'dynamic (priced as medium)' : effort;
  return {
    effort, effortSource: setting?.dynamic ? 'call' : 'model-default', ...(parameter ? { parameter } : {}), tokens: range, source: rule.source,
    assumption: `effort ${label}, ${why} (${rule.source.replace(/:.*$/, '')}): ${rangeText(range)} reasoning tokens ${row.configured ? CONFIGURED : assumed}`,
  };
}
