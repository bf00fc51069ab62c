// cache-prefix-broken: dynamic text early in a prompt keeps the static text after it out of the provider's cache.
import { moveDynamicSentenceFix } from '../cache/moveFix';
import { formatTokens, formatUsd } from '../pricing/cost';
import { defineSiteRule } from './defineRule';

export const cachePrefixBrokenRule = defineSiteRule({
  id: 'cache-prefix-broken',
  defaultSeverity: 'warning',
  title: 'Dynamic text breaks the cacheable prompt prefix',
  rationale:
    'Providers cache the longest prefix that is identical from request to request and bill it at a fraction of the ' +
    'input price (OpenAI and Gemini automatically, Anthropic at `cache_control` breakpoints). A date, a user name or a ' +
    'request id placed early makes the prefix differ on every call, so everything after it is billed in full every ' +
    'time (and, where writes are billed, written to the cache again). Keep the long static instructions first and ' +
    'put the dynamic values after them.',
  details:
    'Raised at the first placeholder in send order when moving every placeholder after the static text would cache ' +
    "at least one provider minimum more (or make an uncached prompt cacheable), using the model's cache minimum, " +
    'increments and prices from the catalog. For Anthropic it is raised only when a `cache_control` breakpoint sits ' +
    'after the placeholder. The saving compares the expected monthly cost at the configured `cache.hitRate` and volume. ' +
    'The quick fix moves the sentence or line holding the placeholder (e.g. `Today is {today}.`) to the end of the same ' +
    'message; it is offered only when that text lies in one literal or prompt-file message whose source reads exactly as sent.',
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
