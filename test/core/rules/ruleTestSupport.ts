// Shared by the rule suites: audits fixture files through the real pipeline and renders findings as exact strings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDocument, auditSite, countForModel, type AuditedSite, type DocumentAudit } from '../../../src/core/audit';
import { DEFAULT_CONFIG, parseConfig, type AuditConfig } from '../../../src/core/config';
import { LineIndex } from '../../../src/core/lineIndex';
import { loadCatalog } from '../../../src/core/pricing/catalog';
import type { Catalog, ModelEntry } from '../../../src/core/pricing/types';
import type { RuleContext } from '../../../src/core/rules/types';
import type { Finding, PromptSite } from '../../../src/core/types';

// Bundled suites run from out/test/core/rules; the repository root is four levels up.
export const repositoryRoot = path.resolve(__dirname, '../../../..');
export const rulesFixtures = path.join(repositoryRoot, 'test/fixtures/rules');
const wasmFolder = path.join(repositoryRoot, 'dist/wasm');

/** Priced on a fixed day, so dated price changes and retirements give the same findings on any day the suite runs. */
export const bundledCatalog = loadCatalog({ pricedOn: '2026-12-03' }).catalog;

export function readFixture(relativePath: string): string {
  return fs.readFileSync(path.join(rulesFixtures, relativePath), 'utf8');
}

export function configFrom(yaml: string): AuditConfig {
  const loaded = parseConfig(yaml);
  if (loaded.problems.length > 0) throw new Error(`test config: ${loaded.problems.map((problem) => problem.message).join('; ')}`);
  return loaded.config;
}

/** Audits `relativePath` under test/fixtures/rules (or another root) with the bundled catalog. */
export async function auditFixture(relativePath: string, config: AuditConfig = DEFAULT_CONFIG, root = rulesFixtures): Promise<{ text: string; audit: DocumentAudit; lineIndex: LineIndex }> {
  const text = fs.readFileSync(path.join(root, relativePath), 'utf8');
  const audit = await auditDocument(relativePath, text, {
    config,
    catalog: bundledCatalog,
    promptGlobs: config.promptGlobs,
    readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(wasmFolder, name))),
  });
  return { text, audit, lineIndex: new LineIndex(text) };
}

/** `line:column-line:column severity rule: message`, 1-based like an editor shows it. */
export function describeFinding(finding: Finding, lineIndex: LineIndex): string {
  const start = lineIndex.positionAt(finding.span.start);
  const end = lineIndex.positionAt(finding.span.end);
  return `${start.line + 1}:${start.column + 1}-${end.line + 1}:${end.column + 1} ${finding.severity} ${finding.rule}: ${finding.message}`;
}

export function findingsOf(audit: DocumentAudit, lineIndex: LineIndex, rule?: string): string[] {
  return audit.findings.filter((finding) => !rule || finding.rule === rule).map((finding) => describeFinding(finding, lineIndex));
}

/** The expected file next to a fixture: `name.fixed.ext` (`x.prompt.yml` → `x.fixed.prompt.yml`). */
export function fixedPathOf(relativePath: string): string {
  return relativePath.replace(/(\.prompt\.ya?ml|\.prompt\.md|\.[a-z]+)$/, '.fixed$1');
}

// ---- Hand-built sites and a small in-test catalog, for rules on sites the scanners never produce. ----

function model(id: string, fields: Partial<ModelEntry> & Pick<ModelEntry, 'prices' | 'contextWindow' | 'maxOutputTokens'>): ModelEntry {
  return {
    id,
    provider: id.startsWith('claude') ? 'anthropic' : 'openai',
    displayName: id,
    aliases: [],
    tokenizer: id.startsWith('claude') ? 'anthropic-estimate' : 'o200k_base',
    caching: { mechanism: 'automatic', minimumTokens: 1024 },
    source: 'test',
    asOf: '2026-11-01',
    ...fields,
  };
}

export const testModels: ModelEntry[] = [
  model('big-model', { prices: { input: 5, output: 20 }, contextWindow: 10000, maxOutputTokens: 4000, tier: 'frontier', smallSibling: 'small-model' }),
  model('small-model', { prices: { input: 0.5, output: 2 }, contextWindow: 10000, maxOutputTokens: 4000, tier: 'small' }),
];

export const testCatalog: Catalog = {
  asOf: '2026-11-01',
  pricedOn: '2026-11-01',
  models: testModels,
  resolve: (name) => testModels.find((entry) => entry.id === name.toLowerCase()),
  nearest: (name) => (name.startsWith('big') ? ['big-model'] : []),
};

export const testConfig: AuditConfig = configFrom('compareModels: [small-model]\ncallsPerMonth: 1000\n');

export function site(fields: Partial<PromptSite>): PromptSite {
  return {
    kind: 'call',
    file: 'src/app.ts',
    span: { start: 0, end: 0 },
    anchor: { start: 0, end: 0 },
    provider: 'openai',
    api: 'openai.chat.completions',
    model: 'big-model',
    maxOutputTokens: null,
    messages: [],
    ...fields,
  };
}

export function audit(promptSite: PromptSite, config: AuditConfig = testConfig, catalog: Catalog = testCatalog): AuditedSite {
  return auditSite(promptSite, { config, catalog, readBundledFile: async () => new Uint8Array() });
}

export function ruleContext(text: string, sites: AuditedSite[], config: AuditConfig = testConfig, catalog: Catalog = testCatalog, file = 'src/app.ts'): RuleContext {
  return {
    file,
    text,
    lineIndex: new LineIndex(text),
    sites,
    config,
    catalog,
    countTokens: (value, entry) => countForModel(value, entry ?? catalog.resolve(config.compareModels[0])),
  };
}
