// The JSON schema of `.promptcost.yaml` (for the YAML extension's completion, hover and validation), derived from the
// rule registry, the bundled catalog and the config's defaults, so none of them can drift from it: a test compares
// schemas/promptcost.schema.json with buildConfigSchema() and `npm run schema` rewrites it.
import { DEFAULT_CONFIG } from './config';
import { bundledCatalog } from './pricing/catalog';
import { SERVICE_TIERS } from './pricing/tiers';
import { describeRules } from './rules/registry';

type Schema = Record<string, unknown>;

export const SEVERITY_OVERRIDES = ['error', 'warning', 'information', 'hint', 'off'] as const;

/** Rule ids with their one-line titles, in registry order. */
export function ruleVocabulary(): Array<{ id: string; title: string; defaultSeverity: string }> {
  return describeRules().map((rule) => ({ id: rule.id, title: rule.title, defaultSeverity: rule.defaultSeverity }));
}

/** Canonical ids of the bundled catalog, sorted. */
export function catalogModelIds(): string[] {
  return bundledCatalog().models.map((model) => model.id).sort();
}

/** A model name: a catalog id (offered for completion) or any other text, which `models:` or `aliases:` may define. */
function modelName(description: string): Schema {
  return {
    description,
    anyOf: [
      { type: 'string', enum: catalogModelIds() },
      { type: 'string', description: 'A model defined under `models:` or named under `aliases:`.' },
    ],
  };
}

const tokens = (description: string, defaultValue: number): Schema => ({ type: 'integer', minimum: 0, default: defaultValue, description });
const globList = (description: string, defaultValue: readonly string[]): Schema => ({ type: 'array', items: { type: 'string' }, default: [...defaultValue], description });
const usd = (description: string): Schema => ({ type: 'number', minimum: 0, description });

/** The `rules:` mapping: each rule id with its title and default, severities as an enum, nothing else allowed. */
export function rulesSchema(): Schema {
  const properties: Record<string, Schema> = {};
  for (const rule of ruleVocabulary()) {
    properties[rule.id] = { type: 'string', enum: [...SEVERITY_OVERRIDES], description: `${rule.title} (default: ${rule.defaultSeverity})` };
  }
  return { type: 'object', description: 'Severity per rule id: error, warning, information, hint or off.', properties, additionalProperties: false };
}

export function buildConfigSchema(): Schema {
  const models = catalogModelIds();
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Prompt Cost Auditor configuration (.promptcost.yaml)',
    description: 'Shared by the VS Code extension and the prompt-cost CLI; settings here win over the promptCost.* editor settings.',
    type: 'object',
    additionalProperties: false,
    properties: {
      compareModels: {
        type: 'array',
        minItems: 1,
        default: [...DEFAULT_CONFIG.compareModels],
        description: 'Models shown side by side in comparisons; the first prices sites that name no model (unless defaultModels names one for their provider).',
        items: modelName('A catalog model id.'),
      },
      defaultModels: {
        type: 'object',
        default: { ...DEFAULT_CONFIG.defaultModels },
        description: 'Per provider, the model that prices a call of that provider naming none.',
        propertyNames: { pattern: '^[a-z][a-z0-9-]{0,39}$' },
        additionalProperties: modelName('The model that prices this provider\'s calls that name none.'),
      },
      callsPerMonth: {
        type: ['number', 'null'],
        minimum: 0,
        default: DEFAULT_CONFIG.callsPerMonth,
        description: 'Calls per site per month, for monthly costs; null shows costs per call only. `volumes` sets it per file glob.',
      },
      volumes: {
        type: 'array',
        default: [],
        description: 'Calls per month per file glob; the last matching glob wins.',
        items: { type: 'object', required: ['glob', 'callsPerMonth'], additionalProperties: false, properties: { glob: { type: 'string', description: 'Files this volume applies to.' }, callsPerMonth: { type: 'number', minimum: 0, description: 'Calls per site per month.' } } },
      },
      expectedOutputTokens: tokens('Typical reply length when the prompt states none (never above the cap or the model maximum).', DEFAULT_CONFIG.expectedOutputTokens),
      assumedPlaceholderTokens: tokens("Tokens assumed for a placeholder's value when neither `placeholders` nor its name's meaning sizes it.", DEFAULT_CONFIG.assumedPlaceholderTokens),
      placeholders: {
        type: 'object',
        default: {},
        description: 'Tokens assumed per placeholder name (globs allowed, e.g. "*_summary"); exact names win over globs.',
        additionalProperties: { type: 'integer', minimum: 0 },
      },
      budgets: {
        type: 'object',
        additionalProperties: false,
        description: 'Limits: the CLI exits 1 when one is exceeded.',
        properties: {
          monthlyUsd: usd('Expected monthly cost of all audited sites, in USD.'),
          perCallUsd: usd('Expected cost of one call of any site, in USD.'),
          perFile: {
            type: 'array',
            description: 'Expected monthly cost of the files matching a glob, in USD.',
            items: { type: 'object', required: ['glob', 'monthlyUsd'], additionalProperties: false, properties: { glob: { type: 'string' }, monthlyUsd: usd('Monthly limit in USD.') } },
          },
          diff: {
            type: 'object',
            additionalProperties: false,
            description: 'Limits on the increase `prompt-cost diff` reports against the base branch.',
            properties: { monthlyUsd: usd('Largest allowed increase of the expected monthly cost, in USD.'), percent: { type: 'number', minimum: 0, description: 'Largest allowed increase, in percent.' } },
          },
        },
      },
      rules: rulesSchema(),
      include: globList('Files audited (globs relative to the workspace root).', DEFAULT_CONFIG.include),
      exclude: globList('Files never audited; added to the built-in exclusions (node_modules, .git, dist, …).', []),
      promptGlobs: globList('Globs of plain .txt/.md prompt files.', DEFAULT_CONFIG.promptGlobs),
      batchable: globList('Globs of sites whose calls can go through a batch API (for the savings waterfall).', []),
      cache: {
        type: 'object',
        additionalProperties: false,
        description: 'Prompt-cache assumptions.',
        properties: {
          hitRate: { type: 'number', minimum: 0, maximum: 1, default: DEFAULT_CONFIG.cache.hitRate, description: 'Share of calls that hit a warm cache.' },
          ttl: { type: 'string', enum: ['5m', '1h', '30m', '12h'], default: DEFAULT_CONFIG.cache.ttl, description: 'Cache-write TTL assumed: 5m or 1h (Anthropic), 30m or 12h (OpenAI, from GPT-5.6).' },
        },
      },
      models: {
        type: 'object',
        default: {},
        description: 'Price overrides and extra models, keyed by model id, in USD per million tokens. A new model needs provider, prices.input, prices.output, contextWindow and maxOutputTokens.',
        propertyNames: { anyOf: [{ enum: models }, { type: 'string' }] },
        additionalProperties: {
          type: 'object',
          properties: {
            provider: { type: 'string', description: 'openai, anthropic, google, …' },
            prices: {
              type: 'object',
              description: 'USD per million tokens.',
              properties: { input: usd('Input.'), output: usd('Output.'), cachedInput: usd('Input read from the prompt cache.'), cacheWrite5m: usd('Cache write, 5-minute TTL.'), cacheWrite1h: usd('Cache write, 1-hour TTL.'), cacheWrite30m: usd('Cache write, 30-minute retention (OpenAI).'), cacheWrite12h: usd('Cache write, 12-hour retention (OpenAI).') },
            },
            contextWindow: { type: 'integer', minimum: 1, description: 'Input plus output tokens the model accepts.' },
            maxOutputTokens: { type: 'integer', minimum: 1, description: 'Longest reply the model produces.' },
            aliases: { type: 'array', items: { type: 'string' }, description: 'More names for this model.' },
          },
        },
      },
      aliases: {
        type: 'object',
        default: {},
        description: 'Custom model names (an Azure deployment, a gateway route) mapped to catalog ids.',
        additionalProperties: modelName('The catalog model this name stands for.'),
      },
      serviceTiers: {
        type: 'array',
        description: 'Service tier (priority, flex, …) per file glob: sites in matching files are priced at that tier.',
        default: [],
        items: { type: 'object', required: ['glob', 'tier'], additionalProperties: false, properties: { glob: { type: 'string', description: 'Files this tier applies to.' }, tier: { type: 'string', enum: [...SERVICE_TIERS], description: 'standard, batch, flex or priority; a tier the model does not offer is priced at standard and said so.' } } },
      },
      failOnUnknownModel: { type: 'boolean', default: DEFAULT_CONFIG.failOnUnknownModel, description: 'The CLI fails when a site names a model the catalog does not know.' },
      turnsPerSession: { type: 'integer', minimum: 1, maximum: 10000, default: DEFAULT_CONFIG.turnsPerSession, description: 'Turns in a chat session, for a conversation history resent in full each turn (a loop with a literal bound uses its bound).' },
      responseCache: {
        type: 'object',
        additionalProperties: false,
        description: 'Response-cache assumptions, for calls whose whole input is static or takes few values.',
        properties: { hitRate: { type: 'number', minimum: 0, maximum: 1, default: DEFAULT_CONFIG.responseCache.hitRate, description: 'Share of calls a cache of whole answers would serve.' } },
      },
      priceDataMaxAgeDays: { type: 'integer', minimum: 0, default: DEFAULT_CONFIG.priceDataMaxAgeDays, description: 'Warn when the price data is older than this many days.' },
      testPaths: globList('Globs of test, fixture, example and docs paths: their sites are audited but left out of the totals, findings and budgets unless includeTests is true.', DEFAULT_CONFIG.testPaths),
      includeTests: { type: 'boolean', default: DEFAULT_CONFIG.includeTests, description: 'Count the sites under testPaths in the totals, findings and budgets (the CLI\'s --include-tests).' },
      litellm: {
        description: 'LiteLLM price files (model_prices_and_context_window.json) inside the workspace; they price models the catalog lacks.',
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      },
    },
  };
}

/** The schema file's text, as committed. */
export function configSchemaText(): string {
  return JSON.stringify(buildConfigSchema(), null, 2) + '\n';
}
