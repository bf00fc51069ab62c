// `--format github`: GitHub Actions workflow commands, so findings and budget breaches appear as annotations
// on the pull request's changed lines. Repository text is escaped as the runner's command parser requires.
import { testPathsLine } from '../testPaths';
import { formatUsd } from '../pricing/cost';
import type { Severity } from '../types';
import type { AuditReport } from './model';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** Message text: the runner decodes %25, %0D and %0A; nothing else in it can end the command. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values (file, title) also end at `,` and `:`, which are escaped too. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithubAnnotations(report: AuditReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    const properties = [
      `file=${escapeGithubProperty(finding.file)}`,
      `line=${finding.line}`,
      `endLine=${finding.endLine}`,
      // Columns only make sense on one line (GitHub ignores them otherwise).
      ...(finding.line === finding.endLine ? [`col=${finding.column}`, `endColumn=${finding.endColumn}`] : []),
      `title=${escapeGithubProperty(`prompt-cost ${finding.rule}`)}`,
    ];
    lines.push(`::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeGithubData(finding.message)}`);
  }
  for (const breach of report.budgets) {
    const where = breach.file ? [`file=${escapeGithubProperty(breach.file)}`, `line=${breach.line}`] : [];
    const subject = breach.budget === 'perFile' ? `files ${breach.glob}` : breach.budget === 'perCallUsd' ? 'one call' : 'the whole tree';
    lines.push(`::error ${[...where, `title=${escapeGithubProperty(`prompt-cost budget ${breach.budget}`)}`].join(',')}::${escapeGithubData(`budget ${breach.budget} exceeded for ${subject}: ${formatUsd(breach.actualUsd)} > ${formatUsd(breach.limitUsd)}`)}`);
  }
  for (const problem of report.problems) {
    if (problem.severity !== 'error') continue;
    const where = problem.file ? [`file=${escapeGithubProperty(problem.file)}`, ...(problem.line ? [`line=${problem.line}`] : [])] : [];
    lines.push(`::warning ${[...where, 'title=prompt-cost'].join(',')}::${escapeGithubData(problem.message)}`);
  }
  const { expectedMonthlyUsd, worstCaseMonthlyUsd } = report.summary;
  const monthly = expectedMonthlyUsd === null ? 'no monthly volume' : `${formatUsd(expectedMonthlyUsd)}/month expected${worstCaseMonthlyUsd === null ? '' : ` (worst case ${formatUsd(worstCaseMonthlyUsd)})`}`;
  const testLine = report.testPaths ? testPathsLine(report.testPaths) : null;
  if (testLine) lines.push(`::notice title=prompt-cost test paths::${escapeGithubData(testLine)}`);
  lines.push(`::notice title=prompt-cost::${escapeGithubData(`${report.summary.sites} site(s) in ${report.summary.files} file(s), ${monthly}; ${report.findings.length} finding(s), ${report.budgets.length} budget(s) exceeded`)}`);
  return lines.join('\n') + '\n';
}
