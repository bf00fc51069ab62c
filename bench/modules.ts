// Register bench modules here (one per area): name -> function returning rows.
import type { BenchModule } from './types';
import { benchTokenizing } from './tokenizing';

export const benchModules: Record<string, BenchModule> = {
  tokenizing: benchTokenizing,
};
