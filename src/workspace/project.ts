// Where an audit's root and config are, found like eslint and ruff do: walk up from the audited path.
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAME } from '../core/config';

export interface Project {
  /** Folder every reported path is relative to. */
  root: string;
  /** The `.promptcost.yaml` that applies, when one was found. */
  configFile?: string;
  /** Folder that holds `.git`, when the path is inside a repository. */
  repositoryRoot?: string;
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Walks up from `target` (a file or folder) and stops at the first folder that holds `.promptcost.yaml` (the
 * project's root) or `.git` (the repository's root, used when no config is found on the way). Outside a
 * repository with no config, the root is the current folder when it contains the target, else the target's folder,
 * so `audit src` and `audit .` report the same paths.
 */
export function findProject(target: string, cwd: string): Project {
  let folder = isDirectory(target) ? target : path.dirname(target);
  for (;;) {
    // Anything named .promptcost.yaml counts as found (lstat): a symlinked or dangling one is then refused when read,
    // rather than silently skipped for a config further up.
    if (exists(path.join(folder, CONFIG_FILE_NAME))) {
      const repositoryRoot = findRepositoryRoot(folder);
      return { root: folder, configFile: path.join(folder, CONFIG_FILE_NAME), ...(repositoryRoot ? { repositoryRoot } : {}) };
    }
    if (exists(path.join(folder, '.git'))) return { root: folder, repositoryRoot: folder };
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  const inside = !path.relative(cwd, target).startsWith('..') && !path.isAbsolute(path.relative(cwd, target));
  return { root: inside ? cwd : isDirectory(target) ? target : path.dirname(target) };
}

export function findRepositoryRoot(start: string): string | undefined {
  let folder = start;
  for (;;) {
    if (exists(path.join(folder, '.git'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}
