// output-cap-too-high: a cap above the model's maximum output (rejected or clamped) or equal to it (caps nothing).
import { formatTokens, formatUsd } from '../pricing/cost';
import type { Fix } from '../types';
import { defineSiteRule } from './defineRule';
import { isValidSpan, monthlyExposureOf, rightSizedCapFor, worstCasePhrase } from './ruleSupport';

export const outputCapTooHighRule = defineSiteRule({
  id: 'output-cap-too-high',
  defaultSeverity: 'warning',
  check({ context, audited, site }) {
    const cap = site.maxOutputTokens;
    const entry = audited.modelEntry;
    // A cap compared with an assumed default model would be a guess about a model the code may not use.
    if (typeof cap !== 'number' || !entry || audited.modelIsDefault || !(entry.maxOutputTokens > 0)) return undefined;
    if (cap < entry.maxOutputTokens) return undefined;
    const parameter = site.capParameter ?? 'The cap';
    const maximum = formatTokens(entry.maxOutputTokens);
    const rightSized = rightSizedCapFor(audited, context.config);
    const exposure = monthlyExposureOf(audited, rightSized);
    const exposureText = exposure !== undefined && exposure > 0 ? `; a ${formatTokens(rightSized)}-token cap removes ${formatUsd(exposure)}/month of it` : '';
    if (cap === entry.maxOutputTokens) {
      return {
        at: site.capSpan,
        message: `${parameter} ${formatTokens(cap)} is ${entry.id}'s maximum output, so it caps nothing: ${worstCasePhrase(audited)}${exposureText}.`,
        monthlyExposureUsd: exposure,
      };
    }
    return {
      at: site.capSpan,
      message: `${parameter} ${formatTokens(cap)} exceeds ${entry.id}'s ${maximum}-token maximum output: the API rejects or clamps it; ${worstCasePhrase(audited)}${exposureText}.`,
      fix: lowerCapFix(context.text, site.capSpan, entry.maxOutputTokens),
      monthlyExposureUsd: exposure,
    };
  },
});

/** Replaces the cap's number literal (`100000`, `100_000`, `1e5` is left alone) with the model maximum. */
function lowerCapFix(text: string, capSpan: { start: number; end: number } | undefined, maximum: number): Fix | undefined {
  if (!isValidSpan(text, capSpan)) return undefined;
  const literal = text.slice(capSpan.start, capSpan.end);
  const number = /^(["']?)(\d[\d_]*)\1$/.exec(literal);
  if (!number) return undefined;
  const digitsStart = capSpan.start + number[1].length;
  return {
    title: `Lower the cap to ${formatTokens(maximum)} (the model maximum)`,
    edits: [{ span: { start: digitsStart, end: digitsStart + number[2].length }, newText: String(maximum) }],
    preferred: true,
  };
}
