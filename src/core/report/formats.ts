// The one registry of audit report formats: the CLI's --format and --output-<format> flags, its help text and the
// editor's Export Report choices are all derived from this table, and every format renders through its entry.
import { jsonTextPieces } from './escape';
import { renderMarkdown } from './markdown';
import { renderTable } from './table';
import { sarifPieces, type SarifRuleInfo } from './sarif';
import { renderCsv } from './csv';
import { renderGithubAnnotations } from './github';
import type { AuditReport, BudgetBreach } from './model';
import { describeRules } from '../rules/registry';
import { version as packageVersion } from '../../../package.json';

/** The CLI and the extension are versioned together: both read the one package.json. */
export const VERSION: string = packageVersion;
export const DOCS_URL = 'https://github.com/prompt-cost/prompt-cost-auditor#';

/** Exit code and the reasons for it, as the CLI would decide them (SARIF records them in its invocation). */
export interface Outcome {
  exitCode: number;
  reasons: string[];
}

export interface RenderContext {
  /** ANSI colours in the table. */
  color?: boolean;
  outcome: Outcome;
  /** Absolute folder the report's paths are relative to (SARIF's %SRCROOT%). */
  root?: string;
  configLabel?: string;
  configText?: string;
}

interface ReportFormatEntry {
  /** The `--format` value. */
  readonly id: string;
  /** Name in pickers and save-dialog filters. */
  readonly label: string;
  /** File name extension when the report is written to a file. */
  readonly extension: string;
  readonly description: string;
  /** A file others read (`--output-<id>`, Export Report); false for terminal-only output. */
  readonly file: boolean;
  readonly render: (report: AuditReport, context: RenderContext) => string;
  /** The same text in pieces, for formats a many-file report makes large (written as made, never one string). */
  readonly pieces?: (report: AuditReport, context: RenderContext) => Iterable<string>;
}

/** The JSON report, a site, finding or problem per piece (`jsonText(report)` when joined). */
function* jsonPieces(report: AuditReport): Generator<string> {
  yield* jsonTextPieces(report, 2, 2);
  yield '\n';
}

function sarifReportPieces(report: AuditReport, context: RenderContext): Iterable<string> {
  return sarifPieces(report, sarifRules(), VERSION, {
    ...(context.root ? { root: context.root } : {}),
    budgetLocation: budgetLineFinder(context.configLabel ?? '.promptcost.yaml', context.configText),
    invocation: { exitCode: context.outcome.exitCode, reasons: context.outcome.reasons },
  });
}

function joinPieces(pieces: Iterable<string>): string {
  return [...pieces].join('');
}

export const REPORT_FORMATS = [
  { id: 'table', label: 'Table', extension: 'txt', description: 'a terminal table (the default)', file: false, render: (report, context) => renderTable(report, { color: context.color === true }) },
  { id: 'json', label: 'JSON', extension: 'json', description: 'the schemaVersion 2 JSON report', file: true, render: (report) => joinPieces(jsonPieces(report)), pieces: jsonPieces },
  { id: 'markdown', label: 'Markdown', extension: 'md', description: 'summary, sites and findings', file: true, render: (report) => renderMarkdown(report) },
  {
    id: 'sarif',
    label: 'SARIF',
    extension: 'sarif',
    description: 'SARIF 2.1.0 for code-scanning dashboards',
    file: true,
    render: (report, context) => joinPieces(sarifReportPieces(report, context)),
    pieces: sarifReportPieces,
  },
  { id: 'csv', label: 'CSV', extension: 'csv', description: 'one row per site, for spreadsheets', file: true, render: (report) => renderCsv(report) },
  { id: 'github', label: 'GitHub annotations', extension: 'txt', description: 'workflow annotations for GitHub Actions', file: false, render: (report) => renderGithubAnnotations(report) },
] as const satisfies readonly ReportFormatEntry[];

export type ReportFormat = (typeof REPORT_FORMATS)[number]['id'];
/** Formats written to files (`--output-<format>`, Export Report). */
export type FileReportFormat = Extract<(typeof REPORT_FORMATS)[number], { file: true }>['id'];

export const REPORT_FORMAT_IDS = REPORT_FORMATS.map((entry) => entry.id) as readonly ReportFormat[];
export const FILE_REPORT_FORMATS = REPORT_FORMATS.filter((entry): entry is Extract<(typeof REPORT_FORMATS)[number], { file: true }> => entry.file);
export const FILE_REPORT_FORMAT_IDS = FILE_REPORT_FORMATS.map((entry) => entry.id) as readonly FileReportFormat[];

export function reportFormat(id: ReportFormat): (typeof REPORT_FORMATS)[number] {
  return REPORT_FORMATS.find((entry) => entry.id === id)!;
}

export function renderReport(report: AuditReport, format: ReportFormat, context: RenderContext): string {
  return reportFormat(format).render(report, context);
}

/** `renderReport`'s text in pieces (one piece for formats rendered whole), for writing as it is made. */
export function renderReportPieces(report: AuditReport, format: ReportFormat, context: RenderContext): Iterable<string> {
  const entry: ReportFormatEntry = reportFormat(format);
  return entry.pieces ? entry.pieces(report, context) : [entry.render(report, context)];
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
