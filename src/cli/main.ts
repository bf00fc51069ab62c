// `prompt-cost audit|diff|merge|prices update`: the CI entry point. Exit codes: 0 ok, 1 findings at/above --fail-on,
// a budget exceeded, an unpriced site with --fail-on-unknown-model or a failed price update, 2 usage or config error.
import * as fs from 'fs';
import * as path from 'path';
import { buildReport } from '../core/report/model';
import { MergeError } from '../core/report/merge';
import { auditDocuments, type SourceDocument } from '../core/workspaceAudit';
import { MAX_SCANNED_BYTES } from '../core/scanning';
import type { ScanProblem } from '../core/types';
import { discoverFiles, readDocuments, toRelative, type DiscoveredFile } from '../workspace/nodeFiles';
import { isTestPath } from '../core/testPaths';
import { findProject } from '../workspace/project';
import { describeFileType, isInside } from '../workspace/safeFs';
import { terminalLines } from '../core/report/escape';
import { parseArguments, USAGE, UsageError, type CliOptions } from './args';
import { OutputError } from './output';
import { emitReport, loadProject, sessionFrom, type CliEnvironment, type CliResult, type SessionSpec } from './shared';
import type { AuditConfig } from '../core/config';
import type { WorkspaceAudit } from '../core/workspaceAudit';
import { auditFiles, runAuditWorker, type AuditWorkerData } from '../workspace/parallelAudit';
import { buildWorkspaceSymbols, filesToIndex } from '../workspace/symbolIndexFiles';
import { defaultCacheFolder, ResultCache } from '../workspace/resultCache';
import * as crypto from 'crypto';
import * as os from 'os';
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { decideAuditOutcome, renderAuditReportPieces, VERSION } from './auditOutput';
import { runDiff } from './diff';
import { runMerge } from './merge';
import { updatePrices } from './priceStore';
import { collectGarbage } from '../workspace/collectGarbage';

export type { CliEnvironment, CliResult } from './shared';
export { VERSION, DOCS_URL } from './auditOutput';

/** Audits of at least this many files report progress on standard error. */
export const PROGRESS_MIN_FILES = 200;
/** Below this many files, starting workers (each loads the encoder and grammars: about 1 s of CPU) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 500;
const MAX_DEFAULT_JOBS = 4;

/**
 * What every cached result depends on besides its file: this build of the tool (its own bundle's bytes), the
 * effective config, the catalog's date and the day it prices for, and the catalog with overrides and imported prices.
 */
function contextKey(context: { config: AuditConfig; catalog: { asOf: string; pricedOn?: string; models: unknown[] } }): string {
  const hash = crypto.createHash('sha256');
  try {
    hash.update(fs.readFileSync(__filename));
  } catch {
    hash.update(VERSION);
  }
  // The pricing day decides dated prices and which findings a retirement or price change raises.
  return hash.update(JSON.stringify(context.config)).update(context.catalog.asOf).update(context.catalog.pricedOn ?? '').update(JSON.stringify(context.catalog.models)).digest('hex');
}

/** The CLI bundle when it runs as the CLI (not when a test bundles `runCli`). */
function defaultWorkerScript(): string | undefined {
  const bundle = path.join(__dirname, 'cli.js');
  return __filename === bundle && fs.existsSync(bundle) ? bundle : undefined;
}

async function runAudit(options: CliOptions, environment: CliEnvironment, cwd: string): Promise<CliResult> {
  let stderr = '';
  const fromStdin = options.paths.includes('-');
  const targets = options.paths.filter((p) => p !== '-').map((p) => path.resolve(cwd, p));
  for (const target of targets) checkTarget(target, cwd);
  // Each path finds its project by walking up; one run audits one project (shards of others merge later).
  const projects = (targets.length > 0 ? targets : [cwd]).map((target) => ({ target, project: findProject(target, cwd) }));
  const first = projects[0].project;
  const other = projects.find(({ project }) => project.root !== first.root);
  if (other && !options.config) {
    throw new UsageError(`${path.relative(cwd, projects[0].target) || '.'} and ${path.relative(cwd, other.target) || '.'} belong to different projects (${first.root}, ${other.project.root}): audit each in its own run, then \`prompt-cost merge\` the JSON reports`);
  }
  const wasmFolder = environment.wasmFolder ?? path.join(__dirname, 'wasm');
  const cacheFolder = environment.cacheFolder ?? defaultCacheFolder();
  const project = loadProject(options, cwd, { root: first.root, configFile: first.configFile }, wasmFolder, cacheFolder);
  const { session, root, configLabel, configText } = project;
  const configErrors = session.problems.filter((problem) => problem.severity === 'error');
  const problems: ScanProblem[] = [...session.problems];
  // Overlapping paths (`audit . src`) must not audit, and bill, the same file twice.
  const found = targets.map((target) => ({ target, files: discoverFiles(root, target, session.context.config, problems) }));
  const files = [...new Map(found.flatMap(({ files: list }) => list).map((file) => [file.absolute, file])).values()];
  const testFiles = testFilesBelowTargets(found, session.context.config.testPaths, root);
  // Pass 1 of cross-file resolution: every code file's exported bindings, `.env` files, tsconfig aliases, prompt files.
  // A part of a project (`audit src/api` below its .promptcost.yaml, or below the repository's root when there is no
  // config) still resolves names through the whole project's index. Outside a repository with no config the root is a
  // guess (the working folder, which may be a home folder), so only the paths are indexed.
  const rootIsProject = first.configFile !== undefined || first.repositoryRoot === root;
  const auditsRoot = !rootIsProject || (targets.length === 0 ? path.resolve(cwd) === root : targets.some((target) => path.resolve(target) === root));
  const indexed = filesToIndex(files, auditsRoot, () => discoverFiles(root, root, session.context.config, []));
  const total = files.length + (fromStdin ? 1 : 0);
  const step = Math.max(1, Math.ceil(total / 10));
  const onProgress = (done: number, all: number): void => {
    if (!options.quiet) environment.onProgress?.(done, all);
    if (all >= PROGRESS_MIN_FILES && !options.quiet && (done % step === 0 || done === all)) environment.progress?.(`prompt-cost: audited ${done}/${all} files\n`);
  };
  // The audits and the cache live only until the report is built: rendering a many-file report can reuse their memory.
  const report = await (async () => {
    // Never inside an audited folder: the cache would show up in the workspace (and in the next audit). Standard input
    // audits without it.
    const cache =
      options.cache && !fromStdin && !targets.some((target) => isInside(target, cacheFolder)) ? ResultCache.open(cacheFolder, root, contextKey(session.context), { settleMs: environment.cacheSettleMs }) : undefined;
    const context = { ...session.context, symbols: buildWorkspaceSymbols(root, indexed, cache) };
    let audit: WorkspaceAudit;
    if (fromStdin) {
      // Standard input joins the files on the main thread, without the result cache.
      let done = 0;
      const documents = concat([readDocuments(files, problems), readStdinDocument(options, environment, cwd, root, problems)]);
      audit = await auditDocuments(documents, context, { onDocument: () => void onProgress(++done, total) });
    } else {
      const workerScript = environment.workerScript ?? defaultWorkerScript();
      const jobs = options.jobs ?? Math.min(MAX_DEFAULT_JOBS, os.availableParallelism());
      audit = await auditFiles(files, context, problems, {
        workers: workerScript === undefined ? 1 : jobs,
        workerScript,
        sessionSpec: project.spec,
        minFilesForWorkers: environment.minFilesForWorkers ?? MIN_FILES_FOR_WORKERS,
        cache,
        onProgress,
        ...(environment.onReread ? { onReread: environment.onReread } : {}),
      });
      if (cache) {
        cache.save();
        environment.onCacheUse?.(cache.hits, cache.misses, { unread: cache.unread, symbolsReused: cache.symbolsReused });
      }
    }
    return buildReport(audit, session.context.catalog, session.context.config, problems, new Map(configText === undefined ? [] : [[configLabel, configText]]), { isTestFile: (file) => testFiles.has(file) });
  })();
  // The audits and the cache are garbage once the report is built: collected before the report is rendered (runs of
  // 1,000+ files; the rendering's strings would otherwise add to them at the run's peak).
  collectGarbage(total);
  const outcome = decideAuditOutcome(report, options, configErrors.length, configLabel, session.context.config);
  const written = await emitReport(options, cwd, (format) => renderAuditReportPieces(report, format, { environment, outcome, root, configLabel, configText }), environment.writeStdout);
  const stdout = written.stdout;
  stderr += written.stderr;
  if (!options.quiet && options.format !== 'table' && options.format !== 'github') {
    for (const problem of report.problems) stderr += `note: ${problem.file || '(config)'}${problem.line ? `:${problem.line}` : ''}: ${problem.message}\n`;
    // The table says it in its footer; other formats go to files or tools, so standard error says it.
    if (report.catalog.stale) stderr += `warning: the price data is ${report.catalog.ageDays} days old (more than ${report.catalog.maxAgeDays}); run "prompt-cost prices update"\n`;
  }
  for (const reason of outcome.reasons) stderr += `${reason}\n`;
  return { exitCode: outcome.exitCode, stdout, stderr };
}

/** `prices update [--from URL|FILE]`: only this ever reaches the network, and only when run. */
async function runPricesUpdate(options: CliOptions, environment: CliEnvironment, cwd: string): Promise<CliResult> {
  const from = options.from && !/^https?:\/\//i.test(options.from) ? path.resolve(cwd, options.from) : options.from;
  const result = await updatePrices(from, environment.cacheFolder ?? defaultCacheFolder(), environment.fetch ?? fetch);
  return result.ok ? { exitCode: 0, stdout: `${result.message}\n`, stderr: '' } : { exitCode: 1, stdout: '', stderr: `prompt-cost: ${result.message}\n` };
}

/**
 * Files under a test path below the folder that found them (`audit .` leaves `tests/` out, `audit tests` counts it);
 * a file named on the command line, or found by another PATH that does not put it under a test path, is counted.
 */
function testFilesBelowTargets(found: ReadonlyArray<{ target: string; files: DiscoveredFile[] }>, globs: readonly string[], root: string): Set<string> {
  const verdicts = new Map<string, boolean>();
  for (const { target, files } of found) {
    for (const file of files) {
      // Below the root itself a file's path is the one it was found under (no path.relative per file).
      const below = target === root ? file.file : path.relative(target, file.absolute).split(path.sep).join('/');
      const underTest = file.absolute !== target && isTestPath(below, globs);
      verdicts.set(file.file, (verdicts.get(file.file) ?? true) && underTest);
    }
  }
  return new Set([...verdicts].filter(([, underTest]) => underTest).map(([file]) => file));
}

async function* concat(sources: Array<Iterable<SourceDocument> | AsyncIterable<SourceDocument>>): AsyncGenerator<SourceDocument> {
  for (const source of sources) yield* source;
}

async function* readStdinDocument(options: CliOptions, environment: CliEnvironment, cwd: string, root: string, problems: ScanProblem[]): AsyncGenerator<SourceDocument> {
  const name = options.stdinFilename ?? 'stdin.prompt.md';
  // A relative name is taken from the current folder, so `--stdin-filename src/app.py` reports the same path as a file would.
  const file = toRelative(root, path.resolve(cwd, name));
  const text = environment.readStdin ? await environment.readStdin() : '';
  if (text.length > MAX_SCANNED_BYTES) {
    problems.push({ file, severity: 'warning', message: `skipped: standard input is larger than the ${MAX_SCANNED_BYTES / 1048576} MB scan limit` });
    return;
  }
  yield { file: file.startsWith('..') ? name.split(path.sep).join('/') : file, text };
}

/** A PATH must be a folder or a regular file reached without a symlink: anything else would audit nothing and pass. */
function checkTarget(target: string, cwd: string): void {
  const shown = path.relative(cwd, target) || target;
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    throw new UsageError(`no such file or folder: ${shown}`);
  }
  if (stat.isSymbolicLink()) throw new UsageError(`${shown} is a symbolic link; symlinks are not followed (name the folder or file it points to)`);
  if (!stat.isDirectory() && !stat.isFile()) throw new UsageError(`${shown} is ${describeFileType(stat)}; nothing to audit`);
}

/** stderr is a terminal: every line of it goes through the terminal escaper (file names, config keys, messages). */
export async function runCli(argv: string[], environment: CliEnvironment = {}): Promise<CliResult> {
  const result = await runCliUnescaped(argv, environment);
  return { ...result, stderr: terminalLines(result.stderr) };
}

async function runCliUnescaped(argv: string[], environment: CliEnvironment): Promise<CliResult> {
  const cwd = environment.cwd ?? process.cwd();
  try {
    let parsed: ReturnType<typeof parseArguments>;
    try {
      parsed = parseArguments(argv);
    } catch (error) {
      // One line, with the closest flag or value when there is one; --help has the rest.
      if (error instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `prompt-cost: ${error.message}\n` };
      throw error;
    }
    if (parsed === 'help') return { exitCode: 0, stdout: USAGE, stderr: '' };
    if (parsed === 'version') return { exitCode: 0, stdout: `prompt-cost ${VERSION}\n`, stderr: '' };
    if (parsed.command === 'diff') return await runDiff(parsed, environment, cwd);
    if (parsed.command === 'merge') return await runMerge(parsed, environment, cwd);
    if (parsed.command === 'prices') return await runPricesUpdate(parsed, environment, cwd);
    return await runAudit(parsed, environment, cwd);
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `prompt-cost: ${error.message}\n` };
    if (error instanceof OutputError || error instanceof MergeError) return { exitCode: 2, stdout: '', stderr: `prompt-cost: ${error.message}\n` };
    return { exitCode: 2, stdout: '', stderr: `prompt-cost: internal error: ${(error as Error).stack ?? error}\n` };
  }
}

/** Colour only for a terminal, and never when NO_COLOR is set to anything but the empty string (no-color.org). */
export function wantsColor(isTTY: boolean | undefined, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY === true;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    // Bounded: one byte past the scan limit is enough to report the input as too large.
    if (size > MAX_SCANNED_BYTES + 1) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A worker thread started by `auditFiles` from this bundle: audit the batches it is sent, then end. */
function startWorker(data: AuditWorkerData<SessionSpec>): void {
  const port = parentPort!;
  runAuditWorker(
    {
      on: (event, listener) => port.on(event, listener),
      postMessage: (message) => port.postMessage(message),
      close: () => process.exit(0),
    },
    { ...sessionFrom(data.sessionSpec).context, ...(data.symbols ? { symbols: data.symbols } : {}) },
  );
}

/** On a terminal, one self-overwriting line on standard error. */
function terminalProgress(): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    process.stderr.write(done < total ? `\raudited ${done}/${total} files` : '\r\x1b[K');
  };
}

/** Resolves once `stream` has drained, or has failed or closed (nothing more will drain). */
function drainedOrClosed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'error', 'close']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'error', 'close']) stream.on(event, done);
  });
}

if (!isMainThread && (workerData as AuditWorkerData<SessionSpec> | undefined)?.promptCostAuditWorker === true) {
  startWorker(workerData as AuditWorkerData<SessionSpec>);
} else if (require.main === module) {
  // A reader that stops early (`| head`) closes the pipe: the rest of the report is dropped, as any pipe's writer does,
  // and the exit code stays the audit's (not an internal error). Any other write error is one.
  let stdoutClosed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
  });
  runCli(process.argv.slice(2), {
    readStdin: readAllStdin,
    // The report goes out as it is rendered. A pipe whose reader is behind queues what is written in memory (the whole
    // 25 MB JSON report of 10,000 files): then the next run waits until it has drained, or the reader has gone.
    writeStdout: (text: string) => (stdoutClosed || process.stdout.write(text) ? undefined : drainedOrClosed(process.stdout)),
    // A terminal gets one self-overwriting line; a CI log a line per tenth of a long audit.
    ...(process.stderr.isTTY ? { onProgress: terminalProgress() } : { progress: (line: string) => process.stderr.write(line) }),
    color: wantsColor(process.stdout.isTTY, process.env),
    env: process.env,
  }).then(
    (result) => {
      if (!stdoutClosed) process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    },
    (error) => {
      process.stderr.write(`prompt-cost: internal error: ${error}\n`);
      process.exitCode = 2;
    },
  );
}
