// What the "prompt cost" language-model tool returns for a file or a line range: the CLI's JSON report (schemaVersion
// 2) of that file, restricted to the sites and findings the range touches, with the range's token counts.
import type { AuditContext, DocumentAudit } from './auditTypes';
import { buildReport, type AuditReport } from './report/model';
import { countSelection, type SelectionCount } from './selectionTokens';

/** The tool's input, as its `inputSchema` in package.json describes it. */
export interface PromptCostToolInput {
  /** Workspace-relative path; omitted: the active editor's document. */
  file?: string;
  /** 1-based, inclusive line range; omitted: the editor's selection when there is one, else the whole file. */
  startLine?: number;
  endLine?: number;
}

export interface PromptCostToolResult {
  file: string;
  scope: 'file' | 'lines';
  lines?: { start: number; end: number; tokens: SelectionCount };
  /** The file's audit as the CLI's `--format json` writes it; for a line range, only the sites and findings it touches. */
  report: AuditReport;
}

/** A 1-based inclusive line range clamped to the document; undefined when neither end is given or it is empty. */
export function toolLineRange(input: Pick<PromptCostToolInput, 'startLine' | 'endLine'>, lineCount: number): { start: number; end: number } | undefined {
  const given = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  if (!given(input.startLine) && !given(input.endLine)) return undefined;
  const start = Math.max(1, Math.min(lineCount, Math.floor(given(input.startLine) ? input.startLine : 1)));
  const end = Math.max(1, Math.min(lineCount, Math.floor(given(input.endLine) ? input.endLine : lineCount)));
  return start <= end ? { start, end } : undefined;
}

export function promptCostToolResult(audit: DocumentAudit, text: string, context: AuditContext, lines?: { start: number; end: number }): PromptCostToolResult {
  if (!lines) {
    return { file: audit.file, scope: 'file', report: buildReport({ documents: [audit], workspaceFindings: [], problems: [] }, context.catalog, context.config) };
  }
  const from = audit.lineIndex.lineStart(lines.start - 1);
  const to = lines.end < audit.lineIndex.lineCount ? audit.lineIndex.lineStart(lines.end) : text.length;
  // A site or finding counts when its text overlaps the range (a call that starts above it and runs into it too).
  const overlaps = (span: { start: number; end: number }) => span.start < to && Math.max(span.end, span.start + 1) > from;
  const restricted: DocumentAudit = {
    ...audit,
    sites: audit.sites.filter((audited) => overlaps(audited.site.span)),
    findings: audit.findings.filter((finding) => overlaps(finding.span)),
  };
  return {
    file: audit.file,
    scope: 'lines',
    lines: { ...lines, tokens: countSelection(text.slice(from, to), context.config.compareModels, context.catalog) },
    report: buildReport({ documents: [restricted], workspaceFindings: [], problems: [] }, context.catalog, context.config),
  };
}
