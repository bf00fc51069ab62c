// The rule framework's contract: each rule is one file exporting a Rule; the registry lists them.
import type { AuditConfig } from '../config';
import type { LineIndex } from '../lineIndex';
import type { Catalog, ModelEntry } from '../pricing/types';
import type { TokenCount } from '../tokenizing/types';
import type { Fix, Severity, Span } from '../types';
import type { AuditedSite } from '../auditTypes';
import type { PieceMemo } from '../reaudit/pieceMemo';

export interface RuleContext {
  /** Path relative to the audited root. */
  file: string;
  text: string;
  lineIndex: LineIndex;
  /** Every site found in the document, audited (tokens, model, cost, cache). */
  sites: readonly AuditedSite[];
  config: AuditConfig;
  catalog: Catalog;
  /** Counts text with the tokenizer of `model` (default: the config's first model). Cached by content. */
  countTokens(text: string, model?: ModelEntry): TokenCount;
  /** The audit's memo of long prompt texts' pieces (AuditContext.pieceMemo), for rules that read them piece by piece. */
  pieceMemo?: PieceMemo;
}

export interface RuleResult {
  span: Span;
  message: string;
  fixes?: Fix[];
  /** Money per month at the configured volume, each field with one meaning (absent when the rule cannot say):
   *  waste = tokens that buy nothing (repeated text, cache writes never read back);
   *  saving = what the fix saves on the expected cost (cache reorder, model change, padding to the cache minimum);
   *  exposure = worst case added by a missing or too-high output cap, against the cap the fix writes. */
  monthlyWasteUsd?: number;
  monthlySavingUsd?: number;
  monthlyExposureUsd?: number;
  /** Overrides the rule's default severity for this one result (e.g. context-overflow: error vs warning). */
  severity?: Severity;
}

export interface Rule {
  /** Stable id, used in config, suppression comments, diagnostics' code and the CLI's JSON. */
  id: string;
  defaultSeverity: Severity;
  title: string;
  /** One paragraph: why this costs money and what to do. Shown in the README section the docs link points at. */
  rationale: string;
  /** Optional further paragraph for the README: heuristics, exceptions, what the quick fix writes. */
  details?: string;
  check(context: RuleContext): RuleResult[];
  /**
   * For a rule whose `check` does more than judge each site alone: one site's results, and how a document's per-site
   * results combine, so that `check(context)` equals `combineSites(context.sites.flatMap((site) => checkSite(context, site)))`
   * (re-audits keep results per site). Without them, `check` on a context holding one site is that site's share.
   */
  checkSite?(context: RuleContext, audited: AuditedSite): RuleResult[];
  combineSites?(results: RuleResult[]): RuleResult[];
}

/** Rules that look across documents (e.g. the same instruction block pasted into many files). */
export interface WorkspaceRule {
  id: string;
  defaultSeverity: Severity;
  title: string;
  rationale: string;
  /** Optional further paragraph for the README: heuristics, exceptions. */
  details?: string;
  checkWorkspace(documents: readonly WorkspaceRuleDocument[], config: AuditConfig): Array<RuleResult & { file: string }>;
}

export interface WorkspaceRuleDocument {
  file: string;
  text: string;
  sites: readonly AuditedSite[];
}
