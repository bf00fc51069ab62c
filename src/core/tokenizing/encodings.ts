// Exact OpenAI encodings: ranks from the bundle's compact rank files (built from js-tiktoken's), our pre-tokenizer
// patterns and merge, decoded on first use.
import type { ReadBundledFile } from '../host';
import { countTextPieceTokens, type RankTable } from './bpe';
import { asTiktokenSees, pretokenizerPattern, type BaseEncoding } from './pretokenize';
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

/** Pieces up to this many UTF-16 units are remembered: V8 copies them out of the text (longer matches are slices
 *  that would keep a whole document alive), and words, short runs of spaces and CJK phrases fit. */
export const MEMO_PIECE_CHARS = 12;
/** Remembered pieces per encoding before the memo starts over (a few MB at most). */
const MEMO_ENTRIES = 200_000;

function createEncoding(name: BaseEncoding, ranks: RankTable): ExactEncoding {
  const pattern = pretokenizerPattern(name);
  // The same pattern, sticky: it matches at lastIndex or not at all.
  const pieceAt = new RegExp(pattern.source, 'uy');
  // Ordinary text repeats a small set of pieces (" the", ".\n", "    "): each is merged once, then looked up.
  const memo = new Map<string, number>();
  const countPiece = (piece: string): number => {
    if (piece.length > MEMO_PIECE_CHARS) return countTextPieceTokens(piece, ranks);
    let tokens = memo.get(piece);
    if (tokens === undefined) {
      tokens = countTextPieceTokens(piece, ranks);
      if (memo.size >= MEMO_ENTRIES) memo.clear();
      memo.set(piece, tokens);
    }
    return tokens;
  };
  return {
    name,
    get memoizedPieces() {
      return memo.size;
    },
    count(text: string): number {
      // Linear in V8's irregexp: no alternative nests quantifiers, and each match attempt scans at most the run it
      // consumes plus one run it rejects (100,000 spaces, letters or `=` split in under 1 ms).
      let tokens = 0;
      // Split as tiktoken classifies; merge the original characters' bytes.
      const seen = asTiktokenSees(text);
      // Every character is a letter, mark, number, white space or punctuation, so the pieces tile the text: each is
      // found by a sticky test where the last one ended, which builds no match array (a match array per piece was up
      // to a fifth of counting's time).
      // Should a character ever match nothing, the global search finds the next piece, as a loop of `exec` would.
      let at = 0;
      pieceAt.lastIndex = 0;
      while (at < seen.length) {
        if (pieceAt.test(seen)) {
          const end = pieceAt.lastIndex;
          tokens += countPiece(text.slice(at, end));
          at = end;
          continue;
        }
        pattern.lastIndex = at;
        const next = pattern.exec(seen);
        if (next === null) break;
        at = next.index;
        pieceAt.lastIndex = at;
      }
      return tokens;
    },
  };
}
