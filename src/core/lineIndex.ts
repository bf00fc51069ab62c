// Converts between offsets (what the core stores) and line/column (what users and VS Code see).

export interface LineColumn {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  column: number;
}

export class LineIndex {
  private readonly lineStarts: number[];
  /** Only the length is kept: an audit holds a LineIndex per document until the report, the text would stay alive. */
  private readonly textLength: number;

  constructor(text: string) {
    this.textLength = text.length;
    const starts = [0];
    // Without a carriage return every line ends at a `\n`: found natively (a keystroke in a 1 MB prompt builds one).
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
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
