// How a model name as written in code or config finds its catalog entry, and "did you mean" suggestions.
import type { TokenizerId } from '../tokenizing/types';
import type { ModelEntry } from './types';

/** Longer names are not model names; refusing them keeps lookups and edit distances bounded. */
const MAX_LOOKUP_LENGTH = 256;
/** Suggestions compare at most this many characters. */
const MAX_SUGGEST_LENGTH = 64;

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Bedrock ids: `us.anthropic.claude-sonnet-4-5-20250929-v1:0` → `claude-sonnet-4-5-20250929`. */
function bedrockBase(name: string): string | undefined {
  const match = /^(?:(?:us|eu|apac|ap|jp|au|ca|global|us-gov)\.)?(?:anthropic|meta|openai|amazon|mistral|cohere|ai21|deepseek|qwen|writer)\.(.+)$/.exec(name);
  const rest = match ? match[1] : name;
  const unversioned = rest.replace(/-v\d+(?::\d+)?$/, '').replace(/:\d+$/, '');
  return unversioned !== name ? unversioned : undefined;
}

/** Snapshot and alias suffixes that fall back to the base id when the exact name is unknown. */
function fallbackForms(name: string): string[] {
  const forms: string[] = [];
  const latest = name.replace(/(?:-|@)latest$/, '');
  if (latest !== name && latest) forms.push(latest);
  const undated = name.replace(/(?:-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8})$/, '');
  if (undated !== name && undated) forms.push(undated);
  return forms;
}

/**
 * Keys to try, best first: the name itself, then without provider path segments (`openai/`, `azure/`,
 * `vertex_ai/`, `models/`, `groq/openai/` …) and Bedrock decorations, then dated-snapshot and `-latest` fallbacks.
 */
export function lookupCandidates(name: string): string[] {
  if (typeof name !== 'string') return [];
  const full = normalizeName(name);
  if (!full || full.length > MAX_LOOKUP_LENGTH) return [];
  // pydantic-ai names models `provider:model` (`openai:gpt-4o`, `google-gla:gemini-2.0-flash`); Ollama tags
  // (`llama3:8b`) and Bedrock versions (`…-v1:0`) keep their colon, their prefix being no provider.
  const colonPrefixed = /^(openai|anthropic|google-gla|google-vertex|gemini|groq|mistral|cohere|bedrock|deepseek|grok|xai|openrouter|azure):(.+)$/.exec(full);
  const exact: string[] = colonPrefixed ? [full, colonPrefixed[2]] : [full];
  for (let rest = full; rest.includes('/'); ) {
    rest = rest.slice(rest.indexOf('/') + 1);
    if (rest) exact.push(rest);
  }
  for (const form of [...exact]) {
    const bedrock = bedrockBase(form);
    if (bedrock) exact.push(bedrock);
  }
  const fallbacks = exact.flatMap(fallbackForms);
  return [...new Set([...exact, ...fallbacks])];
}

/** Cells of the edit-distance table filled since the last reset: tests bound suggestion work by it, not by time. */
let editDistanceCells = 0;
export function takeEditDistanceCells(): number {
  const cells = editDistanceCells;
  editDistanceCells = 0;
  return cells;
}

/** Levenshtein distance, giving up (returning `max + 1`) once every path exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    editDistanceCells += b.length;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > max) return max + 1;
    previous = current;
  }
  return Math.min(previous[b.length], max + 1);
}

/** Name → entry lookup over ids, aliases and display names. Ids outrank aliases, aliases outrank display names. */
export class ModelIndex {
  /** Names claimed by every index built so far: tests bound it (loading `aliases:`/`models:` must not rebuild per entry). */
  static claims = 0;
  private readonly byName = new Map<string, ModelEntry>();

  constructor(readonly models: readonly ModelEntry[]) {
    for (const model of models) this.claim(model.id, model);
    for (const model of models) for (const alias of model.aliases) this.claim(alias, model);
    for (const model of models) this.claim(model.displayName, model);
  }

  private claim(name: string, model: ModelEntry): void {
    ModelIndex.claims++;
    const key = normalizeName(name);
    if (key && !this.byName.has(key)) this.byName.set(key, model);
  }

  /** The entry a name means exactly (case-insensitive), with no prefix stripping or fallback. */
  exact(name: string): ModelEntry | undefined {
    return typeof name === 'string' ? this.byName.get(normalizeName(name)) : undefined;
  }

  resolve(name: string): ModelEntry | undefined {
    for (const candidate of lookupCandidates(name)) {
      const entry = this.byName.get(candidate);
      if (entry) return entry;
    }
    return undefined;
  }

  /**
   * Ids whose id or alias is within a small edit distance of `name` (without provider prefix), best first.
   * The allowed distance grows with the name's length (1 up to 7 characters, at most 3) so unrelated names get none.
   */
  nearest(name: string, limit = 3): string[] {
    if (typeof name !== 'string' || limit < 1) return [];
    const candidates = lookupCandidates(name);
    if (candidates.length === 0) return [];
    // Every prefix-free form of the name is compared (`us.anthropic.x-v1:0` and `x`), the closest counts.
    const bareForms = candidates.filter((candidate) => !candidate.includes('/')).map((candidate) => candidate.slice(0, MAX_SUGGEST_LENGTH));
    if (bareForms.length === 0) bareForms.push(candidates[0].slice(0, MAX_SUGGEST_LENGTH));
    const best = new Map<string, number>();
    for (const bare of bareForms) {
      const allowed = Math.max(1, Math.min(3, Math.floor(bare.length / 4)));
      for (const model of this.models) {
        for (const known of [model.id, ...model.aliases]) {
          const distance = editDistance(bare, normalizeName(known), allowed);
          if (distance <= allowed && distance < (best.get(model.id) ?? Infinity)) best.set(model.id, distance);
        }
      }
    }
    return [...best.entries()]
      .sort((a, b) => a[1] - b[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]))
      .slice(0, Math.floor(limit))
      .map(([id]) => id);
  }
}

/** Tokenizer family a model name implies (PROVIDERS.md section 3), for models added without one. */
export function tokenizerForModelName(name: string): TokenizerId {
  const candidates = lookupCandidates(name);
  const bare = candidates.find((candidate) => !candidate.includes('/') && !candidate.includes('.claude')) ?? candidates[candidates.length - 1] ?? '';
  if (/^gpt-oss/.test(bare)) return 'o200k_harmony';
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|chatgpt-4o|codex-|gpt-realtime|gpt-audio)/.test(bare)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5|gpt-35)/.test(bare)) return 'cl100k_base';
  if (bare.includes('claude')) return 'anthropic-estimate';
  if (bare.includes('gemini')) return 'gemini-estimate';
  return 'generic-estimate';
}
