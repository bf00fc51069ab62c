// Prompt files that calls send (issue 18 item 3): a `.j2`, `.txt` or `.md` file a call reads or renders is priced with
// the model and cap of the call that sends it, and says which calls those are. Its tokens count at the call, once.
import { auditSite } from './audit';
import type { AuditContext, AuditedSite, DocumentAudit } from './auditTypes';
import type { ModelSource, OutputCap, PromptSite } from './types';

/** A call that sends a prompt file's text, as the prompt file's site needs it. */
export interface PromptFileSender {
  /** The call's file and 1-based line (its report line). */
  file: string;
  line: number;
  provider: string | null;
  /** The model the call is priced with and whether it is a default (then the prompt file gets the same default). */
  modelId: string | null;
  modelIsDefault: boolean;
  modelSource: ModelSource;
  /** Where that model id is written: the call's own `modelFrom`, else the line of its model argument, else the call's line. */
  modelFrom: { file: string; line: number };
  maxOutputTokens: OutputCap;
  capParameter?: string;
}

/** Prompt file → the calls that send it, ordered by file then line (the first prices the file). */
export type PromptFileSenders = ReadonlyMap<string, readonly PromptFileSender[]>;

function senderOf(document: DocumentAudit, audited: AuditedSite): PromptFileSender {
  const { site } = audited;
  const lineOf = (offset: number) => document.lineIndex.positionAt(offset).line + 1;
  const line = lineOf(site.anchor.start);
  return {
    file: site.file,
    line,
    provider: site.provider,
    modelId: audited.modelId,
    modelIsDefault: audited.modelIsDefault,
    modelSource: audited.modelSource,
    modelFrom: site.modelFrom ? { ...site.modelFrom } : { file: site.file, line: site.modelSpan ? lineOf(site.modelSpan.start) : line },
    maxOutputTokens: site.maxOutputTokens,
    ...(site.capParameter ? { capParameter: site.capParameter } : {}),
  };
}

/**
 * The calls that send each prompt file of the audit: a call whose `promptSources` name a file that has a prompt-file
 * site (read whole, or rendered by its template engine). Prompt constants and builders are not prompt files.
 */
export function promptFileSenders(documents: readonly DocumentAudit[]): Map<string, PromptFileSender[]> {
  const promptFiles = new Set(documents.filter((document) => document.sites.some(({ site }) => site.kind === 'prompt-file')).map((document) => document.file));
  const senders = new Map<string, PromptFileSender[]>();
  for (const document of documents) {
    for (const audited of document.sites) {
      if (audited.site.kind !== 'call') continue;
      const files = new Set((audited.site.promptSources ?? []).map((source) => source.file).filter((file) => promptFiles.has(file)));
      for (const file of files) {
        let list = senders.get(file);
        if (!list) senders.set(file, (list = []));
        list.push(senderOf(document, audited));
      }
    }
  }
  for (const list of senders.values()) list.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return senders;
}

/**
 * A prompt file's site as its first sender sends it: the call's model when the file names none (a default stays a
 * default of the call's provider), the call's cap when the file sets none, and `sentBy` listing every sender.
 */
export function sentSite(site: PromptSite, senders: readonly PromptFileSender[]): PromptSite {
  const [first] = senders;
  if (!first) return site;
  const sent: PromptSite = { ...site, sentBy: senders.map((sender) => ({ file: sender.file, line: sender.line })) };
  if (site.model === null) {
    sent.provider = site.provider ?? first.provider;
    if (first.modelId !== null && !first.modelIsDefault) {
      sent.model = first.modelId;
      sent.modelSource = 'sending-call';
      sent.modelFrom = { ...first.modelFrom };
      delete sent.modelAlternatives;
      delete sent.modelExpression;
    }
  }
  if (site.maxOutputTokens === null && first.maxOutputTokens !== null) {
    sent.maxOutputTokens = first.maxOutputTokens;
    if (first.capParameter) sent.capParameter = first.capParameter;
    else delete sent.capParameter;
    // The cap is written in the call's file: no span of this file holds it.
    delete sent.capSpan;
  }
  return sent;
}

function sentAuditedSite(audited: AuditedSite, senders: readonly PromptFileSender[], context: AuditContext): AuditedSite {
  const sent = auditSite(sentSite(audited.site, senders), context);
  // Copied as it is: a hash not yet finished (siteContentHashLater) stays so until read.
  const hash = Object.getOwnPropertyDescriptor(audited, 'contentHash');
  if (hash && (hash.get || hash.value)) Object.defineProperty(sent, 'contentHash', hash);
  return sent;
}

/** The prompt-file sites of a document that calls send, priced as sent (findings stay the document's). */
export function sentPromptFileSites(document: DocumentAudit, senders: readonly PromptFileSender[], context: AuditContext): AuditedSite[] {
  return document.sites.filter(({ site }) => site.kind === 'prompt-file').map((audited) => sentAuditedSite(audited, senders, context));
}

/** The document with its prompt-file sites priced as its senders send them (the editor's view of an open prompt file). */
export function withSenders(document: DocumentAudit, senders: readonly PromptFileSender[], context: AuditContext): DocumentAudit {
  if (senders.length === 0 || !document.sites.some(({ site }) => site.kind === 'prompt-file')) return document;
  return { ...document, sites: document.sites.map((audited) => (audited.site.kind === 'prompt-file' ? sentAuditedSite(audited, senders, context) : audited)) };
}

/** Same senders in the same order, compared by value (a new workspace audit builds new objects). */
export function sameSenders(a: readonly PromptFileSender[] | undefined, b: readonly PromptFileSender[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}
