// Tokens a chat API adds around the messages themselves.

/** OpenAI cookbook (How_to_count_tokens_with_tiktoken): every message is wrapped in 3 tokens. */
export const TOKENS_PER_MESSAGE = 3;
/** A message with a `name` field costs one more. */
export const TOKENS_PER_NAME = 1;
/** Every reply is primed with `<|start|>assistant<|message|>`. */
export const TOKENS_TO_PRIME_REPLY = 3;

/**
 * Tokens of chat framing for `messageCount` messages, `namedMessages` of which carry a `name`: OpenAI's formula
 * (3 per message, +1 per name, +3 for the reply), as of the gpt-4o / gpt-5 families. Other providers frame messages
 * differently; the auditor applies the same formula to them as an approximation. Tool definitions are not counted.
 * Bad input (negative, fractional, NaN) is clamped, never thrown.
 */
export function chatFramingTokens(messageCount: number, namedMessages = 0): number {
  const messages = wholeCount(messageCount);
  if (messages === 0) return 0;
  const named = Math.min(wholeCount(namedMessages), messages);
  return messages * TOKENS_PER_MESSAGE + named * TOKENS_PER_NAME + TOKENS_TO_PRIME_REPLY;
}

function wholeCount(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
