// Register bench modules here (one per area): name -> function returning rows.
import type { BenchModule } from './types';

export const benchModules: Record<string, BenchModule> = {};
