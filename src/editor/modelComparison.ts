// Cost of one site under other models: the data behind "Compare Models" and the hover table.
import { countSiteTokens, priceSite, type AuditedSite } from '../core/audit';
import type { AuditConfig } from '../core/config';
import type { CostEstimate } from '../core/pricing/cost';
import type { Catalog } from '../core/pricing/types';
import type { SiteTokens } from '../core/audit';

export interface ModelCost {
  model: string;
  tokens: SiteTokens;
  cost: CostEstimate;
}

export function costUnderModel(audited: AuditedSite, model: string, catalog: Catalog, config: AuditConfig): ModelCost {
  // The site's own model through a local provider (Ollama) is the $0 local entry, as in the audit.
  const resolved = (model === audited.site.model ? catalog.local?.(audited.site.provider, model) : undefined) ?? catalog.resolve(model);
  const tokens = countSiteTokens(audited.site, resolved, config);
  // The same tiers, volume and conversation growth as the audit, so the site's own row equals its figure elsewhere.
  const { cost } = priceSite(audited.site, tokens, { modelId: model, ...(resolved ? { entry: resolved } : {}) }, audited.callsPerMonth, config, audited.serviceTier ?? 'standard', audited.outputHint);
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
