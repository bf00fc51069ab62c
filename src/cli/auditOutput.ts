// How an audit report becomes output and an exit code; shared by `audit` and `merge`.
import { hasFindingsAtOrAbove, type AuditReport, type BudgetBreach } from '../core/report/model';
import { renderMarkdown } from '../core/report/markdown';
import { renderTable } from '../core/report/table';
import { renderSarif, type SarifRuleInfo } from '../core/report/sarif';
import { renderCsv } from '../core/report/csv';
import { renderGithubAnnotations } from '../core/report/github';
import { jsonText } from '../core/report/escape';
import { describeRules } from '../core/rules/registry';
import type { CliOptions, Format } from './args';
import type { AuditConfig } from '../core/config';
import type { CliEnvironment, Outcome } from './shared';
import { version as packageVersion } from '../../package.json';

/** The CLI and the extension are versioned together: both read the one package.json. */
export const VERSION: string = packageVersion;
export const DOCS_URL = 'https://github.com/prompt-cost/prompt-cost-auditor#';

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

export function sarifRules(): SarifRuleInfo[] {
  return describeRules().map((rule) => ({
    id: rule.id,
    title: rule.title,
    rationale: rule.rationale,
    ...(rule.details ? { details: rule.details } : {}),
    defaultSeverity: rule.defaultSeverity,
    scope: rule.scope,
    helpUri: DOCS_URL + rule.docsAnchor,
  }));
}

/** The line of a budget in the config text, so a SARIF result for it points where the limit is set. */
export function budgetLineFinder(configLabel: string, configText: string | undefined): (breach: BudgetBreach) => { file: string; line: number } | undefined {
  return (breach) => {
    if (configText === undefined || configLabel.startsWith('..')) return undefined;
    const lines = configText.split(/\r?\n|\r/);
    const pattern = breach.budget === 'perFile' && breach.glob !== undefined
      ? new RegExp(`glob:\\s*['"]?${breach.glob.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*$`)
      : new RegExp(`^\\s*${breach.budget}\\s*:`);
    const index = lines.findIndex((line) => pattern.test(line));
    return { file: configLabel, line: index >= 0 ? index + 1 : 1 };
  };
}

export interface RenderContext {
  environment: CliEnvironment;
  outcome: Outcome;
  /** Absolute folder the report's paths are relative to. */
  root?: string;
  configLabel?: string;
  configText?: string;
}

export function renderAuditReport(report: AuditReport, format: Format, context: RenderContext): string {
  switch (format) {
    case 'json':
      return jsonText(report) + '\n';
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(report, sarifRules(), VERSION, {
        ...(context.root ? { root: context.root } : {}),
        budgetLocation: budgetLineFinder(context.configLabel ?? '.promptcost.yaml', context.configText),
        invocation: { exitCode: context.outcome.exitCode, reasons: context.outcome.reasons },
      });
    case 'csv':
      return renderCsv(report);
    case 'github':
      return renderGithubAnnotations(report);
    default:
      return renderTable(report, { color: context.environment.color === true });
  }
}
