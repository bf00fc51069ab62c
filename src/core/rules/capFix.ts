// The "add an output cap" quick fix: the parameter name each SDK and prompt format expects, inserted as a minimal edit.
import { isMap, isScalar, type Pair, type YAMLMap, type Node as YamlNode } from 'yaml';
import { parseYamlForReading } from '../yamlLimits';
import type { Fix, PromptSite, TextEdit } from '../types';
import { shapeForApi } from '../scanning/code/sdks';
import { contains, frontMatterRange, indentationAt, isValidSpan, lineEndAt, lineStartAt, nextLineStart, promptFileFormat, siteSourceLanguage, type SourceLanguage } from './ruleSupport';

/** How a call takes its cap: a top-level argument, or a field of an options argument (`config`, `inferenceConfig`, `options`). */
export type CapPlacement = { kind: 'argument'; name: string } | { kind: 'nested'; container: string; containerAliases: readonly string[]; name: string };

/** The cap parameter a call's SDK expects (from the SDK table), by language; null when we do not know one. */
export function capPlacementFor(site: PromptSite, language: SourceLanguage): CapPlacement | null {
  const shape = shapeForApi(site.api);
  if (shape) {
    const name = shape.capFix?.names[language];
    if (!shape.capFix || !name) return null;
    const { placement, container, containerAliases } = shape.capFix;
    return placement === 'nested' && container ? { kind: 'nested', container, containerAliases: containerAliases ?? [], name } : { kind: 'argument', name };
  }
  // A hand-made site of an API outside the table: Google's config placement when the provider says Gemini.
  const provider = (site.provider ?? '').toLowerCase();
  if (provider === 'google' || provider === 'gemini') return { kind: 'nested', container: 'config', containerAliases: ['generationConfig', 'generation_config'], name: language === 'python' ? 'max_output_tokens' : 'maxOutputTokens' };
  return null;
}

/** Title and edit that add an output cap of `cap` tokens to the site, or undefined when no insertion point is safe. */
export function insertCapFix(text: string, site: PromptSite, cap: number): Fix | undefined {
  try {
    const edit = site.kind === 'prompt-file' ? promptFileCapEdit(text, site, cap) : site.kind === 'call' ? callCapEdit(text, site, cap) : undefined;
    if (!edit) return undefined;
    return { title: `Add ${edit.parameter}: ${cap}`, edits: [edit.edit], preferred: true };
  } catch {
    // A fix is optional: odd source we cannot edit safely simply gets none.
    return undefined;
  }
}

interface CapEdit {
  parameter: string;
  edit: TextEdit;
}

// ---- Code: insert the argument after the model argument. ----

interface ModelArgument {
  keyStart: number;
  valueEnd: number;
  /** `model: x` (JavaScript object, Python dict) or `model=x` (Python keyword argument). */
  style: 'colon' | 'equals' | 'shorthand';
  /** Quote around the key in dict/JSON style (`"model": …`), else ''. */
  keyQuote: string;
}

function callCapEdit(text: string, site: PromptSite, cap: number): CapEdit | undefined {
  const language = siteSourceLanguage(site);
  if (!language || !isValidSpan(text, site.span)) return undefined;
  const placement = capPlacementFor(site, language);
  if (!placement) return undefined;
  const argument = findModelArgument(text, site, language);
  if (!argument) return undefined;
  if (language === 'python' && argument.style === 'colon' && argument.keyQuote === '') return undefined;
  if (language === 'javascript' && argument.style === 'equals') return undefined;

  let entry: string;
  let parameter: string;
  const key = (name: string) => `${argument.keyQuote}${name}${argument.keyQuote}`;
  const assign = argument.style === 'equals' ? '=' : ': ';
  if (placement.kind === 'nested') {
    // An existing options argument would need a nested edit; a second one would override it.
    const containers = [placement.container, ...placement.containerAliases].join('|');
    if (new RegExp(`\\b(?:${containers})["']?\\s*[:=]`).test(text.slice(site.span.start, site.span.end))) return undefined;
    const inner = language === 'python' ? `{"${placement.name}": ${cap}}` : `{ ${placement.name}: ${cap} }`;
    entry = `${key(placement.container)}${assign}${inner}`;
    parameter = `${placement.container}.${placement.name}`;
  } else {
    entry = `${key(placement.name)}${assign}${cap}`;
    parameter = placement.name;
  }

  let cursor = argument.valueEnd;
  while (cursor < text.length && (text[cursor] === ' ' || text[cursor] === '\t')) cursor++;
  const lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
  const keyOwnsLine = text.slice(lineStartAt(text, argument.keyStart), argument.keyStart).trim() === '';
  const indent = indentationAt(text, argument.keyStart);
  if (text[cursor] === ',') {
    const afterComma = text.slice(cursor + 1, lineEndAt(text, cursor));
    const restIsBlank = /^\s*(?:(?:\/\/|#).*)?$/.test(afterComma);
    if (keyOwnsLine && restIsBlank) {
      const at = nextLineStart(text, cursor);
      if (at >= site.span.end) return undefined;
      return { parameter, edit: { span: { start: at, end: at }, newText: `${indent}${entry},${lineBreak}` } };
    }
    return { parameter, edit: { span: { start: cursor + 1, end: cursor + 1 }, newText: ` ${entry},` } };
  }
  let next = cursor;
  while (next < text.length && /\s/.test(text[next])) next++;
  if (text[next] === '}' || text[next] === ')') {
    const closerOnSameLine = lineEndAt(text, argument.valueEnd) > next;
    if (closerOnSameLine) return { parameter, edit: { span: { start: argument.valueEnd, end: argument.valueEnd }, newText: `, ${entry}` } };
    if (!keyOwnsLine) return undefined;
    return { parameter, edit: { span: { start: argument.valueEnd, end: argument.valueEnd }, newText: `,${lineBreak}${indent}${entry}` } };
  }
  return undefined;
}

const MODEL_KEY = /(^|[\s{(,])(["']?)(?:model|modelId|model_id)\2[ \t]*([:=])(?!=)[ \t]*/g;

/** The `model` argument of the call: at the scanner's model span when it lies inside the call, else found by its key. */
function findModelArgument(text: string, site: PromptSite, language: SourceLanguage): ModelArgument | undefined {
  const callText = text.slice(site.span.start, site.span.end);
  if (isValidSpan(text, site.modelSpan) && contains(site.span, site.modelSpan)) {
    const modelSpan = site.modelSpan;
    const before = text.slice(lineStartAt(text, modelSpan.start), modelSpan.start);
    // `model: 'gpt-4o'`, `model="gpt-4o"`, or a provider factory around the id: `model: openai('gpt-4o')`.
    const keyed = /(["']?)(?:model|modelId|model_id)\1[ \t]*([:=])[ \t]*((?:[\w$.]+\()?)$/.exec(before);
    if (keyed && (keyed.index === 0 || /[\s{(,]/.test(before[keyed.index - 1]))) {
      const keyStart = lineStartAt(text, modelSpan.start) + keyed.index;
      const valueStart = modelSpan.start - keyed[3].length;
      return { keyStart, valueEnd: valueEndFrom(text, valueStart, site.span.end), style: keyed[2] === '=' ? 'equals' : 'colon', keyQuote: keyed[1] };
    }
    // `{ model, messages }`: a shorthand property names the variable `model`.
    if (language === 'javascript' && text.slice(modelSpan.start, modelSpan.end) === 'model' && /[{,]\s*$/.test(text.slice(site.span.start, modelSpan.start))) {
      return { keyStart: modelSpan.start, valueEnd: modelSpan.end, style: 'shorthand', keyQuote: '' };
    }
    return undefined;
  }
  MODEL_KEY.lastIndex = 0;
  const match = MODEL_KEY.exec(callText);
  if (!match) return undefined;
  const keyStart = site.span.start + match.index + match[1].length;
  const valueStart = site.span.start + match.index + match[0].length;
  return { keyStart, valueEnd: valueEndFrom(text, valueStart, site.span.end), style: match[3] === '=' ? 'equals' : 'colon', keyQuote: match[2] };
}

/** End of an argument value starting at `start`: the first `,` or closing bracket at depth 0, strings skipped, trailing space trimmed. */
function valueEndFrom(text: string, start: number, limit: number): number {
  let depth = 0;
  let index = start;
  while (index < limit) {
    const char = text[index];
    if (char === '"' || char === "'" || char === '`') {
      index = skipString(text, index, limit);
      continue;
    }
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) break;
      depth--;
    } else if (char === ',' && depth === 0) break;
    else if ((char === '\n' || char === '\r') && depth === 0) break;
    index++;
  }
  while (index > start && /\s/.test(text[index - 1])) index--;
  return index;
}

function skipString(text: string, start: number, limit: number): number {
  const quote = text[start];
  const triple = quote !== '`' && text.startsWith(quote.repeat(3), start);
  let index = start + (triple ? 3 : 1);
  while (index < limit) {
    if (text[index] === '\\') {
      index += 2;
      continue;
    }
    if (triple ? text.startsWith(quote.repeat(3), index) : text[index] === quote) return index + (triple ? 3 : 1);
    if (!triple && quote !== '`' && text[index] === '\n') return index;
    index++;
  }
  return limit;
}

// ---- Prompt files: add the key to the right YAML mapping. ----

function promptFileCapEdit(text: string, site: PromptSite, cap: number): CapEdit | undefined {
  const format = promptFileFormat(site);
  if (format === 'github-models') {
    const root = yamlRoot(text, 0, text.length);
    if (!root) return undefined;
    return githubModelsCapEdit(text, root, cap);
  }
  if (format === 'prompty') {
    const frontMatter = frontMatterRange(text);
    if (!frontMatter) return undefined;
    const root = yamlRoot(text, frontMatter.start, frontMatter.end);
    if (!root) return undefined;
    return promptyCapEdit(text, site, root, cap);
  }
  return undefined;
}

/** `modelParameters.maxTokens` in a GitHub Models `.prompt.yml`, creating `modelParameters:` after `model:` when missing. */
function githubModelsCapEdit(text: string, root: YamlRoot, cap: number): CapEdit | undefined {
  const parameters = root.get('modelParameters');
  if (parameters) {
    if (!isMap(parameters.value) || parameters.value.flow) return undefined;
    const edit = appendToMapping(text, root, parameters.value, 'maxTokens', String(cap));
    return edit && { parameter: 'modelParameters.maxTokens', edit };
  }
  const model = root.get('model');
  const after = model ?? root.lastPair();
  if (!after) return undefined;
  const at = lineAfter(text, root.end(after));
  const indent = root.indentOf(after);
  const step = root.indentStep();
  const lineBreak = lineBreakOf(text);
  const newText = `${indent}modelParameters:${lineBreak}${indent}${step}maxTokens: ${cap}${lineBreak}`;
  return { parameter: 'modelParameters.maxTokens', edit: { span: { start: at.offset, end: at.offset }, newText: at.needsBreak ? lineBreak + newText.slice(0, -lineBreak.length) : newText } };
}

/**
 * Prompty: v1 files (`model.configuration` / `model.parameters`) take `parameters.max_tokens`;
 * v2 files take `options.maxOutputTokens`. The mapping is created at the end of `model:` when missing.
 */
function promptyCapEdit(text: string, site: PromptSite, root: YamlRoot, cap: number): CapEdit | undefined {
  const model = root.get('model');
  if (!model || !isMap(model.value) || model.value.flow) return undefined;
  const modelMap = model.value;
  const child = (name: string) => modelMap.items.find((pair) => isScalar(pair.key) && pair.key.value === name);
  const parameters = child('parameters');
  const options = child('options');
  // The scanner knows the version (`details.promptyVersion` / `capPath`); without it, v1 keys mark a legacy file.
  const version = site.details?.promptyVersion;
  const capPath = site.details?.capPath;
  const legacy =
    version === 1 || capPath === 'model.parameters.max_tokens' || (version !== 2 && (!!parameters || (!options && (!!child('configuration') || !!child('api')))));
  const mappingKey = legacy ? 'parameters' : 'options';
  const capKey = legacy ? 'max_tokens' : 'maxOutputTokens';
  const existing = legacy ? parameters : options;
  if (existing) {
    if (!isMap(existing.value) || existing.value.flow) return undefined;
    const edit = appendToMapping(text, root, existing.value, capKey, String(cap));
    return edit && { parameter: `model.${mappingKey}.${capKey}`, edit };
  }
  const edit = appendToMapping(text, root, modelMap, mappingKey, null, `${capKey}: ${cap}`);
  return edit && { parameter: `model.${mappingKey}.${capKey}`, edit };
}

interface YamlRoot {
  map: YAMLMap;
  base: number;
  get(key: string): Pair<YamlNode, YamlNode | null> | undefined;
  lastPair(): Pair<YamlNode, YamlNode | null> | undefined;
  /** Document offset just past the pair's value. */
  end(pair: Pair<YamlNode, YamlNode | null>): number;
  indentOf(pair: Pair<YamlNode, YamlNode | null>): string;
  /** One level of indentation as the file writes it (first nested mapping's offset), else two spaces. */
  indentStep(): string;
}

function yamlRoot(text: string, start: number, end: number): YamlRoot | undefined {
  const source = text.slice(start, end);
  const document = parseYamlForReading(source);
  if (document.errors.length > 0 || !isMap(document.contents) || document.contents.flow) return undefined;
  const map = document.contents as YAMLMap<YamlNode, YamlNode | null>;
  const pairs = map.items as Array<Pair<YamlNode, YamlNode | null>>;
  const rangeOf = (node: YamlNode | null | undefined) => (node as { range?: [number, number, number] } | null | undefined)?.range;
  return {
    map,
    base: start,
    get: (key) => pairs.find((pair) => isScalar(pair.key) && pair.key.value === key),
    lastPair: () => pairs[pairs.length - 1],
    end: (pair) => start + (rangeOf(pair.value)?.[1] ?? rangeOf(pair.key)?.[1] ?? 0),
    indentOf: (pair) => indentationAt(text, start + (rangeOf(pair.key)?.[0] ?? 0)),
    indentStep: () => {
      for (const pair of pairs) {
        if (isMap(pair.value) && !pair.value.flow && pair.value.items.length > 0) {
          const keyStart = rangeOf(pair.key)?.[0];
          const childStart = rangeOf(pair.value.items[0].key as YamlNode)?.[0];
          if (keyStart !== undefined && childStart !== undefined) {
            const step = indentationAt(text, start + childStart).length - indentationAt(text, start + keyStart).length;
            if (step > 0) return ' '.repeat(step);
          }
        }
      }
      return '  ';
    },
  };
}

/**
 * Adds `key: value` as the last entry of a block mapping, at its entries' indentation. With `nested`,
 * adds `key:` followed by one nested line (`key:\n  nested`).
 */
function appendToMapping(text: string, root: YamlRoot, mapping: YAMLMap, key: string, value: string | null, nested?: string): TextEdit | undefined {
  const items = mapping.items as Array<Pair<YamlNode, YamlNode | null>>;
  if (items.length === 0) return undefined;
  if (items.some((pair) => isScalar(pair.key) && pair.key.value === key)) return undefined;
  const last = items[items.length - 1];
  const firstKeyRange = (items[0].key as { range?: [number, number, number] }).range;
  if (!firstKeyRange) return undefined;
  const indent = indentationAt(text, root.base + firstKeyRange[0]);
  // Entries must each start their own line for a line-based insertion to be correct.
  if (text.slice(lineStartAt(text, root.base + firstKeyRange[0]), root.base + firstKeyRange[0]).trim() !== '') return undefined;
  const lineBreak = lineBreakOf(text);
  const at = lineAfter(text, root.end(last));
  const lines = nested === undefined ? `${indent}${key}: ${value}` : `${indent}${key}:${lineBreak}${indent}${root.indentStep()}${nested}`;
  return { span: { start: at.offset, end: at.offset }, newText: at.needsBreak ? `${lineBreak}${lines}` : `${lines}${lineBreak}` };
}

/** Start of the line after the one holding the character before `offset`; at the end of a file without a final newline, its end. */
function lineAfter(text: string, offset: number): { offset: number; needsBreak: boolean } {
  const lastChar = Math.max(0, offset - 1);
  const end = lineEndAt(text, lastChar);
  if (end >= text.length) return { offset: text.length, needsBreak: true };
  return { offset: nextLineStart(text, lastChar), needsBreak: false };
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
