// What the first scan of a language would otherwise wait for — the tree-sitter runtime, the language's grammar and
// its compiled query — started ahead of it. An editor calls this in idle time for a language it expects to scan.
import type { ReadBundledFile } from '../../host';
import { languageFacts, type CodeLanguage } from '../../languages';
import { MAX_BRACKET_DEPTH, nestsDeeperThan } from './index';
import { languageQuery } from './queryFiles';
import { compiledQuery, loadGrammar, parseBounded, queryForText, type Tree } from './treeSitterRuntime';

/**
 * The warm-up parses the document for its node types only up to this size: its scan may parse only the chunks that can
 * hold a site, and a whole-file parse and search of a larger file (~25 ms of CPU in Node at 64 KB) would cost more than the
 * patterns its tree could leave out, which such a file mostly holds anyway.
 */
const WARM_UP_PARSE_MAX_CHARS = 16 * 1024;

/**
 * With `text` (the document about to be scanned), the query that text's scan then runs: for a small text, only the
 * patterns it can match (`queryForText`: its words, and up to 16 KB the node types of its tree, parsed here; the scan's
 * own parse of it is then no longer the grammar's first); without, the whole pattern list.
 */
export async function prepareLanguage(language: CodeLanguage, readBundledFile: ReadBundledFile, text?: string): Promise<void> {
  const grammar = await loadGrammar(languageFacts(language).grammar, readBundledFile);
  const query = await languageQuery(language);
  if (text === undefined) {
    compiledQuery(grammar, query.patterns);
    return;
  }
  // The scan's guard against nesting that overflows the parser's stack applies here too.
  let tree: Tree | null = null;
  if (text.length <= WARM_UP_PARSE_MAX_CHARS && query.roots.size > 0 && !nestsDeeperThan(text, MAX_BRACKET_DEPTH)) {
    try {
      tree = parseBounded(grammar, text).tree;
    } catch {
      tree = null; // the scan reports it; the words alone choose the patterns
    }
  }
  try {
    queryForText(grammar, query.patterns, query, text, { tree: tree?.rootNode, mayCompilePartial: true });
  } finally {
    tree?.delete();
  }
}
