// model-retired: the site names a model its provider has retired (requests fail) or deprecated (a retirement is set).
// The model stays priced at its last known price; the finding names the date and the provider's replacement.
import type { Catalog, ModelEntry } from '../pricing/types';
import { daysBetween } from '../pricing/tiers';
import { formatUsd } from '../pricing/cost';
import type { Severity } from '../types';
import { defineSiteRule } from './defineRule';
import { modelOrAnchor, monthlySuffix, replaceModelFix } from './ruleSupport';

/** Follows replacements that are themselves retired on the catalog's day; `via` lists the retired ones passed. */
export function currentReplacement(entry: ModelEntry, catalog: Catalog): { id: string; via: ModelEntry[] } | undefined {
  const chain: ModelEntry[] = [];
  let current = entry;
  // A chain is short; the cap guards a cycle in user-edited data.
  for (let step = 0; step < 8; step++) {
    const next = current.lifecycle?.replacement ? catalog.resolve(current.lifecycle.replacement) : undefined;
    if (!next || next.id === entry.id) break;
    chain.push(next);
    if (!isRetiredOn(next, catalog.pricedOn)) break;
    current = next;
  }
  return chain.length > 0 ? { id: chain[chain.length - 1].id, via: chain.slice(0, -1) } : undefined;
}

/** Retired on `day`: marked retired with no date, or its retirement date has passed. */
export function isRetiredOn(entry: ModelEntry, day: string): boolean {
  const lifecycle = entry.lifecycle;
  if (!lifecycle) return false;
  if (lifecycle.retirementDate !== undefined) return lifecycle.retirementDate <= day;
  return lifecycle.status === 'retired';
}

export const modelRetiredRule = defineSiteRule({
  id: 'model-retired',
  defaultSeverity: 'warning',
  check({ context, audited, site }) {
    const entry = audited.modelEntry;
    if (!site.model || audited.modelIsDefault || !entry?.lifecycle) return undefined;
    const lifecycle = entry.lifecycle;
    const day = context.catalog.pricedOn;
    const retired = isRetiredOn(entry, day);
    const replacement = currentReplacement(entry, context.catalog);
    const viaText = replacement && replacement.via.length > 0 ? ` (the provider named ${replacement.via.map((model) => model.id).join(' → ')}, itself retired)` : '';
    const replacementText = replacement ? ` Suggested replacement: ${replacement.id}${viaText}.` : '';
    const price = audited.cost.perCallUsd === null ? '' : ` Priced at its last known price: ${formatUsd(audited.cost.perCallUsd)}/call${monthlySuffix(audited.cost.perMonthUsd, audited.callsPerMonth)}.`;
    let message: string;
    let severity: Severity | undefined;
    if (retired) {
      const when = lifecycle.retirementDate ? ` on ${lifecycle.retirementDate}` : '';
      message = `${entry.id} was retired${when}: requests to it fail.${price}${replacementText}`;
    } else {
      const when = lifecycle.retirementDate ? ` and retires on ${lifecycle.retirementDate} (in ${daysBetween(day, lifecycle.retirementDate)} days)` : '';
      message = `${entry.id} is deprecated${when}.${replacementText}`;
      severity = 'information';
    }
    return {
      at: modelOrAnchor(context.text, site),
      message,
      severity,
      fix: replacement ? replaceModelFix(context.text, site, replacement.id, true) : undefined,
    };
  },
});
