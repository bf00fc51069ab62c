// Audits a set of documents (a workspace, or the CLI's paths) and evaluates the cross-file rules and budgets.
import { auditDocument, type AuditContext, type AuditedSite, type DocumentAudit } from './audit';
import { matchesGlob } from './glob';
import { runWorkspaceRules } from './rules/engine';
import type { Finding, ScanProblem } from './types';
import { findingContentHash } from './report/fingerprint';
import { promptFileSenders, sentPromptFileSites, type PromptFileSenders } from './sentPromptFiles';
import { documentsNeedingText } from './crossFileInputs';

export interface SourceDocument {
  /** Path relative to the audited root, forward slashes. */
  file: string;
  text: string;
}

export interface WorkspaceAudit {
  documents: DocumentAudit[];
  /** Findings of rules that look across files. */
  workspaceFindings: Finding[];
  /** Files that could not be read, config problems, and the like. */
  problems: ScanProblem[];
  /** Prompt files that calls send → those calls (the editor prices an open prompt file with them). */
  promptFileSenders?: PromptFileSenders;
}

export interface AuditProgress {
  /** Called after each document; returning true stops the audit (cancellation). */
  onDocument?(file: string, index: number): boolean | void;
  /** Audits one document (default: auditDocument with the context); the editor passes its content-keyed cache. */
  auditOne?(file: string, text: string): Promise<DocumentAudit>;
}

export function isIncluded(file: string, include: readonly string[], exclude: readonly string[]): boolean {
  if (exclude.some((glob) => matchesGlob(glob, file))) return false;
  return include.length === 0 || include.some((glob) => matchesGlob(glob, file));
}

export async function auditDocuments(
  documents: Iterable<SourceDocument> | AsyncIterable<SourceDocument>,
  context: AuditContext,
  progress: AuditProgress = {},
): Promise<WorkspaceAudit> {
  const audits: DocumentAudit[] = [];
  const texts = new Map<string, string>();
  let index = 0;
  for await (const document of documents) {
    const audit = await (progress.auditOne ? progress.auditOne(document.file, document.text) : auditDocument(document.file, document.text, context));
    audits.push(audit);
    if (audit.sites.length > 0) texts.set(document.file, document.text);
    if (progress.onDocument?.(document.file, index++) === true) break;
  }
  // Every text is at hand: the workspace rules read every document with sites (the same findings as the ones
  // `documentsNeedingText` would pick, test/core/crossFileInputs.test.ts), which saves hashing every paragraph once more
  // to pick them (~0.1 s of a 10 MB prompt-file audit).
  return finishWorkspaceAudit(audits, texts, context, new Set(texts.keys()));
}

/**
 * Runs the workspace rules over already audited documents (the extension re-audits changed files only). `texts` must
 * hold the text of every document `documentsNeedingText` names, and those audits must not be detached; the rules see
 * those documents only, which gives the same findings as all of them.
 */
export function finishWorkspaceAudit(
  audits: DocumentAudit[],
  texts: ReadonlyMap<string, string>,
  context: AuditContext,
  /** `documentsNeedingText` of these audits, when the caller has it already. */
  needed: ReadonlySet<string> = documentsNeedingText(audits),
  /** What the cross-file steps gave for exactly these audits before (the CLI's cache): then no text is needed. */
  reused?: CrossFileResult,
): WorkspaceAudit {
  const senders = promptFileSenders(audits);
  dropPromptsSentElsewhere(audits, senders, context, reused);
  const problems: ScanProblem[] = [...(reused?.problems ?? [])];
  let workspaceFindings: Finding[] = reused ? reused.workspaceFindings : [];
  if (!reused) {
    try {
      workspaceFindings = runWorkspaceRules(
        audits.filter((audit) => audit.sites.length > 0 && needed.has(audit.file)).map((audit) => ({ file: audit.file, text: attachedText(audit, texts), sites: audit.sites })),
        context.config,
      );
    } catch (error) {
      problems.push({ file: '', severity: 'error', message: `workspace rules failed: ${(error as Error).message}` });
    }
    for (const finding of workspaceFindings) {
      const text = texts.get(finding.file);
      if (text !== undefined) finding.contentHash = findingContentHash(finding, text);
    }
  }
  audits.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { documents: audits, workspaceFindings, problems, ...(senders.size > 0 ? { promptFileSenders: senders } : {}) };
}

/** What `finishWorkspaceAudit` computed from texts: kept by the CLI's cache for a run whose every file is unchanged. */
export interface CrossFileResult {
  workspaceFindings: Finding[];
  problems: ScanProblem[];
  /** Prompt file → its sites priced as the calls that send it send them. */
  sentPromptFiles: Array<[string, AuditedSite[]]>;
}

/** The cross-file part of a finished audit, for `finishWorkspaceAudit(…, reused)` on the same audits later. */
export function crossFileResult(audit: WorkspaceAudit): CrossFileResult {
  return {
    workspaceFindings: audit.workspaceFindings,
    problems: audit.problems,
    sentPromptFiles: audit.documents.flatMap((document) => (document.sentPromptFiles ? [[document.file, document.sentPromptFiles] as [string, AuditedSite[]]] : [])),
  };
}

function attachedText(audit: DocumentAudit, texts: ReadonlyMap<string, string>): string {
  if (audit.detached) throw new Error(`${audit.file} was not given its text back (documentsNeedingText names it)`);
  return texts.get(audit.file) ?? '';
}

/**
 * A stand-alone prompt string (`SYSTEM_PROMPT = "…"` in a prompts module, a builder's template, a method returning a
 * template in the call's own file) whose text a call sends through the index is counted at that call (issue 18): it is
 * not a site of its own too, so totals count it once.
 * So is a prompt file a call reads or renders (`open("prompts/x.txt").read()`, `env.get_template("x.j2")`): it moves to
 * `sentPromptFiles`, priced with the sending call's model and cap. Findings stay (they are about the text). Lines are
 * compared: the call records the line each piece starts on. Audits are replaced, not changed: the editor caches them.
 */
function dropPromptsSentElsewhere(audits: DocumentAudit[], senders: PromptFileSenders, context: AuditContext, reused?: CrossFileResult): void {
  const reusedSent = reused ? new Map(reused.sentPromptFiles) : undefined;
  const sentLines = new Map<string, Set<number>>();
  for (const audit of audits) {
    for (const { site } of audit.sites) {
      for (const source of site.promptSources ?? []) {
        let lines = sentLines.get(source.file);
        if (!lines) sentLines.set(source.file, (lines = new Set()));
        lines.add(source.line);
      }
    }
  }
  if (sentLines.size === 0) return;
  audits.forEach((audit, index) => {
    const lines = sentLines.get(audit.file);
    if (!lines) return;
    const fileSenders = senders.get(audit.file);
    if (fileSenders && audit.detached && !reusedSent) throw new Error(`${audit.file} is sent by a call but was not given its text back`);
    const sentPromptFiles = reusedSent ? (reusedSent.get(audit.file) ?? []) : fileSenders ? sentPromptFileSites(audit, fileSenders, context) : [];
    const sites = audit.sites.filter(({ site }) => {
      // A prompt file a call reads (whole, rendered by its engine, or a serialized prompt's template) is sent by that call.
      if (site.kind === 'prompt-file') return false;
      if (site.kind !== 'prompt') return true;
      const first = audit.lineIndex.positionAt(site.span.start).line + 1;
      const last = audit.lineIndex.positionAt(Math.max(site.span.start, site.span.end - 1)).line + 1;
      for (let line = first; line <= last && line - first < 10_000; line++) if (lines.has(line)) return false;
      return true;
    });
    audits[index] = { ...audit, sites, ...(sentPromptFiles.length > 0 ? { sentPromptFiles } : {}) };
  });
}
