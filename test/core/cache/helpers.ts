// Hand-built models, sites and a word-count tokenizer, so the cache tests' numbers can be worked out by hand.
import type { AuditedSite } from '../../../src/core/audit';
import { DEFAULT_CONFIG, type AuditConfig } from '../../../src/core/config';
import { estimateCost } from '../../../src/core/pricing/cost';
import type { ModelCaching, ModelEntry, ModelPrices } from '../../../src/core/pricing/types';
import { chatFramingTokens } from '../../../src/core/tokenizing/framing';
import type { TokenCount } from '../../../src/core/tokenizing/types';
import type { PromptMessage, PromptSegment, PromptSite } from '../../../src/core/types';

/** One token per whitespace-separated word: `words(3)` is 3 tokens. */
export function countWords(text: string): TokenCount {
  return { tokens: (text.match(/\S+/g) ?? []).length, exact: true, tokenizer: 'o200k_base' };
}

export function words(count: number): string {
  return Array.from({ length: count }, (_, index) => `w${index}`).join(' ');
}

export function model(id: string, provider: string, prices: ModelPrices, caching: ModelCaching): ModelEntry {
  return {
    id, provider, displayName: id, aliases: [], tokenizer: 'o200k_base', prices, contextWindow: 200000, maxOutputTokens: 64000, caching,
    source: 'test: documented prices', asOf: '2026-07-24',
  };
}

// Prices per million tokens as the providers document them (PROVIDERS.md §1; LiteLLM 2026-07-24 agrees).
export const GPT_4O = model('gpt-4o', 'openai', { input: 2.5, output: 10, cachedInput: 1.25 }, { mechanism: 'automatic', minimumTokens: 1024, incrementTokens: 128 });
export const GPT_5_6 = model('gpt-5.6', 'openai', { input: 5, output: 30, cachedInput: 0.5, cacheWrite5m: 6.25 }, { mechanism: 'automatic', minimumTokens: 1024, maxBreakpoints: 4 });
const ANTHROPIC_CACHING = { mechanism: 'explicit', maxBreakpoints: 4, lookbackBlocks: 20 } as const;
export const CLAUDE_SONNET_4_5 = model('claude-sonnet-4-5', 'anthropic', { input: 3, output: 15, cachedInput: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 }, { ...ANTHROPIC_CACHING, minimumTokens: 1024 });
export const CLAUDE_OPUS_5 = model('claude-opus-5', 'anthropic', { input: 5, output: 25, cachedInput: 0.5, cacheWrite5m: 6.25, cacheWrite1h: 10 }, { ...ANTHROPIC_CACHING, minimumTokens: 512 });
export const CLAUDE_OPUS_4_7 = model('claude-opus-4-7', 'anthropic', { input: 5, output: 25, cachedInput: 0.5, cacheWrite5m: 6.25, cacheWrite1h: 10 }, { ...ANTHROPIC_CACHING, minimumTokens: 2048 });
export const CLAUDE_HAIKU_4_5 = model('claude-haiku-4-5', 'anthropic', { input: 1, output: 5, cachedInput: 0.1, cacheWrite5m: 1.25, cacheWrite1h: 2 }, { ...ANTHROPIC_CACHING, minimumTokens: 4096 });
export const GEMINI_2_5_FLASH = model('gemini-2.5-flash', 'google', { input: 0.3, output: 2.5, cachedInput: 0.03 }, { mechanism: 'implicit', minimumTokens: 1024 });
export const GEMINI_2_5_PRO = model('gemini-2.5-pro', 'google', { input: 1.25, output: 10, cachedInput: 0.125 }, { mechanism: 'implicit', minimumTokens: 4096 });
export const NO_CACHE_MODEL = model('llama-3.3-70b', 'groq', { input: 0.59, output: 0.79 }, { mechanism: 'none', minimumTokens: 0 });

export function staticText(text: string, start?: number): PromptSegment {
  return start === undefined ? { kind: 'static', text } : { kind: 'static', text, span: { start, end: start + text.length } };
}

export function placeholder(name: string, raw = `{${name}}`, start?: number): PromptSegment {
  return start === undefined ? { kind: 'dynamic', name, raw } : { kind: 'dynamic', name, raw, span: { start, end: start + raw.length } };
}

export function message(role: string, segments: PromptSegment[], cacheBreakpoint = false): PromptMessage {
  return cacheBreakpoint ? { role, segments, cacheBreakpoint } : { role, segments };
}

export function site(provider: string, api: string, messages: PromptMessage[], overrides: Partial<PromptSite> = {}): PromptSite {
  return {
    kind: 'call', file: 'src/app.py', span: { start: 0, end: 0 }, anchor: { start: 0, end: 0 }, provider, api, model: null,
    maxOutputTokens: 0, messages, ...overrides,
  };
}

export function configWith(overrides: { hitRate?: number; ttl?: '5m' | '1h'; callsPerMonth?: number | null } = {}): AuditConfig {
  return {
    ...DEFAULT_CONFIG,
    callsPerMonth: overrides.callsPerMonth === undefined ? 10000 : overrides.callsPerMonth,
    cache: { hitRate: overrides.hitRate ?? 0.9, ttl: overrides.ttl ?? '5m' },
    // Every placeholder at 50 tokens: these suites are about cache layouts, not sizes by meaning.
    placeholders: [{ glob: '*', tokens: 50 }],
  };
}

/** An audited site as `auditSite` builds it, with the word counter instead of a real tokenizer. */
export function audit(promptSite: PromptSite, entry: ModelEntry | undefined, config: AuditConfig = configWith()): AuditedSite {
  let staticTokens = 0;
  let placeholders = 0;
  const perMessage = promptSite.messages.map((item) => {
    let tokens = 0;
    let run = '';
    for (const segment of item.segments) {
      if (segment.kind === 'static') run += segment.text;
      else {
        tokens += countWords(run).tokens;
        run = '';
        if (!segment.control) placeholders++;
      }
    }
    tokens += countWords(run).tokens;
    staticTokens += tokens;
    return tokens;
  });
  const framing = promptSite.messages.length > 0 ? chatFramingTokens(promptSite.messages.length) : 0;
  const assumedDynamic = placeholders * config.assumedPlaceholderTokens;
  const cost = estimateCost({
    model: entry?.id ?? 'unknown', entry, inputTokens: staticTokens + framing + assumedDynamic, cap: promptSite.maxOutputTokens,
    callsPerMonth: config.callsPerMonth, config,
  });
  return {
    site: promptSite, modelId: entry?.id ?? promptSite.model, modelIsDefault: false, modelSource: 'literal', modelEntry: entry,
    tokens: { static: staticTokens, framing, assumedDynamic, exact: true, tokenizer: 'o200k_base', perMessage, placeholders: [] },
    cost, callsPerMonth: config.callsPerMonth,
  };
}

/** Money compared to a millionth of a dollar: the worked examples are exact to the cent and well beyond. */
export function assertUsd(actual: number | null, expected: number, message?: string): void {
  if (actual === null || Math.abs(actual - expected) > 1e-9) {
    throw new Error(`${message ?? 'USD'}: expected ${expected}, got ${actual}`);
  }
}
