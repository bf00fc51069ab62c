// Field-by-field checks shared by the bundled catalog, user overrides and the LiteLLM import.
// Nothing here throws: every bad value becomes a located CatalogProblem and the value is left out.
import type { Severity } from '../types';
import type { TokenizerId } from '../tokenizing/types';
import type { CacheMechanism, LongContextTier, ModelCaching, ModelEntry, ModelLifecycle, ModelPrices, PriceChange, ServiceTierPrices } from './types';
import { editDistance } from './names';

export type ProblemPath = ReadonlyArray<string | number>;

export interface CatalogProblem {
  file: string;
  /** Readable location, e.g. `models.gpt-4o.prices.input` or `models[3].caching.minimumTokens`. */
  path: string;
  /** The same location as keys and list indexes (ids may contain dots), for `yaml` `document.getIn(pathSegments)`. */
  pathSegments: Array<string | number>;
  message: string;
  severity: Severity;
}

export function formatPath(segments: ProblemPath): string {
  let text = '';
  for (const segment of segments) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text;
}

/** Collects problems for one file; caps the count so a pathological input cannot produce millions. */
export class ProblemSink {
  readonly problems: CatalogProblem[] = [];
  private dropped = 0;

  constructor(
    readonly file: string,
    private readonly limit = 500,
  ) {}

  report(at: ProblemPath, message: string, severity: Severity = 'warning'): void {
    if (this.problems.length >= this.limit) {
      this.dropped++;
      return;
    }
    this.problems.push({ file: this.file, path: formatPath(at), pathSegments: [...at], message, severity });
  }

  /** Problems, with one closing line when some were left out. */
  finish(): CatalogProblem[] {
    if (this.dropped > 0) {
      this.problems.push({ file: this.file, path: '', pathSegments: [], message: `${this.dropped} more problem(s) not listed`, severity: 'warning' });
      this.dropped = 0;
    }
    return this.problems;
  }
}

export const TOKENIZER_IDS: ReadonlySet<TokenizerId> = new Set<TokenizerId>([
  'o200k_base',
  'cl100k_base',
  'o200k_harmony',
  'anthropic-estimate',
  'gemini-estimate',
  'generic-estimate',
  'openai-estimate',
]);
const CACHE_MECHANISMS: ReadonlySet<CacheMechanism> = new Set<CacheMechanism>(['automatic', 'explicit', 'implicit', 'none']);
const TIERS = new Set(['frontier', 'standard', 'small']);
const MAX_NAME_LENGTH = 200;
/** Larger than any real context window, small enough to keep cost arithmetic exact. */
const MAX_TOKENS = 1_000_000_000;
/** USD per million tokens; far above any real price, so a value past it is a unit mistake (per-token vs per-million). */
const MAX_PRICE = 100_000;

export const ENTRY_KEYS = [
  'id', 'provider', 'displayName', 'aliases', 'tokenizer', 'tokenRatio', 'prices', 'batchDiscount',
  'contextWindow', 'maxOutputTokens', 'caching', 'smallSibling', 'tier', 'source', 'asOf',
  'priceChanges', 'longContext', 'serviceTiers', 'lifecycle',
] as const;
const PRICE_KEYS = ['input', 'output', 'cachedInput', 'cacheWrite5m', 'cacheWrite1h', 'cacheWrite30m', 'cacheWrite12h'] as const;
/** Multipliers above this are a unit mistake, not a tier. */
const MAX_MULTIPLIER = 20;
const CACHING_KEYS = ['mechanism', 'minimumTokens', 'incrementTokens', 'maxBreakpoints', 'lookbackBlocks'] as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/**
 * Like `describe`, but never repeats text from the file: for files that are not the user's config (a price map a
 * config names could be any file, e.g. credentials), notes go to CI logs and PR comments.
 */
export function describeWithoutText(value: unknown): string {
  return typeof value === 'string' ? `text of ${value.length} character(s)` : describe(value);
}

/** JSON.parse's message quotes the start of the text (Node 20+): keep only the position. */
export function jsonErrorWithoutText(error: unknown): string {
  const position = /at position (\d+)/.exec(String((error as Error)?.message ?? ''))?.[1];
  return position !== undefined ? `not valid JSON (at character ${position})` : 'not valid JSON';
}

/** YYYY-MM-DD naming a real calendar day. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_NAME_LENGTH && !/[\r\n]/.test(value);
}

export function reportUnknownKeys(record: Record<string, unknown>, known: readonly string[], at: ProblemPath, sink: ProblemSink): void {
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    const suggestion = known.map((candidate) => ({ candidate, distance: editDistance(key.toLowerCase(), candidate.toLowerCase(), 3) })).sort((a, b) => a.distance - b.distance)[0];
    const hint = suggestion && suggestion.distance <= 2 ? ` (did you mean ${suggestion.candidate}?)` : '';
    sink.report([...at, key], `unknown key ${key}${hint}; ignored`);
  }
}

/** The fields of an entry that passed their checks; a field that failed is absent and `valid` is false. */
export interface EntryFields {
  fields: Partial<Omit<ModelEntry, 'prices' | 'caching'>> & { prices?: Partial<ModelPrices>; caching?: Partial<ModelCaching> };
  valid: boolean;
}

export interface FieldRules {
  /** Overrides may price a self-hosted model at 0; the bundled catalog and imports may not. */
  allowZeroPrices: boolean;
}

/** Checks every field present in `raw` (nothing is required here; see `completeEntry`). */
export function readEntryFields(raw: unknown, at: ProblemPath, sink: ProblemSink, rules: FieldRules): EntryFields {
  const fields: EntryFields['fields'] = {};
  let valid = true;
  const fail = (key: ProblemPath, message: string) => {
    sink.report([...at, ...key], message);
    valid = false;
  };
  if (!isRecord(raw)) {
    sink.report(at, `expected a mapping of model fields, found ${describe(raw)}`);
    return { fields, valid: false };
  }
  reportUnknownKeys(raw, ENTRY_KEYS, at, sink);

  for (const key of ['id', 'provider', 'displayName', 'smallSibling', 'source'] as const) {
    if (raw[key] === undefined) continue;
    if (isName(raw[key]) || (key === 'source' && typeof raw[key] === 'string' && (raw[key] as string).trim() !== '')) fields[key] = (raw[key] as string).trim();
    else fail([key], `${key} must be a non-empty single-line text, found ${describe(raw[key])}`);
  }
  if (raw.aliases !== undefined) {
    if (!Array.isArray(raw.aliases)) fail(['aliases'], `aliases must be a list of names, found ${describe(raw.aliases)}`);
    else {
      const aliases: string[] = [];
      raw.aliases.forEach((alias, index) => {
        if (isName(alias)) aliases.push(alias.trim());
        else fail(['aliases', index], `alias must be a non-empty single-line text, found ${describe(alias)}`);
      });
      fields.aliases = aliases;
    }
  }
  if (raw.tokenizer !== undefined) {
    if (typeof raw.tokenizer === 'string' && TOKENIZER_IDS.has(raw.tokenizer as TokenizerId)) fields.tokenizer = raw.tokenizer as TokenizerId;
    else fail(['tokenizer'], `tokenizer must be one of ${[...TOKENIZER_IDS].join(', ')}, found ${describe(raw.tokenizer)}`);
  }
  if (raw.tokenRatio !== undefined) {
    if (typeof raw.tokenRatio === 'number' && raw.tokenRatio > 0 && raw.tokenRatio <= 10) fields.tokenRatio = raw.tokenRatio;
    else fail(['tokenRatio'], `tokenRatio must be a number above 0 and at most 10, found ${describe(raw.tokenRatio)}`);
  }
  if (raw.batchDiscount !== undefined) {
    if (typeof raw.batchDiscount === 'number' && raw.batchDiscount > 0 && raw.batchDiscount < 1) fields.batchDiscount = raw.batchDiscount;
    else fail(['batchDiscount'], `batchDiscount must be a fraction between 0 and 1 (0.5 = half price), found ${describe(raw.batchDiscount)}`);
  }
  for (const key of ['contextWindow', 'maxOutputTokens'] as const) {
    if (raw[key] === undefined) continue;
    if (isTokenCount(raw[key], 1)) fields[key] = raw[key] as number;
    else fail([key], `${key} must be a whole number of tokens from 1 to ${MAX_TOKENS}, found ${describe(raw[key])}`);
  }
  if (raw.tier !== undefined) {
    if (typeof raw.tier === 'string' && TIERS.has(raw.tier)) fields.tier = raw.tier as ModelEntry['tier'];
    else fail(['tier'], `tier must be frontier, standard or small, found ${describe(raw.tier)}`);
  }
  if (raw.asOf !== undefined) {
    if (isIsoDate(raw.asOf)) fields.asOf = raw.asOf;
    else fail(['asOf'], `asOf must be a date written YYYY-MM-DD, found ${describe(raw.asOf)}`);
  }
  if (raw.prices !== undefined) {
    const prices = readPrices(raw.prices, [...at, 'prices'], sink, rules);
    fields.prices = prices.prices;
    valid &&= prices.valid;
  }
  if (raw.caching !== undefined) {
    const caching = readCaching(raw.caching, [...at, 'caching'], sink);
    fields.caching = caching.caching;
    valid &&= caching.valid;
  }
  if (raw.priceChanges !== undefined) {
    const changes = readPriceChanges(raw.priceChanges, [...at, 'priceChanges'], sink, rules);
    if (changes) fields.priceChanges = changes;
    else valid = false;
  }
  if (raw.longContext !== undefined) {
    const long = readLongContext(raw.longContext, [...at, 'longContext'], sink);
    if (long) fields.longContext = long;
    else valid = false;
  }
  if (raw.serviceTiers !== undefined) {
    const tiers = readServiceTiers(raw.serviceTiers, [...at, 'serviceTiers'], sink);
    if (tiers) fields.serviceTiers = tiers;
    else valid = false;
  }
  if (raw.lifecycle !== undefined) {
    const lifecycle = readLifecycle(raw.lifecycle, [...at, 'lifecycle'], sink);
    if (lifecycle) fields.lifecycle = lifecycle;
    else valid = false;
  }
  return { fields, valid };
}

function sourceText(raw: Record<string, unknown>, at: ProblemPath, sink: ProblemSink): string | undefined {
  if (typeof raw.source === 'string' && raw.source.trim()) return raw.source.trim();
  sink.report([...at, 'source'], `source must say where the fact comes from, found ${describe(raw.source)}`);
  return undefined;
}

/** Effective-dated prices, oldest first, each with a source; dates must increase. */
function readPriceChanges(raw: unknown, at: ProblemPath, sink: ProblemSink, rules: FieldRules): PriceChange[] | undefined {
  if (!Array.isArray(raw)) {
    sink.report(at, `priceChanges must be a list of { from, prices, source }, found ${describe(raw)}`);
    return undefined;
  }
  const changes: PriceChange[] = [];
  let ok = true;
  raw.forEach((item, index) => {
    const here: ProblemPath = [...at, index];
    if (!isRecord(item)) {
      sink.report(here, `price change must be a mapping { from, prices, source }, found ${describe(item)}`);
      ok = false;
      return;
    }
    reportUnknownKeys(item, ['from', 'prices', 'source'], here, sink);
    if (!isIsoDate(item.from)) {
      sink.report([...here, 'from'], `from must be a date written YYYY-MM-DD, found ${describe(item.from)}`);
      ok = false;
      return;
    }
    const previous = changes[changes.length - 1];
    if (previous && item.from <= previous.from) {
      sink.report([...here, 'from'], `price changes must be in date order: ${item.from} is not after ${previous.from}`);
      ok = false;
      return;
    }
    const prices = readPrices(item.prices, [...here, 'prices'], sink, rules);
    const source = sourceText(item, here, sink);
    if (!prices.valid || source === undefined || Object.keys(prices.prices).length === 0) {
      if (prices.valid && Object.keys(prices.prices).length === 0) sink.report([...here, 'prices'], 'a price change must set at least one price');
      ok = false;
      return;
    }
    changes.push({ from: item.from, prices: prices.prices, source });
  });
  return ok ? changes : undefined;
}

function readLongContext(raw: unknown, at: ProblemPath, sink: ProblemSink): LongContextTier | undefined {
  if (!isRecord(raw)) {
    sink.report(at, `longContext must be a mapping { aboveInputTokens, inputMultiplier, outputMultiplier, source }, found ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, ['aboveInputTokens', 'inputMultiplier', 'outputMultiplier', 'source'], at, sink);
  let ok = true;
  if (!isTokenCount(raw.aboveInputTokens, 1)) {
    sink.report([...at, 'aboveInputTokens'], `aboveInputTokens must be a whole number of tokens, found ${describe(raw.aboveInputTokens)}`);
    ok = false;
  }
  for (const key of ['inputMultiplier', 'outputMultiplier'] as const) {
    const value = raw[key];
    if (typeof value !== 'number' || !(value >= 1) || value > MAX_MULTIPLIER) {
      sink.report([...at, key], `${key} must be a number from 1 to ${MAX_MULTIPLIER}, found ${describe(value)}`);
      ok = false;
    }
  }
  const source = sourceText(raw, at, sink);
  if (!ok || source === undefined) return undefined;
  return { aboveInputTokens: raw.aboveInputTokens as number, inputMultiplier: raw.inputMultiplier as number, outputMultiplier: raw.outputMultiplier as number, source };
}

function readServiceTiers(raw: unknown, at: ProblemPath, sink: ProblemSink): ServiceTierPrices | undefined {
  if (!isRecord(raw)) {
    sink.report(at, `serviceTiers must be a mapping { flex, priority, source } of multipliers, found ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, ['flex', 'priority', 'source'], at, sink);
  const tiers: Partial<ServiceTierPrices> = {};
  let ok = true;
  for (const key of ['flex', 'priority'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === 'number' && value > 0 && value <= MAX_MULTIPLIER) tiers[key] = value;
    else {
      sink.report([...at, key], `serviceTiers.${key} must be a multiplier above 0 (0.5 = half price), found ${describe(value)}`);
      ok = false;
    }
  }
  const source = sourceText(raw, at, sink);
  if (!ok || source === undefined) return undefined;
  return { ...tiers, source };
}

function readLifecycle(raw: unknown, at: ProblemPath, sink: ProblemSink): ModelLifecycle | undefined {
  if (!isRecord(raw)) {
    sink.report(at, `lifecycle must be a mapping { status, retirementDate, replacement, source }, found ${describe(raw)}`);
    return undefined;
  }
  reportUnknownKeys(raw, ['status', 'retirementDate', 'replacement', 'source'], at, sink);
  let ok = true;
  if (raw.status !== 'deprecated' && raw.status !== 'retired') {
    sink.report([...at, 'status'], `lifecycle.status must be deprecated or retired, found ${describe(raw.status)}`);
    ok = false;
  }
  if (raw.retirementDate !== undefined && !isIsoDate(raw.retirementDate)) {
    sink.report([...at, 'retirementDate'], `retirementDate must be a date written YYYY-MM-DD, found ${describe(raw.retirementDate)}`);
    ok = false;
  }
  if (raw.replacement !== undefined && !isName(raw.replacement)) {
    sink.report([...at, 'replacement'], `replacement must be a model id, found ${describe(raw.replacement)}`);
    ok = false;
  }
  const source = sourceText(raw, at, sink);
  if (!ok || source === undefined) return undefined;
  return {
    status: raw.status as ModelLifecycle['status'],
    ...(raw.retirementDate !== undefined ? { retirementDate: raw.retirementDate as string } : {}),
    ...(raw.replacement !== undefined ? { replacement: (raw.replacement as string).trim() } : {}),
    source,
  };
}

function isTokenCount(value: unknown, minimum: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= MAX_TOKENS;
}

function readPrices(raw: unknown, at: ProblemPath, sink: ProblemSink, rules: FieldRules): { prices: Partial<ModelPrices>; valid: boolean } {
  const prices: Partial<ModelPrices> = {};
  if (!isRecord(raw)) {
    sink.report(at, `prices must be a mapping (input, output, cachedInput, cacheWrite5m, cacheWrite1h in USD per million tokens), found ${describe(raw)}`);
    return { prices, valid: false };
  }
  reportUnknownKeys(raw, PRICE_KEYS, at, sink);
  let valid = true;
  for (const key of PRICE_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    const zeroAllowed = rules.allowZeroPrices || (key !== 'input' && key !== 'output');
    if (typeof value === 'number' && Number.isFinite(value) && (zeroAllowed ? value >= 0 : value > 0) && value <= MAX_PRICE) prices[key] = value;
    else {
      const bound = zeroAllowed ? 'zero or more' : 'above zero';
      sink.report([...at, key], `prices.${key} must be a number ${bound} (USD per million tokens, at most ${MAX_PRICE}), found ${describe(value)}`);
      valid = false;
    }
  }
  return { prices, valid };
}

function readCaching(raw: unknown, at: ProblemPath, sink: ProblemSink): { caching: Partial<ModelCaching>; valid: boolean } {
  const caching: Partial<ModelCaching> = {};
  if (!isRecord(raw)) {
    sink.report(at, `caching must be a mapping (mechanism, minimumTokens, …), found ${describe(raw)}`);
    return { caching, valid: false };
  }
  reportUnknownKeys(raw, CACHING_KEYS, at, sink);
  let valid = true;
  if (raw.mechanism !== undefined) {
    if (typeof raw.mechanism === 'string' && CACHE_MECHANISMS.has(raw.mechanism as CacheMechanism)) caching.mechanism = raw.mechanism as CacheMechanism;
    else {
      sink.report([...at, 'mechanism'], `caching.mechanism must be one of ${[...CACHE_MECHANISMS].join(', ')}, found ${describe(raw.mechanism)}`);
      valid = false;
    }
  }
  for (const key of ['minimumTokens', 'incrementTokens', 'maxBreakpoints', 'lookbackBlocks'] as const) {
    if (raw[key] === undefined) continue;
    const minimum = key === 'minimumTokens' ? 0 : 1;
    if (isTokenCount(raw[key], minimum)) caching[key] = raw[key] as number;
    else {
      sink.report([...at, key], `caching.${key} must be a whole number from ${minimum}, found ${describe(raw[key])}`);
      valid = false;
    }
  }
  return { caching, valid };
}

/** Builds a full entry from checked fields, reporting what is missing or inconsistent; undefined = skip it. */
export function completeEntry(fields: EntryFields['fields'], at: ProblemPath, sink: ProblemSink): ModelEntry | undefined {
  const missing: string[] = [];
  for (const key of ['id', 'provider', 'displayName', 'tokenizer', 'contextWindow', 'maxOutputTokens', 'source', 'asOf'] as const) {
    if (fields[key] === undefined) missing.push(key);
  }
  if (fields.prices?.input === undefined) missing.push('prices.input');
  if (fields.prices?.output === undefined) missing.push('prices.output');
  if (fields.caching?.mechanism === undefined) missing.push('caching.mechanism');
  if (fields.caching?.minimumTokens === undefined) missing.push('caching.minimumTokens');
  if (missing.length > 0) {
    sink.report(at, `model ${fields.id ?? '(no id)'} is missing ${missing.join(', ')}; skipped`);
    return undefined;
  }
  const entry = { ...fields, aliases: fields.aliases ?? [], prices: fields.prices, caching: fields.caching } as ModelEntry;
  return checkConsistency(entry, at, sink) ? entry : undefined;
}

/** Relations between fields that each passed alone. */
export function checkConsistency(entry: ModelEntry, at: ProblemPath, sink: ProblemSink): boolean {
  let consistent = true;
  if (entry.prices.cachedInput !== undefined && entry.prices.cachedInput > entry.prices.input) {
    sink.report([...at, 'prices', 'cachedInput'], `prices.cachedInput (${entry.prices.cachedInput}) is above prices.input (${entry.prices.input}); a cache read is never dearer than a miss`);
    consistent = false;
  }
  for (const change of entry.priceChanges ?? []) {
    const after = { ...entry.prices, ...change.prices };
    if (after.cachedInput !== undefined && after.cachedInput > after.input) {
      sink.report([...at, 'priceChanges'], `from ${change.from} the cached-input price (${after.cachedInput}) would be above the input price (${after.input})`);
      consistent = false;
    }
  }
  if (entry.caching.mechanism !== 'none' && entry.caching.minimumTokens < 1) {
    sink.report([...at, 'caching', 'minimumTokens'], `caching.minimumTokens must be at least 1 when the mechanism is ${entry.caching.mechanism}`);
    consistent = false;
  }
  return consistent;
}
