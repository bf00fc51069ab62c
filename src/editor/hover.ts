// Hover on a site: cost per model (per call, per 1,000 calls, per month, with caching and batch), exact or estimated.
import * as vscode from 'vscode';
import { catalogInfo, describePriceData } from '../core/report/model';
import type { AuditService } from './auditService';
import { formatTokens, formatUsd } from '../core/pricing/cost';
import { comparisonModels, costUnderModel } from './modelComparison';
import type { AuditedSite } from '../core/audit';
import type { AuditConfig } from '../core/config';
import type { Catalog } from '../core/pricing/types';
import { formatCacheLensState, renderSegmentBar, type OffsetToPosition } from '../core/cache/render';
import { conversationLabel, loopLabel, modelWithSource, outputLabel, promptSourcesLabel, reasoningLabel } from './siteText';
import { markdownCodeSpan, markdownText } from '../core/report/escape';

/** API names and provider ids come from user code: the Markdown escaper, every marker character escaped. */
const md = (text: string) => markdownText(text, 'every-marker');

/** `short value`, `placeholders: context`, `assumedPlaceholderTokens`: where an assumed size comes from. */
function placeholderSource(size: { source: string; reason?: string }): string {
  if (size.source === 'config') return `placeholders: ${size.reason ?? ''}`;
  if (size.source === 'meaning') return size.reason ?? 'by meaning';
  return 'assumedPlaceholderTokens';
}

export function renderSiteHover(audited: AuditedSite, config: AuditConfig, catalog: Catalog, positions?: OffsetToPosition): string {
  const lines: string[] = [];
  const { site, tokens } = audited;
  const kind = site.kind === 'call' ? `${md(site.api ?? 'LLM call')}` : site.kind === 'prompt' ? 'prompt string' : `${md(site.api ?? 'prompt file')}`;
  lines.push(`**Prompt Cost** — ${kind}${site.model ? ` · model ${markdownCodeSpan(site.model)}` : site.modelExpression ? ` · model from ${markdownCodeSpan(site.modelExpression.slice(0, 60))}` : ' · no model named'}`);
  lines.push('');
  // Where the priced model came from, when it is not a literal in the call (a reader's default, a provider default).
  if (audited.modelSource !== 'literal') {
    lines.push(`model: ${md(modelWithSource(audited))}`);
    lines.push('');
  }
  const sources = promptSourcesLabel(audited);
  if (sources) {
    lines.push(md(sources));
    lines.push('');
  }
  lines.push(`Input: **${tokens.exact ? '' : '~'}${formatTokens(tokens.static)}** static tokens (${tokens.exact ? 'exact' : `estimate${tokens.errorBand ? `, ±${Math.round(tokens.errorBand * 100)}%` : ''}`}, ${tokens.tokenizer})` +
    ` + ${formatTokens(tokens.framing)} framing` + tokens.placeholders.map((p) => ` + ${md(p.raw.slice(0, 60))} ≈${formatTokens(p.tokens)}${p.occurrences > 1 ? ` ×${p.occurrences}` : ''} assumed (${md(placeholderSource(p))})`).join(''));
  // A blank line between them: Markdown would otherwise run Input and Output into one paragraph.
  lines.push('');
  const cap = site.maxOutputTokens;
  lines.push(`Output: ${md(outputLabel(audited.cost, cap, audited.modelEntry?.id ?? audited.modelId ?? 'the model'))}`);
  lines.push('');
  const reasoning = reasoningLabel(audited.cost);
  if (reasoning) lines.push(`Reasoning: ${md(reasoning)}`, '');
  const loop = loopLabel(audited, positions);
  if (loop) lines.push(`Loop: ${md(loop)}`, '');
  const conversation = conversationLabel(audited);
  if (conversation) lines.push(`Conversation: ${md(conversation)}`, '');
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
    lines.push(`| ${isSiteModel ? '**' : ''}${md(model)}${isSiteModel ? '**' : ''}${row.cost.entry ? '' : ' (unpriced)'} | ${row.tokens.exact ? '' : '~'}${formatTokens(row.cost.inputTokens)} | ${formatTokens(row.cost.outputTokens)} | ${formatUsd(row.cost.perCallUsd)} | ${formatUsd(row.cost.per1kCallsUsd)} | ${row.cost.perMonthUsd === null ? '—' : formatUsd(row.cost.perMonthUsd)} | ${worst === null ? '—' : formatUsd(worst)} | ${cachedPerCall} | ${row.cost.batchPerCallUsd === null ? '—' : formatUsd(row.cost.batchPerCallUsd)} |`);
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
    lines.push('```text', renderSegmentBar(cache, 48), '```');
    lines.push('');
    const advice = cache.ttlAdvice;
    if (advice) {
      const rate = (perHour: number) => (perHour >= 10 ? formatTokens(Math.round(perHour)) : perHour.toFixed(2));
      lines.push(`Cache TTL: **${advice.cheaperTtl}** is cheaper at ${rate(advice.callsPerHour)} calls/hour (${advice.longTtl} pays off above ${rate(advice.breakEvenCallsPerHour)} calls/hour), ${formatUsd(advice.monthlySavingUsd)}/month less on the ${formatTokens(advice.prefixTokens)}-token prefix; configured: ${advice.configuredTtl}`);
      lines.push('');
    }
  }
  if (audited.priceTiers?.length) lines.push(`Priced at: ${md(audited.priceTiers.join('; '))}.`, '');
  lines.push(`_Catalog as of ${catalog.asOf}. Per call, per month, cached and batch are expected costs; worst case = every reply at min(cap, that model's maximum output). Cached = at a ${Math.round(config.cache.hitRate * 100)}% cache hit rate. Counts marked ~ are estimates._`);
  for (const line of describePriceData(catalogInfo(catalog, config))) lines.push('', `_${md(line)}_`);
  return lines.join('\n');
}

export function register(service: AuditService, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ pattern: '**/*' }, {
    async provideHover(document, position, token) {
      if (!service.isAuditable(document)) return undefined;
      try {
        const audit = await service.auditTextDocument(document);
        if (!audit || token.isCancellationRequested) return undefined;
        const offset = document.offsetAt(position);
        // Innermost site containing the cursor (a prompt string inside a call's options resolves to the call).
        const audited = audit.sites
          .filter((s) => s.site.span.start <= offset && offset <= s.site.span.end)
          .sort((a, b) => a.site.span.end - a.site.span.start - (b.site.span.end - b.site.span.start))[0];
        if (!audited) return undefined;
        const { context } = await service.session();
        const markdown = new vscode.MarkdownString(renderSiteHover(audited, context.config, context.catalog, audit.lineIndex));
        markdown.supportHtml = false;
        markdown.isTrusted = false;
        const anchor = audited.site.anchor;
        return new vscode.Hover(markdown, new vscode.Range(document.positionAt(anchor.start), document.positionAt(anchor.end)));
      } catch (error) {
        log.error(`hover failed: ${(error as Error).stack ?? error}`);
        return undefined;
      }
    },
  });
}
