// The one edit between two versions of a document's text, and how offsets after it move.

/** Old text [start, oldEnd) became new text [start, newEnd). */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * The smallest single change turning `before` into `after` (common prefix and suffix; several edits at once become one
 * change that spans them), or null when the texts are equal. Linear in the text, with no allocation.
 */
export function changeBetween(before: string, after: string): TextChange | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
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
 * `stats.moved` counts the offsets that lay after the change.
 */
export function movedData<T>(value: T, change: TextChange, skip: ReadonlySet<string> = NO_FIELDS, stats?: { moved: number }): T | null {
  let touched = false;
  const move = (offset: number): number => {
    const moved = movedOffset(offset, change);
    if (moved === null) {
      touched = true;
      return offset;
    }
    if (stats && offset > change.oldEnd) stats.moved++;
    return moved;
  };
  const copy = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(copy);
    if (Object.getPrototypeOf(node) !== Object.prototype) return node;
    const record = node as Record<string, unknown>;
    if (isSpan(record)) return { start: move(record.start as number), end: move(record.end as number) };
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      const field = record[key];
      if (skip.has(key)) out[key] = field;
      else if (key === 'offset' && typeof field === 'number') out[key] = move(field);
      else out[key] = copy(field);
    }
    return out;
  };
  const result = copy(value) as T;
  return touched ? null : result;
}

const NO_FIELDS: ReadonlySet<string> = new Set();

function isSpan(record: Record<string, unknown>): boolean {
  if (typeof record.start !== 'number' || typeof record.end !== 'number') return false;
  let keys = 0;
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) keys++;
  return keys === 2;
}
