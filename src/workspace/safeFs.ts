// Every read and write of the CLI goes through here: the audited repository is untrusted, so nothing it contains
// (a FIFO, a device, a symlink out, a file swapped between listing and reading, a huge file) can hang the CLI,
// exhaust its memory, or redirect a write outside the folder the user named.
import * as fs from 'fs';
import * as path from 'path';

/** A read or write that was refused or failed; `reason` is short and never quotes file content. */
export class FileAccessError extends Error {
  constructor(
    readonly reason: string,
    readonly code?: string,
  ) {
    super(reason);
  }
}

export interface ReadOptions {
  /** Bytes; the read stops as soon as the file is found to be larger (the size is never trusted from a stat). */
  limit: number;
  /**
   * Follow a symlink at the last path component. Only for paths the user typed (--config, --litellm); files
   * found in or named by the repository are never followed.
   */
  followSymlinks?: boolean;
  /** When set, the file's real parent folder must be this folder or inside it (real path, symlinks resolved). */
  within?: string;
}

export interface FileRead {
  bytes: Buffer;
  mtime: Date;
}

const constants = fs.constants as typeof fs.constants & { O_NOFOLLOW?: number; O_NONBLOCK?: number; O_NOCTTY?: number };
// O_NONBLOCK: opening a FIFO with no writer returns at once instead of blocking; the fstat below then refuses it.
const OPEN_READ = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const CHUNK = 64 * 1024;

/** What a non-regular file is, for messages. */
export function describeFileType(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function errorReason(error: unknown, file: string): FileAccessError {
  if (error instanceof FileAccessError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  // ELOOP from O_NOFOLLOW means the last component is a symlink; EMLINK is FreeBSD's spelling of the same.
  if (code === 'ELOOP' || code === 'EMLINK') {
    let isLink: boolean;
    try {
      isLink = fs.lstatSync(file).isSymbolicLink();
    } catch {
      isLink = false;
    }
    if (isLink) return new FileAccessError('is a symbolic link (not followed)', code);
  }
  return new FileAccessError(code ?? (error as Error).message, code);
}

/** True when `child` is `parent` or inside it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative) && relative.split(path.sep)[0] !== '..');
}

function realFolder(folder: string): string {
  try {
    // One realpath(3) call; the JavaScript fallback lstats every component (two per file read, a tenth of a warm run).
    return fs.realpathSync.native(folder);
  } catch {
    return path.resolve(folder);
  }
}

/**
 * Reads a regular file: opened without following a symlink (unless asked), refused unless fstat says it is a
 * regular file (FIFOs, devices, sockets and folders are refused without reading a byte), read in chunks that stop
 * one byte past `limit`. Throws FileAccessError.
 */
export function readRegularFile(file: string, options: ReadOptions): FileRead {
  return readRegular(file, options, false);
}

function readRegular(file: string, options: ReadOptions, useSharedBuffer: boolean): FileRead {
  if (options.within !== undefined) {
    const parent = realFolder(path.dirname(file));
    if (!isInside(realFolder(options.within), parent)) throw new FileAccessError('is outside the workspace (through a symbolic link)');
  }
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_READ | (options.followSymlinks ? 0 : NO_FOLLOW));
  } catch (error) {
    throw errorReason(error, file);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileAccessError(`is ${describeFileType(stat)}, not a regular file; not read`);
    return { bytes: readToEnd(fd, file, options.limit, useSharedBuffer), mtime: stat.mtime };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Text reads share one buffer of up to this many bytes: a file's bytes are garbage once decoded, and a buffer per file
 * (a 64 KB chunk and the joined copy) left ~60 MB of dead buffers in a 10,000-file run until V8 collected them.
 */
const SHARED_READ_BYTES = 2 * 1024 * 1024;
let sharedBuffer: Buffer | undefined;

/**
 * The rest of `fd`, stopping one byte past `limit`. With `shared`, the bytes may sit in the shared buffer: valid until
 * the next shared read.
 */
function readToEnd(fd: number, file: string, limit: number, shared: boolean): Buffer {
  let buffer = (shared && sharedBuffer) || Buffer.allocUnsafeSlow(Math.min(CHUNK, limit + 1));
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      // Full and not past the limit: twice the room, never more than one byte past the limit.
      const grown = Buffer.allocUnsafeSlow(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    let count: number;
    try {
      count = fs.readSync(fd, buffer, total, Math.min(buffer.length, limit + 1) - total, null);
    } catch (error) {
      // A regular file never says EAGAIN; if it does, it was swapped for something else: refuse, do not spin.
      throw errorReason(error, file);
    }
    if (count === 0) break;
    total += count;
    if (total > limit) throw new FileAccessError(`is larger than the ${formatLimit(limit)} limit; not read`, 'EFBIG');
  }
  if (shared && buffer.length <= SHARED_READ_BYTES) sharedBuffer = buffer;
  return buffer.subarray(0, total);
}

export function formatLimit(bytes: number): string {
  return bytes >= 1048576 ? `${+(bytes / 1048576).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}

/** `readRegularFile` decoded as UTF-8 (a BOM is kept: callers that care strip it). */
export function readRegularText(file: string, options: ReadOptions): { text: string; mtime: Date } {
  const { bytes, mtime } = readRegular(file, options, true);
  return { text: bytes.toString('utf8'), mtime };
}

const OPEN_WRITE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** Pieces joined into writes of about this many characters (fewer system calls than one per piece). */
const WRITE_CHARS = 1 << 20;

/** `pieces` joined into runs of about WRITE_CHARS characters, in order. */
export function* runsOf(pieces: Iterable<string>): Generator<string> {
  let run: string[] = [];
  let chars = 0;
  for (const piece of pieces) {
    run.push(piece);
    chars += piece.length;
    if (chars >= WRITE_CHARS) {
      yield run.join('');
      run = [];
      chars = 0;
    }
  }
  if (run.length > 0) yield run.join('');
}

/** Hands `pieces` to `write` joined into runs of about WRITE_CHARS characters, in order. */
export function writeInRuns(pieces: Iterable<string>, write: (text: string) => void): void {
  for (const run of runsOf(pieces)) write(run);
}

/**
 * Writes `content` to `file`, creating missing folders. Every path component from `trustedBase` down to the file
 * (the folders a repository could have committed) must not be a symlink, and the file must be a regular file or
 * new; components above `trustedBase` are the user's own environment. When the file is not under `trustedBase`,
 * only the file and its folder are checked. `content` may come in pieces (a large report, written as it is made).
 */
export function writeRegularFile(file: string, content: string | Iterable<string>, trustedBase: string): void {
  const resolved = path.resolve(file);
  const parent = path.dirname(resolved);
  if (isInside(trustedBase, parent)) {
    // Walk down from the trusted folder, refusing a symlinked folder before anything is created under it.
    let current = trustedBase;
    const below = path.relative(trustedBase, parent);
    for (const step of below === '' ? [] : below.split(path.sep)) {
      current = path.join(current, step);
      if (!existingFolder(current)) {
        try {
          fs.mkdirSync(current);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw errorReason(error, current);
          existingFolder(current);
        }
      }
    }
  } else {
    try {
      fs.mkdirSync(parent, { recursive: true });
    } catch (error) {
      throw errorReason(error, parent);
    }
  }
  let fd: number;
  try {
    fd = fs.openSync(resolved, OPEN_WRITE | NO_FOLLOW, 0o666);
  } catch (error) {
    throw errorReason(error, resolved);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() && !stat.isCharacterDevice()) throw new FileAccessError(`is ${describeFileType(stat)}, not a regular file; not written`);
    if (typeof content === 'string') fs.writeFileSync(fd, content);
    else writeInRuns(content, (text) => fs.writeFileSync(fd, text));
  } finally {
    fs.closeSync(fd);
  }
}

/** True when `folder` exists as a real folder, false when it does not exist; throws when it is a symlink or a file. */
function existingFolder(folder: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw errorReason(error, folder);
  }
  if (stat.isSymbolicLink()) throw new FileAccessError(`${folder} is a symbolic link (not followed)`, 'ELOOP');
  if (!stat.isDirectory()) throw new FileAccessError(`${folder} is not a folder (EEXIST)`, 'EEXIST');
  return true;
}
