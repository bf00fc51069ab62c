// Converts between offsets (what the core stores) and line/column (what users and VS Code see).

export interface LineColumn {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  column: number;
}

/** How many of the ascending `starts` are below `offset` (binary search). */
export function countBelow(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Line starts after an edit: the first `kept` of `old`, then `inside` (those in the changed text), then `old` from `from`
 * on moved by `delta`. A keystroke that adds and removes no line start makes one array of the old length, no growth.
 */
export function spliceStarts(old: readonly number[], kept: number, inside: readonly number[], from: number, delta: number): number[] {
  if (kept + inside.length + (old.length - from) === old.length) {
    const starts = old.slice();
    for (let j = 0; j < inside.length; j++) starts[kept + j] = inside[j];
    for (let k = from; k < old.length; k++) starts[k] = old[k] + delta;
    return starts;
  }
  const starts = old.slice(0, kept);
  for (const start of inside) starts.push(start);
  for (let k = from; k < old.length; k++) starts.push(old[k] + delta);
  return starts;
}

/** Where each line starts when only line feeds end lines (the engine's own search finds each one). */
export function lineFeedStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export class LineIndex {
  private readonly lineStarts: number[];
  /** Only the length is kept: an audit holds a LineIndex per document until the report, the text would stay alive. */
  private readonly textLength: number;

  /** `lineStarts` given: already computed for `text` (see `afterEdit`). */
  constructor(text: string, lineStarts?: number[]) {
    this.textLength = text.length;
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    // No carriage returns (most files): the lines are those after each line feed.
    if (text.indexOf('\r') === -1) {
      this.lineStarts = lineFeedStarts(text);
      return;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) starts.push(i + 1);
      else if (code === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /**
   * The index of `text`, which is the previous text with [start, oldEnd) replaced by [start, newEnd) of `text`: equal to
   * `new LineIndex(text)`, in time of the line count rather than the text. A line starts at `q` when `text[q - 1]` is a
   * line feed, or a carriage return not followed by one: starts before `start` and after `newEnd` read only unchanged text.
   */
  static afterEdit(previous: LineIndex, text: string, change: { start: number; oldEnd: number; newEnd: number }): LineIndex {
    const old = previous.lineStarts;
    const kept = countBelow(old, change.start);
    const inside: number[] = change.start === 0 ? [0] : [];
    for (let q = Math.max(1, change.start); q <= change.newEnd && q <= text.length; q++) {
      const before = text.charCodeAt(q - 1);
      if (before === 10 || (before === 13 && text.charCodeAt(q) !== 10)) inside.push(q);
    }
    return new LineIndex(text, spliceStarts(old, kept, inside, countBelow(old, change.oldEnd + 1), change.newEnd - change.oldEnd));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): LineColumn {
    const clamped = Math.max(0, Math.min(offset, this.textLength));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, column: clamped - this.lineStarts[low] };
  }

  offsetAt(position: LineColumn): number {
    if (position.line >= this.lineStarts.length) return this.textLength;
    const start = this.lineStarts[Math.max(0, position.line)];
    const nextStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.textLength;
    return Math.min(start + Math.max(0, position.column), nextStart);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }
}

/** A LineIndex that crossed a thread as plain data (structured clone keeps fields, not the class). */
export function reviveLineIndex(plain: LineIndex): LineIndex {
  return plain instanceof LineIndex ? plain : (Object.setPrototypeOf(plain, LineIndex.prototype) as LineIndex);
}
