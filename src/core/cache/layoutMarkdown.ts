// The "Simulate Cache Layout" view: one prompt's segments in send order, the cache boundary, and the what-if.
import type { AuditedSite } from '../auditTypes';
import { formatTokens, formatUsd } from '../pricing/cost';
import type { CacheSimulation } from './index';
import { markdownText } from '../report/escape';
import { describeCacheLayout, describeSegmentBar, formatCacheLensState, renderSegmentBar, type OffsetToPosition } from './render';

/** Repository text (file, model, segment labels) goes through the one Markdown escaper. */
const cell = markdownText;

export function renderCacheLayoutMarkdown(audited: AuditedSite, sim: CacheSimulation, lines: OffsetToPosition): string {
  const out: string[] = [];
  const where = `${audited.site.file}:${lines.positionAt(audited.site.anchor.start).line + 1}`;
  out.push(`# Cache layout — ${cell(where)}`, '');
  out.push(`Model: ${cell(audited.modelEntry?.id ?? audited.modelId ?? 'none')} · provider ${cell(sim.provider)} · ${sim.mechanism} caching · minimum ${formatTokens(sim.minimumTokens)} tokens`, '');
  out.push(`**${cell(formatCacheLensState(sim, lines))}**`, '');
  // The bar in words first: a screen reader reads its block characters one by one.
  out.push(cell(describeSegmentBar(sim)), '', 'The same as a bar (█ static, ░ dynamic):', '');
  out.push('```text', renderSegmentBar(sim, 64), '```', '');
  out.push('| # | Role | Segment | Tokens | Running total | Cached |', '|---:|---|---|---:|---:|---|');
  describeCacheLayout(sim).forEach((row, index) => {
    const marks = [row.cached ? 'yes' : 'no', row.breaksPrefix ? '**breaks the prefix**' : '', row.cacheBreakpoint ? 'cache_control' : ''].filter(Boolean).join(' · ');
    out.push(`| ${index + 1} | ${cell(row.role)} | ${cell(row.label)} | ${row.assumed ? '~' : ''}${formatTokens(row.tokens)} | ${formatTokens(row.cumulativeTokens)} | ${marks} |`);
  });
  out.push('');
  out.push('## Cost', '');
  out.push(`- Uncached: ${formatUsd(sim.costPerCallUncachedUsd)}/call${sim.monthlyUncachedUsd !== null ? `, ${formatUsd(sim.monthlyUncachedUsd)}/month` : ''}`);
  out.push(`- With caching as laid out: ${formatUsd(sim.costPerCallCachedUsd)}/call${sim.monthlyCachedUsd !== null ? `, ${formatUsd(sim.monthlyCachedUsd)}/month` : ''}`);
  if (sim.reordered) {
    out.push(`- Moving every dynamic segment after the static text: ${formatTokens(sim.reordered.cacheablePrefixTokens)} tokens cacheable${sim.reordered.monthlyCachedUsd !== null ? `, ${formatUsd(sim.reordered.monthlyCachedUsd)}/month` : ''}${sim.monthlySavingIfReorderedUsd ? ` — saves **${formatUsd(sim.monthlySavingIfReorderedUsd)}/month**` : ''}`);
  }
  out.push('', `_Assumed: ${audited.callsPerMonth === null ? 'no monthly volume' : `${formatTokens(audited.callsPerMonth)} calls/month`}; "~" rows are placeholder values at their assumed size._`, '');
  return out.join('\n');
}
