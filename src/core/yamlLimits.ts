// Every YAML text the auditor reads (config, prompt front matter, `.prompt.yml`) is parsed here, with bounds: the
// `yaml` package's own duplicate-key check compares each key with every earlier one (O(n²) for a mapping with many
// keys), so it is off and this walk does it with a Set; mappings, nodes and aliases are counted against limits.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { parseSimpleYaml } from './yamlSimple';

export const YAML_LIMITS = Object.freeze({
  /** Keys in one mapping: far past any config or front matter. */
  maxKeysPerMap: 10_000,
  /** Nodes in one document. */
  maxNodes: 500_000,
  /** Alias nodes in one document: the `yaml` package's own `maxAliasCount` default, applied to our expansion too. */
  maxAliases: 100,
  /**
   * Collections open at once in yaml's parser (its stack, the document included). yaml's parser and composer recurse
   * once per level and run out of stack near a thousand levels, at a depth that depends on the caller's stack; this
   * bound keeps them to about a tenth of it, so the same text gets the same result in every host.
   */
  maxNesting: 128,
});

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * yaml's `parseDocument(text, { ...options, prettyErrors: false })`, except that yaml never holds more than
 * `YAML_LIMITS.maxNesting` open collections. Unbounded, a line indented less than its block can nest every later line
 * one level deeper (a plain scalar continued onto the next line becomes the key of a new mapping), and where yaml then
 * runs out of stack (or throws RangeError) depends on the caller. Past the bound, the text from the token that went
 * too deep up to the next line starting at column 0 (not a comment) is blanked (comments of the same length, line
 * breaks kept, so every offset stays) and the text is parsed again: later top-level keys are still read. Each blanked
 * region is one located RESOURCE_EXHAUSTION error, whose hint names brackets when a flow collection was open there and
 * indentation otherwise. At most `MAX_BLANKED_REGIONS` regions, so at most that many parses; the last region runs to
 * the end of the text, which is then not read.
 */
export function parseDocumentWithinNesting(text: string, options: Options & { prettyErrors?: false } = {}): Document.Parsed {
  let source = text;
  const blanked: Array<{ start: number; end: number; inFlow: boolean }> = [];
  for (;;) {
    const stop: NestingStop = { tooDeep: undefined, inFlow: false };
    yamlNesting.parses++;
    const doc = composeWithinNesting(source, options, stop);
    if (stop.tooDeep) {
      const start = Math.min(stop.tooDeep.offset, text.length);
      const resume = blanked.length + 1 < MAX_BLANKED_REGIONS ? nextTopLevelLine(text, start) : -1;
      blanked.push({ start, end: resume < 0 ? text.length : resume, inFlow: stop.inFlow });
      if (resume >= 0) {
        source = source.slice(0, start) + blankedAsComments(source.slice(start, resume)) + source.slice(resume);
        continue;
      }
    }
    // A flow collection open where a region starts has its closing bracket blanked with it: yaml's "must … end with a ]"
    // for it says nothing the region's error does not (a 200-deep `[[…]]` got one per open bracket, 128 in all).
    if (blanked.length > 0) {
      let kept = 0;
      for (const error of doc.errors) if (!isCutFlowCollectionEnd(error, blanked)) doc.errors[kept++] = error;
      doc.errors.length = kept;
    }
    for (const region of blanked) {
      const unread = region.end === text.length ? 'the rest is not read' : `lines ${lineNumber(text, region.start)}-${lineNumber(text, region.end - 1)} are not read`;
      const cause = region.inFlow ? '`[` and `{` brackets open inside one another' : 'a line indented less than its block above can cause this';
      const error = new YAMLParseError([region.start, Math.min(region.start + 1, text.length)], 'RESOURCE_EXHAUSTION', `collections nested more than ${YAML_LIMITS.maxNesting} deep; ${unread} (${cause})`);
      // Before yaml's first error past the region, so problems stay in text order around it.
      const after = doc.errors.findIndex((other) => other.pos[0] > region.start);
      doc.errors.splice(after < 0 ? doc.errors.length : after, 0, error);
    }
    return doc;
  }
}

/** yaml's error for a flow collection without its closing bracket (at the document's top level, or in a block collection). */
const FLOW_COLLECTION_END = /^Flow (?:sequence|map) (?:in block collection must be sufficiently indented and |must )end with a [\]}]$/;

/** `error` is yaml's missing-bracket error for a flow collection whose end lies in a blanked region. */
function isCutFlowCollectionEnd(error: YAMLParseError, blanked: ReadonlyArray<{ start: number; end: number }>): boolean {
  if ((error.code !== 'BAD_INDENT' && error.code !== 'MISSING_CHAR') || !FLOW_COLLECTION_END.test(error.message)) return false;
  return blanked.some((region) => error.pos[0] >= region.start && error.pos[0] <= region.end);
}

/** Regions of one text blanked for nesting past the bound; the last one runs to the end of the text. */
const MAX_BLANKED_REGIONS = 4;

/** Parses made by parseDocumentWithinNesting (for the growth test: at most MAX_BLANKED_REGIONS per text). */
export const yamlNesting = { parses: 0 };

function composeWithinNesting(text: string, options: Options, stop: NestingStop): Document.Parsed {
  let doc: Document.Parsed | undefined;
  for (const composed of new Composer(options).compose(tokensWithinNesting(text, stop), true, text.length)) {
    if (!doc) doc = composed;
    else if (doc.options.logLevel !== 'silent') {
      doc.errors.push(new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // compose(…, forceDoc = true) always ends with a document.
  return doc!;
}

interface NestingStop {
  /** The token that took yaml's parser past the bound, when it did. */
  tooDeep: CST.Token | undefined;
  /**
   * A flow collection was open at the stop. Only flow collections nest inside one, so then brackets went past the bound,
   * not the (possibly broken) indentation of block collections.
   */
  inFlow: boolean;
}

/** yaml's `Parser.parse(text)`, ended early past the bound. (A module-level generator: a closure per call cost ~6%.) */
function* tokensWithinNesting(text: string, stop: NestingStop): Generator<CST.Token> {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    if (parser.stack.length > YAML_LIMITS.maxNesting) {
      stop.tooDeep = parser.stack[parser.stack.length - 1];
      for (const open of parser.stack) if (open.type === 'flow-collection') stop.inFlow = true;
      break;
    }
  }
  yield* parser.end();
}

/**
 * Start of the first line after `from` that starts with something other than white space, a `#` comment or what only
 * continues a flow collection (`]`, `}`, `,`: closing brackets of the cut collections on lines of their own, each of
 * which yaml would report as an unexpected token); else -1.
 */
function nextTopLevelLine(text: string, from: number): number {
  const line = /\n(?=[^\s#\]},])/g;
  line.lastIndex = from;
  const found = line.exec(text);
  return found ? found.index + 1 : -1;
}

/**
 * `region` with every line's text replaced by a comment of the same length (` #` and spaces; a one-character piece is a
 * space), line breaks kept. Lines of spaces instead made yaml count the whole region into the next implicit key.
 */
function blankedAsComments(region: string): string {
  return region.replace(/[^\n\r]+/g, (piece) => (piece.length === 1 ? ' ' : ` #${' '.repeat(piece.length - 2)}`));
}

function lineNumber(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/**
 * `parseDocument` with `uniqueKeys` checked in linear time and the limits above. Problems are added to
 * `doc.errors` as YAMLParseError (same shape as the parser's own), so callers report them like syntax errors.
 * Errors are never prettified (callers locate them by `pos`).
 */
export function parseYamlBounded(text: string, options: Options & { prettyErrors?: false } = {}): Document.Parsed {
  // yaml makes a YAMLParseError, an Error, per problem, and V8 captures a stack trace for each: half the CPU and a third
  // of the peak memory of a front matter with 150,000 problems. Nothing reads those stacks (problems are located by `pos`).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseBoundedWithoutStacks(text, options);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function parseBoundedWithoutStacks(text: string, options: Options & { prettyErrors?: false }): Document.Parsed {
  const reusable = Object.keys(options).every((key) => key === 'prettyErrors' || key === 'strict') && options.strict !== false;
  // Plain block YAML (most front matter and `.prompt.yml` files) is built without yaml's lexer and parser: the same document.
  const parseOptions = { ...options, uniqueKeys: false };
  const doc = (reusable ? parseSimpleYaml(text, parseOptions) : undefined) ?? parseDocumentWithinNesting(text, parseOptions);
  lastBounded = reusable ? { text, doc } : undefined;
  if (doc.errors.length > 0) return doc;
  let nodes = 0;
  let aliases = 0;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || node === undefined) continue;
    if (++nodes > YAML_LIMITS.maxNodes) {
      doc.errors.push(new YAMLParseError([0, Math.min(text.length, 1)], 'RESOURCE_EXHAUSTION', `more than ${YAML_LIMITS.maxNodes.toLocaleString('en-US')} YAML nodes; not read`));
      return doc;
    }
    if (isAlias(node)) {
      if (++aliases > YAML_LIMITS.maxAliases) {
        const range = node.range ?? [0, 0];
        doc.errors.push(new YAMLParseError([range[0], range[1]], 'RESOURCE_EXHAUSTION', `more than ${YAML_LIMITS.maxAliases} aliases (*name); not read`));
        return doc;
      }
      continue;
    }
    if (isMap(node)) {
      if (node.items.length > YAML_LIMITS.maxKeysPerMap) {
        const range = node.range ?? [0, 0];
        doc.errors.push(new YAMLParseError([range[0], Math.min(range[1], range[0] + 1)], 'RESOURCE_EXHAUSTION', `a mapping with more than ${YAML_LIMITS.maxKeysPerMap.toLocaleString('en-US')} keys; not read`));
        return doc;
      }
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          // The same identity the `yaml` package compares: the scalar's value (1 and "1" differ; NaN equals no key, `.nan`
          // included, as `===` has it).
          if (typeof key.value === 'number' && Number.isNaN(key.value)) {
            stack.push(pair.value);
            continue;
          }
          const identity = `${typeof key.value}:${String(key.value)}`;
          if (seen.has(identity)) {
            const range = key.range ?? [0, 0];
            doc.errors.push(new YAMLParseError([range[0], range[1]], 'DUPLICATE_KEY', 'Map keys must be unique'));
          }
          seen.add(identity);
        } else if (options.uniqueKeys !== false && key !== null && key !== undefined && typeof key === 'object') {
          stack.push(key);
        }
        stack.push(pair.value);
      }
      continue;
    }
    if (isSeq(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
    }
  }
  return doc;
}

/** The last document parseYamlBounded made with default parse options (only `prettyErrors` or `strict: true` given). */
let lastBounded: { text: string; doc: Document.Parsed } | undefined;

/**
 * `parseYamlBounded(text)` for a reader that uses the document only when it has no errors (the cap fix of a prompt
 * file, right after the scanner parsed the same YAML). When the last bounded parse was of the same text, that document
 * is returned, errors and all: parsing again would be the same parse (errors are never prettified, so `prettyErrors`
 * changes nothing). Otherwise it parses, bounded too: yaml's own `uniqueKeys` check here made a front matter with
 * thousands of keys and one error cost O(keys²). Callers must not change the document.
 */
export function parseYamlForReading(text: string): Document.Parsed {
  const last = lastBounded;
  if (last && last.text === text) {
    yamlReuse.reused++;
    return last.doc;
  }
  return parseYamlBounded(text, { prettyErrors: false });
}

/** How often parseYamlForReading answered from the last bounded parse (for tests). */
export const yamlReuse = { reused: 0 };
