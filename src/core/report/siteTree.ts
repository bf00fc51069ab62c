// The "Prompt Costs" view's data: a workspace report's sites grouped by file or by priced model, most expensive first,
// each with its expected cost, the exposure of its findings and their count. Plain data and plain text (the editor
// escapes for its medium); the same report feeds the CLI, the summary panel and this view, so the numbers agree.
import { groupedInteger } from '../groupedInteger';
import { formatUsd } from '../pricing/cost';
import type { AuditReport, ReportFinding, ReportSite } from './model';

export type SiteTreeGrouping = 'file' | 'model';

/** What "expected" means in this tree: per month when any site has a monthly volume, else per call. */
export type CostBasis = 'month' | 'call';

export interface SiteTreeSite {
  site: ReportSite;
  /** Findings located in this site's lines (a prompt file's site owns its whole file). */
  findings: ReportFinding[];
  /** Sum of the findings' monthlyExposureUsd: worst case added by a missing or too-high cap. */
  exposureMonthlyUsd: number;
}

export interface SiteTreeGroup {
  /** File name or priced model id (`no model` for sites without one). */
  key: string;
  sites: SiteTreeSite[];
  /** Findings of the group's file that lie in no site (file grouping only). */
  otherFindings: ReportFinding[];
  /** Sum of the sites' expected cost on the tree's basis; null when no site is priced on it. */
  expectedUsd: number | null;
  exposureMonthlyUsd: number;
  findingCount: number;
}

export interface SiteTree {
  basis: CostBasis;
  groups: SiteTreeGroup[];
}

export const NO_MODEL_KEY = 'no model';
/** Model grouping: findings of a file with several sites that lie after all of them. */
export const OUTSIDE_SITES_KEY = 'outside any site';

function siteExpected(site: ReportSite, basis: CostBasis): number | null {
  return basis === 'month' ? site.costPerMonthUsd : site.costPerCallUsd;
}

/** Expensive first; unpriced last; then by file and line so equal costs keep a stable order. */
function compareSites(basis: CostBasis) {
  return (a: SiteTreeSite, b: SiteTreeSite): number => {
    const costA = siteExpected(a.site, basis) ?? -1;
    const costB = siteExpected(b.site, basis) ?? -1;
    if (costA !== costB) return costB - costA;
    const perCallA = a.site.costPerCallUsd ?? -1;
    const perCallB = b.site.costPerCallUsd ?? -1;
    if (perCallA !== perCallB) return perCallB - perCallA;
    return a.site.file === b.site.file ? a.site.line - b.site.line : a.site.file < b.site.file ? -1 : 1;
  };
}

/**
 * The site a finding belongs to: the narrowest whose lines hold it (a prompt file's site spans the file, front matter
 * too); else, for a finding on text outside every site (a prompt constant the call uses), the file's only site or the
 * first site after it (constants are written before the calls that use them); else none.
 */
function owningSite(finding: ReportFinding, sites: readonly ReportSite[]): ReportSite | undefined {
  const inFile = sites.filter((site) => site.file === finding.file);
  let best: ReportSite | undefined;
  for (const site of inFile) {
    const start = site.kind === 'prompt-file' ? 1 : site.line;
    if (finding.line < start || finding.line > site.endLine) continue;
    if (!best || site.endLine - site.line < best.endLine - best.line) best = site;
  }
  if (best || inFile.length === 0) return best;
  if (inFile.length === 1) return inFile[0];
  return inFile.filter((site) => site.line > finding.line).sort((a, b) => a.line - b.line)[0];
}

export function buildSiteTree(report: Pick<AuditReport, 'sites' | 'findings'>, grouping: SiteTreeGrouping): SiteTree {
  const basis: CostBasis = report.sites.some((site) => site.costPerMonthUsd !== null) ? 'month' : 'call';
  const bySite = new Map<ReportSite, SiteTreeSite>(report.sites.map((site) => [site, { site, findings: [], exposureMonthlyUsd: 0 }]));
  const loose = new Map<string, ReportFinding[]>();
  for (const finding of report.findings) {
    const owner = owningSite(finding, report.sites);
    if (owner) {
      const node = bySite.get(owner)!;
      node.findings.push(finding);
      node.exposureMonthlyUsd += finding.monthlyExposureUsd ?? 0;
    } else {
      loose.set(finding.file, [...(loose.get(finding.file) ?? []), finding]);
    }
  }
  const groups = new Map<string, SiteTreeGroup>();
  const groupOf = (key: string): SiteTreeGroup => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, sites: [], otherFindings: [], expectedUsd: null, exposureMonthlyUsd: 0, findingCount: 0 }));
    return group;
  };
  for (const node of bySite.values()) {
    const group = groupOf(grouping === 'file' ? node.site.file : node.site.pricedModel ?? NO_MODEL_KEY);
    group.sites.push(node);
    const expected = siteExpected(node.site, basis);
    if (expected !== null) group.expectedUsd = (group.expectedUsd ?? 0) + expected;
    group.exposureMonthlyUsd += node.exposureMonthlyUsd;
    group.findingCount += node.findings.length;
  }
  for (const [file, findings] of loose) {
    {
      const group = groupOf(grouping === 'file' ? file : OUTSIDE_SITES_KEY);
      group.otherFindings.push(...findings);
      group.findingCount += findings.length;
      group.exposureMonthlyUsd += findings.reduce((sum, finding) => sum + (finding.monthlyExposureUsd ?? 0), 0);
    }
  }
  const ordered = [...groups.values()];
  for (const group of ordered) group.sites.sort(compareSites(basis));
  ordered.sort((a, b) => (b.expectedUsd ?? -1) - (a.expectedUsd ?? -1) || b.exposureMonthlyUsd - a.exposureMonthlyUsd || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { basis, groups: ordered };
}

function plural(count: number, word: string): string {
  return `${groupedInteger(count)} ${word}${count === 1 ? '' : 's'}`;
}

function expectedText(amount: number | null, basis: CostBasis, perCallFallback: number | null = null): string {
  if (amount !== null) return `${formatUsd(amount)}/${basis} expected`;
  // A site with no monthly volume in a tree priced per month still has a per-call cost.
  if (perCallFallback !== null) return `${formatUsd(perCallFallback)}/call expected (no volume)`;
  return 'unpriced';
}

function exposureText(amount: number): string | undefined {
  return amount > 0 ? `${formatUsd(amount)}/month exposure` : undefined;
}

/** `$2,597/month expected · $46,080/month exposure · 3 findings` (plain text; the cost first, so a narrow view still shows it). */
export function groupDescription(group: SiteTreeGroup, basis: CostBasis): string {
  return [expectedText(group.expectedUsd, basis), exposureText(group.exposureMonthlyUsd), group.findingCount > 0 ? plural(group.findingCount, 'finding') : undefined]
    .filter((part): part is string => part !== undefined)
    .join(' · ');
}

/** `src/support_bot.py` then `1 site · $2,393/month expected · …`: the group with its site count (plain text). */
export function groupTooltip(group: SiteTreeGroup, basis: CostBasis): string {
  return `${group.key}\n${plural(group.sites.length, 'site')} · ${groupDescription(group, basis)}`;
}

/** `$2,400/month expected · $46,080/month exposure · 2 findings` (plain text). */
export function siteDescription(node: SiteTreeSite, basis: CostBasis): string {
  return [node.site.local ? '$0 API cost (local)' : expectedText(siteExpected(node.site, basis), basis, node.site.costPerCallUsd), exposureText(node.exposureMonthlyUsd), node.findings.length > 0 ? plural(node.findings.length, 'finding') : undefined]
    .filter((part): part is string => part !== undefined)
    .join(' · ');
}

function modelText(site: ReportSite): string {
  if (site.pricedModel === null) return NO_MODEL_KEY;
  if (site.local) return `${site.pricedModel} (local)`;
  return site.pricedModelIsDefault ? `${site.pricedModel} (default)` : site.pricedModel;
}

function whatText(site: ReportSite): string {
  return site.api ?? (site.kind === 'prompt-file' ? 'prompt file' : site.kind === 'call' ? 'LLM call' : 'prompt');
}

/** By file: `line 94 · gpt-4o`; by model: `src/support_bot.py:94` (plain text; the API is in the tooltip). Short, so the cost beside it shows. */
export function siteLabel(site: ReportSite, grouping: SiteTreeGrouping): string {
  return grouping === 'file' ? `line ${site.line} · ${modelText(site)}` : `${site.file}:${site.line}`;
}

/** The facts behind the description, one per line (plain text). */
export function siteTooltip(node: SiteTreeSite): string {
  const { site } = node;
  const volume = site.callsPerMonth === null ? '' : ` (${groupedInteger(site.callsPerMonth)} calls)`;
  const lines = [
    `${site.file}:${site.line} · ${whatText(site)} · model ${modelText(site)}`,
    `${site.tokens.exact ? '' : '~'}${groupedInteger(site.tokens.static)} static input tokens (${site.tokens.exact ? 'exact' : 'estimate'}, ${site.tokens.tokenizer})`,
    site.costPerCallUsd === null
      ? 'Expected: unpriced (model not in the catalog)'
      : site.local
      ? 'Expected: $0 API cost (a local model on your own server: no per-token price; hardware and time not counted)'
      : `Expected: ${formatUsd(site.costPerCallUsd)}/call${site.costPerMonthUsd === null ? '' : `, ${formatUsd(site.costPerMonthUsd)}/month${volume}`}`,
  ];
  if (site.worstCasePerCallUsd !== null && !site.local) lines.push(`Worst case: ${formatUsd(site.worstCasePerCallUsd)}/call${site.worstCasePerMonthUsd === null ? '' : `, ${formatUsd(site.worstCasePerMonthUsd)}/month`} (every reply at its bound)`);
  if (node.findings.length > 0) lines.push(`Findings: ${node.findings.length}${node.exposureMonthlyUsd > 0 ? `, ${formatUsd(node.exposureMonthlyUsd)}/month exposure (worst case a right-sized cap removes)` : ''}`);
  return lines.join('\n');
}

/** `line 94 · $46,080/month exposure` / `saves $475.20/month` / `wastes $0.16/month`: the finding's money with its meaning. */
export function findingDescription(finding: ReportFinding): string {
  const money = finding.monthlyExposureUsd ? `${formatUsd(finding.monthlyExposureUsd)}/month exposure`
    : finding.monthlySavingUsd ? `saves ${formatUsd(finding.monthlySavingUsd)}/month`
      : finding.monthlyWasteUsd ? `wastes ${formatUsd(finding.monthlyWasteUsd)}/month` : undefined;
  return [`line ${finding.line}`, money].filter((part): part is string => part !== undefined).join(' · ');
}
