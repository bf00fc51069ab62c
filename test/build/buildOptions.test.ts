// Every kind of file the sources import has a loader in the shared build options (esbuild.js and the bench use them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

function sourceFiles(folder: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (/\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

test('the shared build options load every file extension imported under src/, media/ and bench/', () => {
  const { textLoaders, browserOptions } = require(path.join(root, 'scripts/buildOptions.cjs')) as {
    textLoaders: Record<string, string>;
    browserOptions(options: { production: boolean }): { loader: Record<string, string>; plugins: Array<{ name: string }> };
  };
  const imported = new Map<string, string>();
  for (const folder of ['src', 'media', 'bench']) {
    for (const file of sourceFiles(path.join(root, folder))) {
      // Static imports (`from './rules.md'`) and dynamic ones with a template (`import(\`./queries/${name}.scm\`)`).
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\()\s*['"`]\.{1,2}\/[^'"`]*?(\.[a-z]+)(\?data)?['"`]/g)) {
        imported.set(match[2] ? `${match[1]}?data` : match[1], path.relative(root, file));
      }
    }
  }
  // The sources do import text files of these kinds (so the check below can fail).
  assert.ok(imported.has('.md') && imported.has('.scm') && imported.has('.yaml?data'), [...imported.keys()].join(' '));
  const options = browserOptions({ production: true });
  for (const [extension, file] of imported) {
    if (['.ts', '.js', '.json', '.cjs'].includes(extension)) continue;
    if (extension.endsWith('?data')) assert.ok(options.plugins.some((plugin) => plugin.name === 'yaml-data'), `${file} imports ${extension}`);
    else assert.equal(options.loader[extension], textLoaders[extension] ?? 'missing', `${file} imports a ${extension} file: no loader in scripts/buildOptions.cjs`);
  }
  assert.equal(textLoaders['.scm'], 'text');
});

test('the shared build options load text files as ES modules, for the extension and the Node bundles', () => {
  const { textLoaders, browserOptions } = require(path.join(root, 'scripts/buildOptions.cjs')) as {
    textLoaders: Record<string, string>;
    browserOptions(options: { production: boolean }): { plugins: Array<{ name: string }> };
  };
  assert.ok(browserOptions({ production: true }).plugins.some((plugin) => plugin.name === 'text-modules'));
  assert.match(fs.readFileSync(path.join(root, 'esbuild.js'), 'utf8'), /plugins: \[yamlData, textModules\]/);
  assert.deepEqual(Object.keys(textLoaders).sort(), ['.md', '.scm', '.yaml']);
});

// A text-loader file is a CommonJS module; esbuild gives a dynamic import of one an object whose prototype is
// String.prototype, after which V8 compiles every string method call of the process slowly (issue 16).
test('a grammar query imported at run time, as queryFiles.ts does, is a plain module object holding the text', async () => {
  for (const name of ['javascript', 'python', 'go', 'ruby', 'java', 'csharp']) {
    const module = (await import(`../../src/core/scanning/code/queries/${name}.scm`)) as { default: unknown };
    assert.notEqual(Object.getPrototypeOf(module), String.prototype, name);
    assert.equal(typeof module.default, 'string', name);
    assert.equal(module.default, fs.readFileSync(path.join(root, `src/core/scanning/code/queries/${name}.scm`), 'utf8'), name);
  }
});
