// Keystroke re-audits keep each rule's results per site. That is right only if every document rule's `check` equals
// its per-site shares combined (`siteRuleResults`, then `combineSites`): pinned here on every rule fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDocument, documentRuleContext } from '../../../src/core/audit';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { siteRuleResults } from '../../../src/core/reaudit/documentReaudit';
import { documentRules } from '../../../src/core/rules/registry';
import { classifyDocument } from '../../../src/core/scanning';
import { auditFixture, bundledCatalog, repositoryRoot, rulesFixtures } from '../rules/ruleTestSupport';

/** Files the auditor scans under `root`, relative to it (quick-fix results `.fixed` left out). */
function fixtureFiles(root: string, folder = root): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return fixtureFiles(root, full);
    const relative = path.relative(root, full).split(path.sep).join('/');
    return !relative.includes('.fixed') && classifyDocument(relative, DEFAULT_CONFIG.promptGlobs) ? [relative] : [];
  });
}

/** The rule fixtures, and the corpora of the rules that have their own (cache, latency, response cache). */
const ROOTS = [rulesFixtures, ...['cache', 'latency-corpus', 'response-cache-corpus', 'rules-corpus'].map((folder) => path.join(rulesFixtures, '..', folder))];

test('every document rule finds on each fixture exactly what its per-site shares combine to', async () => {
  const withResults = new Set<string>();
  const files = ROOTS.flatMap((root) => fixtureFiles(root).sort().map((file) => ({ root, file })));
  assert.ok(files.length >= 40, `${files.length} fixtures`);
  const documents = await Promise.all(files.map(async ({ root, file }) => ({ file, ...(await auditFixture(file, DEFAULT_CONFIG, root)) })));
  // cache-below-minimum has no fixture file (its tests build sites by hand): a Gemini prompt 99 tokens short of 1,024.
  const shortPrompt = `from google import genai\n\nclient = genai.Client()\n\n\ndef tag_photo(caption: str) -> str:\n    result = client.models.generate_content(model="gemini-2.5-flash", contents=f"${Array.from({ length: 400 }, (_, index) => `w${index}`).join(' ')} {caption}", config={"max_output_tokens": 100})\n    return result.text\n`;
  const shortAudit = await auditDocument('tag_photo.py', shortPrompt, { config: DEFAULT_CONFIG, catalog: bundledCatalog, readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repositoryRoot, 'dist/wasm', name))) });
  documents.push({ file: 'tag_photo.py', text: shortPrompt, audit: shortAudit, lineIndex: shortAudit.lineIndex });
  for (const { file, text, audit, lineIndex } of documents) {
    const context = documentRuleContext(file, text, lineIndex, audit.sites, { config: DEFAULT_CONFIG, catalog: bundledCatalog, readBundledFile: async () => new Uint8Array() });
    for (const rule of documentRules) {
      const whole = rule.check(context);
      const shares = audit.sites.flatMap((audited) => siteRuleResults(rule, context, audited));
      assert.deepEqual(rule.combineSites ? rule.combineSites(structuredClone(shares)) : shares, whole, `${rule.id} on ${file}`);
      if (whole.length > 0) withResults.add(rule.id);
    }
  }
  // Every rule was compared on a fixture where it finds something.
  assert.deepEqual(documentRules.map((rule) => rule.id).filter((id) => !withResults.has(id)), []);
});
