// GitHub Models `.prompt.yml`: `model`, `modelParameters.maxTokens`, `messages: [{ role, content }]`,
// `testData`, `evaluators`. Only `{{name}}` is substituted.

import { isAlias, type Node } from 'yaml';
import { YAML_LIMITS } from '../../yamlLimits';
import type { OutputCap, PromptMessage, ScanProblem, ScanResult, Span } from '../../types';
import { promptFileSite } from './common';
import { isMap, isScalar, isSeq, mapKeys, nodeAt, nodeSpan, parseYamlRange, sampleStrings, scalarSegments, stringValue } from './yamlSource';

/** GitHub Models publisher prefixes, mapped to the provider ids the catalog uses. */
const PUBLISHER_PROVIDERS: ReadonlyMap<string, string> = new Map([
  ['openai', 'openai'],
  ['azure-openai', 'openai'],
  ['meta', 'meta'],
  ['microsoft', 'microsoft'],
  ['mistral-ai', 'mistral'],
  ['mistralai', 'mistral'],
  ['deepseek', 'deepseek'],
  ['xai', 'xai'],
  ['cohere', 'cohere'],
  ['ai21-labs', 'ai21'],
  ['anthropic', 'anthropic'],
  ['google', 'google'],
]);

function providerOfModel(model: string): string | null {
  const slash = model.indexOf('/');
  if (slash <= 0) return null;
  const publisher = model.slice(0, slash).toLowerCase();
  return PUBLISHER_PROVIDERS.get(publisher) ?? publisher;
}

/** A `- ` list item: from its dash through the end of its value. */
function listItemSpan(item: Node, base: number, text: string): Span {
  const value = nodeSpan(item, base, text);
  let start = value.start;
  let probe = start - 1;
  while (probe >= 0 && (text[probe] === ' ' || text[probe] === '\t')) probe--;
  if (probe >= 0 && text[probe] === '-') start = probe;
  return { start, end: value.end };
}

function capOf(node: Node | undefined, file: string, text: string, base: number, problems: ScanProblem[]): OutputCap {
  if (!node || !isScalar(node) || node.value === null) return null;
  if (typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 0) return node.value;
  problems.push({ file, severity: 'warning', message: '`modelParameters.maxTokens` is not a whole number of tokens, so the output is not capped.', span: nodeSpan(node, base, text) });
  return null;
}

/** Input values of a test case: every string field except the expected output. */
function sampleInputs(testCase: unknown): Record<string, string> {
  const { expected: _expected, ...inputs } = sampleStrings(testCase);
  return inputs;
}

export function scanGithubModelsPrompt(file: string, text: string, contentStart: number): ScanResult {
  const parsed = parseYamlRange(file, text, contentStart, text.length);
  const problems: ScanProblem[] = [...parsed.problems];
  const { base } = parsed;
  const root = parsed.doc.contents;
  if (root !== null && !isMap(root) && parsed.problems.length === 0) {
    problems.push({ file, severity: 'error', message: 'A GitHub Models prompt file must be a YAML mapping.', span: nodeSpan(root, base, text) });
  }

  const modelNode = nodeAt(root, 'model');
  const modelValue = stringValue(modelNode)?.trim();
  const model = modelValue ? modelValue : null;
  const capNode = nodeAt(root, 'modelParameters', 'maxTokens');

  const messages: PromptMessage[] = [];
  const messagesNode = nodeAt(root, 'messages');
  if (isSeq(messagesNode)) {
    let aliasesExpanded = 0;
    for (const written of messagesNode.items) {
      // `- *base` reuses an anchored message: read the anchored map, locate the message at the alias. Each
      // expansion re-reads the anchored text, so expansions share the parser's alias budget: `[*m, *m, …]` cannot
      // turn a small file into gigabytes of prompt.
      if (isAlias(written) && ++aliasesExpanded > YAML_LIMITS.maxAliases) {
        problems.push({ file, severity: 'warning', message: `More than ${YAML_LIMITS.maxAliases} messages are aliases (*name): the rest are not read.`, span: nodeSpan(written, base, text) });
        break;
      }
      const item = isAlias(written) ? written.resolve(parsed.doc) : written;
      if (!isMap(item)) continue;
      const role = stringValue(nodeAt(item, 'role'))?.trim().toLowerCase() ?? 'user';
      const content = nodeAt(item, 'content');
      const segments = content ? scalarSegments(content, base, text, 'github-models') : [];
      messages.push({ role, segments, span: listItemSpan(written as Node, base, text) });
    }
  } else if (parsed.problems.length === 0) {
    problems.push({
      file,
      severity: 'warning',
      message: 'No `messages` list: the file defines no prompt to send.',
      span: messagesNode ? nodeSpan(messagesNode, base, text) : undefined,
    });
  }

  const testData = nodeAt(root, 'testData');
  const evaluators = nodeAt(root, 'evaluators');
  const details: Record<string, unknown> = {
    format: 'github-models',
    topLevelKeys: mapKeys(root),
    capSupported: true,
    capPath: 'modelParameters.maxTokens',
    testDataCount: isSeq(testData) ? testData.items.length : 0,
    evaluatorCount: isSeq(evaluators) ? evaluators.items.length : 0,
    sampleValues: isSeq(testData) ? sampleInputs(testData.items[0]) : {},
  };
  const name = stringValue(nodeAt(root, 'name'));
  if (name !== undefined) details.name = name;
  for (const parameter of ['temperature', 'topP']) {
    const value = nodeAt(root, 'modelParameters', parameter);
    if (isScalar(value) && typeof value.value === 'number') details[parameter] = value.value;
  }

  const site = promptFileSite(file, text, contentStart, {
    provider: model ? providerOfModel(model) : null,
    api: 'github-models',
    model,
    modelSpan: modelNode ? nodeSpan(modelNode, base, text) : undefined,
    maxOutputTokens: capOf(capNode, file, text, base, problems),
    capParameter: capNode ? 'maxTokens' : undefined,
    capSpan: capNode ? nodeSpan(capNode, base, text) : undefined,
    messages,
    details,
  });
  return { sites: [site], problems };
}
