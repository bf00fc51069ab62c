// duplicated-instruction-block: the same large block of instruction text pasted into several files.
import { formatTokens } from '../pricing/cost';
import { countTokens } from '../tokenizing';
import type { AuditedSite } from '../auditTypes';
import type { Span, StaticSegment } from '../types';
import type { RuleResult, WorkspaceRule, WorkspaceRuleDocument } from './types';
import { ruleDocs } from './ruleDocs';
import { collapseWhiteSpace, isValidSpan } from './ruleSupport';
import { isWhitespace } from '../whitespace';

export const DUPLICATED_INSTRUCTION_BLOCK = 'duplicated-instruction-block';

/** Paragraphs shorter than this many characters are never "large" (cheap pre-filter before counting tokens). */
export const MIN_PARAGRAPH_CHARS = 120;
/** A repeated run of paragraphs is reported from this many tokens on. */
export const MIN_BLOCK_TOKENS = 100;
/** Other files named in a message before "and N more". */
const NAMED_FILES = 3;

interface Paragraph {
  file: string;
  /** The text as the rule compares it (white space runs as one space, trimmed). */
  key: string;
  text: string;
  span?: Span;
  /** Paragraphs of one static segment share a run id; runs of repeated paragraphs merge only within it. */
  run: string;
  order: number;
}

export const duplicatedInstructionBlockRule: WorkspaceRule = {
  id: DUPLICATED_INSTRUCTION_BLOCK,
  defaultSeverity: 'information',
  ...ruleDocs(DUPLICATED_INSTRUCTION_BLOCK, { MIN_BLOCK_TOKENS }),
  checkWorkspace(documents: readonly WorkspaceRuleDocument[]): Array<RuleResult & { file: string }> {
    // Equal keys have equal hashes, and equal beginnings: a paragraph whose key's first MIN_PARAGRAPH_CHARS characters
    // one file alone holds is repeated nowhere. A first pass hashes only those characters of every paragraph (most of a
    // large workspace's prose is paragraphs of one file; issue 16: hashing them whole was ~5% of a 10 MB prompt audit);
    // a second hashes whole the paragraphs whose beginning another file holds too; only those whose whole hash another
    // file holds too become records with a key (a copy of the paragraph: peak memory).
    const beginnings: number[] = [];
    const holderOfBeginning = new Map<number, string | null>();
    for (const document of documents) {
      forEachPiece(document.sites, (text, start, end) => {
        const beginning = paragraphKeyHash(text, start, end, MIN_PARAGRAPH_CHARS);
        beginnings.push(beginning);
        if (beginning >= 0) noteHolder(holderOfBeginning, beginning, document.file);
      });
    }
    const pieceHashes: number[] = [];
    const holderOfHash = new Map<number, string | null>();
    for (const document of documents) {
      forEachPiece(document.sites, (text, start, end) => {
        const beginning = beginnings[pieceHashes.length];
        if (beginning < 0 || holderOfBeginning.get(beginning) !== null) {
          pieceHashes.push(beginning < 0 ? SHORT : HELD_ALONE);
          return;
        }
        const hash = paragraphKeyHash(text, start, end);
        pieceHashes.push(hash);
        noteHolder(holderOfHash, hash, document.file);
      });
    }
    let nextPiece = 0;
    const candidates: Paragraph[] = [];
    for (const document of documents) collectParagraphs(document, () => pieceHashes[nextPiece++], (hash) => hash >= 0 && holderOfHash.get(hash) === null, candidates);
    const filesByKey = new Map<string, Set<string>>();
    for (const paragraph of candidates) {
      let files = filesByKey.get(paragraph.key);
      if (!files) filesByKey.set(paragraph.key, (files = new Set()));
      files.add(paragraph.file);
    }
    const repeated = candidates.filter((paragraph) => (filesByKey.get(paragraph.key)?.size ?? 0) >= 2);
    const results: Array<RuleResult & { file: string }> = [];
    const reported = new Set<string>();
    // A block pasted into N files is N copies with one key sequence: their files are gathered and sorted once.
    const filesOfBlock = new BlockFiles(filesByKey);
    for (const block of mergeRuns(repeated)) {
      const file = block[0].file;
      const tokens = block.reduce((sum, paragraph) => sum + countTokens(paragraph.text, 'o200k_base').tokens, 0);
      if (tokens < MIN_BLOCK_TOKENS) continue;
      const located = block.filter((paragraph) => paragraph.span);
      if (located.length === 0) continue;
      const span = { start: located[0].span!.start, end: located[located.length - 1].span!.end };
      const dedupeKey = `${file}\u0000${span.start}\u0000${span.end}`;
      if (reported.has(dedupeKey)) continue;
      reported.add(dedupeKey);
      // Every paragraph of a block comes from one file, so the other files are the block's files minus that one.
      const files = filesOfBlock.of(block);
      const otherCount = files.set.size - (files.set.has(file) ? 1 : 0);
      const named: string[] = [];
      for (const other of files.sorted) {
        if (named.length === NAMED_FILES) break;
        if (other !== file) named.push(other);
      }
      const namedText = named.join(', ') + (otherCount > NAMED_FILES ? ` and ${otherCount - NAMED_FILES} more` : '');
      results.push({
        file,
        span,
        message: `This ${formatTokens(tokens)}-token instruction block is repeated in ${otherCount} other file${otherCount === 1 ? '' : 's'} (${namedText}): keep one shared copy.`,
      });
    }
    return results;
  },
};

/** A piece's hash in `checkWorkspace`'s second pass: its key is shorter than MIN_PARAGRAPH_CHARS (not a paragraph). */
const SHORT = -1;
/** A paragraph whose key's beginning one file alone holds: repeated nowhere, never hashed whole. */
const HELD_ALONE = -2;

/** Records that `file` holds `hash`: the first file to hold it, or null once a second file does. */
function noteHolder(holders: Map<number, string | null>, hash: number, file: string): void {
  const holder = holders.get(hash);
  if (holder === undefined) holders.set(hash, file);
  else if (holder !== null && holder !== file) holders.set(hash, null);
}

/** Work done gathering and sorting the files of blocks (file names visited) and keys built, for the growth tests. */
export const duplicatedBlockWork = { fileVisits: 0, keysBuilt: 0 };

/** The files holding each of a block's paragraphs, gathered and sorted once per distinct sequence of paragraphs. */
class BlockFiles {
  private readonly byKeys = new Map<string, { set: ReadonlySet<string>; sorted: readonly string[] }>();
  private readonly keyIds = new Map<string, number>();

  constructor(private readonly filesByKey: ReadonlyMap<string, ReadonlySet<string>>) {}

  of(block: readonly Paragraph[]): { set: ReadonlySet<string>; sorted: readonly string[] } {
    const sequence = block.map((paragraph) => this.keyId(paragraph.key)).join(',');
    let files = this.byKeys.get(sequence);
    if (!files) {
      let set = this.filesByKey.get(block[0].key)!;
      if (block.length > 1) {
        const union = new Set<string>();
        for (const paragraph of block) {
          for (const file of this.filesByKey.get(paragraph.key)!) union.add(file);
          duplicatedBlockWork.fileVisits += this.filesByKey.get(paragraph.key)!.size;
        }
        set = union;
      }
      duplicatedBlockWork.fileVisits += set.size;
      files = { set, sorted: [...set].sort() };
      this.byKeys.set(sequence, files);
    }
    return files;
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) this.keyIds.set(key, (id = this.keyIds.size));
    return id;
  }
}

/** A static text of a message the rule reads (not a reply or tool output), long enough to hold a candidate paragraph. */
interface CandidateSegment {
  segment: StaticSegment;
  siteIndex: number;
  messageIndex: number;
  segmentIndex: number;
}

function forEachCandidateSegment(sites: readonly AuditedSite[], visit: (candidate: CandidateSegment) => void): void {
  sites.forEach((audited, siteIndex) => {
    audited.site.messages.forEach((message, messageIndex) => {
      if (message.role === 'assistant' || message.role === 'tool') return;
      message.segments.forEach((segment, segmentIndex) => {
        if (segment.kind === 'static' && segment.text.length >= MIN_PARAGRAPH_CHARS) visit({ segment, siteIndex, messageIndex, segmentIndex });
      });
    });
  });
}

// PARAGRAPH_BREAK, where a static text splits into paragraphs: a line holding only spaces or tabs, `/\n[ \t]*\r?\n/`
// (found without the regex by `forEachPieceSpan`).

/** The static texts whose paragraphs the rule compares (split at PARAGRAPH_BREAK). */
export function candidateTexts(sites: readonly AuditedSite[]): string[] {
  const texts: string[] = [];
  forEachCandidateSegment(sites, ({ segment }) => texts.push(segment.text));
  return texts;
}

/**
 * FNV-1a of `text[from, to)` as the rule keys it (white space runs as one space, trimmed), cut to 30 bits, without
 * building the key; -1 when the key is shorter than MIN_PARAGRAPH_CHARS. With `maxLength`, of the key's first
 * `maxLength` characters only (the reading stops there).
 */
export function paragraphKeyHash(text: string, from = 0, to = text.length, maxLength = Infinity): number {
  let hash = 0x811c9dc5;
  let length = 0;
  let pendingSpace = false;
  for (let i = from; i < to && length < maxLength; i++) {
    const code = text.charCodeAt(i);
    if (isWhitespace(code)) {
      pendingSpace = length > 0;
      continue;
    }
    if (pendingSpace) {
      hash = Math.imul(hash ^ 32, 0x01000193);
      length++;
      pendingSpace = false;
      if (length === maxLength) break;
    }
    hash = Math.imul(hash ^ code, 0x01000193);
    length++;
  }
  return length >= MIN_PARAGRAPH_CHARS ? hash >>> 2 : -1;
}

/**
 * `paragraphKeyHash` of every piece `text.split(PARAGRAPH_BREAK)` gives (short ones too, as -1), in order, read in place:
 * no piece string is made (a 10 MB prompt workspace splits into ~100K of them).
 */
export function forEachPieceHash(text: string, visit: (hash: number) => void): void {
  forEachPieceSpan(text, (start, end) => visit(paragraphKeyHash(text, start, end)));
}

/** Where each piece `text.split(PARAGRAPH_BREAK)` gives lies in `text`, in order. */
export function forEachPieceSpan(text: string, visit: (start: number, end: number) => void): void {
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    // PARAGRAPH_BREAK at `at`: a line break, spaces or tabs, an optional carriage return, a line break.
    let next = at + 1;
    while (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9) next++;
    if (text.charCodeAt(next) === 13) next++;
    if (text.charCodeAt(next) !== 10) continue;
    visit(start, at);
    start = next + 1;
    at = next;
  }
  visit(start, text.length);
}

/** Every piece the rule's candidate segments split into (short ones too), in the order `collectParagraphs` reads them. */
function forEachPiece(sites: readonly AuditedSite[], visit: (text: string, start: number, end: number) => void): void {
  forEachCandidateSegment(sites, ({ segment }) => forEachPieceSpan(segment.text, (start, end) => visit(segment.text, start, end)));
}

/**
 * The paragraphs of `document` whose hash (`nextHash`, one per piece in `forEachPiece` order: SHORT for a piece that is no
 * paragraph) is `shared`, with their keys and spans. Every paragraph is located and numbered, shared or not, so spans and
 * orders are those of the whole list.
 */
function collectParagraphs(document: WorkspaceRuleDocument, nextHash: () => number, shared: (hash: number) => boolean, out: Paragraph[]): void {
  let order = 0;
  forEachCandidateSegment(document.sites, ({ segment, siteIndex, messageIndex, segmentIndex }) => {
    const run = `${document.file}\u0000${siteIndex}\u0000${messageIndex}\u0000${segmentIndex}`;
    const source = isValidSpan(document.text, segment.span) ? { span: segment.span, text: document.text.slice(segment.span.start, segment.span.end) } : undefined;
    let searchFrom = 0;
    // The pieces of `segment.text.split(PARAGRAPH_BREAK)`, without the regex (a tenth of the rule's time) or an array.
    forEachPieceSpan(segment.text, (pieceStart, pieceEnd) => {
      const hash = nextHash();
      if (hash === SHORT) return;
      const paragraph = segment.text.slice(pieceStart, pieceEnd);
      let span: Span | undefined;
      if (source) {
        const located = locateParagraph(source.text, paragraph, searchFrom);
        if (located) {
          span = { start: source.span.start + located.start, end: source.span.start + located.end };
          searchFrom = located.end;
        }
      }
      const paragraphOrder = order++;
      if (!shared(hash)) return;
      duplicatedBlockWork.keysBuilt++;
      out.push({ file: document.file, key: collapseWhiteSpace(paragraph), text: paragraph, span, run, order: paragraphOrder });
    });
  });
}

/** The paragraph in the literal's source: verbatim, else from its first line to its last (dedented or indented YAML). */
function locateParagraph(source: string, paragraph: string, from: number): { start: number; end: number } | undefined {
  const trimmed = paragraph.trim();
  const exact = source.indexOf(trimmed, from);
  if (exact >= 0) return { start: exact, end: exact + trimmed.length };
  const lines = trimmed.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  if (lines.length === 0) return undefined;
  const start = source.indexOf(lines[0], from);
  if (start < 0) return undefined;
  const last = source.indexOf(lines[lines.length - 1], start);
  if (last < 0) return undefined;
  return { start, end: last + lines[lines.length - 1].length };
}

/** Groups consecutive repeated paragraphs of the same literal into blocks. */
function mergeRuns(paragraphs: Paragraph[]): Paragraph[][] {
  const blocks: Paragraph[][] = [];
  for (const paragraph of paragraphs) {
    const current = blocks[blocks.length - 1];
    const previous = current?.[current.length - 1];
    if (previous && previous.run === paragraph.run && previous.order === paragraph.order - 1) current.push(paragraph);
    else blocks.push([paragraph]);
  }
  return blocks;
}
