// model-overkill: an expensive model asked for a label, a yes/no or one word, where the provider's small model does as well.
import { SHORT_ANSWER_PATTERNS } from '../estimates/outputHints';
import { estimateCost, formatUsd, formatTokens } from '../pricing/cost';
import type { PromptSite } from '../types';
import { defineSiteRule } from './defineRule';
import { positioningOf } from './modelPositioning';
import { formatRatio, modelOrAnchor, replaceModelFix } from './ruleSupport';

/** A cap this small means the reply is a word or a label. */
export const SMALL_CAP_TOKENS = 50;
/** A cap this large means the caller expects prose, whatever the prompt says. */
export const PROSE_CAP_TOKENS = 256;
/** Below this price ratio the suggestion is not worth a model change. */
const MIN_PRICE_RATIO = 2;

interface Signal {
  strong: boolean;
  label: string;
}

// Weak: typical of classification, but also of prompts that go on to ask for more.
const ENUMERATED_LABELS = /\b(?:one of|either|from)\s*(?:the following)?\s*:?\s*["'`]?[\w-]+["'`]?(?:\s*(?:,|\bor\b|\/|\|)\s*["'`]?[\w-]+["'`]?){2,}/i;
const CLASSIFY_VERB = /\b(?:classify|categori[sz]e|label the|tag the|determine whether|decide whether|is this (?:message|review|email|text) )/i;
// Anything asking for prose or reasoning rules the hint out.
const PROSE_REQUEST = /\b(?:explain|explanation|reasoning|step[- ]by[- ]step|justify|justification|elaborate|summari[sz]e|summary|essay|paragraph|in detail|detailed)\b/i;

export const modelOverkillRule = defineSiteRule({
  id: 'model-overkill',
  defaultSeverity: 'information',
  docValues: { SMALL_CAP_TOKENS, PROSE_CAP_TOKENS },
  check({ context, audited, site }) {
    const entry = audited.modelEntry;
    if (!entry || audited.modelIsDefault || (entry.tier !== 'frontier' && entry.tier !== 'standard') || !entry.smallSibling) return undefined;
    const sibling = context.catalog.resolve(entry.smallSibling);
    if (!sibling || sibling.id === entry.id) return undefined;
    const signals = shortAnswerSignals(site, entry.maxOutputTokens);
    const strong = signals.some((signal) => signal.strong);
    if (!strong && signals.length < 2) return undefined;

    const inputTokens = audited.cost.inputTokens;
    const current = audited.cost.perCallUsd;
    const cheaper = estimateCost({ model: sibling.id, entry: sibling, inputTokens, cap: site.maxOutputTokens, callsPerMonth: audited.callsPerMonth, config: context.config, outputHint: audited.outputHint, reasoning: site.reasoning }).perCallUsd;
    if (current === null || cheaper === null || cheaper <= 0) return undefined;
    const ratio = current / cheaper;
    if (ratio < MIN_PRICE_RATIO) return undefined;
    const savedPerCall = current - cheaper;
    const savedMonthly = audited.callsPerMonth === null ? null : savedPerCall * audited.callsPerMonth;
    const saving = savedMonthly === null ? `${formatUsd(savedPerCall)} less per call` : `${formatUsd(savedMonthly)}/month less at ${formatTokens(audited.callsPerMonth!)} calls`;
    const why = signals.map((signal) => signal.label).join(', ');
    return {
      at: modelOrAnchor(context.text, site),
      message:
        `${sibling.id} is ${formatRatio(ratio)} cheaper than ${entry.id} for this short answer: ${saving} (${why}). ` +
        `${sibling.id}: ${positioningOf(sibling.id)}. Verify on a sample of real inputs before switching.`,
      fix: replaceModelFix(context.text, site, sibling.id, true),
      monthlySavingUsd: savedMonthly,
    };
  },
});

/**
 * Signals that a site asks for a single short answer; empty when anything suggests prose. A cap at or above the
 * model's maximum output (`modelMaxOutput`) limits nothing, so it is read as no cap (a forgotten cap), not as prose.
 */
export function shortAnswerSignals(site: PromptSite, modelMaxOutput?: number): Signal[] {
  const written = site.maxOutputTokens;
  const cap = typeof written === 'number' && modelMaxOutput !== undefined && written >= modelMaxOutput ? null : written;
  if (typeof cap === 'number' && cap > PROSE_CAP_TOKENS) return [];
  const instructions = site.messages
    .filter((message) => message.role !== 'assistant' && message.role !== 'tool')
    .map((message) => message.segments.map((segment) => (segment.kind === 'static' ? segment.text : ' ')).join(''))
    .join('\n');
  if (PROSE_REQUEST.test(instructions)) return [];
  const signals: Signal[] = [];
  // Strong: the prompt itself restricts the reply to a single token-sized answer (the output-length reading's patterns).
  const strongSeen = new Set<string>();
  for (const { pattern, label } of SHORT_ANSWER_PATTERNS) {
    if (pattern.test(instructions) && !strongSeen.has(label)) {
      strongSeen.add(label);
      signals.push({ strong: true, label });
    }
  }
  if (typeof cap === 'number' && cap <= SMALL_CAP_TOKENS) signals.push({ strong: false, label: `cap ${formatTokens(cap)}` });
  if (ENUMERATED_LABELS.test(instructions)) signals.push({ strong: false, label: 'label list' });
  if (CLASSIFY_VERB.test(instructions)) signals.push({ strong: false, label: 'classification' });
  return signals;
}
