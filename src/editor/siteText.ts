// Short texts about a site shared by the CodeLens, hover and status bar.
import { labelText } from '../core/report/escape';
import type { AuditedSite } from '../core/audit';
import { groupedInteger } from '../core/groupedInteger';
import { describeOutputBasis, formatTokens, formatUsd, type CostEstimate } from '../core/pricing/cost';
import type { Finding, Fix, ModelSource, OutputCap } from '../core/types';
import type { OffsetToPosition } from '../core/cache/render';
import { formatSeconds } from '../core/estimates/latency';

export function tokensLabel(audited: AuditedSite): string {
  const { tokens } = audited;
  const staticText = `${tokens.exact ? '' : '~'}${formatTokens(tokens.static)} tokens`;
  const placeholders = audited.site.messages.reduce((n, m) => n + m.segments.filter((s) => s.kind === 'dynamic' && !s.control).length, 0);
  return placeholders > 0 ? `${staticText} + ${placeholders} placeholder${placeholders === 1 ? '' : 's'}` : staticText;
}

const MODEL_SOURCE_LABELS = new Map<ModelSource, string>([
  ['constant', 'constant'],
  ['default-argument', 'parameter default'],
  ['fallback', 'fallback value'],
  ['env-default', 'environment variable default'],
  ['imported-constant', 'constant'],
  ['dotenv', '.env value'],
  ['conditional', 'first of two'],
  ['sending-call', 'model of the call that sends it'],
  ['provider-default', 'provider default'],
  ['workspace-default', 'workspace default'],
]);

/**
 * Where a priced model came from in words (`provider default`, `first of two: o3-mini, gpt-4o`); undefined for a literal
 * written in the call, which needs no label. Shared by the hover and the summary panel so both say the same.
 */
export function modelSourceLabel(source: ModelSource, alternatives?: readonly string[], variable?: string): string | undefined {
  const label = MODEL_SOURCE_LABELS.get(source);
  if (!label) return undefined;
  if (source === 'conditional' && alternatives) return `${label}: ${alternatives.join(', ')}`;
  // `environment variable default of LLM_MODEL`, `.env value of LLM_MODEL`.
  return (source === 'env-default' || source === 'dotenv') && variable ? `${label} of ${variable}` : label;
}

/**
 * `claude-sonnet-4-5 (provider default)`, `gpt-4o (environment variable default)`, `o3-mini (first of two: o3-mini, gpt-4o)`:
 * the priced model and where it came from; a literal in the call needs no label. Plain text (escape for the medium).
 */
export function modelWithSource(audited: AuditedSite, withLocation = true): string {
  if (audited.modelId === null) return audited.modelSource === 'provider-default' ? `no model (no default for provider ${audited.site.provider ?? 'unknown'})` : 'no model';
  const label = modelSourceLabel(audited.modelSource, audited.site.modelAlternatives, audited.site.modelVariable);
  if (!label) return audited.modelId;
  // A model written in another file (an imported constant, a `.env` line) says where: `config.py:12`.
  const from = audited.site.modelFrom && withLocation ? ` at ${audited.site.modelFrom.file}:${audited.site.modelFrom.line}` : '';
  return `${audited.modelId} (${label}${from})`;
}

/** `prompt text from lib/ai/prompts.ts:3, prompts/system.txt:1` for static text counted from other files; undefined when none. */
export function promptSourcesLabel(audited: AuditedSite): string | undefined {
  const sources = audited.site.promptSources;
  if (!sources?.length) return undefined;
  const shown = sources.slice(0, 4).map((source) => `${source.file}:${source.line}`);
  return `prompt text from ${shown.join(', ')}${sources.length > shown.length ? ` and ${sources.length - shown.length} more` : ''}`;
}

/** `sent by docsbot/answer.py:27` (`and 1 more call`): the calls that send a prompt file's text; undefined when none. */
export function sentByLabel(audited: AuditedSite): string | undefined {
  const [first, ...rest] = audited.site.sentBy ?? [];
  if (!first) return undefined;
  return `sent by ${first.file}:${first.line}${rest.length > 0 ? ` and ${rest.length} more call${rest.length === 1 ? '' : 's'}` : ''}`;
}

export function modelLabel(audited: AuditedSite): string {
  if (audited.modelId === null) return 'no model';
  if (!audited.modelEntry) return `${audited.modelId} (unpriced)`;
  // A local provider's model (Ollama): $0 is no API charge, not a missing price.
  if (audited.modelEntry.local) return `${audited.modelId} (local)`;
  return audited.modelIsDefault ? `${audited.modelId} (default)` : audited.modelId;
}

/** `$0.0082/call · worst $0.1679`: the expected cost per call, then the worst case (every reply at its bound). */
export function perCallLabel(cost: CostEstimate): string {
  if (cost.perCallUsd === null) return 'unpriced';
  if (cost.entry?.local) return '$0 API cost (local model)';
  return `${formatUsd(cost.perCallUsd)}/call${cost.worstCasePerCallUsd === null ? '' : ` · worst ${formatUsd(cost.worstCasePerCallUsd)}`}`;
}

/** `400 expected (configured typical length) · worst case 16,384 (gpt-4o's maximum output, no cap)` */
export function outputLabel(cost: CostEstimate, cap: OutputCap, modelId: string): string {
  const expected = `${formatTokens(cost.outputTokens)} expected (${describeOutputBasis(cost, cap)})`;
  if (cost.worstCaseOutputTokens === null) return `${expected} · no bound known (no cap, ${cost.entry?.local ? 'the local model\'s maximum is not known' : 'model not in the catalog'})`;
  const bound = typeof cap === 'number'
    ? cost.capAboveModelMax ? `${modelId}'s maximum output; the cap ${formatTokens(cap)} exceeds it` : 'the cap'
    : cap === 'non-literal' ? `${modelId}'s maximum output; the cap is set by a variable` : `${modelId}'s maximum output, no cap`;
  return `${expected} · worst case ${formatTokens(cost.worstCaseOutputTokens)} (${bound})`;
}

/** `×15 calls per run: range(5) at line 3 × ["en", "de", "fr"] at line 2` or `while True at line 8 has no literal bound`. */
export function loopLabel(audited: AuditedSite, lines?: OffsetToPosition): string | undefined {
  const loops = audited.site.loops;
  if (!loops || loops.length === 0) return undefined;
  const parts = loops.map((loop) => `${loop.boundText}${lines ? ` at line ${lines.positionAt(loop.bound.start).line + 1}` : ''}${loop.iterations === null ? ' (no literal bound)' : loop.earlyExit ? ' (at most; it can stop early)' : ''}`);
  return audited.callsPerRun !== undefined ? `×${groupedInteger(audited.callsPerRun)} calls per run: ${parts.join(' × ')}` : `in a loop without a fixed count: ${parts.join(', ')} (priced as one call per run)`;
}

/**
 * `first token ≈0.45 s, whole reply ≈3.5 s (400 tokens at 131 tokens/s; Artificial Analysis medians …, 2026-06-24)`, or
 * why it is unknown. Plain text (escape for the medium).
 */
export function latencyLabel(audited: AuditedSite, withSource = true): string | undefined {
  const latency = audited.latency;
  if (!latency) return undefined;
  if (!latency.speed || latency.timeToFirstTokenSeconds === null || latency.totalSeconds === null) {
    return `unknown: no published output speed for ${audited.modelEntry?.id ?? audited.modelId ?? 'this model'} in the catalog`;
  }
  const { speed } = latency;
  const reasoning = latency.reasoningTokens > 0 ? ` after ${formatTokens(latency.reasoningTokens)} reasoning tokens` : speed.firstTokenIncludesReasoning && audited.cost.reasoning ? ' (the source\'s figure includes reasoning)' : '';
  const times = `first token ≈${formatSeconds(latency.timeToFirstTokenSeconds)}${reasoning}, whole reply ≈${formatSeconds(latency.totalSeconds)}`;
  // The short hover leaves the speed and its source to the details document.
  return withSource ? `${times} (${formatTokens(latency.replyTokens)} tokens at ${formatTokens(speed.tokensPerSecond)} tokens/s; ${speed.sourceText})` : times;
}

/**
 * `messages resent in full each turn: turn 1 74 input tokens, turn 10 3,278 (+356 a turn) · 10-turn session $0.0043 (…)`;
 * for a history the code truncates, what was read as the truncation. Plain text (escape for the medium).
 */
export function conversationLabel(audited: AuditedSite): string | undefined {
  const growth = audited.site.conversation;
  if (!growth) return undefined;
  const turns = audited.cost.conversation;
  if (growth.truncated || !turns) return `${growth.history} grows each turn but is truncated or summarised (${growth.truncation ?? 'in code'}): priced as sent`;
  const money = turns.sessionUsd === null || audited.modelEntry?.local ? '' : ` · ${turns.turns}-turn session ${formatUsd(turns.sessionUsd)} (turn 1 ${formatUsd(turns.firstTurnUsd)}, turn ${turns.turns} ${formatUsd(turns.lastTurnUsd)})`;
  const source = turns.turnsSource === 'turnsPerSession' ? ' (turnsPerSession)' : '';
  return `${growth.history} resent in full each turn: turn 1 ${formatTokens(Math.round(turns.firstTurnInputTokens))} input tokens, turn ${turns.turns}${source} ${formatTokens(Math.round(turns.lastTurnInputTokens))} (+${formatTokens(turns.growthPerTurnTokens)} a turn)${money} · the figures above are the mean turn`;
}

/**
 * `effort high (reasoning_effort): 4,096 / 16,384 / 32,768 reasoning tokens assumed (…) · output 4,101 / 8,000 / 8,000
 * · $0.033 / $0.0641 / $0.0641 per call (low / expected / high)`; undefined for a model that does not reason here.
 */
export function reasoningLabel(cost: CostEstimate): string | undefined {
  const reasoning = cost.reasoning;
  if (!reasoning) return undefined;
  const range = (values: { low: number; expected: number; high: number }, format: (n: number) => string) => `${format(values.low)} / ${format(values.expected)} / ${format(values.high)}`;
  const money = reasoning.perCallUsd && !cost.entry?.local ? ` · ${range(reasoning.perCallUsd, formatUsd)} per call` : '';
  return `${reasoning.assumption} · output ${range(reasoning.outputTokens, formatTokens)}${money} (low / expected / high)`;
}

/**
 * The cost lens, short: `1,240 tokens · $0.0031/call · $62.00/month · gpt-4o` (expected figures; the model last).
 * Worst case, cap and cache state live in the hover, and findings get their own actionable lens.
 */
export function costLensTitle(audited: AuditedSite): string {
  const { cost } = audited;
  const parts = [tokensLabel(audited)];
  if (cost.perCallUsd === null) parts.push('unpriced');
  else if (cost.entry?.local) parts.push('$0 API cost');
  else {
    parts.push(`${formatUsd(cost.perCallUsd)}/call`);
    if (cost.perMonthUsd !== null) parts.push(`${formatUsd(cost.perMonthUsd)}/month`);
  }
  parts.push(labelText(modelLabel(audited))); // the model id is repository text
  const sentBy = sentByLabel(audited);
  if (sentBy) parts.push(labelText(sentBy)); // file names are repository text
  return parts.join(' · ');
}

/** `$46,080/month exposure`, `saves $475.20/month`, `wastes $0.16/month`: the finding's money, each with its meaning. */
function findingMoney(finding: Finding): string {
  if (finding.monthlyExposureUsd) return ` · ${formatUsd(finding.monthlyExposureUsd)}/month exposure`;
  if (finding.monthlySavingUsd) return ` · saves ${formatUsd(finding.monthlySavingUsd)}/month`;
  if (finding.monthlyWasteUsd) return ` · wastes ${formatUsd(finding.monthlyWasteUsd)}/month`;
  return '';
}

/** `Generation without an output cap · $46,080/month exposure → Add max_tokens: 1024 (+1 more)` */
export function findingLensTitle(findings: readonly Finding[], ruleTitles: ReadonlyMap<string, string>): string {
  const [first] = findings;
  const fix = preferredFix(first);
  const more = findings.length > 1 ? ` (+${findings.length - 1} more)` : '';
  return `${ruleTitles.get(first.rule) ?? first.rule}${findingMoney(first)} → ${fix ? labelText(fix.title) : 'show'}${more}`; // a fix title quotes repository text
}

export function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes?.find((fix) => fix.preferred) ?? finding.fixes?.[0];
}
