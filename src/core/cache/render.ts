// Plain-text views of a cache simulation for the editor: the CodeLens state, the hover's segment bar, the layout rows.
import type { LineColumn } from '../lineIndex';
import { formatTokens } from '../pricing/cost';
import type { CacheSimulation } from './index';

export interface OffsetToPosition {
  positionAt(offset: number): LineColumn;
}

/**
 * The CodeLens text: `cache: 1,536 of 1,802 tokens ✓`, `cache: broken at line 12`, or why nothing is cached.
 * Lines are 1-based, as users read them; without a line index the break is named by its placeholder.
 */
export function formatCacheLensState(sim: CacheSimulation, lines?: OffsetToPosition): string {
  if (sim.mechanism === 'unknown') return 'cache: unknown model';
  if (sim.mechanism === 'none') return 'cache: not offered for this model';
  if (sim.notCachedReason === 'no-breakpoint') return sim.provider === 'anthropic' ? 'cache: off (no cache_control breakpoint)' : 'cache: off (explicit caching only)';
  const broken = sim.prefixBroken && sim.breaksAt
    ? `broken at ${lines ? `line ${lines.positionAt(sim.breaksAt.offset).line + 1}` : sim.breaksAt.placeholder}`
    : null;
  if (sim.cacheable) {
    const share = `cache: ${formatTokens(sim.cacheablePrefixTokens)} of ${formatTokens(sim.totalInputTokens)} tokens`;
    return broken ? `${share}, ${broken}` : `${share} ✓`;
  }
  if (broken) return `cache: ${broken}`;
  if (sim.notCachedReason === 'breakpoints-ineffective') return 'cache: breakpoints never hit ✗';
  return `cache: ${formatTokens(sim.staticPrefixTokens)} tokens, under the ${formatTokens(sim.minimumTokens)} minimum ✗`;
}

const BAR_STATIC = '█';
const BAR_DYNAMIC = '░';

/**
 * A bar for the hover, one cell per `total / width` tokens in send order (static and framing `█`, dynamic `░`),
 * a marker line with `C` at the end of the cached prefix and `M` at the provider minimum, and a legend:
 *
 *     ███░░░████████████████████░░
 *     C          M
 *     █ static  ░ dynamic  C cached 0  M minimum 1,024
 *
 * A marker that falls past the prompt's end sits on the last cell; when both share a cell, `C` wins.
 */
export function renderSegmentBar(sim: CacheSimulation, width: number): string {
  const cells = Math.max(1, Math.floor(Number.isFinite(width) ? width : 1));
  const total = sim.totalInputTokens;
  let bar = '';
  if (total <= 0) bar = BAR_STATIC.repeat(cells);
  else {
    let segmentIndex = 0;
    let segmentEnd = sim.segments[0]?.tokens ?? 0;
    for (let cell = 0; cell < cells; cell++) {
      // The segment under the cell's midpoint decides its character.
      const midpoint = ((cell + 0.5) * total) / cells;
      while (segmentIndex < sim.segments.length - 1 && segmentEnd <= midpoint) {
        segmentIndex++;
        segmentEnd += sim.segments[segmentIndex].tokens;
      }
      bar += sim.segments[segmentIndex]?.kind === 'dynamic' ? BAR_DYNAMIC : BAR_STATIC;
    }
  }
  const cellAt = (tokens: number) => (total <= 0 ? 0 : Math.min(cells - 1, Math.floor((tokens * cells) / total)));
  const markers = Array.from({ length: cells }, () => ' ');
  const showMinimum = sim.mechanism !== 'unknown' && sim.mechanism !== 'none';
  if (showMinimum) markers[cellAt(sim.minimumTokens)] = 'M';
  markers[cellAt(sim.cacheablePrefixTokens)] = 'C';
  const legend = [`${BAR_STATIC} static`, `${BAR_DYNAMIC} dynamic`, `C cached ${formatTokens(sim.cacheablePrefixTokens)}`];
  if (showMinimum) legend.push(`M minimum ${formatTokens(sim.minimumTokens)}${sim.minimumTokens > total ? ' (past the end)' : ''}`);
  return `${bar}\n${markers.join('').trimEnd()}\n${legend.join('  ')}`;
}

export interface CacheLayoutRow {
  label: string;
  kind: 'static' | 'dynamic' | 'framing';
  role: string;
  messageIndex: number;
  tokens: number;
  assumed: boolean;
  /** Tokens from the start of the request through this segment. */
  cumulativeTokens: number;
  /** Wholly inside the prefix the provider caches. */
  cached: boolean;
  cacheBreakpoint: boolean;
  /** This row is the dynamic segment that breaks the prefix. */
  breaksPrefix: boolean;
}

/** Rows for the "Simulate Cache Layout" view: each segment in send order with its running total and cache state. */
export function describeCacheLayout(sim: CacheSimulation): CacheLayoutRow[] {
  let cumulativeTokens = 0;
  const breakView = sim.breaksAt;
  return sim.segments.map((segment) => {
    cumulativeTokens += segment.tokens;
    return {
      label: segment.label,
      kind: segment.kind,
      role: segment.role,
      messageIndex: segment.messageIndex,
      tokens: segment.tokens,
      assumed: segment.assumed,
      cumulativeTokens,
      cached: sim.cacheablePrefixTokens > 0 && cumulativeTokens <= sim.cacheablePrefixTokens,
      cacheBreakpoint: segment.cacheBreakpoint === true,
      breaksPrefix: breakView !== null && segment.kind === 'dynamic' && segment.messageIndex === breakView.messageIndex && segment.segmentIndex === breakView.segmentIndex,
    };
  });
}

/**
 * The segment bar in words, for screen readers and anyone who cannot read block characters:
 * `In send order: 64 static tokens, then ≈2,000 dynamic ({{faq}}), then 12 static, then ≈50 dynamic ({{question}}).
 * Cached prefix: 0 tokens; provider minimum 1,024.` Framing counts as static (it is the same on every call).
 */
export function describeSegmentBar(sim: CacheSimulation, maxParts = 6): string {
  const runs: Array<{ dynamic: boolean; tokens: number; labels: string[] }> = [];
  for (const segment of sim.segments) {
    const dynamic = segment.kind === 'dynamic';
    const last = runs[runs.length - 1];
    if (last && last.dynamic === dynamic) last.tokens += segment.tokens;
    else runs.push({ dynamic, tokens: segment.tokens, labels: [] });
    if (dynamic && segment.label) runs[runs.length - 1].labels.push(segment.label);
  }
  const parts = runs.map((run) => {
    if (!run.dynamic) return `${formatTokens(run.tokens)} static`;
    const shown = run.labels.slice(0, 2).join(', ');
    const more = run.labels.length > 2 ? ` and ${run.labels.length - 2} more` : '';
    return `≈${formatTokens(run.tokens)} dynamic${shown ? ` (${shown}${more})` : ''}`;
  });
  if (parts.length > 0) parts[0] = parts[0].replace(/ (static|dynamic)/, ' $1 tokens');
  // "then 1 more part" says less than the part itself.
  const shown = parts.length <= maxParts + 1 ? parts : parts.slice(0, maxParts);
  const rest = parts.length - shown.length;
  const order = parts.length === 0 ? 'No input tokens.' : `In send order: ${shown.join(', then ')}${rest > 0 ? `, then ${rest} more part${rest === 1 ? '' : 's'}` : ''}.`;
  const showMinimum = sim.mechanism !== 'unknown' && sim.mechanism !== 'none';
  return `${order} Cached prefix: ${formatTokens(sim.cacheablePrefixTokens)} tokens${showMinimum ? `; provider minimum ${formatTokens(sim.minimumTokens)}` : ''}.`;
}
