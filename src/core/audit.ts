// The audit pipeline shared by the CLI and the extension: text in, sites with tokens, costs and findings out.
import { markStartup } from './startupMarks';
import { matchesGlob } from './glob';
import type { AuditConfig } from './config';
import { callsPerMonthFor, serviceTierFor } from './config';
import { LineIndex } from './lineIndex';
import { findingContentHash, setContentHashLater, siteContentHash, siteContentHashLater } from './report/fingerprint';
import { estimateCost, withConversation, type CostEstimate } from './pricing/cost';
import { conversationTokens } from './estimates/conversation';
import { latencyFor } from './estimates/latency';
import type { OutputHint } from './estimates/outputHints';
import type { Catalog, ModelEntry, ServiceTier } from './pricing/types';
import { tieredEntry } from './pricing/tiers';
import { scanDocument } from './scanning';
import { chatFramingTokens, countTokens, describeTokenizer, prepareEncodings } from './tokenizing';
import type { TokenCount, TokenizerId } from './tokenizing/types';
import type { Finding, ModelSource, PromptSite, ScanProblem, ScanResult } from './types';
import { tokenizerForModelName } from './pricing/names';
import { runDocumentRules } from './rules/engine';
import type { RuleContext } from './rules/types';
import { simulateSiteCache } from './cache';
import { outputHintFor } from './estimates/outputHints';
import { placeholderSize } from './estimates/placeholderSizes';
import { joinedListOf } from './scanning/joinedLists';
import { capProblems } from './problemCap';

export type { SiteTokens, AuditedSite, DocumentAudit, AuditContext } from './auditTypes';
import type { AuditContext, AuditedSite, DocumentAudit, SiteTokens } from './auditTypes';

/** The first configured model: it prices sites that name none when their provider is unknown. */
export function defaultModel(config: AuditConfig, catalog: Catalog): { modelId: string | null; entry?: ModelEntry } {
  const modelId = config.compareModels[0] ?? null;
  return { modelId, entry: modelId ? catalog.resolve(modelId) : undefined };
}

/** The model pricing a site that names none, by its provider: never another provider's model. */
export function providerDefaultModel(provider: string | null, config: AuditConfig, catalog: Catalog): { modelId: string | null; entry?: ModelEntry; source: ModelSource } {
  const workspace = defaultModel(config, catalog);
  if (!provider) return { ...workspace, source: 'workspace-default' };
  // The user's first model still wins when it is of the site's provider (`--models gpt-4.1` prices OpenAI calls with it).
  if (workspace.entry?.provider === provider) return { ...workspace, source: 'workspace-default' };
  const configured = Object.prototype.hasOwnProperty.call(config.defaultModels, provider) ? config.defaultModels[provider] : undefined;
  if (configured) return { modelId: configured, entry: catalog.local?.(provider, configured) ?? catalog.resolve(configured), source: 'provider-default' };
  // A provider with no default configured: unpriced rather than priced as another provider's model.
  return { modelId: null, source: 'provider-default' };
}

/**
 * The model a site's numbers use: its own (resolved through the catalog), else its provider's default, else the workspace
 * default. A local provider's model (Ollama) is priced at $0 API cost whatever its name, even one the catalog knows as
 * another provider's hosted model: the call goes to the user's own server.
 */
export function effectiveModel(site: PromptSite, config: AuditConfig, catalog: Catalog): { modelId: string | null; isDefault: boolean; entry?: ModelEntry; source: ModelSource } {
  if (site.model) return { modelId: site.model, isDefault: false, entry: catalog.local?.(site.provider, site.model) ?? catalog.resolve(site.model), source: site.modelSource ?? 'literal' };
  return { ...providerDefaultModel(site.provider, config, catalog), isDefault: true };
}

const PROVIDER_ESTIMATORS = new Map<string, TokenizerId>([
  ['anthropic', 'anthropic-estimate'],
  ['google', 'gemini-estimate'],
  ['openai', 'openai-estimate'],
]);

/**
 * Tokenizer for a site's model: the catalog entry's; for a model outside the catalog the encoding its name implies
 * (OpenAI families count exactly, `gpt-3.5-*` with cl100k_base), else its provider's estimator, else the generic one.
 * A count is exact only when the tokenizer is the model's own.
 */
export function tokenizerFor(entry: ModelEntry | undefined, modelId: string | null = null, provider: string | null = null): { id: TokenizerId; ratio?: number } {
  if (entry) return { id: entry.tokenizer, ratio: entry.tokenRatio };
  const byName = modelId ? tokenizerForModelName(modelId) : 'generic-estimate';
  if (byName !== 'generic-estimate') return { id: byName };
  return { id: (provider ? PROVIDER_ESTIMATORS.get(provider) : undefined) ?? 'generic-estimate' };
}

export function countForModel(text: string, entry: ModelEntry | undefined, modelId: string | null = null, provider: string | null = null): TokenCount {
  const tokenizer = tokenizerFor(entry, modelId, provider);
  return countTokens(text, tokenizer.id, tokenizer.ratio === undefined ? undefined : { ratio: tokenizer.ratio });
}

/** Calls per run of the code around a call: the product of its loops' literal bounds (1 when a loop has none or can stop early: unknown, not assumed). */
export function callsPerRunOf(site: PromptSite): number {
  const loops = site.loops ?? [];
  if (loops.length === 0 || loops.some((loop) => loop.iterations === null || loop.earlyExit)) return 1;
  return loops.reduce((product, loop) => product * (loop.iterations ?? 1), 1);
}

/** Static tokens: each maximal run of literal text between placeholders is counted on its own, as it is encoded. */
export function countSiteTokens(site: PromptSite, entry: ModelEntry | undefined, config: AuditConfig, modelId: string | null = site.model): SiteTokens {
  const tokenizer = tokenizerFor(entry, modelId, site.provider);
  let exact = true;
  let errorBand: number | undefined;
  let assumedDynamic = 0;
  const placeholders = new Map<string, SiteTokens['placeholders'][number]>();
  const perMessage: number[] = [];
  for (const message of site.messages) {
    let messageTokens = 0;
    let run = '';
    const flush = () => {
      if (run.length === 0) return;
      const count = countForModel(run, entry, modelId, site.provider);
      messageTokens += count.tokens;
      if (!count.exact) {
        exact = false;
        errorBand = Math.max(errorBand ?? 0, count.errorBand ?? 0);
      }
      run = '';
    };
    for (const segment of message.segments) {
      if (segment.kind === 'static') run += segment.text;
      else {
        flush();
        if (!segment.control) {
          const known = placeholders.get(segment.name);
          if (known) known.occurrences++;
          else {
            // A value that joins a list (`"\n".join(docs)`) repeats per element: marked, with the list's name.
            const joins = segment.joins ?? joinedListOf(segment.name);
            placeholders.set(segment.name, { name: segment.name, raw: segment.raw || segment.name, occurrences: 1, ...placeholderSize(segment.name, config), ...(joins ? { joins } : {}) });
          }
          assumedDynamic += placeholders.get(segment.name)!.tokens;
        }
      }
    }
    flush();
    perMessage.push(messageTokens);
  }
  const staticTokens = perMessage.reduce((sum, n) => sum + n, 0);
  const framing = site.messages.length > 0 ? chatFramingTokens(site.messages.length) : 0;
  return {
    static: staticTokens,
    framing,
    assumedDynamic,
    // An estimating tokenizer is never exact, even for a site with no static text to count.
    exact: exact && describeTokenizer(tokenizer.id).exact,
    tokenizer: tokenizer.id,
    errorBand,
    perMessage,
    placeholders: [...placeholders.values()],
  };
}

/**
 * Prices a site for a model: its long-context and service tiers, expected and worst-case figures, and for a call that
 * resends a growing conversation its average turn (`cost.conversation`). One function for the audit and every repricing.
 */
export function priceSite(
  site: PromptSite,
  tokens: SiteTokens,
  model: { modelId: string | null; entry?: ModelEntry },
  callsPerMonth: number | null,
  config: AuditConfig,
  serviceTier: ServiceTier,
  outputHint?: OutputHint,
): { cost: CostEstimate; pricedEntry?: ModelEntry; priceTiers: string[] } {
  let pricedEntry: ModelEntry | undefined;
  let priceTiers: string[] = [];
  const price = (inputTokens: number): CostEstimate => {
    // The one hook of tiers into cost: the entry's prices become the ones this request is billed at.
    const tiered = model.entry ? tieredEntry(model.entry, { promptTokens: inputTokens, serviceTier }) : undefined;
    pricedEntry = tiered?.entry;
    priceTiers = [...(tiered?.applied ?? [])];
    if (tiered?.unavailable) priceTiers.push(`${tiered.unavailable} tier not offered for ${model.entry!.id}: standard prices`);
    return estimateCost({
      model: model.modelId ?? 'unknown',
      entry: pricedEntry,
      inputTokens,
      cap: site.maxOutputTokens,
      callsPerMonth,
      config,
      ...(outputHint ? { outputHint } : {}),
      ...(site.reasoning ? { reasoning: site.reasoning } : {}),
    });
  };
  const inputTokens = tokens.static + tokens.framing + tokens.assumedDynamic;
  const cost = withConversation(price, inputTokens, (replyTokens) => conversationTokens(site.conversation, tokens, config, replyTokens));
  return { cost, pricedEntry, priceTiers };
}

export function auditSite(site: PromptSite, context: AuditContext): AuditedSite {
  const { config, catalog } = context;
  const model = effectiveModel(site, config, catalog);
  const tokens = countSiteTokens(site, model.entry, config, model.modelId);
  // A call in loops with literal bounds runs their product of times per run of the code the volume counts.
  const callsPerRun = callsPerRunOf(site);
  const configuredCalls = callsPerMonthFor(config, site.file, matchesGlob);
  const callsPerMonth = configuredCalls === null ? null : configuredCalls * callsPerRun;
  const outputHint = outputHintFor(site, context.pieceMemo);
  const serviceTier: ServiceTier = site.serviceTier ?? serviceTierFor(config, site.file, matchesGlob);
  const priced = priceSite(site, tokens, model, callsPerMonth, config, serviceTier, outputHint);
  const { cost, pricedEntry, priceTiers } = priced;
  const audited: AuditedSite = { ...(callsPerRun !== 1 ? { callsPerRun } : {}), site, modelId: model.modelId, modelIsDefault: model.isDefault, modelSource: model.source, modelEntry: pricedEntry, tokens, cost, callsPerMonth, serviceTier, priceTiers, ...(outputHint ? { outputHint } : {}) };
  audited.latency = latencyFor(pricedEntry, cost);
  try {
    audited.cache = simulateSiteCache(audited, { config, countTokens: (text) => countForModel(text, model.entry, model.modelId, site.provider) });
  } catch {
    // A simulation failure must not hide the rest of the audit; the site simply shows no cache state.
  }
  return audited;
}

/** What the document rules see of an audited document; a rule naming no model counts with the config's first. */
export function documentRuleContext(file: string, text: string, lineIndex: LineIndex, sites: readonly AuditedSite[], context: AuditContext): RuleContext {
  const defaultEntry = defaultModel(context.config, context.catalog).entry;
  return { file, text, lineIndex, sites, config: context.config, catalog: context.catalog, countTokens: (value, model) => countForModel(value, model ?? defaultEntry), ...(context.pieceMemo ? { pieceMemo: context.pieceMemo } : {}) };
}

/** Audits one document: scan, count, price, simulate caching, run the rules. Never throws. */
export async function auditDocument(file: string, text: string, context: AuditContext): Promise<DocumentAudit> {
  markStartup('first-audit-start');
  // Counting is synchronous: a host that reads files asynchronously (the web worker) gets the rank files read here.
  // A failed read is not fatal: each count then fails with a message naming the file, reported per site.
  await prepareEncodings(context.readBundledFile).catch(() => undefined);
  let scan: ScanResult;
  try {
    scan = await scanDocument(file, text, { ...context, promptGlobs: context.config.promptGlobs });
    markStartup('first-audit-scanned');
  } catch (error) {
    scan = { sites: [], problems: [{ file, severity: 'error', message: `could not scan: ${(error as Error).message}` }] };
  }
  return auditScanned(file, text, context, scan);
}

/** `auditDocument` after its scan: for a caller that has scanned the text already (a re-audit that could not go on). */
export function auditScanned(file: string, text: string, context: AuditContext, scan: ScanResult): DocumentAudit {
  const problems: ScanProblem[] = [...scan.problems];
  const sites: PromptSite[] = scan.sites;
  const dependencies = scan.dependencies;
  const audited: AuditedSite[] = [];
  for (const site of sites) {
    try {
      audited.push(auditSite(site, context));
    } catch (error) {
      problems.push({ file, severity: 'error', message: `could not audit a site: ${(error as Error).message}`, span: site.anchor });
    }
  }
  markStartup('first-audit-priced');
  const lineIndex = new LineIndex(text);
  let findings: Finding[] = [];
  if (audited.length > 0) {
    try {
      findings = runDocumentRules(documentRuleContext(file, text, lineIndex, audited, context));
    } catch (error) {
      problems.push({ file, severity: 'error', message: `rules failed: ${(error as Error).message}` });
    }
  }
  // Fingerprints need the text, which the audit does not keep (LineIndex holds only its length).
  // With a memo (an open prompt file's re-audit), a long site's hash is finished when first read (siteContentHashLater).
  for (const entry of audited) {
    if (context.pieceMemo) setContentHashLater(entry, siteContentHashLater(entry.site, text, context.pieceMemo));
    else entry.contentHash = siteContentHash(entry.site, text);
  }
  for (const finding of findings) finding.contentHash = findingContentHash(finding, text);
  markStartup('first-audit-end');
  return { file, lineIndex, sites: audited, findings, problems: capProblems(file, problems), ...(dependencies ? { dependencies } : {}) };
}
