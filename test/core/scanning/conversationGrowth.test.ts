// Conversation growth (conversation.ts): a labelled corpus of chat wrappers (labels in
// test/fixtures/conversation-corpus/LABELS.md, written before the scanner ran), and the finding's exact text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditFixture, configFrom, findingsOf, repositoryRoot } from '../rules/ruleTestSupport';

const corpus = path.join(repositoryRoot, 'test/fixtures/conversation-corpus');
const files = fs.readdirSync(corpus).filter((name) => /\.(py|ts)$/.test(name)).sort();

async function growthOf(file: string): Promise<string[]> {
  const { audit } = await auditFixture(file, configFrom('callsPerMonth: 1000\n'), corpus);
  return audit.sites.filter((audited) => audited.site.kind === 'call').map((audited) => {
    const growth = audited.site.conversation;
    if (!growth) return 'none';
    return `${growth.growth} ${growth.history}${growth.truncated ? ` truncated by ${growth.truncation}` : ''}`;
  });
}

test('the labelled corpus: stored and loop histories, truncations, lists rebuilt per turn or owned by the caller', async () => {
  const found: Record<string, string[]> = {};
  for (const file of files) found[file] = await growthOf(file);
  assert.deepEqual(found, {
    'chatStore.ts': ['stored this.messages'],
    'engine.py': ['stored self.messages'],
    'fresh_each_time.py': ['none'],
    'helper_append.py': ['stored self.message_history'],
    'module_history.py': ['stored HISTORY'],
    'param_messages.py': ['none'],
    'repl.ts': ['loop messages'],
    'slidingWindow.ts': ['stored this.history truncated by this.history.splice('],
    'summarised.py': ['loop messages truncated by messages = summar'],
    'windowed.py': ['stored self.history truncated by self.history[-8:'],
  });
});

test('a stored history (self.messages on gpt-4o): the finding gives turn 1, turn 10 and the session, at turnsPerSession', async () => {
  const { audit, lineIndex } = await auditFixture('engine.py', configFrom('callsPerMonth: 1000\n'), corpus);
  const [site] = audit.sites;
  // The history is one unresolved placeholder (assumed 2,000 as a conversation); turn 1 replaces it with one user
  // message: 0 static + 6 framing + 50 + 3 = 59. Each turn adds 50 + the 400-token reply + 6 framing = 456.
  const turns = site.cost.conversation!;
  assert.deepEqual(
    { first: turns.firstTurnInputTokens, growth: turns.growthPerTurnTokens, last: turns.lastTurnInputTokens, average: turns.averageInputTokens, turns: turns.turns, source: turns.turnsSource, replaced: turns.replacedPlaceholder },
    { first: 59, growth: 456, last: 4163, average: 2111, turns: 10, source: 'turnsPerSession', replaced: 'self.messages' },
  );
  assert.deepEqual(findingsOf(audit, lineIndex, 'conversation-history-untruncated'), [
    '10:76-10:89 warning conversation-history-untruncated: `self.messages` is resent in full every turn and never truncated or summarised: it is a long-lived history this code keeps appending to (priced at turnsPerSession: 10 turns per session; it grows as long as it lives); turn 1 sends 59 input tokens, turn 10 4,163 (each turn adds 456: a user message and the reply); a 10-turn session costs $0.0928 on gpt-4o, $0.0144 for its last turn against $0.0041 for its first. Send only recent turns or summarise older ones.',
  ]);
});

test('turnsPerSession prices a longer session; a truncated history keeps the plain figures and gets no finding', async () => {
  const { audit } = await auditFixture('engine.py', configFrom('callsPerMonth: 1000\nturnsPerSession: 20\n'), corpus);
  assert.equal(audit.sites[0].cost.conversation?.lastTurnInputTokens, 59 + 19 * 456);
  const windowed = await auditFixture('windowed.py', configFrom('callsPerMonth: 1000\n'), corpus);
  assert.equal(windowed.audit.sites[0].cost.conversation, undefined);
  assert.deepEqual(findingsOf(windowed.audit, windowed.lineIndex, 'conversation-history-untruncated'), []);
});
