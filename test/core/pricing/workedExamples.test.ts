// Worked examples of the cost model, through the real pipeline, exact to the cent (and well beyond).
// Prices (USD per million tokens, catalog 2026-07-24): gpt-4o $2.50 in / $10 out, max output 16,384;
// gpt-4o-mini $0.15 / $0.60, max output 16,384.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configFrom, auditFixture, describeFinding, repositoryRoot } from '../rules/ruleTestSupport';
import { applyTextEdits } from '../../../src/core/rules/textEdits';
import type { AuditedSite } from '../../../src/core/audit';
import { conversationLabel, loopLabel, reasoningLabel } from '../../../src/editor/siteText';

const costFixtures = path.join(repositoryRoot, 'test/fixtures/cost');
const sampleRoot = path.join(repositoryRoot, 'test/fixtures/sample-workspace');
const sampleConfig = configFrom(fs.readFileSync(path.join(sampleRoot, '.promptcost.yaml'), 'utf8'));
const atVolume = configFrom('callsPerMonth: 100000\n');

function assertUsd(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${actual}`);
}

function figures(site: AuditedSite) {
  const { cost, tokens } = site;
  return { input: tokens.static + tokens.framing + tokens.assumedDynamic, output: cost.outputTokens, basis: cost.outputBasis, worstOutput: cost.worstCaseOutputTokens };
}

test('capped classifier (gpt-4o, max_tokens 50, "Answer with one word"): expected 5 output tokens, worst case the cap', async () => {
  const { audit } = await auditFixture('classifier.py', atVolume, costFixtures);
  const [site] = audit.sites;
  // Input: 17 static + 9 framing + 50 assumed for {review} = 76 tokens.
  assert.deepEqual(figures(site), { input: 76, output: 5, basis: 'prompt-hint', worstOutput: 50 });
  assert.deepEqual(site.outputHint, { tokens: 5, label: 'one word' });
  // Expected: 76 × $2.50/M + 5 × $10/M = $0.00019 + $0.00005 = $0.00024 per call; × 100,000 = $24.00 per month.
  assertUsd(site.cost.perCallUsd, 0.00024, 'expected per call');
  assertUsd(site.cost.perMonthUsd, 24, 'expected per month');
  // Worst case: 76 × $2.50/M + 50 × $10/M = $0.00069 per call; $69.00 per month (what the cap alone used to be priced at).
  assertUsd(site.cost.worstCasePerCallUsd, 0.00069, 'worst per call');
  assertUsd(site.cost.worstCasePerMonthUsd, 69, 'worst per month');
});

test('uncapped chat call (gpt-4o-mini, no cap): the configured 400 tokens expected, the model maximum as worst case', async () => {
  const { audit } = await auditFixture('chat.ts', atVolume, costFixtures);
  const [site] = audit.sites;
  // Input: 18 static + 9 framing + 50 assumed for {question} = 77 tokens.
  assert.deepEqual(figures(site), { input: 77, output: 400, basis: 'configured', worstOutput: 16384 });
  // Expected: 77 × $0.15/M + 400 × $0.60/M = $0.00001155 + $0.00024 = $0.00025155 per call; $25.155 per month.
  assertUsd(site.cost.perCallUsd, 0.00025155, 'expected per call');
  assertUsd(site.cost.perMonthUsd, 25.155, 'expected per month');
  // Worst case: $0.00001155 + 16,384 × $0.60/M = $0.00984195 per call; $984.195 per month.
  assertUsd(site.cost.worstCasePerCallUsd, 0.00984195, 'worst per call');
  assertUsd(site.cost.worstCasePerMonthUsd, 984.195, 'worst per month');
  // The finding's exposure: (16,384 − the 1,024 cap its fix writes) × $0.60/M × 100,000 = $921.60.
  const finding = audit.findings.find((f) => f.rule === 'unbounded-output');
  assertUsd(finding?.monthlyExposureUsd ?? null, 921.6, 'exposure');
});

test("the add-cap quick fix on the sample's support bot never raises the expected figure: $2,392.50 before and after", async () => {
  const before = await auditFixture('src/support_bot.py', sampleConfig, sampleRoot);
  const finding = before.audit.findings.find((f) => f.rule === 'unbounded-output');
  assert.equal(finding?.fixes?.[0].title, 'Add max_completion_tokens: 1024');
  const [site] = before.audit.sites;
  // Input: 1,511 static + 9 framing + {today} 10 + {customer_name} 10 (short values) + {question} 50 = 1,590 tokens.
  // 1,590 × $2.50/M + 400 × $10/M = $0.007975 per call × 300,000 = $2,392.50; worst case 16,384 out: $0.167815 → $50,344.50.
  assertUsd(site.cost.perMonthUsd, 2392.5, 'expected before');
  assertUsd(site.cost.worstCasePerMonthUsd, 50344.5, 'worst before');

  const fixedText = applyTextEdits(before.text, finding!.fixes![0].edits);
  const fixedFolder = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'cost-fix-'));
  fs.mkdirSync(path.join(fixedFolder, 'src'));
  fs.writeFileSync(path.join(fixedFolder, 'src/support_bot.py'), fixedText);
  const after = await auditFixture('src/support_bot.py', sampleConfig, fixedFolder);
  const [fixed] = after.audit.sites;
  assert.equal(fixed.site.maxOutputTokens, 1024);
  // Same expected figure (the cap is above the 400 expected); the worst case drops to 1,024 out: $0.014215 × 300,000 = $4,264.50.
  assertUsd(fixed.cost.perMonthUsd, 2392.5, 'expected after');
  assertUsd(fixed.cost.worstCasePerMonthUsd, 4264.5, 'worst after');
  assert.deepEqual(after.audit.findings.filter((f) => f.rule === 'unbounded-output'), []);
  fs.rmSync(fixedFolder, { recursive: true });
});

test("the sample's 64,000-token cap (src/agent.ts) no longer makes up the workspace total: $242.52 expected, $19,322.52 worst case", async () => {
  const { audit } = await auditFixture('src/agent.ts', sampleConfig, sampleRoot);
  const [site] = audit.sites;
  // claude-sonnet-4-5 ($3 / $15): 2,042 input tokens (~23 estimated static + 9 framing + {customerTier} 10 + {thread} 2,000)
  // × $3/M = $0.006126; expected 400 × $15/M = $0.006 → $0.012126 × 20,000 = $242.52; worst 64,000 × $15/M → $19,322.52.
  assertUsd(site.cost.perMonthUsd, 242.52, 'expected');
  assertUsd(site.cost.worstCasePerMonthUsd, 19322.52, 'worst');
  const finding = audit.findings.find((f) => f.rule === 'output-cap-too-high');
  // Exposure against a 1,024 cap: (64,000 − 1,024) × $15/M × 20,000 = $18,892.80.
  assertUsd(finding?.monthlyExposureUsd ?? null, 18892.8, 'exposure');
});

test('RAG template with {context} configured at 3,000 tokens (gpt-4o-mini, cap 512)', async () => {
  const config = configFrom('callsPerMonth: 100000\nplaceholders:\n  context: 3000\n');
  const { audit } = await auditFixture('rag.py', config, costFixtures);
  const [site] = audit.sites;
  assert.deepEqual(site.tokens.placeholders.map((p) => [p.name, p.tokens, p.source]), [['context', 3000, 'config'], ['question', 50, 'default']]);
  // Input: 26 static + 6 framing + 3,000 {context} + 50 {question} = 3,082 tokens.
  assert.deepEqual(figures(site), { input: 3082, output: 400, basis: 'configured', worstOutput: 512 });
  // Expected: 3,082 × $0.15/M + 400 × $0.60/M = $0.0004623 + $0.00024 = $0.0007023 per call; $70.23 per month.
  assertUsd(site.cost.perCallUsd, 0.0007023, 'expected per call');
  assertUsd(site.cost.perMonthUsd, 70.23, 'expected per month');
  // Worst case: $0.0004623 + 512 × $0.60/M = $0.0007695 per call; $76.95 per month.
  assertUsd(site.cost.worstCasePerMonthUsd, 76.95, 'worst per month');
  // Without the setting, {context} is sized by its meaning (retrieved context, 2,000 tokens): 2,082 input tokens.
  const { audit: byMeaning } = await auditFixture('rag.py', atVolume, costFixtures);
  assert.deepEqual(byMeaning.sites[0].tokens.placeholders.map((p) => [p.name, p.tokens, p.source, p.reason]), [['context', 2000, 'meaning', 'retrieved context'], ['question', 50, 'default', undefined]]);
  assertUsd(byMeaning.sites[0].cost.perMonthUsd, 55.23, 'expected per month by meaning');
});

test('reasoning model with effort high and a small cap (o3, reasoning_effort "high", max_completion_tokens 8,000): the range, and the cap reasoning can use up', async () => {
  const { audit, lineIndex } = await auditFixture('reasoning.py', atVolume, costFixtures);
  const [site] = audit.sites;
  assert.deepEqual(site.site.reasoning && { parameter: site.site.reasoning.parameter, effort: site.site.reasoning.effort }, { parameter: 'reasoning_effort', effort: 'high' });
  // o3: $2 in / $8 out per million. Input: 10 static + 9 framing + {puzzle} 50 assumed = 69 tokens → $0.000138 per call.
  // Reply: "Answer with one word" → 5 tokens. Reasoning at effort high, assumed 4,096 / 16,384 / 32,768 tokens
  // (catalog reasoningTokens). Output billed = reply + reasoning within the 8,000 cap: 4,101 / 8,000 / 8,000.
  assert.deepEqual(figures(site), { input: 69, output: 8000, basis: 'cap', worstOutput: 8000 });
  const reasoning = site.cost.reasoning!;
  assert.equal(reasoning.effort, 'high');
  assert.equal(reasoning.effortSource, 'call');
  assert.equal(reasoning.replyTokens, 5);
  assert.deepEqual(reasoning.tokens, { low: 4096, expected: 16384, high: 32768 });
  assert.deepEqual(reasoning.outputTokens, { low: 4101, expected: 8000, high: 8000 });
  // Low: $0.000138 + 4,101 × $8/M = $0.032946 per call, $3,294.60 per month at 100,000 calls.
  // Expected = high = worst case: $0.000138 + 8,000 × $8/M = $0.064138 per call, $6,413.80 per month.
  assertUsd(reasoning.perCallUsd!.low, 0.032946, 'low per call');
  assertUsd(reasoning.perMonthUsd!.low, 3294.6, 'low per month');
  assertUsd(site.cost.perCallUsd, 0.064138, 'expected per call');
  assertUsd(site.cost.perMonthUsd, 6413.8, 'expected per month');
  assertUsd(reasoning.perMonthUsd!.high, 6413.8, 'high per month');
  assertUsd(site.cost.worstCasePerMonthUsd, 6413.8, 'worst per month');
  assert.equal(reasoning.assumption, 'effort high (reasoning_effort): 4,096 / 16,384 / 32,768 reasoning tokens assumed (catalog reasoningTokens, not measured)');
  // The hover's Reasoning line (README "Reasoning models").
  assert.equal(reasoningLabel(site.cost), 'effort high (reasoning_effort): 4,096 / 16,384 / 32,768 reasoning tokens assumed (catalog reasoningTokens, not measured) · output 4,101 / 8,000 / 8,000 · $0.0329 / $0.0641 / $0.0641 per call (low / expected / high)');
  // The cap is below the high end of the reasoning (32,768): the new rule flags it at the cap's value.
  const findings = audit.findings.filter((finding) => finding.rule === 'reasoning-exhausts-cap').map((finding) => describeFinding(finding, lineIndex));
  assert.deepEqual(findings, [
    '10:31-10:35 warning reasoning-exhausts-cap: max_completion_tokens 8,000 on o3 with effort high (reasoning_effort): reasoning is assumed to take 4,096 / 16,384 / 32,768 tokens (low / expected / high), so it can use the whole cap and the reply comes back empty; a reply cut off at the cap still costs $0.0641 per call ($6,414/month at 100,000 calls). Raise the cap above 32,773 or lower the effort.',
  ]);
});

test('a call in a loop with a literal bound (3 languages): the monthly figure is 3 calls per run, with the bound\'s line', async () => {
  const { audit, lineIndex } = await auditFixture('translate_loop.py', atVolume, costFixtures);
  const [site] = audit.sites;
  assert.deepEqual(site.site.loops?.map((loop) => [loop.kind, loop.iterations, lineIndex.positionAt(loop.bound.start).line + 1, loop.boundText]), [['for-each', 3, 8, '["German", "French", "Spanish"]']]);
  assert.equal(site.callsPerRun, 3);
  // 100,000 runs a month × 3 languages = 300,000 calls.
  assert.equal(site.callsPerMonth, 300000);
  // gpt-4o-mini ($0.15 / $0.60): 5 static + 6 framing + {language} 10 + {text} 50 = 71 input tokens; output 200 (the cap,
  // below the typical 400). 71 × $0.15/M + 200 × $0.60/M = $0.00013065 per call × 300,000 = $39.195 per month.
  assert.deepEqual(figures(site), { input: 71, output: 200, basis: 'cap', worstOutput: 200 });
  assertUsd(site.cost.perCallUsd, 0.00013065, 'expected per call');
  assertUsd(site.cost.perMonthUsd, 39.195, 'expected per month');
  // The hover's Loop line.
  assert.equal(loopLabel(site, lineIndex), '×3 calls per run: ["German", "French", "Spanish"] at line 8');
});

test('a 10-turn chat loop (gpt-4o-mini, max_tokens 300): each turn resends the history; turn 1, turn 10 and the session to the cent', async () => {
  const { audit, lineIndex } = await auditFixture('chat_loop.py', atVolume, costFixtures);
  const [site] = audit.sites;
  assert.equal(site.site.conversation?.growth, 'loop');
  assert.equal(site.callsPerRun, 10);
  const turns = site.cost.conversation!;
  // Turn 1: 15 static (the system prompt) + 9 framing + {user_text} 50 = 74 input tokens; the reply is the 300-token cap.
  // Each turn adds the user message (50), the reply (300) and their framing (2 × 3) = 356 tokens.
  // Turn 10: 74 + 9 × 356 = 3,278; the mean turn: 74 + 4.5 × 356 = 1,676.
  assert.deepEqual([turns.firstTurnInputTokens, turns.growthPerTurnTokens, turns.lastTurnInputTokens, turns.averageInputTokens, turns.turns, turns.turnsSource], [74, 356, 3278, 1676, 10, 'loop-bound']);
  // Turn 1: 74 × $0.15/M + 300 × $0.60/M = $0.0000111 + $0.00018 = $0.0001911; turn 10: 3,278 × $0.15/M + $0.00018 = $0.0006717.
  assertUsd(turns.firstTurnUsd, 0.0001911, 'turn 1');
  assertUsd(turns.lastTurnUsd, 0.0006717, 'turn 10');
  // Session: 10 × (1,676 × $0.15/M + $0.00018) = 10 × $0.0004314 = $0.004314 (without the history: 10 × $0.0001911 = $0.001911).
  assertUsd(turns.sessionUsd, 0.004314, 'session');
  // The expected cost per call is the mean turn; 100,000 sessions × 10 calls = 1,000,000 calls → $431.40 a month.
  assertUsd(site.cost.perCallUsd, 0.0004314, 'expected per call');
  assert.equal(site.callsPerMonth, 1000000);
  assertUsd(site.cost.perMonthUsd, 431.4, 'expected per month');
  // Worst case: the mean input with every reply at the 300 cap, which is the expected output already.
  assertUsd(site.cost.worstCasePerMonthUsd, 431.4, 'worst per month');
  assert.equal(conversationLabel(site), 'messages resent in full each turn: turn 1 74 input tokens, turn 10 3,278 (+356 a turn) · 10-turn session $0.0043 (turn 1 $0.00019, turn 10 $0.00067) · the figures above are the mean turn');
  assert.deepEqual(audit.findings.filter((f) => f.rule === 'conversation-history-untruncated').map((f) => describeFinding(f, lineIndex).slice(0, 40)), ['12:78-12:86 warning conversation-history']);
});
