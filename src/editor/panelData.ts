// The summary panel's data, built from the core's audit and report (no vscode: tested in Node).
import { testPathsLine } from '../core/testPaths';
import type { PanelData, PanelSite } from './panelProtocol';
import { computeWaterfall } from '../core/report/waterfall';
import type { WorkspaceAudit } from '../core/workspaceAudit';
import { findingsForSite, type AuditReport, type ReportFinding, type ReportSite } from '../core/report/model';
import type { AuditConfig } from '../core/config';
import type { Catalog } from '../core/pricing/types';
import { formatTokens } from '../core/pricing/cost';
import { modelSourceLabel } from './siteText';

/**
 * 1-based line ranges of the text a site sends: a call's prompt often lives in a variable above the call
 * (support_bot.py's f-string), and findings there (a broken cache prefix) are about that call.
 */
function promptLineRanges(audit: WorkspaceAudit, site: ReportSite): Array<[number, number]> {
  const document = audit.documents.find((candidate) => candidate.file === site.file);
  const audited = document?.sites.find((candidate) => document.lineIndex.positionAt(candidate.site.anchor.start).line + 1 === site.line);
  if (!document || !audited) return [];
  const lines = (span: { start: number; end: number }): [number, number] => [document.lineIndex.positionAt(span.start).line + 1, document.lineIndex.positionAt(span.end).line + 1];
  // Segment spans point into the resolved text (a variable's literal); the message span is where it is passed.
  return audited.site.messages.flatMap((message) => [message.span, ...message.segments.map((segment) => segment.span)].flatMap((span) => (span ? [lines(span)] : [])));
}

function siteFindings(audit: WorkspaceAudit, report: AuditReport, site: ReportSite): ReportFinding[] {
  const own = new Set(findingsForSite(report, site));
  const ranges = promptLineRanges(audit, site);
  return report.findings.filter((finding) => own.has(finding) || (finding.file === site.file && ranges.some(([first, last]) => finding.line >= first && finding.line <= last)));
}

export function buildPanelData(audit: WorkspaceAudit, report: AuditReport, config: AuditConfig, catalog: Catalog): PanelData {
  const sites: PanelSite[] = report.sites.map((site) => {
    const findings = siteFindings(audit, report, site);
    return {
      file: site.file,
      line: site.line,
      kind: site.kind,
      model: site.pricedModel ?? 'unknown',
      modelIsDefault: site.pricedModelIsDefault,
      modelSource: site.modelSource,
      modelSourceLabel: site.pricedModel === null && site.modelSource === 'provider-default' ? `no default for provider ${site.provider ?? 'unknown'}` : modelSourceLabel(site.modelSource, site.modelAlternatives) ?? null,
      modelFrom: site.modelFrom ? { file: site.modelFrom.file, line: site.modelFrom.line } : null,
      promptSources: (site.promptSources ?? []).map((source) => ({ file: source.file, line: source.line })),
      tokens: site.tokens.static,
      exact: site.tokens.exact,
      cap: site.maxOutputTokens === null ? 'none' : site.maxOutputTokens === 'non-literal' ? 'variable' : formatTokens(site.maxOutputTokens),
      perCallUsd: site.costPerCallUsd,
      perMonthUsd: site.costPerMonthUsd,
      worstCaseMonthUsd: site.worstCasePerMonthUsd,
      outputTokens: site.outputTokens,
      outputBasis: site.outputBasis,
      findings: findings.length,
      rules: [...new Set(findings.map((f) => f.rule))],
    };
  });
  const group = (key: (site: PanelSite) => string) => {
    const totals = new Map<string, number>();
    for (const site of sites) if (site.perMonthUsd !== null) totals.set(key(site), (totals.get(key(site)) ?? 0) + site.perMonthUsd);
    return [...totals.entries()].map(([label, monthlyUsd]) => ({ label, monthlyUsd })).sort((a, b) => b.monthlyUsd - a.monthlyUsd);
  };
  return {
    catalogAsOf: report.catalog.asOf,
    callsPerMonth: report.summary.callsPerMonth,
    totals: {
      monthlyUsd: report.summary.expectedMonthlyUsd,
      worstCaseMonthlyUsd: report.summary.worstCaseMonthlyUsd,
      perCallUsd: sites.reduce((sum, s) => sum + (s.perCallUsd ?? 0), 0),
      sites: report.summary.sites,
      files: report.summary.files,
      unpricedSites: report.summary.unpricedSites,
      findings: report.findings.length,
    },
    sites,
    byModel: group((s) => s.model),
    byFile: group((s) => s.file),
    ...waterfallData(report.testPaths.counted ? audit : { ...audit, documents: audit.documents.filter((document) => !report.testPaths.files.some((entry) => entry.file === document.file)) }, config, catalog),
    testPaths: testPathsLine(report.testPaths),
  };
}

function waterfallData(audit: WorkspaceAudit, config: AuditConfig, catalog: Catalog): Pick<PanelData, 'waterfall' | 'exposure'> {
  const waterfall = computeWaterfall(audit.documents, config, catalog);
  return { waterfall: waterfall.steps, exposure: waterfall.exposureSteps };
}


/** The files a 'reveal' message may open: the sites shown and the lines their models and prompt texts come from. */
export function revealableFiles(data: PanelData): Set<string> {
  const files = new Set<string>();
  for (const site of data.sites) {
    files.add(site.file);
    if (site.modelFrom) files.add(site.modelFrom.file);
    for (const source of site.promptSources) files.add(source.file);
  }
  return files;
}
