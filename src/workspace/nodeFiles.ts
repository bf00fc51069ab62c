// File discovery and reading for the CLI (Node only): walks roots, applies include/exclude, skips what is not text.
import * as fs from 'fs';
import * as path from 'path';
import { classifyDocument, looksBinary, MAX_SCANNED_BYTES } from '../core/scanning';
import { isIncluded, type SourceDocument } from '../core/workspaceAudit';
import type { AuditConfig } from '../core/config';
import type { ScanProblem } from '../core/types';

const ALWAYS_SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.next', '.vscode-test', '.vscode-test-web']);

export interface DiscoveredFile {
  /** Relative to the root, forward slashes. */
  file: string;
  absolute: string;
}

export function toRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/** Lists auditable files under `target` (a directory or a file), relative to `root`. Never follows symlinks. */
export function discoverFiles(root: string, target: string, config: AuditConfig, problems: ScanProblem[]): DiscoveredFile[] {
  const found: DiscoveredFile[] = [];
  const visit = (absolute: string, depth: number) => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(absolute);
    } catch (error) {
      problems.push({ file: toRelative(root, absolute), severity: 'error', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      if (depth > 64 || ALWAYS_SKIPPED_DIRECTORIES.has(path.basename(absolute))) return;
      let entries: string[];
      try {
        entries = fs.readdirSync(absolute).sort();
      } catch (error) {
        problems.push({ file: toRelative(root, absolute), severity: 'error', message: `cannot list: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        return;
      }
      for (const entry of entries) visit(path.join(absolute, entry), depth + 1);
      return;
    }
    if (!stat.isFile()) return;
    const file = toRelative(root, absolute);
    if (!isIncluded(file, config.include, config.exclude)) return;
    if (!classifyDocument(file, config.promptGlobs)) return;
    found.push({ file, absolute });
  };
  visit(target, 0);
  return found;
}

/** Reads discovered files as UTF-8 text; binary, oversized and unreadable files become problems. */
export function* readDocuments(files: DiscoveredFile[], problems: ScanProblem[]): Generator<SourceDocument> {
  for (const { file, absolute } of files) {
    let size: number;
    try {
      size = fs.statSync(absolute).size;
    } catch (error) {
      problems.push({ file, severity: 'error', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    if (size > MAX_SCANNED_BYTES) {
      problems.push({ file, severity: 'warning', message: `skipped: ${(size / 1048576).toFixed(1)} MB is larger than the ${MAX_SCANNED_BYTES / 1048576} MB scan limit` });
      continue;
    }
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      problems.push({ file, severity: 'error', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    if (looksBinary(text)) {
      problems.push({ file, severity: 'warning', message: 'skipped: the file looks binary, not text' });
      continue;
    }
    yield { file, text };
  }
}
