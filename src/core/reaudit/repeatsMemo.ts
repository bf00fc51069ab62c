// redundant-instruction's repeat search after an edit of a long prompt (issue 16, keystroke target on prompt files):
// the sentences before the edit keep their decisions, the edited ones are searched, and a later sentence is searched
// again only when an edited sentence (old or new), or one whose decision changed, may decide it (`mayDecide`). The
// decisions are the ones a search of the whole list makes (`decideAll`): every search runs against the state it builds.
import { keptRepeats, mayDecide, RepeatSearch, type Repeat } from '../rules/redundantInstruction';
import type { InstructionSentence } from '../rules/instructionSentences';
import type { PieceMemo } from './pieceMemo';

interface LastSearch {
  sentences: InstructionSentence[];
  keys: string[];
  /** Per sentence: the index of the original it repeats and how, or null for an original. */
  decisions: Array<{ original: number; kind: Repeat['kind'] } | null>;
  addedToNear: Uint8Array;
}

const SLOT = 'redundant-instruction:last-search';

/** Searches made in the last call (each a full decision; adopted ones are not counted): the growth tests read it. */
export const repeatSearchWork = { searched: 0 };

/** What decides a sentence: its normalised text and whether it is written without spaces (its words and intent follow). */
function keyOf(sentence: InstructionSentence): string {
  return sentence.unspaced ? `${sentence.normalized}\u0001` : sentence.normalized;
}

/** The repeats a search of every sentence reports (`decideAll`), searching only what changed since the memo's last list. */
export function repeatsWithMemo(sentences: InstructionSentence[], memo: PieceMemo): Repeat[] {
  const keys = sentences.map(keyOf);
  const last = memo.slot<LastSearch>(SLOT);
  const search = new RepeatSearch(sentences);
  const decisions: Array<Repeat | undefined> = new Array(sentences.length);
  repeatSearchWork.searched = 0;
  const decide = (index: number): Repeat | undefined => {
    repeatSearchWork.searched++;
    return (decisions[index] = search.decide(index));
  };
  const n = sentences.length;
  if (!last) for (let index = 0; index < n; index++) decide(index);
  else {
    const lastN = last.keys.length;
    let prefix = 0;
    while (prefix < n && prefix < lastN && keys[prefix] === last.keys[prefix]) prefix++;
    let suffix = 0;
    while (suffix < n - prefix && suffix < lastN - prefix && keys[n - 1 - suffix] === last.keys[lastN - 1 - suffix]) suffix++;
    const shift = n - lastN;
    // Sentences whose presence or decision differs between the two lists: a later sentence they may decide is searched.
    const changed: InstructionSentence[] = [...last.sentences.slice(prefix, lastN - suffix)];
    const adopted = (index: number, lastIndex: number): Repeat | undefined | null => {
      const old = last.decisions[lastIndex];
      if (!old) return undefined;
      const original = old.original < prefix ? old.original : old.original >= lastN - suffix ? old.original + shift : -1;
      // Its original must still be one (an edited original is in `changed` and may decide it, so this is a safeguard).
      if (original < 0 || !search.original[original]) return null;
      return { sentence: sentences[index], original: sentences[original], kind: old.kind };
    };
    for (let index = 0; index < prefix; index++) {
      // Before the edit every original is where it was (null cannot happen here; if it did, the search decides).
      const repeat = adopted(index, index);
      if (repeat === null) decide(index);
      else search.adopt(index, (decisions[index] = repeat));
    }
    for (let index = prefix; index < n - suffix; index++) {
      decide(index);
      changed.push(sentences[index]);
    }
    for (let index = n - suffix; index < n; index++) {
      const lastIndex = index - shift;
      const sentence = sentences[index];
      const repeat = changed.some((other) => mayDecide(other, sentence)) ? null : adopted(index, lastIndex);
      if (repeat === null) {
        if ((decide(index) === undefined) !== (last.decisions[lastIndex] === null)) changed.push(sentence);
      } else search.adopt(index, (decisions[index] = repeat));
      // An original that joins the near-duplicate candidates in one list and not the other (their number is capped).
      if (search.addedToNear[index] !== last.addedToNear[lastIndex]) changed.push(sentence);
    }
  }
  const index = new Map(sentences.map((sentence, at) => [sentence, at] as const));
  memo.setSlot(SLOT, {
    sentences,
    keys,
    decisions: decisions.map((repeat) => (repeat ? { original: index.get(repeat.original)!, kind: repeat.kind } : null)),
    addedToNear: search.addedToNear,
  } satisfies LastSearch);
  return keptRepeats(decisions);
}
