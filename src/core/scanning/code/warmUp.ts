// What the first scan of a language would otherwise wait for — the tree-sitter runtime, the language's grammar and
// its compiled query — started ahead of it. An editor calls this in idle time for a language it expects to scan.
import type { ReadBundledFile } from '../../host';
import { languageFacts, type CodeLanguage } from '../../languages';
import { languagePatterns } from './queryFiles';
import { compiledQuery, loadGrammar } from './treeSitterRuntime';

export async function prepareLanguage(language: CodeLanguage, readBundledFile: ReadBundledFile): Promise<void> {
  const grammar = await loadGrammar(languageFacts(language).grammar, readBundledFile);
  // The same pattern list the scan runs, so the scan finds this compiled query and compiles nothing.
  compiledQuery(grammar, await languagePatterns(language));
}
