// Converts between offsets (what the core stores) and line/column (what users and VS Code see).

export interface LineColumn {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  column: number;
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
    const delta = change.newEnd - change.oldEnd;
    const starts: number[] = [];
    let index = 0;
    for (; index < old.length && old[index] < change.start; index++) starts.push(old[index]);
    if (change.start === 0) starts.push(0);
    for (let q = Math.max(1, change.start); q <= change.newEnd && q <= text.length; q++) {
      const before = text.charCodeAt(q - 1);
      if (before === 10 || (before === 13 && text.charCodeAt(q) !== 10)) starts.push(q);
    }
    while (index < old.length && old[index] <= change.oldEnd) index++;
    for (; index < old.length; index++) starts.push(old[index] + delta);
    return new LineIndex(text, starts);
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
