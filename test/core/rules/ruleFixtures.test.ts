// Every rule end to end: fixture files through scanDocument → auditSite → runDocumentRules, exact ranges and messages,
// and each quick fix applied to the fixture and compared with the `.fixed` file next to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyTextEdits } from '../../../src/core/rules/textEdits';
import type { Finding } from '../../../src/core/types';
import { auditFixture, findingsOf, fixedPathOf, readFixture, rulesFixtures } from './ruleTestSupport';

interface FixtureCase {
  file: string;
  expected: string[];
}

const cases: Record<string, FixtureCase[]> = {
  'unbounded-output': [
    { file: 'unbounded-output/ai-sdk.ts', expected: [
        "5:26-5:38 warning unbounded-output: No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.164 per call ($1,640/month at 10,000 calls), against $0.0042 expected; a 1,024-token cap removes $1,536/month of it.",
      ] },
    { file: 'unbounded-output/answer.prompty', expected: [
        "4:3-4:13 warning unbounded-output: No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.164 per call ($1,640/month at 10,000 calls), against $0.0042 expected; a 1,024-token cap removes $1,536/month of it.",
      ] },
    { file: 'unbounded-output/anthropic-inline.ts', expected: [
        "5:44-5:69 warning unbounded-output: No output cap: a reply can run to claude-sonnet-4-5's 64,000-token maximum: worst case $0.9602 per call ($9,602/month at 10,000 calls), against $0.0062 expected; a 1,024-token cap removes $9,446/month of it.",
      ] },
    { file: 'unbounded-output/bare.prompt.yml', expected: [
        "2:1-2:21 warning unbounded-output: No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.164 per call ($1,640/month at 10,000 calls), against $0.0042 expected; a 1,024-token cap removes $1,536/month of it.",
      ] },
    { file: 'unbounded-output/gemini_client.py', expected: [
        "7:14-7:44 warning unbounded-output: No output cap: a reply can run to gemini-2.5-flash's 65,535-token maximum: worst case $0.1639 per call ($1,639/month at 10,000 calls), against $0.0113 expected; a 32,768-token cap removes $819.18/month of it.",
      ] },
    { file: 'unbounded-output/legacy.prompty', expected: [
        "7:9-7:26 warning unbounded-output: No output cap: a reply can run to gpt-4o-mini's 16,384-token maximum: worst case $0.0098 per call ($98.41/month at 10,000 calls), against $0.000064 expected; a 256-token cap removes $96.77/month of it.",
      ] },
    { file: 'unbounded-output/litellm_router.py', expected: [
        "5:16-5:34 warning unbounded-output: No output cap: a reply can run to claude-sonnet-4-5's 64,000-token maximum: worst case $0.9602 per call ($9,602/month at 10,000 calls), against $0.0062 expected; a 1,024-token cap removes $9,446/month of it.",
      ] },
    { file: 'unbounded-output/openai-chat.ts', expected: [
        "7:28-7:58 warning unbounded-output: No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.1689 per call ($1,689/month at 10,000 calls), against $0.0091 expected; a 1,024-token cap removes $1,536/month of it.",
      ] },
    { file: 'unbounded-output/responses_api.py', expected: [
        "7:16-7:39 warning unbounded-output: No output cap: a reply can run to gpt-4.1's 32,768-token maximum: worst case $0.2623 per call ($2,623/month at 10,000 calls), against $0.0033 expected; a 1,024-token cap removes $2,540/month of it.",
      ] },
    { file: 'unbounded-output/review.prompt.md', expected: [] },
    { file: 'unbounded-output/triage.prompt.yml', expected: [
        "2:1-2:22 warning unbounded-output: No output cap: a reply can run to gpt-4.1's 32,768-token maximum: worst case $0.2642 per call ($2,642/month at 10,000 calls), against $0.0052 expected; a 1,024-token cap removes $2,540/month of it.",
      ] },
  ],
  'model-retired': [
    { file: 'model-retired/legacy_review.py', expected: [
        '8:15-8:43 warning model-retired: claude-3-5-sonnet was retired on 2025-10-22: requests to it fail. Priced at its last known price: $0.0106/call ($105.78/month at 10,000 calls). Suggested replacement: claude-sonnet-4-6 (the provider named claude-sonnet-4, itself retired).',
      ] },
    { file: 'model-retired/gemini-digest.ts', expected: [
        '7:12-7:30 warning model-retired: gemini-2.0-flash was retired on 2026-06-01: requests to it fail. Priced at its last known price: $0.00013/call ($1.27/month at 10,000 calls). Suggested replacement: gemini-3.5-flash-lite (the provider named gemini-2.5-flash, itself retired).',
      ] },
  ],
  'price-change': [
    // Priced on 2026-12-03: Gemini 3.6 Flash's introductory price ends on 2027-01-01; Gemini 4 Hydrogen has no dated change.
    { file: 'price-change/flash-notes.ts', expected: [
        // gemini-3.6-flash thinks at level high by default (catalog reasoningRules): the 500-token cap is the expected output (2,016 input × $0.75/M + 500 × $3.75/M = $0.003387 × 10,000).
        '7:12-7:30 information price-change: gemini-3.6-flash price changes on 2027-01-01 (in 29 days): $33.87 → $67.74/month (per million tokens: input $0.75 → $1.50, output $3.75 → $7.50).',
      ] },
  ],
  'output-cap-too-high': [
    { file: 'output-cap-too-high/drafts.ts', expected: [
        "9:17-9:24 warning output-cap-too-high: max_tokens 100,000 exceeds claude-sonnet-4-5's 64,000-token maximum output: the API rejects or clamps it; worst case $0.9602 per call ($9,602/month at 10,000 calls), against $0.0062 expected; a 1,024-token cap removes $9,446/month of it.",
        "18:17-18:22 warning output-cap-too-high: max_tokens 64,000 is claude-sonnet-4-5's maximum output, so it caps nothing: worst case $0.966 per call ($9,660/month at 10,000 calls), against $0.012 expected; a 1,024-token cap removes $9,446/month of it.",
      ] },
    { file: 'output-cap-too-high/report.prompty', expected: [
        "8:22-8:27 warning output-cap-too-high: maxOutputTokens 20,000 exceeds gpt-4o-mini's 16,384-token maximum output: the API rejects or clamps it; worst case $0.0098 per call ($98.41/month at 10,000 calls), against $0.00025 expected; a 1,024-token cap removes $92.16/month of it.",
      ] },
  ],
  'reasoning-exhausts-cap': [
    { file: 'reasoning-exhausts-cap/thinking.ts', expected: [
        '11:77-11:81 warning reasoning-exhausts-cap: max_tokens 8,000 on claude-sonnet-4-5 with a thinking budget of 10,000 (thinking.budget_tokens): reasoning is assumed to take 2,500 / 5,000 / 10,000 tokens (low / expected / high), so it can use the whole cap and the reply comes back empty; a reply cut off at the cap still costs $0.1202 per call ($1,202/month at 10,000 calls). Raise the cap above 10,400 or lower the thinking budget. Anthropic rejects a thinking budget that is not below max_tokens.',
        '15:111-15:115 warning reasoning-exhausts-cap: maxOutputTokens 2,048 on gemini-3-pro-preview with its default effort high: reasoning is assumed to take 4,096 / 16,384 / 32,768 tokens (low / expected / high), so it can use the whole cap and the reply comes back empty; a reply cut off at the cap still costs $0.0247 per call ($246.88/month at 10,000 calls). Raise the cap above 33,168 or lower the effort.',
      ] },
  ],
  'agent-loop-unbounded': [
    { file: 'agent-loop-unbounded/agent.py', expected: [
        '9:11-9:15 warning agent-loop-unbounded: Agent loop with no step limit: the call with tools at line 10 repeats while `True` until the model stops asking for tools; each extra step costs about $0.0093 on gpt-4o ($92.70/month for one extra step on each of 10,000 calls), more as the history grows. Stop after a maximum number of steps.',
      ] },
  ],
  'redundant-instruction': [
    { file: 'redundant-instruction/assistant.py', expected: [
        "8:15-8:46 warning redundant-instruction: Repeats the Markdown instruction of line 8 (\"Use markdown.\"); keep line 8, remove this one: 6 tokens per call, $0.009/month at 10,000 calls.",
        "17:42-17:67 warning redundant-instruction: Repeats the step-by-step instruction of line 7 (\"Think step by step.\"); keep line 7, remove this one: 6 tokens per call, $0.009/month at 10,000 calls.",
      ] },
    { file: 'redundant-instruction/distinct.prompt.yml', expected: [] },
    { file: 'redundant-instruction/support.prompty', expected: [
        "23:3-23:17 warning redundant-instruction: Repeats the brevity instruction of line 16 (\"Be concise.\"); keep line 16, remove this one: 4 tokens per call, $0.10/month at 10,000 calls.",
        "24:3-24:62 warning redundant-instruction: Nearly repeats line 21 (\"Never ask the customer for their password or full card numb…\"); keep line 21, remove this one: 11 tokens per call, $0.275/month at 10,000 calls.",
        "34:20-34:39 warning redundant-instruction: Repeats the \"do not make things up\" instruction of line 22 (\"Do not make things up.\"); keep line 22, remove this one: 4 tokens per call, $0.10/month at 10,000 calls.",
        "34:40-34:108 warning redundant-instruction: Repeats line 15 word for word; keep line 15, remove this one: 11 tokens per call, $0.275/month at 10,000 calls.",
      ] },
  ],
  'context-overflow': [
    { file: 'context-overflow/small.prompt.yml', expected: [] },
    { file: 'context-overflow/store-hours-long-answers.prompt.yml', expected: [
        "2:1-2:20 error context-overflow: 10,112 tokens exceed gpt-4's 8,192-token context window (6,016 prompt incl. 50 assumed for placeholders + 4,096 output): the call will fail.",
      ] },
    { file: 'context-overflow/store-hours.prompt.yml', expected: [
        "2:1-2:20 warning context-overflow: 7,040 tokens fill 85% of gpt-4's 8,192-token context window (6,016 prompt incl. 50 assumed for placeholders + 1,024 output).",
      ] },
  ],
  'model-overkill': [
    { file: 'model-overkill/classify.ts', expected: [
        "7:12-7:20 information model-overkill: gpt-4o-mini is 16.7× cheaper than gpt-4o for this short answer: $2.14/month less at 10,000 calls (label only, cap 5). gpt-4o-mini: OpenAI model page: \"a fast, affordable small model for focused tasks\". Verify on a sample of real inputs before switching.",
      ] },
    { file: 'model-overkill/route_ticket.py', expected: [
        "8:15-8:34 information model-overkill: claude-haiku-4-5 is 3× cheaper than claude-sonnet-4-5 for this short answer: $2.62/month less at 10,000 calls (cap 10, label list, classification). claude-haiku-4-5: Anthropic models overview: \"our fastest model with near-frontier intelligence\". Verify on a sample of real inputs before switching.",
      ] },
  ],
  'unknown-model': [
    { file: 'unknown-model/internal.prompt.yml', expected: [
        "2:8-2:28 warning unknown-model: Unknown model \"acme/router-large-v7\": this call is unpriced and left out of cost totals.",
      ] },
    { file: 'unknown-model/typo.ts', expected: [
        "7:12-7:24 warning unknown-model: Unknown model \"gpt-4o-mni\": this call is unpriced and left out of cost totals. Did you mean gpt-4o-mini?",
      ] },
  ],
};

/** The fix an editor marks preferred (else the first) of each finding, all applied together. */
function applyPreferredFixes(text: string, findings: Finding[]): string {
  const edits = findings.flatMap((finding) => (finding.fixes?.find((fix) => fix.preferred) ?? finding.fixes?.[0])?.edits ?? []);
  return applyTextEdits(text, edits);
}

for (const [rule, fixtures] of Object.entries(cases)) {
  for (const fixture of fixtures) {
    const expectation = fixture.expected.length === 0 ? 'reports nothing' : `reports ${fixture.expected.length} finding(s) at exact ranges`;
    test(`${rule}: ${fixture.file} ${expectation}`, async () => {
      const { audit, lineIndex } = await auditFixture(fixture.file);
      assert.deepEqual(audit.problems, []);
      assert.deepEqual(findingsOf(audit, lineIndex, rule), fixture.expected);
    });
    const fixedPath = fixedPathOf(fixture.file);
    if (fs.existsSync(path.join(rulesFixtures, fixedPath))) {
      test(`${rule}: quick fixes turn ${fixture.file} into ${path.basename(fixedPath)} exactly`, async () => {
        const { text, audit } = await auditFixture(fixture.file);
        const findings = audit.findings.filter((finding) => finding.rule === rule);
        assert.ok(findings.some((finding) => finding.fixes && finding.fixes.length > 0), 'a finding offers a fix');
        assert.equal(applyPreferredFixes(text, findings), readFixture(fixedPath));
      });
    }
  }
}

test('output-cap-too-high: a cap equal to the maximum offers no fix (there is no mechanical value to choose)', async () => {
  const { audit } = await auditFixture('output-cap-too-high/drafts.ts');
  const atMaximum = audit.findings.filter((finding) => finding.rule === 'output-cap-too-high' && finding.message.includes('caps nothing'));
  assert.equal(atMaximum.length, 1);
  assert.equal(atMaximum[0].fixes, undefined);
});

test('unknown-model: a model with no near catalog id gets no fix', async () => {
  const { audit } = await auditFixture('unknown-model/internal.prompt.yml');
  assert.equal(audit.findings[0].fixes, undefined);
});

test('redundant-instruction: each removal also applies on its own, leaving clean whitespace', async () => {
  const { text, audit } = await auditFixture('redundant-instruction/support.prompty');
  const [, nearDuplicate, , exactRepeat] = audit.findings.filter((finding) => finding.rule === 'redundant-instruction');
  const alone = applyTextEdits(text, exactRepeat.fixes![0].edits);
  assert.ok(alone.includes("\nAnswer in English. Don't invent facts.\n"));
  const nearRemoved = applyTextEdits(text, nearDuplicate.fixes![0].edits);
  assert.ok(nearRemoved.includes('- Keep it short.\n\nExamples:'));
});

test('unbounded-output reports its exposure: the worst case above a right-sized cap, as money per month', async () => {
  const { audit } = await auditFixture('unbounded-output/openai-chat.ts');
  // gpt-4o: (16,384 max output − the 1,024 cap the fix writes) × $10/M × 10,000 calls = $1,536.
  assert.equal(audit.findings[0].monthlyExposureUsd, (16384 - 1024) * 10 / 1_000_000 * 10_000);
  assert.equal(audit.findings[0].monthlySavingUsd, undefined);
  assert.equal(audit.findings[0].monthlyWasteUsd, undefined);
});

test('suppression: next-line comments (named rule, all rules), a file-wide comment and front matter, end to end', async () => {
  const expectations: Record<string, string[]> = {
    'suppression/file-wide.py': [
      "9:15-9:28 warning unknown-model: Unknown model \"gpt-4o-mnii\": this call is unpriced and left out of cost totals. Did you mean gpt-4o-mini?",
    ],
    'suppression/front-matter.prompty': [
      "6:3-6:18 warning unbounded-output: No output cap: a reply can run to gpt-4o-mini's 16,384-token maximum: worst case $0.0098 per call ($98.40/month at 10,000 calls), against $0.00025 expected; a 1,024-token cap removes $92.16/month of it.",
    ],
    'suppression/suppressed.ts': [
      "25:28-25:58 warning unbounded-output: No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.164 per call ($1,640/month at 10,000 calls), against $0.0041 expected; a 1,024-token cap removes $1,536/month of it.",
    ],
  };
  for (const [file, expected] of Object.entries(expectations)) {
    const { audit, lineIndex } = await auditFixture(file);
    assert.deepEqual(findingsOf(audit, lineIndex), expected, file);
  }
});
