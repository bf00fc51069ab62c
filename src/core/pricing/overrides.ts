// User overrides from `.promptcost.yaml`: `models:` (partial entries keyed by id) and `aliases:` (custom names).
// Overrides win over the bundled catalog. Bad values are reported with their path and the catalog value stays.
import type { ModelCaching, ModelEntry, ModelPrices } from './types';
import { lookupCandidates, ModelIndex, normalizeName, tokenizerForModelName } from './names';
import { checkConsistency, completeEntry, describe, isName, isRecord, ProblemSink, readEntryFields, type CatalogProblem, type ProblemPath } from './validation';

/** What a user may write for one model: any field of a catalog entry, prices and caching key by key. */
export interface ModelOverride {
  provider?: string;
  displayName?: string;
  /** Added to the model's names (never replaces the catalog's). */
  aliases?: string[];
  tokenizer?: ModelEntry['tokenizer'];
  tokenRatio?: number;
  prices?: Partial<ModelPrices>;
  batchDiscount?: number;
  contextWindow?: number;
  maxOutputTokens?: number;
  caching?: Partial<ModelCaching>;
  smallSibling?: string;
  tier?: ModelEntry['tier'];
  source?: string;
  asOf?: string;
}

/**
 * The `models:` section of `.promptcost.yaml`, keyed by model id (or any name the catalog knows).
 * A known name overrides the fields given; an unknown one adds a model, which needs at least
 * provider, prices.input, prices.output, contextWindow and maxOutputTokens.
 */
export type CatalogOverrides = Record<string, ModelOverride>;

/** The `aliases:` section: custom name (an Azure deployment, a gateway route) → a name the catalog knows. */
export type ModelAliases = Record<string, string>;

export interface OverrideResult {
  models: ModelEntry[];
  problems: CatalogProblem[];
}

/** More `models:` entries than any real config has; past it they are refused. */
const MAX_OVERRIDES = 2_000;

/** Applies the `models:` section. `overrides` is the raw YAML value: anything may be there. */
export function applyOverrides(base: readonly ModelEntry[], overrides: unknown, fileLabel: string): OverrideResult {
  const sink = new ProblemSink(fileLabel);
  const models = [...base];
  if (overrides === undefined || overrides === null) return { models, problems: [] };
  if (!isRecord(overrides)) {
    sink.report(['models'], `models must map model ids to fields, found ${describe(overrides)}; ignored`);
    return { models, problems: sink.finish() };
  }
  const changed = new Set<ModelEntry>();
  // One name index, grown entry by entry (never rebuilt per entry): each name holds the position of the model that
  // claims it best — ids outrank aliases outrank display names, and at equal rank the earlier position wins, as in
  // ModelIndex. An override replaces its model at the same position, so `models[position]` is always current; ids never
  // change and aliases are only added, so only a renamed display name can go stale, and that rare case rebuilds.
  const byName = new Map<string, { rank: number; position: number }>();
  const claim = (name: string, rank: number, position: number): void => {
    ModelIndex.claims++;
    const key = normalizeName(name);
    if (!key) return;
    const held = byName.get(key);
    if (!held || rank < held.rank || (rank === held.rank && position < held.position)) byName.set(key, { rank, position });
  };
  const claimAll = (model: ModelEntry, position: number): void => {
    claim(model.id, 0, position);
    for (const alias of model.aliases) claim(alias, 1, position);
    claim(model.displayName, 2, position);
  };
  const rebuild = (): void => {
    byName.clear();
    models.forEach(claimAll);
  };
  rebuild();
  const lookup = (name: string): ModelEntry | undefined => {
    const key = normalizeName(name);
    let held = byName.get(key);
    if (held && held.rank === 2 && normalizeName(models[held.position].displayName) !== key) {
      rebuild();
      held = byName.get(key);
    }
    return held ? models[held.position] : undefined;
  };
  const positions = new Map(models.map((model, position) => [model, position]));
  const entries = Object.entries(overrides);
  if (entries.length > MAX_OVERRIDES) {
    sink.report(['models'], `more than ${MAX_OVERRIDES} entries; the rest are ignored`);
    entries.length = MAX_OVERRIDES;
  }
  for (const [name, raw] of entries) {
    const at: ProblemPath = ['models', name];
    if (!isName(name)) {
      sink.report(at, `model id must be a non-empty single-line name; ignored`);
      continue;
    }
    const { fields } = readEntryFields(raw, at, sink, { allowZeroPrices: true });
    if (!isRecord(raw)) continue;
    if (raw.id !== undefined && fields.id !== name) sink.report([...at, 'id'], `id comes from the key (${name}); ignored`);
    delete fields.id;
    const known = lookup(name);
    if (known) {
      const changedKeys = Object.keys(fields).flatMap((key) => {
        const value = fields[key as keyof typeof fields];
        return isRecord(value) ? Object.keys(value).map((inner) => `${key}.${inner}`) : [key];
      }).sort();
      if (changedKeys.length === 0) continue;
      const merged: ModelEntry = {
        ...known,
        ...fields,
        aliases: [...known.aliases, ...(fields.aliases ?? [])],
        prices: { ...known.prices, ...fields.prices },
        caching: { ...known.caching, ...fields.caching },
        source: fields.source ?? `${known.source}; overridden in ${fileLabel}: ${changedKeys.join(', ')}`,
      };
      // Prices the user sets are the prices; the catalog's dated changes would otherwise replace them.
      if (fields.prices && !fields.priceChanges) delete merged.priceChanges;
      if (!checkConsistency(merged, at, sink)) {
        sink.report(at, `override of ${known.id} is inconsistent; the catalog entry is used unchanged`);
        continue;
      }
      const position = positions.get(known)!;
      models[position] = merged;
      positions.set(merged, position);
      for (const alias of fields.aliases ?? []) claim(alias, 1, position);
      if (fields.displayName !== undefined) claim(merged.displayName, 2, position);
      changed.add(merged);
    } else {
      const added = completeEntry(
        {
          displayName: name,
          tokenizer: tokenizerForModelName(name),
          caching: { mechanism: 'none', minimumTokens: 0 },
          source: `added in ${fileLabel}`,
          // A user-added model has no catalog date unless the user gives one.
          asOf: '',
          ...fields,
          id: name,
          prices: fields.prices,
          aliases: fields.aliases ?? [],
        },
        at,
        sink,
      );
      if (!added) continue;
      models.push(added);
      positions.set(added, models.length - 1);
      claimAll(added, models.length - 1);
      changed.add(added);
    }
  }
  checkSiblings(models, changed, sink);
  return { models, problems: sink.finish() };
}

/** A sibling that names no model would send `model-overkill` to a dead end: drop it. */
function checkSiblings(models: ModelEntry[], changed: ReadonlySet<ModelEntry>, sink: ProblemSink): void {
  const index = new ModelIndex(models);
  for (const [position, model] of models.entries()) {
    if (!changed.has(model) || model.smallSibling === undefined) continue;
    const sibling = index.resolve(model.smallSibling);
    if (sibling) {
      if (sibling.id !== model.smallSibling) models[position] = { ...model, smallSibling: sibling.id };
      continue;
    }
    const suggestions = index.nearest(model.smallSibling);
    sink.report(['models', model.id, 'smallSibling'], `smallSibling ${model.smallSibling} is not a known model${suggestions.length ? ` (did you mean ${suggestions.join(', ')}?)` : ''}; ignored`);
    const { smallSibling: _dropped, ...rest } = model;
    models[position] = rest;
  }
}

/** Applies the `aliases:` section: each custom name becomes an alias of the model its target resolves to. */
export function applyAliases(base: readonly ModelEntry[], aliases: unknown, fileLabel: string): OverrideResult {
  const sink = new ProblemSink(fileLabel);
  const models = [...base];
  if (aliases === undefined || aliases === null) return { models, problems: [] };
  if (!isRecord(aliases)) {
    sink.report(['aliases'], `aliases must map custom names to model ids, found ${describe(aliases)}; ignored`);
    return { models, problems: sink.finish() };
  }
  // One index for the whole section (rebuilding it per alias was O(aliases × models)). A name resolves as a fresh
  // index over the updated models would: an id first, then the user's aliases so far, then the base index.
  const index = new ModelIndex(models);
  const byId = new Map<string, ModelEntry>();
  for (const model of models) {
    const key = normalizeName(model.id);
    if (key && !byId.has(key)) byId.set(key, model);
  }
  /** Normalised user alias → [alias as written, target model]; re-set keys move to the end, as they were applied. */
  const userAliases = new Map<string, [string, ModelEntry]>();
  const resolve = (name: string): ModelEntry | undefined => {
    for (const candidate of lookupCandidates(name)) {
      const entry = byId.get(candidate) ?? userAliases.get(candidate)?.[1] ?? index.exact(candidate);
      if (entry) return entry;
    }
    return undefined;
  };
  for (const [alias, target] of Object.entries(aliases)) {
    const at: ProblemPath = ['aliases', alias];
    if (!isName(alias)) {
      sink.report(at, 'alias must be a non-empty single-line name; ignored');
      continue;
    }
    if (typeof target !== 'string') {
      sink.report(at, `alias ${alias} must name a model, found ${describe(target)}; ignored`);
      continue;
    }
    const entry = resolve(target);
    if (!entry) {
      const suggestions = index.nearest(target);
      sink.report(at, `alias ${alias}: ${target} is not a known model${suggestions.length ? ` (did you mean ${suggestions.join(', ')}?)` : ''}; ignored`);
      continue;
    }
    const key = normalizeName(alias);
    const owner = byId.get(key);
    if (owner && owner !== entry) {
      sink.report(at, `alias ${alias} is the id of model ${owner.id}; ignored`);
      continue;
    }
    // The user's mapping wins: the name is taken away from whichever entry had it as an alias (applied below).
    userAliases.delete(key);
    userAliases.set(key, [alias, entry]);
  }
  if (userAliases.size === 0) return { models, problems: sink.finish() };
  const added = new Map<ModelEntry, string[]>();
  for (const [alias, entry] of userAliases.values()) added.set(entry, [...(added.get(entry) ?? []), alias]);
  const result = models.map((model) => {
    const kept = model.aliases.filter((name) => !userAliases.has(normalizeName(name)));
    const aliasesAfter = [...kept, ...(added.get(model) ?? [])];
    return aliasesAfter.length === model.aliases.length && aliasesAfter.every((name, i) => name === model.aliases[i]) ? model : { ...model, aliases: aliasesAfter };
  });
  return { models: result, problems: sink.finish() };
}
