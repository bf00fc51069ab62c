// The CLI's result cache: each file's audit, keyed by a hash of its path and content, in the user's cache folder.
// A warm run audits only the files that changed; the cross-file rules and the report are always computed afresh.
// Audits are stored detached from their texts (crossFileInputs.ts): the cache holds no file's text.
// A file whose stamp (size, modification and change times, inode) is the one it had when it was cached, and that had
// not changed for SETTLE_MS before the run that cached it, is taken as unchanged without being read (git's rule for
// its index: a change made in the same clock tick as the stamp would not show in it). Any other file is read and
// hashed. The symbol index's work per code file is cached the same way. Node only.
// The file is a run of frames (a 4-byte length, then one v8-serialized value): a header, then one frame per file and
// per code file's symbols. It is written and read a frame at a time, so neither side holds the whole file (10k files:
// ~58 MB) as one buffer besides the values themselves.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import type { DocumentAudit } from '../core/audit';
import type { CrossFileResult } from '../core/workspaceAudit';
import { reviveLineIndex } from '../core/lineIndex';
import type { FileSymbols } from '../core/scanning/code/symbolExtract';
import type { FileStamp } from './nodeFiles';
import { collectYoungGarbage } from './collectGarbage';

/** Bumped when the stored shape changes; older files are ignored. 6: frames instead of one serialized value. */
const CACHE_FORMAT = 6;
/**
 * A stamp is trusted only when the file's times were this far before the start of the run that cached it: coarser
 * file-system clocks (FAT: 2 s) cannot then hide a later change behind an equal time.
 */
export const SETTLE_MS = 2_000;

/** One file's cached audit: its content hash and the audit, detached from the text. */
interface CachedFile {
  hash: string;
  audit: DocumentAudit;
  /** Files the audit's values came from (or were looked for) through the symbol index, with their hash then (null: absent). */
  dependencies?: Array<[string, string | null]>;
  /** The file's stamp when it was read (absent: never taken as unchanged unread). */
  stamp?: FileStamp;
}

/** What the symbol index took from one code file, with the file's stamp then. */
interface CachedSymbols {
  stamp: FileStamp;
  symbols: FileSymbols;
  hash: string;
}

/** The first frame: what the frames after it hold. */
interface CacheHeader {
  format: number;
  startedAt: number;
  crossFile?: StoredCache['crossFile'];
  /** Frames that follow: this many `[file, CachedFile]`, then this many `[file, CachedSymbols]`. */
  files: number;
  symbols: number;
}

interface StoredCache {
  format: number;
  /** The cross-file steps' result for the run's files and their hashes (`crossFileKey`): reused while none changed. */
  crossFile?: { key: string; result: CrossFileResult };
  /** When the run that wrote it started (ms since the epoch). */
  startedAt: number;
  files: Map<string, CachedFile>;
  symbols: Map<string, CachedSymbols>;
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
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
  private readonly next = new Map<string, CachedFile>();
  private readonly nextSymbols = new Map<string, CachedSymbols>();
  private nextCrossFile: StoredCache['crossFile'];
  /** Something differs from what the file on disk says (a new stamp, symbols, a result). */
  private changed = false;
  hits = 0;
  misses = 0;
  /** Hits answered from the stamp, without reading the file. */
  unread = 0;
  /** Code files whose symbols came from the cache. */
  symbolsReused = 0;

  private constructor(
    private readonly file: string,
    private readonly previous: StoredCache,
    private readonly startedAt: number,
    private readonly settleMs: number,
  ) {}

  /**
   * The cache of one audited root under one context (tool build, effective config, catalog): a different context
   * uses a different cache file, so a changed price or rule setting never serves stale results.
   */
  static open(folder: string, root: string, contextKey: string, options: { now?: number; settleMs?: number } = {}): ResultCache {
    const name = crypto.createHash('sha256').update(`${CACHE_FORMAT}\u0000${path.resolve(root)}\u0000${contextKey}`).digest('hex').slice(0, 40);
    const file = path.join(folder, `audits-${name}.bin`);
    let previous: StoredCache = { format: CACHE_FORMAT, startedAt: 0, files: new Map(), symbols: new Map() };
    try {
      previous = readCacheFile(file) ?? previous;
    } catch {
      // Missing, unreadable, cut short or from another Node version: start empty.
    }
    return new ResultCache(file, previous, options.now ?? Date.now(), options.settleMs ?? SETTLE_MS);
  }

  /** The stamp says the file is as it was when cached, and was settled then. */
  private trusted(cached: FileStamp | undefined, stamp: FileStamp | undefined): boolean {
    const settled = this.previous.startedAt - this.settleMs;
    return cached !== undefined && stamp !== undefined && sameStamp(cached, stamp) && cached.mtimeMs < settled && cached.ctimeMs < settled;
  }

  /** The cached audit of `file` when its stamp says it is unchanged (nothing read), and no dependency changed. */
  unchanged(file: string, stamp: FileStamp | undefined, dependencyHash: (dependency: string) => string | null = () => null): { audit: DocumentAudit; hash: string } | undefined {
    const cached = this.previous.files.get(file);
    // A changed dependency is left to the read that follows, which counts the miss.
    if (!cached || !this.trusted(cached.stamp, stamp) || cached.dependencies?.some(([dependency, then]) => dependencyHash(dependency) !== then)) return undefined;
    this.unread++;
    return this.get(file, cached.hash, dependencyHash, stamp);
  }

  /** The cached audit of `file` when its content is unchanged. */
  get(file: string, hash: string, dependencyHash: (dependency: string) => string | null = () => null, stamp?: FileStamp): { audit: DocumentAudit; hash: string } | undefined {
    const cached = this.previous.files.get(file);
    if (!cached || cached.hash !== hash || cached.dependencies?.some(([dependency, then]) => dependencyHash(dependency) !== then)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Same content under a new stamp (touched, checked out again): remembered, so the next run need not read it.
    if (stamp && !(cached.stamp && sameStamp(cached.stamp, stamp))) {
      this.next.set(file, { ...cached, stamp });
      this.changed = true;
    } else this.next.set(file, cached);
    cached.audit.lineIndex = reviveLineIndex(cached.audit.lineIndex);
    return { audit: cached.audit, hash };
  }

  set(file: string, hash: string, audit: DocumentAudit, dependencies?: Array<[string, string | null]>, stamp?: FileStamp): void {
    this.next.set(file, { hash, audit, ...(dependencies?.length ? { dependencies } : {}), ...(stamp ? { stamp } : {}) });
    this.changed = true;
  }

  /** The cross-file result stored under `key` (the same files with the same hashes), if that is the one stored. */
  crossFile(key: string): CrossFileResult | undefined {
    const stored = this.previous.crossFile;
    if (stored?.key !== key) return undefined;
    this.nextCrossFile = stored;
    return stored.result;
  }

  setCrossFile(key: string, result: CrossFileResult): void {
    this.nextCrossFile = { key, result };
    this.changed = true;
  }

  /** What the symbol index took from `file` when its stamp says it is unchanged. */
  symbols(file: string, stamp: FileStamp | undefined): { symbols: FileSymbols; hash: string } | undefined {
    const cached = this.previous.symbols.get(file);
    if (!cached || !this.trusted(cached.stamp, stamp)) return undefined;
    this.symbolsReused++;
    this.nextSymbols.set(file, cached);
    return cached;
  }

  setSymbols(file: string, stamp: FileStamp, symbols: FileSymbols, hash: string): void {
    this.nextSymbols.set(file, { stamp, symbols, hash });
    this.changed = true;
  }

  /** Writes the files seen in this run (deleted files drop out), atomically; a failure only costs the next run time. */
  save(): string | undefined {
    // Nothing changed, nothing removed: the file on disk already says all of it.
    if (!this.changed && this.next.size === this.previous.files.size && this.nextSymbols.size === this.previous.symbols.size) return undefined;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeCacheFile(temporary, { format: CACHE_FORMAT, startedAt: this.startedAt, files: this.next, symbols: this.nextSymbols, ...(this.nextCrossFile ? { crossFile: this.nextCrossFile } : {}) });
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

/** Frames are gathered into writes of about this many bytes. */
const WRITE_BYTES = 1 << 20;
/**
 * Each frame's serialized buffer is garbage once written; every this many bytes the young generation is collected, so
 * that a 50 MB cache does not leave 50 MB of dead buffers in memory until V8 gets to them (issue 16: peak RSS).
 */
const COLLECT_EVERY_BYTES = 8 << 20;

function writeCacheFile(file: string, stored: StoredCache): void {
  const fd = fs.openSync(file, 'w');
  try {
    let pending: Buffer[] = [];
    let bytes = 0;
    let sinceCollected = 0;
    const frame = (value: unknown): void => {
      const body = v8.serialize(value);
      const length = Buffer.allocUnsafe(4);
      length.writeUInt32LE(body.length, 0);
      pending.push(length, body);
      bytes += 4 + body.length;
      if (bytes >= WRITE_BYTES) flush();
    };
    const flush = (): void => {
      if (bytes > 0) fs.writeSync(fd, Buffer.concat(pending, bytes));
      pending = [];
      sinceCollected += bytes;
      bytes = 0;
      if (sinceCollected >= COLLECT_EVERY_BYTES) {
        collectYoungGarbage();
        sinceCollected = 0;
      }
    };
    const header: CacheHeader = { format: stored.format, startedAt: stored.startedAt, ...(stored.crossFile ? { crossFile: stored.crossFile } : {}), files: stored.files.size, symbols: stored.symbols.size };
    frame(header);
    for (const entry of stored.files) frame(entry);
    for (const entry of stored.symbols) frame(entry);
    flush();
  } finally {
    fs.closeSync(fd);
  }
}

/** The cache a file holds, read a frame at a time; undefined for another format. Throws when cut short or damaged. */
function readCacheFile(file: string): StoredCache | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const frames = new FrameReader(fd);
    const header = frames.next() as CacheHeader | undefined;
    if (header?.format !== CACHE_FORMAT || typeof header.startedAt !== 'number' || !Number.isInteger(header.files) || !Number.isInteger(header.symbols)) return undefined;
    const files = new Map<string, CachedFile>();
    for (let i = 0; i < header.files; i++) {
      const [name, cached] = frames.next() as [string, CachedFile];
      files.set(name, cached);
    }
    const symbols = new Map<string, CachedSymbols>();
    for (let i = 0; i < header.symbols; i++) {
      const [name, cached] = frames.next() as [string, CachedSymbols];
      symbols.set(name, cached);
    }
    if (!frames.atEnd()) throw new Error('more frames than the header says');
    return { format: CACHE_FORMAT, startedAt: header.startedAt, files, symbols, ...(header.crossFile ? { crossFile: header.crossFile } : {}) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads length-prefixed v8 frames from a file in blocks of about READ_BYTES. */
class FrameReader {
  private static readonly READ_BYTES = 1 << 20;
  private block = Buffer.alloc(0);
  private at = 0;
  private ended = false;

  constructor(private readonly fd: number) {}

  /** The next frame's value; throws when the file ends inside a frame or there is none. */
  next(): unknown {
    const length = this.take(4).readUInt32LE(0);
    return v8.deserialize(this.take(length));
  }

  atEnd(): boolean {
    this.fill(1);
    return this.at >= this.block.length;
  }

  private take(bytes: number): Buffer {
    this.fill(bytes);
    if (this.block.length - this.at < bytes) throw new Error('the cache file ends inside a frame');
    const taken = this.block.subarray(this.at, this.at + bytes);
    this.at += bytes;
    return taken;
  }

  /** Makes at least `bytes` unread bytes available, unless the file ends first. */
  private fill(bytes: number): void {
    while (!this.ended && this.block.length - this.at < bytes) {
      const want = Math.max(bytes - (this.block.length - this.at), FrameReader.READ_BYTES);
      const next = Buffer.allocUnsafe(this.block.length - this.at + want);
      this.block.copy(next, 0, this.at);
      const kept = this.block.length - this.at;
      const read = fs.readSync(this.fd, next, kept, want, null);
      if (read === 0) this.ended = true;
      this.block = next.subarray(0, kept + read);
      this.at = 0;
    }
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
