// A notebook open in an editor: its code cells are separate text documents, but they share one namespace (a client made
// in cell 1 is called in cell 3). The cells are joined into one module, audited once, and each cell is shown the part
// of that audit that lies in it, with offsets into the cell's own text.
import type { DocumentAudit } from './auditTypes';
import { LineIndex } from './lineIndex';
import type { Fix, Span } from './types';

export interface NotebookCellText {
  /** Code cells of the notebook's kernel language are joined; markup cells and other languages are left out. */
  code: boolean;
  text: string;
}

export interface JoinedNotebookCells {
  /** The code cells in notebook order, each ending its own line (so the next cell starts a statement). */
  text: string;
  /** Where each cell starts in `text`, by cell index; null for a cell that is not joined. */
  cellStarts: (number | null)[];
}

export function joinNotebookCells(cells: readonly NotebookCellText[]): JoinedNotebookCells {
  let text = '';
  const cellStarts = cells.map((cell) => {
    if (!cell.code) return null;
    const start = text.length;
    text += cell.text;
    if (!text.endsWith('\n')) text += '\n';
    return start;
  });
  return { text, cellStarts };
}

/**
 * The part of the joined audit that lies in one cell (sites anchored there, findings starting there), every offset
 * moved into the cell's text. Spans that reach into another cell are clipped to this one; a fix with an edit outside
 * the cell is left out (it cannot be applied to this document).
 */
export function cellAudit(joined: DocumentAudit, cellStart: number, cellText: string): DocumentAudit {
  const cellEnd = cellStart + cellText.length;
  const inCell = (offset: number): boolean => offset >= cellStart && (offset < cellEnd || (offset === cellEnd && cellText.length === 0));
  const toCell = (offset: number): number => Math.min(cellText.length, Math.max(0, offset - cellStart));
  const move = <T>(value: T): T => shiftSpans(value, toCell, 0);
  const editsInCell = (fix: Fix): boolean => fix.edits.every((edit) => edit.span.start >= cellStart && edit.span.end <= cellEnd);
  return {
    ...joined,
    lineIndex: new LineIndex(cellText),
    sites: joined.sites.filter((audited) => inCell(audited.site.anchor.start)).map((audited) => ({ ...audited, site: move(audited.site) })),
    findings: joined.findings
      .filter((finding) => inCell(finding.span.start))
      .map((finding) => move({ ...finding, ...(finding.fixes ? { fixes: finding.fixes.filter(editsInCell) } : {}) })),
    problems: joined.problems.filter((problem) => !problem.span || inCell(problem.span.start)).map((problem) => (problem.span ? { ...problem, span: clip(problem.span, toCell) } : problem)),
  };
}

function clip(span: Span, toCell: (offset: number) => number): Span {
  return { start: toCell(span.start), end: toCell(span.end) };
}

/** Every span (an object with numeric `start` and `end`) inside `value`, both ends moved by `toCell`. */
function shiftSpans<T>(value: T, toCell: (offset: number) => number, depth: number): T {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => shiftSpans(item, toCell, depth + 1)) as T;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) out[key] = shiftSpans(inner, toCell, depth + 1);
  if (typeof record.start === 'number' && typeof record.end === 'number') {
    out.start = toCell(record.start);
    out.end = Math.max(out.start as number, toCell(record.end));
  }
  return out as T;
}
