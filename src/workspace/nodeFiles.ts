// File discovery and reading for the CLI (Node only): walks roots, applies include/exclude, skips what is not text.
import * as fs from 'fs';
import * as path from 'path';
import { classifyDocument, looksBinary, MAX_SCANNED_BYTES } from '../core/scanning';
import { isIncluded, type SourceDocument } from '../core/workspaceAudit';
import type { AuditConfig } from '../core/config';
import type { ScanProblem } from '../core/types';
import { ignoreMatcher } from '../core/ignoreFiles';
import { FileAccessError, readRegularText } from './safeFs';

/** Ignore files read at the audited root, git's first; `.promptcostignore` lines come last, so they win. */
const IGNORE_FILES = ['.gitignore', '.promptcostignore'];
const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

export const ALWAYS_SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.next', '.vscode-test', '.vscode-test-web']);

export interface DiscoveredFile {
  /** Relative to the root, forward slashes. */
  file: string;
  absolute: string;
  /** The real folder the file was found under: reading refuses a file whose real folder has left it (swapped for a symlink). */
  within: string;
  /** What `lstat` said when the file was listed: the result cache takes an unchanged stamp for unchanged content. */
  stamp?: FileStamp;
}

/** Size, modification and change times (ms, with their fractions) and inode of a file when it was listed. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function toRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/** The root's `.gitignore` and `.promptcostignore` (each read once, bounded; a missing or unreadable one adds nothing). */
function rootIgnoreMatcher(root: string): ReturnType<typeof ignoreMatcher> {
  const texts: string[] = [];
  for (const name of IGNORE_FILES) {
    try {
      texts.push(readRegularText(path.join(root, name), { limit: MAX_IGNORE_FILE_BYTES, within: root }).text);
    } catch {
      // No ignore file (or one we may not read): nothing is left out by it.
    }
  }
  return ignoreMatcher(texts);
}

/** Lists auditable files under `target` (a directory or a file), relative to `root`. Never follows symlinks. */
export function discoverFiles(root: string, target: string, config: AuditConfig, problems: ScanProblem[]): DiscoveredFile[] {
  const found: DiscoveredFile[] = [];
  let within: string;
  try {
    const targetStat = fs.lstatSync(target);
    within = fs.realpathSync(targetStat.isDirectory() ? target : path.dirname(target));
  } catch {
    within = path.resolve(target);
  }
  const ignored = rootIgnoreMatcher(root);
  // Paths relative to the root are built as the walk goes down (path.relative per file was a tenth of a warm 10k run).
  const visit = (absolute: string, relative: string, depth: number) => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(absolute);
    } catch (error) {
      problems.push({ file: relative, severity: 'error', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      if (depth > 64 || ALWAYS_SKIPPED_DIRECTORIES.has(path.basename(absolute))) return;
      if (absolute.startsWith(root + path.sep) && ignored(relative, true, depth > 0)) return;
      let entries: string[];
      try {
        entries = fs.readdirSync(absolute).sort();
      } catch (error) {
        problems.push({ file: relative, severity: 'error', message: `cannot list: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        return;
      }
      for (const entry of entries) visit(path.join(absolute, entry), relative === '' ? entry : `${relative}/${entry}`, depth + 1);
      return;
    }
    if (!stat.isFile()) return;
    const file = relative;
    if (!isIncluded(file, config.include, config.exclude)) return;
    if (absolute.startsWith(root + path.sep) && ignored(file, false, depth > 0)) return;
    if (!classifyDocument(file, config.promptGlobs)) return;
    found.push({ file, absolute, within, stamp: { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino } });
  };
  visit(target, toRelative(root, target), 0);
  return found;
}

/**
 * Reads discovered files as UTF-8 text through `readRegularText`: a file swapped for a FIFO, a device or a symlink
 * since it was listed is refused without blocking; oversized, binary and unreadable files become problems.
 */
export function* readDocuments(files: DiscoveredFile[], problems: ScanProblem[]): Generator<SourceDocument> {
  for (const { file, absolute, within } of files) {
    let text: string;
    try {
      text = readRegularText(absolute, { limit: MAX_SCANNED_BYTES, within }).text;
    } catch (error) {
      const reason = error instanceof FileAccessError ? error.reason : (error as Error).message;
      if ((error as FileAccessError).code === 'EFBIG') problems.push({ file, severity: 'warning', message: `skipped: larger than the ${MAX_SCANNED_BYTES / 1048576} MB scan limit` });
      else problems.push({ file, severity: 'error', message: `cannot read: ${reason}` });
      continue;
    }
    if (looksBinary(text)) {
      problems.push({ file, severity: 'warning', message: 'skipped: the file looks binary, not text' });
      continue;
    }
    yield { file, text };
  }
}
