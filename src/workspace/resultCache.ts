// The CLI's result cache: each file's audit, keyed by a hash of its path and content, in the user's cache folder.
// A warm run reads and hashes every file but audits only the ones that changed; the cross-file rules and the report
// are always computed afresh. Node only.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import type { DocumentAudit } from '../core/audit';
import { reviveLineIndex } from '../core/lineIndex';

/** Bumped when the stored shape changes; older files are ignored. */
const CACHE_FORMAT = 2;

/** One file's cached audit: its content hash, the audit, and its text when a cross-file rule needs it. */
interface CachedFile {
  hash: string;
  audit: DocumentAudit;
  text?: string;
  /** Files the audit's values came from (or were looked for) through the symbol index, with their hash then (null: absent). */
  dependencies?: Array<[string, string | null]>;
}

/**
 * The user's cache folder for prompt-cost: `$PROMPT_COST_CACHE_DIR`, else `$XDG_CACHE_HOME/prompt-cost` or
 * `~/.cache/prompt-cost` (Linux), `~/Library/Caches/prompt-cost` (macOS), `%LOCALAPPDATA%\prompt-cost\Cache` (Windows).
 */
export function defaultCacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.PROMPT_COST_CACHE_DIR) return path.resolve(env.PROMPT_COST_CACHE_DIR);
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'prompt-cost', 'Cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'prompt-cost');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'prompt-cost');
}

export function contentHash(file: string, text: string): string {
  return crypto.createHash('sha256').update(file).update('\u0000').update(text).digest('base64');
}

export class ResultCache {
  private readonly previous: Map<string, CachedFile>;
  private readonly next = new Map<string, CachedFile>();
  hits = 0;
  misses = 0;

  private constructor(
    private readonly file: string,
    previous: Map<string, CachedFile>,
  ) {
    this.previous = previous;
  }

  /**
   * The cache of one audited root under one context (tool build, effective config, catalog): a different context
   * uses a different cache file, so a changed price or rule setting never serves stale results.
   */
  static open(folder: string, root: string, contextKey: string): ResultCache {
    const name = crypto.createHash('sha256').update(`${CACHE_FORMAT}\u0000${path.resolve(root)}\u0000${contextKey}`).digest('hex').slice(0, 40);
    const file = path.join(folder, `audits-${name}.bin`);
    let previous = new Map<string, CachedFile>();
    try {
      const stored = v8.deserialize(fs.readFileSync(file)) as { format: number; files: Map<string, CachedFile> };
      if (stored?.format === CACHE_FORMAT && stored.files instanceof Map) previous = stored.files;
    } catch {
      // Missing, unreadable or from another Node version: start empty.
    }
    return new ResultCache(file, previous);
  }

  /** The cached audit of `file` when its content is unchanged. */
  get(file: string, hash: string, dependencyHash: (dependency: string) => string | null = () => null): { audit: DocumentAudit; text?: string } | undefined {
    const cached = this.previous.get(file);
    if (!cached || cached.hash !== hash || cached.dependencies?.some(([dependency, then]) => dependencyHash(dependency) !== then)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.next.set(file, cached);
    cached.audit.lineIndex = reviveLineIndex(cached.audit.lineIndex);
    return { audit: cached.audit, text: cached.text };
  }

  set(file: string, hash: string, audit: DocumentAudit, text?: string, dependencies?: Array<[string, string | null]>): void {
    this.next.set(file, { hash, audit, text, ...(dependencies?.length ? { dependencies } : {}) });
  }

  /** Writes the files seen in this run (deleted files drop out), atomically; a failure only costs the next run time. */
  save(): string | undefined {
    // Nothing changed, nothing removed: the file on disk already says all of it.
    if (this.misses === 0 && this.next.size === this.previous.size) return undefined;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, v8.serialize({ format: CACHE_FORMAT, files: this.next }));
      fs.renameSync(temporary, this.file);
      pruneStale(path.dirname(this.file));
      return undefined;
    } catch (error) {
      return `cache not saved: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    }
  }

  get path(): string {
    return this.file;
  }
}

/** Cache files of folders not audited for this long are deleted (temporary folders, removed checkouts). */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

function pruneStale(folder: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(folder)) {
    if (!/^audits-[0-9a-f]{40}\.bin$/.test(name)) continue;
    try {
      const file = path.join(folder, name);
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // Another run may have replaced or removed it meanwhile.
    }
  }
}
