// Strings that hold their own characters: a slice of a document's text keeps the whole text alive in V8, so what is
// kept beyond one audit (the CLI's kept audits, an open document's piece memo) is copied flat.

/** An exact flat copy of `text` (lone surrogates kept: JSON escapes and restores them); V8 copies short strings already. */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
