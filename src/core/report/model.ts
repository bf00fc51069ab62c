// The audit report: the CLI's JSON contract (schemaVersion 2) and the data every renderer starts from.
// Version 2: costs are expected figures, the worst case sits beside them, findings' money fields say what they mean.
import type { AuditedSite, DocumentAudit } from '../auditTypes';
import type { AuditConfig, CacheTtl } from '../config';
import type { Catalog } from '../pricing/types';
import { daysBetween } from '../pricing/tiers';
import type { Finding, ModelSource, OutputCap, ScanProblem, Severity, SiteKind } from '../types';
import { FINDING_MONEY_FIELDS, sitePlaceholders } from '../types';
import type { WorkspaceAudit } from '../workspaceAudit';
import { matchesGlob } from '../glob';
import { LineIndex } from '../lineIndex';
import { contentFingerprint, withOccurrences } from './fingerprint';
import { isTestPath, noFindings, summariseTestPaths, type TestPathFile, type TestPathsSummary } from '../testPaths';

export const SCHEMA_VERSION = 2;

export interface ReportSiteCache {
  provider: string;
  cacheablePrefixTokens: number;
  minimumTokens: number;
  cacheable: boolean;
  /** Static tokens (framing included) before the first dynamic text, in send order. */
  staticPrefixTokens: number;
  /** Line and placeholder of the first dynamic text in send order, whether or not it costs money today; null when all is static. */
  prefixEndsAt: { line: number; placeholder: string } | null;
  /** A break that matters: moving the dynamic text later would cache at least a provider minimum more. */
  breaksAt: { line: number; placeholder: string } | null;
  monthlySavingIfReorderedUsd: number | null;
  /** Anthropic cache TTL advice (5m vs 1h writes) at the configured volume, for explicit caching with both prices listed. */
  ttlAdvice?: { cheaperTtl: CacheTtl; shortTtl: CacheTtl; longTtl: CacheTtl; configuredTtl: CacheTtl; prefixTokens: number; callsPerHour: number; breakEvenCallsPerHour: number; monthlySavingUsd: number };
}

export interface ReportSite {
  file: string;
  /** Line in the file (for a notebook, in its JSON: a stable location for SARIF and editors). */
  line: number;
  endLine: number;
  column: number;
  /** For a site in a Jupyter notebook: the 1-based cell (all cells counted) and line within it. */
  notebookCell?: { cell: number; line: number };
  kind: SiteKind;
  provider: string | null;
  api: string | null;
  model: string | null;
  /** Source of the model expression when it could not be resolved. */
  modelExpression?: string;
  /** Both models of a two-branch conditional in source order; `model` (and the price) is the first. */
  modelAlternatives?: string[];
  /** Catalog id of the model the costs were computed for: the site's own, else its provider's default, else the workspace default. */
  pricedModel: string | null;
  pricedModelIsDefault: boolean;
  /**
   * Present (true) when `pricedModel` runs on the user's own server through a local provider (Ollama): the cost fields
   * are 0 because such a call has no per-token API price, not because a price is missing (that is null). Hardware,
   * power and time are not counted.
   */
  local?: true;
  /** Where `pricedModel` came from (added in schemaVersion 2): literal, constant, default-argument, fallback, env-default, conditional, imported-constant, dotenv, sending-call (a sent prompt file), provider-default, workspace-default. */
  modelSource: ModelSource;
  /** Where the model id is written when not in the site's file, or the `.env` line (added in schemaVersion 2). */
  modelFrom?: { file: string; line: number };
  maxOutputTokens: OutputCap;
  capParameter?: string;
  placeholders: string[];
  /** Assumed size of each placeholder's value and where it comes from (`config`, `meaning`, `default`). */
  placeholderSizes: Array<{ name: string; tokens: number; occurrences: number; source: string; reason?: string; joins?: string }>;
  tokens: {
    static: number;
    exact: boolean;
    tokenizer: string;
    framing: number;
    assumedDynamic: number;
    errorBand?: number;
  };
  /** Expected output tokens per call (a reasoning model's reasoning included: it is billed as output). */
  outputTokens: number;
  /** Loops around the call inside its function, innermost first: kind, literal bound (null: none) and the bound's line. */
  loops?: Array<{ kind: string; iterations: number | null; line: number; earlyExit?: boolean }>;
  /** Calls per run of the surrounding code (the product of the loops' literal bounds); `callsPerMonth` includes it. */
  callsPerRun?: number;
  /**
   * A conversation the call resends and the code grows each turn (added in schemaVersion 2, no other field changed
   * meaning): the expected figures above are its average turn; here turn 1, the last turn and a whole session.
   */
  conversation?: ReportConversation;
  /** A reasoning model's reasoning: the effort and where it comes from, the tokens assumed, and the low / expected / high range. */
  reasoning?: ReportReasoning;
  /**
   * Seconds to the first token and to the end of the expected reply at the model's typical output speed (added in
   * schemaVersion 2): null seconds and source when the catalog has no speed for the model (unknown, not guessed).
   */
  latency?: { timeToFirstTokenSeconds: number | null; totalSeconds: number | null; tokensPerSecond: number | null; source: string | null; asOf: string | null };
  /** `cap` | `prompt-hint` | `configured`: where `outputTokens` comes from. */
  outputBasis: string;
  /** The reply length the prompt asks for, when it says (`{ tokens: 5, label: "one word" }`). */
  outputHint?: { tokens: number; label: string };
  /** Output bound: min(cap, model's maximum output), or the model's maximum without a cap; null when neither is known. */
  worstCaseOutputTokens: number | null;
  /** True when the cap exceeds the model's maximum output (the bound is the model's maximum). */
  capAboveModelMax: boolean;
  /** Expected cost per call. null = unpriced (model not in the catalog). */
  costPerCallUsd: number | null;
  costPer1kCallsUsd: number | null;
  callsPerMonth: number | null;
  /** Expected cost per month. */
  costPerMonthUsd: number | null;
  /** Cost per call if the reply runs to `worstCaseOutputTokens`. */
  worstCasePerCallUsd: number | null;
  worstCasePerMonthUsd: number | null;
  linkedFile?: string;
  /** Other files whose text the static tokens count (`[{file, line}]`: imported prompt constants, prompt files read by code). */
  promptSources?: Array<{ file: string; line: number }>;
  /** In `sentPromptFiles` only: the calls that send this prompt file (`[{file, line}]`, by file then line); the first prices it. */
  sentBy?: Array<{ file: string; line: number }>;
  cache?: ReportSiteCache;
  /** Hash of the site's kind, API and text (whitespace-normalised) with `:N` for the Nth equal site in the file; no line numbers, so it survives moves. */
  fingerprint: string;
  /** Service tier the site is priced at, when not standard (the call's `service_tier` or the config's glob). */
  serviceTier?: string;
  /** Price tiers applied to this request (long context, service tier), in words. */
  priceTiers?: string[];
}

export interface ReportConversation {
  /** The history as the call names it, and the line. */
  history: string;
  line: number;
  /** `loop` (grown in a loop around the call; the loop is the session) or `stored` (a long-lived history resent by a chat handler). */
  growth: string;
  /** The code slices or summarises the history (then no growth is priced); what was read as the truncation. */
  truncated: boolean;
  truncation?: string;
  /** Turns per session and where that number comes from: `loop-bound` or `turnsPerSession`. Absent when truncated. */
  turns?: number;
  turnsSource?: string;
  /** Input tokens of turn 1, added per turn (a user message + the reply + their framing), of the last turn, and the mean. */
  firstTurnInputTokens?: number;
  growthPerTurnTokens?: number;
  lastTurnInputTokens?: number;
  averageInputTokens?: number;
  /** Expected cost of turn 1, of the last turn, and of a whole session (null when unpriced). */
  firstTurnUsd?: number | null;
  lastTurnUsd?: number | null;
  sessionUsd?: number | null;
}

export interface ReportReasoning {
  /** `low` … `xhigh`, `dynamic` (the model decides; priced as medium) or `budget` (an explicit thinking budget). */
  effort: string;
  /** `call` (set at the call) or `model-default` (the catalog's default for the model family). */
  effortSource: string;
  /** The call's parameter and its line, when it set one. */
  parameter?: string;
  line?: number;
  budgetTokens?: number;
  /** Reasoning tokens assumed per call, before the cap. */
  reasoningTokens: { low: number; expected: number; high: number };
  /** The reply alone, without reasoning. */
  replyTokens: number;
  /** Billed output per call (reply + reasoning within the bound) and cost; `expected` equals outputTokens / costPerCallUsd. */
  outputTokens: { low: number; expected: number; high: number };
  costPerCallUsd: { low: number; expected: number; high: number } | null;
  costPerMonthUsd: { low: number; expected: number; high: number } | null;
  assumption: string;
  source: string;
}

export interface ReportFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
  /** Tokens that buy nothing (repeated text, cache writes never read). */
  monthlyWasteUsd?: number;
  /** What the fix saves on the expected monthly cost. */
  monthlySavingUsd?: number;
  /** Worst case added by a missing or too-high output cap, against a right-sized cap. */
  monthlyExposureUsd?: number;
  /** Hash of the rule and the flagged text with `:N` for the Nth equal finding in the file; survives line moves. */
  fingerprint: string;
}

export interface BudgetBreach {
  budget: 'monthlyUsd' | 'perCallUsd' | 'perFile';
  limitUsd: number;
  actualUsd: number;
  file?: string;
  line?: number;
  glob?: string;
}

/** How old the prices are: `asOf` is the date of the newest price fact, `pricedOn` the day costs are for. */
export interface CatalogInfo {
  asOf: string;
  pricedOn?: string;
  /** Days from `asOf` to `pricedOn`. */
  ageDays?: number;
  maxAgeDays?: number;
  /** The data is older than `maxAgeDays` (configured `priceDataMaxAgeDays`). */
  stale?: boolean;
  /** `bundled catalog`, or the price file fetched with `prices update`. */
  source?: string;
}

/** The catalog's date, age and source, for report headers and footers. */
export function catalogInfo(catalog: Catalog, config: Pick<AuditConfig, 'priceDataMaxAgeDays'>): CatalogInfo {
  if (!catalog.pricedOn) return { asOf: catalog.asOf };
  const ageDays = catalog.asOf ? daysBetween(catalog.asOf, catalog.pricedOn) : undefined;
  const maxAgeDays = config.priceDataMaxAgeDays ?? 60;
  return {
    asOf: catalog.asOf,
    pricedOn: catalog.pricedOn,
    ...(ageDays !== undefined ? { ageDays, maxAgeDays, stale: ageDays > maxAgeDays } : {}),
    source: catalog.priceSource ?? 'bundled catalog',
  };
}

/** One line on the age of the prices; a warning line when they are older than configured. */
export function describePriceData(info: CatalogInfo): string[] {
  if (!info.pricedOn) return [`Prices as of ${info.asOf}.`];
  const age = info.ageDays === undefined ? '' : ` (${info.ageDays} day${info.ageDays === 1 ? '' : 's'} old)`;
  const lines = [`Prices as of ${info.asOf}${age}, priced for ${info.pricedOn}; source: ${info.source}.`];
  if (info.stale) lines.push(`Warning: the price data is ${info.ageDays} days old, more than ${info.maxAgeDays}; run "prompt-cost prices update" (or "Prompt Cost: Update Prices") to refresh it.`);
  return lines;
}

export interface AuditReport {
  schemaVersion: 2;
  catalog: CatalogInfo;
  summary: {
    files: number;
    sites: number;
    unpricedSites: number;
    /** Sum of the sites' expected monthly costs; null when no volume is configured. */
    expectedMonthlyUsd: number | null;
    /** Sum of the sites' worst-case monthly costs (every reply at its bound); null when no volume is configured. */
    worstCaseMonthlyUsd: number | null;
    callsPerMonth: number | null;
    findingsBySeverity: Record<Severity, number>;
  };
  sites: ReportSite[];
  findings: ReportFinding[];
  budgets: BudgetBreach[];
  problems: Array<{ file: string; line?: number; severity: Severity; message: string }>;
  /**
   * Sites and findings under test, fixture, example and docs paths (added in version 2, no other field changed meaning):
   * unless `counted`, they are in none of `summary`, `sites`, `findings` and `budgets`.
   */
  testPaths: TestPathsSummary;
  /**
   * Prompt files that calls send (added in version 2, no other field changed meaning): each priced as its first sender
   * sends it (that call's model when the file names none, its cap when the file sets none), with `sentBy`. Their tokens
   * and costs are already in the sending calls, so they are in none of `summary`, `sites` and `budgets`.
   */
  sentPromptFiles: ReportSite[];
}

export interface ReportOptions {
  /** Whether a file is under a test path (default: its path matched against `config.testPaths`; the CLI matches below each audited folder). */
  isTestFile?(file: string): boolean;
}

function roundUsd(amount: number | null): number | null {
  return amount === null ? null : Math.round(amount * 1e9) / 1e9;
}

function notebookCellOf(site: AuditedSite['site']): { notebookCell?: { cell: number; line: number } } {
  const cell = site.details?.notebookCell;
  const line = site.details?.notebookLine;
  return typeof cell === 'number' && typeof line === 'number' ? { notebookCell: { cell, line } } : {};
}

/** Where a site is, as people read it: `file:line`, or in a notebook `file cell 3, line 2`. */
export function siteLocation(site: Pick<ReportSite, 'file' | 'line' | 'notebookCell'>): string {
  return site.notebookCell ? `${site.file} cell ${site.notebookCell.cell}, line ${site.notebookCell.line}` : `${site.file}:${site.line}`;
}

function toReportSite(document: DocumentAudit, audited: AuditedSite): ReportSite {
  const { site, tokens, cost } = audited;
  // `line` is where the prompt starts: the call's callee, or a prompt file's first message (not its front matter).
  const anchor = document.lineIndex.positionAt(site.anchor.start);
  const end = document.lineIndex.positionAt(Math.max(site.anchor.start, site.span.end - 1));
  const reportSite: ReportSite = {
    file: site.file,
    line: anchor.line + 1,
    endLine: end.line + 1,
    column: anchor.column + 1,
    ...notebookCellOf(site),
    kind: site.kind,
    provider: site.provider,
    api: site.api,
    model: site.model,
    pricedModel: audited.modelEntry?.id ?? audited.modelId,
    pricedModelIsDefault: audited.modelIsDefault,
    ...(audited.modelEntry?.local ? { local: true as const } : {}),
    modelSource: audited.modelSource,
    maxOutputTokens: site.maxOutputTokens,
    placeholders: sitePlaceholders(site),
    placeholderSizes: tokens.placeholders.map((p) => ({ name: p.name, tokens: p.tokens, occurrences: p.occurrences, source: p.source, ...(p.reason ? { reason: p.reason } : {}), ...(p.joins ? { joins: p.joins } : {}) })),
    tokens: {
      static: tokens.static,
      exact: tokens.exact,
      tokenizer: tokens.tokenizer,
      framing: tokens.framing,
      assumedDynamic: tokens.assumedDynamic,
    },
    outputTokens: cost.outputTokens,
    outputBasis: cost.outputBasis,
    worstCaseOutputTokens: cost.worstCaseOutputTokens,
    capAboveModelMax: cost.capAboveModelMax,
    costPerCallUsd: roundUsd(cost.perCallUsd),
    costPer1kCallsUsd: roundUsd(cost.per1kCallsUsd),
    callsPerMonth: cost.callsPerMonth,
    costPerMonthUsd: roundUsd(cost.perMonthUsd),
    worstCasePerCallUsd: roundUsd(cost.worstCasePerCallUsd),
    worstCasePerMonthUsd: roundUsd(cost.worstCasePerMonthUsd),
    fingerprint: audited.contentHash ?? contentFingerprint([site.kind, site.api ?? '', site.file]),
  };
  if (cost.outputHint) reportSite.outputHint = { tokens: cost.outputHint.tokens, label: cost.outputHint.label };
  if (site.loops) reportSite.loops = site.loops.map((loop) => ({ kind: loop.kind, iterations: loop.iterations, line: document.lineIndex.positionAt(loop.bound.start).line + 1, ...(loop.earlyExit ? { earlyExit: true } : {}) }));
  if (audited.callsPerRun !== undefined) reportSite.callsPerRun = audited.callsPerRun;
  if (audited.latency) {
    const { speed, timeToFirstTokenSeconds, totalSeconds } = audited.latency;
    const seconds = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
    reportSite.latency = { timeToFirstTokenSeconds: seconds(timeToFirstTokenSeconds), totalSeconds: seconds(totalSeconds), tokensPerSecond: speed?.tokensPerSecond ?? null, source: speed?.sourceText ?? null, asOf: speed?.asOf ?? null };
  }
  if (site.conversation) {
    const growth = site.conversation;
    const priced = cost.conversation;
    reportSite.conversation = {
      history: growth.history,
      line: document.lineIndex.positionAt(growth.span.start).line + 1,
      growth: growth.growth,
      truncated: growth.truncated,
      ...(growth.truncation ? { truncation: growth.truncation } : {}),
      ...(priced
        ? {
            turns: priced.turns,
            turnsSource: priced.turnsSource,
            firstTurnInputTokens: priced.firstTurnInputTokens,
            growthPerTurnTokens: priced.growthPerTurnTokens,
            lastTurnInputTokens: priced.lastTurnInputTokens,
            averageInputTokens: priced.averageInputTokens,
            firstTurnUsd: roundUsd(priced.firstTurnUsd),
            lastTurnUsd: roundUsd(priced.lastTurnUsd),
            sessionUsd: roundUsd(priced.sessionUsd),
          }
        : {}),
    };
  }
  if (cost.reasoning) {
    const reasoning = cost.reasoning;
    const money = (range: { low: number; expected: number; high: number } | null) => range && { low: roundUsd(range.low)!, expected: roundUsd(range.expected)!, high: roundUsd(range.high)! };
    reportSite.reasoning = {
      effort: reasoning.effort,
      effortSource: reasoning.effortSource,
      ...(reasoning.parameter ? { parameter: reasoning.parameter } : {}),
      ...(site.reasoning?.span ? { line: document.lineIndex.positionAt(site.reasoning.span.start).line + 1 } : {}),
      ...(reasoning.budgetTokens !== undefined ? { budgetTokens: reasoning.budgetTokens } : {}),
      reasoningTokens: { ...reasoning.tokens },
      replyTokens: reasoning.replyTokens,
      outputTokens: { ...reasoning.outputTokens },
      costPerCallUsd: money(reasoning.perCallUsd),
      costPerMonthUsd: money(reasoning.perMonthUsd),
      assumption: reasoning.assumption,
      source: reasoning.source,
    };
  }
  if (site.modelExpression) reportSite.modelExpression = site.modelExpression;
  if (site.modelAlternatives) reportSite.modelAlternatives = [...site.modelAlternatives];
  if (site.capParameter) reportSite.capParameter = site.capParameter;
  if (tokens.errorBand !== undefined) reportSite.tokens.errorBand = tokens.errorBand;
  if (site.linkedFile) reportSite.linkedFile = site.linkedFile;
  if (audited.serviceTier && audited.serviceTier !== 'standard') reportSite.serviceTier = audited.serviceTier;
  if (audited.priceTiers?.length) reportSite.priceTiers = [...audited.priceTiers];
  if (site.modelFrom) reportSite.modelFrom = { ...site.modelFrom };
  if (site.promptSources) reportSite.promptSources = site.promptSources.map((source) => ({ ...source }));
  if (site.sentBy) reportSite.sentBy = site.sentBy.map((sender) => ({ ...sender }));
  if (audited.cache) {
    const cache = audited.cache;
    reportSite.cache = {
      provider: cache.provider,
      cacheablePrefixTokens: cache.cacheablePrefixTokens,
      minimumTokens: cache.minimumTokens,
      cacheable: cache.cacheable,
      staticPrefixTokens: cache.staticPrefixTokens,
      prefixEndsAt: cache.prefixEnd ? { line: document.lineIndex.positionAt(cache.prefixEnd.offset).line + 1, placeholder: cache.prefixEnd.placeholder } : null,
      breaksAt: cache.breaksAt ? { line: document.lineIndex.positionAt(cache.breaksAt.offset).line + 1, placeholder: cache.breaksAt.placeholder } : null,
      monthlySavingIfReorderedUsd: roundUsd(cache.monthlySavingIfReorderedUsd),
    };
    if (cache.ttlAdvice) {
      const advice = cache.ttlAdvice;
      reportSite.cache.ttlAdvice = {
        cheaperTtl: advice.cheaperTtl, shortTtl: advice.shortTtl, longTtl: advice.longTtl, configuredTtl: advice.configuredTtl, prefixTokens: advice.prefixTokens,
        callsPerHour: Math.round(advice.callsPerHour * 1000) / 1000, breakEvenCallsPerHour: Math.round(advice.breakEvenCallsPerHour * 1000) / 1000,
        monthlySavingUsd: roundUsd(advice.monthlySavingUsd)!,
      };
    }
  }
  return reportSite;
}

function toReportFinding(finding: Finding, document: DocumentAudit | undefined): ReportFinding {
  const start = document ? document.lineIndex.positionAt(finding.span.start) : { line: 0, column: 0 };
  const end = document ? document.lineIndex.positionAt(finding.span.end) : start;
  const reportFinding: ReportFinding = {
    file: finding.file,
    line: start.line + 1,
    column: start.column + 1,
    endLine: end.line + 1,
    endColumn: end.column + 1,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    fingerprint: finding.contentHash ?? contentFingerprint([finding.rule, finding.file]),
  };
  for (const key of FINDING_MONEY_FIELDS) {
    const amount = finding[key];
    if (amount !== undefined) reportFinding[key] = roundUsd(amount)!;
  }
  return reportFinding;
}

export function evaluateBudgets(sites: readonly ReportSite[], config: AuditConfig): BudgetBreach[] {
  const breaches: BudgetBreach[] = [];
  const { budgets } = config;
  if (budgets.perCallUsd !== undefined) {
    for (const site of sites) {
      if (site.costPerCallUsd !== null && site.costPerCallUsd > budgets.perCallUsd) {
        breaches.push({ budget: 'perCallUsd', limitUsd: budgets.perCallUsd, actualUsd: site.costPerCallUsd, file: site.file, line: site.line });
      }
    }
  }
  const monthly = (list: readonly ReportSite[]) => list.reduce((sum, site) => sum + (site.costPerMonthUsd ?? 0), 0);
  if (budgets.monthlyUsd !== undefined) {
    const total = monthly(sites);
    if (total > budgets.monthlyUsd) breaches.push({ budget: 'monthlyUsd', limitUsd: budgets.monthlyUsd, actualUsd: roundUsd(total)! });
  }
  for (const fileBudget of budgets.perFile) {
    const total = monthly(sites.filter((site) => matchesGlob(fileBudget.glob, site.file)));
    if (total > fileBudget.monthlyUsd) breaches.push({ budget: 'perFile', glob: fileBudget.glob, limitUsd: fileBudget.monthlyUsd, actualUsd: roundUsd(total)! });
  }
  return breaches;
}

/**
 * @param otherTexts texts of files that are not audited documents (the config file), so their problems get a line
 */
export function buildReport(audit: WorkspaceAudit, catalog: Catalog, config: AuditConfig, extraProblems: readonly ScanProblem[] = [], otherTexts: ReadonlyMap<string, string> = new Map(), options: ReportOptions = {}): AuditReport {
  const documentsByFile = new Map(audit.documents.map((document) => [document.file, document]));
  const isTestFile = options.isTestFile ?? ((file: string) => isTestPath(file, config.testPaths));
  const testFiles = new Map<string, TestPathFile>();
  /** Notes a site or finding of a test file; true when it stays out of the totals. */
  const leftOut = (file: string, severity?: Severity): boolean => {
    if (!isTestFile(file)) return false;
    let entry = testFiles.get(file);
    if (!entry) testFiles.set(file, (entry = { file, sites: 0, findingsBySeverity: noFindings() }));
    if (severity) entry.findingsBySeverity[severity]++;
    else entry.sites++;
    return !config.includeTests;
  };
  const sites: ReportSite[] = [];
  const sentPromptFiles: ReportSite[] = [];
  const findings: ReportFinding[] = [];
  for (const document of audit.documents) {
    for (const audited of document.sites) if (!leftOut(document.file)) sites.push(toReportSite(document, audited));
    if (config.includeTests || !isTestFile(document.file)) for (const audited of document.sentPromptFiles ?? []) sentPromptFiles.push(toReportSite(document, audited));
    for (const finding of document.findings) if (!leftOut(document.file, finding.severity)) findings.push(toReportFinding(finding, document));
  }
  for (const finding of audit.workspaceFindings) if (!leftOut(finding.file, finding.severity)) findings.push(toReportFinding(finding, documentsByFile.get(finding.file)));
  const testPaths = summariseTestPaths(config.includeTests, config.testPaths, testFiles.values());
  findings.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  numberOccurrences(sites);
  numberOccurrences(sentPromptFiles);
  numberOccurrences(findings);
  const otherIndexes = new Map<string, LineIndex>();
  const lineIndexOf = (file: string): LineIndex | undefined => {
    const document = documentsByFile.get(file);
    if (document) return document.lineIndex;
    const text = otherTexts.get(file);
    if (text === undefined) return undefined;
    if (!otherIndexes.has(file)) otherIndexes.set(file, new LineIndex(text));
    return otherIndexes.get(file);
  };
  const problems = [...extraProblems, ...audit.problems, ...audit.documents.flatMap((document) => document.problems)].map((problem) => {
    const lines = lineIndexOf(problem.file);
    return {
      file: problem.file,
      ...(problem.span && lines ? { line: lines.positionAt(problem.span.start).line + 1 } : {}),
      severity: problem.severity,
      message: problem.message,
    };
  });
  const findingsBySeverity: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const finding of findings) findingsBySeverity[finding.severity]++;
  const priced = sites.filter((site) => site.costPerMonthUsd !== null);
  const noVolume = config.callsPerMonth === null && config.volumes.length === 0;
  return {
    schemaVersion: SCHEMA_VERSION,
    catalog: catalogInfo(catalog, config),
    summary: {
      files: new Set(sites.map((site) => site.file)).size,
      sites: sites.length,
      unpricedSites: sites.filter((site) => site.costPerCallUsd === null).length,
      expectedMonthlyUsd: noVolume ? null : roundUsd(priced.reduce((sum, site) => sum + (site.costPerMonthUsd ?? 0), 0)),
      worstCaseMonthlyUsd: noVolume ? null : roundUsd(priced.reduce((sum, site) => sum + (site.worstCasePerMonthUsd ?? 0), 0)),
      callsPerMonth: config.callsPerMonth,
      findingsBySeverity,
    },
    sites,
    findings,
    budgets: evaluateBudgets(sites, config),
    problems,
    testPaths,
    sentPromptFiles,
  };
}

/** Makes equal fingerprints within one file distinct by their order (`hash:1`, `hash:2`). */
function numberOccurrences(items: Array<{ file: string; fingerprint: string }>): void {
  const numbered = withOccurrences(items.map((item) => `${item.file}\n${item.fingerprint}`));
  items.forEach((item, index) => (item.fingerprint = item.fingerprint + numbered[index].slice(numbered[index].lastIndexOf(':'))));
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/** True when some finding is at or above `threshold` (the CLI's --fail-on). */
export function hasFindingsAtOrAbove(report: AuditReport, threshold: Severity): boolean {
  return report.findings.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold]);
}

/** Findings about one site: inside its lines, or anywhere in the file for a prompt file (front matter included). */
export function findingsForSite(report: AuditReport, site: ReportSite): ReportFinding[] {
  return report.findings.filter((f) => f.file === site.file && (site.kind === 'prompt-file' || (f.line >= site.line && f.line <= site.endLine)));
}
