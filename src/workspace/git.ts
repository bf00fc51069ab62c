// Reads revisions of a git repository from its objects (never the working tree), for `prompt-cost diff`.
// git runs through execFile with argument arrays: no shell, so refs and paths cannot inject commands.
import { execFile } from 'child_process';

export class GitError extends Error {}

/** Mode of entries the audit reads: regular files (not symlinks `120000`, not submodules `160000`). */
const REGULAR_FILE_MODES = new Set(['100644', '100755']);

export interface TreeEntry {
  /** Path from the repository's top folder, forward slashes. */
  path: string;
  object: string;
  size: number;
}

function run(args: string[], cwd: string, input?: Buffer, maxBuffer = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd, encoding: 'buffer', maxBuffer, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } }, (error, stdout, stderr) => {
      if (error) {
        const detail = (stderr as Buffer | undefined)?.toString('utf8').trim().split('\n')[0] || error.message.split('\n')[0];
        reject(new GitError(`git ${args[0]}: ${detail}`));
      } else resolve(stdout as Buffer);
    });
    if (input) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

/** A ref as the user typed it; a leading `-` would be read by git as an option. */
function checkRef(ref: string): string {
  if (ref.startsWith('-') || /[\u0000-\u001f]/.test(ref)) throw new GitError(`not a revision: ${JSON.stringify(ref)}`);
  return ref;
}

export async function repositoryTop(cwd: string): Promise<string> {
  return (await run(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
}

/** The commit a ref names. */
export async function resolveCommit(cwd: string, ref: string): Promise<string> {
  return (await run(['rev-parse', '--verify', '--quiet', `${checkRef(ref)}^{commit}`], cwd).catch(() => {
    throw new GitError(`unknown revision ${ref}`);
  })).toString('utf8').trim();
}

/** The newest common ancestor (what a pull request's changes are measured from), or undefined (e.g. a shallow clone). */
export async function mergeBase(cwd: string, a: string, b: string): Promise<string | undefined> {
  try {
    return (await run(['merge-base', a, b], cwd)).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Every regular file of a commit, with its size, from `git ls-tree -r -l -z`. */
export async function listTree(cwd: string, commit: string): Promise<TreeEntry[]> {
  const output = (await run(['ls-tree', '-r', '-l', '-z', '--full-tree', commit], cwd)).toString('utf8');
  const entries: TreeEntry[] = [];
  for (const record of output.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, object, size] = record.slice(0, tab).split(/ +/);
    if (type !== 'blob' || !REGULAR_FILE_MODES.has(mode)) continue;
    entries.push({ path: record.slice(tab + 1), object, size: Number(size) });
  }
  return entries;
}

/** Contents of blobs by object id, read in one `git cat-file --batch` process. */
export async function readBlobs(cwd: string, objects: readonly string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(objects)];
  const blobs = new Map<string, Buffer>();
  if (unique.length === 0) return blobs;
  const output = await run(['cat-file', '--batch'], cwd, Buffer.from(unique.join('\n') + '\n'), 1024 * 1024 * 1024);
  let offset = 0;
  while (offset < output.length) {
    const headerEnd = output.indexOf(10, offset);
    if (headerEnd < 0) break;
    const [object, type, size] = output.subarray(offset, headerEnd).toString('utf8').split(' ');
    if (type === 'missing' || size === undefined) {
      offset = headerEnd + 1;
      continue;
    }
    const length = Number(size);
    blobs.set(object, output.subarray(headerEnd + 1, headerEnd + 1 + length));
    offset = headerEnd + 1 + length + 1;
  }
  return blobs;
}
