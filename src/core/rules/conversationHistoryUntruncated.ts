// conversation-history-untruncated: a call that resends a conversation the code grows every turn (in a loop, or a
// long-lived `self.history` a chat handler appends to) and never slices or summarises: each turn resends every earlier
// turn, so input grows by a turn each time and a session's input grows with the square of its turns.
import { formatTokens, formatUsd } from '../pricing/cost';
import { defineSiteRule } from './defineRule';
import { modelLabel, isLocalModel, localCostPhrase } from './ruleSupport';

export const conversationHistoryUntruncatedRule = defineSiteRule({
  id: 'conversation-history-untruncated',
  defaultSeverity: 'warning',
  check({ audited, site }) {
    const growth = site.conversation;
    const turns = audited.cost.conversation;
    if (!growth || growth.truncated || !turns) return undefined;
    const where = growth.growth === 'loop'
      ? `grows in the loop around this call${turns.turnsSource === 'loop-bound' ? ` (${turns.turns} turns)` : ` (priced at turnsPerSession: ${turns.turns} turns)`}`
      : `is a long-lived history this code keeps appending to (priced at turnsPerSession: ${turns.turns} turns per session; it grows as long as it lives)`;
    const input = `turn 1 sends ${formatTokens(Math.round(turns.firstTurnInputTokens))} input tokens, turn ${turns.turns} ${formatTokens(Math.round(turns.lastTurnInputTokens))} (each turn adds ${formatTokens(turns.growthPerTurnTokens)}: a user message and the reply)`;
    const money = isLocalModel(audited)
      ? `; ${localCostPhrase(audited)}`
      : turns.sessionUsd === null || turns.firstTurnUsd === null
      ? ''
      : `; a ${turns.turns}-turn session costs ${formatUsd(turns.sessionUsd)} on ${modelLabel(audited)}, ${formatUsd(turns.lastTurnUsd)} for its last turn against ${formatUsd(turns.firstTurnUsd)} for its first`;
    return {
      at: growth.span,
      message: `\`${growth.history}\` is resent in full every turn and never truncated or summarised: it ${where}; ${input}${money}. Send only recent turns or summarise older ones.`,
    };
  },
});
