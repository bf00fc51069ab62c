// Assumed size of a placeholder's value: configured per name (globs allowed), else a shipped default by meaning.
import { matchesGlob } from '../glob';

/** Where an assumed placeholder size comes from. */
export type PlaceholderSizeSource = 'config' | 'meaning' | 'default';

export interface PlaceholderSize {
  tokens: number;
  source: PlaceholderSizeSource;
  /** The `placeholders:` key that matched (`config`), or the meaning it was read as (`meaning`: `retrieved context`). */
  reason?: string;
}

/** Shipped sizes by meaning: what a value of that kind usually holds, in tokens. One table, quoted by the README. */
export const PLACEHOLDER_MEANINGS: ReadonlyArray<{ meaning: string; tokens: number; words: readonly string[] }> = [
  { meaning: 'retrieved context', tokens: 2000, words: ['context', 'contexts', 'documents', 'docs', 'chunks', 'passages', 'sources', 'snippets', 'retrieved', 'excerpts', 'results', 'knowledge', 'faq', 'kb'] },
  { meaning: 'conversation', tokens: 2000, words: ['history', 'transcript', 'conversation', 'messages', 'chat', 'dialogue', 'dialog', 'thread'] },
  { meaning: 'code', tokens: 1500, words: ['code', 'diff', 'patch', 'snippet', 'file', 'files', 'log', 'logs', 'stacktrace', 'traceback', 'selection'] },
  { meaning: 'document', tokens: 1000, words: ['document', 'article', 'report', 'page', 'email', 'essay', 'contract', 'paper', 'body', 'html', 'markdown'] },
  { meaning: 'short value', tokens: 10, words: ['name', 'names', 'date', 'today', 'time', 'timestamp', 'now', 'id', 'uuid', 'language', 'lang', 'locale', 'country', 'city', 'tier', 'plan', 'role', 'email_address', 'age', 'count', 'number', 'currency', 'timezone', 'tz', 'year', 'month', 'day', 'label', 'status', 'version', 'path', 'url', 'uri', 'link', 'title', 'subject', 'topic', 'category'] },
];

// `zip_code`, `language_code`, `promo_code`: a short code, not source code.
const SHORT_CODE_PREFIXES = new Set(['zip', 'postal', 'promo', 'country', 'language', 'lang', 'currency', 'discount', 'coupon', 'status', 'error', 'verification', 'access', 'auth', 'region', 'area', 'product', 'color', 'colour']);
const SHORT_VALUE = PLACEHOLDER_MEANINGS.find((entry) => entry.meaning === 'short value')!;

const MEANING_BY_WORD = new Map<string, { meaning: string; tokens: number }>();
for (const entry of PLACEHOLDER_MEANINGS) for (const word of entry.words) MEANING_BY_WORD.set(word, { meaning: entry.meaning, tokens: entry.tokens });

/** Lower-case words of a placeholder name or expression: `ctx.retrievedDocs` → [ctx, retrieved, docs]. */
export function placeholderWords(name: string): string[] {
  return name
    .slice(0, 200)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** The name a `placeholders:` glob is matched against: the expression's last identifier (`user.name` → `name`) and the whole. */
function candidateNames(name: string): string[] {
  const whole = name.trim().toLowerCase();
  const last = /([A-Za-z_][\w-]*)\W*$/.exec(name.trim())?.[1]?.toLowerCase();
  return last && last !== whole ? [whole, last] : [whole];
}

/**
 * Size of a placeholder's value: the first `placeholders:` entry whose glob matches the name (or its last identifier),
 * else the meaning of the name's last word that has one (so `customer_name` is a name and `retrieved_docs` context),
 * else `assumedPlaceholderTokens`.
 */
export function placeholderSize(name: string, config: { assumedPlaceholderTokens: number; placeholders?: ReadonlyArray<{ glob: string; tokens: number }> }): PlaceholderSize {
  const names = candidateNames(name);
  for (const entry of config.placeholders ?? []) {
    const glob = entry.glob.toLowerCase();
    if (names.some((candidate) => matchesGlob(glob, candidate))) return { tokens: entry.tokens, source: 'config', reason: entry.glob };
  }
  const words = placeholderWords(name);
  for (let index = words.length - 1; index >= 0; index--) {
    const meaning = words[index] === 'code' && index > 0 && SHORT_CODE_PREFIXES.has(words[index - 1]) ? SHORT_VALUE : MEANING_BY_WORD.get(words[index]);
    if (meaning) return { tokens: meaning.tokens, source: 'meaning', reason: meaning.meaning };
  }
  return { tokens: config.assumedPlaceholderTokens, source: 'default' };
}
