// Small helpers the rules share: ranges, cost phrases, file languages, model literals.
import { languageOfPath } from '../languages';
import type { AuditedSite } from '../auditTypes';
import type { AuditConfig } from '../config';
import { formatTokens, formatUsd, outputCostUsd } from '../pricing/cost';
import type { ModelEntry } from '../pricing/types';
import { frontMatterFences } from '../scanning/promptFiles/yamlSource';
import type { Fix, PromptSite, Span } from '../types';

export type SourceLanguage = 'python' | 'javascript';

/** Language family of a source file by extension; only families whose key/value syntax the quick fixes write (the language table's `keyValue`). */
export function sourceLanguage(file: string): SourceLanguage | null {
  const language = languageOfPath(file);
  return language?.keyValue ? (language.family as SourceLanguage) : null;
}

/** The language a site's text is written in: its file's, else the one it was scanned as (a notebook's joined cells in an editor). */
export function siteSourceLanguage(site: PromptSite): SourceLanguage | null {
  const scannedAs = site.details?.scannedAs;
  return sourceLanguage(site.file) ?? (typeof scannedAs === 'string' ? sourceLanguage(`cell.${scannedAs === 'python' ? 'py' : scannedAs}`) : null);
}

export type PromptFileFormat = 'prompty' | 'github-models' | 'vscode-prompt' | 'other';

export function promptFileFormat(site: PromptSite): PromptFileFormat {
  const lower = site.file.toLowerCase();
  if (site.api === 'langchain-prompt') return 'other';
  if (site.api === 'prompty' || lower.endsWith('.prompty')) return 'prompty';
  if (site.api === 'github-models' || lower.endsWith('.prompt.yml') || lower.endsWith('.prompt.yaml')) return 'github-models';
  if (lower.endsWith('.prompt.md')) return 'vscode-prompt';
  return 'other';
}

/** Whether the site's format has a field for an output cap at all. */
export function capSupported(site: PromptSite): boolean {
  const declared = site.details?.capSupported;
  if (typeof declared === 'boolean') return declared;
  if (site.kind === 'call') return true;
  if (site.kind === 'prompt-file') {
    const format = promptFileFormat(site);
    return format === 'prompty' || format === 'github-models';
  }
  return false;
}

export function contains(outer: Span, inner: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function isValidSpan(text: string, span: Span | undefined): span is Span {
  return !!span && Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end >= span.start && span.end <= text.length;
}

/** The YAML between the front matter's `---` fences as the scanner finds them (after a BOM and blank lines), as document offsets. */
export function frontMatterRange(text: string): Span | undefined {
  const fences = frontMatterFences(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  return fences?.closing ? { start: fences.opening.next, end: fences.closing.start } : undefined;
}

/** Start of the line containing `offset`, or `floor` if the line starts before it (keeps long-line scans bounded). */
export function lineStartAt(text: string, offset: number, floor = 0): number {
  let start = offset;
  while (start > floor && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
}

/** End of the line containing `offset` (before its break), or `ceiling` if the line runs past it. */
export function lineEndAt(text: string, offset: number, ceiling = text.length): number {
  let end = offset;
  while (end < ceiling && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

/** Offset just past the line break that ends the line containing `offset` (the text's end on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const end = lineEndAt(text, offset);
  if (text[end] === '\r' && text[end + 1] === '\n') return end + 2;
  return end < text.length ? end + 1 : end;
}

export function indentationAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start, lineEndAt(text, offset)))![0];
}

/** The part of `span` on its first line, without trailing whitespace: a call's "first line extent". */
export function firstLineOf(text: string, span: Span): Span {
  const end = Math.min(span.end, lineEndAt(text, span.start));
  let trimmedEnd = end;
  while (trimmedEnd > span.start && /\s/.test(text[trimmedEnd - 1])) trimmedEnd--;
  return { start: span.start, end: trimmedEnd > span.start ? trimmedEnd : end };
}

/** The whole line containing `offset`, without its indentation and trailing whitespace. */
export function trimmedLineAt(text: string, offset: number): Span {
  const start = lineStartAt(text, offset);
  const end = lineEndAt(text, offset);
  const line = text.slice(start, end);
  const leading = line.length - line.trimStart().length;
  const trailing = line.length - line.trimEnd().length;
  if (leading + trailing >= line.length) return { start: offset, end: offset };
  return { start: start + leading, end: end - trailing };
}

/** Where a finding about the site as a whole goes: the model for prompt files, else the anchor's first line. */
export function siteAnchor(text: string, site: PromptSite): Span {
  if (site.kind === 'prompt-file' && isValidSpan(text, site.modelSpan)) return trimmedLineAt(text, site.modelSpan.start);
  if (isValidSpan(text, site.anchor)) return firstLineOf(text, site.anchor);
  if (isValidSpan(text, site.span)) return firstLineOf(text, site.span);
  return { start: 0, end: 0 };
}

/** The model's range when the scanner located it, else the anchor. */
export function modelOrAnchor(text: string, site: PromptSite): Span {
  return isValidSpan(text, site.modelSpan) ? site.modelSpan : siteAnchor(text, site);
}

/** ` ($1,638/month at 10,000 calls)`, or '' when there is no volume or no price. */
export function monthlySuffix(monthlyUsd: number | null, callsPerMonth: number | null): string {
  if (monthlyUsd === null || callsPerMonth === null) return '';
  return ` (${formatUsd(monthlyUsd)}/month at ${formatTokens(callsPerMonth)} calls)`;
}

export function monthlyOf(perCallUsd: number | null, callsPerMonth: number | null): number | null {
  return perCallUsd === null || callsPerMonth === null ? null : perCallUsd * callsPerMonth;
}

/** The model name a message uses: the id the site wrote, else the configured default (marked as assumed). */
export function modelLabel(audited: AuditedSite): string {
  const name = audited.modelEntry?.id ?? audited.modelId ?? 'the model';
  return audited.modelIsDefault ? `${name} (assumed default)` : name;
}

/** The site's model runs on the user's own server (a local provider: Ollama): its $0 is no API charge, so messages say that instead of $0 figures. */
export function isLocalModel(audited: AuditedSite): boolean {
  return audited.modelEntry?.local !== undefined;
}

/** `llama3.2 runs locally: $0 API cost` for a local model's messages. */
export function localCostPhrase(audited: AuditedSite): string {
  return `${modelLabel(audited)} runs locally: $0 API cost`;
}

/** The cap a fix inserts: twice the configured typical reply, so ordinary answers are never cut, rounded up to a power of two. */
export function defaultCapFor(config: Pick<AuditConfig, 'expectedOutputTokens'>, entry: ModelEntry | undefined, reasoningTokens = 0): number {
  // A reasoning model also needs room for its reasoning (the high end of its range), which counts against the cap.
  const wanted = Math.max(256, 2 * config.expectedOutputTokens, reasoningTokens > 0 ? config.expectedOutputTokens + reasoningTokens + 1 : 0);
  let cap = 256;
  while (cap < wanted && cap < 1 << 20) cap *= 2;
  return entry && entry.maxOutputTokens > 0 ? Math.min(cap, entry.maxOutputTokens) : cap;
}

/** The cap a fix writes for this site: twice what the prompt asks for (else the typical length), above the reply plus the high end of a reasoning model's reasoning, rounded up as above. */
export function rightSizedCapFor(audited: AuditedSite, config: Pick<AuditConfig, 'expectedOutputTokens'>): number {
  return defaultCapFor({ expectedOutputTokens: audited.outputHint?.tokens ?? config.expectedOutputTokens }, audited.modelEntry, audited.cost.reasoning?.tokens.high ?? 0);
}

/**
 * Worst case a cap above `rightSizedCap` adds per month: (bound − right-sized cap) output tokens at the output price.
 * Undefined when unpriced or without a volume; 0 when the bound is already at or below the right-sized cap.
 */
export function monthlyExposureOf(audited: AuditedSite, rightSizedCap: number): number | undefined {
  const entry = audited.modelEntry;
  const bound = audited.cost.worstCaseOutputTokens;
  if (!entry || bound === null || audited.callsPerMonth === null) return undefined;
  return outputCostUsd(Math.max(0, bound - rightSizedCap), entry) * audited.callsPerMonth;
}

/** ` against $0.0082 expected` — the worst case is always shown next to the expected figure. */
export function worstCasePhrase(audited: AuditedSite): string {
  const { cost } = audited;
  if (cost.worstCasePerCallUsd === null || cost.perCallUsd === null || isLocalModel(audited)) return '';
  const monthly = monthlySuffix(cost.worstCasePerMonthUsd, audited.callsPerMonth);
  return `worst case ${formatUsd(cost.worstCasePerCallUsd)} per call${monthly}, against ${formatUsd(cost.perCallUsd)} expected`;
}

/**
 * `text.replace(/\s+/g, ' ').trim()`, replacing only the runs that change: a run of two or more white-space characters,
 * or one that is not a plain space. Prose has a single space every few characters, and the plain form made a
 * replacement step for each (a tenth of auditing 10 MB of prompt files went to keying its paragraphs that way).
 */
export function collapseWhiteSpace(text: string): string {
  return text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/** Quotes a sentence for a message, shortened so diagnostics stay one line. */
export function quoteText(text: string, limit = 60): string {
  const flat = collapseWhiteSpace(text);
  return `"${flat.length > limit ? `${flat.slice(0, limit - 1).trimEnd()}…` : flat}"`;
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/;

/**
 * The range of the model id text inside `modelSpan` (inside its quotes for code, the bare scalar for YAML),
 * or null when the model is not a plain literal that can be replaced mechanically.
 */
export function modelLiteralRange(text: string, modelSpan: Span | undefined): Span | null {
  if (!isValidSpan(text, modelSpan)) return null;
  const source = text.slice(modelSpan.start, modelSpan.end);
  if (MODEL_ID.test(source)) return { start: modelSpan.start, end: modelSpan.end };
  const quoted = /^(?:[rRbBuUfF]{0,2})?(["'`])([^"'`\\$]*)\1$/.exec(source);
  if (quoted && MODEL_ID.test(quoted[2])) {
    const start = modelSpan.start + source.indexOf(quoted[1]) + 1;
    return { start, end: start + quoted[2].length };
  }
  // AI SDK style `openai('gpt-4o')`: exactly one quoted string inside the expression.
  const strings = [...source.matchAll(/(["'`])([^"'`\\$\n]*)\1/g)];
  if (strings.length === 1 && MODEL_ID.test(strings[0][2])) {
    const start = modelSpan.start + strings[0].index! + 1;
    return { start, end: start + strings[0][2].length };
  }
  return null;
}

/** Replacement text for a model id that keeps a routing prefix the site wrote (`openai/gpt-4o` → `openai/gpt-4o-mini`). */
export function replacementModelId(written: string, suggested: string): string {
  const slash = written.lastIndexOf('/');
  if (slash > 0 && !suggested.includes('/')) return written.slice(0, slash + 1) + suggested;
  return suggested;
}

/** Fix that swaps the model literal for `suggested`, or undefined when the literal cannot be edited safely. */
export function replaceModelFix(text: string, site: PromptSite, suggested: string, preferred: boolean): Fix | undefined {
  // The model is written in another file (an imported constant, a `.env` line): the call's text is only a name.
  if (site.modelFrom) return undefined;
  const range = modelLiteralRange(text, site.modelSpan);
  if (!range) return undefined;
  // A model constant outside the call may be shared by other calls; editing it would change them too.
  if (site.kind === 'call' && !contains(site.span, range)) return undefined;
  const written = text.slice(range.start, range.end);
  const newText = replacementModelId(written, suggested);
  if (newText === written) return undefined;
  return { title: `Use ${newText}`, edits: [{ span: range, newText }], preferred };
}

/** `16.7×`, `20×`, `2.5×`. */
export function formatRatio(ratio: number): string {
  return `${Number(ratio.toFixed(1))}×`;
}
