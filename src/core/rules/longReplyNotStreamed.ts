// long-reply-not-streamed: a call in a web request handler (a person waits) that expects a long reply and does not
// stream it, so nothing appears until the whole reply is generated.
import { formatSeconds } from '../estimates/latency';
import { formatTokens } from '../pricing/cost';
import { defineSiteRule } from './defineRule';
import { isValidSpan, modelLabel } from './ruleSupport';

/** A wait this long with nothing on screen is a long reply (at the model's typical speed). */
export const LONG_WAIT_SECONDS = 5;
/** Without a known speed: a reply this long is a long reply. */
export const LONG_REPLY_TOKENS = 1000;

export const longReplyNotStreamedRule = defineSiteRule({
  id: 'long-reply-not-streamed',
  defaultSeverity: 'hint',
  docValues: { LONG_WAIT_SECONDS, LONG_REPLY_TOKENS: formatTokens(LONG_REPLY_TOKENS) },
  check({ context, audited, site }) {
    if (site.kind !== 'call' || !site.userFacing || site.streams) return undefined;
    const latency = audited.latency;
    const total = latency?.totalSeconds ?? null;
    const output = audited.cost.outputTokens;
    if (total === null ? output < LONG_REPLY_TOKENS : total < LONG_WAIT_SECONDS) return undefined;
    const wait = total === null || !latency?.speed
      ? `its expected ${formatTokens(output)}-token reply arrives all at once (latency unknown: no published output speed for ${modelLabel(audited)})`
      : `nothing reaches the user for about ${formatSeconds(total)} (${formatTokens(latency.replyTokens)} tokens at ${formatTokens(latency.speed.tokensPerSecond)} tokens/s on ${modelLabel(audited)}, after ${formatSeconds(latency.timeToFirstTokenSeconds ?? 0)} to the first token); streamed, the first words would show after ${formatSeconds(latency.timeToFirstTokenSeconds ?? 0)}`;
    const route = isValidSpan(context.text, site.userFacing.span) ? `the request handler \`${site.userFacing.route}\`` : 'a request handler';
    return { message: `This call in ${route} does not stream: ${wait}. Stream the reply or ask for a shorter one.` };
  },
});
