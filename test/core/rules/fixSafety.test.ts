// Every quick fix and every suppression the product offers, applied one at a time to every rule fixture and every
// rules-corpus file: the result parses as well as the original (tree-sitter for code, the scanner's own YAML and
// front-matter checks for prompt files), only the finding it answers goes away, and a removal never takes structure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDocument } from '../../../src/core/audit';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { suppressionFix } from '../../../src/core/rules/controls';
import { applyTextEdits } from '../../../src/core/rules/textEdits';
import { codeLanguageForPath } from '../../../src/core/scanning/code/index';
import { loadGrammar, parseBounded, type GrammarName } from '../../../src/core/scanning/code/treeSitterRuntime';
import type { Finding, Fix } from '../../../src/core/types';
import { bundledCatalog, repositoryRoot } from './ruleTestSupport';

const wasmFolder = path.join(repositoryRoot, 'dist/wasm');
const readBundledFile = async (name: string) => new Uint8Array(fs.readFileSync(path.join(wasmFolder, name)));
const roots = ['test/fixtures/rules', 'test/fixtures/rules-corpus'].map((folder) => path.join(repositoryRoot, folder));
const GRAMMAR: Record<string, GrammarName> = { typescript: 'typescript', tsx: 'tsx', javascript: 'javascript', python: 'python' };

function listFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? listFiles(full) : /\.(?:json|md)$/.test(entry.name) && !/\.prompt\.md$|prompts\//.test(full) ? [] : [full];
  });
}

async function audit(file: string, text: string) {
  return auditDocument(file, text, { config: DEFAULT_CONFIG, catalog: bundledCatalog, promptGlobs: DEFAULT_CONFIG.promptGlobs, readBundledFile });
}

async function syntaxErrors(file: string, text: string): Promise<boolean | null> {
  const language = codeLanguageForPath(file);
  const grammar = language ? GRAMMAR[language] : undefined;
  if (!grammar) return null;
  const parsed = parseBounded(await loadGrammar(grammar, readBundledFile), text);
  return parsed.tree ? parsed.tree.rootNode.hasError : null;
}

const countByRule = (findings: Finding[]) => findings.reduce((counts, finding) => counts.set(finding.rule, (counts.get(finding.rule) ?? 0) + 1), new Map<string, number>());

test('every fix and suppression keeps the file parseable, removes only its finding, and never removes structure', async () => {
  let checked = 0;
  for (const absolute of roots.flatMap(listFiles)) {
    if (/\.fixed\./.test(absolute)) continue;
    const root = roots.find((folder) => absolute.startsWith(folder))!;
    const file = path.relative(root, absolute).split(path.sep).join('/');
    const text = fs.readFileSync(absolute, 'utf8');
    const before = await audit(file, text);
    const errorsBefore = await syntaxErrors(file, text);
    const problemsBefore = before.problems.map((problem) => problem.message);
    for (const finding of before.findings) {
      const suppression = suppressionFix(text, file, finding.span, finding.rule, before.sites.map((audited) => audited.site));
      const fixes: Array<{ fix: Fix; suppress: boolean }> = [...(finding.fixes ?? []).map((fix) => ({ fix, suppress: false })), ...(suppression ? [{ fix: suppression, suppress: true }] : [])];
      for (const { fix, suppress } of fixes) {
        const where = `${file}: ${finding.rule} "${fix.title}"`;
        const fixed = applyTextEdits(text, fix.edits);
        assert.notEqual(fixed, text, `${where} changes nothing`);
        if (errorsBefore === false) assert.equal(await syntaxErrors(file, fixed), false, `${where} leaves a syntax error`);
        const after = await audit(file, fixed);
        assert.deepEqual(after.problems.map((problem) => problem.message), problemsBefore, `${where} adds a problem`);
        const wanted = countByRule(before.findings);
        wanted.set(finding.rule, wanted.get(finding.rule)! - 1);
        const got = countByRule(after.findings);
        const line = (candidate: Finding) => before.lineIndex.positionAt(candidate.span.start).line;
        const onLine = before.findings.filter((candidate) => candidate.rule === finding.rule && line(candidate) === line(finding)).length;
        // A line suppression silences every finding of the rule on that line; a file suppression all of them.
        if (suppress) {
          const remaining = fix.title.endsWith('in this file') ? 0 : wanted.get(finding.rule)! + 1 - onLine;
          assert.equal(got.get(finding.rule) ?? 0, remaining, `${where}: the finding it answers goes, the rule's others stay`);
        } else {
          // The finding it answers goes (a cap lowered to the maximum may still be reported, for a different reason).
          const same = (findings: Finding[]) => findings.filter((candidate) => candidate.rule === finding.rule && candidate.message === finding.message).length;
          assert.ok(same(after.findings) < same(before.findings), `${where}: the finding is still there`);
          assert.ok((got.get(finding.rule) ?? 0) <= wanted.get(finding.rule)! + 1, `${where} adds ${finding.rule} findings`);
        }
        // A changed model or cap rightly changes what other rules see; a removal or a comment must not.
        if (suppress || finding.rule === 'redundant-instruction') {
          for (const [rule, count] of wanted) if (rule !== finding.rule) assert.equal(got.get(rule) ?? 0, count, `${where} changes ${rule} findings`);
        }
        if (suppress) {
          // A suppression adds a comment and changes no prompt text.
          assert.deepEqual(after.sites.map((audited) => audited.cost.inputTokens), before.sites.map((audited) => audited.cost.inputTokens), `${where} changes what a site sends`);
        }
        if (finding.rule === 'redundant-instruction' && !suppress) {
          for (const edit of fix.edits) {
            const removed = text.slice(edit.span.start, edit.span.end).replace(text.slice(finding.span.start, finding.span.end), '');
            assert.match(removed, /^[\s\-*+•\d.)]*$/, `${where} removes more than the sentence: ${JSON.stringify(removed)}`);
          }
        }
        checked++;
      }
    }
  }
  console.log(`${checked} fixes and suppressions checked`);
  assert.ok(checked >= 60, `${checked} fixes checked`);
});
