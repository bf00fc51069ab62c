// `.gitignore` and `.promptcostignore` at the audited root, read the way git reads one ignore file: blank lines and
// `#` comments skipped, `!` re-includes, a leading `/` anchors to the root, a trailing `/` matches folders only, a
// pattern without a slash matches at any depth, the last matching line wins, and nothing under an ignored folder comes
// back. Nested ignore files and the global git excludes are not read.
import picomatch from 'picomatch';

interface IgnoreLine {
  negated: boolean;
  directoryOnly: boolean;
  match: (path: string) => boolean;
}

/** Bounds the work on a hostile ignore file: lines past this are not read. */
export const MAX_IGNORE_LINES = 5_000;

function parseLine(raw: string): IgnoreLine | undefined {
  let line = raw.replace(/\r$/, '');
  if (line.trim() === '' || line.startsWith('#')) return undefined;
  // Trailing spaces are not part of a pattern unless escaped.
  line = line.replace(/(?<!\\)\s+$/, '');
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  const directoryOnly = line.endsWith('/');
  if (directoryOnly) line = line.slice(0, -1);
  if (line === '') return undefined;
  const anchored = line.includes('/');
  const pattern = line.startsWith('/') ? line.slice(1) : anchored ? line : `**/${line}`;
  const matcher = picomatch(pattern, { dot: true });
  return { negated, directoryOnly, match: (path) => matcher(path) };
}

/** A predicate over root-relative paths (forward slashes): true when the ignore files leave the path out. */
export function ignoreMatcher(ignoreFileTexts: readonly string[]): (path: string, isDirectory?: boolean, foldersChecked?: boolean) => boolean {
  const lines = ignoreFileTexts.flatMap((text) => text.split('\n').slice(0, MAX_IGNORE_LINES)).map(parseLine).filter((line): line is IgnoreLine => line !== undefined);
  if (lines.length === 0) return () => false;
  const decide = (path: string, isDirectory: boolean): boolean => {
    let ignored = false;
    for (const line of lines) {
      if (line.directoryOnly && !isDirectory) continue;
      if (line.match(path)) ignored = !line.negated;
    }
    return ignored;
  };
  // `foldersChecked`: the caller walks folders top down and never enters an ignored one, so only the path itself is tested.
  return (path, isDirectory = false, foldersChecked = false) => {
    // A file under an ignored folder stays ignored, whatever a later `!` line says (as in git).
    const parts = path.split('/');
    if (!foldersChecked) for (let depth = 1; depth < parts.length; depth++) if (decide(parts.slice(0, depth).join('/'), true)) return true;
    return decide(path, isDirectory);
  };
}
