// Re-audits an open prompt file after each edit (issue 16, keystroke target on prompt files). A prompt file is one site
// spanning the whole file, so there are no sites to carry over: the audit runs whole, with a memo of the pieces of its
// long texts (PieceMemo) that the costly readers (reply-length hints, instruction sentences, their repeats) reuse, so
// a keystroke re-reads the piece it lands in. The result is what `auditDocument` returns without the memo.
import { auditDocument, type AuditContext, type DocumentAudit } from '../audit';
import { PieceMemo } from './pieceMemo';
import type { WorkspaceSymbols } from '../scanning/code/symbolIndex';

/** What one update did (operation counts for the growth tests and the bench, never timings). */
export interface PromptReauditCounts {
  /** True when no piece was kept from an earlier update (the first audit). */
  whole: boolean;
  /** Characters of pieces read afresh by the memoised readers, per reader. */
  pieceChars: Record<string, number>;
  /** Pieces found in the memo. */
  piecesFound: number;
}

export class PromptFileReaudit {
  private readonly memo = new PieceMemo();
  private last: { text: string; symbols: WorkspaceSymbols | undefined; audit: DocumentAudit } | null = null;
  counts: PromptReauditCounts = { whole: true, pieceChars: {}, piecesFound: 0 };

  /** `context` must stay the same object for the document's life (as DocumentReaudit's). */
  constructor(readonly file: string, readonly context: AuditContext) {}

  /** The audit of `text`, equal to `auditDocument(file, text, { ...context, symbols })` (a prompt file's scan reads no index). */
  async update(text: string, symbols: WorkspaceSymbols | undefined = this.context.symbols): Promise<DocumentAudit> {
    if (this.last && this.last.text === text && this.last.symbols === symbols) {
      this.counts = { whole: false, pieceChars: {}, piecesFound: 0 };
      return this.last.audit;
    }
    const { symbols: _ignored, ...rest } = this.context;
    const audit = await auditDocument(this.file, text, { ...rest, ...(symbols ? { symbols } : {}), pieceMemo: this.memo });
    this.counts = { whole: this.last === null, pieceChars: Object.fromEntries(this.memo.computedChars), piecesFound: this.memo.found };
    this.memo.endUpdate();
    this.last = { text, symbols, audit };
    return audit;
  }
}
