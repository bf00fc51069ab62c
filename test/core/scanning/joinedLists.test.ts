// Placeholders that join a list (JOIN_SHAPES in joinedLists.ts): the list named, in the expression or through the name
// the join was bound to, and marked as repeated in the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { joinedListOf } from '../../../src/core/scanning/joinedLists';
import { auditFixture, bundledCatalog, configFrom, repositoryRoot } from '../rules/ruleTestSupport';
import { buildReport } from '../../../src/core/report/model';

const costFixtures = path.join(repositoryRoot, 'test/fixtures/cost');

test('join shapes of five languages name the list; other expressions join none', () => {
  const cases: Array<[string, string | undefined]> = [
    ['"\\n\\n".join(docs)', 'docs'],
    ["', '.join(d.title for d in docs)", 'docs'],
    ["'\\n'.join([c.page_content for c in results if c])", 'results'],
    ['sep.join(lines)', 'lines'],
    ["chunks.map((c) => c.text).join('\\n')", 'chunks'],
    ['items.join(", ")', 'items'],
    ['self.docs.map(&:text).join("\\n")', 'self.docs'],
    ['String.join("\\n", passages)', 'passages'],
    ['string.Join(Environment.NewLine, this.docs)', 'this.docs'],
    ['strings.Join(snippets, "\\n")', 'snippets'],
    ['question', undefined],
    ['docs.join', undefined],
    ['path.join(root, name)', undefined],
  ];
  assert.deepEqual(cases.map(([expression]) => [expression, joinedListOf(expression)]), cases);
});

test('a RAG prompt: `context = "\\n\\n".join(docs)` sent as {context} and an inline join are marked as joining docs', async () => {
  const config = configFrom('callsPerMonth: 1000\n');
  for (const [file, expected] of [
    ['rag_join.py', [['context', 2000, 'docs'], ["', '.join(d.title for d in docs)", 2000, 'docs'], ['question', 50, undefined]]],
    ['ragJoin.ts', [["chunks.map((c) => c.text).join('\\n')", 2000, 'chunks'], ['context', 2000, 'chunks'], ['question', 50, undefined]]],
  ] as const) {
    const { audit } = await auditFixture(file, config, costFixtures);
    assert.deepEqual(audit.sites[0].tokens.placeholders.map((p) => [p.name, p.tokens, p.joins]), expected, file);
    const report = buildReport({ documents: [audit], workspaceFindings: [], problems: [] }, bundledCatalog, config);
    assert.deepEqual(report.sites[0].placeholderSizes.map((p) => p.joins ?? null), expected.map((row) => row[2] ?? null), file);
  }
});
