// The prompt-file cap fix reads the YAML the scanner just parsed instead of parsing it again: same fixes either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { insertCapFix } from '../../../src/core/rules/capFix';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';
import { parseYamlBounded, yamlNesting, yamlReuse } from '../../../src/core/yamlLimits';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures');

function promptFiles(): string[] {
  const found: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(prompty|prompt\.ya?ml)$/.test(entry.name)) found.push(full);
    }
  };
  visit(fixtures);
  return found.sort();
}

test('every prompt-file cap fix is the same whether its YAML comes from the scan just made or from its own parse', () => {
  let fixes = 0;
  const reusedBefore = yamlReuse.reused;
  const files = promptFiles();
  assert.ok(files.length >= 40, `${files.length} fixtures`);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const kind = file.endsWith('.prompty') ? 'prompty' : 'github-models';
    for (const site of scanPromptFile(path.basename(file), text, kind).sites) {
      // Right after the scan: the cap fix may answer from the scanner's document.
      scanPromptFile(path.basename(file), text, kind);
      const afterScan = insertCapFix(text, site, 512);
      // After another parse: the cap fix parses the YAML itself.
      parseYamlBounded('other: 1');
      const ownParse = insertCapFix(text, site, 512);
      assert.deepEqual(afterScan, ownParse, file);
      if (ownParse) fixes++;
    }
  }
  assert.ok(fixes >= 10, `${fixes} fixes compared`);
  assert.ok(yamlReuse.reused - reusedBefore >= 40, `${yamlReuse.reused - reusedBefore} documents reused`);
});

test('a document with an error, or with a duplicate key the bounded walk reports, is reused too: no fix, no second parse', () => {
  // The cap fix's own parse is the same bounded parse, so it would find the same errors; the fix is never offered on them.
  const duplicate = 'name: a\nmodel: gpt-4o\nmodel: gpt-4o-mini\nmessages:\n  - role: system\n    content: Hi\n';
  const unclosed = 'name: a\nmodel: gpt-4o\nmessages:\n  - role: system\n    content: "Hi\n';
  for (const [text, error] of [[duplicate, 'Map keys must be unique'], [unclosed, 'Missing closing "quote']]) {
    const scanned = scanPromptFile('broken.prompt.yml', text, 'github-models');
    assert.deepEqual(scanned.problems.map((problem) => problem.message), [`YAML: ${error}`]);
    assert.equal(scanned.sites.length, 1);
    const reusedBefore = yamlReuse.reused;
    const parsesBefore = yamlNesting.parses;
    assert.equal(insertCapFix(text, scanned.sites[0], 512), undefined);
    assert.equal(yamlReuse.reused, reusedBefore + 1);
    assert.equal(yamlNesting.parses, parsesBefore);
  }
});
