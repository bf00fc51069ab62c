// A many-file audit without every document's text in memory (issue 16, 100 MB workspaces): each audit is detached from
// its text (static texts that are the document's own text at their spans are emptied; the paragraph keys the cross-file
// rule compares are kept, hashed), and only the documents the cross-file steps need are given their text again at the
// end. Which those are is decided from the detached audits alone, so the steps see exactly what they would with every text.
import type { DetachedTexts, DocumentAudit } from './auditTypes';
import type { AuditedSite } from './auditTypes';
import { candidateTexts, forEachPieceHash } from './rules/duplicatedInstructionBlock';
import { isValidSpan } from './rules/ruleSupport';
import { promptFileSenders } from './sentPromptFiles';
import type { PromptMessage, PromptSegment } from './types';

/**
 * The hash (FNV-1a cut to 30 bits) of every paragraph key duplicated-instruction-block compares in these sites, in one
 * pass over each text without building the keys: split where `/\n[ \t]*\r?\n/` matches, white space runs as one space,
 * trimmed, keys shorter than MIN_PARAGRAPH_CHARS left out (test/core/crossFileInputs.test.ts compares it with the keys
 * built as strings).
 */
export function paragraphKeyHashes(sites: readonly AuditedSite[]): number[] {
  const hashes = new Set<number>();
  const add = (hash: number): void => {
    if (hash >= 0) hashes.add(hash);
  };
  for (const text of candidateTexts(sites)) forEachPieceHash(text, add);
  return [...hashes];
}

/**
 * The audit without the text it was made from: nothing in it refers to `text` any more (see `attachTexts`).
 * `paragraphKeys`: the hashes, when a detached audit of the same text already holds them.
 */
export function detachTexts(audit: DocumentAudit, text: string, paragraphKeys: number[] = paragraphKeyHashes(audit.sites)): DocumentAudit {
  const verbatimSegments: number[] = [];
  const sites = audit.sites.map((audited, siteIndex) => {
    let changed = false;
    const messages = audited.site.messages.map((message, messageIndex): PromptMessage => {
      let segments: PromptSegment[] | undefined;
      message.segments.forEach((segment, segmentIndex) => {
        if (segment.kind !== 'static' || segment.text.length === 0 || !isValidSpan(text, segment.span)) return;
        if (segment.span.end - segment.span.start !== segment.text.length || !text.startsWith(segment.text, segment.span.start)) return;
        segments ??= [...message.segments];
        segments[segmentIndex] = { ...segment, text: '' };
        verbatimSegments.push(siteIndex, messageIndex, segmentIndex);
      });
      if (!segments) return message;
      changed = true;
      return { ...message, segments };
    });
    return changed ? { ...audited, site: { ...audited.site, messages } } : audited;
  });
  const detached: DetachedTexts = { paragraphKeys, verbatimSegments };
  return { ...audit, sites, detached };
}

/** The audit `detachTexts` was given, from the detached one and the same text (deep-equal to it). */
export function attachTexts(audit: DocumentAudit, text: string): DocumentAudit {
  const { detached, ...attached } = audit;
  if (!detached) return audit;
  const triples = detached.verbatimSegments;
  if (triples.length === 0) return attached;
  const sites = [...audit.sites];
  for (let i = 0; i < triples.length; ) {
    const siteIndex = triples[i];
    const audited = sites[siteIndex];
    const messages = [...audited.site.messages];
    while (i < triples.length && triples[i] === siteIndex) {
      const messageIndex = triples[i + 1];
      const segments = [...messages[messageIndex].segments];
      while (i < triples.length && triples[i] === siteIndex && triples[i + 1] === messageIndex) {
        const segment = segments[triples[i + 2]];
        if (segment.kind !== 'static' || !isValidSpan(text, segment.span)) throw new Error(`${audit.file}: the text does not fit its detached audit`);
        segments[triples[i + 2]] = { ...segment, text: text.slice(segment.span.start, segment.span.end) };
        i += 3;
      }
      messages[messageIndex] = { ...messages[messageIndex], segments };
    }
    sites[siteIndex] = { ...audited, site: { ...audited.site, messages } };
  }
  return { ...attached, sites };
}

/**
 * The documents whose text the cross-file steps of `finishWorkspaceAudit` read: those holding a paragraph key another
 * document holds too (duplicated-instruction-block, and the suppressions and fingerprints of its findings), and prompt
 * files a call sends (priced again as sent). The rule's findings depend on those documents alone: a key held by one
 * document makes no finding, and every document holding a shared key is among them.
 */
export function documentsNeedingText(audits: readonly DocumentAudit[]): Set<string> {
  const keysOf = audits.map((audit) => audit.detached?.paragraphKeys ?? paragraphKeyHashes(audit.sites));
  // Key → the one file holding it, or null once a second file does.
  const holder = new Map<number, string | null>();
  audits.forEach((audit, index) => {
    for (const key of keysOf[index]) {
      const first = holder.get(key);
      if (first === undefined) holder.set(key, audit.file);
      else if (first !== null && first !== audit.file) holder.set(key, null);
    }
  });
  const needed = new Set(promptFileSenders(audits).keys());
  audits.forEach((audit, index) => {
    if (keysOf[index].some((key) => holder.get(key) === null)) needed.add(audit.file);
  });
  return needed;
}
