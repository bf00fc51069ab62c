// Cost of one site under other models: the data behind "Compare Models" and the hover table.
import { countSiteTokens, type AuditedSite } from '../core/audit';
import type { AuditConfig } from '../core/config';
import { estimateCost, type CostEstimate } from '../core/pricing/cost';
import type { Catalog } from '../core/pricing/types';
import { tieredEntry } from '../core/pricing/tiers';
import type { SiteTokens } from '../core/audit';

export interface ModelCost {
  model: string;
  tokens: SiteTokens;
  cost: CostEstimate;
}

export function costUnderModel(audited: AuditedSite, model: string, catalog: Catalog, config: AuditConfig): ModelCost {
  const resolved = catalog.resolve(model);
  const tokens = countSiteTokens(audited.site, resolved, config);
  const inputTokens = tokens.static + tokens.framing + tokens.assumedDynamic;
  // The same long-context and service tiers as the audit, so the site's own row equals its figure elsewhere.
  const entry = resolved ? tieredEntry(resolved, { promptTokens: inputTokens, serviceTier: audited.serviceTier }).entry : undefined;
  const cost = estimateCost({
    model,
    entry,
    inputTokens,
    cap: audited.site.maxOutputTokens,
    callsPerMonth: audited.callsPerMonth,
    config,
    outputHint: audited.outputHint,
    reasoning: audited.site.reasoning,
  });
  return { model, tokens, cost };
}

/** The site's own model first, then the configured comparison models (no duplicates). */
export function comparisonModels(audited: AuditedSite, config: AuditConfig, catalog: Catalog): string[] {
  const seen = new Set<string>();
  const models: string[] = [];
  for (const model of [audited.site.model, ...config.compareModels]) {
    if (!model) continue;
    const key = catalog.resolve(model)?.id ?? model.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    models.push(model);
  }
  return models;
}
