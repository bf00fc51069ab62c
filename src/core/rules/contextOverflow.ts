// context-overflow: prompt plus reserved output exceeds (error) or nearly fills (warning) the model's context window.
import { formatTokens } from '../pricing/cost';
import { defineSiteRule } from './defineRule';
import { modelLabel } from './ruleSupport';

/** Share of the context window at which the rule warns: a few larger placeholder values will overflow it. */
export const CONTEXT_WARNING_SHARE = 0.8;

export const contextOverflowRule = defineSiteRule({
  id: 'context-overflow',
  defaultSeverity: 'warning',
  check({ audited }) {
    const entry = audited.modelEntry;
    if (!entry || !(entry.contextWindow > 0)) return undefined;
    const { tokens } = audited;
    const cap = audited.site.maxOutputTokens;
    const output = typeof cap === 'number' && cap >= 0 ? cap : audited.cost.outputTokens;
    const prompt = tokens.static + tokens.framing + tokens.assumedDynamic;
    const total = prompt + output;
    const window = entry.contextWindow;
    if (total < CONTEXT_WARNING_SHARE * window) return undefined;
    const parts = `${formatTokens(prompt)} prompt${tokens.assumedDynamic > 0 ? ` incl. ${formatTokens(tokens.assumedDynamic)} assumed for placeholders` : ''} + ${formatTokens(output)} output`;
    if (total > window) {
      return {
        severity: 'error',
        message: `${formatTokens(total)} tokens exceed ${modelLabel(audited)}'s ${formatTokens(window)}-token context window (${parts}): the call will fail.`,
      };
    }
    const share = Math.floor((total / window) * 100);
    return {
      severity: 'warning',
      message: `${formatTokens(total)} tokens fill ${share}% of ${modelLabel(audited)}'s ${formatTokens(window)}-token context window (${parts}).`,
    };
  },
});
