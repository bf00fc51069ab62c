// Conversation growth (issue 17 item 5): the input of each turn of a conversation the code resends in full. Turn 1 sends
// the call's prompt as the scan resolved it (the static prefix, counted once per turn, and the first user message);
// each later turn also resends every earlier turn: a user message and the reply. So turn n sends
//   first + (n − 1) × growth tokens, growth = user message + reply + the framing of those two messages,
// and an N-turn session sends N × first + growth × N(N − 1)/2 input tokens. Prices are linear in input tokens, so the
// session's expected cost per call is the cost of its average turn, first + growth × (N − 1)/2.
import type { AuditConfig } from '../config';
import type { SiteTokens } from '../auditTypes';
import { chatFramingTokens } from '../tokenizing';
import type { ConversationGrowth } from '../types';

export interface ConversationTokens {
  growth: ConversationGrowth['growth'];
  /** Turns in a session: the growing loop's literal bound, else `turnsPerSession`. */
  turns: number;
  turnsSource: 'loop-bound' | 'turnsPerSession';
  /** Input of the first turn (the history as resolved, or one user message when it is an unresolved placeholder). */
  firstTurnInputTokens: number;
  /** Tokens each turn adds to the history: a user message, the reply and their message framing. */
  growthPerTurnTokens: number;
  userTurnTokens: number;
  replyTokens: number;
  lastTurnInputTokens: number;
  /** Mean input per turn over the session: what the expected cost per call is priced at. */
  averageInputTokens: number;
  /** The history placeholder whose assumed size the first turn replaces, when the scan could not resolve the list. */
  replacedPlaceholder?: string;
}

/** Framing of one more message in a chat request (the OpenAI cookbook's 3 tokens). */
const MESSAGE_FRAMING = chatFramingTokens(2) - chatFramingTokens(1);

/**
 * The turn-by-turn input of a call that resends a growing conversation; undefined when it does not, or when the code
 * truncates or summarises the history (its size is then bounded by a window the audit does not know).
 */
export function conversationTokens(growth: ConversationGrowth | undefined, tokens: SiteTokens, config: Pick<AuditConfig, 'turnsPerSession' | 'assumedPlaceholderTokens'>, replyTokens: number): ConversationTokens | undefined {
  if (!growth || growth.truncated) return undefined;
  const turns = growth.loopTurns ?? config.turnsPerSession;
  const userTurnTokens = config.assumedPlaceholderTokens;
  const resolved = tokens.static + tokens.framing + tokens.assumedDynamic;
  const placeholder = tokens.placeholders.find((entry) => entry.name.replace(/\s+/g, '') === growth.history);
  // A history the scan could not follow is one placeholder: on turn 1 it holds the first user message, not its assumed size.
  const firstTurnInputTokens = placeholder ? resolved - placeholder.tokens * placeholder.occurrences + userTurnTokens + MESSAGE_FRAMING : resolved;
  const growthPerTurnTokens = userTurnTokens + replyTokens + 2 * MESSAGE_FRAMING;
  return {
    growth: growth.growth,
    turns,
    turnsSource: growth.loopTurns !== undefined ? 'loop-bound' : 'turnsPerSession',
    firstTurnInputTokens,
    growthPerTurnTokens,
    userTurnTokens,
    replyTokens,
    lastTurnInputTokens: firstTurnInputTokens + (turns - 1) * growthPerTurnTokens,
    averageInputTokens: firstTurnInputTokens + ((turns - 1) * growthPerTurnTokens) / 2,
    ...(placeholder ? { replacedPlaceholder: placeholder.name } : {}),
  };
}
