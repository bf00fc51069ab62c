// The sample workspace end to end with its own .promptcost.yaml, and the cross-file duplicated-instruction-block rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runWorkspaceRules } from '../../../src/core/rules/engine';
import type { WorkspaceRuleDocument } from '../../../src/core/rules/types';
import { LineIndex } from '../../../src/core/lineIndex';
import { auditFixture, configFrom, describeFinding, findingsOf, repositoryRoot, rulesFixtures } from './ruleTestSupport';
import { DEFAULT_CONFIG } from '../../../src/core/config';

const sampleRoot = path.join(repositoryRoot, 'test/fixtures/sample-workspace');
const sampleConfig = configFrom(fs.readFileSync(path.join(sampleRoot, '.promptcost.yaml'), 'utf8'));


const sampleFindings: Record<string, string[]> = {
  'src/agent.ts': [
    "10:17-10:22 warning output-cap-too-high: max_tokens 64,000 is claude-sonnet-4-5's maximum output, so it caps nothing: worst case $0.9661 per call ($19,323/month at 20,000 calls), against $0.0121 expected; a 1,024-token cap removes $18,893/month of it.",
    '15:9-15:22 warning cache-breakpoint-ineffective: cache_control breakpoint after dynamic content (${customerTier}): its prefix differs on every call, so it never hits.',
  ],
  'src/support_bot.py': [
    '11:34-11:41 warning cache-prefix-broken: Prompt cache broken by {today}: 1,508 static tokens after it miss the cache on every call; moving it after the static text would cache 1,408 tokens, saving $475.20/month at 300,000 calls.',
    "94:16-94:46 warning unbounded-output: No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.1678 per call ($50,345/month at 300,000 calls), against $0.008 expected; a 1,024-token cap removes $46,080/month of it.",
  ],
  'src/classify.ts': [
    '10:12-10:20 warning model-overkill: gpt-4o-mini is 16.7× cheaper than gpt-4o for this short answer: $5.26/month less at 20,000 calls (one word, label only, cap 5). gpt-4o-mini: OpenAI model page: "a fast, affordable small model for focused tasks". Verify on a sample of real inputs before switching.',
    '17:82-17:96 warning redundant-instruction: Repeats the brevity instruction of line 17 ("Be concise."); keep line 17, remove this one: 4 tokens per call, $0.20/month at 20,000 calls.',
  ],
  '.github/prompts/review.prompt.md': [],
  'prompts/welcome_email.jinja': [],
  'prompts/summarize.prompt.yml': [
    "3:1-3:22 warning unbounded-output: No output cap: a reply can run to gpt-4.1's 32,768-token maximum: worst case $0.2663 per call ($5,325/month at 20,000 calls), against $0.0047 expected; a 256-token cap removes $5,202/month of it.",
    '11:19-11:33 warning redundant-instruction: Repeats the brevity instruction of line 11 ("Be concise."); keep line 11, remove this one: 4 tokens per call, $0.16/month at 20,000 calls.',
  ],
  'prompts/faq.prompty': [],
  'prompts/style-guide.md': [],
  'prompts/classifier.txt': [],
};

for (const [file, expected] of Object.entries(sampleFindings)) {
  test(`sample workspace: ${file} ${expected.length === 0 ? 'has no findings' : `has ${expected.length} finding(s) with their cost`} under the workspace config`, async () => {
    const { audit, lineIndex } = await auditFixture(file, sampleConfig, sampleRoot);
    assert.deepEqual(audit.problems, []);
    assert.deepEqual(findingsOf(audit, lineIndex), expected);
  });
}

test('duplicated-instruction-block: the same long policy in a .prompty and a Python constant is reported in both files', async () => {
  const files = ['duplicated-block/refunds.prompty', 'duplicated-block/refund_bot.py', 'duplicated-block/shipping.prompt.yml'];
  const documents: WorkspaceRuleDocument[] = [];
  for (const file of files) {
    const { text, audit } = await auditFixture(file);
    documents.push({ file, text, sites: audit.sites });
  }
  const findings = runWorkspaceRules(documents, DEFAULT_CONFIG);
  const described = findings.map((finding) => `${finding.file} ${describeFinding(finding, new LineIndex(documents.find((document) => document.file === finding.file)!.text))}`);
  assert.deepEqual(described, [
    'duplicated-block/refund_bot.py 5:20-5:634 information duplicated-instruction-block: This 131-token instruction block is repeated in 1 other file (duplicated-block/refunds.prompty): keep one shared copy.',
    'duplicated-block/refunds.prompty 11:1-11:615 information duplicated-instruction-block: This 131-token instruction block is repeated in 1 other file (duplicated-block/refund_bot.py): keep one shared copy.',
  ]);
  const policy = fs.readFileSync(path.join(rulesFixtures, 'duplicated-block/refunds.prompty'), 'utf8').slice(findings[1].span.start, findings[1].span.end);
  assert.ok(policy.startsWith('Customers on monthly plans') && policy.endsWith('handles the dispute.'));
});

test('duplicated-instruction-block: one file alone, or files that share no large block, report nothing', async () => {
  const documents: WorkspaceRuleDocument[] = [];
  for (const file of ['duplicated-block/refunds.prompty', 'duplicated-block/shipping.prompt.yml']) {
    const { text, audit } = await auditFixture(file);
    documents.push({ file, text, sites: audit.sites });
  }
  assert.deepEqual(runWorkspaceRules(documents, DEFAULT_CONFIG), []);
});
