// agent-loop-unbounded: a call with tools inside a `while` loop whose condition sets no literal bound (`while True`,
// `while (!done)`): an agent loop with no step limit, where every extra step is another paid call.
import { formatUsd } from '../pricing/cost';
import { defineSiteRule } from './defineRule';
import { modelLabel, monthlySuffix } from './ruleSupport';

export const agentLoopUnboundedRule = defineSiteRule({
  id: 'agent-loop-unbounded',
  defaultSeverity: 'warning',
  title: 'Agent loop without a step limit',
  rationale:
    'A model call with tools inside `while True` / `while (!done)` runs until the model stops asking for tools. Nothing ' +
    'bounds the number of steps, and each step is another full call (usually resending a conversation that grows with ' +
    'every tool result), so a model that keeps calling tools, or a tool that keeps failing, runs up cost with no ceiling. ' +
    'Count the steps and stop at a maximum (`for step in range(MAX_STEPS)`, `while (!done && step < MAX_STEPS)`).',
  details:
    "Raised for a call that passes tools (`tools`, `functions`) inside a `while` / `do` loop (Go `for { }`, Ruby `loop do`), within the call's own function, " +
    'whose condition is not a comparison with a literal number. A limit checked inside the loop body (`if step > 10: break`) ' +
    'is not seen. The message gives the cost of each extra step: the expected cost of one call as written (the resent ' +
    'history grows, so later steps cost more).',
  check({ context, audited, site }) {
    if (site.kind !== 'call' || !site.usesTools) return undefined;
    const open = site.loops?.find((loop) => loop.kind === 'while' && loop.iterations === null);
    if (!open) return undefined;
    const perStep = audited.cost.perCallUsd;
    const cost = perStep === null
      ? `each extra step is another call (unpriced: ${modelLabel(audited)} is not in the catalog)`
      : `each extra step costs about ${formatUsd(perStep)} on ${modelLabel(audited)}${monthlySuffix(audited.cost.perMonthUsd, audited.callsPerMonth).replace(' at ', ' for one extra step on each of ')}, more as the history grows`;
    const line = context.lineIndex.positionAt(site.span.start).line + 1;
    return { at: open.bound, message: `Agent loop with no step limit: the call with tools at line ${line} repeats while \`${open.boundText}\` until the model stops asking for tools; ${cost}. Stop after a maximum number of steps.` };
  },
});
