// Short texts about a site shared by the CodeLens, hover and status bar.
import type { AuditedSite } from '../core/audit';
import { formatTokens, formatUsd } from '../core/pricing/cost';

export function tokensLabel(audited: AuditedSite): string {
  const { tokens } = audited;
  const staticText = `${tokens.exact ? '' : '~'}${formatTokens(tokens.static)} tokens`;
  const placeholders = audited.site.messages.reduce((n, m) => n + m.segments.filter((s) => s.kind === 'dynamic' && !s.control).length, 0);
  return placeholders > 0 ? `${staticText} + ${placeholders} placeholder${placeholders === 1 ? '' : 's'}` : staticText;
}

export function modelLabel(audited: AuditedSite): string {
  if (audited.modelId === null) return 'no model';
  if (!audited.modelEntry) return `${audited.modelId} (unpriced)`;
  return audited.modelIsDefault ? `${audited.modelId} (default)` : audited.modelId;
}

export function capLabel(audited: AuditedSite): string | undefined {
  const cap = audited.site.maxOutputTokens;
  if (audited.site.kind === 'prompt' || audited.site.details?.capSupported === false) return undefined;
  if (cap === null) return 'no cap';
  if (cap === 'non-literal') return 'cap: variable';
  return `cap ${formatTokens(cap)}`;
}

/** `1,240 tokens · $0.0031/call · gpt-4o` */
export function siteLensTitle(audited: AuditedSite): string {
  const parts = [tokensLabel(audited)];
  parts.push(audited.cost.perCallUsd === null ? 'unpriced' : `${formatUsd(audited.cost.perCallUsd)}/call`);
  parts.push(modelLabel(audited));
  const cap = capLabel(audited);
  if (cap) parts.push(cap);
  return parts.join(' · ');
}
