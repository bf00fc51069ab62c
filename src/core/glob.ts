// Glob matching on root-relative paths (forward slashes), compiled once per pattern.
import picomatch from 'picomatch';

const matchers = new Map<string, (path: string) => boolean>();

export function matchesGlob(glob: string, file: string): boolean {
  let matcher = matchers.get(glob);
  if (!matcher) {
    matcher = picomatch(glob, { dot: true });
    matchers.set(glob, matcher);
  }
  return matcher(file);
}
