// `.prompty`: YAML front matter (model, cap, template engine, inputs) and a templated body split into
// messages at role lines, following Prompty's chat parser.

import type { Node } from 'yaml';
import type { OutputCap, PromptMessage, ScanProblem, ScanResult, Span } from '../../types';
import { isRuntimeReference, promptFileSite, providerOfModelName, unclosedTagProblems } from './common';
import { templateSegments, type TemplateEngine } from './templateText';
import { hasKey, isMap, isScalar, lineAt, mapKeys, nodeAt, nodeSpan, parseYamlRange, sampleStrings, splitFrontMatter, stringValue } from './yamlSource';

/**
 * Prompty's role boundary: a line holding only a role name and a colon, optionally `# ` before it and
 * `[key="value"]` attributes after it. Text before the first boundary is a `system` message.
 */
const ROLE_LINE = /^#?\s*(system|user|assistant|developer|tool|function)(\[[^\]\r\n]*\])?\s*:$/i;
const MAX_ROLE_LINE_CHARS = 400;

interface Chunk {
  role: string;
  /** The role line without its line break; null for the implicit system message. */
  roleLine: Span | null;
  /** Source of the content lines, from after the role line to the next role line. */
  content: Span;
}

function splitChunks(text: string, bodyStart: number): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { role: 'system', roleLine: null, content: { start: bodyStart, end: bodyStart } };
  let hasLines = false;
  const flush = (end: number): void => {
    current.content.end = end;
    // Prompty emits a message for any collected line; a blank preamble before the first role line is not content.
    const blankPreamble = current.roleLine === null && text.slice(current.content.start, end).trim() === '';
    if (hasLines && !blankPreamble) chunks.push(current);
  };
  for (let line = lineAt(text, bodyStart); line.start < text.length; line = lineAt(text, line.next)) {
    const lineText = text.slice(line.start, line.end);
    const trimmed = lineText.trim();
    const match = trimmed.length <= MAX_ROLE_LINE_CHARS ? ROLE_LINE.exec(trimmed) : null;
    if (match) {
      flush(line.start);
      const indent = lineText.length - lineText.trimStart().length;
      current = { role: match[1].toLowerCase(), roleLine: { start: line.start + indent, end: line.end }, content: { start: line.next, end: line.next } };
      hasLines = false;
    } else {
      hasLines = true;
    }
    if (line.next <= line.start) break;
  }
  flush(text.length);
  return chunks;
}

/**
 * Where the body evidently starts when the front matter is never closed: the first unindented role line
 * (an indented `user:` is more likely a YAML key). Null when there is none.
 */
function firstRoleLineStart(text: string, from: number): number | null {
  for (let line = lineAt(text, from); line.start < text.length; line = lineAt(text, line.next)) {
    const lineText = text.slice(line.start, line.end);
    if (lineText.length <= MAX_ROLE_LINE_CHARS && !/^\s/.test(lineText) && ROLE_LINE.test(lineText.trimEnd())) return line.start;
    if (line.next <= line.start) break;
  }
  return null;
}

function engineOf(templateNode: Node | undefined, problems: ScanProblem[], file: string, text: string, base: number): { engine: TemplateEngine; asWritten: string } {
  const asWritten =
    stringValue(templateNode) ??
    stringValue(nodeAt(templateNode, 'format')) ??
    stringValue(nodeAt(templateNode, 'format', 'kind')) ??
    stringValue(nodeAt(templateNode, 'type')) ??
    'jinja2';
  const name = asWritten.toLowerCase();
  if (name === 'jinja2' || name === 'jinja' || name === 'nunjucks') return { engine: 'jinja', asWritten };
  if (name === 'mustache') return { engine: 'mustache', asWritten };
  if (name === 'handlebars') return { engine: 'handlebars', asWritten };
  problems.push({
    file,
    severity: 'information',
    message: `Unknown Prompty template format "${asWritten}"; placeholders are read as Jinja2.`,
    span: templateNode ? nodeSpan(templateNode, base, text) : undefined,
  });
  return { engine: 'jinja', asWritten };
}

/** Maps a Prompty provider or connection type to the provider whose prices apply. */
function providerOf(asWritten: string | undefined, model: string | null): string | null {
  if (!asWritten) return model ? providerOfModelName(model) : null;
  const name = asWritten.toLowerCase();
  // Azure OpenAI deployments are billed at the OpenAI model's prices.
  if (name === 'openai' || name === 'azure' || name === 'azure_openai' || name === 'azureopenai') return 'openai';
  if (name === 'serverless' || name === 'azure_serverless' || name === 'foundry' || name === 'azure_ai') return model ? providerOfModelName(model) : null;
  return name;
}

function capOf(node: Node | undefined, parameter: string, file: string, text: string, base: number, problems: ScanProblem[]): OutputCap {
  if (!node || !isScalar(node) || node.value === null) return null;
  const value = node.value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    if (isRuntimeReference(value)) return 'non-literal';
    // A digit string too long for an exact number (400 digits) is no usable cap.
    if (/^\s*\d+\s*$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  }
  problems.push({ file, severity: 'warning', message: `\`${parameter}\` is not a whole number of tokens, so the output is not capped.`, span: nodeSpan(node, base, text) });
  return null;
}

export function scanPrompty(file: string, text: string, contentStart: number): ScanResult {
  const split = splitFrontMatter(file, text, contentStart, (from) => firstRoleLineStart(text, from));
  const problems: ScanProblem[] = [...split.problems];
  let root: unknown = null;
  let base = 0;
  if (split.yaml) {
    const parsed = parseYamlRange(file, text, split.yaml.start, split.yaml.end);
    base = parsed.base;
    if (!split.unclosed) {
      // A loop, not push(...): front matter can hold more YAML problems than a call takes arguments.
      for (const problem of parsed.problems) problems.push(problem);
      root = parsed.doc.contents;
      if (root !== null && !isMap(root) && parsed.problems.length === 0) {
        problems.push({ file, severity: 'error', message: 'Prompty front matter must be a YAML mapping.', span: split.yaml });
      }
    } else if (parsed.problems.length === 0 && isMap(parsed.doc.contents)) {
      // Unclosed front matter: its settings are used only when they read cleanly; the missing fence is the one problem.
      root = parsed.doc.contents;
    }
  }

  const modelNode = nodeAt(root, 'model');
  const modelIsV2 = hasKey(modelNode, 'id') || hasKey(modelNode, 'provider') || hasKey(modelNode, 'options') || hasKey(modelNode, 'apiType') || hasKey(modelNode, 'connection');
  let idNode: Node | undefined;
  let providerAsWritten: string | undefined;
  let capNode: Node | undefined;
  let capParameter: string | undefined;
  if (isScalar(modelNode)) {
    idNode = modelNode;
  } else if (modelIsV2) {
    idNode = nodeAt(modelNode, 'id');
    providerAsWritten = stringValue(nodeAt(modelNode, 'provider'));
    capNode = nodeAt(modelNode, 'options', 'maxOutputTokens');
    if (capNode) capParameter = 'maxOutputTokens';
  } else if (modelNode) {
    const configuration = nodeAt(modelNode, 'configuration');
    idNode = nodeAt(configuration, 'azure_deployment') ?? nodeAt(configuration, 'name') ?? nodeAt(configuration, 'model');
    providerAsWritten = stringValue(nodeAt(configuration, 'type'));
    for (const parameter of ['max_completion_tokens', 'max_tokens']) {
      capNode = nodeAt(modelNode, 'parameters', parameter);
      if (capNode) {
        capParameter = parameter;
        break;
      }
    }
  }

  let model: string | null = null;
  let modelExpression: string | undefined;
  const modelValue = stringValue(idNode);
  if (modelValue !== undefined) {
    if (isRuntimeReference(modelValue)) modelExpression = modelValue.trim();
    else if (modelValue.trim() !== '') model = modelValue.trim();
  }

  const { engine, asWritten: templateFormat } = engineOf(nodeAt(root, 'template'), problems, file, text, base);
  const unclosedTags: Span[] = [];
  const messages: PromptMessage[] = splitChunks(text, split.bodyStart).map((chunk) => {
    const segments = templateSegments(text.slice(chunk.content.start, chunk.content.end), chunk.content.start, engine, { trimEdgeChars: '\r\n', unclosedTags });
    const spanned = segments.filter((segment) => segment.span);
    const start = chunk.roleLine?.start ?? spanned[0]?.span?.start ?? chunk.content.start;
    const end = spanned.length > 0 ? spanned.reduce((latest, segment) => Math.max(latest, segment.span!.end), start) : chunk.roleLine?.end ?? start;
    return { role: chunk.role, segments, span: { start, end } };
  });
  for (const problem of unclosedTagProblems(file, text, unclosedTags)) problems.push(problem);

  const inputs = nodeAt(root, 'inputs');
  const sampleValues: Record<string, string> = { ...sampleStrings(nodeAt(root, 'sample')) };
  if (isMap(inputs)) {
    for (const name of mapKeys(inputs)) {
      const input = nodeAt(inputs, name);
      const example = stringValue(nodeAt(input, 'sample')) ?? stringValue(nodeAt(input, 'default')) ?? (isScalar(input) && input.value !== null ? String(input.value) : undefined);
      if (example !== undefined && !Object.hasOwn(sampleValues, name)) sampleValues[name] = example;
    }
  }

  const details: Record<string, unknown> = {
    format: 'prompty',
    promptyVersion: modelIsV2 ? 2 : 1,
    frontMatterKeys: mapKeys(root),
    templateEngine: templateFormat,
    capSupported: true,
    // Where a cap belongs when it is missing (the key a fix would add).
    capPath: modelIsV2 ? 'model.options.maxOutputTokens' : `model.parameters.${capParameter ?? 'max_tokens'}`,
    sampleValues,
  };
  const name = stringValue(nodeAt(root, 'name'));
  if (name !== undefined) details.name = name;
  if (providerAsWritten !== undefined) details.providerAsWritten = providerAsWritten;
  const apiType = stringValue(nodeAt(modelNode, modelIsV2 ? 'apiType' : 'api'));
  if (apiType !== undefined) details.apiType = apiType;

  const site = promptFileSite(file, text, contentStart, {
    provider: providerOf(providerAsWritten, model),
    api: 'prompty',
    model,
    modelExpression,
    modelSpan: idNode ? nodeSpan(idNode, base, text) : undefined,
    maxOutputTokens: capOf(capNode, capParameter ?? 'max_tokens', file, text, base, problems),
    capParameter,
    capSpan: capNode ? nodeSpan(capNode, base, text) : undefined,
    messages,
    details,
  });
  return { sites: [site], problems };
}
