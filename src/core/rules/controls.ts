// The controls a linter gives on every finding, as plain edits: a suppression comment in the file's own comment syntax
// (on the line before, or for the whole file where a line comment would land inside the prompt text), and a
// `.promptcost.yaml` that turns the rule off.
import { isMap, isScalar } from 'yaml';
import { parseYamlBounded } from '../yamlLimits';
import type { Fix, PromptSite, Span, TextEdit } from '../types';
import { frontMatterRange, lineEndAt } from './ruleSupport';

/** Line-comment opener per file extension, for files whose comments are never sent to a model. */
const LINE_COMMENTS: Array<{ pattern: RegExp; opener: string }> = [
  { pattern: /\.(?:py|pyi|rb)$/i, opener: '#' },
  { pattern: /\.prompt\.ya?ml$|_prompt\.ya?ml$/i, opener: '#' },
  { pattern: /\.(?:[cm]?[jt]sx?|go|java|cs)$/i, opener: '//' },
];
/** Prompt files whose YAML front matter takes `prompt-cost-ignore: [rule]` (their body is prompt text). */
const FRONT_MATTER_FILES = /\.prompty$|\.prompt\.md$/i;

/**
 * "Suppress `rule` for this line" (a `prompt-cost-ignore-next-line` comment on its own line before the finding), or
 * "Suppress `rule` in this file" where that line sits inside a prompt literal (a comment there would be sent as
 * prompt text) or the format has no comment outside the prompt. Undefined for plain prompt text and templates, where
 * every line is sent.
 */
export function suppressionFix(text: string, file: string, span: Span, ruleId: string, sites: readonly PromptSite[]): Fix | undefined {
  if (FRONT_MATTER_FILES.test(file)) return frontMatterSuppression(text, ruleId);
  const opener = LINE_COMMENTS.find((entry) => entry.pattern.test(file))?.opener;
  if (!opener) return undefined;
  const lineStart = text.lastIndexOf('\n', Math.max(0, span.start - 1)) + 1;
  const previousLineEnd = lineStart - 1;
  const previous = previousLineEnd > 0 ? text.slice(text.lastIndexOf('\n', previousLineEnd - 1) + 1, previousLineEnd).replace(/\r$/, '') : '';
  const insideLiteral = sites.some((site) => site.messages.some((message) => message.segments.some((segment) => segment.span && segment.span.start < lineStart && lineStart < segment.span.end)));
  if (!insideLiteral && !previous.endsWith('\\')) {
    const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEndAt(text, lineStart)))![0];
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    return { title: `Suppress ${ruleId} for this line`, edits: [{ span: { start: lineStart, end: lineStart }, newText: `${indent}${opener} prompt-cost-ignore-next-line ${ruleId}${newline}` }] };
  }
  return fileSuppression(text, opener, ruleId);
}

/** `# prompt-cost-ignore rule` at the top, after a shebang or a Python encoding line. */
function fileSuppression(text: string, opener: string, ruleId: string): Fix {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  for (let kept = 0; kept < 2; kept++) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end);
    if (!(line.startsWith('#!') || /^#.*coding[:=]/.test(line)) || end < 0) break;
    at = end + 1;
  }
  return { title: `Suppress ${ruleId} in this file`, edits: [{ span: { start: at, end: at }, newText: `${opener} prompt-cost-ignore ${ruleId}${newline}` }] };
}

function frontMatterSuppression(text: string, ruleId: string): Fix | undefined {
  const range = frontMatterRange(text);
  if (!range) return undefined;
  const bodyStart = range.start;
  // An existing suppression key would need merging; not offered rather than risk a duplicate key.
  if (/^(?:prompt-cost-ignore|promptCost)\s*:/m.test(text.slice(range.start, range.end))) return undefined;
  const newline = text.slice(bodyStart - 2, bodyStart) === '\r\n' ? '\r\n' : '\n';
  return { title: `Suppress ${ruleId} in this file`, edits: [{ span: { start: bodyStart, end: bodyStart }, newText: `prompt-cost-ignore: [${ruleId}]${newline}` }] };
}

/**
 * The edit to `.promptcost.yaml` that sets `rules.<ruleId>: off`, touching nothing else in the file (its comments,
 * spacing and flow lists stay as written): the rule's value is replaced, or a line is added to the block `rules:` map,
 * or a `rules:` block is appended. `configText` undefined = no file yet (the whole text to create). Undefined when the
 * file is not valid YAML, its top level is not a map, or `rules` is not a block map.
 */
export function disableRuleInConfig(configText: string | undefined, ruleId: string): { edits: TextEdit[]; text: string } | undefined {
  if (configText === undefined) return { edits: [], text: `rules:\n  ${ruleId}: off\n` };
  const document = parseYamlBounded(configText, { prettyErrors: false });
  if (document.errors.length > 0 || (document.contents !== null && !isMap(document.contents))) return undefined;
  const newline = configText.includes('\r\n') ? '\r\n' : '\n';
  const rules = document.get('rules', true) as unknown;
  let edit: TextEdit;
  if (rules === undefined || rules === null || (isScalar(rules) && rules.value === null)) {
    if (rules !== undefined && rules !== null) return undefined;
    const separator = configText.length === 0 || configText.endsWith('\n') ? '' : newline;
    edit = { span: { start: configText.length, end: configText.length }, newText: `${separator}rules:${newline}  ${ruleId}: off${newline}` };
  } else {
    if (!isMap(rules) || rules.flow) return undefined;
    const pair = rules.items.find((item) => isScalar(item.key) && item.key.value === ruleId);
    if (pair) {
      if (!isScalar(pair.value) || !pair.value.range) return undefined;
      edit = { span: { start: pair.value.range[0], end: pair.value.range[1] }, newText: 'off' };
    } else {
      const last = rules.items[rules.items.length - 1];
      const key = last && isScalar(last.key) ? last.key : undefined;
      if (!key?.range || !rules.range) return undefined;
      const indent = key.range[0] - (configText.lastIndexOf('\n', key.range[0] - 1) + 1);
      // After the map's last line (its value may end before the line break or comment).
      const end = lineEndAt(configText, rules.range[1] > 0 ? rules.range[1] - 1 : 0);
      const at = end < configText.length ? end + (configText.startsWith('\r\n', end) ? 2 : 1) : end;
      const lead = at === configText.length && !configText.endsWith('\n') ? newline : '';
      edit = { span: { start: at, end: at }, newText: `${lead}${' '.repeat(indent)}${ruleId}: off${newline}` };
    }
  }
  return { edits: [edit], text: configText.slice(0, edit.span.start) + edit.newText + configText.slice(edit.span.end) };
}
