// Shared by the robustness suites: a hang watchdog (worker thread), hostile-input generators, a seeded PRNG,
// and the invariant every audit output must keep (spans inside the text, no internal-error problems).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { auditDocument, type DocumentAudit } from '../../../src/core/audit';
import { createAuditSession } from '../../../src/core/session';
import type { AuditContext } from '../../../src/core/audit';
import type { Span } from '../../../src/core/types';
import { seededRandom } from '../../../bench/seededRandom';

// Bundled suites run from out/test/core/robustness; the repository root is four levels up.
export const repositoryRoot = path.resolve(__dirname, '../../../..');
export const wasmFolder = path.join(repositoryRoot, 'dist/wasm');
export const sampleWorkspace = path.join(repositoryRoot, 'test/fixtures/sample-workspace');

/** A watchdog that only fails on a hang: far above any honest run on a busy 2-core machine. */
export const HANG_LIMIT_MS = 60_000;

export const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(await fs.promises.readFile(path.join(wasmFolder, name)));

/** The context the CLI builds with no config: bundled catalog, default settings. */
export function defaultContext(configText?: string): AuditContext {
  return createAuditSession({ configText, readBundledFile }).context;
}

// ---- Watchdog: jobs run in a worker thread that is terminated (even mid synchronous loop) after the limit. ----

export type Jobs = Record<string, (input: any) => Promise<unknown> | unknown>;

/** Call at the top of a suite: in the worker it serves the suite's jobs; returns true there (register no tests). */
export function serveJobsInWorker(jobs: Jobs): boolean {
  if (isMainThread) return false;
  const { job, input } = workerData as { job: string; input: unknown };
  Promise.resolve()
    .then(() => jobs[job](input))
    .then(
      (result) => parentPort!.postMessage({ ok: true, result }),
      (error) => parentPort!.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) }),
    );
  return true;
}

/**
 * Runs `job` of the suite bundle `suiteFile` in a worker and resolves with its result. Rejects when the job
 * throws, or when it has not finished after `limitMs` (the worker is terminated: a hang fails the test, not the run).
 */
export function runWatched<T>(suiteFile: string, job: string, input: unknown, limitMs = HANG_LIMIT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(suiteFile, { workerData: { job, input }, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${job} did not finish within ${limitMs / 1000} s: treated as a hang`));
    }, limitMs);
    worker.once('message', (message: { ok: boolean; result?: T; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (message.ok) resolve(message.result as T);
      else reject(new Error(`${job} threw: ${message.error}`));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

// ---- Seeded randomness: every fuzz run is reproducible from its seed. ----

export { seededRandom };

export function randomBytes(seed: number, length: number): Buffer {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

// ---- Invariants ----

export interface SpanViolation {
  where: string;
  span: Span;
}

function badSpan(span: Span | undefined, length: number): boolean {
  if (!span) return false;
  return !(Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= length);
}

/** Every span an audit hands out (sites, messages, segments, findings, fixes, problems) must lie inside the text. */
export function spanViolations(audit: Pick<DocumentAudit, 'sites' | 'findings' | 'problems'>, textLength: number): SpanViolation[] {
  const violations: SpanViolation[] = [];
  const check = (where: string, span: Span | undefined) => {
    if (badSpan(span, textLength)) violations.push({ where, span: span! });
  };
  audit.sites.forEach(({ site }, s) => {
    check(`site ${s} span`, site.span);
    check(`site ${s} anchor`, site.anchor);
    check(`site ${s} modelSpan`, site.modelSpan);
    check(`site ${s} capSpan`, site.capSpan);
    site.messages.forEach((message, m) => {
      check(`site ${s} message ${m}`, message.span);
      message.segments.forEach((segment, g) => check(`site ${s} message ${m} segment ${g}`, segment.span));
    });
  });
  audit.findings.forEach((finding, f) => {
    check(`finding ${f} (${finding.rule})`, finding.span);
    finding.fixes?.forEach((fix, x) => fix.edits.forEach((edit, e) => check(`finding ${f} fix ${x} edit ${e}`, edit.span)));
  });
  audit.problems.forEach((problem, p) => check(`problem ${p} (${problem.message})`, problem.span));
  return violations;
}

/** Messages from the catch-alls that mean some scanner or rule threw: a hostile input must never reach them. */
export const INTERNAL_FAILURE = /could not scan|Could not scan|could not audit a site|rules failed|workspace rules failed|internal error/;

/** The plain-data summary a worker sends back for one audited text. */
export interface AuditSummary {
  file: string;
  textLength: number;
  siteCount: number;
  messageCount: number;
  segmentCount: number;
  models: Array<string | null>;
  caps: Array<number | null | 'non-literal'>;
  outputTokens: number[];
  staticTokens: number[];
  assumedDynamic: number[];
  perCallUsd: Array<number | null>;
  kinds: string[];
  findings: string[];
  /** Distinct rule ids among the findings, sorted. */
  findingRules: string[];
  problems: string[];
  violations: SpanViolation[];
  internalFailures: string[];
  /** Any count or cost that is negative or not finite. */
  badNumbers: string[];
}

export async function auditAndSummarize(file: string, text: string, context: AuditContext): Promise<AuditSummary> {
  const audit = await auditDocument(file, text, context);
  const badNumbers: string[] = [];
  audit.sites.forEach((audited, s) => {
    const numbers: Record<string, number | null | undefined> = {
      static: audited.tokens.static,
      framing: audited.tokens.framing,
      assumedDynamic: audited.tokens.assumedDynamic,
      inputTokens: audited.cost.inputTokens,
      outputTokens: audited.cost.outputTokens,
      perCallUsd: audited.cost.perCallUsd,
      perMonthUsd: audited.cost.perMonthUsd,
      batchPerCallUsd: audited.cost.batchPerCallUsd,
    };
    for (const [name, value] of Object.entries(numbers)) {
      if (value !== null && value !== undefined && !(Number.isFinite(value) && value >= 0)) badNumbers.push(`site ${s} ${name}=${value}`);
    }
  });
  const problems = audit.problems.map((problem) => `${problem.severity}: ${problem.message}`);
  return {
    file,
    textLength: text.length,
    siteCount: audit.sites.length,
    messageCount: audit.sites.reduce((sum, audited) => sum + audited.site.messages.length, 0),
    segmentCount: audit.sites.reduce((sum, audited) => sum + audited.site.messages.reduce((n, message) => n + message.segments.length, 0), 0),
    models: audit.sites.map((audited) => audited.site.model),
    caps: audit.sites.map((audited) => audited.site.maxOutputTokens),
    staticTokens: audit.sites.map((audited) => audited.tokens.static),
    outputTokens: audit.sites.map((audited) => audited.cost.outputTokens),
    assumedDynamic: audit.sites.map((audited) => audited.tokens.assumedDynamic),
    perCallUsd: audit.sites.map((audited) => audited.cost.perCallUsd),
    kinds: audit.sites.map((audited) => audited.site.kind),
    findings: audit.findings.map((finding) => `${finding.rule}: ${finding.message}`),
    findingRules: [...new Set(audit.findings.map((finding) => finding.rule))].sort(),
    problems,
    violations: spanViolations(audit, text.length),
    internalFailures: problems.filter((message) => INTERNAL_FAILURE.test(message)),
    badNumbers,
  };
}
