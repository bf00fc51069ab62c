// price-change: the site's model has a price change dated within the next 60 days of the audit's day.
import { estimateCost, formatUsd } from '../pricing/cost';
import { tieredEntry, upcomingPriceChange } from '../pricing/tiers';
import { defineSiteRule } from './defineRule';
import { modelOrAnchor } from './ruleSupport';

/** How far ahead a dated change is announced. */
export const PRICE_CHANGE_WINDOW_DAYS = 60;

/** A per-million price as a provider's page writes it: `$0.75`, `$1.50`, `$0.005`. */
function perMillion(price: number): string {
  return price >= 0.01 ? `$${price.toFixed(2)}` : `$${price}`;
}

export const priceChangeRule = defineSiteRule({
  id: 'price-change',
  defaultSeverity: 'information',
  docValues: { PRICE_CHANGE_WINDOW_DAYS },
  check({ context, audited, site }) {
    const entry = site.model && !audited.modelIsDefault ? context.catalog.resolve(site.model) : undefined;
    if (!entry?.priceChanges?.length) return undefined;
    const upcoming = upcomingPriceChange(entry, context.catalog.pricedOn, PRICE_CHANGE_WINDOW_DAYS);
    if (!upcoming) return undefined;
    const request = { promptTokens: audited.cost.inputTokens, serviceTier: audited.serviceTier };
    const cost = (prices: typeof upcoming.before) =>
      estimateCost({ model: entry.id, entry: tieredEntry({ ...entry, prices }, request).entry, inputTokens: audited.cost.inputTokens, cap: site.maxOutputTokens, callsPerMonth: audited.callsPerMonth, config: context.config });
    const before = cost(upcoming.before);
    const after = cost(upcoming.after);
    const monthly = before.perMonthUsd !== null && after.perMonthUsd !== null
      ? `${formatUsd(before.perMonthUsd)} → ${formatUsd(after.perMonthUsd)}/month`
      : `${formatUsd(before.perCallUsd)} → ${formatUsd(after.perCallUsd)}/call`;
    return {
      at: modelOrAnchor(context.text, site),
      message: `${entry.id} price changes on ${upcoming.from} (in ${upcoming.inDays} days): ${monthly} (per million tokens: input ${perMillion(upcoming.before.input)} → ${perMillion(upcoming.after.input)}, output ${perMillion(upcoming.before.output)} → ${perMillion(upcoming.after.output)}).`,
    };
  },
});
