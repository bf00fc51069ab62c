// Node hosts (the CLI, its worker threads, tests and the bench) read the encoders' rank files from the bundle's
// wasm folder synchronously, on the first count of each encoding.
import * as fs from 'fs';
import * as path from 'path';
import { setRankFileReader } from '../core/tokenizing';

export function useRankFilesIn(folder: string): void {
  setRankFileReader((fileName) => {
    try {
      return new Uint8Array(fs.readFileSync(path.join(folder, fileName)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  });
}
