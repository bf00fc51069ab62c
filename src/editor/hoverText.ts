// Text of the site hover (short: fits without scrolling) and of the site details document behind its "more" link
// (the per-model table, the cache layout). Markdown; repository text escaped with the Markdown escaper. No vscode.
import { CommandId } from './commandIds';
import { catalogInfo, describePriceData } from '../core/report/model';
import { formatTokens, formatUsd } from '../core/pricing/cost';
import { comparisonModels, costUnderModel } from './modelComparison';
import type { AuditedSite } from '../core/audit';
import type { AuditConfig } from '../core/config';
import type { Catalog } from '../core/pricing/types';
import { describeSegmentBar, formatCacheLensState, renderSegmentBar, type OffsetToPosition } from '../core/cache/render';
import { conversationLabel, latencyLabel, loopLabel, modelWithSource, outputLabel, promptSourcesLabel, reasoningLabel } from './siteText';
import { markdownCodeSpan, markdownLinkDestination, markdownText } from '../core/report/escape';

/** The command behind the hover's "more" link; the only command the hover's Markdown may run. */
export const SHOW_SITE_DETAILS_COMMAND = CommandId.ShowSiteDetails;

/** API names and provider ids come from user code: the Markdown escaper, every marker character escaped. */
const md = (text: string) => markdownText(text, 'every-marker');

/** `short value`, `placeholders: context`, `assumedPlaceholderTokens`: where an assumed size comes from. */
function placeholderSource(size: { source: string; reason?: string }): string {
  if (size.source === 'config') return `placeholders: ${size.reason ?? ''}`;
  if (size.source === 'meaning') return size.reason ?? 'by meaning';
  return 'assumedPlaceholderTokens';
}

/**
 * The site's full cost details (the read-only document behind the hover's link): the cost table for every compared
 * model, the cache layout with its bar (after the bar's text alternative), TTL advice, price tiers and the catalog.
 */
export function renderSiteDetails(audited: AuditedSite, config: AuditConfig, catalog: Catalog, positions?: OffsetToPosition): string {
  const lines = siteHead(audited, positions, 'Prompt Cost details');
  const { site } = audited;
  const cap = site.maxOutputTokens;
  const volume = audited.callsPerMonth;
  lines.push(`| Model | Input | Output | Per call | Per 1,000 | ${volume === null ? 'Per month' : `Per month (${formatTokens(volume)})`} | ${volume === null ? 'Worst case / call' : 'Worst case / month'} | Cached | Batch |`);
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const clamped: string[] = [];
  for (const model of comparisonModels(audited, config, catalog)) {
    const row = costUnderModel(audited, model, catalog, config);
    const isSiteModel = model === site.model;
    const cachedPerCall = isSiteModel && audited.cache?.costPerCallCachedUsd != null ? formatUsd(audited.cache.costPerCallCachedUsd) : '—';
    const worst = volume === null ? row.cost.worstCasePerCallUsd : row.cost.worstCasePerMonthUsd;
    if (row.cost.capAboveModelMax && row.cost.entry) clamped.push(`${md(model)} (${formatTokens(row.cost.entry.maxOutputTokens)})`);
    lines.push(`| ${isSiteModel ? '**' : ''}${md(model)}${isSiteModel ? '**' : ''}${row.cost.entry ? (row.cost.entry.local ? ' (local: $0 API cost)' : '') : ' (unpriced)'} | ${row.tokens.exact ? '' : '~'}${formatTokens(row.cost.inputTokens)} | ${formatTokens(row.cost.outputTokens)} | ${formatUsd(row.cost.perCallUsd)} | ${formatUsd(row.cost.per1kCallsUsd)} | ${row.cost.perMonthUsd === null ? '—' : formatUsd(row.cost.perMonthUsd)} | ${worst === null ? '—' : formatUsd(worst)} | ${cachedPerCall} | ${row.cost.batchPerCallUsd === null ? '—' : formatUsd(row.cost.batchPerCallUsd)} |`);
  }
  lines.push('');
  if (clamped.length > 0 && typeof cap === 'number') {
    lines.push(`The cap ${formatTokens(cap)} exceeds the maximum output of ${clamped.join(', ')}: each model's output is clamped to its own maximum.`);
    lines.push('');
  }
  const cache = audited.cache;
  if (cache?.prefixEnd) {
    // The layout is shown whether or not the break costs money today: prompts grow past the provider minimum.
    const line = positions ? ` at line ${positions.positionAt(cache.prefixEnd.offset).line + 1}` : '';
    lines.push(`Static prefix: **${formatTokens(cache.staticPrefixTokens)}** tokens in send order, ending before ${md(cache.prefixEnd.placeholder.slice(0, 60))}${line}${cache.minimumTokens > 0 ? ` (provider minimum ${formatTokens(cache.minimumTokens)})` : ''}`);
    lines.push('');
  }
  if (cache && cache.mechanism !== 'unknown') {
    // The lens state starts with "cache: "; after the "Cache (…):" heading that would read twice.
    lines.push(`Cache (${md(cache.provider)}, ${cache.mechanism}): ${md(formatCacheLensState(cache, positions).replace(/^cache: /, ''))}${cache.monthlySavingIfReorderedUsd ? ` · moving dynamic text last saves **${formatUsd(cache.monthlySavingIfReorderedUsd)}/month**` : ''}`);
    lines.push('');
    // The words first: a screen reader reads the bar's block characters one by one.
    lines.push(md(describeSegmentBar(cache)));
    lines.push('');
    lines.push('The same as a bar (█ static, ░ dynamic):');
    lines.push('');
    lines.push('```text', renderSegmentBar(cache, 48), '```');
    lines.push('');
    const advice = cache.ttlAdvice;
    if (advice) {
      const rate = (perHour: number) => (perHour >= 10 ? formatTokens(Math.round(perHour)) : perHour.toFixed(2));
      lines.push(`Cache TTL: **${advice.cheaperTtl}** is cheaper at ${rate(advice.callsPerHour)} calls/hour (${advice.longTtl} pays off above ${rate(advice.breakEvenCallsPerHour)} calls/hour), ${formatUsd(advice.monthlySavingUsd)}/month less on the ${formatTokens(advice.prefixTokens)}-token prefix; configured: ${advice.configuredTtl}`);
      lines.push('');
    }
  }
  const latency = latencyLabel(audited);
  if (latency) lines.push(`Latency: ${md(latency)}`, '');
  if (audited.priceTiers?.length) lines.push(`Priced at: ${md(audited.priceTiers.join('; '))}.`, '');
  lines.push(`_Catalog as of ${catalog.asOf}. Per call, per month, cached and batch are expected costs; worst case = every reply at min(cap, that model's maximum output). Cached = at a ${Math.round(config.cache.hitRate * 100)}% cache hit rate. Counts marked ~ are estimates._`);
  for (const line of describePriceData(catalogInfo(catalog, config))) lines.push('', `_${md(line)}_`);
  return lines.join('\n');
}

/** A command link's target: arguments as JSON, percent-encoded so that `(`, `)` and spaces cannot end the link. */
export function commandLink(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args)).replace(/\(/g, '%28').replace(/\)/g, '%29')}`;
}

/** The URI (as text) of a workspace file at a line, for go-to-source links; undefined when the file has none. */
export type SourceLinker = (file: string, line: number) => string | undefined;

/** `[config.py:12](file:///…/config.py#L12)`, or the escaped `config.py:12` when there is no safe link target. */
function sourceLink(source: { file: string; line: number }, linkTo: SourceLinker | undefined): string {
  const label = md(`${source.file}:${source.line}`);
  const target = linkTo?.(source.file, source.line);
  const destination = target ? markdownLinkDestination(target) : null;
  return destination ? `[${label}](${destination})` : label;
}

/** Shared head of hover and details: what the site is, where its model and text come from, input and output. */
function siteHead(audited: AuditedSite, positions: OffsetToPosition | undefined, title: string, linkTo?: SourceLinker): string[] {
  const lines: string[] = [];
  const { site, tokens } = audited;
  const kind = site.kind === 'call' ? `${md(site.api ?? 'LLM call')}` : site.kind === 'prompt' ? 'prompt string' : `${md(site.api ?? 'prompt file')}`;
  lines.push(`**${title}** — ${kind}${site.model ? ` · model ${markdownCodeSpan(site.model)}` : site.modelExpression ? ` · model from ${markdownCodeSpan(site.modelExpression.slice(0, 60))}` : ' · no model named'}`, '');
  if (audited.modelSource !== 'literal') {
    // Where it is written in another file links to that line (go to source).
    const from = audited.site.modelFrom && audited.modelId !== null && linkTo ? ` — ${sourceLink(audited.site.modelFrom, linkTo)}` : '';
    lines.push(`model: ${md(modelWithSource(audited, !from))}${from}`, '');
  }
  const promptSources = audited.site.promptSources ?? [];
  if (promptSources.length > 0 && linkTo) {
    const shown = promptSources.slice(0, 4).map((source) => sourceLink(source, linkTo));
    lines.push(`prompt text from ${shown.join(', ')}${promptSources.length > shown.length ? ` and ${promptSources.length - shown.length} more` : ''}`, '');
  } else {
    const sources = promptSourcesLabel(audited);
    if (sources) lines.push(md(sources), '');
  }
  const sentBy = audited.site.sentBy ?? [];
  if (sentBy.length > 0) {
    // A prompt file that calls send: priced as the first sends it; its tokens count at those calls.
    const shown = sentBy.slice(0, 4).map((sender) => sourceLink(sender, linkTo));
    lines.push(`sent by ${shown.join(', ')}${sentBy.length > shown.length ? ` and ${sentBy.length - shown.length} more` : ''} (its tokens count at ${sentBy.length === 1 ? 'that call' : 'those calls'})`, '');
  }
  lines.push(`Input: **${tokens.exact ? '' : '~'}${formatTokens(tokens.static)}** static tokens (${tokens.exact ? 'exact' : `estimate${tokens.errorBand ? `, ±${Math.round(tokens.errorBand * 100)}%` : ''}`}, ${tokens.tokenizer})` +
    ` + ${formatTokens(tokens.framing)} framing` + tokens.placeholders.map((p) => ` + ${md(p.raw.slice(0, 60))} ≈${formatTokens(p.tokens)}${p.occurrences > 1 ? ` ×${p.occurrences}` : ''} assumed (${md(placeholderSource(p))}${p.joins ? `; repeated: joins ${md(p.joins)}` : ''})`).join(''), '');
  lines.push(`Output: ${md(outputLabel(audited.cost, site.maxOutputTokens, audited.modelEntry?.id ?? audited.modelId ?? 'the model'))}`, '');
  const reasoning = reasoningLabel(audited.cost);
  if (reasoning) lines.push(`Reasoning: ${md(reasoning)}`, '');
  const loop = loopLabel(audited, positions);
  if (loop) lines.push(`Loop: ${md(loop)}`, '');
  const conversation = conversationLabel(audited);
  if (conversation) lines.push(`Conversation: ${md(conversation)}`, '');
  return lines;
}

/**
 * The hover: short enough to read without scrolling. The site's own expected cost (the lens's figures, same
 * formatting), its worst case, the cache state in words, and a link to the details (every model, the cache bar).
 */
export function renderSiteHover(audited: AuditedSite, config: AuditConfig, catalog: Catalog, positions?: OffsetToPosition, detailsLink?: string, linkTo?: SourceLinker): string {
  const lines = siteHead(audited, positions, 'Prompt Cost', linkTo);
  const { cost } = audited;
  const volume = audited.callsPerMonth;
  if (cost.perCallUsd === null) lines.push(`Expected: unpriced (${md(audited.modelId ?? 'no model')} is not in the catalog)`, '');
  else if (audited.modelEntry?.local) lines.push(`Expected: **$0 API cost** (${md(audited.modelId ?? 'the model')} runs locally through ${md(audited.modelEntry.provider)}: no per-token price; hardware and time not counted)`, '');
  else {
    const month = cost.perMonthUsd === null ? '' : ` · **${formatUsd(cost.perMonthUsd)}/month** at ${formatTokens(volume ?? 0)} calls`;
    const worstMonth = cost.worstCasePerMonthUsd === null ? '' : `, ${formatUsd(cost.worstCasePerMonthUsd)}/month`;
    const worst = cost.worstCasePerCallUsd === null ? '' : ` · worst case ${formatUsd(cost.worstCasePerCallUsd)}/call${worstMonth}`;
    lines.push(`Expected: **${formatUsd(cost.perCallUsd)}/call**${month}${worst} (${md(audited.modelEntry?.id ?? audited.modelId ?? 'the model')})`, '');
  }
  const cache = audited.cache;
  if (cache && cache.mechanism !== 'unknown') {
    const prefix = cache.prefixEnd ? ` · static prefix ${formatTokens(cache.staticPrefixTokens)} tokens, ends before ${md(cache.prefixEnd.placeholder.slice(0, 60))}${positions ? ` at line ${positions.positionAt(cache.prefixEnd.offset).line + 1}` : ''}` : '';
    const saving = cache.monthlySavingIfReorderedUsd ? ` · moving dynamic text last saves **${formatUsd(cache.monthlySavingIfReorderedUsd)}/month**` : '';
    lines.push(`Cache (${md(cache.provider)}, ${cache.mechanism}): ${md(formatCacheLensState(cache, positions).replace(/^cache: /, ''))}${prefix}${saving}`, '');
  }
  // Beside the cost, after it: how long the expected reply takes at the model's typical speed.
  // VS Code caps a hover at about 250 px: one line each, the speed's source and the cost notes in the details.
  const latency = latencyLabel(audited, false);
  if (latency) lines.push(`Latency: ${md(latency)}`, '');
  const models = comparisonModels(audited, config, catalog).length;
  const catalogNote = `_catalog as of ${catalog.asOf}; ~ = estimate_`;
  lines.push(detailsLink ? `[Cost by model (${models}), cache layout and price notes](${detailsLink}) · ${catalogNote}` : catalogNote);
  const info = catalogInfo(catalog, config);
  // A stale-price warning stays in the hover: it changes how every figure above should be read.
  for (const line of describePriceData(info).slice(1)) lines.push('', `_${md(line)}_`);
  return lines.join('\n');
}
