// Reads the suppressions a document declares: `prompt-cost-ignore[-next-line] [rule, …]` comments and prompt-file front matter.
import { CODE_COMMENT_OPENERS } from '../languages';
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { parseYamlBounded } from '../yamlLimits';
import type { LineIndex } from '../lineIndex';
import { frontMatterRange, lineEndAt } from './ruleSupport';

/** Rule ids a directive names; `all` when it names none. */
export type SuppressedRules = 'all' | ReadonlySet<string>;

export interface Suppressions {
  /** Rules suppressed in the whole file. */
  file: SuppressedRules | null;
  /** 0-based line → rules suppressed on that line (the line after the directive). */
  lines: ReadonlyMap<number, SuppressedRules>;
}

const DIRECTIVE = /prompt-cost-ignore(-next-line)?(?![\w-])/g;
// Rule ids after the directive: `a-b`, `a-b, c-d`, `a-b c-d`. Ids are kebab-case with at least one hyphen, so a
// following reason in plain words ("because …") or a comment closer ends the list instead of being read as an id.
const RULE_LIST = /^[ \t]*:?[ \t]*([a-z][a-z0-9]*(?:-[a-z0-9]+)+(?:[ \t]*,?[ \t]*[a-z][a-z0-9]*(?:-[a-z0-9]+)+)*)/;
// Comment openers of the code languages we scan (the language table), then of prompt files: YAML, HTML/Markdown, Jinja, Handlebars.
const COMMENT_OPENERS = [...new Set([...CODE_COMMENT_OPENERS, '#', '<!--', '{#', '{{!'])];
/** Directives further into a line than this are ignored: a minified or data line is not a comment. */
const MAX_DIRECTIVE_COLUMN = 400;

export function parseSuppressions(text: string, lineIndex: LineIndex): Suppressions {
  let file: SuppressedRules | null = null;
  const lines = new Map<number, SuppressedRules>();
  const addFileRules = (rules: SuppressedRules) => {
    file = mergeRules(file, rules);
  };

  if (text.includes('prompt-cost-ignore')) {
    DIRECTIVE.lastIndex = 0;
    for (let match = DIRECTIVE.exec(text); match; match = DIRECTIVE.exec(text)) {
      const position = lineIndex.positionAt(match.index);
      if (position.column > MAX_DIRECTIVE_COLUMN) continue;
      const lineStart = match.index - position.column;
      if (!isInComment(text, lineStart, match.index)) continue;
      const rest = text.slice(match.index + match[0].length, lineEndAt(text, match.index));
      const rules = parseRuleList(rest);
      if (match[1]) {
        const target = position.line + 1;
        lines.set(target, mergeRules(lines.get(target) ?? null, rules));
      } else addFileRules(rules);
    }
  }

  const frontMatterRules = frontMatterSuppressions(text);
  if (frontMatterRules) addFileRules(frontMatterRules);
  return { file, lines };
}

export function isSuppressed(suppressions: Suppressions, ruleId: string, line: number): boolean {
  return covers(suppressions.file, ruleId) || covers(suppressions.lines.get(line) ?? null, ruleId);
}

function covers(rules: SuppressedRules | null, ruleId: string): boolean {
  if (rules === null) return false;
  return rules === 'all' || rules.has(ruleId);
}

function mergeRules(current: SuppressedRules | null, added: SuppressedRules): SuppressedRules {
  if (current === 'all' || added === 'all') return 'all';
  if (current === null) return added;
  return new Set([...current, ...added]);
}

function parseRuleList(rest: string): SuppressedRules {
  const match = RULE_LIST.exec(rest);
  if (!match) return 'all';
  const ids = match[1].split(/[\s,]+/).filter((id) => id.length > 0);
  return ids.length > 0 ? new Set(ids) : 'all';
}

/**
 * A directive counts when a comment opener precedes it on its line, or its line continues a block
 * comment (` * …`). Plain prose that mentions the directive is not a suppression.
 */
function isInComment(text: string, lineStart: number, directiveStart: number): boolean {
  const before = text.slice(lineStart, directiveStart);
  if (COMMENT_OPENERS.some((opener) => before.includes(opener))) return true;
  return /^\s*\*/.test(before);
}

/** `promptCost: { ignore: [...] }` or `prompt-cost-ignore: [...]` in `---` front matter at the top of the file (where the scanner reads it). */
function frontMatterSuppressions(text: string): SuppressedRules | null {
  const range = frontMatterRange(text);
  if (!range) return null;
  const frontMatter = text.slice(range.start, range.end);
  if (!frontMatter.includes('promptCost') && !frontMatter.includes('prompt-cost-ignore')) return null;
  try {
    const document = parseYamlBounded(frontMatter, { prettyErrors: false });
    if (document.errors.length > 0 || !isMap(document.contents)) return null;
    let rules: SuppressedRules | null = null;
    for (const pair of document.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      let value: YamlNode | null = null;
      if (key === 'prompt-cost-ignore') value = pair.value as YamlNode | null;
      else if (key === 'promptCost' && isMap(pair.value)) {
        const ignore = pair.value.items.find((item) => isScalar(item.key) && item.key.value === 'ignore');
        value = (ignore?.value ?? null) as YamlNode | null;
      }
      if (key === 'prompt-cost-ignore' || value !== null) {
        const listed = ruleIdsOf(value);
        if (listed) rules = mergeRules(rules, listed);
      }
    }
    return rules;
  } catch {
    // Unparseable front matter suppresses nothing; the scanner reports the YAML problem itself.
    return null;
  }
}

/** `[a, b]`, `a`, `a, b`, `all`, or an empty value (= all rules). */
function ruleIdsOf(node: YamlNode | null): SuppressedRules | null {
  if (node === null || (isScalar(node) && (node.value === null || node.value === true))) return 'all';
  if (isScalar(node) && typeof node.value === 'string') {
    const ids = node.value.split(/[\s,]+/).filter((id) => id.length > 0);
    if (ids.length === 0 || ids.includes('all')) return 'all';
    return new Set(ids);
  }
  if (isSeq(node)) {
    const ids = node.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [item.value.trim()] : []));
    if (ids.includes('all')) return 'all';
    return ids.length > 0 ? new Set(ids) : null;
  }
  return null;
}
