// LangChain serialized prompts (`prompt.save(...)`, read back by `load_prompt`): a YAML or JSON mapping with `_type`
// (`prompt` when absent), `template`, `input_variables` and `template_format`, as langchain_core/prompts/loading.py reads
// it. The file names no model and no cap: the call that formats it decides both.

import type { Node } from 'yaml';
import type { PromptMessage, ScanProblem, ScanResult } from '../../types';
import { promptFileSite } from './common';
import type { TemplateEngine } from './templateText';
import { isMap, isSeq, mapKeys, nodeAt, nodeSpan, parseYamlRange, scalarSegments, stringValue } from './yamlSource';

/**
 * Cheap look at the raw text before any parsing: a LangChain prompt names `_type`, or has both `template` and
 * `input_variables`. Files under prompt-named folders that are neither (configs, data, test expectations) cost nothing.
 */
export function looksLikeLangChainPrompt(text: string): boolean {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  if (/(^|[\s{,])["']?_type["']?\s*:/m.test(head)) return true;
  return /(^|[\s{,])["']?template["']?\s*:/m.test(head) && /(^|[\s{,])["']?input_variables["']?\s*:/m.test(head);
}

/** LangChain `template_format` values and how each is rendered; `jinja2` is refused by the loader since 0.0.2xx. */
const FORMATS: ReadonlyMap<string, TemplateEngine | 'refused'> = new Map([['f-string', 'f-string'], ['mustache', 'mustache'], ['jinja2', 'refused']]);

/**
 * Scans a LangChain prompt file. A file that is not one (no `_type`/`template` mapping) yields nothing at all: only
 * its name put it up for reading.
 */
export function scanLangChainPrompt(file: string, text: string, contentStart: number): ScanResult {
  if (!looksLikeLangChainPrompt(text)) return { sites: [], problems: [] };
  const parsed = parseYamlRange(file, text, contentStart, text.length);
  const root = parsed.doc.contents;
  if (!isMap(root)) return { sites: [], problems: [] };
  const typeNode = nodeAt(root, '_type');
  const type = stringValue(typeNode)?.trim() ?? 'prompt';
  if (!nodeAt(root, '_type') && !nodeAt(root, 'template')) return { sites: [], problems: [] };
  // A mapping that is some other LangChain object (`llm`, `output_parser`, a chain) is not a prompt.
  if (type !== 'prompt' && type !== 'chat' && type !== 'few_shot') return { sites: [], problems: [] };
  const problems: ScanProblem[] = [...parsed.problems];
  const { base } = parsed;

  if (type === 'few_shot') {
    problems.push({ file, severity: 'information', message: 'LangChain `few_shot` prompt: its prefix, examples and suffix are assembled at run time and are not counted.', span: typeNode ? nodeSpan(typeNode, base, text) : undefined });
    return { sites: [], problems };
  }

  // `chat` keeps its one template at `messages[0].prompt.template` (ChatPromptTemplate.from_template: one human message).
  const messagesNode = nodeAt(root, 'messages');
  const templateNode = type === 'chat' ? (isSeq(messagesNode) ? nodeAt(messagesNode.items[0], 'prompt', 'template') : undefined) : nodeAt(root, 'template');
  const templatePath = stringValue(nodeAt(root, 'template_path'));
  if (templatePath !== undefined && !templateNode) {
    problems.push({ file, severity: 'information', message: `LangChain prompt whose template is read from \`${templatePath}\`: that file is counted where it is a prompt file, not here.`, span: nodeSpan(nodeAt(root, 'template_path') as Node, base, text) });
    return { sites: [], problems };
  }

  const formatNode = nodeAt(root, 'template_format');
  const formatAsWritten = stringValue(formatNode)?.trim() ?? 'f-string';
  let engine: TemplateEngine = 'f-string';
  const format = FORMATS.get(formatAsWritten);
  if (format === 'refused') {
    problems.push({ file, severity: 'warning', message: '`template_format: jinja2` is refused by LangChain\'s `load_prompt` (it could run code); the template is counted as Jinja2 as written.', span: formatNode ? nodeSpan(formatNode, base, text) : undefined });
    engine = 'jinja';
  } else if (format) {
    engine = format;
  } else {
    problems.push({ file, severity: 'information', message: `Unknown LangChain \`template_format\` "${formatAsWritten}"; placeholders are read as f-string fields.`, span: formatNode ? nodeSpan(formatNode, base, text) : undefined });
  }

  const messages: PromptMessage[] = [];
  if (templateNode && stringValue(templateNode) !== undefined) {
    messages.push({ role: 'user', segments: scalarSegments(templateNode, base, text, engine), span: nodeSpan(templateNode, base, text) });
  } else {
    // Unreadable YAML/JSON already says why; otherwise the missing template is the problem.
    if (parsed.problems.length === 0) problems.push({ file, severity: 'warning', message: 'LangChain prompt without a `template` string: it defines no text to send.', span: typeNode ? nodeSpan(typeNode, base, text) : undefined });
    return { sites: [], problems };
  }

  const inputs = nodeAt(root, 'input_variables');
  const details: Record<string, unknown> = {
    format: 'langchain-prompt',
    langchainType: type,
    templateFormat: formatAsWritten,
    inputVariables: isSeq(inputs) ? inputs.items.flatMap((item) => (stringValue(item) !== undefined ? [stringValue(item) as string] : [])) : [],
    topLevelKeys: mapKeys(root),
    capSupported: false,
  };
  const site = promptFileSite(file, text, contentStart, { provider: null, api: 'langchain-prompt', model: null, maxOutputTokens: null, messages, details });
  return { sites: [site], problems };
}
