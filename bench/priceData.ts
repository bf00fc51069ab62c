// Bundle size of the extension with our price data, against the same bundle with @pydantic/genai-prices added
// (the maintained price source issue 11 evaluated), both built here with esbuild, minified as for a release.
import * as path from 'path';
import * as zlib from 'zlib';
import type { BenchRow } from './types';

const root = path.resolve(__dirname, '../..');

export async function benchPriceData(): Promise<BenchRow[]> {
  // Loaded at run time: esbuild is a dev tool, not part of the bench bundle.
  const esbuild = require('esbuild') as typeof import('esbuild');
  // The extension's own build options (loaders for .scm/.md/.yaml, the ?data plugin), minified as for a release: a copy
  // of them here failed once the sources imported a kind of file the copy had no loader for.
  const { browserOptions } = require(path.join(root, 'scripts/buildOptions.cjs')) as { browserOptions(options: { production: boolean }): import('esbuild').BuildOptions };
  const options = { ...browserOptions({ production: true }), write: false as const, absWorkingDir: root, logLevel: 'silent' as const };
  const ours = await esbuild.build({ ...options, entryPoints: ['src/extension.ts'] });
  const withGenai = await esbuild.build({
    ...options,
    stdin: { contents: "export * from './src/extension'; export { calcPrice } from '@pydantic/genai-prices';", resolveDir: root, loader: 'ts' },
  });
  const catalog = await esbuild.build({ ...options, stdin: { contents: "export { bundledCatalog } from './src/core/pricing/catalog';", resolveDir: root, loader: 'ts' } });
  const size = (result: { outputFiles?: Array<{ contents: Uint8Array }> }) => result.outputFiles![0].contents;
  const megabytes = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(3));
  return [
    { name: 'dist/extension.js minified (our catalog)', value: megabytes(size(ours).length), unit: 'MB', reference: { name: '+ @pydantic/genai-prices', value: megabytes(size(withGenai).length) } },
    { name: 'dist/extension.js minified + gzip', value: megabytes(zlib.gzipSync(size(ours)).length), unit: 'MB', reference: { name: '+ @pydantic/genai-prices', value: megabytes(zlib.gzipSync(size(withGenai)).length) } },
    { name: 'catalog module alone (yaml parser + catalog.yaml + checks)', value: megabytes(size(catalog).length), unit: 'MB' },
  ];
}
