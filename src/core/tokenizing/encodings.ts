// Exact OpenAI encodings: ranks from the bundle's compact rank files (built from js-tiktoken's), our pre-tokenizer
// patterns and merge, decoded on first use.
import type { ReadBundledFile } from '../host';
import { countTextRangeTokens, type RankTable } from './bpe';
import { PieceCountMemo, hashUnits } from './pieceMemo';
import { pieceEndScanner } from './pieceScanner';
import type { BaseEncoding } from './pretokenize';
import { decodeRankFile, rankFileName } from './rankFile';
import { markStartup } from '../startupMarks';

/** Every base encoding an exact or estimated count can need. */
export const BASE_ENCODINGS: readonly BaseEncoding[] = ['o200k_base', 'cl100k_base'];

/** Reads a bundled file at once (Node hosts: the CLI, its workers, tests and the bench); undefined when absent. */
export type ReadBundledFileSync = (fileName: string) => Uint8Array | undefined;

let readRankFileSync: ReadBundledFileSync | undefined;
/** Rank files read ahead by `prepareEncodings` (hosts that can only read asynchronously: the web worker). */
const fetchedRankFiles = new Map<BaseEncoding, Uint8Array>();
const pendingRankFiles = new Map<BaseEncoding, Promise<void>>();

/** Lets a host with synchronous file access supply rank files when an encoding is first used. */
export function setRankFileReader(reader: ReadBundledFileSync | undefined): void {
  readRankFileSync = reader;
}

/**
 * Reads the rank files of `encodings` (all by default) so that counting, which is synchronous, can decode them when
 * first used. Concurrent and repeated calls share one read per file; a failed read is retried by the next call.
 * Nothing to do in a host with a synchronous reader, or once an encoding is loaded.
 */
export function prepareEncodings(readBundledFile: ReadBundledFile, encodings: readonly BaseEncoding[] = BASE_ENCODINGS): Promise<void> {
  return Promise.all(encodings.map((name) => {
    if (loaded.has(name) || fetchedRankFiles.has(name) || readRankFileSync) return undefined;
    let pending = pendingRankFiles.get(name);
    if (!pending) {
      pending = readBundledFile(rankFileName(name)).then((bytes) => {
        fetchedRankFiles.set(name, bytes);
      }).finally(() => pendingRankFiles.delete(name));
      pendingRankFiles.set(name, pending);
    }
    return pending;
  })).then(() => undefined);
}

function rankFileBytes(name: BaseEncoding): Uint8Array {
  const bytes = fetchedRankFiles.get(name) ?? readRankFileSync?.(rankFileName(name));
  if (!bytes) throw new Error(`the ${name} ranks (${rankFileName(name)}) are not loaded: the host must call prepareEncodings or setRankFileReader before counting`);
  return bytes;
}

/** A loaded encoding: its rank table and its pre-tokenizer. */
export interface ExactEncoding {
  readonly name: BaseEncoding;
  /** Tokens of `text` as ordinary text (like tiktoken's `encode_ordinary(text).length`). */
  count(text: string): number;
  /** Distinct pieces whose counts are remembered (for tests and the bench). */
  readonly memoizedPieces: number;
}

const loaded = new Map<BaseEncoding, ExactEncoding>();

/** The encoding, decoding its rank file on the first call. */
export function loadEncoding(name: BaseEncoding): ExactEncoding {
  let encoding = loaded.get(name);
  if (!encoding) {
    markStartup(`encoder-${name}-start`);
    encoding = createEncoding(name, decodeRankFile(rankFileBytes(name), rankFileName(name)));
    loaded.set(name, encoding);
    // The table uses the file's bytes in place; the map need not hold them too.
    fetchedRankFiles.delete(name);
    markStartup(`encoder-${name}-end`);
  }
  return encoding;
}

/** Whether `loadEncoding(name)` has already paid its start-up cost. */
export function isEncodingLoaded(name: BaseEncoding): boolean {
  return loaded.has(name);
}

/** Pieces up to this many UTF-16 units are remembered: words, short runs of spaces and CJK phrases fit (longer
 *  pieces rarely repeat). */
export const MEMO_PIECE_CHARS = 12;
/** Remembered pieces per encoding before the memo starts over (a few MB at most). */
const MEMO_ENTRIES = 200_000;

function createEncoding(name: BaseEncoding, ranks: RankTable): ExactEncoding {
  // Finds where each pre-tokenizer piece ends, exactly as the sticky pattern would (pieceScanner.ts).
  const pieceEnd = pieceEndScanner(name);
  // Ordinary text repeats a small set of pieces (" the", ".\n", "    "): each is merged once, then looked up.
  const memo = new PieceCountMemo(MEMO_ENTRIES, MEMO_PIECE_CHARS);
  return {
    name,
    get memoizedPieces() {
      return memo.size;
    },
    count(text: string): number {
      // Every character is a letter, mark, number, white space or punctuation, so the pieces tile the text; each
      // scan is linear in the run it consumes plus at most the run it rejects.
      let tokens = 0;
      const end = text.length;
      for (let at = 0; at < end; ) {
        const next = pieceEnd(text, at, end);
        if (next - at === 1 && text.charCodeAt(at) < 0x80) {
          tokens++; // one byte, one token
        } else if (next - at > MEMO_PIECE_CHARS) {
          tokens += countTextRangeTokens(text, at, next, ranks);
        } else {
          const hash = hashUnits(text, at, next);
          let pieceTokens = memo.get(text, at, next, hash);
          if (pieceTokens < 0) {
            pieceTokens = countTextRangeTokens(text, at, next, ranks);
            memo.set(text, at, next, hash, pieceTokens);
          }
          tokens += pieceTokens;
        }
        at = next;
      }
      return tokens;
    },
  };
}
