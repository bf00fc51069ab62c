// Where a long text can be cut so that counting the pieces apart gives its exact count, at places that depend only on
// the characters around them: an edit changes the piece it lands in (and rarely the next), so a re-count after a
// keystroke in a 1 MB prompt encodes a few KB and finds every other piece's count in the cache.
//
// A cut goes after a `\n` and before an ASCII letter. No pre-tokenizer piece of o200k_base or cl100k_base crosses such
// a place: letter runs may start with one non-letter but never a line break, punctuation runs take trailing line
// breaks but no letter, and white-space runs end at the letter (the line-break alternative, tried first, takes all of
// them). Matching restarts there as it would on the text alone, so the counts add up; BPE merges stay inside pieces.

/**
 * Pieces are at least this long (fewer cache entries). There is no maximum: a cut forced by length would depend on
 * where the last one fell, so an edit would move every later cut (a text with few allowed places has long pieces).
 */
export const MIN_PIECE = 2048;

/** Offsets to cut `text` at, ascending (none for a text with no allowed place, or shorter than two pieces). */
export function stableCuts(text: string): number[] {
  return chosenLineStartCuts(text);
}

/** A further test of a chosen line start `at` of `text` (`last`: the previous cut, or 0); it reads only text[last, at). */
export type CutTest = (text: string, at: number, last: number) => boolean;

/**
 * The chosen line starts (`isChosenLineStart`) at least MIN_PIECE apart, ascending, that `accept` also takes (`last`:
 * the previous cut, or 0). The prompt re-audit's sentence-break cuts (reaudit/pieceMemo.ts) are these with one more test.
 */
export function chosenLineStartCuts(text: string, accept?: CutTest): number[] {
  return cutsFrom(text, [], accept, null);
}

/** Characters after a line start that decide whether it is chosen (contentHash). */
const LOOKAHEAD = 12;

/**
 * `chosenLineStartCuts(text, accept)` from the cuts of an earlier version of the text and the one change between them
 * (`change`: old text [start, oldEnd) became [start, newEnd)). Whether a place is a cut depends only on the cut before
 * it and the text from there to LOOKAHEAD characters past the place, so the cuts that far before the change stay, the
 * search resumes at the last of them, and once it cuts where the old text had a cut past the change, every later cut
 * is the old one moved by the change's length difference.
 */
export function editedLineStartCuts(previousCuts: readonly number[], text: string, change: { start: number; oldEnd: number; newEnd: number }, accept?: CutTest): number[] {
  let kept = 0;
  while (kept < previousCuts.length && previousCuts[kept] + LOOKAHEAD <= change.start) kept++;
  return cutsFrom(text, previousCuts.slice(0, kept), accept, { previousCuts, from: kept, change });
}

function cutsFrom(text: string, cuts: number[], accept: CutTest | undefined, resync: { previousCuts: readonly number[]; from: number; change: { start: number; oldEnd: number; newEnd: number } } | null): number[] {
  let last = cuts.length > 0 ? cuts[cuts.length - 1] : 0;
  const delta = resync ? resync.change.newEnd - resync.change.oldEnd : 0;
  let old = resync?.from ?? 0;
  // A place closer than MIN_PIECE to the last cut is never taken: the search starts past them.
  for (let newline = text.indexOf('\n', last + MIN_PIECE - 1); newline !== -1 && newline + 1 < text.length; newline = text.indexOf('\n', newline + 1)) {
    const at = newline + 1;
    if (at - last < MIN_PIECE || !isChosenLineStart(text, at) || (accept && !accept(text, at, last))) continue;
    cuts.push(at);
    last = at;
    if (resync && at >= resync.change.newEnd) {
      const { previousCuts } = resync;
      while (old < previousCuts.length && previousCuts[old] + delta < at) old++;
      if (old < previousCuts.length && previousCuts[old] + delta === at) {
        for (old++; old < previousCuts.length; old++) cuts.push(previousCuts[old] + delta);
        return cuts;
      }
    }
  }
  return cuts;
}

/**
 * Whether the line start `at` begins with an ASCII letter and is chosen by the next few characters alone (one place in
 * four), so both versions of an edited text agree again at the first chosen place after the edit. Shared with the
 * prompt re-audit's sentence-break cuts (reaudit/pieceMemo.ts).
 */
function isChosenLineStart(text: string, at: number): boolean {
  return isAsciiLetter(text.charCodeAt(at)) && (contentHash(text, at) & 3) === 0;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function contentHash(text: string, at: number): number {
  let hash = 0x811c9dc5;
  for (let i = at; i < at + 12 && i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash ^ (hash >>> 15)) >>> 0;
}
