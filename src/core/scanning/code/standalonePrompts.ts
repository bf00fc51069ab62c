// Stand-alone prompt strings: long natural-language text bound to a prompt-ish name, put in a message or
// a prompt template, that no recognised call sends. Tuned to keep false positives rare.
import type { PromptMessage, PromptSegment, PromptSite } from '../../types';
import type { PromptCandidate } from './adapter';
import { splitFormatTemplate, splitTemplatePlaceholders } from './stringEscapes';

const MIN_NAMED_CHARS = 40;
const MIN_NAMED_WORDS = 6;
const MIN_CONTEXT_CHARS = 20;
const MIN_CONTEXT_WORDS = 4;

/** True when static text reads like instructions to a model rather than SQL, a URL, a path or code. */
export function looksLikeProse(text: string, context: PromptCandidate['context']): boolean {
  const trimmed = text.trim();
  if (context === 'message') return trimmed.length > 0;
  const named = context === 'named' || context === 'returned';
  if (trimmed.length < (named ? MIN_NAMED_CHARS : MIN_CONTEXT_CHARS)) return false;
  const words = trimmed.split(/\s+/).filter((word) => /[A-Za-z\u00C0-\u024F\u0400-\u04FF\u4E00-\u9FFF]{2,}/.test(word));
  if (words.length < (named ? MIN_NAMED_WORDS : MIN_CONTEXT_WORDS)) return false;
  if (/^(select|insert|update|delete|with|create|alter|drop)\s/i.test(trimmed) && /\b(from|into|table|where|set)\b/i.test(trimmed)) return false;
  if (/^(https?|file|s3|gs):\/\//i.test(trimmed) || /^[\w.-]*[/\\][\w./\\-]*$/.test(trimmed)) return false;
  if (/^<(!doctype|html|svg|div)/i.test(trimmed)) return false;
  const letters = (trimmed.match(/[A-Za-z\u00C0-\u024F\u0400-\u04FF\u4E00-\u9FFF\s]/g) ?? []).length;
  return letters / trimmed.length >= 0.6;
}

/** Static text with each placeholder counted as a short word, since it stands for run-time text. */
function staticText(segments: PromptSegment[]): string {
  return segments.map((segment) => (segment.kind === 'static' ? segment.text : ' value ')).join('');
}

function roleFor(candidate: PromptCandidate): string {
  if (candidate.role) return candidate.role;
  return candidate.name && /system|instruction|persona|preamble|guideline/i.test(candidate.name) ? 'system' : 'user';
}

/**
 * Template placeholders inside static pieces of a prompt that no call fills in. A prompt-template argument follows its
 * engine (LangChain's f-string default: `{name}`, with `{{`/`}}` escaped braces); a message literal goes to an SDK as
 * is, so its braces are text; any other prompt string may feed any engine, so `{name}`, `{{name}}` and `%(name)s` count.
 */
function withTemplatePlaceholders(candidate: PromptCandidate): PromptSegment[] {
  if (candidate.context === 'message') return candidate.value.segments;
  const fString = candidate.context === 'template' && candidate.templateFormat !== 'double-brace';
  return candidate.value.segments.flatMap((segment) => {
    if (segment.kind !== 'static' || !/\{|%\(/.test(segment.text)) return [segment];
    const exact = Boolean(segment.span && segment.span.end - segment.span.start === segment.text.length);
    return fString ? splitFormatTemplate(segment.text, segment.span, exact) : splitTemplatePlaceholders(segment.text, segment.span, exact);
  });
}

export function promptSites(candidates: PromptCandidate[], file: string, consumedStarts: Set<number>, lineEndOf: (offset: number) => number): PromptSite[] {
  const sites: PromptSite[] = [];
  const seen = new Set<number>();
  for (const candidate of candidates) {
    if (seen.has(candidate.span.start)) continue;
    // Sent by a call we report: its text is counted there.
    if (candidate.value.segments.some((segment) => segment.span && consumedStarts.has(segment.span.start))) continue;
    if (consumedStarts.has(candidate.span.start)) continue;
    // Text another file defines (an imported builder's template): a prompt site of that file, not of this one.
    if (!candidate.value.segments.some((segment) => segment.kind === 'static' && !segment.source)) continue;
    const segments = withTemplatePlaceholders(candidate);
    const hasPlaceholder = segments.some((segment) => segment.kind === 'dynamic');
    // In a prompt template even a bare `{question}` is a prompt; elsewhere only prose is.
    // A string bound to a `*prompt*` name that mixes words and placeholders is a prompt being built.
    const promptBuilder = hasPlaceholder && /prompt/i.test(candidate.name ?? '') && /[A-Za-z]{3,}/.test(staticText(candidate.value.segments).replace(/ value /g, ' '));
    if (!(candidate.context === 'template' && hasPlaceholder) && !promptBuilder && !looksLikeProse(staticText(candidate.value.segments), candidate.context)) continue;
    seen.add(candidate.span.start);
    const message: PromptMessage = { role: roleFor(candidate), segments, span: candidate.span };
    sites.push({
      kind: 'prompt',
      file,
      span: candidate.span,
      anchor: { start: candidate.span.start, end: Math.min(candidate.span.end, lineEndOf(candidate.span.start)) },
      provider: null,
      api: null,
      model: null,
      maxOutputTokens: null,
      messages: [message],
      ...(candidate.name ? { details: { boundTo: candidate.name } } : {}),
    });
  }
  return sites;
}
