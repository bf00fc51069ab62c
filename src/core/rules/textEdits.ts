// Applies a fix's edits to document text: the CLI's `--fix` and the tests use it; the editor builds WorkspaceEdits instead.
import type { TextEdit } from '../types';

/**
 * Returns `text` with `edits` applied. Edits are offsets into the original text; they are applied
 * in position order and must not overlap (an overlapping or out-of-range edit throws, since applying
 * it would corrupt the file).
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let result = '';
  let cursor = 0;
  for (const edit of sorted) {
    const { start, end } = edit.span;
    if (!(start >= 0 && end >= start && end <= text.length)) throw new RangeError(`edit [${start}, ${end}) is outside the text (length ${text.length})`);
    if (start < cursor) throw new RangeError(`edit [${start}, ${end}) overlaps the previous edit`);
    result += text.slice(cursor, start) + edit.newText;
    cursor = end;
  }
  return result + text.slice(cursor);
}
