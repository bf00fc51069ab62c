// `promptCost.*` settings read into one validated snapshot; `.promptcost.yaml` is applied on top by the session.
import * as vscode from 'vscode';
import { DEFAULT_CONFIG, LIMITS, type AuditConfig, type RuleSeverityOverride } from '../core/config';

export interface EditorSettings {
  codeLensEnabled: boolean;
  statusBarEnabled: boolean;
  /** The audit config the settings describe, before `.promptcost.yaml`. */
  baseConfig: AuditConfig;
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

function positiveNumber(value: unknown, fallback: number, max: number = LIMITS.tokens): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max ? value : fallback;
}

export function readSettings(scope?: vscode.ConfigurationScope): EditorSettings {
  const settings = vscode.workspace.getConfiguration('promptCost', scope);
  const models = settings.get<unknown>('compareModels');
  const rules: Record<string, RuleSeverityOverride> = {};
  const ruleSettings = settings.get<Record<string, unknown>>('rules') ?? {};
  for (const [rule, severity] of Object.entries(ruleSettings)) {
    if (typeof severity === 'string' && SEVERITIES.has(severity)) rules[rule] = severity as RuleSeverityOverride;
  }
  const promptGlobs = settings.get<unknown>('promptGlobs');
  const callsPerMonth = settings.get<unknown>('callsPerMonth');
  return {
    codeLensEnabled: settings.get<boolean>('codeLens.enabled', true),
    statusBarEnabled: settings.get<boolean>('statusBar.enabled', true),
    baseConfig: {
      ...DEFAULT_CONFIG,
      compareModels: Array.isArray(models) && models.length > 0 && models.every((m) => typeof m === 'string') ? (models as string[]) : DEFAULT_CONFIG.compareModels,
      callsPerMonth: callsPerMonth === null ? null : positiveNumber(callsPerMonth, DEFAULT_CONFIG.callsPerMonth ?? 0, LIMITS.callsPerMonth),
      expectedOutputTokens: Math.round(positiveNumber(settings.get('expectedOutputTokens'), DEFAULT_CONFIG.expectedOutputTokens)),
      assumedPlaceholderTokens: Math.round(positiveNumber(settings.get('assumedPlaceholderTokens'), DEFAULT_CONFIG.assumedPlaceholderTokens)),
      promptGlobs: Array.isArray(promptGlobs) && promptGlobs.every((g) => typeof g === 'string') ? (promptGlobs as string[]) : DEFAULT_CONFIG.promptGlobs,
      rules,
      modelOverrides: settings.get<unknown>('models') ?? undefined,
      modelAliases: Object.fromEntries(Object.entries(settings.get<Record<string, unknown>>('aliases') ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    },
  };
}
