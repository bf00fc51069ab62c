// How each provider positions its small models, in its own words, for model-overkill's message. One row per model;
// a small model without a row is described by its catalog tier only.

export interface Positioning {
  /** The provider's words (or, where marked, a model listing's), quoted in the finding. */
  quote: string;
  /** Who says it and where. */
  source: string;
}

/** Looked up with model ids that may come from the repository's config: a Map, so no prototype member matches. */
export const SMALL_MODEL_POSITIONING = new Map<string, Positioning>(Object.entries({
  'gpt-4o-mini': { quote: 'a fast, affordable small model for focused tasks', source: 'OpenAI model page' },
  'gpt-4.1-nano': { quote: 'ideal for tasks like classification or autocompletion', source: 'OpenAI GPT-4.1 announcement' },
  'gpt-5-nano': { quote: 'great for summarization and classification tasks', source: 'OpenAI model page' },
  'gpt-5.4-nano': { quote: 'designed for low-latency use cases such as classification, data extraction, ranking, and sub-agent execution', source: 'OpenRouter model listing' },
  'claude-haiku-4-5': { quote: 'our fastest model with near-frontier intelligence', source: 'Anthropic models overview' },
  'gemini-3.5-flash-lite': { quote: 'ideal for high-throughput classification, routing, or JSON extraction tasks', source: 'Google Cloud model page' },
}));

/** ` (OpenAI model page: "…")`, or the catalog tier when the table has no row. */
export function positioningOf(modelId: string): string {
  const row = SMALL_MODEL_POSITIONING.get(modelId);
  return row ? `${row.source}: "${row.quote}"` : 'the catalog lists it in the small tier';
}
