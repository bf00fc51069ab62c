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
  title: 'Long reply in a request handler, not streamed',
  rationale:
    'A call inside a web request handler keeps a person waiting. Without streaming, nothing reaches them until the ' +
    'whole reply is generated: the wait is the time to the first token plus every token at the model\'s output speed. ' +
    'Streaming costs the same and shows the first words after the time to first token. Stream the reply ' +
    '(`stream=True`, `client.messages.stream(…)`, `streamText`), or ask for a shorter one.',
  details:
    `Raised for a Python or JavaScript/TypeScript call inside a function registered as a route (a decorator such as ` +
    '`@app.post(…)` / `@router.get(…)`, an `app.get(…)` / `router.post(…)` registration, a Next.js `export async function ' +
    'POST`) that sets no `stream` option (or sets it false) and is not a streaming method, when the expected reply takes ' +
    `at least ${LONG_WAIT_SECONDS} seconds at the model's typical output speed (catalog \`outputSpeeds\`, with its source), ` +
    `or, for a model without a known speed, is at least ${formatTokens(LONG_REPLY_TOKENS)} tokens. The time is the ` +
    'latency shown in the hover and JSON (`sites[].latency`).',
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
