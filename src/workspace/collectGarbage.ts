// A full garbage collection between the phases of a many-file CLI run (issue 16: peak RSS at 10k files). V8 collects
// when its heap has grown by a factor of what was live, so the garbage of one phase (auditing, the cross-file rule)
// is often still held when the next one allocates, and the peak depends on when a collection happened to run. The
// CLI is a batch process: collecting once at a phase boundary costs a fraction of a second and frees that garbage
// first. Node only; `gc` comes from a fresh context with --expose-gc set (the process's own global gets none).
import * as v8 from 'v8';
import * as vm from 'vm';

/** Runs with fewer files than this never collect (the garbage is small, and tests stay as they were). */
export const COLLECT_FROM_FILES = 1_000;

let collect: ((options?: { type: 'minor' | 'major' }) => void) | null | undefined;

/** Collects garbage when `files` is at least COLLECT_FROM_FILES; true when it did. Never throws. */
export function collectGarbage(files: number): boolean {
  if (files < COLLECT_FROM_FILES) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  return true;
}

/**
 * Collects the young generation only (a scavenge: a millisecond or two): frees the buffers of a loop that makes many
 * short-lived ones, which V8 would otherwise let pile up (it counts them by their backing memory only later). Never throws.
 */
export function collectYoungGarbage(): boolean {
  const gc = collector();
  if (!gc) return false;
  gc({ type: 'minor' });
  youngCollections.count++;
  return true;
}

/** Young-generation collections made, for tests. */
export const youngCollections = { count: 0 };

function collector(): ((options?: { type: 'minor' | 'major' }) => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}
