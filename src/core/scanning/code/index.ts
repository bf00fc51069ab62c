// Finds LLM calls and stand-alone prompt strings in source code (issue 3), by parsing with tree-sitter.
import type { ReadBundledFile } from '../../host';
import { LineIndex } from '../../lineIndex';
import type { PromptSite, ScanProblem, ScanResult, Span } from '../../types';
import type { AdapterOutput, CreateAdapter, QueryRunner } from './adapter';
import { languageFacts, languageOfPath, type CodeLanguage, type LanguageFamily } from '../../languages';
import { applyModelRegistration, findModelRegistrations, recognizeCall } from './callShapes';
import { mentionsMockFactories, mockedTargets } from './testDoubles';
import { SDK_MARKER_WORDS } from './sdks';
import { MESSAGE_FACTORIES, PROMPT_NAME_WORDS, STANDALONE_MESSAGE_ROLES, SYSTEM_NAME_SUFFIXES } from './languages/common';
import { promptSites } from './standalonePrompts';
import { languageQuery } from './queryFiles';
import { loopsAround } from './loops';
import { conversationOf } from './conversation';
import { userFacingOf } from './handlers';
import { relevantRanges, type ChunkSyntax, type IncludedRange } from './topLevelChunks';
import { compiledQuery, loadGrammar, noteRuntimeError, parseBounded, queryForText, queryMatches, type Node } from './treeSitterRuntime';
import { indexHoldsText, SymbolResolver, promptSourcesOf, withFile, type ResolutionRecord, type WorkspaceSymbols } from './symbolIndex';
import { DEFAULT_RESOLUTION_LIMITS, PARSE_STEP_LIMIT, PARSE_TIME_LIMIT_MS, ResolutionBudget, partialResultsMessage, type CutReason, type ResolutionLimits } from './workLimits';

export type { CodeLanguage } from '../../languages';

export interface CodeScanContext {
  readBundledFile: ReadBundledFile;
  /** Resolution allowances (defaults: `DEFAULT_RESOLUTION_LIMITS`); a host may tighten them, tests use small ones to reach them. */
  resolutionLimits?: ResolutionLimits;
  /** The workspace symbol index (issue 18): imported names, `.env` defaults and prompt files read by code resolve through it. */
  symbols?: WorkspaceSymbols;
  /** Filled with the index lookups per root (a re-audit keeps them per chunk); only with `symbols`. */
  resolution?: ResolutionRecord;
  /** The line index of the scanned text, when the caller has it already (a re-audit derives it from the last one). */
  lineIndex?: LineIndex;
  /** True when the caller knows brackets nest no deeper than the parser's safe limit (see `editKeepsNesting`). */
  nestingKnownSafe?: boolean;
}

/** Files larger than this are reported, not parsed: generated bundles are not where prompts are edited. */
export const MAX_CODE_FILE_CHARS = 8 * 1024 * 1024;
/** Files above this size are checked for minification before parsing. */
const MINIFIED_MIN_CHARS = 256 * 1024;

export function codeLanguageForPath(relativePath: string): CodeLanguage | null {
  return languageOfPath(relativePath)?.id ?? null;
}

/** Minified or generated bundles: huge, with very long lines. Parsing them costs seconds and finds nothing editable. */
export function looksMinified(text: string): boolean {
  if (text.length < MINIFIED_MIN_CHARS) return false;
  let lines = 1;
  let longest = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines++;
    longest = Math.max(longest, i - lineStart);
    lineStart = i + 1;
  }
  longest = Math.max(longest, text.length - lineStart);
  return longest > 20_000 || text.length / lines > 1_000;
}

/**
 * Unclosed brackets deeper than this are never hand-written code. Past a few thousand, tree-sitter's wasm parser
 * overflows its stack on some grammars (Java at ~7,000), which corrupts the runtime shared by every language.
 */
export const MAX_BRACKET_DEPTH = 1000;

/** +1 for `(`, `[`, `{`, -1 for `)`, `]`, `}`, 0 for every other ASCII code: one lookup per character instead of six tests. */
const BRACKET_STEP = new Int8Array(128);
BRACKET_STEP[40] = BRACKET_STEP[91] = BRACKET_STEP[123] = 1;
BRACKET_STEP[41] = BRACKET_STEP[93] = BRACKET_STEP[125] = -1;

/** True when `(`, `[` and `{` (counted raw, strings included) ever nest more than `limit` deep. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) continue;
    const step = BRACKET_STEP[code];
    if (step === 0) continue;
    if (step > 0) {
      if (++depth > limit) return true;
    } else if (depth > 0) depth--;
  }
  return false;
}

/**
 * True when replacing `removed` by `inserted` cannot make brackets nest deeper anywhere: nothing opening is inserted and
 * nothing closing is removed. (Depth after the edit starts no higher than before it, and the rest of the text raises and
 * lowers it the same way from there, never above where it went before.) A text that passed `nestsDeeperThan` still does.
 */
export function editKeepsNesting(removed: string, inserted: string): boolean {
  return !/[([{]/.test(inserted) && !/[)\]}]/.test(removed);
}

/** The control characters looksBinary counts (all but tab, line feed, form feed and carriage return), NUL included. */
const COUNTED_CONTROL = /[\x00-\x08\x0b\x0e-\x1f]/;

/** True for text that is clearly not source code (NULs or mostly control characters near the start). */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  // Most text holds none: one native search instead of a loop over the sample.
  if (!COUNTED_CONTROL.test(sample)) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/**
 * Words at least one of which every reported site needs in the file's text (case-insensitive, as the adapters
 * compare names): the SDK table's marker words (each entry's most specific callee names), the prompt-ish words of
 * `isPromptName` and the LangChain message factories (the template factories hold `template`). Callee paths, binding
 * names and keys are raw source text, so a file without any of these words (and without a stand-alone message, below)
 * cannot yield a site. `system` is a prompt name only as a whole name or with a suffix (`system_message`): a whole
 * `system` that a `.` or `;` follows is the root of a member path or an import (`System.out.println`, `using System;`,
 * `import java.lang.System;`), never a name bound to text, so it is no marker (until session 14 every `system`, and every
 * `message`, was one; that parsed much ordinary code).
 */
const SITE_MARKERS = new RegExp(
  [
    ...[...PROMPT_NAME_WORDS, ...MESSAGE_FACTORIES, ...SDK_MARKER_WORDS].map(escapeRegExp),
    '(?<![\\w$])system(?![\\w$])(?!\\s*[.;])',
    `system_?(?:${SYSTEM_NAME_SUFFIXES.join('|')})`,
  ].join('|'),
  'i',
);
/**
 * A stand-alone message (`{ role: 'user', content: … }`, the only site that needs none of the words above) has a `role`
 * key whose value is one of `STANDALONE_MESSAGE_ROLES` written as a plain string literal, so its text holds both. A
 * `role` alone (a user table's column, JSX `role="button"`) no longer makes a file be parsed (until session 15 it did).
 */
const ROLE_KEY = /role/i;
const STANDALONE_ROLE_LITERAL = new RegExp(`(["'])(?:${STANDALONE_MESSAGE_ROLES.join('|')})\\1`);
function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Words that make a file with syntax errors and no sites get the syntax-error hint. */
const CALL_HINT_WORDS = /\b(create|generate|completion|Chat)/;
const SYNTAX_ERROR_HINT = 'the file has syntax errors; calls inside them may be missed';

/** False when the text cannot contain a site, so parsing and querying it can be skipped (most files of a workspace). */
export function mayContainSites(text: string): boolean {
  return SITE_MARKERS.test(text) || (ROLE_KEY.test(text) && STANDALONE_ROLE_LITERAL.test(text));
}

/** Every marker word in `text` (what `mayContainSites` looks for, `role` included), for tests that blank them out. */
export function siteMarkersIn(text: string): { start: number; end: number }[] {
  const pattern = new RegExp(`${SITE_MARKERS.source}|${ROLE_KEY.source}`, 'gi');
  return [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

export async function scanCode(relativePath: string, text: string, language: CodeLanguage, context: CodeScanContext): Promise<ScanResult> {
  return scan(relativePath, text, language, context, true);
}

/**
 * `scanCode` without the text pre-filter and without leaving chunks out of the parse: every file is parsed whole and
 * queried. The reference both shortcuts are tested against.
 */
export async function scanCodeFully(relativePath: string, text: string, language: CodeLanguage, context: CodeScanContext): Promise<ScanResult> {
  return scan(relativePath, text, language, context, false);
}

/**
 * Only the sites within `ranges` (whole top-level chunks of `text`, with everything their sites resolve through), as
 * `scanCode` finds them: a re-audit after an edit rescans the chunks it touched. Null when the parse of the ranges has
 * errors or joins them into something the file does not say: then only a scan of the whole file is right.
 */
export async function scanCodeRanges(relativePath: string, text: string, language: CodeLanguage, context: CodeScanContext, ranges: IncludedRange[]): Promise<ScanResult | null> {
  return scan(relativePath, text, language, context, true, ranges);
}

async function scan(relativePath: string, text: string, language: CodeLanguage, context: CodeScanContext, prefilter: boolean): Promise<ScanResult>;
async function scan(relativePath: string, text: string, language: CodeLanguage, context: CodeScanContext, prefilter: boolean, only: IncludedRange[]): Promise<ScanResult | null>;
async function scan(relativePath: string, text: string, language: CodeLanguage, context: CodeScanContext, prefilter: boolean, only?: IncludedRange[]): Promise<ScanResult | null> {
  const problems: ScanProblem[] = [];
  const problem = (message: string, severity: ScanProblem['severity'] = 'warning'): ScanResult => ({
    sites: [],
    problems: [...problems, { file: relativePath, message, severity }],
  });
  if (text.length > MAX_CODE_FILE_CHARS) return problem(`not scanned for LLM calls: ${text.length} characters is over the ${MAX_CODE_FILE_CHARS}-character limit`, 'information');
  if (looksBinary(text)) return problem('not scanned for LLM calls: the file looks binary', 'information');
  if (looksMinified(text)) return problem('not scanned for LLM calls: the file looks minified or generated', 'information');
  if (!context.nestingKnownSafe && nestsDeeperThan(text, MAX_BRACKET_DEPTH)) return problem(`not scanned for LLM calls: brackets nest more than ${MAX_BRACKET_DEPTH} deep, past what the parser handles safely`);

  let grammar;
  try {
    grammar = await loadGrammar(languageFacts(language).grammar, context.readBundledFile);
  } catch (error) {
    noteRuntimeError(error);
    return problem(`could not load the ${language} grammar: ${(error as Error).message}`, 'error');
  }
  const siteFree = prefilter && !mayContainSites(text);
  // Without markers only the syntax-error hint can come out, and only for text with its words: no parse otherwise.
  if (siteFree && !CALL_HINT_WORDS.test(text)) return { sites: [], problems: [] };
  let parsed: ReturnType<typeof parseBounded>;
  try {
    // Big files parse only their chunks that can hold or feed a site; if that cut a construct apart (the parse of the
    // parts has errors), the whole file is parsed as before.
    const syntax = siteFree || !prefilter || !languageFacts(language).chunked ? undefined : (languageFacts(language).family as ChunkSyntax);
    const includedRanges = only ?? (syntax ? relevantRanges(text, syntax, mayContainSites) : null);
    parsed = parseBounded(grammar, text, includedRanges ? { includedRanges } : {});
    if (includedRanges && parsed.tree && (parsed.tree.rootNode.hasError || spansLeftOutText(parsed.tree.rootNode, includedRanges))) {
      parsed.tree.delete();
      if (only) return null;
      parsed = parseBounded(grammar, text);
    }
  } catch (error) {
    return problem(`not scanned for LLM calls: the ${language} parser failed: ${(error as Error).message}`, 'error');
  }
  if (parsed.tree === null) {
    return problem(
      parsed.stopped === 'steps'
        ? `not scanned for LLM calls: parsing needs more than its work limit of ${PARSE_STEP_LIMIT.toLocaleString('en-US')} steps (about 2.5 MB of dense code)`
        : `not scanned for LLM calls: parsing took longer than ${PARSE_TIME_LIMIT_MS / 1000} s`,
    );
  }
  const tree = parsed.tree;
  try {
    if (siteFree) return { sites: [], problems: tree.rootNode.hasError ? [{ file: relativePath, message: SYNTAX_ERROR_HINT, severity: 'hint' }] : [] };
    const [createAdapter, queryFile] = await Promise.all([adapterFor(language), languageQuery(language)]);
    const { patterns } = queryFile;
    const queries: QueryRunner = {
      run: (wanted: readonly string[], node: Node) => {
        const chosen = queryForText(grammar, wanted, queryFile, text, { tree: node });
        const outcome = queryMatches(chosen.query, node);
        // A limit the partial query reached could fall elsewhere with every pattern: the whole list decides then.
        return chosen.partial && (outcome.stoppedAt !== null || outcome.droppedMatches) ? queryMatches(compiledQuery(grammar, wanted), node) : outcome;
      },
    };
    // The index as of this text: an editor's unsaved document replaces its own entry.
    const symbols = context.symbols ? (indexHoldsText(context.symbols, relativePath, text) ? context.symbols : withFile(context.symbols, relativePath, text)) : null;
    const resolver = symbols ? new SymbolResolver(symbols, relativePath) : null;
    const budget = new ResolutionBudget(context.resolutionLimits ?? DEFAULT_RESOLUTION_LIMITS);
    // Lookups are filed under the budget's root being resolved, else the call being recognised (its env defaults).
    if (resolver && context.resolution) resolver.recordInto(context.resolution, () => budget.currentRoot ?? resolver.recognizing ?? -1);
    const adapter = createAdapter(tree.rootNode, text, queries, budget, language, patterns);
    adapter.external = resolver;
    const output = adapter.output();
    for (const { message, span } of output.problems) problems.push({ file: relativePath, message, severity: 'warning', ...(span ? { span } : {}) });
    const { sites, partial } = sitesFrom(output, relativePath, text, languageFacts(language).family, resolver, context.lineIndex);
    problems.push(...partial);
    // Sorted: the same set whatever order the lookups ran in (a re-audit gathers them chunk by chunk).
    const dependencies = resolver ? [...resolver.consulted].filter((file) => file !== relativePath).sort() : [];
    const loopExits = new Map<number, boolean>();
    for (const site of sites) {
      if (site.kind !== 'call') continue;
      const loops = loopsAround(tree.rootNode, site.span, languageFacts(language).family, loopExits);
      if (loops.length > 0) site.loops = loops;
      const conversation = conversationOf(tree.rootNode, text, site.span, languageFacts(language).family, loops);
      if (conversation) site.conversation = conversation;
      const userFacing = userFacingOf(tree.rootNode, site.span, languageFacts(language).family);
      if (userFacing) site.userFacing = userFacing;
    }
    // When only some chunks were parsed, errors elsewhere are not seen: they lie in code without a marker word, which
    // holds no call, so the hint ("calls inside them may be missed") would not be true of them anyway.
    if (tree.rootNode.hasError && sites.length === 0 && CALL_HINT_WORDS.test(text)) {
      problems.push({ file: relativePath, message: SYNTAX_ERROR_HINT, severity: 'hint' });
    }
    return { sites, problems, ...(dependencies.length ? { dependencies } : {}) };
  } catch (error) {
    noteRuntimeError(error);
    return problem(`scanning for LLM calls failed: ${(error as Error).message}`, 'error');
  } finally {
    tree.delete();
  }
}

/**
 * True when a top-level node of a partial parse runs across text that was left out: the splitter lost its way (a
 * template literal it took for code) and the kept parts joined into something the file does not say.
 */
function spansLeftOutText(root: Node, ranges: readonly IncludedRange[]): boolean {
  let range = 0;
  for (const child of root.children) {
    if (!child) continue;
    while (range < ranges.length && ranges[range].endIndex <= child.startIndex) range++;
    if (range < ranges.length && child.endIndex > ranges[range].endIndex) return true;
  }
  return false;
}

type Adapted = AdapterOutput;

/**
 * The adapter module languages.json names for a language (`languages/<adapter>.ts`): loaded by name, so a new
 * language needs no edit here (esbuild bundles every module of the folder for this import).
 */
async function adapterFor(language: CodeLanguage): Promise<CreateAdapter> {
  const module = (await import(`./languages/${languageFacts(language).adapter}.ts`)) as { createAdapter?: CreateAdapter };
  if (!module.createAdapter) throw new Error(`languages/${languageFacts(language).adapter}.ts exports no createAdapter`);
  return module.createAdapter;
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** Sites past this many that a work limit cut are summed up in one problem instead of one each. */
const MAX_PARTIAL_SITE_PROBLEMS = 20;

function sitesFrom(output: Adapted, file: string, text: string, family: LanguageFamily, resolver: SymbolResolver | null, knownLineIndex?: LineIndex): { sites: PromptSite[]; partial: ScanProblem[] } {
  const calls: PromptSite[] = [];
  const consumed = new Set<number>();
  const limited: { site: PromptSite; cuts: ReadonlySet<CutReason> }[] = [];
  const envDefault = resolver ? (variable: string) => resolver.envDefault(variable) : undefined;
  const registrations = findModelRegistrations(output.calls, family);
  const mocked = mockedTargets(text);
  const mockObjects = mentionsMockFactories(text);
  const testDoubleCalls: Span[] = [];
  for (const shape of output.calls) {
    if (resolver) resolver.recognizing = shape.span.start;
    const site = recognizeCall(shape, { file, family, importedModules: output.importedModules, importedNames: output.importedNames ?? NO_NAMES, mockedTargets: mocked, mockObjects, testDoubleCalls, ...(envDefault ? { envDefault } : {}) });
    if (resolver) resolver.recognizing = null;
    if (!site) continue;
    applyModelRegistration(site, registrations);
    // A builder's argument written at the call (`tagsPrompt(5)`) is the caller's own text, with no line of its own.
    const sources = promptSourcesOf(site.messages).filter((source) => source.line > 0);
    if (sources.length) site.promptSources = sources;
    calls.push(site);
    // Read after recognition: arguments and receiver are resolved lazily, during it.
    const cuts = shape.cuts();
    if (cuts.size) limited.push({ site, cuts });
    for (const message of site.messages) {
      if (message.span) consumed.add(message.span.start);
      for (const segment of message.segments) if (segment.span) consumed.add(segment.span.start);
    }
  }
  const insideLimitedCall = enclosedBy(limited.map(({ site }) => site.span));
  const lineIndex = knownLineIndex ?? new LineIndex(text);
  const lineEndOf = (offset: number): number => {
    const line = lineIndex.positionAt(offset).line;
    const next = line + 1 < lineIndex.lineCount ? lineIndex.lineStart(line + 1) : text.length;
    let end = next;
    while (end > offset && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
    return end;
  };
  // Strings inside a call a work limit cut belong to that call: the ones it did not resolve are its placeholder, not prompts of their own.
  // Strings passed to a call on a test double are the test's data, not prompts.
  const insideTestDouble = enclosedBy(testDoubleCalls);
  const candidates = output.promptCandidates.filter((candidate) => !insideLimitedCall(candidate.span) && !insideTestDouble(candidate.span));
  const prompts = promptSites(candidates, file, consumed, lineEndOf);
  const partialCandidates = new Map(candidates.filter((candidate) => candidate.partial).map((candidate) => [candidate.span.start, candidate.partial!]));
  const reportedRoots = new Set<number>();
  for (const prompt of prompts) {
    const partial = partialCandidates.get(prompt.span.start);
    if (!partial) continue;
    limited.push({ site: prompt, cuts: partial.cuts });
    reportedRoots.add(partial.rootKey);
  }
  // Calls nested in calls (a wrapper around a call) stay; one site per span.
  const all = [...calls, ...prompts].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const sites = all.filter((site, index) => index === 0 || site.span.start !== all[index - 1].span.start || site.kind !== all[index - 1].kind);

  const { budget } = output;
  const partial: ScanProblem[] = [];
  limited.sort((a, b) => a.site.span.start - b.site.span.start);
  for (const { site, cuts } of limited.slice(0, MAX_PARTIAL_SITE_PROBLEMS)) {
    partial.push({ file, message: partialResultsMessage(cuts, budget.limits, site.kind === 'call' ? 'this call' : 'this prompt'), span: site.anchor, severity: 'warning' });
  }
  if (limited.length > MAX_PARTIAL_SITE_PROBLEMS) {
    partial.push({ file, message: `partial results: ${limited.length - MAX_PARTIAL_SITE_PROBLEMS} more sites in this file were cut at work limits`, severity: 'warning' });
  }
  // Cuts in work no reported site shows (a string that became no prompt, the lookups that find calls) still make the file partial.
  const callStarts = new Set(limited.map(({ site }) => site.span.start));
  const unreported = budget.cutOutsideRoots || [...budget.cutRoots].some((key) => !callStarts.has(key) && !reportedRoots.has(key) && !insideLimitedCall({ start: key, end: key }));
  if (unreported) partial.push({ file, message: partialResultsMessage(budget.fileCuts, budget.limits, 'an expression in this file'), severity: 'warning' });
  return { sites, partial };
}

/** A test for "inside one of `spans`": spans sorted by start with the furthest end so far, searched by binary search. */
function enclosedBy(spans: Span[]): (span: Span) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const furthestEnd: number[] = [];
  sorted.forEach((span, index) => furthestEnd.push(Math.max(span.end, index ? furthestEnd[index - 1] : -1)));
  return (span) => {
    let low = 0;
    let high = sorted.length - 1;
    let last = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (sorted[mid].start <= span.start) {
        last = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return last >= 0 && furthestEnd[last] >= span.end;
  };
}
