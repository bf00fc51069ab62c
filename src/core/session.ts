// Builds the AuditContext from config text and optional LiteLLM price files: the same in the CLI and the extension.
import { DEFAULT_CONFIG, parseConfig, type AuditConfig } from './config';
import type { AuditContext } from './auditTypes';
import type { ReadBundledFile } from './host';
import { loadCatalog, type LoadCatalogOptions } from './pricing/catalog';
import { importLiteLLM } from './pricing/litellm';
import type { ModelEntry } from './pricing/types';
import type { ScanProblem } from './types';
import { capProblems } from './problemCap';
import { describeRules } from './rules/registry';

export interface SessionInputs {
  /** `.promptcost.yaml` text, when the workspace has one. */
  configText?: string;
  configFile?: string;
  /** Settings from the editor, applied before `.promptcost.yaml` (the file wins for what it sets). */
  baseConfig?: AuditConfig;
  /** Contents of LiteLLM price files named by the config or imported by the user. */
  litellmFiles?: Array<{ file: string; text: string; asOf: string }>;
  /** Reads a LiteLLM price file that the config names (path as written there); throwing reports a problem. */
  readConfiguredLiteLLM?: (file: string) => { file: string; text: string; asOf: string };
  /** The day to price for (`--as-of`), YYYY-MM-DD; default today (UTC). */
  pricedOn?: string;
  /** The price file stored by `prices update` / "Update Prices" (LiteLLM map text), when there is one. */
  updatedPrices?: { text: string; source: string; asOf: string };
  /** False in an untrusted workspace: the config's `litellm:` files are then not read (see parseConfig). */
  trusted?: boolean;
  /** Overrides applied after the config (e.g. the CLI's --models). */
  adjust?: (config: AuditConfig) => AuditConfig;
  readBundledFile: ReadBundledFile;
}

/** The inputs that are plain data: what a worker needs to build the same session (it brings its own file reader). */
export type PlainSessionInputs = Omit<SessionInputs, 'readBundledFile' | 'readConfiguredLiteLLM' | 'adjust'>;

export interface AuditSession {
  context: AuditContext;
  problems: ScanProblem[];
}

/** `.promptcost.yaml` parsed over the base config: a host that must read the files it names first parses it once here. */
export interface SessionConfig {
  config: AuditConfig;
  problems: ScanProblem[];
  modelMentions: ReturnType<typeof parseConfig>['modelMentions'];
}

export function loadSessionConfig(inputs: Pick<SessionInputs, 'configText' | 'configFile' | 'baseConfig' | 'trusted'>): SessionConfig {
  const base = inputs.baseConfig ?? DEFAULT_CONFIG;
  if (inputs.configText === undefined) return { config: base, problems: [], modelMentions: [] };
  const loaded = parseConfig(inputs.configText, inputs.configFile ?? '.promptcost.yaml', base, { ruleIds: describeRules().map((rule) => rule.id), trusted: inputs.trusted !== false });
  // Capped like a document's problems: a broken config can have one per line (150,000 YAML errors in 814 KB).
  return { config: loaded.config, problems: capProblems(inputs.configFile ?? '.promptcost.yaml', loaded.problems).slice(), modelMentions: loaded.modelMentions };
}

/** `loaded`: the config already parsed by loadSessionConfig with the same inputs (it is not parsed again). */
export function createAuditSession(inputs: SessionInputs, loaded: SessionConfig = loadSessionConfig(inputs)): AuditSession {
  const configFile = inputs.configFile ?? '.promptcost.yaml';
  const problems: ScanProblem[] = [...loaded.problems];
  let config = loaded.config;
  const modelMentions = loaded.modelMentions;
  if (inputs.adjust) config = inputs.adjust(config);
  const extraModels: ModelEntry[] = [];
  const litellmFiles = [...(inputs.litellmFiles ?? [])];
  for (const file of config.litellmFiles) {
    if (!inputs.readConfiguredLiteLLM) break;
    try {
      litellmFiles.push(inputs.readConfiguredLiteLLM(file));
    } catch (error) {
      problems.push({ file: configFile, severity: 'error', message: `litellm: cannot read ${file}: ${(error as Error).message}` });
    }
  }
  for (const litellm of litellmFiles) {
    const imported = importLiteLLM(litellm.text, { source: litellm.file, asOf: litellm.asOf });
    // A loop, not push(...models): a large price map would overflow the call stack with one argument per model.
    for (const model of imported.models) extraModels.push(model);
    for (const problem of imported.problems.slice(0, 20)) problems.push({ file: litellm.file, severity: 'warning', message: problemText(problem) });
    if (imported.problems.length > 20) problems.push({ file: litellm.file, severity: 'warning', message: `${imported.problems.length - 20} more entries skipped` });
  }
  let updatedPrices: LoadCatalogOptions['updatedPrices'];
  if (inputs.updatedPrices) {
    const imported = importLiteLLM(inputs.updatedPrices.text, { source: inputs.updatedPrices.source, asOf: inputs.updatedPrices.asOf });
    if (imported.models.length > 0) updatedPrices = { models: imported.models, source: `${inputs.updatedPrices.source} (fetched ${inputs.updatedPrices.asOf})`, asOf: inputs.updatedPrices.asOf };
    else problems.push({ file: inputs.updatedPrices.source, severity: 'warning', message: 'the stored price file has no usable prices; the bundled catalog is used' });
  }
  const catalog = loadCatalog({ overrides: config.modelOverrides ?? undefined, aliases: config.modelAliases, extraModels, fileLabel: configFile, pricedOn: inputs.pricedOn, updatedPrices });
  for (const problem of catalog.problems) problems.push({ file: configFile, severity: 'warning', message: problemText(problem) });
  // A misspelt model in compareModels would silently price every site that names none as "unpriced".
  for (const mention of modelMentions) {
    if (catalog.catalog.resolve(mention.name)) continue;
    const nearest = catalog.catalog.nearest(mention.name, 1);
    problems.push({
      file: configFile,
      severity: 'warning',
      message: `unknown model "${mention.name}" in compareModels${nearest.length ? ` (did you mean "${nearest[0]}"?)` : ''}; its sites are unpriced`,
      ...(mention.span ? { span: mention.span } : {}),
    });
  }
  return { context: { config, catalog: catalog.catalog, readBundledFile: inputs.readBundledFile }, problems };
}

function problemText(problem: unknown): string {
  if (typeof problem === 'string') return problem;
  const record = problem as { path?: string; message?: string };
  return record.path ? `${record.path}: ${record.message}` : String(record.message ?? problem);
}
