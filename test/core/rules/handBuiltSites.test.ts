// Rules on sites the scanners rarely produce, with a small in-test catalog: odd sites never throw, exemptions hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDocumentRules } from '../../../src/core/rules/engine';
import { documentRules } from '../../../src/core/rules/registry';
import { insertCapFix } from '../../../src/core/rules/capFix';
import { defaultCapFor } from '../../../src/core/rules/ruleSupport';
import { nearDuplicateWork } from '../../../src/core/rules/redundantInstruction';
import type { PromptSite } from '../../../src/core/types';
import { audit, configFrom, ruleContext, site } from './ruleTestSupport';

const text = 'const reply = client.chat.completions.create({ model: "big-model", messages });';
const call = (fields: Partial<PromptSite> = {}) => site({ span: { start: 14, end: text.length - 1 }, anchor: { start: 14, end: 44 }, modelSpan: { start: 54, end: 65 }, ...fields });
const findings = (sites: PromptSite[], source = text) => runDocumentRules(ruleContext(source, sites.map((s) => audit(s))), documentRules).map((finding) => `${finding.rule}: ${finding.message}`);

test('odd sites (no messages, null model, unknown model, non-literal cap, bad spans) never make a rule throw', () => {
  const odd: PromptSite[] = [
    call({ messages: [] }),
    call({ model: null, modelSpan: undefined, modelExpression: 'process.env.MODEL' }),
    call({ model: 'no-such-model' }),
    call({ maxOutputTokens: 'non-literal' }),
    call({ span: { start: 500, end: 900 }, anchor: { start: -3, end: 2 }, modelSpan: { start: 70, end: 10 }, capSpan: { start: 9999, end: 10000 }, maxOutputTokens: 99999 }),
    call({ kind: 'prompt', messages: [{ role: 'user', segments: [{ kind: 'static', text: 'Be concise. Be concise.', span: { start: 400, end: 1 } }] }] }),
    call({ messages: [{ role: 'system', segments: [{ kind: 'dynamic', name: 'x', raw: '${x}' }, { kind: 'static', text: '' }] }] }),
  ];
  for (const oddSite of odd) {
    const errors: string[] = [];
    runDocumentRules(ruleContext(text, [audit(oddSite)]), documentRules, (id, error) => errors.push(`${id}: ${(error as Error).stack}`));
    assert.deepEqual(errors, [], JSON.stringify(oddSite));
  }
});

test('unbounded-output: stand-alone prompts, non-literal caps and formats without a cap field are exempt', () => {
  assert.deepEqual(findings([call({ kind: 'prompt' })]), []);
  assert.deepEqual(findings([call({ maxOutputTokens: 'non-literal' })]), []);
  assert.deepEqual(findings([call({ kind: 'prompt-file', file: 'a.prompt.md', details: { capSupported: false } })]), []);
});

test('unbounded-output: code sending a linked .prompty or .prompt.yml leaves the cap to that file', () => {
  assert.deepEqual(findings([call({ linkedFile: 'prompts/answer.prompty' })]), []);
  assert.deepEqual(findings([call({ linkedFile: 'prompts/answer.prompt.yml' })]), []);
  assert.deepEqual(findings([call({ linkedFile: 'prompts/answer.txt' })]), [
    'unbounded-output: No output cap: a reply can run to big-model\'s 4,000-token maximum: worst case $0.08 per call ($80.00/month at 1,000 calls), against $0.008 expected; a 1,024-token cap removes $59.52/month of it.',
  ]);
});

test('unbounded-output: an unpriced model says so and shows no dollar figure', () => {
  assert.deepEqual(findings([call({ model: 'no-such-model' })]), [
    'unbounded-output: No output cap: a reply can run to the model\'s maximum output (unpriced: no-such-model is not in the catalog).',
    'unknown-model: Unknown model "no-such-model": this call is unpriced and left out of cost totals.',
  ]);
});

test('unbounded-output: a site without a model is priced with the configured default and says it is assumed', () => {
  assert.deepEqual(findings([call({ model: null, modelSpan: undefined })]), [
    'unbounded-output: No output cap: a reply can run to small-model (assumed default)\'s 4,000-token maximum: worst case $0.008 per call ($8.00/month at 1,000 calls), against $0.0008 expected; a 1,024-token cap removes $5.95/month of it.',
  ]);
});

test('unbounded-output: without a configured volume the message gives the per-call worst case only', () => {
  const noVolume = configFrom('compareModels: [small-model]\ncallsPerMonth: null\n');
  const result = runDocumentRules(ruleContext(text, [audit(call(), noVolume)], noVolume), documentRules);
  assert.deepEqual(result.map((finding) => [finding.message, finding.monthlyExposureUsd]), [["No output cap: a reply can run to big-model's 4,000-token maximum: worst case $0.08 per call, against $0.008 expected.", undefined]]);
});

test('context-overflow: error above the window, warning from 80%, nothing below', () => {
  const withTokens = (staticTokens: number, cap: number) => {
    const audited = audit(call({ maxOutputTokens: cap }));
    audited.tokens = { ...audited.tokens, static: staticTokens, framing: 7, assumedDynamic: 0 };
    return runDocumentRules(ruleContext(text, [audited]), documentRules)
      .filter((finding) => finding.rule === 'context-overflow')
      .map((finding) => `${finding.severity}: ${finding.message}`);
  };
  assert.deepEqual(withTokens(9000, 1000), ["error: 10,007 tokens exceed big-model's 10,000-token context window (9,007 prompt + 1,000 output): the call will fail."]);
  assert.deepEqual(withTokens(6993, 1000), ["warning: 8,000 tokens fill 80% of big-model's 10,000-token context window (7,000 prompt + 1,000 output)."]);
  assert.deepEqual(withTokens(6992, 1000), []);
});

test('output-cap-too-high: not checked against an assumed default model', () => {
  assert.deepEqual(findings([call({ model: null, modelSpan: undefined, maxOutputTokens: 50000 })]).filter((line) => line.startsWith('output-cap-too-high')), []);
});

test('model-overkill: needs a strong signal or two weak ones, and never fires when the prompt asks for prose', () => {
  const asking = (content: string, cap: number | null) =>
    findings([call({ maxOutputTokens: cap, messages: [{ role: 'system', segments: [{ kind: 'static', text: content }] }] })]).filter((line) => line.startsWith('model-overkill'));
  assert.deepEqual(asking('Answer yes or no.', 100), ['model-overkill: small-model is 10× cheaper than big-model for this short answer: $0.1395/month less at 1,000 calls (yes/no answer). small-model: the catalog lists it in the small tier. Verify on a sample of real inputs before switching.']);
  assert.deepEqual(asking('Classify the message.', 10), ['model-overkill: small-model is 10× cheaper than big-model for this short answer: $0.2295/month less at 1,000 calls (cap 10, classification). small-model: the catalog lists it in the small tier. Verify on a sample of real inputs before switching.']);
  assert.deepEqual(asking('Classify the message.', 100), []);
  assert.deepEqual(asking('Answer yes or no, then explain why.', 10), []);
  assert.deepEqual(asking('Answer yes or no.', 1000), []);
});

test('insert-cap fix: offered only where the syntax is known (not in Go, not for a positional model)', () => {
  const goText = 'resp, _ := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "gpt-4o"})';
  assert.equal(insertCapFix(goText, site({ file: 'main.go', span: { start: 11, end: goText.length }, modelSpan: { start: 82, end: 90 } }), 1024), undefined);
  const positional = 'r = litellm.completion("gpt-4o", messages)';
  assert.equal(insertCapFix(positional, site({ file: 'a.py', api: 'litellm.completion', span: { start: 4, end: positional.length }, modelSpan: { start: 23, end: 31 } }), 1024), undefined);
});

test('insert-cap fix: a JavaScript shorthand `model` property gets the cap after it', () => {
  const source = 'openai.chat.completions.create({ model, messages })';
  const fix = insertCapFix(source, site({ file: 'a.ts', span: { start: 0, end: source.length }, modelSpan: { start: 33, end: 38 } }), 512);
  assert.deepEqual(fix?.edits, [{ span: { start: 39, end: 39 }, newText: ' max_completion_tokens: 512,' }]);
});

test('the cap a fix inserts: twice the typical reply rounded up to a power of two, at most the model maximum', () => {
  assert.equal(defaultCapFor({ expectedOutputTokens: 400 }, undefined), 1024);
  assert.equal(defaultCapFor({ expectedOutputTokens: 100 }, undefined), 256);
  assert.equal(defaultCapFor({ expectedOutputTokens: 3000 }, audit(call()).modelEntry), 4000);
});

test('a pathological prompt (1 MB of one repeated sentence on one line) is checked with bounded work and findings', () => {
  const huge = 'Keep answers short and polite for every customer. '.repeat(20_000);
  const hugeSite = call({ span: { start: 0, end: huge.length }, anchor: { start: 0, end: 4 }, modelSpan: undefined, maxOutputTokens: 100, messages: [{ role: 'system', segments: [{ kind: 'static', text: huge, span: { start: 0, end: huge.length } }] }] });
  const audited = audit(hugeSite);
  nearDuplicateWork.comparisons = 0;
  const result = runDocumentRules(ruleContext(huge, [audited]), documentRules).filter((finding) => finding.rule === 'redundant-instruction');
  assert.equal(result.length, 1999);
  // Work, not time: every repeat is found through the exact-text map, so no word-set comparison is needed.
  assert.equal(nearDuplicateWork.comparisons, 0);
});
