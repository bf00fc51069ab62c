// Injected into every Node test and bench bundle by esbuild.js: counting reads the rank files the build wrote into
// dist/wasm, found by walking up from the bundle (out/test/**, out/bench).
import * as fs from 'fs';
import * as path from 'path';
import { useRankFilesIn } from '../src/workspace/rankFiles';

function distWasm(): string {
  for (let folder = __dirname; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'dist', 'wasm');
    if (fs.existsSync(path.join(candidate, 'o200k_base.ranks'))) return candidate;
    if (path.dirname(folder) === folder) throw new Error(`no dist/wasm/o200k_base.ranks above ${__dirname}: run \`node esbuild.js\``);
  }
}

useRankFilesIn(distWasm());
