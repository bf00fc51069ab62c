// Re-audits one open document after each edit (issue 16, keystroke target): the chunks of code the edit touched are
// parsed and scanned again, every other site is carried over with its offsets moved, and counts, prices and rule
// results are kept per site, so a keystroke costs the work of the sites it changed. The result is always what
// `auditDocument` returns for the same text: whatever the carried-over parts cannot vouch for is audited whole.
import { auditDocument, auditScanned, auditSite, documentRuleContext, type AuditContext, type AuditedSite, type DocumentAudit } from '../audit';
import { LineIndex } from '../lineIndex';
import { findingContentHash, siteContentHash } from '../report/fingerprint';
import { documentFindings, isRuleEnabled, type RuleResults } from '../rules/engine';
import { documentRules } from '../rules/registry';
import type { Rule, RuleContext, RuleResult } from '../rules/types';
import { BINARY_SAMPLE_CHARS, classifyDocument, looksBinary, MAX_SCANNED_BYTES, scanDocument } from '../scanning';
import { editKeepsNesting, scanCodeRanges } from '../scanning/code';
import { ownEntryFollowsText, RESOLUTION_STEPS, sameIndexBesides, type ResolutionRecord, type RootResolution, type WorkspaceSymbols } from '../scanning/code/symbolIndex';
import { splitEdited, toRanges, type ChunkSplit, type ChunkSyntax, type TopLevelChunk } from '../scanning/code/topLevelChunks';
import { chunksToRescan, wordsIn } from './changedChunks';
import { PromptFileReaudit } from './promptFileReaudit';
import { languageFacts, type CodeLanguage } from '../languages';
import type { PromptSite } from '../types';
import { changeBetween, lastOffsetIn, movedData, touchesChange, type TextChange } from './textEdit';

/** What one update did: the operation counts the growth tests and the bench read (never timings). */
export interface ReauditCounts {
  /** True when the whole document was audited; `reason` says why. */
  whole: boolean;
  reason?: string;
  /** Characters handed to the code parser (the chunks parsed again; the file's length for a whole scan of code). */
  parsedChars: number;
  /** Sites the scan found again; the others were carried over with their offsets moved. */
  rescannedSites: number;
  /** Sites counted, priced and cache-simulated afresh. */
  auditedSites: number;
  /** Rule checks run on one site each (a whole audit runs every enabled rule on every site). */
  ruleChecks: number;
  /** A prompt file: characters of its long texts' pieces read afresh (PromptFileReaudit; the rest came from its memo). */
  pieceChars?: number;
}

/** Everything kept about one site between updates. */
interface SiteState {
  audited: AuditedSite;
  /** Per document rule (registry order): the site's results, or the error its check threw. */
  rules: Array<readonly RuleResult[] | Error>;
  /** The largest offset in `audited` and `rules`: a change after it leaves the state as it is (no copy). */
  lastOffset: number;
}

interface CodeState {
  text: string;
  language: CodeLanguage;
  syntax: ChunkSyntax;
  /** The chunk split of `text`, resumed around the next edit. */
  split: ChunkSplit;
  chunks: TopLevelChunk[];
  /** Per chunk: the words of its text (`wordsIn`), carried with the chunk while its text stays. */
  words: ReadonlyArray<ReadonlySet<string>>;
  /** Per chunk: its sites in scan order, each with what was derived from it. */
  chunkSites: SiteState[][];
  /** The workspace symbol index the text was scanned with (undefined: none). */
  symbols: WorkspaceSymbols | undefined;
  /** Per chunk: the index lookups its roots made (files consulted, steps), null for none. */
  resolution: Array<RootResolution | null>;
  audit: DocumentAudit;
}

/** AuditedSite fields that hold no offsets (counts, prices, catalog entries): carried over as they are. */
const OFFSET_FREE_AUDIT_FIELDS: ReadonlySet<string> = new Set(['modelEntry', 'tokens', 'cost', 'latency', 'outputHint', 'priceTiers', 'contentHash']);

export class DocumentReaudit {
  private state: CodeState | null = null;
  /** For a prompt file: its own re-audit (null for every other kind; undefined until the first update). */
  private prompt: PromptFileReaudit | null | undefined;
  /** Why the last whole audit kept no per-site state (so the next update is whole too). */
  private stateless = 'first audit of the document';
  /** The counts of the last `update`. */
  counts: ReauditCounts = { whole: true, parsedChars: 0, rescannedSites: 0, auditedSites: 0, ruleChecks: 0 };

  /** `context` must stay the same object for the document's life: a new session (config, prices) needs a new instance. */
  constructor(readonly file: string, readonly context: AuditContext) {}

  /**
   * The audit of `text`, equal to `auditDocument(file, text, { ...context, symbols })`. `symbols`, the workspace symbol
   * index, may be a new object on every update (the editor's `withFile` per keystroke): only when it changed for some
   * file other than this one is the document audited whole. A prompt file's scan never reads the index.
   */
  async update(text: string, symbols: WorkspaceSymbols | undefined = this.context.symbols): Promise<DocumentAudit> {
    this.prompt ??= !this.context.codeLanguage && classifyDocument(this.file, this.context.config.promptGlobs)?.kind === 'prompt-file' ? new PromptFileReaudit(this.file, this.context) : null;
    if (this.prompt) {
      const audit = await this.prompt.update(text, symbols);
      const { whole, pieceChars } = this.prompt.counts;
      const checks = audit.sites.length * enabledRules(this.context).length;
      this.counts = { whole, ...(whole ? { reason: 'first audit of the document' } : {}), parsedChars: 0, rescannedSites: audit.sites.length, auditedSites: audit.sites.length, ruleChecks: checks, pieceChars: Object.values(pieceChars).reduce((sum, chars) => sum + chars, 0) };
      return audit;
    }
    const previous = this.state;
    this.state = null;
    if (previous && !this.sameIndex(previous, text, symbols)) return this.whole(text, 'the symbol index changed for another file', symbols);
    if (previous) {
      const change = changeBetween(previous.text, text);
      if (!change) {
        this.state = previous;
        this.counts = { whole: false, parsedChars: 0, rescannedSites: 0, auditedSites: 0, ruleChecks: 0 };
        return previous.audit;
      }
      const result = await this.reaudit(previous, text, change, symbols);
      if (typeof result !== 'string') return result;
      return this.whole(text, result, symbols);
    }
    return this.whole(text, this.stateless, symbols);
  }

  /**
   * True when a scan of `text` with `symbols` reads the index as the previous scan did for everything but the file's own
   * entry, and that entry is the text's (derived from it both times, as an edit's chunks are) or the same object.
   */
  private sameIndex(previous: CodeState, text: string, symbols: WorkspaceSymbols | undefined): boolean {
    const before = previous.symbols;
    if (!before || !symbols) return before === symbols;
    if (!sameIndexBesides(before, symbols, this.file)) return false;
    const followed = ownEntryFollowsText(this.file, previous.text);
    const follows = ownEntryFollowsText(this.file, text);
    return followed && follows ? true : !followed && !follows && before.files.get(this.file) === symbols.files.get(this.file);
  }

  private contextWith(symbols: WorkspaceSymbols | undefined): AuditContext {
    const { symbols: _ignored, ...rest } = this.context;
    return symbols ? { ...rest, symbols } : rest;
  }

  /** The whole document, keeping per-site state when it is code the chunk splitter can follow. */
  private async whole(text: string, reason: string, symbols: WorkspaceSymbols | undefined): Promise<DocumentAudit> {
    const { file } = this;
    const context = this.contextWith(symbols);
    const kind = classifyDocument(file, context.config.promptGlobs);
    const counts: ReauditCounts = { whole: true, reason, parsedChars: kind?.kind === 'code' ? text.length : 0, rescannedSites: 0, auditedSites: 0, ruleChecks: 0 };
    this.counts = counts;
    const syntax = kind?.kind === 'code' && !context.codeLanguage ? chunkSyntax(kind.language) : null;
    const split = syntax && text.length <= MAX_SCANNED_BYTES && !looksBinary(text) ? splitEdited(syntax, text, null, null) : null;
    const chunks = split?.chunks ?? null;
    if (!kind || kind.kind !== 'code' || !syntax || !split || !chunks) {
      this.stateless = !kind || kind.kind !== 'code' || !syntax ? 'not code the chunk splitter knows' : 'the chunk splitter cannot follow the text';
      const audit = await auditDocument(file, text, context);
      counts.rescannedSites = counts.auditedSites = audit.sites.length;
      counts.ruleChecks = audit.sites.length * enabledRules(context).length;
      return audit;
    }
    const record: ResolutionRecord | undefined = symbols ? { byRoot: new Map() } : undefined;
    const scan = await scanDocument(file, text, { ...context, promptGlobs: context.config.promptGlobs, ...(record ? { resolution: record } : {}) }).catch(() => null);
    const resolution = scan && record ? byChunk(chunks, record) : chunks.map(() => null);
    // Problems (limits, syntax hints, partial results) are about the file as a whole: such a file is audited whole each
    // time; so is one whose index lookups cannot be told apart by chunk.
    const unattributed = typeof resolution === 'string' ? resolution : sameList(dependenciesOf(resolution, file), scan?.dependencies ?? []) ? null : 'index lookups the chunks do not account for';
    if (!scan || scan.problems.length > 0 || unattributed) {
      // The first few messages say why; all of a broken file's (any number) made one string as long as all of them.
      const reported = scan ? scan.problems.slice(0, 3).map((problem) => problem.message).join(', ') + (scan.problems.length > 3 ? `, … (${scan.problems.length.toString()} in all)` : '') : '';
      this.stateless = `the last whole scan reported ${scan ? reported || unattributed : 'an error'}`;
      // The text is scanned already: only a scan that threw is repeated (auditDocument reports how it failed).
      const audit = scan ? auditScanned(file, text, context, scan) : await auditDocument(file, text, context);
      counts.rescannedSites = counts.auditedSites = audit.sites.length;
      counts.ruleChecks = audit.sites.length * enabledRules(context).length;
      return audit;
    }
    counts.rescannedSites = scan.sites.length;
    const chunkSites: SiteState[][] = chunks.map(() => []);
    const lineIndex = new LineIndex(text);
    const perSite: Array<{ chunk: number; site: PromptSite }> = [];
    for (const site of scan.sites) {
      const chunk = chunkAt(chunks, site.span.start);
      if (chunk < 0) return auditScanned(file, text, context, scan);
      perSite.push({ chunk, site });
    }
    const states = this.auditSites(perSite.map(({ site }) => site), text, lineIndex, counts);
    if (!states) return auditScanned(file, text, context, scan);
    perSite.forEach(({ chunk }, index) => chunkSites[chunk].push(states[index]));
    const chunkResolution = resolution as Array<RootResolution | null>;
    const audit = this.assemble(text, lineIndex, chunkSites.flat(), chunkResolution);
    const words = chunks.map((chunk) => wordsIn(text.slice(chunk.start, chunk.end)));
    this.state = { text, language: kind.language, syntax, split, chunks, words, chunkSites, symbols, resolution: chunkResolution, audit };
    return audit;
  }

  /** The audit after `change`, or why it must be audited whole. */
  private async reaudit(previous: CodeState, text: string, change: TextChange, symbols: WorkspaceSymbols | undefined): Promise<DocumentAudit | string> {
    const { file, context } = this;
    // looksBinary reads the first 8 K characters: an edit past them leaves its answer (no, or the previous text had been whole).
    if (text.length > MAX_SCANNED_BYTES || (change.start < BINARY_SAMPLE_CHARS && looksBinary(text))) return 'too large or binary';
    // The split resumes at the chunk before the edit and catches up with the old one after it.
    const split = splitEdited(previous.syntax, text, previous.split, change);
    if (!split) return 'the chunk splitter cannot follow the text';
    const chunks = split.chunks;
    const delta = change.newEnd - change.oldEnd;
    // Old chunks by start (chunks tile the text: one per start).
    const oldByStart = new Map<number, number>();
    previous.chunks.forEach((chunk, index) => oldByStart.set(chunk.start, index));
    // A chunk away from the change with the same range (moved) as an old one holds the same text.
    const oldIndex = chunks.map((chunk) => {
      const before = chunk.end <= change.start;
      const after = chunk.start >= change.newEnd;
      if (!before && !after) return -1;
      const shift = before ? 0 : delta;
      const index = oldByStart.get(chunk.start - shift);
      return index !== undefined && previous.chunks[index].end === chunk.end - shift && sameChunk(previous.chunks[index], chunk) ? index : -1;
    });
    const linesMoved = lineBreaks(previous.text, change.start, change.oldEnd) !== lineBreaks(text, change.start, change.newEnd);
    // A chunk whose values came from the file's own bindings through the index cites their lines: rescanned when lines moved.
    const changed = oldIndex.map((index) => index < 0 || (linesMoved && previous.resolution[index]?.ownLines === true));
    const carriedOver = new Set(oldIndex);
    const replaced = previous.chunks.flatMap((chunk, index) => (carriedOver.has(index) ? [] : [{ chunk, text: previous.text.slice(chunk.start, chunk.end) }]));
    const words = chunks.map((chunk, index) => (oldIndex[index] >= 0 ? previous.words[oldIndex[index]] : wordsIn(text.slice(chunk.start, chunk.end))));
    const kept = chunksToRescan(chunks, text, changed, replaced, symbols !== undefined, words).parsed;
    const ranges = toRanges(chunks, kept, text);
    const counts: ReauditCounts = { whole: false, parsedChars: ranges.reduce((sum, range) => sum + range.endIndex - range.startIndex, 0), rescannedSites: 0, auditedSites: 0, ruleChecks: 0 };
    this.counts = counts;
    const lineIndex = LineIndex.afterEdit(previous.audit.lineIndex, text, change);
    // The previous text passed the bracket-depth check (its scan reported no problem): an edit that opens nothing and
    // closes nothing less leaves it passing, so the scan need not walk the whole text for it again.
    const nestingKnownSafe = editKeepsNesting(previous.text.slice(change.start, change.oldEnd), text.slice(change.start, change.newEnd));
    const record: ResolutionRecord | undefined = symbols ? { byRoot: new Map() } : undefined;
    const scan = await scanCodeRanges(file, text, previous.language, { readBundledFile: context.readBundledFile, lineIndex, nestingKnownSafe, ...(symbols && record ? { symbols, resolution: record } : {}) }, ranges).catch(() => null);
    if (!scan) return 'the parse of the changed chunks has errors';
    if (scan.problems.length > 0) return 'the scan reported problems';
    // Index lookups: the rescanned chunks' afresh, the others' carried over; their steps together are what a whole scan spends.
    const freshResolution = record ? byChunk(chunks, record) : chunks.map(() => null);
    if (typeof freshResolution === 'string') return freshResolution;
    if (freshResolution.some((entry, index) => entry && !kept[index])) return 'an index lookup lies outside the rescanned chunks';
    const resolution = chunks.map((_, index) => (kept[index] ? freshResolution[index] : previous.resolution[oldIndex[index]]));
    if (resolutionSteps(resolution) > RESOLUTION_STEPS) return 'index lookups reach their step limit';
    counts.rescannedSites = scan.sites.length;
    // Rescanned sites by chunk; a site outside the kept chunks means the scan saw something the split did not.
    const fresh: PromptSite[][] = chunks.map(() => []);
    for (const site of scan.sites) {
      const chunk = chunkAt(chunks, site.span.start);
      if (chunk < 0 || !kept[chunk]) return 'a rescanned site lies outside the rescanned chunks';
      fresh[chunk].push(site);
    }
    const chunkSites: SiteState[][] = [];
    const toAudit: Array<{ chunk: number; position: number; site: PromptSite }> = [];
    const toCheck: AuditedSite[] = [];
    // The old sites by start offset, moved to the new text: a rescanned site equal to its old self keeps its results.
    const oldAt = new Map<number, SiteState>();
    for (const states of previous.chunkSites) {
      for (const state of states) {
        const start = state.audited.site.span.start;
        if (!touchesChange(start, start, change)) oldAt.set(start < change.start ? start : start + delta, state);
      }
    }
    const keep = (states: SiteState[], carried: { audited: AuditedSite; rules: SiteState['rules'] | null; lastOffset: number }): void => {
      if (!carried.rules) toCheck.push(carried.audited);
      states.push({ audited: carried.audited, rules: carried.rules ?? [], lastOffset: carried.lastOffset });
    };
    for (let index = 0; index < chunks.length; index++) {
      const states: SiteState[] = [];
      chunkSites.push(states);
      if (kept[index]) {
        for (const site of fresh[index]) {
          const old = oldAt.get(site.span.start);
          const carried = old && !touchesChange(old.audited.site.span.start, old.audited.site.span.end, change) ? this.carried(old, change, site, linesMoved) : null;
          if (carried) keep(states, carried);
          else {
            toAudit.push({ chunk: index, position: states.length, site });
            states.push({ audited: undefined as unknown as AuditedSite, rules: [], lastOffset: -1 });
          }
        }
        continue;
      }
      for (const old of previous.chunkSites[oldIndex[index]]) {
        const carried = this.carried(old, change, undefined, linesMoved);
        if (!carried) return 'a carried-over site touches the change';
        keep(states, carried);
      }
    }
    const audited = this.auditSites(toAudit.map(({ site }) => site), text, lineIndex, counts);
    if (!audited) return 'a site failed to audit';
    toAudit.forEach(({ chunk, position }, index) => (chunkSites[chunk][position] = audited[index]));
    const all = chunkSites.flat();
    // A file left with no sites may get the syntax-error hint, which only a scan of the whole file can tell.
    if (all.length === 0) return 'no sites left';
    if (toCheck.length > 0) {
      const ruleContext = documentRuleContext(file, text, lineIndex, all.map((state) => state.audited), context);
      const checked = new Set(toCheck);
      for (const state of all) {
        if (!checked.has(state.audited)) continue;
        state.rules = this.ruleResults(ruleContext, state.audited, counts);
        state.lastOffset = lastOffsetOf(state);
      }
    }
    const audit = this.assemble(text, lineIndex, all, resolution);
    this.state = { text, language: previous.language, syntax: previous.syntax, split, chunks, words, chunkSites, symbols, resolution, audit };
    return audit;
  }

  /**
   * An old site's state moved past the change; when `rescanned` is given, only if it equals the moved old site. Null
   * when an offset touches the change. When the change added or removed line breaks, rule results of a site with
   * anything after the change are left out (`rules` null): their messages may cite line numbers, so they are checked again.
   */
  private carried(old: SiteState, change: TextChange, rescanned: PromptSite | undefined, linesMoved: boolean): { audited: AuditedSite; rules: SiteState['rules'] | null; lastOffset: number } | null {
    if (old.lastOffset < change.start) {
      // Nothing in it lies at or after the change: kept as it is (rule results too, even when lines moved below it).
      if (rescanned && JSON.stringify(old.audited.site) !== JSON.stringify(rescanned)) return null;
      return old;
    }
    const stats = { moved: 0 };
    const audited = movedData(old.audited, change, OFFSET_FREE_AUDIT_FIELDS, stats);
    if (!audited) return null;
    if (rescanned && JSON.stringify(audited.site) !== JSON.stringify(rescanned)) return null;
    // All rules' results in one walk (an Error is no plain data: kept as it is); most are empty, which costs nothing.
    const rules = movedData(old.rules, change, undefined, stats);
    if (!rules) return null;
    return { audited, rules: linesMoved && stats.moved > 0 ? null : rules, lastOffset: old.lastOffset + change.newEnd - change.oldEnd };
  }

  /** Audits sites and checks every rule on each; null when one fails (the whole audit then reports it). */
  private auditSites(sites: readonly PromptSite[], text: string, lineIndex: LineIndex, counts: ReauditCounts): SiteState[] | null {
    const audited: AuditedSite[] = [];
    for (const site of sites) {
      try {
        const entry = auditSite(site, this.context);
        entry.contentHash = siteContentHash(site, text);
        audited.push(entry);
      } catch {
        return null;
      }
    }
    counts.auditedSites += audited.length;
    // A rule sees every site of the document in a whole audit; the per-site checks here see only theirs (see Rule).
    const ruleContext = documentRuleContext(this.file, text, lineIndex, audited, this.context);
    return audited.map((entry) => {
      const state: SiteState = { audited: entry, rules: this.ruleResults(ruleContext, entry, counts), lastOffset: -1 };
      state.lastOffset = lastOffsetOf(state);
      return state;
    });
  }

  private ruleResults(context: RuleContext, audited: AuditedSite, counts: ReauditCounts): SiteState['rules'] {
    return documentRules.map((rule) => {
      if (!isRuleEnabled(rule, this.context.config)) return [];
      counts.ruleChecks++;
      try {
        return siteRuleResults(rule, context, audited);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
  }

  /** The document audit from per-site states: rule results combined in rule order, findings as `runDocumentRules` makes them. */
  private assemble(text: string, lineIndex: LineIndex, states: readonly SiteState[], resolution: ReadonlyArray<RootResolution | null>): DocumentAudit {
    const sites = states.map((state) => state.audited);
    const context = documentRuleContext(this.file, text, lineIndex, sites, this.context);
    const perRule: RuleResults[] = [];
    documentRules.forEach((rule, ruleIndex) => {
      if (!isRuleEnabled(rule, this.context.config) || sites.length === 0) return;
      const results: RuleResult[] = [];
      for (const state of states) {
        const share = state.rules[ruleIndex];
        // A rule that throws on one site throws on the document: none of its findings are reported.
        if (share instanceof Error) return;
        for (const result of share) results.push(result);
      }
      // Combining may adjust results in place: it works on copies, so the kept per-site results stay as checked.
      perRule.push({ rule, results: rule.combineSites ? rule.combineSites(structuredClone(results)) : results });
    });
    const findings = sites.length > 0 ? documentFindings(context, perRule) : [];
    for (const finding of findings) finding.contentHash = findingContentHash(finding, text);
    const dependencies = dependenciesOf(resolution, this.file);
    return { file: this.file, lineIndex, sites, findings, problems: [], ...(dependencies.length ? { dependencies } : {}) };
  }
}

/** One rule's results for one site: its own per-site check, else its check on a context holding that site alone. */
export function siteRuleResults(rule: Rule, context: RuleContext, audited: AuditedSite): RuleResult[] {
  return rule.checkSite ? rule.checkSite(context, audited) : rule.check({ ...context, sites: [audited] });
}

function lastOffsetOf(state: SiteState): number {
  return Math.max(lastOffsetIn(state.audited, OFFSET_FREE_AUDIT_FIELDS), ...state.rules.map((results) => (results instanceof Error ? -1 : lastOffsetIn(results))));
}

function enabledRules(context: AuditContext): Rule[] {
  return documentRules.filter((rule) => isRuleEnabled(rule, context.config));
}

function chunkSyntax(language: CodeLanguage): ChunkSyntax | null {
  const facts = languageFacts(language);
  return facts.chunked ? (facts.family as ChunkSyntax) : null;
}

function sameChunk(a: TopLevelChunk, b: TopLevelChunk): boolean {
  return a.kind === b.kind && a.names.length === b.names.length && a.names.every((name, index) => name === b.names[index]);
}

/** Index of the chunk holding `offset` (chunks tile the text), or -1. */
function chunkAt(chunks: readonly TopLevelChunk[], offset: number): number {
  let low = 0;
  let high = chunks.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (offset < chunks[mid].start) high = mid - 1;
    else if (offset >= chunks[mid].end) low = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * A scan's index lookups per chunk (by the chunk holding each root), or why they cannot be kept per chunk: a lookup
 * outside any root or chunk, or more steps than the file's allowance (a whole scan would have cut some short).
 */
function byChunk(chunks: readonly TopLevelChunk[], record: ResolutionRecord): Array<RootResolution | null> | string {
  const perChunk: Array<RootResolution | null> = chunks.map(() => null);
  for (const [root, entry] of record.byRoot) {
    const chunk = root < 0 ? -1 : chunkAt(chunks, root);
    if (chunk < 0) return 'an index lookup outside any chunk';
    const merged = (perChunk[chunk] ??= { files: new Set(), steps: 0, ownLines: false });
    for (const consulted of entry.files) merged.files.add(consulted);
    merged.steps += entry.steps;
    merged.ownLines ||= entry.ownLines;
  }
  return resolutionSteps(perChunk) > RESOLUTION_STEPS ? 'index lookups reach their step limit' : perChunk;
}

function resolutionSteps(resolution: ReadonlyArray<RootResolution | null>): number {
  let steps = 0;
  for (const entry of resolution) steps += entry?.steps ?? 0;
  return steps;
}

/** The files the document's values came from (not itself), sorted as the scan sorts them. */
function dependenciesOf(resolution: ReadonlyArray<RootResolution | null>, file: string): string[] {
  const files = new Set<string>();
  for (const entry of resolution) for (const consulted of entry?.files ?? []) if (consulted !== file) files.add(consulted);
  return [...files].sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function lineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
