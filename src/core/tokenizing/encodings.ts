// Exact OpenAI encodings: js-tiktoken's rank data, our pre-tokenizer patterns and merge, built on first use.
import { countPieceTokens, buildRankTable, type RankTable } from './bpe';
import { forEachPiece, pretokenizerPattern, type BaseEncoding } from './pretokenize';
import { utf8Binary } from './utf8';

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
}

const loaded = new Map<BaseEncoding, ExactEncoding>();

/** The encoding, loading its ranks on the first call (about 0.2 s for o200k_base). */
export function loadEncoding(name: BaseEncoding): ExactEncoding {
  let encoding = loaded.get(name);
  if (!encoding) {
    encoding = createEncoding(name, buildRankTable(RANK_LOADERS[name]().bpe_ranks));
    loaded.set(name, encoding);
  }
  return encoding;
}

/** Whether `loadEncoding(name)` has already paid its start-up cost. */
export function isEncodingLoaded(name: BaseEncoding): boolean {
  return loaded.has(name);
}

function createEncoding(name: BaseEncoding, ranks: RankTable): ExactEncoding {
  const pattern = pretokenizerPattern(name);
  return {
    name,
    count(text: string): number {
      let tokens = 0;
      forEachPiece(text, pattern, (piece) => {
        tokens += countPieceTokens(utf8Binary(piece), ranks);
      });
      return tokens;
    },
  };
}
