// What every token counter returns: a number that says whether it is exact, and how far off it can be.

/** Encodings counted exactly, and the estimator families. */
export type TokenizerId =
  | 'o200k_base'
  | 'cl100k_base'
  | 'o200k_harmony'
  | 'anthropic-estimate'
  | 'gemini-estimate'
  | 'openai-estimate'
  | 'generic-estimate';

export interface TokenCount {
  tokens: number;
  exact: boolean;
  tokenizer: TokenizerId;
  /** For estimates: relative error band, e.g. 0.3 means the true count may be up to 30% off. */
  errorBand?: number;
}

export interface TokenCounter {
  readonly id: TokenizerId;
  readonly exact: boolean;
  /** Tokens of `text` as plain text: special-token strings such as `<|endoftext|>` count as ordinary text. */
  count(text: string): TokenCount;
}

/** What a tokenizer id means, for labels, hovers and reports. */
export interface TokenizerDescription {
  exact: boolean;
  label: string;
  /** For estimates: relative error band at the default ratio. */
  errorBand?: number;
  /** Where the vocabulary or the ratio comes from. */
  source: string;
  /** When that source was last checked (YYYY-MM-DD). */
  asOf: string;
}
