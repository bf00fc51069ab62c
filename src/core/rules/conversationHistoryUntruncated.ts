// conversation-history-untruncated: a call that resends a conversation the code grows every turn (in a loop, or a
// long-lived `self.history` a chat handler appends to) and never slices or summarises: each turn resends every earlier
// turn, so input grows by a turn each time and a session's input grows with the square of its turns.
import { formatTokens, formatUsd } from '../pricing/cost';
import { defineSiteRule } from './defineRule';
import { modelLabel } from './ruleSupport';

export const conversationHistoryUntruncatedRule = defineSiteRule({
  id: 'conversation-history-untruncated',
  defaultSeverity: 'warning',
  title: 'Conversation history resent without truncation',
  rationale:
    'A chat that appends every user message and reply to one list and sends the whole list each turn pays again for ' +
    'every earlier turn: turn N sends N − 1 turns of history, so a session of N turns sends about N²/2 turns of input. ' +
    'A history kept on an object (`self.history`, `this.messages`) or in a module-level list grows for as long as the ' +
    'object lives. Send a window of recent turns (`history[-10:]`, `messages.slice(-10)`), or summarise older turns ' +
    'into one message.',
  details:
    'Raised for a Python, JavaScript/TypeScript or Ruby call whose `messages` (or `contents`, `input`) is a name the code ' +
    'appends to (`append`, `push`, `extend`, `+=`, `<<`, `[...h, x]`): inside a loop around the call (the loop is the session; ' +
    'its literal bound is the number of turns, else `turnsPerSession`), or a member or module-level list appended to ' +
    'anywhere in its class or file (`turnsPerSession` turns, default 10). Not raised when that code also slices or ' +
    'removes from the list (`h[-10:]`, `del h[0]`, `h.pop(0)`, `h.shift()`, `h.splice(…)`, `h.slice(…)`, `h.last(10)`, a ' +
    '`deque(maxlen=…)`) or passes it through something named like a summariser or trimmer (`summarize(h)`, ' +
    '`trimMessages(h)`). Each turn is assumed to add a user message of `assumedPlaceholderTokens` and the expected ' +
    "reply; the call's expected figures are its average turn, and the message gives turn 1, the last turn and the " +
    'session (JSON: `sites[].conversation`).',
  check({ audited, site }) {
    const growth = site.conversation;
    const turns = audited.cost.conversation;
    if (!growth || growth.truncated || !turns) return undefined;
    const where = growth.growth === 'loop'
      ? `grows in the loop around this call${turns.turnsSource === 'loop-bound' ? ` (${turns.turns} turns)` : ` (priced at turnsPerSession: ${turns.turns} turns)`}`
      : `is a long-lived history this code keeps appending to (priced at turnsPerSession: ${turns.turns} turns per session; it grows as long as it lives)`;
    const input = `turn 1 sends ${formatTokens(Math.round(turns.firstTurnInputTokens))} input tokens, turn ${turns.turns} ${formatTokens(Math.round(turns.lastTurnInputTokens))} (each turn adds ${formatTokens(turns.growthPerTurnTokens)}: a user message and the reply)`;
    const money = turns.sessionUsd === null || turns.firstTurnUsd === null
      ? ''
      : `; a ${turns.turns}-turn session costs ${formatUsd(turns.sessionUsd)} on ${modelLabel(audited)}, ${formatUsd(turns.lastTurnUsd)} for its last turn against ${formatUsd(turns.firstTurnUsd)} for its first`;
    return {
      at: growth.span,
      message: `\`${growth.history}\` is resent in full every turn and never truncated or summarised: it ${where}; ${input}${money}. Send only recent turns or summarise older ones.`,
    };
  },
});
