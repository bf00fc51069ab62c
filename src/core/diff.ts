// The cost change between two audits of the same project (a pull request's base and head): sites matched across
// the revisions even when their lines move, per-site and total deltas, new and fixed findings, the diff budget.
import type { TestPathsSummary } from './testPaths';
import type { DiffBudget } from './config';
import { formatUsd } from './pricing/cost';
import type { AuditReport, ReportFinding, ReportSite } from './report/model';

export const DIFF_SCHEMA_VERSION = 1;

export type SiteChange = 'added' | 'removed' | 'changed' | 'unchanged';

/** A figure in both revisions; null where a revision has no such site or cannot price it. */
export interface Delta {
  base: number | null;
  head: number | null;
  /** head − base, with a missing site counting as 0; null when either side exists but is unpriced. */
  delta: number | null;
}

export interface SiteDiff {
  change: SiteChange;
  /** Where the site is in the head revision (in the base revision for a removed site). */
  file: string;
  line: number;
  /** Where it was in the base revision, when it existed there and moved (other line or file). */
  baseFile?: string;
  baseLine?: number;
  kind: ReportSite['kind'];
  api: string | null;
  model: { base: string | null; head: string | null };
  /** Exact (or estimated) static tokens of the prompt text. */
  tokens: Delta;
  /** Expected cost per call (`costPerCallUsd`). */
  costPerCallUsd: Delta;
  /** Expected cost per month at the configured volume (`costPerMonthUsd`). */
  costPerMonthUsd: Delta;
  /** Worst case per month: every reply at its cap or the model's maximum (`worstCasePerMonthUsd`), when the reports carry it. */
  worstCasePerMonthUsd?: Delta;
}

export interface DiffTotals {
  sites: { base: number; head: number; added: number; removed: number; changed: number; unchanged: number; moved: number };
  costPerMonthUsd: Delta & { percent: number | null };
  worstCasePerMonthUsd?: Delta;
  tokens: Delta;
}

export interface DiffBudgetResult {
  monthlyUsd?: number;
  percent?: number;
  exceeded: boolean;
  /** One sentence per exceeded limit. */
  reasons: string[];
}

export interface CostDiff {
  diffSchemaVersion: typeof DIFF_SCHEMA_VERSION;
  base: { ref: string; commit: string };
  head: { ref: string; commit: string };
  catalog: { asOf: string };
  totals: DiffTotals;
  /** Sites that were added, removed or changed (unchanged ones, moved or not, are only counted). */
  sites: SiteDiff[];
  newFindings: ReportFinding[];
  fixedFindings: ReportFinding[];
  budget: DiffBudgetResult;
  /** Sites and findings under test, fixture, example and docs paths in each revision (left out of everything above unless counted). */
  testPaths: { base: TestPathsSummary | null; head: TestPathsSummary | null };
}

function roundUsd(amount: number): number {
  return Math.round(amount * 1e9) / 1e9;
}

function delta(base: number | null | undefined, head: number | null | undefined, baseExists: boolean, headExists: boolean): Delta {
  const b = baseExists ? base ?? null : null;
  const h = headExists ? head ?? null : null;
  if ((baseExists && b === null) || (headExists && h === null)) return { base: b, head: h, delta: null };
  return { base: b, head: h, delta: roundUsd((h ?? 0) - (b ?? 0)) };
}

type WorstCaseSite = ReportSite & { worstCasePerMonthUsd?: number | null };
const worstCase = (site: ReportSite | undefined): number | null | undefined => (site as WorstCaseSite | undefined)?.worstCasePerMonthUsd;

const hashOf = (site: ReportSite) => site.fingerprint.slice(0, site.fingerprint.lastIndexOf(':'));

/**
 * Pairs base and head sites. In order: equal content in the same file (moved lines), then the same kind and API in
 * the same file (edited sites, paired by the smallest token change, then by order), then equal content in another
 * file (a renamed file). What is left was added or removed.
 */
export function matchSites(base: readonly ReportSite[], head: readonly ReportSite[]): Array<[ReportSite | undefined, ReportSite | undefined]> {
  const pairs: Array<[ReportSite | undefined, ReportSite | undefined]> = [];
  const unmatchedBase = new Set(base);
  const unmatchedHead = new Set(head);
  const pairBy = (key: (site: ReportSite) => string, choose: (baseSite: ReportSite, candidates: ReportSite[]) => ReportSite | undefined) => {
    const headByKey = new Map<string, ReportSite[]>();
    for (const site of unmatchedHead) {
      const list = headByKey.get(key(site)) ?? [];
      list.push(site);
      headByKey.set(key(site), list);
    }
    for (const baseSite of [...unmatchedBase]) {
      const candidates = (headByKey.get(key(baseSite)) ?? []).filter((site) => unmatchedHead.has(site));
      const chosen = candidates.length > 0 ? choose(baseSite, candidates) : undefined;
      if (!chosen) continue;
      unmatchedBase.delete(baseSite);
      unmatchedHead.delete(chosen);
      pairs.push([baseSite, chosen]);
    }
  };
  const first = (_site: ReportSite, candidates: ReportSite[]) => candidates[0];
  pairBy((site) => `${site.file}\n${hashOf(site)}`, first);
  pairBy((site) => `${site.file}\n${site.kind}\n${site.api ?? ''}`, (site, candidates) =>
    [...candidates].sort((a, b) => Math.abs(a.tokens.static - site.tokens.static) - Math.abs(b.tokens.static - site.tokens.static) || a.line - b.line)[0]);
  pairBy((site) => hashOf(site), first);
  for (const site of unmatchedBase) pairs.push([site, undefined]);
  for (const site of unmatchedHead) pairs.push([undefined, site]);
  return pairs;
}

function siteDiff(baseSite: ReportSite | undefined, headSite: ReportSite | undefined, withWorstCase: boolean): SiteDiff {
  const site = (headSite ?? baseSite)!;
  const b = baseSite !== undefined;
  const h = headSite !== undefined;
  const result: SiteDiff = {
    change: 'unchanged',
    file: site.file,
    line: site.line,
    kind: site.kind,
    api: site.api,
    model: { base: baseSite?.pricedModel ?? null, head: headSite?.pricedModel ?? null },
    tokens: delta(baseSite?.tokens.static, headSite?.tokens.static, b, h),
    costPerCallUsd: delta(baseSite?.costPerCallUsd, headSite?.costPerCallUsd, b, h),
    costPerMonthUsd: delta(baseSite?.costPerMonthUsd, headSite?.costPerMonthUsd, b, h),
  };
  if (withWorstCase) result.worstCasePerMonthUsd = delta(worstCase(baseSite), worstCase(headSite), b, h);
  if (baseSite && headSite && (baseSite.file !== headSite.file || baseSite.line !== headSite.line)) {
    result.baseFile = baseSite.file;
    result.baseLine = baseSite.line;
  }
  const same = (d: Delta | undefined) => d === undefined || (d.base === d.head);
  if (!b) result.change = 'added';
  else if (!h) result.change = 'removed';
  else if (!same(result.tokens) || !same(result.costPerCallUsd) || !same(result.costPerMonthUsd) || !same(result.worstCasePerMonthUsd) || result.model.base !== result.model.head) result.change = 'changed';
  return result;
}

const sum = (values: Array<number | null | undefined>): number => roundUsd(values.reduce<number>((total, value) => total + (value ?? 0), 0));

/** Findings keyed by file (base files renamed in head count under their new name) and fingerprint. */
function findingKeys(findings: readonly ReportFinding[], rename: ReadonlyMap<string, string>): Map<string, ReportFinding> {
  return new Map(findings.map((finding) => [`${rename.get(finding.file) ?? finding.file}\n${finding.rule}\n${finding.fingerprint}`, finding]));
}

export function diffReports(base: AuditReport, head: AuditReport, revisions: { base: { ref: string; commit: string }; head: { ref: string; commit: string } }, budget: DiffBudget = {}): CostDiff {
  const pairs = matchSites(base.sites, head.sites);
  const withWorstCase = [...base.sites, ...head.sites].some((site) => worstCase(site) !== undefined);
  const all = pairs.map(([b, h]) => siteDiff(b, h, withWorstCase));
  const order = (a: SiteDiff, b: SiteDiff) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1);
  const sites = all.filter((site) => site.change !== 'unchanged').sort(order);
  // A file whose sites all moved to one other file was renamed: its findings follow it.
  const rename = new Map<string, string>();
  for (const [b, h] of pairs) if (b && h && b.file !== h.file) rename.set(b.file, h.file);
  const baseFindings = findingKeys(base.findings, rename);
  const headFindings = findingKeys(head.findings, new Map());
  const baseMonthly = sum(base.sites.map((site) => site.costPerMonthUsd));
  const headMonthly = sum(head.sites.map((site) => site.costPerMonthUsd));
  const monthlyDelta = roundUsd(headMonthly - baseMonthly);
  const percent = baseMonthly > 0 ? Math.round((monthlyDelta / baseMonthly) * 10000) / 100 : monthlyDelta === 0 ? 0 : null;
  const totals: DiffTotals = {
    sites: {
      base: base.sites.length,
      head: head.sites.length,
      added: all.filter((site) => site.change === 'added').length,
      removed: all.filter((site) => site.change === 'removed').length,
      changed: all.filter((site) => site.change === 'changed').length,
      unchanged: all.filter((site) => site.change === 'unchanged').length,
      moved: all.filter((site) => site.change === 'unchanged' && site.baseLine !== undefined).length,
    },
    costPerMonthUsd: { base: baseMonthly, head: headMonthly, delta: monthlyDelta, percent },
    tokens: { base: base.sites.reduce((t, s) => t + s.tokens.static, 0), head: head.sites.reduce((t, s) => t + s.tokens.static, 0), delta: 0 },
  };
  totals.tokens.delta = totals.tokens.head! - totals.tokens.base!;
  if (withWorstCase) {
    const baseWorst = sum(base.sites.map(worstCase));
    const headWorst = sum(head.sites.map(worstCase));
    totals.worstCasePerMonthUsd = { base: baseWorst, head: headWorst, delta: roundUsd(headWorst - baseWorst) };
  }
  const reasons: string[] = [];
  if (budget.monthlyUsd !== undefined && monthlyDelta > budget.monthlyUsd) {
    reasons.push(`the expected monthly cost rises by ${formatUsd(monthlyDelta)} (budgets.diff.monthlyUsd: ${formatUsd(budget.monthlyUsd)})`);
  }
  if (budget.percent !== undefined && monthlyDelta > 0 && (percent === null || percent > budget.percent)) {
    reasons.push(`the expected monthly cost rises by ${percent === null ? 'more than any percentage (from $0)' : `${percent}%`} (budgets.diff.percent: ${budget.percent}%)`);
  }
  return {
    diffSchemaVersion: DIFF_SCHEMA_VERSION,
    base: revisions.base,
    head: revisions.head,
    catalog: { asOf: head.catalog.asOf },
    totals,
    sites,
    newFindings: [...headFindings].filter(([key]) => !baseFindings.has(key)).map(([, finding]) => finding),
    fixedFindings: [...baseFindings].filter(([key]) => !headFindings.has(key)).map(([, finding]) => finding),
    budget: { ...(budget.monthlyUsd !== undefined ? { monthlyUsd: budget.monthlyUsd } : {}), ...(budget.percent !== undefined ? { percent: budget.percent } : {}), exceeded: reasons.length > 0, reasons },
    testPaths: { base: base.testPaths ?? null, head: head.testPaths ?? null },
  };
}
