// Values bound in a branch (if / elif / else, case, handler, loop) that not every path to the call runs through are
// not the value at the call: the cap is unknown (non-literal) and unbounded-output stays quiet. A call inside the
// branch still sees that branch's value, and a branch whose alternatives all return / raise / throw / exit is the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditFixture, findingsOf } from './ruleTestSupport';

async function capsAndFindings(file: string) {
  const { audit, lineIndex } = await auditFixture(`flow/${file}`);
  return {
    caps: audit.sites.map((audited) => `${lineIndex.positionAt(audited.site.span.start).line + 1}: ${audited.site.maxOutputTokens}`),
    findings: findingsOf(audit, lineIndex, 'unbounded-output'),
  };
}

const GPT_4O_UNCAPPED = "No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.1638 per call ($1,638/month at 10,000 calls), against $0.004 expected; a 1,024-token cap removes $1,536/month of it.";

test('Python: **kwargs bound in another branch, a loop, a handler, a match case or only keyed in a branch give a non-literal cap; exits make the branch the value', async () => {
  const { caps, findings } = await capsAndFindings('kwargs_branches.py');
  assert.deepEqual(caps, [
    '12: non-literal', // if / elif, no else: either dict or neither
    '19: 256', // inside the capped branch
    '22: null', // inside the open branch
    '34: 384', // the elif returns and the else raises: only the capped branch reaches the call
    '43: null', // the else calls sys.exit(): the uncapped dict is the value
    '51: non-literal', // bound in a for body: the loop may not run
    '59: non-literal', // max_tokens set only when short
    '69: non-literal', // bound in an except handler
    '80: non-literal', // match without a wildcard case
  ]);
  assert.deepEqual(findings, [`22:16-22:26 warning unbounded-output: ${GPT_4O_UNCAPPED}`, `43:12-43:22 warning unbounded-output: ${GPT_4O_UNCAPPED}`]);
});

test('TypeScript: ...options set in an if and its else is non-literal; a switch whose default throws and an else-if chain whose other branches return keep the value', async () => {
  const { caps, findings } = await capsAndFindings('options_branches.ts');
  assert.deepEqual(caps, ['12: non-literal', '31: 400', '49: null']);
  assert.deepEqual(findings, [
    "49:28-49:58 warning unbounded-output: No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.164 per call ($1,640/month at 10,000 calls), against $0.0041 expected; a 1,024-token cap removes $1,536/month of it.",
  ]);
});

test('Go: params assigned in an if and its else are non-literal; an else that panics leaves the capped params', async () => {
  const { caps, findings } = await capsAndFindings('params_branches.go');
  assert.deepEqual(caps, ['17: non-literal', '28: 200']);
  assert.deepEqual(findings, []);
});

test('C#: options assigned in an if and its else are non-literal; an else that throws leaves the uncapped options, which are reported', async () => {
  const { caps, findings } = await capsAndFindings('OptionsBranches.cs');
  assert.deepEqual(caps, ['14: non-literal', '26: null']);
  assert.deepEqual(findings, [
    "26:16-26:35 warning unbounded-output: No output cap: a reply can run to gpt-4o-mini's 16,384-token maximum: worst case $0.0098 per call ($98.39/month at 10,000 calls), against $0.00025 expected; a 1,024-token cap removes $92.16/month of it.",
  ]);
});

test('Ruby: parameters assigned in an if and its else are non-literal and the call is still found; an else that raises leaves the uncapped parameters', async () => {
  const { caps, findings } = await capsAndFindings('params_branches.rb');
  assert.deepEqual(caps, ['10: non-literal', '20: null']);
  assert.deepEqual(findings, [
    "20:3-20:14 warning unbounded-output: No output cap: a reply can run to gpt-4o's 16,384-token maximum: worst case $0.164 per call ($1,640/month at 10,000 calls), against $0.0041 expected; a 1,024-token cap removes $1,536/month of it.",
  ]);
});
