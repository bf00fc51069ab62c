// Glob matching on root-relative paths (forward slashes), compiled once per pattern, in time linear in the path
// for a given glob: the glob becomes a small NFA that is run as a set of states (no backtracking), so no glob and
// file name can stall discovery (`*a*a*a*a*b` against a long name, extglobs). Globs are bounded in length and in
// brace expansions; a glob past a bound is an error the config reports at its line.
//
// Syntax (picomatch's, with `dot: true`): `*` any run within a segment, `?` one character, `[abc]`/`[a-z]`/`[!a]`/
// `[^a]` one character from a class, `**` as a whole segment any number of segments (`a/**/b`, `**/x`, `a/**`),
// `{a,b}` alternatives (nested), `\x` a literal x, a leading `!` negates. Extglobs (`+(a|b)`) are not supported:
// their characters are literal.

/** Longer globs are refused: no real include/exclude pattern is near this. */
export const MAX_GLOB_LENGTH = 1024;
/** `{a,b}{c,d}…` multiplies; past this many alternatives the glob is refused. */
export const MAX_GLOB_ALTERNATIVES = 256;

type Step =
  | { kind: 'char'; char: string }
  | { kind: 'any' } // one character except '/'
  | { kind: 'class'; negated: boolean; ranges: Array<[number, number]> }
  | { kind: 'star' } // a run (possibly empty) of characters except '/'
  | { kind: 'anything' } // a run (possibly empty) of any characters
  | { kind: 'optional-start'; skipTo: number }; // ε to the next step, or ε to `skipTo`

export interface CompiledGlob {
  readonly glob: string;
  match(path: string): boolean;
}

export class GlobError extends Error {}

/** NFA state visits since the last call: tests bound it (matching must stay linear in the path). */
let globMatchSteps = 0;
export function takeGlobMatchSteps(): number {
  const steps = globMatchSteps;
  globMatchSteps = 0;
  return steps;
}

/** Compiles `glob`; throws GlobError when it is too long or expands to too many alternatives. */
export function compileGlob(glob: string): CompiledGlob {
  if (glob.length > MAX_GLOB_LENGTH) throw new GlobError(`glob is ${glob.length} characters, more than the ${MAX_GLOB_LENGTH} allowed`);
  let negated = false;
  let body = glob;
  while (body.startsWith('!') && !body.startsWith('!(')) {
    negated = !negated;
    body = body.slice(1);
  }
  const programs = expandBraces(body).map((alternative) => program(compileAlternative(alternative)));
  return {
    glob,
    match(path: string): boolean {
      let matched = false;
      for (const program of programs) {
        if (program.required.every((literal) => path.includes(literal)) && run(program, path)) {
          matched = true;
          break;
        }
      }
      return negated ? !matched : matched;
    },
  };
}

/** Brace expansion (`a{b,c{d,e}}f`), bounded. A brace with no top-level comma is literal (as in bash/picomatch). */
function expandBraces(glob: string): string[] {
  const open = findBrace(glob);
  if (!open) return [glob];
  const { start, end, parts } = open;
  const results: string[] = [];
  for (const part of parts) {
    for (const expanded of expandBraces(glob.slice(0, start) + part + glob.slice(end + 1))) {
      results.push(expanded);
      if (results.length > MAX_GLOB_ALTERNATIVES) throw new GlobError(`glob expands to more than ${MAX_GLOB_ALTERNATIVES} alternatives`);
    }
  }
  return results;
}

/** The first `{…}` with a top-level comma, its parts; escapes and classes are skipped. */
function findBrace(glob: string): { start: number; end: number; parts: string[] } | undefined {
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = classEnd(glob, i);
      if (close > i) i = close;
      continue;
    }
    if (c !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let j = i; j < glob.length; j++) {
      const d = glob[j];
      if (d === '\\') {
        j++;
        continue;
      }
      if (d === '{') depth++;
      else if (d === '}') {
        depth--;
        if (depth === 0) {
          if (commas.length === 0) break;
          const bounds = [i, ...commas, j];
          const parts = bounds.slice(1).map((bound, k) => glob.slice(bounds[k] + 1, bound));
          return { start: i, end: j, parts };
        }
      } else if (d === ',' && depth === 1) commas.push(j);
    }
  }
  return undefined;
}

/** Index of the `]` closing the class opened at `open`, or -1 (then `[` is literal). */
function classEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === ']') return i;
  }
  return -1;
}

function compileAlternative(glob: string): Step[] {
  const steps: Step[] = [];
  // `**/**` says no more than `**` (picomatch reads `a/**/**` as `a/**`, which matches `a`).
  const segments = glob.split('/').filter((segment, index, all) => !(segment === '**' && all[index - 1] === '**'));
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      if (segments.length === 1) {
        steps.push({ kind: 'anything' });
      } else if (last && /(^|[^\\])\*$/.test(segments[index - 1]) && segments[index - 1] !== '**') {
        // `a*/**` needs the `/` (picomatch's reading: a segment ending in `*` cannot stand for itself).
        steps.push({ kind: 'anything' });
      } else if (last) {
        // `a/**`: `a` itself, or `a/` and anything. The `/` before was already emitted: make it optional with the rest.
        const slash = steps.pop();
        const optional: Step = { kind: 'optional-start', skipTo: -1 };
        steps.push(optional);
        if (slash) steps.push(slash);
        steps.push({ kind: 'anything' });
        optional.skipTo = steps.length;
      } else {
        // `**/` (leading or in the middle): nothing, or anything ending with `/`.
        const optional: Step = { kind: 'optional-start', skipTo: -1 };
        steps.push(optional, { kind: 'anything' }, { kind: 'char', char: '/' });
        optional.skipTo = steps.length;
      }
      return;
    }
    compileSegment(segment, steps);
    if (!last) steps.push({ kind: 'char', char: '/' });
  });
  return steps;
}

function compileSegment(segment: string, steps: Step[]): void {
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) {
      steps.push({ kind: 'char', char: segment[++i] });
    } else if (c === '*') {
      while (segment[i + 1] === '*') i++;
      if (steps[steps.length - 1]?.kind !== 'star') steps.push({ kind: 'star' });
    } else if (c === '?') {
      steps.push({ kind: 'any' });
    } else if (c === '[' && classEnd(segment, i) > i) {
      const close = classEnd(segment, i);
      steps.push(compileClass(segment.slice(i + 1, close)));
      i = close;
    } else {
      steps.push({ kind: 'char', char: c });
    }
  }
}

function compileClass(body: string): Step {
  let negated = false;
  let i = 0;
  if (body[0] === '!' || body[0] === '^') {
    negated = true;
    i = 1;
  }
  const ranges: Array<[number, number]> = [];
  for (; i < body.length; i++) {
    let code = body.charCodeAt(i);
    if (body[i] === '\\' && i + 1 < body.length) code = body.charCodeAt(++i);
    if (body[i + 1] === '-' && i + 2 < body.length) {
      let end = body.charCodeAt(i + 2);
      if (body[i + 2] === '\\' && i + 3 < body.length) {
        end = body.charCodeAt(i + 3);
        i++;
      }
      ranges.push([code, end]);
      i += 2;
    } else ranges.push([code, code]);
  }
  return { kind: 'class', negated, ranges };
}

/**
 * A compiled alternative with its scratch space, reused by every match: state sets are lists plus a generation stamp
 * per state, so matching allocates nothing per character (a fresh array per character made glob matching a tenth of a
 * warm CLI run, most of it garbage collection).
 */
interface Program {
  steps: Step[];
  /** The generation in which each state (and the accepting state, `steps.length`) was last added. */
  marks: Int32Array;
  generation: number;
  current: Int32Array;
  next: Int32Array;
  /** ε-closure work stack: each state is expanded once per generation and pushes at most two. */
  stack: Int32Array;
  /** Literal runs every matching path contains (`/test/` of `**\/test/**`): a path without one is refused unrun. */
  required: string[];
}

function program(steps: Step[]): Program {
  const size = steps.length + 1;
  return { steps, marks: new Int32Array(size), generation: 0, current: new Int32Array(size), next: new Int32Array(size), stack: new Int32Array(2 * size + 2), required: requiredLiterals(steps) };
}

/**
 * The runs of consecutive `char` steps that no optional part can skip. Every edge of the program goes forward (or loops
 * on its state) and only `optional-start` jumps over steps, so a step outside every jumped-over range lies on every
 * accepting path; two such `char` steps in a row consume two characters in a row (nothing can land between them
 * without jumping over the first). So every path the program accepts contains each run as a substring.
 */
function requiredLiterals(steps: Step[]): string[] {
  const skippable = new Uint8Array(steps.length);
  steps.forEach((step, s) => {
    if (step.kind === 'optional-start') for (let inside = s + 1; inside < step.skipTo && inside < steps.length; inside++) skippable[inside] = 1;
  });
  const runs: string[] = [];
  let literal = '';
  steps.forEach((step, s) => {
    if (step.kind === 'char' && !skippable[s]) {
      literal += step.char;
      return;
    }
    if (literal) runs.push(literal);
    literal = '';
  });
  if (literal) runs.push(literal);
  return runs;
}

/** Adds `state` and every state reachable from it without consuming a character to `list`; returns the new length. */
function addState(program: Program, list: Int32Array, length: number, state: number): number {
  const { steps, marks, stack, generation } = program;
  let top = 0;
  stack[top++] = state;
  while (top > 0) {
    const s = stack[--top];
    globMatchSteps++;
    if (marks[s] === generation) continue;
    marks[s] = generation;
    list[length++] = s;
    if (s >= steps.length) continue;
    const step = steps[s];
    if (step.kind === 'optional-start') {
      stack[top++] = s + 1;
      stack[top++] = step.skipTo;
    } else if (step.kind === 'star' || step.kind === 'anything') {
      stack[top++] = s + 1;
    }
  }
  return length;
}

function stepAccepts(step: Step, char: string, code: number): boolean {
  switch (step.kind) {
    case 'char':
      return step.char === char;
    case 'any':
    case 'star':
      return char !== '/';
    case 'anything':
      return true;
    case 'class': {
      if (char === '/') return false;
      const inside = step.ranges.some(([low, high]) => code >= low && code <= high);
      return inside !== step.negated;
    }
    default:
      return false;
  }
}

/** Runs the NFA over `path`: O(path length × steps), no backtracking, no allocation. */
function run(program: Program, path: string): boolean {
  const steps = program.steps;
  // A new generation empties every set at once; restamp from scratch long before the counter could overflow.
  if (program.generation > 0x3fffffff) {
    program.marks.fill(0);
    program.generation = 0;
  }
  program.generation++;
  let current = program.current;
  let next = program.next;
  let currentLength = addState(program, current, 0, 0);
  for (let i = 0; i < path.length && currentLength > 0; i++) {
    const char = path[i];
    const code = path.charCodeAt(i);
    program.generation++;
    let nextLength = 0;
    for (let at = 0; at < currentLength; at++) {
      const s = current[at];
      globMatchSteps++;
      if (s >= steps.length) continue;
      const step = steps[s];
      if (!stepAccepts(step, char, code)) continue;
      // Loops stay on their state; single-character steps move on.
      nextLength = addState(program, next, nextLength, step.kind === 'star' || step.kind === 'anything' ? s : s + 1);
    }
    [current, next] = [next, current];
    currentLength = nextLength;
  }
  // The last set is the one stamped with the current generation (empty when the loop stopped on an empty set).
  return program.marks[steps.length] === program.generation;
}
