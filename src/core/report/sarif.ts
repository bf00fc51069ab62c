// SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps): URIs relative to %SRCROOT%, fingerprints that
// survive line moves, rule help, one result per budget breach, and the run's exit reason in `invocations`.
import { testPathsLine } from '../testPaths';
import { FINDING_MONEY_FIELDS, type Severity } from '../types';
import { jsonTextPieces, LazyJsonArray, sarifText, terminalText } from './escape';
import { formatUsd } from '../pricing/cost';
import type { AuditReport, BudgetBreach } from './model';
import { contentFingerprint } from './fingerprint';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
export const SRCROOT = '%SRCROOT%';
/** Key of the fingerprint in `partialFingerprints`; a new version if what is hashed ever changes. */
export const FINGERPRINT_KEY = 'promptCostContent/v1';

/** The finding's money fields (waste, saving, exposure), each with the meaning it has in the JSON report. */
function moneyProperties(finding: AuditReport['findings'][number]): { properties?: Record<string, number> } {
  const properties: Record<string, number> = {};
  for (const key of FINDING_MONEY_FIELDS) {
    const amount = finding[key];
    if (amount !== undefined) properties[key] = amount;
  }
  return Object.keys(properties).length > 0 ? { properties } : {};
}

export interface SarifRuleInfo {
  id: string;
  title: string;
  rationale: string;
  details?: string;
  defaultSeverity?: Severity;
  scope?: 'document' | 'workspace';
  helpUri?: string;
}

export interface SarifOptions {
  /** Absolute folder the report's paths are relative to (becomes the `%SRCROOT%` base, as a file: URI). */
  root?: string;
  /** Where the config file is (root-relative) and the line of each budget in it, for budget results. */
  budgetLocation?: (breach: BudgetBreach) => { file: string; line: number } | undefined;
  /** The run's outcome: exit code and why. */
  invocation?: { exitCode: number; reasons: string[] };
}

const BUDGET_RULES: Record<BudgetBreach['budget'], { id: string; title: string; text: string }> = {
  monthlyUsd: { id: 'budget-monthly', title: 'Monthly budget exceeded', text: 'The expected monthly cost of all audited sites exceeds `budgets.monthlyUsd` in .promptcost.yaml.' },
  perCallUsd: { id: 'budget-per-call', title: 'Per-call budget exceeded', text: 'The expected cost of one call of this site exceeds `budgets.perCallUsd` in .promptcost.yaml.' },
  perFile: { id: 'budget-per-file', title: 'Per-file budget exceeded', text: 'The expected monthly cost of the files matching a `budgets.perFile` glob exceeds its `monthlyUsd`.' },
};

/** A file: URI for a folder, ending in `/` as SARIF requires of a base. */
export function folderUri(folder: string): string {
  const forward = folder.replace(/\\/g, '/');
  const withSlash = forward.endsWith('/') ? forward : forward + '/';
  const absolute = withSlash.startsWith('/') ? withSlash : '/' + withSlash;
  return 'file://' + absolute.split('/').map(encodeURIComponent).join('/').replace(/^\/([A-Za-z])%3A/, '/$1:');
}

function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function ruleTags(rule: SarifRuleInfo): string[] {
  const tags = ['llm', 'cost'];
  if (rule.id.startsWith('cache')) tags.push('caching');
  if (rule.scope === 'workspace') tags.push('cross-file');
  return tags;
}

export function renderSarif(report: AuditReport, rules: readonly SarifRuleInfo[], toolVersion: string, options: SarifOptions = {}): string {
  return [...sarifPieces(report, rules, toolVersion, options)].join('');
}

/** `renderSarif` in pieces, each result made as it is written (a many-file report is never one string). */
export function sarifPieces(report: AuditReport, rules: readonly SarifRuleInfo[], toolVersion: string, options: SarifOptions = {}): Iterable<string> {
  const ruleInfo = new Map(rules.map((rule) => [rule.id, rule]));
  const ruleIds = [...new Set([...rules.map((rule) => rule.id), ...report.findings.map((finding) => finding.rule)])];
  const budgetRuleIds = Object.values(BUDGET_RULES).map((rule) => rule.id);
  const allIds = [...ruleIds, ...budgetRuleIds];
  const sarifRules = [
    ...ruleIds.map((id) => {
      const rule = ruleInfo.get(id);
      const helpText = [rule?.rationale ?? id, rule?.details].filter(Boolean).join('\n\n');
      return {
        id,
        name: id.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase()),
        shortDescription: { text: rule?.title ?? id },
        fullDescription: { text: rule?.rationale ?? id },
        help: {
          text: helpText + (rule?.helpUri ? `\n\nDocumentation: ${rule.helpUri}` : ''),
          markdown: `**${rule?.title ?? id}**\n\n${helpText}${rule?.helpUri ? `\n\n[Documentation](${rule.helpUri})` : ''}`,
        },
        ...(rule?.helpUri ? { helpUri: rule.helpUri } : {}),
        defaultConfiguration: { level: LEVEL[rule?.defaultSeverity ?? 'warning'] },
        properties: { tags: rule ? ruleTags(rule) : ['llm', 'cost'] },
      };
    }),
    ...Object.values(BUDGET_RULES).map((rule) => ({
      id: rule.id,
      name: rule.id.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase()),
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.text },
      help: { text: `${rule.text} The audit fails (exit code 1) while a budget is exceeded.`, markdown: `**${rule.title}**\n\n${rule.text} The audit fails (exit code 1) while a budget is exceeded.` },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['llm', 'cost', 'budget'] },
    })),
  ];
  const location = (file: string, region: Record<string, number>) => ({
    physicalLocation: { artifactLocation: { uri: relativeUri(file), uriBaseId: SRCROOT }, region },
  });
  const findingResult = (finding: AuditReport['findings'][number]) => ({
    ruleId: finding.rule,
    ruleIndex: allIds.indexOf(finding.rule),
    level: LEVEL[finding.severity],
    message: { text: sarifText(finding.message) },
    locations: [location(finding.file, { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn })],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...moneyProperties(finding),
  });
  const budgetResults = report.budgets.map((breach) => {
    const rule = BUDGET_RULES[breach.budget];
    const subject = breach.budget === 'perFile' ? `files matching ${breach.glob}` : breach.budget === 'perCallUsd' ? 'one call of this site' : 'all audited sites';
    const where = breach.file !== undefined && breach.line !== undefined ? { file: breach.file, line: breach.line } : options.budgetLocation?.(breach);
    return {
      ruleId: rule.id,
      ruleIndex: allIds.indexOf(rule.id),
      level: 'error' as const,
      message: { text: sarifText(`Budget ${breach.budget} exceeded for ${subject}: ${formatUsd(breach.actualUsd)} against ${formatUsd(breach.limitUsd)}${breach.budget === 'perCallUsd' ? ' per call' : ' per month'}.`) },
      ...(where ? { locations: [location(where.file, { startLine: where.line })] } : {}),
      // Stable while the same budget is exceeded by the same thing, whatever the amount.
      partialFingerprints: { [FINGERPRINT_KEY]: `${contentFingerprint([rule.id, breach.glob ?? '', breach.file ?? ''])}:1` },
      properties: { limitUsd: breach.limitUsd, actualUsd: breach.actualUsd },
    };
  });
  const invocation = options.invocation;
  const testPathsNote = report.testPaths ? testPathsLine(report.testPaths) : null;
  const run = {
    tool: {
      driver: {
        name: 'prompt-cost',
        informationUri: 'https://github.com/prompt-cost/prompt-cost-auditor',
        version: toolVersion,
        semanticVersion: toolVersion,
        rules: sarifRules,
      },
    },
    ...(options.root ? { originalUriBaseIds: { [SRCROOT]: { uri: folderUri(options.root) } } } : {}),
    ...(invocation
      ? {
          // What was left out under test paths is said here too: code scanning shows no result for it.
          invocations: [
            {
              executionSuccessful: invocation.exitCode !== 2,
              exitCode: invocation.exitCode,
              exitCodeDescription: invocation.reasons.length > 0 ? terminalText(invocation.reasons.join('; ')) : 'ok',
              toolExecutionNotifications: report.problems.map((problem) => ({
                level: LEVEL[problem.severity],
                message: { text: sarifText(problem.message) },
                ...(problem.file ? { locations: [problem.line ? location(problem.file, { startLine: problem.line }) : { physicalLocation: { artifactLocation: { uri: relativeUri(problem.file), uriBaseId: SRCROOT } } }] } : {}),
              })).concat(testPathsNote ? [{ level: 'note', message: { text: testPathsNote } }] : []),
            },
          ],
        }
      : {}),
    columnKind: 'utf16CodeUnits',
    results: new LazyJsonArray(function* () {
      for (const finding of report.findings) yield findingResult(finding);
      yield* budgetResults;
    }),
  };
  // Down to each result (document, runs, run, results, result): one piece per result.
  return concatPieces(jsonTextPieces({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, 2, 4), ['\n']);
}

function* concatPieces(...parts: Array<Iterable<string>>): Generator<string> {
  for (const part of parts) yield* part;
}
