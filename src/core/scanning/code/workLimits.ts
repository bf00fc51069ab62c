// Every bound on the code scanner's work, counted in work done rather than time taken, so one file gives the same
// result on an idle and on a loaded machine. Sized so that ordinary files (the corpora, a 2,000-line file) never reach
// them; a file that does is reported with a "partial results" problem instead of silently losing calls or prompts.
import type { Span } from '../../types';

/**
 * Parser progress reports one parse may take. tree-sitter reports progress every 100 parse operations, at points
 * that depend only on the text; 40,000 reports are about 2.5 MB of dense code (~2 s on an idle machine).
 */
export const PARSE_STEP_LIMIT = 40_000;
/**
 * Safety net only: error recovery on hostile text can be so slow per operation that a parse within the step limit
 * still runs on. The step limit stops every parse we have measured long before this.
 */
export const PARSE_TIME_LIMIT_MS = 10_000;
/** Query progress reports (every 100 query-cursor operations) one query over one file may take; a file within the parse limit stays within it. */
export const QUERY_STEP_LIMIT = 60_000;
/** Unfinished matches a query keeps at once (tree-sitter drops the oldest past it); only code nested thousands deep has more. */
export const QUERY_MATCH_LIMIT = 4096;
/** Deepest chain of values followed from one expression (a name bound to a name…, objects in objects). `+` chains are followed without nesting. */
export const MAX_VALUE_DEPTH = 24;
/**
 * Resolution steps for one root: one call's arguments, one call's receiver, or one stand-alone prompt string. A step
 * is one expression resolved, one binding examined by a name lookup, or one string piece or list item copied.
 * A realistic call takes well under 1,000; a call that spells out thousands of messages is cut here.
 */
export const ROOT_STEP_LIMIT = 20_000;
/** Resolution steps for a whole file: twenty pathological roots, or thousands of ordinary ones. */
export const FILE_STEP_LIMIT = 400_000;

export interface ResolutionLimits {
  rootSteps: number;
  fileSteps: number;
}

export const DEFAULT_RESOLUTION_LIMITS: ResolutionLimits = { rootSteps: ROOT_STEP_LIMIT, fileSteps: FILE_STEP_LIMIT };

/** Why resolution was cut short. */
export type CutReason = 'root-steps' | 'file-steps' | 'depth';

/** What one root's resolution produced, and the limits it ran into (empty when it was complete). */
export interface RootOutcome<T> {
  value: T;
  cuts: Set<CutReason>;
}

/** Counts the resolution work of one file and of the root being resolved; refuses work past either allowance. */
export class ResolutionBudget {
  private fileLeft: number;
  private rootLeft = Infinity;
  /** Limits met since the current root started. */
  private rootCuts: Set<CutReason> | null = null;
  /** Refused steps so far: a list loop compares this before and after an item to see whether the item was cut. */
  refusals = 0;
  /** Every limit met in the file. */
  readonly fileCuts = new Set<CutReason>();
  /** Keys (start offsets) of the roots that met a limit. */
  readonly cutRoots = new Set<number>();
  /** True when work outside any root (a name lookup while listing calls) met a limit. */
  cutOutsideRoots = false;
  /** Numbers of the refusals a construct turned into one unresolved placeholder for its rest. */
  private readonly absorbed = new Set<number>();
  /** Key (start offset) of the root being resolved, null outside any root: the index's resolver files its lookups under it. */
  currentRoot: number | null = null;

  constructor(readonly limits: ResolutionLimits = DEFAULT_RESOLUTION_LIMITS) {
    this.fileLeft = limits.fileSteps;
  }

  /** Spends `steps`; false (the cut recorded) when the root's or the file's allowance cannot pay for them. */
  take(steps = 1): boolean {
    if (steps > this.fileLeft) return this.refuse('file-steps');
    if (steps > this.rootLeft) return this.refuse('root-steps');
    this.fileLeft -= steps;
    this.rootLeft -= steps;
    return true;
  }

  /** True when not one more step can be paid for: a loop should stop and summarise what is left. */
  get spent(): boolean {
    return this.fileLeft <= 0 || this.rootLeft <= 0;
  }

  /**
   * Records that refusal number `refusal` was summed up as the rest of a list, text or chain. An enclosing list keeps an
   * item whose first refusal was absorbed (one message with a cut text stays a message) and drops one whose was not.
   */
  absorb(refusal: number): void {
    this.absorbed.add(refusal);
  }

  isAbsorbed(refusal: number): boolean {
    return this.absorbed.has(refusal);
  }

  /** Records a limit met without spending (the depth limit). */
  cut(reason: CutReason): void {
    this.fileCuts.add(reason);
    if (this.rootCuts) this.rootCuts.add(reason);
    else this.cutOutsideRoots = true;
  }

  /**
   * Runs one root's resolution (a call's arguments or receiver, a prompt string) with its own allowance, never more
   * than the file has left. `key` (the root's start offset) lets the caller tell which site a cut belongs to.
   */
  root<T>(key: number, work: () => T): RootOutcome<T> {
    const outerLeft = this.rootLeft;
    const outerCuts = this.rootCuts;
    const outerRoot = this.currentRoot;
    const allowance = Math.min(outerLeft, this.limits.rootSteps);
    const cuts = new Set<CutReason>();
    this.rootLeft = allowance;
    this.rootCuts = cuts;
    this.currentRoot = key;
    try {
      return { value: work(), cuts };
    } finally {
      // A root inside a root (not expected) spends its parent's allowance too.
      this.rootLeft = outerLeft === Infinity ? Infinity : outerLeft - (allowance - this.rootLeft);
      this.rootCuts = outerCuts;
      this.currentRoot = outerRoot;
      if (cuts.size) {
        this.cutRoots.add(key);
        for (const reason of cuts) outerCuts?.add(reason);
      }
    }
  }

  private refuse(reason: CutReason): false {
    // Nothing more is paid for once a request was refused, so what is resolved is always a prefix of the work.
    if (reason === 'file-steps') this.fileLeft = 0;
    else this.rootLeft = 0;
    this.refusals++;
    this.cut(reason);
    return false;
  }
}

/** Label of the one placeholder that stands for list items, text or changes left unresolved at a work limit. */
export const UNRESOLVED_REST = '…(remaining items not resolved)';
export const UNRESOLVED_MESSAGES = '…(remaining messages not resolved)';
export const UNRESOLVED_TEXT = '…(remaining text not resolved)';

/** The problem text for a site (or the file) whose resolution met `cuts`. */
export function partialResultsMessage(cuts: ReadonlySet<CutReason>, limits: ResolutionLimits, subject: string): string {
  const reasons: string[] = [];
  if (cuts.has('root-steps')) reasons.push(`${subject} needs more than ${limits.rootSteps.toLocaleString('en-US')} resolution steps`);
  if (cuts.has('file-steps')) reasons.push(`the file used up its ${limits.fileSteps.toLocaleString('en-US')} resolution steps`);
  if (cuts.has('depth')) reasons.push(`values nest more than ${MAX_VALUE_DEPTH} deep`);
  return `partial results: ${reasons.join('; ')}, so what was not resolved is counted as placeholders`;
}

/** One span from the first to the last of `spans` (which are in source order). */
export function coveringSpan(first: Span, last: Span): Span {
  return { start: first.start, end: Math.max(first.end, last.end) };
}
