// Typed messages between the summary panel webview and the extension. Both sides validate what they receive.
import type { WaterfallStep } from '../core/report/waterfall';

/** A line of a workspace file, relative path with forward slashes and a 1-based line. */
export interface SourceLine {
  file: string;
  line: number;
}

export interface PanelSite {
  file: string;
  line: number;
  kind: string;
  model: string;
  modelIsDefault: boolean;
  /** How the priced model was found, as the JSON report's `modelSource` (`literal`, `imported-constant`, `provider-default`, …). */
  modelSource: string;
  /** The same in words (`provider default`, `environment variable default`); null for a model written in the call. */
  modelSourceLabel: string | null;
  /** The line the model id is written on when that is another file or a `.env` line (the report's `modelFrom`); null otherwise. */
  modelFrom: SourceLine | null;
  /** Lines of other files whose text the static tokens count (the report's `promptSources`); empty when none. */
  promptSources: SourceLine[];
  tokens: number;
  exact: boolean;
  cap: string;
  /** Expected cost per call and per month. */
  perCallUsd: number | null;
  perMonthUsd: number | null;
  /** Every reply at its bound (min(cap, model max), or the model max without a cap). */
  worstCaseMonthUsd: number | null;
  /** Expected output tokens and why (`cap`, `prompt-hint`, `configured`). */
  outputTokens: number;
  outputBasis: string;
  findings: number;
  rules: string[];
}

export interface PanelData {
  catalogAsOf: string;
  callsPerMonth: number | null;
  /** monthlyUsd and perCallUsd are expected figures; worstCaseMonthlyUsd is the exposure shown beside them. */
  totals: { monthlyUsd: number | null; worstCaseMonthlyUsd: number | null; perCallUsd: number; sites: number; files: number; unpricedSites: number; findings: number };
  sites: PanelSite[];
  byModel: Array<{ label: string; monthlyUsd: number }>;
  byFile: Array<{ label: string; monthlyUsd: number }>;
  /** Expected monthly cost and its saving steps. */
  waterfall: WaterfallStep[];
  /** Worst-case monthly cost and the right-size-output-caps step. */
  exposure: WaterfallStep[];
  /** What was left out of (or counted in) the figures under test, fixture, example and docs paths; null when nothing was there. */
  testPaths: string | null;
}

export type ToWebview = { type: 'data'; data: PanelData } | { type: 'busy'; message: string };

export type FromWebview = { type: 'ready' } | { type: 'reveal'; file: string; line: number } | { type: 'refresh' };

export function isFromWebview(message: unknown): message is FromWebview {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (m.type === 'ready' || m.type === 'refresh') return true;
  return m.type === 'reveal' && typeof m.file === 'string' && m.file.length < 4096 && typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 1;
}
