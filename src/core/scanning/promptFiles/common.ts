// What every prompt-file format shares: guarding against binary or oversized input, and the site's shape.

import type { PromptMessage, PromptSite, ScanProblem, Span } from '../../types';
import { lineAt } from './yamlSource';
import { binaryReason } from '../controlCharacters';

/** Longer texts are reported, not scanned (the same limit as the workspace scanner's, in characters). */
export const MAX_PROMPT_FILE_CHARS = 8 * 1024 * 1024;

export interface TextCheck {
  /** Offset where the content starts: 1 after a byte order mark, else 0. */
  contentStart: number;
  /** Set when the text must not be scanned. */
  problem?: ScanProblem;
}

/** Rejects binary junk and oversized text; skips a byte order mark (an encoding mark, never sent). */
export function checkText(file: string, text: string): TextCheck {
  if (text.length > MAX_PROMPT_FILE_CHARS) {
    return {
      contentStart: 0,
      problem: { file, severity: 'warning', message: `Not scanned: ${text.length} characters is more than the ${MAX_PROMPT_FILE_CHARS}-character limit for prompt files.` },
    };
  }
  const binary = binaryReason(text);
  if (binary === 'nul') {
    return { contentStart: 0, problem: { file, severity: 'warning', message: 'Not scanned: the file contains NUL characters, so it is binary data, not prompt text.' } };
  }
  if (binary === 'control') {
    return { contentStart: 0, problem: { file, severity: 'warning', message: 'Not scanned: the file is mostly control characters or undecodable bytes, so it is binary data, not prompt text.' } };
  }
  return { contentStart: text.charCodeAt(0) === 0xfeff ? 1 : 0 };
}

/** The first line of the first message (or of the content, when there is none), without its line break. */
export function anchorSpan(text: string, messages: PromptMessage[], contentStart: number): Span {
  const start = messages.find((message) => message.span)?.span?.start ?? contentStart;
  return { start, end: lineAt(text, start).end };
}

export interface SiteFields {
  provider: string | null;
  api: string;
  model: string | null;
  modelExpression?: string;
  modelSpan?: Span;
  maxOutputTokens: PromptSite['maxOutputTokens'];
  capParameter?: string;
  capSpan?: Span;
  messages: PromptMessage[];
  details: Record<string, unknown>;
}

export function promptFileSite(file: string, text: string, contentStart: number, fields: SiteFields): PromptSite {
  const site: PromptSite = {
    kind: 'prompt-file',
    file,
    span: { start: 0, end: text.length },
    anchor: anchorSpan(text, fields.messages, contentStart),
    provider: fields.provider,
    api: fields.api,
    model: fields.model,
    maxOutputTokens: fields.maxOutputTokens,
    messages: fields.messages,
    details: fields.details,
  };
  if (fields.modelExpression !== undefined) site.modelExpression = fields.modelExpression;
  if (fields.modelSpan) site.modelSpan = fields.modelSpan;
  if (fields.capParameter !== undefined) site.capParameter = fields.capParameter;
  if (fields.capSpan) site.capSpan = fields.capSpan;
  return site;
}

const CLOSER_OF: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

/** Unclosed tags reported one by one; past this, one more problem counts the rest (junk can hold millions). */
export const MAX_UNCLOSED_TAG_PROBLEMS = 20;

/** One warning per template tag left open: the engine would refuse to render the template. */
export function unclosedTagProblems(file: string, text: string, openers: Span[]): ScanProblem[] {
  const problems: ScanProblem[] = openers.slice(0, MAX_UNCLOSED_TAG_PROBLEMS).map((span) => {
    const opener = text.slice(span.start, span.end);
    const closer = CLOSER_OF[opener] ?? '}}';
    return {
      file,
      severity: 'warning',
      message: `\`${opener}\` is not closed by \`${closer}\` before the next tag or the end of the text: it is counted as literal text, and the template engine would reject it.`,
      span,
    };
  });
  const rest = openers.length - MAX_UNCLOSED_TAG_PROBLEMS;
  if (rest > 0) {
    problems.push({ file, severity: 'warning', message: `${rest} more unclosed template tags are not listed one by one.`, span: openers[MAX_UNCLOSED_TAG_PROBLEMS] });
  }
  return problems;
}

/** Start of the first line holding more than whitespace at or after `from`; `from` when there is none. */
export function firstContentLineStart(text: string, from: number): number {
  let lineStart = from;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) lineStart = i + 1;
    else if (code !== 32 && code !== 9 && code !== 13 && code !== 11 && code !== 12) return lineStart;
  }
  return from;
}

/** `${env:NAME}`-style references (Prompty) are resolved only at run time. */
export function isRuntimeReference(value: string): boolean {
  return /^\s*\$\{[^}]*\}\s*$/.test(value);
}

/** Provider implied by a model name (display names such as `Claude Sonnet 4` included). */
export function providerOfModelName(model: string): string | null {
  const name = model.toLowerCase().replace(/^.*\//, '');
  if (/^(gpt|o\d|chatgpt|text-embedding|davinci|babbage|codex)/.test(name)) return 'openai';
  if (name.startsWith('claude')) return 'anthropic';
  if (name.startsWith('gemini') || name.startsWith('gemma')) return 'google';
  if (name.startsWith('grok')) return 'xai';
  if (name.startsWith('deepseek')) return 'deepseek';
  if (name.startsWith('mistral') || name.startsWith('codestral') || name.startsWith('ministral')) return 'mistral';
  if (name.startsWith('llama')) return 'meta';
  if (name.startsWith('phi')) return 'microsoft';
  return null;
}
