// The code files under a fixture folder (every language the scanner reads, node_modules left out), for the tests that
// compare two scanning paths over all of them.
import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import { codeLanguageForPath } from '../../../src/core/scanning/code/index';

export function codeFixtureFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : codeFixtureFiles(full);
    return codeLanguageForPath(entry.name) ? [full] : [];
  });
}
