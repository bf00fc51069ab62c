// Content fingerprints that survive line moves: a site or finding keeps its fingerprint when code above it
// changes, so SARIF alerts, the PR diff and merged shards can follow it (no line numbers are hashed).
import { isWhitespace } from '../whitespace';
import type { PieceMemo } from '../reaudit/pieceMemo';
import { commonPrefixLength } from '../reaudit/textEdit';

/** Runs of whitespace count as one space: re-indenting or re-wrapping code does not change a fingerprint. */
export function normalizeForFingerprint(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** cyrb53: a fast 53-bit string hash (not cryptographic; collisions only cost a less precise match). */
export function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** The state of contentFingerprint's hash after some characters of its parts: it can go on from there later. */
interface HashState {
  h1: number;
  h2: number;
  /** The current part has had a character that is not white space. */
  emitted: boolean;
  /** White space seen since the last such character (one space is hashed before the next one). */
  pendingSpace: boolean;
}

function startHash(): HashState {
  return { h1: 0xdeadbeef, h2: 0x41c6ce57, emitted: false, pendingSpace: false };
}

/** Starts part `index`: the separator, and white space at its start dropped. */
function startPart(state: HashState, index: number): void {
  if (index > 0) {
    state.h1 = Math.imul(state.h1 ^ 10, 2654435761);
    state.h2 = Math.imul(state.h2 ^ 10, 1597334677);
  }
  state.emitted = false;
  state.pendingSpace = false;
}

/** Hashes part[from, to), white space runs as one space and none at the part's ends. */
function hashChars(state: HashState, part: string, from: number, to: number): void {
  let { h1, h2, emitted, pendingSpace } = state;
  for (let i = from; i < to; i++) {
    const code = part.charCodeAt(i);
    if (isWhitespace(code)) {
      pendingSpace = emitted;
      continue;
    }
    if (pendingSpace) {
      h1 = Math.imul(h1 ^ 32, 2654435761);
      h2 = Math.imul(h2 ^ 32, 1597334677);
    }
    pendingSpace = false;
    emitted = true;
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  Object.assign(state, { h1, h2, emitted, pendingSpace });
}

function digest(state: HashState): string {
  let { h1, h2 } = state;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** Hash of the parts, each normalised, joined by a separator that normalised text cannot contain. */
export function contentFingerprint(parts: readonly string[]): string {
  // hash53(parts.map(normalizeForFingerprint).join('\n')) in one pass, without building the normalised text: every
  // site and finding is hashed, and a prompt file's site is the whole file.
  const state = startHash();
  parts.forEach((part, index) => {
    startPart(state, index);
    hashChars(state, part, 0, part.length);
  });
  return digest(state);
}

/** Spans at least this long are hashed with checkpoints when the caller keeps a memo (a re-audit of an open document). */
const RESUMABLE_MIN_CHARS = 32 * 1024;
/** Characters between two checkpoints. */
const CHECKPOINT_CHARS = 16 * 1024;

/** The last long span hashed for a document: the text, and the hash state at every CHECKPOINT_CHARS of the span. */
interface LastSpanHash {
  kind: string;
  api: string;
  start: number;
  text: string;
  /** State after text[start, offset), ascending by offset. */
  checkpoints: Array<{ offset: number; state: HashState }>;
}

const SPAN_HASH_SLOT = 'site-fingerprint:last-span';

/** A site's content hash: its kind, API and the whitespace-normalised text of its span. */
export function siteContentHash(site: { kind: string; api: string | null; span: { start: number; end: number } }, text: string, memo?: PieceMemo): string {
  return siteContentHashLater(site, text, memo)();
}

/**
 * siteContentHash, with the hashing of a long span's text after its last edit left for when the hash is first asked
 * for (a keystroke's re-audit never asks; a report or a sent prompt file does). The work up to the edit is done now.
 */
export function siteContentHashLater(site: { kind: string; api: string | null; span: { start: number; end: number } }, text: string, memo?: PieceMemo): () => string {
  const { start, end } = site.span;
  if (!memo || end - start < RESUMABLE_MIN_CHARS) {
    const hash = contentFingerprint([site.kind, site.api ?? '', text.slice(start, end)]);
    return () => hash;
  }
  // A long span (a prompt file's site is the whole file) edited once: the hash goes on from the last checkpoint before
  // the first changed character of the last text hashed, and only the rest is hashed again.
  const api = site.api ?? '';
  const last = memo.slot<LastSpanHash>(SPAN_HASH_SLOT);
  const checkpoints: LastSpanHash['checkpoints'] = [];
  if (last && last.kind === site.kind && last.api === api && last.start === start) {
    const same = start + commonPrefixLength(last.text, text, start, end);
    for (const checkpoint of last.checkpoints) if (checkpoint.offset <= same) checkpoints.push(checkpoint);
  } else {
    const state = startHash();
    startPart(state, 0);
    hashChars(state, site.kind, 0, site.kind.length);
    startPart(state, 1);
    hashChars(state, api, 0, api.length);
    startPart(state, 2);
    checkpoints.push({ offset: start, state });
  }
  // Kept for the next version before the rest is hashed: hashing it later adds its checkpoints to this same record.
  memo.setSlot(SPAN_HASH_SLOT, { kind: site.kind, api, start, text, checkpoints } satisfies LastSpanHash);
  let hash: string | undefined;
  return () => {
    if (hash !== undefined) return hash;
    const state = { ...checkpoints[checkpoints.length - 1].state };
    for (let from = checkpoints[checkpoints.length - 1].offset; from < end; ) {
      const to = Math.min(end, from + CHECKPOINT_CHARS);
      hashChars(state, text, from, to);
      if (to < end) checkpoints.push({ offset: to, state: { ...state } });
      from = to;
    }
    hash = digest(state);
    return hash;
  };
}

/**
 * Sets `target.contentHash` to what `hash` returns, called when the property is first read: an enumerable property
 * like any other (JSON, structuredClone and deep equality read it), replaced by its value once read or written.
 */
export function setContentHashLater(target: { contentHash?: string }, hash: () => string): void {
  // `this`: the descriptor may be copied to another object (a sent prompt file's site), which then settles itself.
  const settle = (owner: object, value: string): string => {
    Object.defineProperty(owner, 'contentHash', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(target, 'contentHash', {
    get(this: object) {
      return settle(this, hash());
    },
    set(this: object, value: string) {
      settle(this, value);
    },
    enumerable: true,
    configurable: true,
  });
}

/** A finding's content hash: its rule and the flagged text (never its message, whose figures change with volumes). */
export function findingContentHash(finding: { rule: string; span: { start: number; end: number } }, text: string): string {
  return contentFingerprint([finding.rule, text.slice(finding.span.start, finding.span.end)]);
}

/**
 * Appends `:N` (the occurrence of the same hash before it, 1-based) so equal content in one file stays distinct,
 * as GitHub's own primaryLocationLineHash does. `keys` are in document order.
 */
export function withOccurrences(keys: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((key) => {
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return `${key}:${count}`;
  });
}
