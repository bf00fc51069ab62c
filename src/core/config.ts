// `.promptcost.yaml` and editor settings resolve to one immutable AuditConfig shared by the CLI and the extension.
import { isMap, isSeq, isScalar, type Node as YamlNode, type Document } from 'yaml';
import { parseYamlBounded } from './yamlLimits';
import { globProblem } from './glob';
import { DEFAULT_TEST_PATHS } from './testPaths';
import { DEFAULT_PROMPT_GLOBS } from './scanning/promptFileKinds';
import type { ScanProblem, Severity, Span } from './types';
import { didYouMean } from './suggest';

export type RuleSeverityOverride = Severity | 'off';

export interface VolumeRule {
  /** Glob on the path relative to the root, e.g. `src/support/**`. */
  glob: string;
  callsPerMonth: number;
}

export interface FileBudget {
  glob: string;
  monthlyUsd: number;
}

/** Limits on the increase a change brings (`prompt-cost diff`): either one exceeded fails the diff. */
export interface DiffBudget {
  /** Largest allowed increase of the expected monthly cost, in USD. */
  monthlyUsd?: number;
  /** Largest allowed increase of the expected monthly cost, in percent of the base revision's. */
  percent?: number;
}

export interface Budgets {
  /** Whole audited tree, per month at the configured volume. */
  monthlyUsd?: number;
  /** Any single site, per call. */
  perCallUsd?: number;
  perFile: FileBudget[];
  diff?: DiffBudget;
}

export interface CacheAssumptions {
  /** Share of calls that find the prefix in the provider cache (0–1). */
  hitRate: number;
  /** Cache-write TTL the audit assumes: Anthropic 5m / 1h, OpenAI (GPT-5.6 on) 30m / 12h. */
  ttl: CacheTtl;
}

export type CacheTtl = '5m' | '1h' | '30m' | '12h';
const CACHE_TTLS: readonly CacheTtl[] = ['5m', '1h', '30m', '12h'];

export type ServiceTierName = 'standard' | 'batch' | 'flex' | 'priority';
const SERVICE_TIER_NAMES: readonly ServiceTierName[] = ['standard', 'batch', 'flex', 'priority'];

export interface ServiceTierRule {
  /** Glob on the path relative to the root. */
  glob: string;
  tier: ServiceTierName;
}

export interface AuditConfig {
  /** Columns of model comparisons; the first prices sites that name no model when their provider is unknown or is its provider. */
  compareModels: string[];
  /** Per provider (`anthropic`, `google`, `openai`, …): the model that prices a site of that provider naming none. */
  defaultModels: Record<string, string>;
  /** Typical output tokens per call when the prompt states no length; a smaller cap (or model maximum) lowers it. */
  expectedOutputTokens: number;
  /** Tokens assumed for a placeholder's value when neither `placeholders` nor its name's meaning sizes it. */
  assumedPlaceholderTokens: number;
  /** Per-name sizes (`placeholders: { context: 3000, "*_summary": 400 }`): exact names first, then globs in file order. */
  placeholders: Array<{ glob: string; tokens: number }>;
  /** Calls per month for every site unless a volume rule matches; null = no volume configured. */
  callsPerMonth: number | null;
  volumes: VolumeRule[];
  budgets: Budgets;
  rules: Record<string, RuleSeverityOverride>;
  include: string[];
  exclude: string[];
  /** Folders of plain `.txt`/`.md` prompts. */
  promptGlobs: string[];
  /** Test, fixture, example and docs paths: audited, reported apart from the totals unless `includeTests`. */
  testPaths: string[];
  /** Count the sites under `testPaths` like any other (`--include-tests`). */
  includeTests: boolean;
  cache: CacheAssumptions;
  /** Globs of sites whose calls can go through a batch API (for the savings waterfall). */
  batchable: string[];
  /** Raw `models:` section, validated by the catalog's override loader. */
  modelOverrides: unknown;
  /** Raw `aliases:` section (custom name → catalog id). */
  modelAliases: Record<string, string>;
  /** Local LiteLLM price files to import (paths relative to the config file). */
  litellmFiles: string[];
  /** Service tier per file glob (last match wins); a call's own `service_tier` wins over it. */
  serviceTiers: ServiceTierRule[];
  /** The CLI exits 1 when a site's model is not in the catalog (unpriced). */
  failOnUnknownModel: boolean;
  /** Price data older than this many days (from its date to the audit's date) is reported as stale. */
  priceDataMaxAgeDays: number;
  /** Turns in a chat session, for a history resent in full each turn when no loop bound says (conversation growth). */
  turnsPerSession: number;
  /** Response-cache assumptions: the share of calls a cache of whole answers would serve (response-cache-opportunity). */
  responseCache: { hitRate: number };
}

export const DEFAULT_CONFIG: AuditConfig = Object.freeze({
  compareModels: ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash'],
  // Each provider's mid-priced current model in the catalog, so an unnamed call is priced like a typical call of its provider.
  defaultModels: { anthropic: 'claude-sonnet-4-5', deepseek: 'deepseek-chat', google: 'gemini-2.5-flash', openai: 'gpt-4o-mini' },
  expectedOutputTokens: 400,
  assumedPlaceholderTokens: 50,
  placeholders: [],
  callsPerMonth: 10000,
  volumes: [],
  budgets: { perFile: [] },
  rules: {},
  include: ['**/*'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**', '**/*.min.js'],
  promptGlobs: [...DEFAULT_PROMPT_GLOBS],
  testPaths: [...DEFAULT_TEST_PATHS],
  includeTests: false,
  cache: { hitRate: 0.9, ttl: '5m' },
  batchable: [],
  modelOverrides: undefined,
  modelAliases: {},
  litellmFiles: [],
  serviceTiers: [],
  failOnUnknownModel: false,
  priceDataMaxAgeDays: 60,
  turnsPerSession: 10,
  responseCache: { hitRate: 0.5 },
}) as AuditConfig;

export interface ConfigProblem extends ScanProblem {}

export interface LoadedConfig {
  config: AuditConfig;
  problems: ConfigProblem[];
  /** Where each model name the file mentions (compareModels) is written, for checks once the catalog is known. */
  modelMentions: Array<{ name: string; span?: Span }>;
}

/** Names the config may use that are defined elsewhere (the rule registry), for did-you-mean checks. */
export interface ConfigVocabulary {
  ruleIds?: readonly string[];
  /**
   * False in an untrusted workspace (VS Code's Restricted Mode): the config may not import price files then. Paths
   * out of the folder are refused whatever the trust (the config is repository content).
   */
  trusted?: boolean;
}

/**
 * Sane ranges: far past any real value, small enough that tokens × price × calls stays finite (≤ ~1e30), so no
 * figure can be NaN or Infinity (a JSON null would read as "no volume"). Exported for the editor settings.
 */
export const LIMITS = Object.freeze({ tokens: 1_000_000_000, callsPerMonth: 1_000_000_000_000, usd: 1_000_000_000_000_000 });

/** Most turns a session may be configured with (the session's input grows with the square of it). */
const MAX_TURNS = 10_000;

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);
export const CONFIG_FILE_NAME = '.promptcost.yaml';
const KNOWN_BUDGETS = ['monthlyUsd', 'perCallUsd', 'perFile', 'diff'];
const KNOWN_DIFF_BUDGETS = ['monthlyUsd', 'percent'];
/** Every top-level key of `.promptcost.yaml` (the schema's properties must be exactly these). */
export const KNOWN_KEYS = new Set([
  'compareModels', 'defaultModels', 'models', 'aliases', 'expectedOutputTokens', 'assumedPlaceholderTokens', 'placeholders',
  'callsPerMonth', 'volumes', 'budgets', 'rules', 'include', 'exclude', 'promptGlobs', 'cache', 'batchable', 'litellm',
  'serviceTiers', 'failOnUnknownModel', 'priceDataMaxAgeDays', 'testPaths', 'includeTests',
  'turnsPerSession', 'responseCache',
]);

/** Parses `.promptcost.yaml` text. Every bad value yields a located problem and falls back to the default. */
export function parseConfig(text: string, file = '.promptcost.yaml', base: AuditConfig = DEFAULT_CONFIG, vocabulary: ConfigVocabulary = {}): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const modelMentions: LoadedConfig['modelMentions'] = [];
  const config: AuditConfig = structuredCloneConfig(base);
  let document: Document;
  try {
    document = parseYamlBounded(text, { prettyErrors: false });
  } catch (error) {
    problems.push({ file, severity: 'error', message: `cannot parse: ${(error as Error).message}` });
    return { config, problems, modelMentions };
  }
  for (const error of document.errors) {
    // The parser places an error at the end of the input one past it ("{{"): clamp into the text.
    const start = Math.min(error.pos[0], text.length);
    problems.push({ file, severity: 'error', message: `YAML: ${firstLine(error.message)}`, span: { start, end: Math.max(start, Math.min(error.pos[1], text.length)) } });
  }
  if (document.errors.length > 0) return { config, problems, modelMentions };
  const root = document.contents;
  if (root === null || root === undefined) return { config, problems, modelMentions };
  if (!isMap(root)) {
    problems.push({ file, severity: 'error', message: 'expected a mapping of settings at the top level', span: nodeSpan(root) });
    return { config, problems, modelMentions };
  }
  const report = (node: YamlNode | null | undefined, message: string, severity: Severity = 'error') =>
    problems.push({ file, severity, message, span: nodeSpan(node) });

  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const valueNode = pair.value as YamlNode | null;
    const value = valueNode ? valueNode.toJSON() : null;
    if (key === 'expectOutputAtCap') {
      report(keyNode, 'expectOutputAtCap was removed: costs are now the expected figure, and the worst case (every reply at the cap or the model maximum) is reported beside them', 'warning');
      continue;
    }
    if (!KNOWN_KEYS.has(key)) {
      const hint = didYouMean(key, KNOWN_KEYS);
      report(keyNode, `unknown setting "${key}"${hint || ` (known: ${[...KNOWN_KEYS].join(', ')})`}`, 'warning');
      continue;
    }
    switch (key) {
      case 'compareModels': {
        const list = stringList(value);
        if (!list || list.length === 0) report(valueNode, 'compareModels must be a non-empty list of model ids');
        else {
          config.compareModels = list;
          const items = isSeq(valueNode) ? (valueNode.items as YamlNode[]) : [];
          list.forEach((name, index) => modelMentions.push({ name, span: nodeSpan(items[index]) }));
        }
        break;
      }
      case 'expectedOutputTokens':
      case 'assumedPlaceholderTokens': {
        if (!isNonNegativeInteger(value) || value > LIMITS.tokens) report(valueNode, `${key} must be a whole number of tokens from 0 to ${LIMITS.tokens.toLocaleString('en-US')}, got ${shown(value)}`);
        else config[key] = value;
        break;
      }
      case 'placeholders': {
        if (!isMap(valueNode)) { report(valueNode, 'placeholders must map placeholder names (globs allowed) to a number of tokens'); break; }
        const exact: Array<{ glob: string; tokens: number }> = [];
        const globs: Array<{ glob: string; tokens: number }> = [];
        for (const item of valueNode.items) {
          const name = isScalar(item.key) ? String((item.key as YamlNode & { value: unknown }).value) : '';
          const sizeNode = item.value as YamlNode | null;
          const size = sizeNode?.toJSON();
          if (name.length === 0) report(item.key as YamlNode, 'a placeholder name must be text');
          else if (!isNonNegativeInteger(size)) report(sizeNode, `placeholders.${name} must be a whole number of tokens (0 or more), got ${JSON.stringify(size)}`);
          else (/[*?[\]{}]/.test(name) ? globs : exact).push({ glob: name, tokens: size });
        }
        config.placeholders = [...exact, ...globs];
        break;
      }
      case 'serviceTiers': {
        if (!isSeq(valueNode)) { report(valueNode, 'serviceTiers must be a list of { glob, tier }'); break; }
        config.serviceTiers = [];
        for (const item of valueNode.items as YamlNode[]) {
          const entry = item?.toJSON?.();
          if (!entry || typeof entry.glob !== 'string' || !SERVICE_TIER_NAMES.includes(entry.tier)) {
            report(item, `each service tier needs a glob (text) and a tier (${SERVICE_TIER_NAMES.join(', ')})`);
          } else config.serviceTiers.push({ glob: entry.glob, tier: entry.tier });
        }
        break;
      }
      case 'failOnUnknownModel': {
        if (typeof value !== 'boolean') report(valueNode, 'failOnUnknownModel must be true or false');
        else config.failOnUnknownModel = value;
        break;
      }
      case 'turnsPerSession': {
        if (!isNonNegativeInteger(value) || value < 1 || value > MAX_TURNS) report(valueNode, `turnsPerSession must be a whole number of turns from 1 to ${MAX_TURNS.toLocaleString('en-US')}, got ${shown(value)}`);
        else config.turnsPerSession = value;
        break;
      }
      case 'responseCache': {
        const hitRate = isMap(valueNode) ? (valueNode.toJSON() as Record<string, unknown>).hitRate : undefined;
        const unknown = isMap(valueNode) ? Object.keys(valueNode.toJSON() as object).filter((name) => name !== 'hitRate') : [];
        if (typeof hitRate !== 'number' || !(hitRate >= 0 && hitRate <= 1) || unknown.length > 0) report(valueNode, `responseCache must be { hitRate: a share from 0 to 1 }, got ${shown(value)}`);
        else config.responseCache = { hitRate };
        break;
      }
      case 'priceDataMaxAgeDays': {
        if (!isNonNegativeInteger(value)) report(valueNode, `priceDataMaxAgeDays must be a whole number of days (0 or more), got ${JSON.stringify(value)}`);
        else config.priceDataMaxAgeDays = value;
        break;
      }
      case 'callsPerMonth': {
        if (value === null) config.callsPerMonth = null;
        else if (!isNonNegativeNumber(value) || value > LIMITS.callsPerMonth) report(valueNode, `callsPerMonth must be a number of calls from 0 to ${LIMITS.callsPerMonth.toLocaleString('en-US')}, got ${shown(value)}`);
        else config.callsPerMonth = value;
        break;
      }
      case 'volumes': {
        if (!isSeq(valueNode)) { report(valueNode, 'volumes must be a list of { glob, callsPerMonth }'); break; }
        config.volumes = [];
        for (const item of valueNode.items as YamlNode[]) {
          const entry = item?.toJSON?.();
          if (!entry || typeof entry.glob !== 'string' || !isNonNegativeNumber(entry.callsPerMonth) || entry.callsPerMonth > LIMITS.callsPerMonth) {
            report(item, `each volume needs a glob (text) and callsPerMonth (a number from 0 to ${LIMITS.callsPerMonth.toLocaleString('en-US')})`);
          } else if (globProblem(entry.glob)) report(item, `volumes: ${globProblem(entry.glob)}; ignored`);
          else config.volumes.push({ glob: entry.glob, callsPerMonth: entry.callsPerMonth });
        }
        break;
      }
      case 'budgets': {
        if (!isMap(valueNode)) { report(valueNode, 'budgets must be a mapping (monthlyUsd, perCallUsd, perFile)'); break; }
        const budgets: Budgets = { perFile: [] };
        for (const budgetPair of valueNode.items) {
          const budgetKey = isScalar(budgetPair.key) ? String((budgetPair.key as YamlNode & { value: unknown }).value) : '';
          const budgetNode = budgetPair.value as YamlNode | null;
          const budgetValue = budgetNode?.toJSON();
          if (budgetKey === 'monthlyUsd' || budgetKey === 'perCallUsd') {
            if (!isNonNegativeNumber(budgetValue) || budgetValue > LIMITS.usd) report(budgetNode, `budgets.${budgetKey} must be an amount in USD from 0 to ${LIMITS.usd.toExponential()}, got ${shown(budgetValue)}`);
            else budgets[budgetKey] = budgetValue;
          } else if (budgetKey === 'perFile') {
            if (!isSeq(budgetNode)) { report(budgetNode, 'budgets.perFile must be a list of { glob, monthlyUsd }'); continue; }
            for (const item of budgetNode.items as YamlNode[]) {
              const entry = item?.toJSON?.();
              if (!entry || typeof entry.glob !== 'string' || !isNonNegativeNumber(entry.monthlyUsd) || entry.monthlyUsd > LIMITS.usd) report(item, 'each perFile budget needs a glob and monthlyUsd (an amount in USD)');
              else if (globProblem(entry.glob)) report(item, `budgets.perFile: ${globProblem(entry.glob)}; ignored`);
              else budgets.perFile.push({ glob: entry.glob, monthlyUsd: entry.monthlyUsd });
            }
          } else if (budgetKey === 'diff') {
            if (!isMap(budgetNode)) { report(budgetNode, 'budgets.diff must be a mapping (monthlyUsd, percent)'); continue; }
            const diff: DiffBudget = {};
            for (const diffPair of budgetNode.items) {
              const diffKey = isScalar(diffPair.key) ? String((diffPair.key as YamlNode & { value: unknown }).value) : '';
              const diffNode = diffPair.value as YamlNode | null;
              const diffValue = diffNode?.toJSON();
              if (!KNOWN_DIFF_BUDGETS.includes(diffKey)) report(diffPair.key as YamlNode, `unknown diff budget "${diffKey}"${didYouMean(diffKey, KNOWN_DIFF_BUDGETS) || ` (known: ${KNOWN_DIFF_BUDGETS.join(', ')})`}`, 'warning');
              else if (!isNonNegativeNumber(diffValue)) report(diffNode, `budgets.diff.${diffKey} must be ${diffKey === 'percent' ? 'a percentage (0 or more)' : 'an amount in USD'}`);
              else diff[diffKey as keyof DiffBudget] = diffValue;
            }
            budgets.diff = diff;
          } else report(budgetPair.key as YamlNode, `unknown budget "${budgetKey}"${didYouMean(budgetKey, KNOWN_BUDGETS) || ` (known: ${KNOWN_BUDGETS.join(', ')})`}`, 'warning');
        }
        config.budgets = budgets;
        break;
      }
      case 'rules': {
        if (!isMap(valueNode)) { report(valueNode, 'rules must map rule ids to error, warning, information, hint or off'); break; }
        for (const rulePair of valueNode.items) {
          const ruleId = isScalar(rulePair.key) ? String((rulePair.key as YamlNode & { value: unknown }).value) : '';
          const severityNode = rulePair.value as YamlNode | null;
          const severity = severityNode?.toJSON();
          if (typeof severity !== 'string' || !SEVERITIES.has(severity)) report(severityNode, `rule ${ruleId}: severity must be one of error, warning, information, hint, off${typeof severity === 'string' ? didYouMean(severity, SEVERITIES) : ''}`);
          else if (vocabulary.ruleIds && !vocabulary.ruleIds.includes(ruleId)) report(rulePair.key as YamlNode, `unknown rule "${ruleId}"${didYouMean(ruleId, vocabulary.ruleIds)}; ignored`, 'warning');
          else config.rules[ruleId] = severity as RuleSeverityOverride;
        }
        break;
      }
      case 'include':
      case 'exclude':
      case 'promptGlobs':
      case 'testPaths':
      case 'batchable': {
        const list = stringList(value);
        if (!list) report(valueNode, `${key} must be a list of globs`);
        else {
          // A glob that cannot be compiled (too long, too many {a,b} alternatives) is reported at its item and left out.
          const usable = list.filter((glob, index) => {
            const problem = globProblem(glob);
            if (problem) report(isSeq(valueNode) ? (valueNode.items[index] as YamlNode) : valueNode, `${key}: ${problem}; ignored`);
            return problem === undefined;
          });
          config[key] = key === 'exclude' ? [...DEFAULT_CONFIG.exclude, ...usable] : usable;
        }
        break;
      }
      case 'includeTests':
        if (typeof value !== 'boolean') report(valueNode, 'includeTests must be true or false');
        else config.includeTests = value;
        break;
      case 'cache': {
        const hitRate = value?.hitRate;
        const ttl = value?.ttl;
        if (typeof value !== 'object' || value === null) { report(valueNode, 'cache must be a mapping (hitRate, ttl)'); break; }
        if (hitRate !== undefined) {
          // `.nan` is a YAML number: `NaN < 0` and `NaN > 1` are both false, so finiteness is checked first.
          if (typeof hitRate !== 'number' || !Number.isFinite(hitRate) || hitRate < 0 || hitRate > 1) report(valueNode, `cache.hitRate must be a number from 0 to 1, got ${shown(hitRate)}`);
          else config.cache.hitRate = hitRate;
        }
        if (ttl !== undefined) {
          if (!CACHE_TTLS.includes(ttl)) report(valueNode, 'cache.ttl must be "5m", "1h" (Anthropic), "30m" or "12h" (OpenAI)');
          else config.cache.ttl = ttl;
        }
        break;
      }
      case 'models': {
        // Per model id, the file's entry wins over one from the editor settings.
        const fromBase = config.modelOverrides;
        const merged = isPlainObject(fromBase) && isPlainObject(value) ? { ...fromBase, ...value } : value;
        config.modelOverrides = merged;
        break;
      }
      case 'defaultModels': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) { report(valueNode, 'defaultModels must map providers (anthropic, google, openai, …) to model ids'); break; }
        for (const [provider, model] of Object.entries(value)) {
          if (!/^[a-z][a-z0-9-]{0,39}$/.test(provider)) report(valueNode, `defaultModels: "${provider.slice(0, 40)}" is not a provider name (lowercase letters, digits, dashes)`);
          else if (typeof model !== 'string' || model.trim() === '') report(valueNode, `defaultModels.${provider} must be a model id`);
          else config.defaultModels[provider] = model.trim();
        }
        break;
      }
      case 'aliases': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) { report(valueNode, 'aliases must map custom names to catalog ids'); break; }
        for (const [alias, target] of Object.entries(value)) {
          if (typeof target !== 'string') report(valueNode, `alias ${alias} must name a catalog id`);
          else config.modelAliases[alias] = target;
        }
        break;
      }
      case 'litellm': {
        const list = typeof value === 'string' ? [value] : stringList(value);
        if (!list) report(valueNode, 'litellm must be a path (or list of paths) to model_prices_and_context_window.json');
        else {
          // The config is repository content: it may only name files inside the workspace (an absolute path or `..`
          // out of it could read any file on the machine). Files outside are imported by the user (--litellm, the command).
          const outside = list.filter((file) => workspaceRelativePath(file) === undefined);
          if (outside.length > 0) report(valueNode, `litellm: ${outside.length} path(s) leave the workspace (absolute or through ..); a config may only name files inside it`);
          const inside = list.filter((file) => workspaceRelativePath(file) !== undefined);
          if (vocabulary.trusted === false && inside.length > 0) {
            // Restricted Mode: the repository's config must not decide which local files get read and imported.
            report(valueNode, `litellm: not read in Restricted Mode (the workspace is not trusted): trust the folder to import ${inside.length === 1 ? 'this price file' : `these ${inside.length} price files`}`, 'warning');
          } else config.litellmFiles = inside;
        }
        break;
      }
    }
  }
  return { config: deepFreeze(config), problems, modelMentions };
}

/**
 * `file` as a normalised path relative to the workspace, or undefined when it is absolute (POSIX, Windows drive or
 * UNC), a URI, or climbs out with `..`. Both separators count: the config may be read on Windows.
 */
export function workspaceRelativePath(file: string): string | undefined {
  if (file.length === 0 || file.length > 4096 || file.includes('\0')) return undefined;
  if (/^[\\/]/.test(file) || /^[a-zA-Z]:/.test(file) || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(file)) return undefined;
  const parts: string[] = [];
  for (const part of file.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

/** Calls per month for a file: the last matching volume rule wins, else the global volume. */
/** The service tier configured for a file (last matching glob wins), standard when none matches. */
export function serviceTierFor(config: AuditConfig, file: string, matches: (glob: string, file: string) => boolean): ServiceTierName {
  let tier: ServiceTierName = 'standard';
  for (const rule of config.serviceTiers ?? []) if (matches(rule.glob, file)) tier = rule.tier;
  return tier;
}

export function callsPerMonthFor(config: AuditConfig, file: string, matches: (glob: string, file: string) => boolean): number | null {
  let calls = config.callsPerMonth;
  for (const rule of config.volumes) if (matches(rule.glob, file)) calls = rule.callsPerMonth;
  return calls;
}

function structuredCloneConfig(config: AuditConfig): AuditConfig {
  return JSON.parse(JSON.stringify({ ...config, modelOverrides: config.modelOverrides ?? null })) as AuditConfig;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

function nodeSpan(node: YamlNode | null | undefined): Span | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.length > 0)) return undefined;
  return value as string[];
}

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isNonNegativeInteger(value: unknown): value is number {
  return isNonNegativeNumber(value) && Number.isInteger(value);
}

/** A bad value in a message: numbers as written (NaN, Infinity, 1e+308), text quoted and cut short. */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
