// "Did you mean …?" for names a user typed (config keys, rule ids, model names, CLI flags).
import { editDistance } from './pricing/names';

/** The known name closest to `typed` (case-insensitive), when it is close enough to be a likely typo. */
export function closestName(typed: string, known: Iterable<string>): string | undefined {
  const word = typed.toLowerCase().slice(0, 100);
  // One edit for short names, at most three for long ones: unrelated words get no suggestion.
  const allowed = Math.max(1, Math.min(3, Math.floor(word.length / 4)));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(word, name.toLowerCase(), allowed);
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** ` (did you mean "x"?)` or the empty string. */
export function didYouMean(typed: string, known: Iterable<string>): string {
  const name = closestName(typed, known);
  return name === undefined ? '' : ` (did you mean "${name}"?)`;
}
