// Typed messages between the summary panel webview and the extension. Both sides validate what they receive.
import type { WaterfallStep } from '../core/report/waterfall';

export interface PanelSite {
  file: string;
  line: number;
  kind: string;
  model: string;
  modelIsDefault: boolean;
  tokens: number;
  exact: boolean;
  cap: string;
  perCallUsd: number | null;
  perMonthUsd: number | null;
  findings: number;
  rules: string[];
}

export interface PanelData {
  catalogAsOf: string;
  callsPerMonth: number | null;
  totals: { monthlyUsd: number | null; perCallUsd: number; sites: number; files: number; unpricedSites: number; findings: number };
  sites: PanelSite[];
  byModel: Array<{ label: string; monthlyUsd: number }>;
  byFile: Array<{ label: string; monthlyUsd: number }>;
  waterfall: WaterfallStep[];
}

export type ToWebview = { type: 'data'; data: PanelData } | { type: 'busy'; message: string };

export type FromWebview = { type: 'ready' } | { type: 'reveal'; file: string; line: number } | { type: 'refresh' };

export function isFromWebview(message: unknown): message is FromWebview {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (m.type === 'ready' || m.type === 'refresh') return true;
  return m.type === 'reveal' && typeof m.file === 'string' && m.file.length < 4096 && typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 1;
}
