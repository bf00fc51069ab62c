// cache-prefix-broken: dynamic text early in a prompt keeps the static text after it out of the provider's cache.
import { moveDynamicSentenceFix } from '../cache/moveFix';
import { formatTokens, formatUsd } from '../pricing/cost';
import { defineSiteRule } from './defineRule';

export const cachePrefixBrokenRule = defineSiteRule({
  id: 'cache-prefix-broken',
  defaultSeverity: 'warning',
  check({ context, audited, site }) {
    const sim = audited.cache;
    if (!sim || !sim.prefixBroken || !sim.breaksAt || !sim.reordered) return undefined;
    const breaksAt = sim.breaksAt;
    const lost = `${formatTokens(sim.staticTokensAfterBreak)} static token${sim.staticTokensAfterBreak === 1 ? '' : 's'} after it miss the cache on every call`;
    const gain = `moving it after the static text would cache ${formatTokens(sim.reordered.cacheablePrefixTokens)} tokens`;
    // A simulation exists only for catalogued (so priced) models: without a volume, the saving is per call.
    let money = '';
    if (sim.monthlySavingIfReorderedUsd !== null && audited.callsPerMonth !== null) {
      money = `, saving ${formatUsd(sim.monthlySavingIfReorderedUsd)}/month at ${formatTokens(audited.callsPerMonth)} calls`;
    } else if (sim.costPerCallCachedUsd !== null && sim.reordered.costPerCallCachedUsd !== null) {
      money = `, saving ${formatUsd(sim.costPerCallCachedUsd - sim.reordered.costPerCallCachedUsd)} per call`;
    }
    const message = site.messages[breaksAt.messageIndex];
    return {
      at: breaksAt.span,
      message: `Prompt cache broken by ${breaksAt.placeholder}: ${lost}; ${gain}${money}.`,
      fix: message ? moveDynamicSentenceFix(context.text, message, breaksAt.segmentIndex) : undefined,
      monthlySavingUsd: sim.monthlySavingIfReorderedUsd,
    };
  },
});
