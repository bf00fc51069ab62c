// The pieces of the last few long texts cut at chosen line starts (stableCuts.ts), kept for the next version of the
// same text (issue 16, keystroke target on a 1 MB prompt file). After an edit, the cuts are searched again only around
// it, and every piece away from it is the string object the previous version had: V8 keeps a string's hash in the
// string, so the caches keyed by pieces (token counts, the re-audit's PieceMemo) find it again without reading it.
import { changeBetween } from '../reaudit/textEdit';
import { ownCopy } from '../ownCopy';
import { chosenLineStartCuts, editedLineStartCuts, MIN_PIECE, type CutTest } from './stableCuts';

/** A text cut into pieces: `pieces[k]` is text[starts[k], starts[k + 1]) (the last one to the end). */
export interface PiecedText {
  text: string;
  cuts: number[];
  starts: number[];
  pieces: string[];
}

interface Entry extends PiecedText {
  /** Per piece: already an own copy (a piece carried into a later version must not keep this text alive). */
  owned: boolean[];
}

export class PiecedTexts {
  /** Most recent first. */
  private recent: Entry[] = [];
  /** Characters of pieces sliced afresh (not carried over from an earlier version) since the start: tests read it. */
  slicedChars = 0;

  /** @param keep how many texts to remember (a document's versions alternate with other long texts counted). */
  constructor(
    private readonly accept?: CutTest,
    private readonly keep = 4,
  ) {}

  /** `text` cut at `chosenLineStartCuts(text, accept)`, its pieces carried over from a remembered version where it can. */
  piecesOf(text: string): PiecedText {
    const same = this.recent.findIndex((entry) => entry.text.length === text.length && entry.text === text);
    if (same >= 0) return this.remember(this.recent[same], same);
    // The remembered text the fewest characters apart (an edit of it); none when no two share a piece's length.
    let best: { entry: Entry; change: { start: number; oldEnd: number; newEnd: number } } | null = null;
    let bestKept = MIN_PIECE;
    for (const entry of this.recent) {
      const change = changeBetween(entry.text, text);
      if (!change) continue;
      const kept = change.start + text.length - change.newEnd;
      if (kept >= bestKept) {
        best = { entry, change };
        bestKept = kept;
      }
      // An edit within one piece's length (a keystroke's, in the version before): no other text can do better by much.
      if (best?.entry === entry && change.oldEnd - change.start < MIN_PIECE && change.newEnd - change.start < MIN_PIECE) break;
    }
    if (!best) {
      const cuts = chosenLineStartCuts(text, this.accept);
      const starts = [0, ...cuts];
      const pieces = starts.map((start, index) => (index + 1 < starts.length ? text.slice(start, starts[index + 1]) : start === 0 ? text : text.slice(start)));
      this.slicedChars += text.length;
      return this.remember({ text, cuts, starts, pieces, owned: pieces.map(() => false) }, -1);
    }
    const { entry: previous, change } = best;
    const cuts = editedLineStartCuts(previous.cuts, text, change, this.accept);
    const starts = [0, ...cuts];
    const delta = change.newEnd - change.oldEnd;
    // Old pieces by start, for the pieces wholly before the change or wholly after it (same text, moved by delta).
    const oldByStart = new Map<number, number>();
    previous.starts.forEach((start, index) => oldByStart.set(start, index));
    const pieces: string[] = [];
    const owned: boolean[] = [];
    starts.forEach((start, index) => {
      const end = index + 1 < starts.length ? starts[index + 1] : text.length;
      const before = end <= change.start;
      const after = start >= change.newEnd;
      const old = before ? oldByStart.get(start) : after ? oldByStart.get(start - delta) : undefined;
      const oldEnd = old === undefined ? -1 : old + 1 < previous.starts.length ? previous.starts[old + 1] : previous.text.length;
      if (old !== undefined && oldEnd === (before ? end : end - delta)) {
        if (!previous.owned[old]) {
          previous.pieces[old] = ownCopy(previous.pieces[old]);
          previous.owned[old] = true;
        }
        pieces.push(previous.pieces[old]);
      } else {
        // A piece of this version kept for later ones: an own copy, so it keeps no version of the text alive.
        pieces.push(ownCopy(text.slice(start, end)));
        this.slicedChars += end - start;
      }
      owned.push(true);
    });
    return this.remember({ text, cuts, starts, pieces, owned }, -1);
  }

  private remember(entry: Entry, index: number): Entry {
    if (index >= 0) this.recent.splice(index, 1);
    this.recent.unshift(entry);
    if (this.recent.length > this.keep) this.recent.length = this.keep;
    return entry;
  }
}
