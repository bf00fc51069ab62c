// Lint for src/, test/, bench/ and the build scripts: ESLint's and typescript-eslint's recommended rules, plus the
// layout rules STYLE.md states (core imports neither vscode nor Node's fs/path) and a few style rules the code
// already follows everywhere (@stylistic), so `npm run lint` checks formatting without reflowing the codebase.
// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import stylistic from '@stylistic/eslint-plugin';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'packages/**', '.vscode-test-web/**', 'test/fixtures/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@stylistic': stylistic },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are errors, except deliberate `_`-prefixed ones (callback slots, destructured leftovers).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Handlers of VS Code commands and JSON from outside are untyped by nature; `any` there is reviewed, not banned.
      '@typescript-eslint/no-explicit-any': 'off',
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': ['error', 'always'],
      '@stylistic/no-multiple-empty-lines': ['error', { max: 2, maxEOF: 0, maxBOF: 0 }],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/no-tabs': 'error',
      // Matching control characters is the point of the escaping code (terminal, CSV, SARIF, Markdown) and its tests.
      'no-control-regex': 'off',
    },
  },
  {
    // The core runs in the CLI, the web worker host and worker threads: no editor API, no file system.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core never imports vscode: convert in src/editor/convert.ts' },
          { name: 'fs', message: 'src/core reads no files: the host passes text in' },
          { name: 'node:fs', message: 'src/core reads no files: the host passes text in' },
          { name: 'path', message: 'src/core has no Node path: paths are forward-slash strings' },
          { name: 'node:path', message: 'src/core has no Node path: paths are forward-slash strings' },
        ],
      }],
    },
  },
  {
    // The webview script runs in a browser frame.
    files: ['media/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs', 'esbuild.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests and the bench load dev-only tools (tiktoken, esbuild) at run time, where they are needed.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
