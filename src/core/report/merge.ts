// Merges the JSON reports of sharded audit runs into one, as if one run had audited every shard's paths.
import type { AuditConfig } from '../config';
import type { Severity } from '../types';
import { summariseTestPaths, type TestPathFile } from '../testPaths';
import { evaluateBudgets, SCHEMA_VERSION, type AuditReport, type CatalogInfo, type ReportFinding, type ReportSite } from './model';

export class MergeError extends Error {}

function byPosition(a: { file: string; line: number; column: number }, b: { file: string; line: number; column: number }): number {
  return a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1;
}

function roundUsd(amount: number): number {
  return Math.round(amount * 1e9) / 1e9;
}

/**
 * Sites and findings are united (a file audited by two shards counts once), problems kept, the summary recounted
 * and the budgets evaluated again on all sites with `config`, so a monthly budget sees the whole tree. What a
 * cross-file rule would only find across shards (a block duplicated between two shards' files) is not found.
 */
export function mergeReports(inputs: ReadonlyArray<{ file: string; report: AuditReport }>, config: AuditConfig): AuditReport {
  if (inputs.length === 0) throw new MergeError('no reports to merge');
  for (const { file, report } of inputs) {
    if (typeof report !== 'object' || report === null || report.schemaVersion !== SCHEMA_VERSION) {
      throw new MergeError(`${file}: not a prompt-cost JSON report with schemaVersion ${SCHEMA_VERSION}`);
    }
    if (!Array.isArray(report.sites) || !Array.isArray(report.findings) || !Array.isArray(report.problems)) throw new MergeError(`${file}: sites, findings or problems missing`);
  }
  const sites = new Map<string, ReportSite>();
  const sentPromptFiles = new Map<string, ReportSite>();
  const findings = new Map<string, ReportFinding>();
  const problems = new Map<string, AuditReport['problems'][number]>();
  for (const { report } of inputs) {
    for (const site of report.sites) sites.set(`${site.file}\n${site.line}\n${site.column}\n${site.fingerprint}`, site);
    // Reports from before the field have none.
    for (const site of Array.isArray(report.sentPromptFiles) ? report.sentPromptFiles : []) sentPromptFiles.set(`${site.file}\n${site.line}\n${site.column}\n${site.fingerprint}`, site);
    for (const finding of report.findings) findings.set(`${finding.file}\n${finding.line}\n${finding.column}\n${finding.rule}\n${finding.fingerprint}`, finding);
    for (const problem of report.problems) problems.set(`${problem.file}\n${problem.line}\n${problem.message}`, problem);
  }
  const catalogDates = [...new Set(inputs.map(({ report }) => report.catalog?.asOf).filter((date): date is string => typeof date === 'string'))].sort();
  if (catalogDates.length > 1) {
    problems.set('catalog', { file: '', severity: 'warning', message: `the shards were priced with catalogs of different dates (${catalogDates.join(', ')}); merged with the newest date` });
  }
  const pricedDays = [...new Set(inputs.map(({ report }) => report.catalog?.pricedOn).filter((day): day is string => typeof day === 'string'))].sort();
  if (pricedDays.length > 1) {
    problems.set('pricedOn', { file: '', severity: 'warning', message: `the shards were priced for different days (${pricedDays.join(', ')}); the merged report states the newest catalog's` });
  }
  // Test paths: a file two shards audited counts once; shards that disagree on counting them are reported.
  const testFiles = new Map<string, TestPathFile>();
  for (const { report } of inputs) for (const entry of report.testPaths?.files ?? []) testFiles.set(entry.file, entry);
  const countedValues = new Set(inputs.map(({ report }) => report.testPaths?.counted ?? false));
  if (countedValues.size > 1) problems.set('testPaths', { file: '', severity: 'warning', message: 'some shards counted the sites under test paths (--include-tests) and some did not; the merged totals mix both' });
  const siteList = [...sites.values()].sort(byPosition);
  const findingList = [...findings.values()].sort(byPosition);
  const findingsBySeverity: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const finding of findingList) findingsBySeverity[finding.severity]++;
  const hasVolume = config.callsPerMonth !== null || config.volumes.length > 0;
  return {
    schemaVersion: SCHEMA_VERSION,
    catalog: mergedCatalog(inputs.map(({ report }) => report.catalog), catalogDates[catalogDates.length - 1] ?? ''),
    summary: {
      files: new Set(siteList.map((site) => site.file)).size,
      sites: siteList.length,
      unpricedSites: siteList.filter((site) => site.costPerCallUsd === null).length,
      expectedMonthlyUsd: hasVolume ? roundUsd(siteList.reduce((sum, site) => sum + (site.costPerMonthUsd ?? 0), 0)) : null,
      worstCaseMonthlyUsd: hasVolume ? roundUsd(siteList.reduce((sum, site) => sum + (site.worstCasePerMonthUsd ?? 0), 0)) : null,
      callsPerMonth: config.callsPerMonth,
      findingsBySeverity,
    },
    sites: siteList,
    findings: findingList,
    budgets: evaluateBudgets(siteList, config),
    problems: [...problems.values()],
    testPaths: summariseTestPaths(countedValues.has(true), config.testPaths, testFiles.values()),
    sentPromptFiles: [...sentPromptFiles.values()].sort(byPosition),
  };
}

/** The newest shard's catalog date, age and source (only the known fields, each of its own type). */
function mergedCatalog(catalogs: Array<CatalogInfo | undefined>, asOf: string): CatalogInfo {
  const newest = catalogs.filter((catalog): catalog is CatalogInfo => catalog?.asOf === asOf).sort((a, b) => String(a.pricedOn ?? '').localeCompare(String(b.pricedOn ?? ''))).pop();
  if (!newest || typeof newest.pricedOn !== 'string') return { asOf };
  return {
    asOf,
    pricedOn: newest.pricedOn,
    ...(typeof newest.ageDays === 'number' && typeof newest.maxAgeDays === 'number' ? { ageDays: newest.ageDays, maxAgeDays: newest.maxAgeDays, stale: newest.stale === true } : {}),
    ...(typeof newest.source === 'string' ? { source: newest.source } : {}),
  };
}
