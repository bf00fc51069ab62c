// Prompt files sent as one `user` message: VS Code `.prompt.md`, Jinja/Handlebars/Mustache templates,
// and plain `.txt`/`.md` prompts.

import type { PromptMessage, PromptSegment, ScanProblem, ScanResult, Span } from '../../types';
import { plainPromptRole, templateEngineOf } from '../promptFileKinds';
import { firstContentLineStart, promptFileSite, providerOfModelName, unclosedTagProblems } from './common';
import { templateSegments, type TemplateEngine } from './templateText';
import { isSeq, mapKeys, nodeAt, nodeSpan, parseYamlRange, splitFrontMatter, stringValue } from './yamlSource';

/** The body sent as one user message; its span starts on the first line with text (where a lens belongs). */
function userMessage(text: string, segments: PromptSegment[], bodyStart: number, role: 'system' | 'user' = 'user'): PromptMessage {
  return { role, segments, span: { start: firstContentLineStart(text, bodyStart), end: text.length } };
}

/** VS Code prompt file: optional front matter, then a body sent as the user's message. */
export function scanVscodePrompt(file: string, text: string, contentStart: number): ScanResult {
  const split = splitFrontMatter(file, text, contentStart);
  const problems: ScanProblem[] = [...split.problems];
  let root: unknown = null;
  let base = 0;
  if (split.yaml) {
    const parsed = parseYamlRange(file, text, split.yaml.start, split.yaml.end);
    // A loop, not push(...): front matter can hold more YAML problems than a call takes arguments.
    for (const problem of parsed.problems) problems.push(problem);
    root = parsed.doc.contents;
    base = parsed.base;
  }
  const segments = templateSegments(text.slice(split.bodyStart), split.bodyStart, 'vscode-prompt');
  const messages = [userMessage(text, segments, split.bodyStart)];

  // `model` names a model from the chat picker (`GPT-4.1`, `Claude Sonnet 4`); a list gives fallbacks in order.
  let modelNode = nodeAt(root, 'model');
  if (isSeq(modelNode)) modelNode = modelNode.items[0] as typeof modelNode;
  const model = stringValue(modelNode)?.trim() || null;

  const details: Record<string, unknown> = { format: 'vscode-prompt', frontMatterKeys: mapKeys(root), capSupported: false };
  for (const key of ['description', 'mode', 'agent', 'name']) {
    const value = stringValue(nodeAt(root, key));
    if (value !== undefined) details[key] = value;
  }
  const tools = nodeAt(root, 'tools');
  if (isSeq(tools)) details.tools = tools.items.flatMap((item) => (stringValue(item) !== undefined ? [stringValue(item) as string] : []));

  const site = promptFileSite(file, text, contentStart, {
    provider: model ? providerOfModelName(model) : null,
    api: 'vscode-prompt',
    model,
    modelSpan: modelNode ? nodeSpan(modelNode, base, text) : undefined,
    maxOutputTokens: null,
    messages,
    details,
  });
  return { sites: [site], problems };
}

/** A template or plain prompt: the whole text is one message (`system` for system-prompt file names, else `user`). */
export function scanTextPrompt(file: string, text: string, contentStart: number, kind: 'template' | 'plain'): ScanResult {
  const engine: TemplateEngine = kind === 'plain' ? 'plain' : (templateEngineOf(file) ?? 'jinja');
  const unclosedTags: Span[] = [];
  const segments = templateSegments(text.slice(contentStart), contentStart, engine, { unclosedTags });
  // Plain files mix `{name}` fields with literal braces, so a lone `{{` there is text, not a broken tag.
  const problems = kind === 'template' ? unclosedTagProblems(file, text, unclosedTags) : [];
  const details: Record<string, unknown> = { format: kind, capSupported: false };
  if (kind === 'template') details.engine = engine;
  const site = promptFileSite(file, text, contentStart, {
    provider: null,
    api: kind,
    model: null,
    maxOutputTokens: null,
    messages: [userMessage(text, segments, contentStart, kind === 'plain' ? plainPromptRole(file) : 'user')],
    details,
  });
  return { sites: [site], problems };
}
