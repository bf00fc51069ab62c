// SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps).
import { FINDING_MONEY_FIELDS, type Severity } from '../types';
import type { AuditReport } from './model';
import { jsonText, sarifText } from './escape';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifRuleInfo {
  id: string;
  title: string;
  rationale: string;
  helpUri?: string;
}

/** The finding's money fields (waste, saving, exposure), each with the meaning it has in the JSON report. */
function moneyProperties(finding: AuditReport['findings'][number]): { properties?: Record<string, number> } {
  const properties: Record<string, number> = {};
  for (const key of FINDING_MONEY_FIELDS) {
    const amount = finding[key];
    if (amount !== undefined) properties[key] = amount;
  }
  return Object.keys(properties).length > 0 ? { properties } : {};
}

export function renderSarif(report: AuditReport, rules: readonly SarifRuleInfo[], toolVersion: string): string {
  const ruleIds = [...new Set([...rules.map((rule) => rule.id), ...report.findings.map((finding) => finding.rule)])];
  const ruleInfo = new Map(rules.map((rule) => [rule.id, rule]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'prompt-cost',
            informationUri: 'https://github.com/prompt-cost/prompt-cost-auditor',
            version: toolVersion,
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: ruleInfo.get(id)?.title ?? id },
              fullDescription: { text: ruleInfo.get(id)?.rationale ?? id },
              ...(ruleInfo.get(id)?.helpUri ? { helpUri: ruleInfo.get(id)!.helpUri } : {}),
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIds.indexOf(finding.rule),
          level: LEVEL[finding.severity],
          message: { text: sarifText(finding.message) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.file.split('/').map(encodeURIComponent).join('/') },
                region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
              },
            },
          ],
          ...moneyProperties(finding),
        })),
      },
    ],
  };
  return jsonText(sarif) + '\n';
}
