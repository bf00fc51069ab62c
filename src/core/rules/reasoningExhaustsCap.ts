// reasoning-exhausts-cap: a reasoning model with an output cap its reasoning alone can fill. Reasoning tokens count
// against the cap, so the reply can come back empty (finish reason `length`) with the reasoning still billed.
import { formatTokens, formatUsd } from '../pricing/cost';
import { defineSiteRule } from './defineRule';
import { modelLabel, monthlySuffix, isLocalModel } from './ruleSupport';

export const reasoningExhaustsCapRule = defineSiteRule({
  id: 'reasoning-exhausts-cap',
  defaultSeverity: 'warning',
  check({ audited, site }) {
    const reasoning = audited.cost.reasoning;
    const cap = site.maxOutputTokens;
    if (!reasoning || typeof cap !== 'number' || cap <= 0) return undefined;
    if (reasoning.tokens.high < cap) return undefined;
    const parameter = site.capParameter ?? 'the cap';
    const setting = reasoning.effort === 'budget'
      ? `a thinking budget of ${formatTokens(reasoning.budgetTokens ?? 0)} (${reasoning.parameter})`
      : reasoning.effortSource === 'call' ? `effort ${reasoning.effort} (${reasoning.parameter})` : `its default effort ${reasoning.effort === 'dynamic' ? 'dynamic (priced as medium)' : reasoning.effort}`;
    const range = `${formatTokens(reasoning.tokens.low)} / ${formatTokens(reasoning.tokens.expected)} / ${formatTokens(reasoning.tokens.high)}`;
    const atCap = audited.cost.worstCasePerCallUsd;
    const billed = atCap === null || isLocalModel(audited) ? '' : `; a reply cut off at the cap still costs ${formatUsd(atCap)} per call${monthlySuffix(audited.cost.worstCasePerMonthUsd, audited.callsPerMonth)}`;
    const rejected = reasoning.effort === 'budget' && site.provider === 'anthropic' ? ' Anthropic rejects a thinking budget that is not below max_tokens.' : '';
    return {
      at: site.capSpan,
      message:
        `${parameter} ${formatTokens(cap)} on ${modelLabel(audited)} with ${setting}: reasoning is assumed to take ${range} tokens ` +
        `(low / expected / high), so it can use the whole cap and the reply comes back empty${billed}. Raise the cap above ` +
        `${formatTokens(reasoning.tokens.high + reasoning.replyTokens)} or lower the ${reasoning.effort === 'budget' ? 'thinking budget' : 'effort'}.${rejected}`,
    };
  },
});
