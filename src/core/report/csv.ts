// CSV of sites for spreadsheets (Export Report). costPer* are expected figures; worstCase* every reply at its bound.
import { findingsForSite, type AuditReport } from './model';
import { csvCell } from './escape';

/** RFC 4180 with formula neutralisation: the one CSV escaper. */
const csvField = csvCell;

export function renderCsv(report: AuditReport): string {
  const header = ['file', 'line', 'kind', 'provider', 'api', 'model', 'pricedModel', 'maxOutputTokens', 'staticTokens', 'exact', 'assumedDynamicTokens', 'outputTokens', 'outputBasis', 'worstCaseOutputTokens', 'costPerCallUsd', 'costPerMonthUsd', 'worstCasePerCallUsd', 'worstCasePerMonthUsd', 'findings'];
  const rows = report.sites.map((site) => [
    site.file, site.line, site.kind, site.provider, site.api, site.model, site.pricedModel,
    site.maxOutputTokens, site.tokens.static, String(site.tokens.exact), site.tokens.assumedDynamic,
    site.outputTokens, site.outputBasis, site.worstCaseOutputTokens,
    site.costPerCallUsd, site.costPerMonthUsd, site.worstCasePerCallUsd, site.worstCasePerMonthUsd, findingsForSite(report, site).length,
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
