// Markdown report: what the Audit Workspace command writes and the CLI prints with --format markdown.
import { testPathsLine } from '../testPaths';
import { formatTokens, formatUsd } from '../pricing/cost';
import { describePriceData, type AuditReport, type ReportSite } from './model';
import { markdownText } from './escape';

/** Repository text in a table cell or list item: the one Markdown escaper (links, images, HTML, code, breaks). */
export const markdownCell = markdownText;

function capText(site: ReportSite): string {
  if (site.maxOutputTokens === null) return 'none';
  if (site.maxOutputTokens === 'non-literal') return 'non-literal';
  return formatTokens(site.maxOutputTokens);
}

function tokensText(site: ReportSite): string {
  const base = `${site.tokens.exact ? '' : '~'}${formatTokens(site.tokens.static)}`;
  return site.tokens.assumedDynamic > 0 ? `${base} + ${formatTokens(site.tokens.assumedDynamic)} assumed` : base;
}

const BASIS_TEXT: Record<string, string> = { 'prompt-hint': 'prompt', configured: 'typical', cap: 'cap' };

function outputText(site: ReportSite): string {
  return `${formatTokens(site.outputTokens)} (${BASIS_TEXT[site.outputBasis] ?? site.outputBasis})`;
}

function monthText(monthly: number | null, perCall: number | null): string {
  return monthly === null ? (perCall === null ? 'unpriced' : 'n/a') : formatUsd(monthly);
}

function modelText(site: ReportSite): string {
  if (site.pricedModel === null) return 'unknown';
  if (site.local) return `${site.pricedModel} (local: $0 API cost)`;
  return site.pricedModelIsDefault ? `${site.pricedModel} (default)` : site.pricedModel;
}

export function renderMarkdown(report: AuditReport): string {
  const lines: string[] = [];
  const { summary } = report;
  lines.push('# Prompt cost audit', '');
  const volume = summary.callsPerMonth !== null
    ? `${formatTokens(summary.callsPerMonth)} calls per site per month`
    : summary.expectedMonthlyUsd !== null ? 'monthly volumes set per file glob only' : 'no monthly volume configured';
  lines.push(`Catalog as of ${report.catalog.asOf}; ${volume}.`, '');
  const priceData = describePriceData(report.catalog);
  if (report.catalog.pricedOn) lines.push(...priceData.map((line) => markdownCell(line)), '');
  lines.push('| Sites | Files | Unpriced | Expected / month | Worst case / month | Errors | Warnings | Info |', '|---:|---:|---:|---:|---:|---:|---:|---:|');
  lines.push(`| ${summary.sites} | ${summary.files} | ${summary.unpricedSites} | ${summary.expectedMonthlyUsd === null ? 'n/a' : formatUsd(summary.expectedMonthlyUsd)} | ${summary.worstCaseMonthlyUsd === null ? 'n/a' : formatUsd(summary.worstCaseMonthlyUsd)} | ${summary.findingsBySeverity.error} | ${summary.findingsBySeverity.warning} | ${summary.findingsBySeverity.information + summary.findingsBySeverity.hint} |`, '');
  const testLine = report.testPaths ? testPathsLine(report.testPaths) : null;
  if (testLine) lines.push(testLine, '');
  if (report.budgets.length > 0) {
    lines.push('## Budgets exceeded', '');
    for (const breach of report.budgets) {
      const where = breach.file ? ` (${markdownCell(breach.file)}:${breach.line})` : breach.glob ? ` (${markdownCell(breach.glob)})` : '';
      lines.push(`- **${breach.budget}**${where}: ${formatUsd(breach.actualUsd)} against a budget of ${formatUsd(breach.limitUsd)}`);
    }
    lines.push('');
  }
  lines.push('## Sites', '');
  if (report.sites.length === 0) lines.push('No prompt files or LLM calls found.', '');
  else {
    lines.push('| File | Line | Kind | Model | Tokens | Cap | Output | Per call | Per month | Worst case / call | Worst case / month |', '|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const site of report.sites) {
      lines.push(`| ${markdownCell(site.file)} | ${site.notebookCell ? `cell ${site.notebookCell.cell}, line ${site.notebookCell.line}` : site.line} | ${site.kind} | ${markdownCell(modelText(site))} | ${tokensText(site)} | ${capText(site)} | ${outputText(site)} | ${formatUsd(site.costPerCallUsd)} | ${monthText(site.costPerMonthUsd, site.costPerCallUsd)} | ${site.worstCasePerCallUsd === null ? (site.costPerCallUsd === null ? 'unpriced' : 'n/a') : formatUsd(site.worstCasePerCallUsd)} | ${site.worstCasePerMonthUsd === null ? (site.costPerCallUsd === null ? 'unpriced' : 'n/a') : formatUsd(site.worstCasePerMonthUsd)} |`);
    }
    lines.push('');
    lines.push(
      'Per call and per month are **expected** costs: the input plus the expected output (the length the prompt asks for, else the configured typical length `expectedOutputTokens`, never above the cap or the model\'s maximum; the Output column says which). Totals add expected costs. **Worst case** prices every reply at min(cap, model\'s maximum output), or the model\'s maximum when there is no cap.',
      '',
      'Tokens marked `~` are estimates (no exact offline tokenizer for that model). "assumed" is the assumed size of the placeholder values: per name from `placeholders:` in the config, else by the name\'s meaning (context, history, code, a name or a date), else `assumedPlaceholderTokens`.',
      '',
    );
  }
  lines.push('## Findings', '');
  if (report.findings.length === 0) lines.push('No findings.', '');
  else {
    lines.push('| File | Line | Severity | Rule | Message |', '|---|---:|---|---|---|');
    for (const finding of report.findings) {
      lines.push(`| ${markdownCell(finding.file)} | ${finding.line} | ${finding.severity} | ${finding.rule} | ${markdownCell(finding.message)} |`);
    }
    lines.push('');
  }
  if (report.problems.length > 0) {
    lines.push('## Files not audited', '');
    for (const problem of report.problems) lines.push(`- ${markdownCell(problem.file || '(config)')}${problem.line ? `:${problem.line}` : ''}: ${markdownCell(problem.message)}`);
    lines.push('');
  }
  return lines.join('\n');
}
