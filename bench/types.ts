// One measured figure, printed by `npm run bench` beside a reference measured in the same process.
export interface BenchRow {
  name: string;
  value: number;
  unit: 'ms' | 'MB' | 'ops/s' | 'tokens/s' | 'x';
  /** What the same work costs with a reference implementation, measured in the same run. */
  reference?: { name: string; value: number };
  /** A target the figure should meet, for the printed verdict (never asserted in tests). */
  target?: { max?: number; min?: number; /** value ÷ reference at most this (0.5: twice as fast as the reference) */ maxRatio?: number };
}

export type BenchModule = () => Promise<BenchRow[]>;
