// How an audit report becomes output and an exit code; shared by `audit` and `merge`.
import { hasFindingsAtOrAbove, type AuditReport } from '../core/report/model';
import { renderReport, renderReportPieces, type RenderContext as FormatRenderContext } from '../core/report/formats';
import type { CliOptions, Format } from './args';
import type { AuditConfig } from '../core/config';
import type { CliEnvironment, Outcome } from './shared';

export { VERSION, DOCS_URL, sarifRules, budgetLineFinder } from '../core/report/formats';

/** `config.failOnUnknownModel` (the project's config) fails on unpriced sites like `--fail-on-unknown-model`. */
export function decideAuditOutcome(
  report: AuditReport,
  options: Pick<CliOptions, 'failOn'> & Partial<Pick<CliOptions, 'failOnUnknownModel'>>,
  configErrorCount: number,
  configLabel: string,
  config?: Pick<AuditConfig, 'failOnUnknownModel'>,
): Outcome {
  if (configErrorCount > 0) {
    return { exitCode: 2, reasons: [`config error: ${configErrorCount} problem(s) in ${configLabel}; defaults were used for those settings`] };
  }
  const reasons: string[] = [];
  if (report.budgets.length > 0) reasons.push(`budget exceeded: ${report.budgets.length} budget(s)`);
  if (options.failOn !== 'none' && hasFindingsAtOrAbove(report, options.failOn)) reasons.push(`findings at or above "${options.failOn}"`);
  if ((options.failOnUnknownModel || config?.failOnUnknownModel === true) && report.summary.unpricedSites > 0) {
    reasons.push(`unpriced: ${report.summary.unpricedSites} site(s) use a model that is not in the catalog`);
  }
  return { exitCode: reasons.length > 0 ? 1 : 0, reasons };
}

export interface RenderContext extends Omit<FormatRenderContext, 'color'> {
  environment: Pick<CliEnvironment, 'color'>;
}

/** Renders through the one format registry (src/core/report/formats.ts), which the editor's Export Report uses too. */
export function renderAuditReport(report: AuditReport, format: Format, context: RenderContext): string {
  const { environment, ...rest } = context;
  return renderReport(report, format, { ...rest, color: environment.color === true });
}

/** `renderAuditReport` in pieces (JSON and SARIF a result at a time), for writing a large report as it is made. */
export function renderAuditReportPieces(report: AuditReport, format: Format, context: RenderContext): Iterable<string> {
  const { environment, ...rest } = context;
  return renderReportPieces(report, format, { ...rest, color: environment.color === true });
}
