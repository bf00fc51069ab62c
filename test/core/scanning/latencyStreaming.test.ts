// Latency beside cost and long-reply-not-streamed: a labelled corpus of request handlers (labels in
// test/fixtures/latency-corpus/LABELS.md, written before the scanner ran), and exact latency figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditFixture, configFrom, findingsOf, repositoryRoot } from '../rules/ruleTestSupport';
import { latencyLabel } from '../../../src/editor/siteText';
import { bundledCatalog, validateCatalogData } from '../../../src/core/pricing/catalog';

const corpus = path.join(repositoryRoot, 'test/fixtures/latency-corpus');
const files = fs.readdirSync(corpus).filter((name) => /\.(py|ts|js)$/.test(name)).sort();
const config = configFrom('callsPerMonth: 1000\n');

test('the labelled corpus: route handlers, streaming, and the hint only where a person waits ≥ 5 s', async () => {
  const found: Record<string, string> = {};
  for (const file of files) {
    const { audit } = await auditFixture(file, config, corpus);
    const [site] = audit.sites.filter((audited) => audited.site.kind === 'call');
    const hint = audit.findings.some((finding) => finding.rule === 'long-reply-not-streamed');
    found[file] = `${site.site.userFacing ? `route ${site.site.userFacing.route}` : 'no route'} · ${site.site.streams ? 'streams' : 'no stream'} · ${hint ? 'hint' : 'no hint'}`;
  }
  assert.deepEqual(found, {
    'express_chat.js': 'route app.post · no stream · hint',
    'fastapi_chat.py': 'route @app.post("/chat") · no stream · hint',
    'fastapi_stream.py': 'route @app.get("/explain") · streams · no hint',
    'flask_report.py': 'route @app.route("/report") · no stream · hint',
    'flask_summary.py': 'route @bp.route("/summary", methods=["POST"]) · no stream · no hint',
    'next_generate_route.ts': 'route POST · no stream · hint',
    'next_stream_route.ts': 'route POST · streams · no hint',
    'nightly_job.py': 'no route · no stream · no hint',
    'router_unknown_speed.ts': 'route router.post · no stream · no hint',
  });
});

test('latency at the catalog speed: claude-sonnet-4-5 63 tokens/s, 1.8 s to the first token; 400 tokens = 8.149 s', async () => {
  const { audit, lineIndex } = await auditFixture('fastapi_chat.py', config, corpus);
  const latency = audit.sites[0].latency!;
  // 1.8 s + 400 / 63 s = 1.8 + 6.3492… = 8.1492… s.
  assert.equal(latency.timeToFirstTokenSeconds, 1.8);
  assert.ok(Math.abs(latency.totalSeconds! - (1.8 + 400 / 63)) < 1e-12);
  assert.equal(latency.speed?.asOf, '2025-11-24');
  assert.equal(latencyLabel(audit.sites[0]), 'first token ≈1.8 s, whole reply ≈8.1 s (400 tokens at 63 tokens/s; Artificial Analysis via lattice.uptownhr.com, 2025-11-24)');
  assert.deepEqual(findingsOf(audit, lineIndex, 'long-reply-not-streamed'), [
    '15:19-15:41 hint long-reply-not-streamed: This call in the request handler `@app.post("/chat")` does not stream: nothing reaches the user for about 8.1 s (400 tokens at 63 tokens/s on claude-sonnet-4-5, after 1.8 s to the first token); streamed, the first words would show after 1.8 s. Stream the reply or ask for a shorter one.',
  ]);
});

test('a model without a published speed: latency unknown, never guessed', async () => {
  const { audit } = await auditFixture('router_unknown_speed.ts', config, corpus);
  assert.deepEqual([audit.sites[0].latency?.timeToFirstTokenSeconds, audit.sites[0].latency?.totalSeconds], [null, null]);
  assert.equal(latencyLabel(audit.sites[0]), 'unknown: no published output speed for gpt-5.6 in the catalog');
});

test('catalog outputSpeeds: a speed needs a known source and model; bad entries are reported and skipped', () => {
  const entry = { id: 'acme-large', provider: 'acme', displayName: 'Acme Large', aliases: [], tokenizer: 'generic-estimate', prices: { input: 1, output: 2 }, contextWindow: 32000, maxOutputTokens: 4096, caching: { mechanism: 'none', minimumTokens: 0 }, source: 'acme', asOf: '2026-01-31' };
  const result = validateCatalogData({
    asOf: '2026-01-31',
    sources: { bench: 'a benchmark page' },
    outputSpeeds: [
      { model: 'acme-large', tokensPerSecond: 80, timeToFirstTokenSeconds: 0.5, source: 'bench', asOf: '2026-01-30' },
      { model: 'acme-small', tokensPerSecond: 0, timeToFirstTokenSeconds: 0.5, source: 'bench', asOf: '2026-01-30' },
      { model: 'acme-tiny', tokensPerSecond: 90, timeToFirstTokenSeconds: 0.5, source: 'rumour', asOf: '2026-01-30' },
      { model: 'acme-gone', tokensPerSecond: 90, timeToFirstTokenSeconds: 0.5, source: 'bench', asOf: '2026-01-30' },
    ],
    models: [entry],
  }, 'test.yaml');
  assert.deepEqual([...result.rules.outputSpeeds.keys()], ['acme-large', 'acme-gone']);
  assert.deepEqual(result.problems.map((problem) => `${problem.path}: ${problem.message}`), [
    'outputSpeeds[1]: an output speed needs a model, tokensPerSecond and timeToFirstTokenSeconds above 0, a source named in sources and an asOf date; skipped',
    'outputSpeeds[2]: an output speed needs a model, tokensPerSecond and timeToFirstTokenSeconds above 0, a source named in sources and an asOf date; skipped',
    'outputSpeeds: output speed for acme-gone: not a model id in this catalog',
  ]);
});

test('every model in the bundled outputSpeeds is a catalog model, with a source text and a date', () => {
  const { models, rules, problems } = bundledCatalog();
  assert.deepEqual(problems.filter((problem) => String(problem.path).startsWith('outputSpeeds')), []);
  const ids = new Set(models.map((model) => model.id.toLowerCase()));
  assert.ok(rules.outputSpeeds.size >= 20);
  for (const speed of rules.outputSpeeds.values()) {
    assert.ok(ids.has(speed.model.toLowerCase()), speed.model);
    assert.ok(speed.sourceText.length > 20 && /^\d{4}-\d\d-\d\d$/.test(speed.asOf), speed.model);
  }
});
