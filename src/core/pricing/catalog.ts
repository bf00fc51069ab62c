// The bundled model catalog (catalog.yaml): parsed and validated once, then combined with imported models
// and the user's overrides into a Catalog that resolves names as code writes them.
// Parsed from YAML at build time (esbuild.js, `?data`): the first session skips a YAML parse of 88 KB.
import catalogData from './catalog.yaml?data';
import type { Catalog, ModelCaching, ModelEntry } from './types';
import { ModelIndex, normalizeName } from './names';
import { applyAliases, applyOverrides } from './overrides';
import { entryOn, todayUtc } from './tiers';
import {
  completeEntry,
  describe,
  isIsoDate,
  isRecord,
  ProblemSink,
  readEntryFields,
  reportUnknownKeys,
  type CatalogProblem,
  type ProblemPath,
} from './validation';

export type { CatalogProblem } from './validation';
export type { CatalogOverrides, ModelAliases, ModelOverride } from './overrides';

export const BUNDLED_CATALOG_FILE = 'catalog.yaml';

/** Prompt-cache mechanics of a model family; the first rule whose pattern matches the bare model name applies. */
export interface CachingRule {
  pattern: RegExp;
  caching: ModelCaching;
  source: string;
}

export interface TokenRatioRule {
  pattern: RegExp;
  tokenRatio: number;
  source: string;
}

/** How much a model family reasons when a call sets nothing (`none`: it does not; `dynamic`: the model decides). */
export interface ReasoningRule {
  pattern: RegExp;
  defaultEffort: string;
  source: string;
  asOf?: string;
}

/** Reasoning tokens assumed per call by effort, as [low, expected, high]; the share of an explicit budget assumed used. */
export interface ReasoningTokenAssumption {
  efforts: Map<string, readonly [number, number, number]>;
  budgetShare: readonly [number, number, number];
  source: string;
  asOf: string;
}

/** A model's typical output speed (catalog `outputSpeeds`): medians from a cited source, for latency beside cost. */
export interface OutputSpeed {
  model: string;
  tokensPerSecond: number;
  timeToFirstTokenSeconds: number;
  /** The source's first-token time is to the first answer chunk: the model's reasoning is already in it. */
  firstTokenIncludesReasoning: boolean;
  /** The `sources` key, and its text. */
  source: string;
  sourceText: string;
  asOf: string;
}

/** A provider whose SDK talks to a model server the user runs (catalog `localProviders`): no per-token API price. */
export interface LocalProvider {
  provider: string;
  /** The provider's hosted models (e.g. Ollama's `-cloud` names): not local, so they stay unpriced. */
  notLocal?: RegExp;
  source: string;
  /** When the source was consulted, YYYY-MM-DD. */
  asOf: string;
}

/** Everything catalog.yaml holds besides the models: used by the LiteLLM import to fill what LiteLLM lacks. */
export interface CatalogRules {
  asOf: string;
  sources: Record<string, string>;
  /** Batch-API discount by provider (0.5 = half price). */
  batchDiscounts: Record<string, number>;
  cachingRules: CachingRule[];
  tokenRatioRules: TokenRatioRule[];
  reasoningRules: ReasoningRule[];
  reasoningTokens?: ReasoningTokenAssumption;
  /** Output speed by model id (catalog ids, lower-case). */
  outputSpeeds: Map<string, OutputSpeed>;
  /** Local model servers by provider name. */
  localProviders: Map<string, LocalProvider>;
}

export interface ValidatedCatalog {
  models: ModelEntry[];
  problems: CatalogProblem[];
  rules: CatalogRules;
}

const TOP_LEVEL_KEYS = ['asOf', 'sources', 'localProviders', 'batchDiscounts', 'cachingRules', 'tokenRatioRules', 'reasoningRules', 'reasoningTokens', 'outputSpeeds', 'models'];
const EFFORT_NAME = /^[a-z]{1,20}$/;
/** Patterns come from catalog files; a cap keeps a hostile one from being compiled at all. */
const MAX_PATTERN_LENGTH = 200;

/**
 * Checks a parsed catalog document field by field. Bad entries are reported and skipped, duplicate names
 * reported (the first entry keeps the name), unknown `smallSibling` references reported and dropped.
 */
export function validateCatalogData(data: unknown, fileLabel: string): ValidatedCatalog {
  const sink = new ProblemSink(fileLabel);
  // Null-prototype maps: looked up with provider names that come from price files (`constructor`, `__proto__`).
  const rules: CatalogRules = { asOf: '', sources: Object.create(null), batchDiscounts: Object.create(null), cachingRules: [], tokenRatioRules: [], reasoningRules: [], outputSpeeds: new Map(), localProviders: new Map() };
  if (!isRecord(data)) {
    sink.report([], `expected a mapping with asOf, sources and models, found ${describe(data)}`, 'error');
    return { models: [], problems: sink.finish(), rules };
  }
  reportUnknownKeys(data, TOP_LEVEL_KEYS, [], sink);
  if (isIsoDate(data.asOf)) rules.asOf = data.asOf;
  else sink.report(['asOf'], `asOf must be a date written YYYY-MM-DD, found ${describe(data.asOf)}`);
  if (isRecord(data.sources)) {
    for (const [name, text] of Object.entries(data.sources)) {
      if (typeof text === 'string' && text.trim()) rules.sources[name] = text;
      else sink.report(['sources', name], `source ${name} must be a URL or description, found ${describe(text)}`);
    }
  } else sink.report(['sources'], `sources must map short names to URLs or descriptions, found ${describe(data.sources)}`);
  if (data.localProviders !== undefined) rules.localProviders = readLocalProviders(data.localProviders, rules.sources, sink);
  if (data.batchDiscounts !== undefined) {
    if (!isRecord(data.batchDiscounts)) sink.report(['batchDiscounts'], `batchDiscounts must map providers to fractions, found ${describe(data.batchDiscounts)}`);
    else {
      for (const [provider, discount] of Object.entries(data.batchDiscounts)) {
        if (typeof discount === 'number' && discount > 0 && discount < 1) rules.batchDiscounts[provider] = discount;
        else sink.report(['batchDiscounts', provider], `batch discount must be a fraction between 0 and 1, found ${describe(discount)}`);
      }
    }
  }
  rules.cachingRules = readRuleList(data.cachingRules, 'cachingRules', sink, (raw, at) => {
    const { fields, valid } = readEntryFields({ caching: raw.caching }, at, sink, { allowZeroPrices: false });
    const caching = fields.caching;
    if (!valid || caching?.mechanism === undefined || caching.minimumTokens === undefined) {
      sink.report([...at, 'caching'], 'caching needs a valid mechanism and minimumTokens');
      return undefined;
    }
    return { caching: caching as ModelCaching };
  });
  rules.tokenRatioRules = readRuleList(data.tokenRatioRules, 'tokenRatioRules', sink, (raw, at) => {
    const { fields, valid } = readEntryFields({ tokenRatio: raw.tokenRatio }, at, sink, { allowZeroPrices: false });
    return valid && fields.tokenRatio !== undefined ? { tokenRatio: fields.tokenRatio } : undefined;
  });
  rules.reasoningRules = readRuleList(data.reasoningRules, 'reasoningRules', sink, (raw, at) => {
    const reasoning = isRecord(raw.reasoning) ? raw.reasoning : undefined;
    if (typeof reasoning?.defaultEffort !== 'string' || !EFFORT_NAME.test(reasoning.defaultEffort)) {
      sink.report([...at, 'reasoning'], `reasoning needs a defaultEffort (none, dynamic, low, medium, high, …), found ${describe(reasoning?.defaultEffort)}`);
      return undefined;
    }
    return { defaultEffort: reasoning.defaultEffort, ...(isIsoDate(raw.asOf) ? { asOf: raw.asOf } : {}) };
  });
  if (data.reasoningTokens !== undefined) rules.reasoningTokens = readReasoningTokens(data.reasoningTokens, sink);
  if (data.outputSpeeds !== undefined) rules.outputSpeeds = readOutputSpeeds(data.outputSpeeds, rules.sources, sink);

  const models: ModelEntry[] = [];
  if (!Array.isArray(data.models)) {
    sink.report(['models'], `models must be a list of model entries, found ${describe(data.models)}`, 'error');
    return { models, problems: sink.finish(), rules };
  }
  const claimed = new Map<string, string>();
  const positions: number[] = [];
  data.models.forEach((raw, position) => {
    const at: ProblemPath = ['models', position];
    const { fields, valid } = readEntryFields(raw, at, sink, { allowZeroPrices: false });
    const label = fields.id ? `model ${fields.id}` : `models[${position}]`;
    if (!valid) {
      sink.report(at, `${label} has invalid fields; skipped`);
      return;
    }
    const entry = completeEntry(fields, at, sink);
    if (!entry) return;
    if (claimed.get(normalizeName(entry.id)) !== undefined) {
      sink.report([...at, 'id'], `${label}: the name ${entry.id} already belongs to ${claimed.get(normalizeName(entry.id))}; skipped`);
      return;
    }
    const names = [entry.id, ...entry.aliases, entry.displayName];
    const keptAliases: string[] = [];
    for (const name of names) {
      const key = normalizeName(name);
      const owner = claimed.get(key);
      if (owner !== undefined && owner !== entry.id) {
        sink.report([...at, name === entry.displayName ? 'displayName' : 'aliases'], `${label}: the name ${name} already belongs to ${owner}`);
        continue;
      }
      claimed.set(key, entry.id);
      if (name !== entry.id && name !== entry.displayName) keptAliases.push(name);
    }
    models.push({ ...entry, aliases: [...new Set(keptAliases)] });
    positions.push(position);
  });
  const ids = new Set(models.map((model) => model.id));
  for (const [position, model] of models.entries()) {
    if (model.smallSibling !== undefined && !ids.has(model.smallSibling)) {
      sink.report(['models', positions[position], 'smallSibling'], `model ${model.id}: smallSibling ${model.smallSibling} is not a model id in this catalog; ignored`);
      const { smallSibling: _dropped, ...rest } = model;
      models[position] = rest;
    }
    const replacement = models[position].lifecycle?.replacement;
    if (replacement !== undefined && !ids.has(replacement)) {
      sink.report(['models', positions[position], 'lifecycle', 'replacement'], `model ${model.id}: replacement ${replacement} is not a model id in this catalog`);
    }
  }
  // A speed for a name no model has would never be shown: reported, so a renamed model cannot lose its latency silently.
  const known = new Set(models.map((model) => model.id.toLowerCase()));
  for (const speed of rules.outputSpeeds.values()) {
    if (!known.has(speed.model.toLowerCase())) sink.report(['outputSpeeds'], `output speed for ${speed.model}: not a model id in this catalog`);
  }
  return { models, problems: sink.finish(), rules };
}

function readTriple(raw: unknown, valid: (value: number) => boolean): [number, number, number] | undefined {
  if (!Array.isArray(raw) || raw.length !== 3 || !raw.every((value) => typeof value === 'number' && valid(value))) return undefined;
  const [low, expected, high] = raw as number[];
  return low <= expected && expected <= high ? [low, expected, high] : undefined;
}

function readReasoningTokens(raw: unknown, sink: ProblemSink): ReasoningTokenAssumption | undefined {
  if (!isRecord(raw) || !isRecord(raw.efforts) || typeof raw.source !== 'string' || !isIsoDate(raw.asOf)) {
    sink.report(['reasoningTokens'], 'reasoningTokens needs efforts, budgetShare, a source and an asOf date');
    return undefined;
  }
  const efforts = new Map<string, readonly [number, number, number]>();
  for (const [name, value] of Object.entries(raw.efforts)) {
    const triple = readTriple(value, (n) => Number.isSafeInteger(n) && n >= 0);
    if (triple && EFFORT_NAME.test(name)) efforts.set(name, triple);
    else sink.report(['reasoningTokens', 'efforts', name], `an effort's tokens must be [low, expected, high], whole numbers in order, found ${describe(value)}`);
  }
  const budgetShare = readTriple(raw.budgetShare, (n) => n >= 0 && n <= 1);
  if (!budgetShare) {
    sink.report(['reasoningTokens', 'budgetShare'], `budgetShare must be [low, expected, high] fractions of the budget in order, found ${describe(raw.budgetShare)}`);
    return undefined;
  }
  return { efforts, budgetShare, source: raw.source, asOf: raw.asOf };
}

const SPEED_KEYS = ['model', 'tokensPerSecond', 'timeToFirstTokenSeconds', 'firstTokenIncludesReasoning', 'source', 'asOf'];

/** `localProviders`: provider → { source, asOf, notLocal }; the source must cite a `sources` key. Bad ones reported and skipped. */
function readLocalProviders(raw: unknown, sources: Record<string, string>, sink: ProblemSink): Map<string, LocalProvider> {
  const providers = new Map<string, LocalProvider>();
  if (!isRecord(raw)) {
    sink.report(['localProviders'], `localProviders must map provider names to { source, asOf, notLocal }, found ${describe(raw)}`);
    return providers;
  }
  for (const [provider, body] of Object.entries(raw)) {
    const at: ProblemPath = ['localProviders', provider];
    if (!isRecord(body)) {
      sink.report(at, `local provider ${provider} must be a mapping { source, asOf, notLocal }, found ${describe(body)}`);
      continue;
    }
    reportUnknownKeys(body, ['source', 'asOf', 'notLocal'], at, sink);
    if (!isIsoDate(body.asOf)) {
      sink.report([...at, 'asOf'], `local provider ${provider}: asOf must be a date written YYYY-MM-DD, found ${describe(body.asOf)}`);
      continue;
    }
    const tag = typeof body.source === 'string' ? /^([a-z0-9.-]+):/.exec(body.source)?.[1] : undefined;
    if (!tag || !sources[tag]) {
      sink.report([...at, 'source'], `local provider ${provider}: source must start with a key of sources, found ${describe(body.source)}`);
      continue;
    }
    let notLocal: RegExp | undefined;
    if (body.notLocal !== undefined) {
      notLocal = typeof body.notLocal === 'string' && body.notLocal.length <= MAX_PATTERN_LENGTH ? safePattern(body.notLocal) : undefined;
      if (!notLocal) {
        sink.report([...at, 'notLocal'], `local provider ${provider}: notLocal must be a regular expression, found ${describe(body.notLocal)}`);
        continue;
      }
    }
    providers.set(provider, { provider, ...(notLocal ? { notLocal } : {}), source: body.source as string, asOf: body.asOf });
  }
  return providers;
}

function safePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return undefined;
  }
}

/**
 * The entry that prices a model served by a local provider: $0 per token (there is no API price), no limits (the
 * server's defaults and the model decide), counted with the generic estimate. Undefined for other providers and for
 * the provider's hosted models.
 */
export function localModelEntry(providers: ReadonlyMap<string, LocalProvider>, provider: string | null, modelId: string): ModelEntry | undefined {
  const local = provider ? providers.get(provider) : undefined;
  if (!local || local.notLocal?.test(modelId)) return undefined;
  return {
    id: modelId,
    provider: local.provider,
    displayName: `${modelId} (local)`,
    aliases: [],
    tokenizer: 'generic-estimate',
    prices: { input: 0, output: 0 },
    contextWindow: 0,
    maxOutputTokens: 0,
    caching: { mechanism: 'none', minimumTokens: 0 },
    local: { source: local.source },
    source: local.source,
    asOf: local.asOf,
  };
}

/** `outputSpeeds`: one entry per model id, each with positive medians, a `sources` key and a date; bad ones reported and skipped. */
function readOutputSpeeds(raw: unknown, sources: Record<string, string>, sink: ProblemSink): Map<string, OutputSpeed> {
  const speeds = new Map<string, OutputSpeed>();
  if (!Array.isArray(raw)) {
    sink.report(['outputSpeeds'], `outputSpeeds must be a list, found ${describe(raw)}`);
    return speeds;
  }
  raw.forEach((item, position) => {
    const at: ProblemPath = ['outputSpeeds', position];
    if (!isRecord(item)) return sink.report(at, `an output speed must be a mapping, found ${describe(item)}`);
    reportUnknownKeys(item, SPEED_KEYS, at, sink);
    const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 100_000;
    const { model, tokensPerSecond, timeToFirstTokenSeconds, source, asOf } = item;
    if (typeof model !== 'string' || !model || !positive(tokensPerSecond) || !positive(timeToFirstTokenSeconds) || typeof source !== 'string' || !(source in sources) || !isIsoDate(asOf)) {
      return sink.report(at, 'an output speed needs a model, tokensPerSecond and timeToFirstTokenSeconds above 0, a source named in sources and an asOf date; skipped');
    }
    const key = model.toLowerCase();
    if (speeds.has(key)) return sink.report([...at, 'model'], `model ${model} already has an output speed; skipped`);
    speeds.set(key, { model, tokensPerSecond, timeToFirstTokenSeconds, firstTokenIncludesReasoning: item.firstTokenIncludesReasoning === true, source, sourceText: sources[source], asOf });
  });
  return speeds;
}

function readRuleList<T>(raw: unknown, key: string, sink: ProblemSink, readBody: (rule: Record<string, unknown>, at: ProblemPath) => T | undefined): Array<T & { pattern: RegExp; source: string }> {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    sink.report([key], `${key} must be a list, found ${describe(raw)}`);
    return [];
  }
  const rules: Array<T & { pattern: RegExp; source: string }> = [];
  raw.forEach((rule, position) => {
    const at: ProblemPath = [key, position];
    if (!isRecord(rule)) {
      sink.report(at, `rule must be a mapping, found ${describe(rule)}`);
      return;
    }
    let pattern: RegExp | undefined;
    if (typeof rule.models === 'string' && rule.models.length <= MAX_PATTERN_LENGTH) {
      try {
        pattern = new RegExp(rule.models);
      } catch (error) {
        sink.report([...at, 'models'], `models is not a valid regular expression: ${(error as Error).message}`);
        return;
      }
    } else {
      sink.report([...at, 'models'], `models must be a regular expression of at most ${MAX_PATTERN_LENGTH} characters, found ${describe(rule.models)}`);
      return;
    }
    if (typeof rule.source !== 'string' || !rule.source.trim()) {
      sink.report([...at, 'source'], `source must name where the rule comes from, found ${describe(rule.source)}`);
      return;
    }
    const body = readBody(rule, at);
    if (body !== undefined) rules.push({ ...body, pattern, source: rule.source });
  });
  return rules;
}

let bundled: ValidatedCatalog | undefined;

/** The bundled catalog, parsed and validated on first use. Entries are frozen: copy before changing. */
export function bundledCatalog(): ValidatedCatalog {
  if (!bundled) {
    const validated = validateCatalogData(catalogData, BUNDLED_CATALOG_FILE);
    for (const model of validated.models) deepFreeze(model);
    bundled = validated;
  }
  return bundled;
}

export interface LoadCatalogOptions {
  /** Raw `models:` section of `.promptcost.yaml` (validated here). */
  overrides?: unknown;
  /** Raw `aliases:` section of `.promptcost.yaml` (validated here). */
  aliases?: unknown;
  /** Models from elsewhere (a LiteLLM import). They only add names the catalog does not know. */
  extraModels?: readonly ModelEntry[];
  /** Where overrides and aliases came from, for problems. */
  fileLabel?: string;
  /** The day to price for (YYYY-MM-DD): each entry carries the prices in force that day. Default: today (UTC). */
  pricedOn?: string;
  /**
   * A price file the user fetched deliberately (`prices update`): its prices replace the bundled prices of the models
   * it names exactly (keeping tokenizer, limits, caching, tiers and lifecycle), and its other models are added.
   */
  updatedPrices?: { models: readonly ModelEntry[]; source: string; asOf: string };
}

export interface LoadedCatalog {
  catalog: Catalog;
  /** Problems in the overrides and aliases (and in the bundled catalog, which should have none). */
  problems: CatalogProblem[];
}

/**
 * The catalog to price with: bundled entries, then extra models for names the catalog lacks, then the user's
 * `models:` overrides, then `aliases:`. Overrides win; every bad value is a problem, never an exception.
 */
export function loadCatalog(options: LoadCatalogOptions = {}): LoadedCatalog {
  const base = bundledCatalog();
  const fileLabel = options.fileLabel ?? '.promptcost.yaml';
  const problems: CatalogProblem[] = [...base.problems];
  let models: ModelEntry[] = [...base.models];

  if (options.updatedPrices?.models.length) {
    const update = options.updatedPrices;
    const known = new ModelIndex(models);
    const replaced = new Set<ModelEntry>();
    const added: ModelEntry[] = [];
    for (const fresh of update.models) {
      const bundledEntry = known.exact(fresh.id);
      if (bundledEntry && !replaced.has(bundledEntry)) {
        replaced.add(bundledEntry);
        // Dated changes after the file's date still apply; earlier ones are in the file's prices already.
        const later = (bundledEntry.priceChanges ?? []).filter((change) => change.from > update.asOf);
        const { priceChanges: _old, ...rest } = bundledEntry;
        models[models.indexOf(bundledEntry)] = { ...rest, prices: { ...fresh.prices }, ...(later.length ? { priceChanges: later } : {}), source: fresh.source, asOf: update.asOf };
      } else if (!bundledEntry) added.push(fresh);
    }
    // A loop, not push(...added): a stored update (any URL, up to 64 MB) can add more models than a call takes arguments.
    for (const entry of added) models.push(entry);
  }
  if (options.extraModels?.length) {
    const known = new ModelIndex(models);
    const taken = new Set<string>();
    for (const extra of options.extraModels) {
      // Curated entries (checked against provider rules) beat imports of the same name.
      const key = normalizeName(extra.id);
      if (known.exact(extra.id) || taken.has(key)) continue;
      taken.add(key);
      models.push(extra);
    }
  }
  const overridden = applyOverrides(models, options.overrides, fileLabel);
  problems.push(...overridden.problems);
  const aliased = applyAliases(overridden.models, options.aliases, fileLabel);
  problems.push(...aliased.problems);
  const pricedOn = options.pricedOn ?? todayUtc();
  models = aliased.models.map((model) => entryOn(model, pricedOn));

  const index = new ModelIndex(models);
  const newest = models.reduce((latest, model) => (isIsoDate(model.asOf) && model.asOf > latest ? model.asOf : latest), base.rules.asOf);
  const catalog: Catalog = {
    asOf: newest,
    pricedOn,
    ...(options.updatedPrices ? { priceSource: options.updatedPrices.source } : {}),
    models,
    resolve: (name) => index.resolve(name),
    nearest: (name, limit) => index.nearest(name, limit),
    local: (provider, modelId) => localModelEntry(base.rules.localProviders, provider, modelId),
  };
  return { catalog, problems };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
