// Imports LiteLLM's community price map (model_prices_and_context_window.json) as catalog entries.
// Keys differ between LiteLLM versions and entries, so every value is checked; nothing is priced at $0.
import type { ModelEntry, ModelPrices } from './types';
import { bundledCatalog, type CatalogRules } from './catalog';
import { lookupCandidates, tokenizerForModelName } from './names';
import { checkConsistency, describe, describeWithoutText, jsonErrorWithoutText, isIsoDate, isName, isRecord, ProblemSink, type CatalogProblem, type ProblemPath } from './validation';

export interface LiteLLMImportOptions {
  /** Where the JSON came from (a file name or snapshot tag); cited in each entry's `source`. */
  source: string;
  /** Date the prices were current (YYYY-MM-DD). */
  asOf: string;
}

/** Entries left out without being wrong, by reason. */
export interface LiteLLMSkipped {
  /** `sample_spec`, LiteLLM's documentation entry. */
  spec: number;
  /** Embedding, image, audio, rerank, moderation … or no `mode` at all (pricing buckets). */
  notChat: number;
  /** No positive per-token input and output price (priced per character/second, free previews, unknown). */
  noTokenPrices: number;
  /** Neither max_input_tokens nor max_tokens. */
  noContextWindow: number;
}

export interface LiteLLMImport {
  models: ModelEntry[];
  problems: CatalogProblem[];
  skipped: LiteLLMSkipped;
}

/** Modes that send a prompt and get text back; LiteLLM's `responses` is OpenAI's Responses API. */
const GENERATION_MODES = new Set(['chat', 'responses', 'completion']);
/** The real map is about 1 MB; this is far past it and still bounded to parse. */
const MAX_JSON_LENGTH = 64 * 1024 * 1024;
const MAX_TOKENS = 1_000_000_000;
const MAX_PRICE_PER_TOKEN = 0.1;

/** LiteLLM provider names → ours. Unlisted providers keep LiteLLM's name with `_` as `-`. */
const PROVIDER_NAMES: ReadonlyMap<string, string> = new Map([
  ['openai', 'openai'],
  ['text-completion-openai', 'openai'],
  ['azure', 'azure'],
  ['azure_text', 'azure'],
  ['azure_ai', 'azure-ai'],
  ['anthropic', 'anthropic'],
  ['gemini', 'google'],
  ['vertex_ai-language-models', 'google'],
  ['bedrock', 'bedrock'],
  ['bedrock_converse', 'bedrock'],
  ['together_ai', 'together'],
  ['fireworks_ai', 'fireworks'],
  ['codestral', 'mistral'],
  ['text-completion-codestral', 'mistral'],
  ['cohere_chat', 'cohere'],
  ['meta_llama', 'meta'],
]);

/**
 * Parses LiteLLM price-map text into catalog entries (id = the LiteLLM key). Per-token prices become per-million;
 * caching mechanics, token ratios and missing batch discounts come from the bundled catalog's provider rules.
 */
export function importLiteLLM(jsonText: string, options: LiteLLMImportOptions, rules: CatalogRules = bundledCatalog().rules): LiteLLMImport {
  const sink = new ProblemSink(options.source, 200);
  const skipped: LiteLLMSkipped = { spec: 0, notChat: 0, noTokenPrices: 0, noContextWindow: 0 };
  const models: ModelEntry[] = [];
  const done = (): LiteLLMImport => ({ models, problems: sink.finish(), skipped });
  if (typeof jsonText !== 'string') {
    sink.report([], `expected JSON text, found ${describe(jsonText)}`, 'error');
    return done();
  }
  if (jsonText.length > MAX_JSON_LENGTH) {
    sink.report([], `file is ${jsonText.length} characters, more than the ${MAX_JSON_LENGTH} a price map can plausibly be; not read`, 'error');
    return done();
  }
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (error) {
    sink.report([], jsonErrorWithoutText(error), 'error');
    return done();
  }
  if (!isRecord(data)) {
    sink.report([], `expected an object keyed by model name, found ${describeWithoutText(data)}`, 'error');
    return done();
  }
  if (!isIsoDate(options.asOf)) sink.report([], `asOf must be a date written YYYY-MM-DD, found ${describe(options.asOf)}`);

  for (const [key, raw] of Object.entries(data)) {
    const at: ProblemPath = [key];
    if (key === 'sample_spec') {
      skipped.spec++;
      continue;
    }
    if (!isRecord(raw)) {
      sink.report(at, `entry is ${describeWithoutText(raw)}, not an object; skipped`);
      continue;
    }
    if (!isName(key)) {
      sink.report(at, 'model name is empty, multi-line or too long; skipped');
      continue;
    }
    if (typeof raw.mode !== 'string' || !GENERATION_MODES.has(raw.mode)) {
      skipped.notChat++;
      continue;
    }
    const entry = readEntry(key, raw, at, sink, skipped, options, rules);
    if (entry) models.push(entry);
  }
  return done();
}

function readEntry(key: string, raw: Record<string, unknown>, at: ProblemPath, sink: ProblemSink, skipped: LiteLLMSkipped, options: LiteLLMImportOptions, rules: CatalogRules): ModelEntry | undefined {
  let broken = false;
  /** A number ≥ 0, or undefined when absent; a value of another type is reported and makes the entry unusable. */
  const cost = (field: string): number | undefined => {
    const value = raw[field];
    if (value === undefined || value === null) return undefined;
    // At most $0.10 a token ($100,000 per million, the catalog's bound): 1e300 would make every total Infinity.
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_PRICE_PER_TOKEN) {
      sink.report([...at, field], `${field} must be a number from 0 to ${MAX_PRICE_PER_TOKEN} (USD per token), found ${describeWithoutText(value)}; entry skipped`);
      broken = true;
      return undefined;
    }
    return value;
  };
  /** Token limits: a bad one is reported and ignored (the entry may still have another). */
  const limit = (field: string): number | undefined => {
    const value = raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > MAX_TOKENS) {
      sink.report([...at, field], `${field} must be a positive number of tokens, found ${describeWithoutText(value)}; ignored`);
      return undefined;
    }
    return Math.floor(value);
  };

  const input = cost('input_cost_per_token');
  const output = cost('output_cost_per_token');
  const cachedInput = cost('cache_read_input_token_cost') ?? cost('input_cost_per_token_cache_hit');
  const cacheWrite5m = cost('cache_creation_input_token_cost');
  const cacheWrite1h = cost('cache_creation_input_token_cost_above_1hr');
  const batchInput = cost('input_cost_per_token_batches');
  const minimumTokens = limit('prompt_cache_min_tokens');
  if (broken) return undefined;
  // LiteLLM writes 0 for free previews and for prices it does not know; neither is a price to audit with.
  if (!input || !output) {
    skipped.noTokenPrices++;
    return undefined;
  }
  const maxTokens = limit('max_tokens');
  const contextWindow = limit('max_input_tokens') ?? maxTokens;
  if (contextWindow === undefined) {
    skipped.noContextWindow++;
    return undefined;
  }
  const maxOutputTokens = limit('max_output_tokens') ?? maxTokens ?? contextWindow;

  const prices: ModelPrices = { input: perMillion(input), output: perMillion(output) };
  if (cachedInput !== undefined) prices.cachedInput = perMillion(cachedInput);
  if (cacheWrite5m) prices.cacheWrite5m = perMillion(cacheWrite5m);
  if (cacheWrite1h) prices.cacheWrite1h = perMillion(cacheWrite1h);

  const litellmProvider = typeof raw.litellm_provider === 'string' && raw.litellm_provider.trim() ? raw.litellm_provider.trim() : 'unknown';
  const provider = PROVIDER_NAMES.get(litellmProvider) ?? (litellmProvider.startsWith('vertex_ai') ? 'vertex-ai' : litellmProvider.replace(/_/g, '-'));
  const family = familyName(key);
  const cachingRule = rules.cachingRules.find((rule) => rule.pattern.test(family));
  const caching =
    prices.cachedInput === undefined || !cachingRule
      ? { mechanism: 'none' as const, minimumTokens: 0 }
      : { ...cachingRule.caching, ...(minimumTokens !== undefined ? { minimumTokens } : {}) };
  const tokenRatio = rules.tokenRatioRules.find((rule) => rule.pattern.test(family))?.tokenRatio;
  const measuredBatch = batchInput !== undefined && batchInput > 0 && batchInput < input ? Number((1 - batchInput / input).toFixed(4)) : undefined;
  const batchDiscount = measuredBatch ?? (Object.hasOwn(rules.batchDiscounts, provider) ? rules.batchDiscounts[provider] : undefined);

  const entry: ModelEntry = {
    id: key,
    provider,
    displayName: key,
    aliases: [],
    tokenizer: tokenizerForModelName(key),
    ...(tokenRatio !== undefined ? { tokenRatio } : {}),
    prices,
    ...(batchDiscount !== undefined ? { batchDiscount } : {}),
    contextWindow,
    maxOutputTokens,
    caching,
    source: `${options.source}: ${key}`,
    asOf: options.asOf,
  };
  return checkConsistency(entry, at, sink) ? entry : undefined;
}

/** USD per token → USD per million tokens, without binary noise (2.5e-6 → 2.5, not 2.4999999999999996). */
function perMillion(perToken: number): number {
  return Number((perToken * 1e6).toPrecision(12));
}

/** The bare model name the family rules match: no provider path, no Bedrock region or version. */
function familyName(key: string): string {
  const candidates = lookupCandidates(key);
  return candidates.filter((candidate) => !candidate.includes('/')).sort((a, b) => a.length - b.length)[0] ?? candidates[0] ?? key.toLowerCase();
}
