// response-cache-opportunity: a labelled corpus (labels in test/fixtures/response-cache-corpus/LABELS.md, written before
// the rule ran) and the loop variable / temperature facts it reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditFixture, configFrom, findingsOf, repositoryRoot } from './ruleTestSupport';

const corpus = path.join(repositoryRoot, 'test/fixtures/response-cache-corpus');
const files = fs.readdirSync(corpus).filter((name) => /\.(py|ts)$/.test(name)).sort();

test('the labelled corpus: static and enumerable inputs at temperature 0 or default; not with user input, tools or temperature 1.2', async () => {
  const found: Record<string, string[]> = {};
  for (const file of files) {
    const { audit, lineIndex } = await auditFixture(file, configFrom('callsPerMonth: 10000\n'), corpus);
    found[file] = findingsOf(audit, lineIndex, 'response-cache-opportunity').map((finding) => finding.replace(/: the answer can be cached.*$/, ''));
  }
  assert.deepEqual(found, {
    'anthropic_static.ts': ['6:25-6:50 information response-cache-opportunity: Every call sends the same input at temperature 0'],
    'creative.py': [],
    'per_language.py': ['9:17-9:47 information response-cache-opportunity: Every call sends one of 4 inputs (`lang` from a 4-item list) at the default temperature'],
    'static_faq.py': ['7:13-7:43 information response-cache-opportunity: Every call sends the same input at temperature 0'],
    'tone_switch.ts': ['6:28-6:58 information response-cache-opportunity: Every call sends one of 2 inputs (a conditional with 2 literal branches) at the default temperature'],
    'tool_call.ts': [],
    'user_question.py': [],
  });
});

test('the saving is the expected monthly cost at the configured response-cache hit rate', async () => {
  const { audit, lineIndex } = await auditFixture('static_faq.py', configFrom('callsPerMonth: 100000\nresponseCache: { hitRate: 0.8 }\n'), corpus);
  // gpt-4o: 26 static + 9 framing = 35 input tokens × $2.50/M + 200 output (the cap) × $10/M = $0.0020875 per call,
  // $208.75 a month at 100,000 calls; 80% of the calls served from the cache save $167.00.
  const [finding] = audit.findings.filter((f) => f.rule === 'response-cache-opportunity');
  assert.ok(Math.abs((finding.monthlySavingUsd ?? 0) - 167) < 1e-9, String(finding.monthlySavingUsd));
  assert.deepEqual(findingsOf(audit, lineIndex, 'response-cache-opportunity'), [
    '7:13-7:43 information response-cache-opportunity: Every call sends the same input at temperature 0: the answer can be cached and reused; at a 80% response-cache hit rate (responseCache.hitRate) a cache of answers saves $167.00/month of $208.75 at 100,000 calls. Cache responses by request and call the model only on a miss.',
  ]);
});
