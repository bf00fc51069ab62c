// The mechanical quick fix for a broken cache prefix: move the sentence or line holding a leading placeholder
// (`Today is {today}.`) to the end of the same message, so the static text before and after it forms one prefix.
import type { Fix, PromptMessage, PromptSegment, Span } from '../types';
import { isSpaceOrTab, isWhitespace } from '../whitespace';

/** Characters at most in the moved sentence: longer text is not "a dynamic line" and is left to the user. */
const MAX_MOVED_LENGTH = 400;

function sourceMatches(text: string, start: number, expected: string): boolean {
  return start >= 0 && start + expected.length <= text.length && text.startsWith(expected, start);
}

function segmentSource(segment: PromptSegment): string {
  return segment.kind === 'static' ? segment.text : segment.raw;
}

function isSentenceEnd(value: string, index: number): boolean {
  const char = value[index];
  return (char === '.' || char === '!' || char === '?') && (index + 1 === value.length || /\s/.test(value[index + 1]));
}

/**
 * How many characters at the end of `text` `blank` accepts, read backwards: `/\s*$/` and `/[ \t]*$/` try every position of
 * the text (a prompt file's message is the whole file; issue 16).
 */
function trailingRunLength(text: string, blank: (code: number) => boolean): number {
  let start = text.length;
  while (start > 0 && blank(text.charCodeAt(start - 1))) start--;
  return text.length - start;
}

/** Start of the sentence that ends `before` (after the last line break or sentence end and its spaces). */
function sentenceStartIn(before: string): number | null {
  for (let index = before.length - 1; index >= 0; index--) {
    const char = before[index];
    if (char === '\n' || char === '\r') return index + 1;
    if (isSentenceEnd(before, index)) {
      let start = index + 1;
      while (start < before.length && (before[start] === ' ' || before[start] === '\t')) start++;
      return start;
    }
  }
  return null;
}

/**
 * The fix, or undefined when the move is not mechanical. It is offered only when the placeholder's sentence lies
 * in one string literal (or prompt-file message) whose source reads exactly as the text sent — contiguous spans,
 * no escapes or concatenation between the sentence and the message end — so the edit cannot change meaning.
 */
export function moveDynamicSentenceFix(documentText: string, message: PromptMessage, segmentIndex: number): Fix | undefined {
  const segments = message.segments;
  const dynamic = segments[segmentIndex];
  if (!dynamic || dynamic.kind !== 'dynamic' || dynamic.control || !dynamic.span) return undefined;
  if (segments.slice(0, segmentIndex).some((segment) => segment.kind !== 'static')) return undefined;
  const after = segments[segmentIndex + 1];
  if (!after || after.kind !== 'static' || !after.span) return undefined;

  // From the placeholder to the message end, the source must be exactly the segments' text, back to back.
  let cursor = dynamic.span.start;
  for (const segment of segments.slice(segmentIndex)) {
    if (!segment.span || segment.span.start !== cursor || (segment.kind === 'dynamic' && segment.control)) return undefined;
    if (!sourceMatches(documentText, segment.span.start, segmentSource(segment)) || segment.span.end - segment.span.start !== segmentSource(segment).length) return undefined;
    cursor = segment.span.end;
  }

  // The sentence's start: in the static text just before the placeholder, or the message start.
  const before = segmentIndex > 0 ? segments[segmentIndex - 1] : undefined;
  let prefix = '';
  let startsLine = true;
  let precedingSpaces = '';
  if (before) {
    if (before.kind !== 'static' || !before.span || before.span.end !== dynamic.span.start) return undefined;
    const start = sentenceStartIn(before.text) ?? (segmentIndex === 1 ? 0 : null);
    if (start === null) return undefined;
    prefix = before.text.slice(start);
    const preceding = before.text.slice(0, start);
    const lastCode = preceding.charCodeAt(preceding.length - 1);
    startsLine = start === 0 || lastCode === 10 || lastCode === 13;
    precedingSpaces = preceding.slice(preceding.length - trailingRunLength(preceding, isSpaceOrTab));
    if (!sourceMatches(documentText, before.span.end - prefix.length - precedingSpaces.length, precedingSpaces + prefix)) return undefined;
  }

  // The sentence's end in the static text after the placeholder: a sentence mark, or the end of the line.
  const tail = after.text;
  let coreEnd = -1;
  for (let index = 0; index < tail.length; index++) {
    if (tail[index] === '\n' || tail[index] === '\r') {
      coreEnd = index;
      break;
    }
    if (isSentenceEnd(tail, index)) {
      coreEnd = index + 1;
      break;
    }
  }
  if (coreEnd === -1) return undefined;
  let spacesEnd = coreEnd;
  while (spacesEnd < tail.length && (tail[spacesEnd] === ' ' || tail[spacesEnd] === '\t')) spacesEnd++;
  const newline = /^(\r\n|\n|\r)/.exec(tail.slice(spacesEnd))?.[0] ?? '';
  const endsLine = newline.length > 0;
  const moved = prefix + dynamic.raw + tail.slice(0, coreEnd);
  if (moved.length > MAX_MOVED_LENGTH || /[\r\n]/.test(moved)) return undefined;

  // A whole line goes with its line break; a sentence ending a line takes the spaces before it instead, so the
  // line break stays; a sentence inside a line takes the spaces after it.
  let removeStart = dynamic.span.start - prefix.length;
  let removeEnd = after.span.start + spacesEnd;
  if (startsLine && endsLine) removeEnd += newline.length;
  else if (endsLine) {
    removeStart -= precedingSpaces.length;
    removeEnd = after.span.start + coreEnd;
  }

  // Insert after the message's last non-blank character, on a new line when the sentence was a line of its own.
  const last = segments[segments.length - 1];
  if (last.kind !== 'static' || !last.span) return undefined;
  const insertAt = last.span.end - trailingRunLength(last.text, isWhitespace);
  if (insertAt <= removeEnd) return undefined; // nothing static follows the sentence: moving it gains nothing
  const lineBreak = newline || (/\r\n/.test(documentText.slice(dynamic.span.start, last.span.end)) ? '\r\n' : '\n');
  const separator = startsLine && endsLine ? lineBreak : ' ';
  const removal: Span = { start: removeStart, end: removeEnd };
  return {
    title: `Move "${moved}" to the end of the message`,
    edits: [
      { span: removal, newText: '' },
      { span: { start: insertAt, end: insertAt }, newText: separator + moved },
    ],
    preferred: true,
  };
}
