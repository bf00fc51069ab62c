// Results computed on pieces of a long text, kept by the piece's exact content for the next version of the same
// document (issue 16, keystroke target on prompt files): a keystroke in a 1 MB prompt recomputes the piece it lands in.
// One memo per open document (DocumentReaudit); a whole audit without one computes everything, and gives the same result.
import { chosenLineStartCuts } from '../tokenizing/stableCuts';
import { PiecedTexts } from '../tokenizing/piecedTexts';
import { isWhitespace } from '../whitespace';
import { ownCopy } from '../ownCopy';

/** Pieces are at least this long (the token-count cuts' minimum); a text shorter than two pieces is one piece. */
export { MIN_PIECE } from '../tokenizing/stableCuts';

interface Entry {
  /** The piece as an own copy: a slice of the document would keep every old version of its text alive. */
  key: string;
  value: unknown;
}

export class PieceMemo {
  /** Entries used since the last `endUpdate`, and those used in the update before (dropped unless used again). */
  private current = new Map<string, Map<string, Entry>>();
  private previous = new Map<string, Map<string, Entry>>();
  private readonly slots = new Map<string, unknown>();
  /** Characters of pieces computed afresh (not found) since the last `endUpdate`, per table: the growth tests read them. */
  computedChars = new Map<string, number>();
  /** Pieces found, since the last `endUpdate`. */
  found = 0;
  /** The long texts cut at sentence breaks lately: an edited one's pieces away from the edit are the strings found before. */
  private readonly sentencePieced = new PiecedTexts(isAfterSentenceEnd);

  /** `text` cut at `sentenceBreakCuts(text)`: each piece with its offset in the text. */
  sentencePieces(text: string): Array<{ start: number; text: string }> {
    const { starts, pieces } = this.sentencePieced.piecesOf(text);
    return pieces.map((piece, index) => ({ start: starts[index], text: piece }));
  }

  /** `compute(piece)`, or what it returned for a piece of the same content in this update or the one before. */
  get<T>(table: string, piece: string, compute: (piece: string) => T): T {
    let current = this.current.get(table);
    if (!current) this.current.set(table, (current = new Map()));
    const entry = current.get(piece) ?? this.previous.get(table)?.get(piece);
    if (entry) {
      current.set(entry.key, entry);
      this.found++;
      return entry.value as T;
    }
    // Computed on the copy: what it keeps of the piece (slices of it) then holds no old version of the document.
    const key = ownCopy(piece);
    const value = compute(key);
    current.set(key, { key, value });
    this.computedChars.set(table, (this.computedChars.get(table) ?? 0) + piece.length);
    return value;
  }

  /** A named value kept from one update to the next (what a step needs of its last result to do the next one). */
  slot<T>(name: string): T | undefined {
    return this.slots.get(name) as T | undefined;
  }

  setSlot(name: string, value: unknown): void {
    this.slots.set(name, value);
  }

  /** Ends one update: pieces not used in it or the one before are dropped, so the memo holds about two versions' pieces. */
  endUpdate(): void {
    this.previous = this.current;
    this.current = new Map();
    this.computedChars = new Map();
    this.found = 0;
  }
}

/**
 * Where a prompt's text can be cut so that the sentence and reply-length readers see each piece as they would see it in
 * the whole text: at the start of a line that begins with an ASCII letter, after a line that ends a sentence (`.`, `!`
 * or `?` and then only white space). No output-hint pattern matches across such a place (none matches `.`, `!`, `?` or
 * starts with white space), a sentence never spans lines, and the line-by-line state (code fences, example blocks) is
 * passed from piece to piece. Chosen by the next 12 characters (one place in four), at least MIN_PIECE apart, never
 * forced by length: both versions of an edited text agree again at the first chosen place after the edit.
 */
export function sentenceBreakCuts(text: string): number[] {
  return chosenLineStartCuts(text, isAfterSentenceEnd);
}

/** The line before `at` ends a sentence (see sentenceBreakCuts); reads text[last, at) only. */
export function isAfterSentenceEnd(text: string, at: number, last: number): boolean {
  let before = at - 2;
  while (before >= last && isWhitespace(text.charCodeAt(before))) before--;
  const end = text.charCodeAt(before);
  return before >= last && (end === 46 || end === 33 || end === 63);
}
