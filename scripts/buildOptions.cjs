// esbuild options shared by esbuild.js and every other build of the sources (the bench's bundle-size module): one
// list of loaders and plugins, so a new kind of imported file (`.scm` queries, `rules.md`, `?data` YAML) is seen by all.
'use strict';
const fs = require('fs');
const path = require('path');
const { isDeepStrictEqual } = require('util');

const root = path.resolve(__dirname, '..');

// The emscripten glue of web-tree-sitter has Node-only branches that never run in the worker host.
const nodeBuiltinsForBrowser = ['module', 'fs', 'fs/promises', 'path', 'url', 'crypto', 'worker_threads'];

/** Files the sources import as text: grammar queries, the rules' Markdown docs, YAML read at run time. */
const textLoaders = { '.yaml': 'text', '.scm': 'text', '.md': 'text' };

/**
 * The same text files as ES modules (`export default "…"`), ahead of the `text` loader above. A text-loader file is a
 * CommonJS module, and a dynamic `import()` of one (the grammar queries, queryFiles.ts) goes through esbuild's
 * `__toESM`, which makes an object whose prototype is String.prototype. From then on V8 stops inlining `charCodeAt`
 * and the other string methods into optimised code, for the whole process: after the first code scan every character
 * loop (hashing, counting, the symbol index) ran several times slower (issue 16). An ES module's namespace is a
 * plain object.
 */
const textModules = {
  name: 'text-modules',
  setup(build) {
    const extensions = Object.keys(textLoaders).map((extension) => extension.slice(1));
    build.onLoad({ filter: new RegExp(`\\.(?:${extensions.join('|')})$`), namespace: 'file' }, async (args) => ({
      contents: `export default ${JSON.stringify(await fs.promises.readFile(args.path, 'utf8'))};`,
      loader: 'js',
    }));
  },
};

/**
 * `import data from './x.yaml?data'`: the YAML parsed here, at build time, and shipped as a JSON.parse of its JSON
 * (V8 parses JSON text faster than an object literal, and far faster than the YAML library at run time). A file
 * JSON cannot represent exactly (a non-finite number, a date object) fails the build instead of changing meaning.
 */
const yamlData = {
  name: 'yaml-data',
  setup(build) {
    build.onResolve({ filter: /\.yaml\?data$/ }, (args) => ({ path: path.join(args.resolveDir, args.path.replace(/\?data$/, '')), namespace: 'yaml-data' }));
    build.onLoad({ filter: /.*/, namespace: 'yaml-data' }, (args) => {
      const { parse } = require('yaml');
      const data = parse(fs.readFileSync(args.path, 'utf8'));
      const json = JSON.stringify(data);
      if (!isDeepStrictEqual(JSON.parse(json), data)) throw new Error(`${args.path} holds values JSON cannot represent`);
      return { contents: `export default JSON.parse(${JSON.stringify(json)});`, loader: 'js', watchFiles: [args.path] };
    });
  },
};

/** The extension's bundle options (desktop and web hosts); `production` minifies and drops source maps. */
function browserOptions({ production = false } = {}) {
  return {
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'es2022',
    external: ['vscode', ...nodeBuiltinsForBrowser],
    define: { global: 'globalThis' },
    inject: [path.join(root, 'test/integration/process-shim.js')],
    mainFields: ['browser', 'module', 'main'],
    loader: { ...textLoaders },
    plugins: [yamlData, textModules],
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  };
}

module.exports = { nodeBuiltinsForBrowser, textLoaders, textModules, yamlData, browserOptions };
