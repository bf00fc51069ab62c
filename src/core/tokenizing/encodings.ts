// Exact OpenAI encodings: js-tiktoken's rank data, our pre-tokenizer patterns and merge, built on first use.
import { countTextPieceTokens, buildRankTable, type RankTable } from './bpe';
import { asTiktokenSees, pretokenizerPattern, type BaseEncoding } from './pretokenize';
import { markStartup } from '../startupMarks';

interface RankData {
  bpe_ranks: string;
}

// `require` inside a function keeps the multi-megabyte rank modules unevaluated until an encoding is first used.
const RANK_LOADERS: Record<BaseEncoding, () => RankData> = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  o200k_base: () => unwrapDefault(require('js-tiktoken/ranks/o200k_base')),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cl100k_base: () => unwrapDefault(require('js-tiktoken/ranks/cl100k_base')),
};

function unwrapDefault(module: { default?: RankData } & Partial<RankData>): RankData {
  return (module.bpe_ranks !== undefined ? module : module.default) as RankData;
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

/** The encoding, loading its ranks on the first call (about 0.2 s for o200k_base). */
export function loadEncoding(name: BaseEncoding): ExactEncoding {
  let encoding = loaded.get(name);
  if (!encoding) {
    markStartup(`encoder-${name}-start`);
    encoding = createEncoding(name, buildRankTable(RANK_LOADERS[name]().bpe_ranks));
    loaded.set(name, encoding);
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
      pattern.lastIndex = 0;
      const seen = asTiktokenSees(text);
      if (seen === text) {
        for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) tokens += countPiece(match[0]);
      } else {
        // Split as tiktoken classifies; merge the original characters' bytes.
        for (let match = pattern.exec(seen); match !== null; match = pattern.exec(seen)) {
          tokens += countPiece(text.slice(match.index, match.index + match[0].length));
        }
      }
      return tokens;
    },
  };
}
