// Runs rules over audited documents: enablement and severities from config, suppression comments, stable order.
import type { AuditConfig } from '../config';
import { LineIndex } from '../lineIndex';
import { FINDING_MONEY_FIELDS, type Finding, type Severity } from '../types';
import { documentRules, workspaceRules } from './registry';
import { isSuppressed, parseSuppressions, type Suppressions } from './suppression';
import type { Rule, RuleContext, RuleResult, WorkspaceRule, WorkspaceRuleDocument } from './types';

export { applyTextEdits } from './textEdits';

/** Called when a rule throws; the other rules still run. */
export type RuleErrorHandler = (ruleId: string, error: unknown) => void;

/** The severity a rule's findings get: the user's override, else the result's own, else the rule's default; null = off. */
export function effectiveSeverity(rule: Pick<Rule, 'id' | 'defaultSeverity'>, config: AuditConfig, resultSeverity?: Severity): Severity | null {
  const override = config.rules[rule.id];
  if (override === 'off') return null;
  return override ?? resultSeverity ?? rule.defaultSeverity;
}

export function isRuleEnabled(rule: Pick<Rule, 'id'>, config: AuditConfig): boolean {
  return config.rules[rule.id] !== 'off';
}

export function runDocumentRules(context: RuleContext, rules: readonly Rule[] = documentRules, onRuleError?: RuleErrorHandler): Finding[] {
  const perRule: RuleResults[] = [];
  for (const rule of rules) {
    if (!isRuleEnabled(rule, context.config)) continue;
    try {
      perRule.push({ rule, results: rule.check(context) });
    } catch (error) {
      onRuleError?.(rule.id, error);
    }
  }
  return documentFindings(context, perRule);
}

/** One rule's results on a document, before suppression and severities. */
export interface RuleResults {
  rule: Pick<Rule, 'id' | 'defaultSeverity'>;
  results: readonly RuleResult[];
}

/**
 * Findings from the rules' results (in rule order): suppression comments, severities, duplicates dropped, stable order.
 * The second half of `runDocumentRules`, apart so that a re-audit can assemble results it kept per site.
 */
export function documentFindings(context: RuleContext, perRule: readonly RuleResults[]): Finding[] {
  const findings: Finding[] = [];
  let suppressions: Suppressions | undefined;
  for (const { rule, results } of perRule) {
    for (const result of results) {
      suppressions ??= parseSuppressions(context.text, context.lineIndex);
      if (suppressedAt(suppressions, rule.id, context, result)) continue;
      const severity = effectiveSeverity(rule, context.config, result.severity);
      if (severity === null) continue;
      findings.push(toFinding(rule.id, severity, context.file, result));
    }
  }
  return sortFindings(dedupe(findings));
}

/** Cross-file rules; each finding is suppressed by the comments and front matter of the file it points into. */
export function runWorkspaceRules(
  documents: readonly WorkspaceRuleDocument[],
  config: AuditConfig,
  rules: readonly WorkspaceRule[] = workspaceRules,
  onRuleError?: RuleErrorHandler,
): Finding[] {
  const findings: Finding[] = [];
  const perFile = new Map<string, { lineIndex: LineIndex; suppressions: Suppressions } | null>();
  // By file, so that findings in N files look their documents up in O(N), not O(N²).
  let byFile: Map<string, WorkspaceRuleDocument> | undefined;
  const suppressionFor = (file: string) => {
    if (!perFile.has(file)) {
      byFile ??= new Map(documents.map((document) => [document.file, document] as const).reverse());
      const document = byFile.get(file);
      if (!document) perFile.set(file, null);
      else {
        const lineIndex = new LineIndex(document.text);
        perFile.set(file, { lineIndex, suppressions: parseSuppressions(document.text, lineIndex) });
      }
    }
    return perFile.get(file) ?? null;
  };
  for (const rule of rules) {
    if (!isRuleEnabled(rule, config)) continue;
    let results: Array<RuleResult & { file: string }>;
    try {
      results = rule.checkWorkspace(documents, config);
    } catch (error) {
      onRuleError?.(rule.id, error);
      continue;
    }
    for (const result of results) {
      const located = suppressionFor(result.file);
      if (located && isSuppressed(located.suppressions, rule.id, located.lineIndex.positionAt(result.span.start).line)) continue;
      const severity = effectiveSeverity(rule, config, result.severity);
      if (severity === null) continue;
      findings.push(toFinding(rule.id, severity, result.file, result));
    }
  }
  return sortFindings(dedupe(findings));
}

/**
 * A next-line directive covers the finding's own first line and the first line of the site it lies in, so a
 * comment above a call silences findings on its model or cap lines too.
 */
function suppressedAt(suppressions: Suppressions, ruleId: string, context: RuleContext, result: RuleResult): boolean {
  const { lineIndex } = context;
  if (isSuppressed(suppressions, ruleId, lineIndex.positionAt(result.span.start).line)) return true;
  let enclosing: { start: number; end: number } | undefined;
  for (const audited of context.sites) {
    // A prompt file's site is the whole file; a whole-file suppression is the `prompt-cost-ignore` form.
    if (audited.site.kind === 'prompt-file') continue;
    const span = audited.site.span;
    if (span && span.start <= result.span.start && result.span.end <= span.end && (!enclosing || span.end - span.start < enclosing.end - enclosing.start)) enclosing = span;
  }
  return enclosing !== undefined && isSuppressed(suppressions, ruleId, lineIndex.positionAt(enclosing.start).line);
}

function toFinding(rule: string, severity: Severity, file: string, result: RuleResult): Finding {
  const finding: Finding = { rule, severity, message: result.message, file, span: { start: result.span.start, end: result.span.end } };
  if (result.fixes && result.fixes.length > 0) finding.fixes = result.fixes;
  for (const key of FINDING_MONEY_FIELDS) if (result[key] !== undefined) finding[key] = result[key];
  return finding;
}

/** Two sites that share one constant would report the same sentence twice; one finding is enough. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.file}\u0000${finding.rule}\u0000${finding.span.start}\u0000${finding.span.end}\u0000${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      compareText(a.rule, b.rule) ||
      compareText(a.message, b.message),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
