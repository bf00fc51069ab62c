// Builds the workspace symbol index (issue 18) from files on disk, for the CLI: every discovered code file, then the
// `.env` files, tsconfig/jsconfig and prompt files beside them that the index asks for. Reads are bounded and never
// follow a symlink or leave the root. Node only.
import * as path from 'path';
import { MAX_INDEXED_FILE_CHARS, type FileSymbols } from '../core/scanning/code/symbolExtract';
import { MAX_PROMPT_FILE_CHARS, SymbolIndexBuilder, type WorkspaceSymbols } from '../core/scanning/code/symbolIndex';
import type { DiscoveredFile, FileStamp } from './nodeFiles';
import { readRegularText } from './safeFs';

/** Files the index reads besides the discovered ones, at most (`.env`, tsconfig and prompt-file candidates). */
const MAX_EXTRA_FILES = 20_000;
/** Code files of the project the index reads when the audited paths are only part of it, at most. */
export const MAX_PROJECT_INDEX_FILES = 20_000;

/**
 * The files the index reads: the audited ones, and when the audited paths are below the project root
 * (`prompt-cost audit src/api`), the project's other files too (same include/exclude and ignore rules,
 * at most MAX_PROJECT_INDEX_FILES), so a constant imported from `src/prompts` still resolves.
 */
export function filesToIndex(audited: readonly DiscoveredFile[], auditsRoot: boolean, discoverProject: () => DiscoveredFile[]): DiscoveredFile[] {
  if (auditsRoot) return [...audited];
  const byPath = new Map(audited.map((file) => [file.file, file]));
  let added = 0;
  for (const file of discoverProject()) {
    if (byPath.has(file.file) || !CODE_FILE.test(file.file)) continue;
    if (++added > MAX_PROJECT_INDEX_FILES) break;
    byPath.set(file.file, file);
  }
  return [...byPath.values()];
}

const CODE_FILE = /\.(py|pyi|[cm]?[jt]sx?|go|java|cs|rb)$/i;

/** What the index took from code files before, by stamp (the CLI's result cache); files it has are not read. */
export interface SymbolCache {
  symbols(file: string, stamp: FileStamp | undefined): { symbols: FileSymbols; hash: string } | undefined;
  setSymbols(file: string, stamp: FileStamp, symbols: FileSymbols, hash: string): void;
}

export function buildWorkspaceSymbols(root: string, files: readonly DiscoveredFile[], cache?: SymbolCache): WorkspaceSymbols {
  const builder = new SymbolIndexBuilder();
  for (const { file, absolute, within, stamp } of files) {
    if (!CODE_FILE.test(file)) continue;
    const cached = cache?.symbols(file, stamp);
    if (cached) {
      builder.addIndexed(file, cached.symbols, cached.hash);
      continue;
    }
    let text: string;
    try {
      text = readRegularText(absolute, { limit: MAX_INDEXED_FILE_CHARS, within }).text;
    } catch {
      // Oversized or unreadable: the audit reports it; the index leaves it out.
      continue;
    }
    const indexed = builder.add(file, text);
    if (indexed && stamp) cache?.setSymbols(file, stamp, indexed.symbols, indexed.hash);
  }
  for (const extra of builder.wantedExtras().slice(0, MAX_EXTRA_FILES)) {
    try {
      builder.addExtra(extra, readRegularText(path.join(root, ...extra.split('/')), { limit: MAX_PROMPT_FILE_CHARS, within: root }).text);
    } catch {
      // Most candidates do not exist.
    }
  }
  return builder.finish();
}
