// What the first scan of a language would otherwise wait for — the tree-sitter runtime, the language's grammar and
// its compiled query — started ahead of it. An editor calls this in idle time for a language it expects to scan.
import type { ReadBundledFile } from '../../host';
import { languageFacts, type CodeLanguage } from '../../languages';
import { languageQuery } from './queryFiles';
import { compiledQuery, loadGrammar, queryForText } from './treeSitterRuntime';

/**
 * With `text` (the document about to be scanned), the query that text's scan then runs: for a small text, only the
 * patterns it can match (`queryForText`); without, the whole pattern list.
 */
export async function prepareLanguage(language: CodeLanguage, readBundledFile: ReadBundledFile, text?: string): Promise<void> {
  const grammar = await loadGrammar(languageFacts(language).grammar, readBundledFile);
  const { patterns, needs } = await languageQuery(language);
  if (text === undefined) compiledQuery(grammar, patterns);
  else queryForText(grammar, patterns, needs, text, true);
}
