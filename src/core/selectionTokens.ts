// Tokens of any text (an editor selection, an untitled buffer) under each configured model: exact for OpenAI
// encodings, a labelled estimate with its error band otherwise. The model list is the config's compareModels.
import { countForModel } from './audit';
import { describeTokenizer, type TokenizerId } from './tokenizing';
import type { Catalog } from './pricing/types';
import { formatTokens } from './pricing/cost';

/** Larger selections are not counted as the selection moves (the command still counts them). */
export const MAX_SELECTION_CHARS_LIVE = 1_000_000;

export interface ModelTokenCount {
  /** The model as configured. */
  model: string;
  /** Its catalog id, or null when the catalog does not know it (then the count is estimated from its name). */
  catalogId: string | null;
  tokens: number;
  exact: boolean;
  tokenizer: TokenizerId;
  tokenizerLabel: string;
  /** For estimates: the relative error band (0.1 = up to 10% off). */
  errorBand?: number;
}

export interface SelectionCount {
  characters: number;
  /** One row per configured model, in the configured order (the first is the default model). */
  counts: ModelTokenCount[];
}

export function countSelection(text: string, models: readonly string[], catalog: Catalog): SelectionCount {
  const seen = new Set<string>();
  const counts: ModelTokenCount[] = [];
  for (const model of models) {
    if (seen.has(model)) continue;
    seen.add(model);
    const entry = catalog.resolve(model);
    const count = countForModel(text, entry, model, entry?.provider ?? null);
    const described = describeTokenizer(count.tokenizer);
    counts.push({
      model,
      catalogId: entry?.id ?? null,
      tokens: count.tokens,
      exact: count.exact,
      tokenizer: count.tokenizer,
      tokenizerLabel: described.label,
      ...(count.errorBand !== undefined ? { errorBand: count.errorBand } : {}),
    });
  }
  return { characters: text.length, counts };
}

/** `1,234` when exact, `~1,234` for an estimate: an estimate never reads as exact. */
export function tokenAmount(count: Pick<ModelTokenCount, 'tokens' | 'exact'>): string {
  return `${count.exact ? '' : '~'}${formatTokens(count.tokens)}`;
}

/** One line per model: `gpt-4o: 1,234 tokens (exact, OpenAI o200k_base)` / `claude-…: ~1,300 tokens (estimate ±10%, …)`. */
export function selectionCountLines(selection: SelectionCount): string[] {
  return selection.counts.map((count) => {
    const how = count.exact ? 'exact' : `estimate${count.errorBand !== undefined ? ` ±${Math.round(count.errorBand * 100)}%` : ''}`;
    const unknown = count.catalogId === null ? '; not in the catalog' : '';
    return `${count.model}: ${tokenAmount(count)} token${count.tokens === 1 && count.exact ? '' : 's'} (${how}, ${count.tokenizerLabel}${unknown})`;
  });
}
