// cache-below-minimum: a repeated prompt whose static content falls just short of the provider's cache minimum.
import { expectedInputCostUsd } from '../cache';
import { formatTokens, formatUsd, inputCostUsd } from '../pricing/cost';
import { defineSiteRule } from './defineRule';
import { modelLabel } from './ruleSupport';

/** "Just under": within a quarter of the minimum. Further below, padding the prompt costs more than it saves. */
export const BELOW_MINIMUM_SHARE = 0.75;

export const cacheBelowMinimumRule = defineSiteRule({
  id: 'cache-below-minimum',
  defaultSeverity: 'information',
  check({ context, audited }) {
    const sim = audited.cache;
    const entry = audited.modelEntry;
    if (!sim || !entry || sim.cacheable || audited.callsPerMonth === 0) return undefined;
    if (sim.mechanism !== 'automatic' && sim.mechanism !== 'implicit' && sim.mechanism !== 'explicit') return undefined;
    if (sim.breakpoints?.problems.some((problem) => problem.reason === 'below-minimum')) return undefined;
    const content = sim.staticContentTokens;
    const minimum = sim.minimumTokens;
    if (content >= minimum || content < BELOW_MINIMUM_SHARE * minimum) return undefined;
    const short = minimum - content;
    // Padded to the minimum: every call sends `short` more tokens, and the minimum-length prefix is cached.
    const paddedUsd = expectedInputCostUsd({
      entry, ttl: context.config.cache.ttl, hitRate: context.config.cache.hitRate,
      totalInputTokens: sim.totalInputTokens + short, cachedPrefixTokens: minimum,
    });
    const savingPerCall = inputCostUsd(sim.totalInputTokens, entry) - paddedUsd;
    if (savingPerCall <= 0) return undefined;
    const breakpointNote = sim.mechanism === 'explicit' && sim.notCachedReason === 'no-breakpoint' ? ' and a cache_control breakpoint at its end' : '';
    const monthly = audited.callsPerMonth === null ? null : savingPerCall * audited.callsPerMonth;
    const money = monthly === null
      ? `${formatUsd(savingPerCall)} per call`
      : `${formatUsd(monthly)}/month at ${formatTokens(audited.callsPerMonth!)} calls`;
    return {
      message: `Just under the prompt cache minimum: ${formatTokens(content)} static tokens, ${formatTokens(short)} short of the ${formatTokens(minimum)} ${modelLabel(audited)} caches; reaching it${breakpointNote} would save ${money}.`,
      monthlySavingUsd: monthly,
    };
  },
});
