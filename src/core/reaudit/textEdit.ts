// The one edit between two versions of a document's text, and how offsets after it move.

/** Old text [start, oldEnd) became new text [start, newEnd). */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

const BLOCK = 1024;

/**
 * The smallest single change turning `before` into `after` (common prefix and suffix; several edits at once become one
 * change that spans them), or null when the texts are equal. Linear in the text.
 */
export function changeBetween(before: string, after: string): TextChange | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);
  let start = commonPrefixLength(before, after, 0, shorter);
  // Equal blocks are skipped by native string comparison, the last one character by character.
  let suffix = 0;
  while (suffix + BLOCK <= shorter - start && before.slice(before.length - suffix - BLOCK, before.length - suffix) === after.slice(after.length - suffix - BLOCK, after.length - suffix)) suffix += BLOCK;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // A change never splits a surrogate pair or a CRLF: offsets either side of it would not be places the scanners stop.
  if (start > 0 && isJoined(before, start)) start--;
  let oldEnd = before.length - suffix;
  let newEnd = after.length - suffix;
  if (oldEnd < before.length && isJoined(before, oldEnd) && newEnd < after.length && isJoined(after, newEnd)) {
    oldEnd++;
    newEnd++;
  }
  return { start, oldEnd, newEnd };
}

/** Length of the common start of a[start, end) and b[start, end) (equal blocks compared natively, the rest by character). */
export function commonPrefixLength(a: string, b: string, start: number, end: number): number {
  const limit = Math.min(end, a.length, b.length);
  let at = start;
  for (const block of [65536, BLOCK]) while (at + block <= limit && a.slice(at, at + block) === b.slice(at, at + block)) at += block;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at - start;
}

/** True when the characters either side of `offset` belong together (a surrogate pair, `\r\n`). */
function isJoined(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) || (before === 13 && after === 10);
}

/**
 * Moves an offset of the old text to the new one: before the change it stays, after it moves by the change's length
 * difference. An offset touching the change (inside it or at either end) has no one answer: null.
 */
export function movedOffset(offset: number, change: TextChange): number | null {
  if (offset < change.start) return offset;
  if (offset > change.oldEnd) return offset + change.newEnd - change.oldEnd;
  return null;
}

/** True when [start, end] (inclusive) touches the change. */
export function touchesChange(start: number, end: number, change: TextChange): boolean {
  return start <= change.oldEnd && end >= change.start;
}

/**
 * A copy of plain data (sites, rule results) with every offset in it moved past the change: each span (`{start, end}`)
 * and each `offset` field. `skip` names fields copied as they are (catalog entries, counts: no offsets in them).
 * Returns null when an offset touches the change: the data was derived from the changed text and must be recomputed.
 * `stats.moved` counts the offsets that lay after the change. Copy on change: an object or array none of whose offsets
 * moved is the same object in the result (kept data is never changed in place), so a carried-over site allocates only
 * the objects on the paths to its moved offsets.
 */
export function movedData<T>(value: T, change: TextChange, skip: ReadonlySet<string> = NO_FIELDS, stats?: { moved: number }): T | null {
  const { start: changeStart, oldEnd } = change;
  const delta = change.newEnd - change.oldEnd;
  let touched = false;
  let moved = 0;
  /** Offsets read so far (and skipped fields met): a subtree that met neither holds no offset (remembered in OFFSET_FREE). */
  let seen = 0;
  const move = (offset: number): number => {
    seen++;
    if (offset < changeStart) return offset;
    if (offset > oldEnd) {
      moved++;
      return offset + delta;
    }
    touched = true;
    return offset;
  };
  const copy = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object' || OFFSET_FREE.has(node)) return node;
    const seenBefore = seen;
    const result = copyObject(node);
    // Nothing in it is an offset: it is the same object (copy on change), and stays offset-free (kept data is never changed).
    if (seen === seenBefore) OFFSET_FREE.add(node);
    return result;
  };
  const copyObject = (node: object): unknown => {
    if (Array.isArray(node)) {
      let out: unknown[] | null = null;
      for (let index = 0; index < node.length; index++) {
        const item = node[index];
        const copied = copy(item);
        if (out) out.push(copied);
        else if (copied !== item) {
          out = node.slice(0, index);
          out.push(copied);
        }
      }
      return out ?? node;
    }
    if (Object.getPrototypeOf(node) !== Object.prototype) return node;
    const record = node as Record<string, unknown>;
    if (isSpan(record)) {
      const start = move(record.start as number);
      const end = move(record.end as number);
      return start === record.start && end === record.end ? record : { start, end };
    }
    let out: Record<string, unknown> | null = null;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      const field = record[key];
      const skipped = skip.has(key);
      // A skipped field may hold offsets another call reads: its holder is never remembered as offset-free.
      if (skipped) seen++;
      const copied = skipped ? field : key === 'offset' && typeof field === 'number' ? move(field) : copy(field);
      if (out) out[key] = copied;
      else if (copied !== field) {
        // The first moved field: the fields before it are copied as they are, in their order.
        out = {};
        for (const earlier in record) {
          if (earlier === key) break;
          if (Object.prototype.hasOwnProperty.call(record, earlier)) out[earlier] = record[earlier];
        }
        out[key] = copied;
      }
    }
    return out ?? record;
  };
  const result = copy(value) as T;
  if (stats) stats.moved += moved;
  return touched ? null : result;
}

const NO_FIELDS: ReadonlySet<string> = new Set();

/**
 * Objects `movedData` found to hold no offset and no skipped field: it returns them as they are without reading them
 * again. Sound because re-audit state is plain data never changed in place, and what is an offset does not depend on
 * where a subtree hangs (spans and `offset` fields at any depth).
 */
const OFFSET_FREE = new WeakSet<object>();

function isSpan(record: Record<string, unknown>): boolean {
  if (typeof record.start !== 'number' || typeof record.end !== 'number') return false;
  let keys = 0;
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) keys++;
  return keys === 2;
}

/** The largest offset in plain data (spans and `offset` fields, as `movedData` sees them); -1 when it holds none. */
export function lastOffsetIn(value: unknown, skip: ReadonlySet<string> = NO_FIELDS): number {
  let last = -1;
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (Object.getPrototypeOf(node) !== Object.prototype) return;
    const record = node as Record<string, unknown>;
    if (isSpan(record)) {
      last = Math.max(last, record.start as number, record.end as number);
      return;
    }
    for (const key of Object.keys(record)) {
      const field = record[key];
      if (skip.has(key)) continue;
      if (key === 'offset' && typeof field === 'number') last = Math.max(last, field);
      else visit(field);
    }
  };
  visit(value);
  return last;
}
