// Renders a CostDiff: a terminal table, and Markdown for a pull-request comment (or a job summary).
import { testPathsLine } from '../testPaths';
import type { CostDiff, Delta, SiteDiff } from '../diff';
import { formatTokens, formatUsd } from '../pricing/cost';
import { markdownCell } from './markdown';
import { terminalText } from './escape';

/** First line of the PR comment: the Action finds its own comment by it and updates it instead of adding another. */
export const DIFF_COMMENT_MARKER = '<!-- prompt-cost-diff -->';

function signedUsd(amount: number | null): string {
  if (amount === null) return 'unpriced';
  if (amount === 0) return '$0';
  return (amount > 0 ? '+' : '−') + formatUsd(Math.abs(amount));
}

function signedTokens(amount: number | null): string {
  if (amount === null) return 'n/a';
  if (amount === 0) return '0';
  return (amount > 0 ? '+' : '−') + formatTokens(Math.abs(amount));
}

const usd = (amount: number | null) => (amount === null ? '—' : formatUsd(amount));
const fromTo = (d: Delta, format: (n: number | null) => string) => `${format(d.base)} → ${format(d.head)}`;

function percentText(percent: number | null): string {
  if (percent === null) return 'new';
  return `${percent > 0 ? '+' : percent < 0 ? '−' : ''}${Math.abs(percent)}%`;
}

function shortCommit(commit: string): string {
  return commit.slice(0, 12);
}

/** Control and bidi characters from file names never reach the terminal raw. */
const printable = terminalText;

function where(site: SiteDiff): string {
  const moved = site.baseFile !== undefined ? ` (was ${site.baseFile === site.file ? '' : `${site.baseFile}:`}${site.baseLine})` : '';
  return `${site.file}:${site.line}${moved}`;
}

export function renderDiffTable(diff: CostDiff): string {
  const out: string[] = [];
  const { totals } = diff;
  out.push(printable(`prompt-cost diff ${diff.base.ref} (${shortCommit(diff.base.commit)}) → ${diff.head.ref} (${shortCommit(diff.head.commit)})`), '');
  if (diff.sites.length === 0) out.push('No site changed cost.');
  for (const site of diff.sites) {
    out.push(printable(`${site.change.toUpperCase().padEnd(8)} ${where(site)}  ${site.kind}  ${site.model.base === site.model.head ? site.model.head ?? 'unknown' : `${site.model.base ?? '—'} → ${site.model.head ?? '—'}`}`));
    out.push(`         tokens ${fromTo(site.tokens, (n) => (n === null ? '—' : formatTokens(n)))} (${signedTokens(site.tokens.delta)})  per call ${fromTo(site.costPerCallUsd, usd)} (${signedUsd(site.costPerCallUsd.delta)})  per month ${fromTo(site.costPerMonthUsd, usd)} (${signedUsd(site.costPerMonthUsd.delta)})${site.worstCasePerMonthUsd ? `  worst case/month ${signedUsd(site.worstCasePerMonthUsd.delta)}` : ''}`);
  }
  out.push('');
  out.push(`TOTAL per month ${usd(totals.costPerMonthUsd.base)} → ${usd(totals.costPerMonthUsd.head)} (${signedUsd(totals.costPerMonthUsd.delta)}, ${percentText(totals.costPerMonthUsd.percent)})${totals.worstCasePerMonthUsd ? `; worst case ${usd(totals.worstCasePerMonthUsd.base)} → ${usd(totals.worstCasePerMonthUsd.head)} (${signedUsd(totals.worstCasePerMonthUsd.delta)})` : ''}; tokens ${signedTokens(totals.tokens.delta)}`);
  out.push(`Sites: ${totals.sites.added} added, ${totals.sites.removed} removed, ${totals.sites.changed} changed, ${totals.sites.unchanged} unchanged (${totals.sites.moved} moved). Catalog as of ${diff.catalog.asOf}.`);
  const testLine = diff.testPaths?.head ? testPathsLine(diff.testPaths.head) : null;
  if (testLine) out.push(`Head: ${testLine}`);
  for (const finding of diff.newFindings) out.push(printable(`NEW      ${finding.file}:${finding.line}  ${finding.severity} ${finding.rule}  ${finding.message}`));
  for (const finding of diff.fixedFindings) out.push(printable(`FIXED    ${finding.file}:${finding.line}  ${finding.severity} ${finding.rule}  ${finding.message}`));
  for (const reason of diff.budget.reasons) out.push(`BUDGET   ${reason}`);
  return out.join('\n') + '\n';
}

export function renderDiffMarkdown(diff: CostDiff): string {
  const { totals } = diff;
  const lines: string[] = [DIFF_COMMENT_MARKER, '## Prompt cost change', ''];
  const arrow = totals.costPerMonthUsd.delta === null ? '' : totals.costPerMonthUsd.delta > 0 ? '📈 ' : totals.costPerMonthUsd.delta < 0 ? '📉 ' : '';
  lines.push(`${arrow}Expected cost per month: **${usd(totals.costPerMonthUsd.base)} → ${usd(totals.costPerMonthUsd.head)}** (${signedUsd(totals.costPerMonthUsd.delta)}, ${percentText(totals.costPerMonthUsd.percent)})`);
  if (totals.worstCasePerMonthUsd) lines.push('', `Worst case per month (every reply at its cap or the model maximum): ${usd(totals.worstCasePerMonthUsd.base)} → ${usd(totals.worstCasePerMonthUsd.head)} (${signedUsd(totals.worstCasePerMonthUsd.delta)})`);
  lines.push('', `Sites: ${totals.sites.added} added, ${totals.sites.removed} removed, ${totals.sites.changed} changed, ${totals.sites.unchanged} unchanged (${totals.sites.moved} moved); static prompt tokens ${signedTokens(totals.tokens.delta)}.`, '');
  const testLine = diff.testPaths?.head ? testPathsLine(diff.testPaths.head) : null;
  if (testLine) lines.push(`Head: ${testLine}`, '');
  if (diff.budget.exceeded) {
    lines.push('**Diff budget exceeded:**', '');
    for (const reason of diff.budget.reasons) lines.push(`- ${markdownCell(reason)}`);
    lines.push('');
  }
  if (diff.sites.length > 0) {
    const worst = totals.worstCasePerMonthUsd !== undefined;
    lines.push(`| Site | Change | Model | Tokens | Per call | Per month |${worst ? ' Worst case / month |' : ''}`, `|---|---|---|---:|---:|---:|${worst ? '---:|' : ''}`);
    for (const site of diff.sites) {
      const model = site.model.base === site.model.head ? site.model.head ?? 'unknown' : `${site.model.base ?? '—'} → ${site.model.head ?? '—'}`;
      lines.push(`| ${markdownCell(where(site))} | ${site.change} | ${markdownCell(model)} | ${signedTokens(site.tokens.delta)} | ${signedUsd(site.costPerCallUsd.delta)} | ${signedUsd(site.costPerMonthUsd.delta)} |${worst ? ` ${site.worstCasePerMonthUsd ? signedUsd(site.worstCasePerMonthUsd.delta) : '—'} |` : ''}`);
    }
    lines.push('');
  }
  const findingRows = (title: string, findings: CostDiff['newFindings']) => {
    if (findings.length === 0) return;
    lines.push(`**${title}**`, '', '| File | Line | Severity | Rule | Message |', '|---|---:|---|---|---|');
    for (const finding of findings) lines.push(`| ${markdownCell(finding.file)} | ${finding.line} | ${finding.severity} | ${finding.rule} | ${markdownCell(finding.message)} |`);
    lines.push('');
  };
  findingRows(`New findings (${diff.newFindings.length})`, diff.newFindings);
  findingRows(`Fixed findings (${diff.fixedFindings.length})`, diff.fixedFindings);
  lines.push(`<sub>${markdownCell(diff.base.ref)} \`${shortCommit(diff.base.commit)}\` → ${markdownCell(diff.head.ref)} \`${shortCommit(diff.head.commit)}\` · prompt-cost · catalog as of ${diff.catalog.asOf}</sub>`, '');
  return lines.join('\n');
}
