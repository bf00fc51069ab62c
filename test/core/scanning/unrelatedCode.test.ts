// The bench's unrelated code (test/fixtures/code/unrelated, 60% of issue 16's mixed workspace) must hold no site in
// the full scan, or the bench would be timing something else; and which files the pre-filter skips is pinned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, mayContainSites, scanCode, scanCodeFully } from '../../../src/core/scanning/code/index';

const folder = join(__dirname, '../../../../test/fixtures/code/unrelated');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(__dirname, '../../../../dist/wasm', name)));

test('every unrelated-code fixture has no site and no problem in the full scan, and the same with the pre-filter', async () => {
  const names = readdirSync(folder).filter((name) => name !== 'README.md').sort();
  assert.deepEqual(names.map((name) => codeLanguageForPath(name)), ['csharp', 'java', 'tsx', 'python', 'typescript', 'python', 'go', 'javascript', 'ruby', 'typescript']);
  const parsed: string[] = [];
  for (const name of names) {
    const text = readFileSync(join(folder, name), 'utf8');
    const language = codeLanguageForPath(name)!;
    const full = await scanCodeFully(name, text, language, { readBundledFile });
    assert.deepEqual(full, { sites: [], problems: [] }, name);
    assert.deepEqual(await scanCode(name, text, language, { readBundledFile }), full, name);
    if (mayContainSites(text)) parsed.push(name);
  }
  // None is parsed. (Until session 14 every `message` and `system` counted as a marker: the routes' and the export's
  // error messages and the C# `using System;` were parsed; until session 15 every `role`: the table's `role` column.)
  assert.deepEqual(parsed, []);
});
