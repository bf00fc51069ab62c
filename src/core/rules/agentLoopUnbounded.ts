// agent-loop-unbounded: a call with tools inside a `while` loop whose condition sets no literal bound (`while True`,
// `while (!done)`): an agent loop with no step limit, where every extra step is another paid call.
import { formatUsd } from '../pricing/cost';
import { defineSiteRule } from './defineRule';
import { modelLabel, monthlySuffix, isLocalModel, localCostPhrase } from './ruleSupport';

export const agentLoopUnboundedRule = defineSiteRule({
  id: 'agent-loop-unbounded',
  defaultSeverity: 'warning',
  check({ context, audited, site }) {
    if (site.kind !== 'call' || !site.usesTools) return undefined;
    const open = site.loops?.find((loop) => loop.kind === 'while' && loop.iterations === null);
    if (!open) return undefined;
    const perStep = audited.cost.perCallUsd;
    const cost = isLocalModel(audited)
      ? `each extra step is another call (${localCostPhrase(audited)}), more as the history grows`
      : perStep === null
      ? `each extra step is another call (unpriced: ${modelLabel(audited)} is not in the catalog)`
      : `each extra step costs about ${formatUsd(perStep)} on ${modelLabel(audited)}${monthlySuffix(audited.cost.perMonthUsd, audited.callsPerMonth).replace(' at ', ' for one extra step on each of ')}, more as the history grows`;
    const line = context.lineIndex.positionAt(site.span.start).line + 1;
    return { at: open.bound, message: `Agent loop with no step limit: the call with tools at line ${line} repeats while \`${open.boundText}\` until the model stops asking for tools; ${cost}. Stop after a maximum number of steps.` };
  },
});
