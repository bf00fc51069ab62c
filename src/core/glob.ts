// Glob matching on root-relative paths (forward slashes), compiled once per pattern with our linear matcher
// (globMatcher.ts). A glob that cannot be compiled (too long, too many alternatives) matches nothing here; the
// config reports it at its line (`globProblem`).
import { compileGlob, GlobError } from './globMatcher';

const matchers = new Map<string, (path: string) => boolean>();
/** Bounds the cache: globs come from config and settings, but a hostile config could name many. */
const MAX_CACHED_GLOBS = 10_000;

export function globMatcher(glob: string): (path: string) => boolean {
  let matcher = matchers.get(glob);
  if (!matcher) {
    try {
      const compiled = compileGlob(glob);
      matcher = (path) => compiled.match(path);
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      matcher = () => false;
    }
    if (matchers.size >= MAX_CACHED_GLOBS) matchers.clear();
    matchers.set(glob, matcher);
  }
  return matcher;
}

export function matchesGlob(glob: string, file: string): boolean {
  return globMatcher(glob)(file);
}

/** Why `glob` cannot be used, or undefined when it compiles. */
export function globProblem(glob: string): string | undefined {
  try {
    compileGlob(glob);
    return undefined;
  } catch (error) {
    if (error instanceof GlobError) return error.message;
    throw error;
  }
}
