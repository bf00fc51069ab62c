// response-cache-opportunity: a call whose whole input is static, or takes only a few known values (a loop variable over
// a list literal, a two-branch conditional of literal texts), at temperature 0 or the default: the same question is
// paid for again and again, and a cache of whole answers (keyed by the request) would serve the repeats for nothing.
import type { AuditedSite } from '../auditTypes';
import { formatTokens, formatUsd } from '../pricing/cost';
import type { DynamicSegment } from '../types';
import { defineSiteRule } from './defineRule';
import { modelLabel, isLocalModel, localCostPhrase } from './ruleSupport';

const AGENT_API = /agent/i;
const INSTRUCTION_ROLES = new Set(['system', 'developer']);
const MEDIA_PARTS = /inline_?data|image_url|input_image|input_audio|input_file|file_data|from_bytes|from_uri|\bimage\s*[:=]|\bimages\s*[:=]|\bbase64\b/i;

/** More distinct inputs than this is not a small enumerable input. */
export const MAX_DISTINCT_INPUTS = 100;

export const responseCacheOpportunityRule = defineSiteRule({
  id: 'response-cache-opportunity',
  defaultSeverity: 'information',
  docValues: { MAX_DISTINCT_INPUTS },
  check({ context, audited, site }) {
    if (site.kind !== 'call' || site.usesTools || site.conversation || site.messages.length === 0) return undefined;
    // An agent acts in the world (tools, handoffs) and gets its task at run time: its answers are not a function of the prompt.
    if (AGENT_API.test(site.api ?? '')) return undefined;
    // Instructions alone (an agent or client built with a system prompt): the user's input arrives elsewhere.
    if (!site.messages.some((message) => !INSTRUCTION_ROLES.has(message.role))) return undefined;
    // Images, audio and files are not read as text: the input is not known to be the same.
    if (MEDIA_PARTS.test(context.text.slice(site.span.start, site.span.end))) return undefined;
    if (site.temperature !== undefined && site.temperature !== 0) return undefined;
    const inputs = distinctInputs(audited);
    if (!inputs) return undefined;
    const hitRate = context.config.responseCache.hitRate;
    const monthly = audited.cost.perMonthUsd;
    const saving = monthly === null ? undefined : monthly * hitRate;
    const what = inputs.count === 1 ? 'Every call sends the same input' : `Every call sends one of ${inputs.count} inputs (${inputs.from.join(', ')})`;
    const temperature = site.temperature === 0 ? 'at temperature 0' : 'at the default temperature';
    const money = isLocalModel(audited)
      ? `; ${localCostPhrase(audited)}, so a cache saves the server's time, not money`
      : saving === undefined
      ? audited.cost.perCallUsd === null ? '' : `; each repeat costs ${formatUsd(audited.cost.perCallUsd)} on ${modelLabel(audited)}`
      : `; at a ${Math.round(hitRate * 100)}% response-cache hit rate (responseCache.hitRate) a cache of answers saves ${formatUsd(saving)}/month of ${formatUsd(monthly)}${audited.callsPerMonth === null ? '' : ` at ${formatTokens(audited.callsPerMonth)} calls`}`;
    return {
      message: `${what} ${temperature}: the answer can be cached and reused${money}. Cache responses by request and call the model only on a miss.`,
      monthlySavingUsd: saving !== undefined && saving > 0 && !isLocalModel(audited) ? saving : undefined,
    };
  },
});

/** The distinct inputs a call can send, and what they come from; null when some input is not enumerable. */
function distinctInputs(audited: AuditedSite): { count: number; from: string[] } | null {
  const site = audited.site;
  let count = 1;
  const from: string[] = [];
  const seen = new Set<string>();
  for (const message of site.messages) {
    for (const segment of message.segments) {
      if (segment.kind !== 'dynamic' || segment.control || seen.has(segment.name)) continue;
      seen.add(segment.name);
      const values = knownValues(segment, audited);
      if (values === null) return null;
      count *= values.count;
      from.push(values.label);
      if (count > MAX_DISTINCT_INPUTS) return null;
    }
  }
  return { count, from };
}

function knownValues(segment: DynamicSegment, audited: AuditedSite): { count: number; label: string } | null {
  const loop = audited.site.loops?.find((candidate) => candidate.variable !== undefined && candidate.variable === segment.name.trim() && candidate.iterations !== null);
  if (loop) return { count: loop.iterations!, label: `\`${segment.name}\` from a ${loop.iterations}-item list` };
  const branches = segment.alternatives;
  if (branches && branches.length > 0 && branches.every((branch) => branch.every((part) => part.kind === 'static'))) return { count: branches.length, label: `a conditional with ${branches.length} literal branches` };
  return null;
}
