// The CLI's default output: a plain-text table for humans in a terminal.
import { testPathsLine } from '../testPaths';
import { formatTokens, formatUsd } from '../pricing/cost';
import { describePriceData, siteLocation, type AuditReport } from './model';
import { terminalText } from './escape';

function pad(text: string, width: number, right = false): string {
  if (text.length > width) text = text.slice(0, width - 1) + '…';
  return right ? text.padStart(width) : text.padEnd(width);
}

/** Control and bidi characters from file names or messages never reach the terminal raw. */
const printable = terminalText;

const BASIS_MARK: Record<string, string> = { 'prompt-hint': 'p', configured: 'c', cap: 'x' };

function outputText(site: AuditReport['sites'][number]): string {
  return `${formatTokens(site.outputTokens)} ${BASIS_MARK[site.outputBasis] ?? '?'}`;
}

export interface TableOptions {
  /** ANSI colours for severities and budgets (the CLI decides: a terminal, and no NO_COLOR). */
  color?: boolean;
}

const SEVERITY_COLOR = new Map<string, string>([['error', '31'], ['warning', '33'], ['information', '36'], ['hint', '2']]);

export function renderTable(report: AuditReport, options: TableOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  const rows = report.sites.map((site) => [
    printable(siteLocation(site)),
    site.kind,
    printable(site.pricedModel === null ? 'unknown' : site.pricedModel + (site.pricedModelIsDefault ? '*' : site.local ? ' (local)' : '')),
    `${site.tokens.exact ? '' : '~'}${formatTokens(site.tokens.static)}`,
    site.maxOutputTokens === null ? '-' : site.maxOutputTokens === 'non-literal' ? 'var' : formatTokens(site.maxOutputTokens),
    outputText(site),
    formatUsd(site.costPerCallUsd),
    site.costPerMonthUsd === null ? '-' : formatUsd(site.costPerMonthUsd),
    site.worstCasePerCallUsd === null ? '-' : formatUsd(site.worstCasePerCallUsd),
    site.worstCasePerMonthUsd === null ? '-' : formatUsd(site.worstCasePerMonthUsd),
  ]);
  const header = ['SITE', 'KIND', 'MODEL', 'TOKENS', 'CAP', 'OUTPUT', 'PER CALL', 'PER MONTH', 'WORST/CALL', 'WORST/MONTH'];
  const widths = header.map((h, i) => Math.min(i === 0 ? 60 : 28, Math.max(h.length, ...rows.map((row) => row[i].length))));
  const rightAligned = [false, false, false, true, true, true, true, true, true, true];
  out.push(header.map((h, i) => pad(h, widths[i], rightAligned[i])).join('  '));
  for (const row of rows) out.push(row.map((cell, i) => pad(cell, widths[i], rightAligned[i])).join('  '));
  if (rows.length === 0) out.push('(no prompt files or LLM calls found)');
  out.push('');
  const { summary } = report;
  // With `callsPerMonth: null` a monthly total still exists when volumes set it per glob; "at 0 calls" would be false.
  const volume = summary.callsPerMonth === null ? 'the configured volumes' : `${formatTokens(summary.callsPerMonth)} calls per site`;
  const monthly = summary.expectedMonthlyUsd === null
    ? ''
    : `: ${formatUsd(summary.expectedMonthlyUsd)}/month expected (worst-case exposure ${formatUsd(summary.worstCaseMonthlyUsd)}/month) at ${volume}`;
  out.push(`${summary.sites} site(s) in ${summary.files} file(s)${monthly}; ${summary.unpricedSites} unpriced. Catalog as of ${report.catalog.asOf}. * = default model, ~ = estimate.`);
  for (const line of describePriceData(report.catalog)) out.push(terminalText(line));
  const testLine = report.testPaths ? testPathsLine(report.testPaths) : null;
  if (testLine) out.push(testLine);
  if (rows.length > 0) {
    out.push(
      'PER CALL, PER MONTH = expected cost: input + OUTPUT tokens, the expected reply (p = the length the prompt asks for,',
      '  c = the typical length expectedOutputTokens, x = limited by the cap or the model maximum). Totals add expected costs.',
      "WORST = every reply at min(cap, model's maximum output), or the model's maximum when there is no cap.",
    );
    // Only when it applies, so reports without local models read as before.
    if (report.sites.some((site) => site.local)) out.push('(local) = a model on your own server (Ollama): $0 API cost, no per-token price; hardware and time are not counted.');
  }
  if (report.findings.length > 0) {
    out.push('', 'FINDINGS');
    for (const finding of report.findings) {
      out.push(`${printable(`${finding.file}:${finding.line}:${finding.column}`)}  ${paint(SEVERITY_COLOR.get(finding.severity) ?? '0', finding.severity.padEnd(11))} ${printable(`${finding.rule.padEnd(28)} ${finding.message}`)}`);
    }
  }
  for (const breach of report.budgets) {
    out.push(paint('31', 'BUDGET') + printable(` ${breach.budget}${breach.file ? ` ${breach.file}:${breach.line}` : breach.glob ? ` ${breach.glob}` : ''}: ${formatUsd(breach.actualUsd)} > ${formatUsd(breach.limitUsd)}`));
  }
  for (const problem of report.problems) out.push(printable(`note: ${problem.file || '(config)'}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`));
  return out.join('\n') + '\n';
}
