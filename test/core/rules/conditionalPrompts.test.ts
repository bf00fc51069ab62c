// A prompt chosen by a conditional (`A if c else B`, `c ? A : B`) is one placeholder for the count (which one runs is
// not known), and each alternative is checked by redundant-instruction as the prompt it would make: repeats inside an
// alternative are found at their own lines, text the alternatives share is no repeat (only one is sent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditFixture, findingsOf } from './ruleTestSupport';
import { MAX_PROMPT_VARIANTS, promptVariants } from '../../../src/core/rules/instructionSentences';
import type { PromptSegment, PromptSite } from '../../../src/core/types';

test('Python: a repeat inside the first alternative is found at its line; the conditional stays one placeholder in the count', async () => {
  const { audit, lineIndex } = await auditFixture('conditional/support_lang.py');
  assert.deepEqual(findingsOf(audit, lineIndex, 'redundant-instruction'), [
    '8:1-8:38 warning redundant-instruction: Repeats line 6 word for word; keep line 6, remove this one: 6 tokens per call, $0.009/month at 10,000 calls.',
  ]);
  const [site] = audit.sites;
  assert.deepEqual(site.tokens.placeholders.map((placeholder) => placeholder.name), ['SYSTEM_EN if lang == "en" else SYSTEM_ES', 'question']);
});

test('TypeScript: a restatement inside the second alternative is found; the sentences both alternatives share are no repeat', async () => {
  const { audit, lineIndex } = await auditFixture('conditional/review.ts');
  assert.deepEqual(findingsOf(audit, lineIndex, 'redundant-instruction'), [
    '13:1-13:12 warning redundant-instruction: Repeats the brevity instruction of line 12 ("Keep it short."); keep line 12, remove this one: 3 tokens per call, $0.0045/month at 10,000 calls.',
  ]);
});

test(`a site with 20 conditional texts is checked as at most ${MAX_PROMPT_VARIANTS} prompts, each with one alternative in place`, () => {
  const segments: PromptSegment[] = Array.from({ length: 20 }, (_, index) => ({
    kind: 'dynamic',
    name: `c${index}`,
    raw: `c${index}`,
    alternatives: [[{ kind: 'static', text: `A${index}. ` }], [{ kind: 'static', text: `B${index}. ` }]],
  }));
  const site = { messages: [{ role: 'system', segments }] } as unknown as PromptSite;
  const variants = promptVariants(site);
  assert.equal(variants.length, MAX_PROMPT_VARIANTS);
  assert.deepEqual(
    variants.map((variant) => variant.messages[0].segments.filter((segment) => segment.kind === 'static').map((segment) => (segment.kind === 'static' ? segment.text : ''))),
    [['A0. '], ['B0. '], ['A1. '], ['B1. '], ['A2. '], ['B2. '], ['A3. '], ['B3. ']],
  );
});
