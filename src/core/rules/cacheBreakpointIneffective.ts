// cache-breakpoint-ineffective: an Anthropic `cache_control` breakpoint that can never produce a cache hit.
import type { AuditedSite } from '../auditTypes';
import { cacheWritePrice, type CacheBreakpointProblem } from '../cache';
import { formatTokens, formatUsd } from '../pricing/cost';
import type { RuleContext, RuleResult } from './types';
import { defineRule } from './defineRule';
import type { Span } from '../types';
import { firstLineOf, isValidSpan, modelLabel, siteAnchor } from './ruleSupport';

const PER_MILLION = 1_000_000;
const CACHE_CONTROL = 'cache_control';

export const cacheBreakpointIneffectiveRule = defineRule({
  id: 'cache-breakpoint-ineffective',
  defaultSeverity: 'warning',
  check(context) {
    const results: RuleResult[] = [];
    for (const audited of context.sites) results.push(...checkSite(context, audited));
    return results;
  },
});

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** The `cache_control` key inside the block that carries it (its last mention: the key follows the text), else the block's first line. */
function breakpointRange(text: string, block: Span | undefined): Span | undefined {
  if (!isValidSpan(text, block)) return undefined;
  const key = text.lastIndexOf(CACHE_CONTROL, block.end - CACHE_CONTROL.length);
  if (key >= block.start) return { start: key, end: key + CACHE_CONTROL.length };
  return firstLineOf(text, block);
}

function checkSite(context: RuleContext, audited: AuditedSite): RuleResult[] {
  const sim = audited.cache;
  const entry = audited.modelEntry;
  if (!sim || !sim.breakpoints || !entry) return [];
  const model = modelLabel(audited);
  const lastRewriting = [...sim.breakpoints.problems].reverse().find((problem) => problem.reason === 'after-dynamic' && problem.prefixTokens >= sim.minimumTokens);
  return sim.breakpoints.problems.map((problem) => ({ span: breakpointRange(context.text, problem.span) ?? siteAnchor(context.text, audited.site), ...describe(problem) }));

  function describe(problem: CacheBreakpointProblem): Pick<RuleResult, 'message' | 'monthlyWasteUsd'> {
    if (problem.reason === 'too-many') {
      return { message: `${ordinal(problem.ordinal)} cache_control breakpoint: ${model} allows ${entry!.caching.maxBreakpoints} per request.` };
    }
    if (problem.reason === 'below-minimum') {
      const short = sim!.minimumTokens - problem.prefixTokens;
      return {
        message: `cache_control breakpoint covers ${formatTokens(problem.prefixTokens)} tokens, ${formatTokens(short)} short of ${model}'s ${formatTokens(sim!.minimumTokens)}-token cache minimum: it is silently not cached.`,
      };
    }
    const placeholder = sim!.segments.find((segment) => segment.kind === 'dynamic')?.label ?? 'dynamic content';
    const base = `cache_control breakpoint after dynamic content (${placeholder}): its prefix differs on every call, so it never hits`;
    if (problem !== lastRewriting || sim!.writtenEveryCallTokens <= 0) return { message: `${base}.` };
    const write = cacheWritePrice(entry!, context.config.cache.ttl) ?? entry!.prices.input;
    const surchargePerCall = (sim!.writtenEveryCallTokens * (write - entry!.prices.input)) / PER_MILLION;
    const written = `${base} and writes ${formatTokens(sim!.writtenEveryCallTokens)} tokens to the cache on every call`;
    if (audited.callsPerMonth === null) return { message: `${written} (+${formatUsd(surchargePerCall)} per call).` };
    const monthly = surchargePerCall * audited.callsPerMonth;
    return { message: `${written} (+${formatUsd(monthly)}/month at ${formatTokens(audited.callsPerMonth)} calls).`, monthlyWasteUsd: monthly };
  }
}
