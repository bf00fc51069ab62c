// Lays a site's content out in the order the provider receives it, as token-counted segments.
import { SYSTEM_SEPARATE_PROVIDERS, shapeForApi } from '../scanning/code/sdks';
import { TOKENS_PER_MESSAGE } from '../tokenizing/framing';
import type { TokenCount } from '../tokenizing/types';
import type { PromptMessage, PromptSite, Span } from '../types';
import { isWhitespace } from '../whitespace';

export interface CacheSegmentView {
  kind: 'static' | 'dynamic' | 'framing';
  tokens: number;
  /** True for placeholders: their size is the configured assumption, not a count. */
  assumed: boolean;
  /** Index into `site.messages`; -1 for the reply primer, which belongs to no message. */
  messageIndex: number;
  role: string;
  span?: Span;
  label: string;
  /** Set on the last segment of a message that carries an Anthropic `cache_control` breakpoint. */
  cacheBreakpoint?: boolean;
  /** Index into the message's `segments` of the (first) source segment this view stands for. */
  segmentIndex?: number;
  /** A template control tag (`{% if %}`): sends no text itself but makes what follows vary. */
  control?: boolean;
}

export interface CacheLayout {
  segments: CacheSegmentView[];
  totalInputTokens: number;
  /** Index into `segments` of the first dynamic segment (placeholder or control tag), -1 when there is none. */
  firstDynamicIndex: number;
  /** Tokens before the first dynamic segment: the longest prefix identical on every call. */
  staticPrefixTokens: number;
  /** Static text tokens after the first dynamic segment: what the placeholder keeps out of the cache. */
  staticTokensAfterBreak: number;
  /** Tokens through the last static segment before the first dynamic one: where an explicit breakpoint can close. */
  staticBlockPrefixTokens: number;
  /** Tokens of the static content and message framing with every dynamic segment moved after them. */
  reorderedStaticTokens: number;
  /** The same through the last static segment: what a breakpoint after the static content would cache. */
  reorderedStaticBlockTokens: number;
}

const LABEL_LENGTH = 28;

/**
 * APIs that take the system prompt as its own parameter send it before the messages whatever the order in the
 * source: Anthropic (`system`), Gemini (`systemInstruction`), OpenAI Responses (`instructions`), and SDKs that map a
 * `system` option onto them. The SDK table says which APIs and providers do.
 */
function systemIsSeparateParameter(site: PromptSite): boolean {
  return SYSTEM_SEPARATE_PROVIDERS.has((site.provider ?? '').toLowerCase()) || shapeForApi(site.api)?.systemSeparate === true;
}

/** Message indices in send order: as written, except that a separately passed system prompt goes first. */
export function sendOrder(site: PromptSite): number[] {
  const order = site.messages.map((_, index) => index);
  if (!systemIsSeparateParameter(site)) return order;
  const rank = (role: string) => (role === 'system' || role === 'developer' ? 0 : 1);
  return order.sort((a, b) => rank(site.messages[a].role) - rank(site.messages[b].role) || a - b);
}

/**
 * The run's text with white space collapsed and trimmed, quoted, cut to LABEL_LENGTH. Read only as far as the label
 * needs (the first LABEL_LENGTH + 1 characters of the collapsed text): a prompt file's run is the whole file.
 */
export function staticLabel(text: string): string {
  let collapsed = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length && collapsed.length <= LABEL_LENGTH; i++) {
    const code = text.charCodeAt(i);
    if (isWhitespace(code)) pendingSpace = collapsed.length > 0;
    else {
      collapsed += pendingSpace ? ` ${text[i]}` : text[i];
      pendingSpace = false;
    }
  }
  if (collapsed.length === 0) return '(whitespace)';
  return collapsed.length > LABEL_LENGTH ? `"${collapsed.slice(0, LABEL_LENGTH - 1)}…"` : `"${collapsed}"`;
}

function joinSpans(first: Span | undefined, last: Span | undefined): Span | undefined {
  return first && last ? { start: first.start, end: last.end } : undefined;
}

/**
 * Segments in send order. Each maximal run of literal text inside a message is one static segment counted on
 * its own, exactly as the audit counts `SiteTokens.static`, so the segments' static tokens sum to it. (Counting
 * a whole prefix as one string can differ by a token or two at the run joins; per-run counts keep the lens, the
 * cost and the cache figures consistent.) Framing follows the OpenAI cookbook formula the audit uses: a
 * per-message header before each message's content, and the reply primer at the very end.
 */
export function buildCacheLayout(
  site: PromptSite,
  options: { countTokens: (text: string) => TokenCount; placeholderTokens: (name: string) => number; framingTokens: number },
): CacheLayout {
  const segments: CacheSegmentView[] = [];
  const order = sendOrder(site);
  const messageFraming = site.messages.length > 0 ? Math.min(TOKENS_PER_MESSAGE, Math.floor(options.framingTokens / site.messages.length)) : 0;
  for (const messageIndex of order) {
    const message = site.messages[messageIndex];
    segments.push({ kind: 'framing', tokens: messageFraming, assumed: false, messageIndex, role: message.role, span: message.span, label: `${message.role} message framing` });
    pushMessageSegments(segments, message, messageIndex, options);
    if (message.cacheBreakpoint) segments[segments.length - 1].cacheBreakpoint = true;
  }
  const primer = options.framingTokens - messageFraming * site.messages.length;
  if (primer > 0) segments.push({ kind: 'framing', tokens: primer, assumed: false, messageIndex: -1, role: 'assistant', label: 'reply primer' });

  let totalInputTokens = 0;
  let firstDynamicIndex = -1;
  let staticPrefixTokens = 0;
  let staticBlockPrefixTokens = 0;
  let staticTokensAfterBreak = 0;
  let dynamicTokens = 0;
  let nonDynamicTokens = 0;
  let reorderedStaticBlockTokens = 0;
  segments.forEach((segment, index) => {
    totalInputTokens += segment.tokens;
    if (segment.kind === 'dynamic') {
      dynamicTokens += segment.tokens;
      if (firstDynamicIndex === -1) firstDynamicIndex = index;
      return;
    }
    nonDynamicTokens += segment.tokens;
    if (firstDynamicIndex === -1) staticPrefixTokens += segment.tokens;
    if (segment.kind !== 'static') return;
    reorderedStaticBlockTokens = nonDynamicTokens;
    if (firstDynamicIndex === -1) staticBlockPrefixTokens = staticPrefixTokens;
    else staticTokensAfterBreak += segment.tokens;
  });
  // Once the dynamic segments go last, the reply primer follows them and leaves the shared prefix.
  const reorderedStaticTokens = firstDynamicIndex === -1 ? totalInputTokens : totalInputTokens - dynamicTokens - Math.max(primer, 0);
  return {
    segments, totalInputTokens, firstDynamicIndex, staticPrefixTokens, staticBlockPrefixTokens, staticTokensAfterBreak,
    reorderedStaticTokens, reorderedStaticBlockTokens,
  };
}

function pushMessageSegments(
  segments: CacheSegmentView[],
  message: PromptMessage,
  messageIndex: number,
  options: { countTokens: (text: string) => TokenCount; placeholderTokens: (name: string) => number },
): void {
  let runText = '';
  let runStart = -1;
  let runFirstSpan: Span | undefined;
  let runLastSpan: Span | undefined;
  const flush = () => {
    if (runText.length > 0) {
      segments.push({
        kind: 'static', tokens: options.countTokens(runText).tokens, assumed: false, messageIndex, role: message.role,
        span: joinSpans(runFirstSpan, runLastSpan), label: staticLabel(runText), segmentIndex: runStart,
      });
    }
    runText = '';
    runStart = -1;
    runFirstSpan = runLastSpan = undefined;
  };
  message.segments.forEach((segment, segmentIndex) => {
    if (segment.kind === 'static') {
      if (runStart === -1) {
        runStart = segmentIndex;
        runFirstSpan = segment.span;
      }
      runText += segment.text;
      runLastSpan = segment.span;
      return;
    }
    flush();
    segments.push({
      kind: 'dynamic', tokens: segment.control ? 0 : options.placeholderTokens(segment.name), assumed: !segment.control, messageIndex, role: message.role,
      span: segment.span, label: segment.raw || segment.name, segmentIndex, ...(segment.control ? { control: true } : {}),
    });
  });
  flush();
}
