// Content fingerprints that survive line moves: a site or finding keeps its fingerprint when code above it
// changes, so SARIF alerts, the PR diff and merged shards can follow it (no line numbers are hashed).
import { isWhitespace } from '../whitespace';

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

/** Hash of the parts, each normalised, joined by a separator that normalised text cannot contain. */
export function contentFingerprint(parts: readonly string[]): string {
  // hash53(parts.map(normalizeForFingerprint).join('\n')) in one pass, without building the normalised text: every
  // site and finding is hashed, and a prompt file's site is the whole file.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (code: number): void => {
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  };
  parts.forEach((part, index) => {
    if (index > 0) mix(10);
    let emitted = false;
    let pendingSpace = false;
    for (let i = 0; i < part.length; i++) {
      const code = part.charCodeAt(i);
      if (isWhitespace(code)) {
        pendingSpace = emitted;
        continue;
      }
      if (pendingSpace) mix(32);
      pendingSpace = false;
      emitted = true;
      mix(code);
    }
  });
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** A site's content hash: its kind, API and the whitespace-normalised text of its span. */
export function siteContentHash(site: { kind: string; api: string | null; span: { start: number; end: number } }, text: string): string {
  return contentFingerprint([site.kind, site.api ?? '', text.slice(site.span.start, site.span.end)]);
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
