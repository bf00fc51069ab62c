// The savings waterfall, in two groups that never mix meanings:
//   expected:   current expected monthly cost → model routing → caching → pruning → batch;
//   worst case: worst-case monthly cost (every reply at its bound) → right-size output caps.
import { countSiteTokens, type DocumentAudit } from '../audit';
import type { AuditConfig } from '../config';
import { matchesGlob } from '../glob';
import { estimateCost } from '../pricing/cost';
import type { Catalog } from '../pricing/types';

export interface WaterfallStep {
  id: 'current' | 'routing' | 'caching' | 'pruning' | 'batch' | 'worst-case' | 'caps';
  label: string;
  /** `expected` steps change the expected monthly cost; `worst-case` steps the worst case. */
  basis: 'expected' | 'worst-case';
  /** Monthly cost before this step (a floating bar spans startUsd → monthlyUsd); equal to monthlyUsd for a total. */
  startUsd: number;
  /** Monthly cost after this step. */
  monthlyUsd: number;
  /** Saving of this step alone (0 for `current`). */
  savingUsd: number;
  /** Saving as a share of the group's starting total (current expected, or current worst case), in percent. */
  savingPercent: number;
  /** How many sites the step changes. */
  sites: number;
}

export interface Waterfall {
  /** Expected monthly cost: current, then each saving step. */
  steps: WaterfallStep[];
  /** Worst case: current worst-case monthly cost, then right-sizing the output caps (the findings' exposure). */
  exposureSteps: WaterfallStep[];
  /** Monthly cost after every step. */
  finalMonthlyUsd: number;
  totalSavingUsd: number;
  totalSavingPercent: number;
}

/**
 * Each site's monthly cost is carried through the steps in order, so savings never count twice:
 * routing reprices a site on the suggested model, caching takes the reorder what-if's saving (scaled by the
 * routed/current ratio), pruning removes the tokens of redundant instructions, batch applies the provider's discount.
 */
export function computeWaterfall(documents: readonly DocumentAudit[], config: AuditConfig, catalog: Catalog): Waterfall {
  let current = 0;
  let afterRouting = 0;
  let afterCaching = 0;
  let afterPruning = 0;
  let afterBatch = 0;
  const changed = { routing: 0, caching: 0, pruning: 0, batch: 0 };
  for (const document of documents) {
    for (const audited of document.sites) {
      const monthly = audited.cost.perMonthUsd;
      if (monthly === null) continue;
      current += monthly;
      const inSite = (start: number) => start >= audited.site.span.start && start <= audited.site.span.end;
      // Routing: a model-overkill finding on this site moves it to the same provider's small model.
      let routed = monthly;
      let routedEntry = audited.modelEntry;
      const overkill = document.findings.find((f) => f.rule === 'model-overkill' && inSite(f.span.start));
      const sibling = overkill && audited.modelEntry?.smallSibling ? catalog.resolve(audited.modelEntry.smallSibling) : undefined;
      if (sibling) {
        const tokens = countSiteTokens(audited.site, sibling, config);
        const cost = estimateCost({ model: sibling.id, entry: sibling, inputTokens: tokens.static + tokens.framing + tokens.assumedDynamic, cap: audited.site.maxOutputTokens, callsPerMonth: audited.callsPerMonth, config, outputHint: audited.outputHint, reasoning: audited.site.reasoning });
        if (cost.perMonthUsd !== null && cost.perMonthUsd < monthly) {
          routed = cost.perMonthUsd;
          routedEntry = sibling;
          changed.routing++;
        }
      }
      afterRouting += routed;
      const scale = monthly > 0 ? routed / monthly : 0;
      // Caching: the what-if of moving dynamic text after the static prefix.
      const cacheSaving = (audited.cache?.monthlySavingIfReorderedUsd ?? 0) * scale;
      const cached = Math.max(0, routed - cacheSaving);
      if (cacheSaving > 0) changed.caching++;
      afterCaching += cached;
      // Pruning: redundant instructions' monthly cost, repriced for the routed model.
      const pruneSaving = document.findings
        .filter((f) => f.rule === 'redundant-instruction' && inSite(f.span.start))
        .reduce((sum, f) => sum + (f.monthlyWasteUsd ?? 0), 0) * scale;
      const pruned = Math.max(0, cached - pruneSaving);
      if (pruneSaving > 0) changed.pruning++;
      afterPruning += pruned;
      // Batch: sites the config marks as batchable, at the provider's batch discount.
      const batchable = config.batchable.some((glob) => matchesGlob(glob, audited.site.file));
      const discount = batchable ? routedEntry?.batchDiscount ?? 0 : 0;
      if (discount > 0) changed.batch++;
      afterBatch += pruned * (1 - discount);
    }
  }
  const step = (id: WaterfallStep['id'], label: string, before: number, after: number, sites: number, basis: WaterfallStep['basis'] = 'expected', total = current): WaterfallStep => ({
    id, label, basis, startUsd: before, monthlyUsd: after, savingUsd: before - after, savingPercent: total > 0 ? ((before - after) / total) * 100 : 0, sites,
  });
  const steps = [
    step('current', 'Current', current, current, documents.reduce((n, d) => n + d.sites.length, 0)),
    step('routing', 'Model routing', current, afterRouting, changed.routing),
    step('caching', 'Caching', afterRouting, afterCaching, changed.caching),
    step('pruning', 'Pruning', afterCaching, afterPruning, changed.pruning),
    step('batch', 'Batch', afterPruning, afterBatch, changed.batch),
  ];
  // Worst case: every priced site at its bound; right-sizing removes each cap finding's exposure.
  let worstCase = 0;
  let exposure = 0;
  let cappedSites = 0;
  for (const document of documents) {
    for (const audited of document.sites) {
      if (audited.cost.worstCasePerMonthUsd === null || audited.cost.perMonthUsd === null) continue;
      worstCase += audited.cost.worstCasePerMonthUsd;
      // A prompt file's cap finding sits in its front matter, outside the body the site spans.
      const inSite = (start: number) => audited.site.kind === 'prompt-file' || (start >= audited.site.span.start && start <= audited.site.span.end);
      const siteExposure = document.findings
        .filter((f) => (f.rule === 'unbounded-output' || f.rule === 'output-cap-too-high') && inSite(f.span.start))
        .reduce((max, f) => Math.max(max, f.monthlyExposureUsd ?? 0), 0);
      if (siteExposure > 0) cappedSites++;
      exposure += siteExposure;
    }
  }
  const sitesPriced = documents.reduce((n, d) => n + d.sites.filter((s) => s.cost.worstCasePerMonthUsd !== null && s.cost.perMonthUsd !== null).length, 0);
  const exposureSteps = [
    step('worst-case', 'Worst case', worstCase, worstCase, sitesPriced, 'worst-case', worstCase),
    step('caps', 'Right-size output caps', worstCase, worstCase - exposure, cappedSites, 'worst-case', worstCase),
  ];
  return {
    steps,
    exposureSteps,
    finalMonthlyUsd: afterBatch,
    totalSavingUsd: current - afterBatch,
    totalSavingPercent: current > 0 ? ((current - afterBatch) / current) * 100 : 0,
  };
}
