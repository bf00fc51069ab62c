// `prompt-cost audit [PATH...]`: the CI entry point. Exit codes: 0 ok, 1 findings at/above --fail-on or a budget
// exceeded, 2 usage or config error.
import * as fs from 'fs';
import * as path from 'path';
import { LIMITS, type AuditConfig } from '../core/config';
import { buildReport, hasFindingsAtOrAbove, type AuditReport } from '../core/report/model';
import { renderMarkdown } from '../core/report/markdown';
import { renderTable } from '../core/report/table';
import { renderSarif } from '../core/report/sarif';
import { renderCsv } from '../core/report/csv';
import { jsonText, terminalLines } from '../core/report/escape';
import { describeRules } from '../core/rules/registry';
import { createAuditSession } from '../core/session';
import type { ScanProblem, Severity } from '../core/types';
import { discoverFiles, toRelative } from '../workspace/nodeFiles';
import { describeFileType, FileAccessError, isInside, readRegularText, writeRegularFile } from '../workspace/safeFs';
import { auditFiles, runAuditWorker, type AuditWorkerData } from '../workspace/parallelAudit';
import { defaultCacheFolder, ResultCache } from '../workspace/resultCache';
import * as crypto from 'crypto';
import * as os from 'os';
import { isMainThread, parentPort, workerData } from 'worker_threads';

const VERSION = '0.1.0';
const FORMATS = ['table', 'json', 'markdown', 'sarif', 'csv'] as const;
type Format = (typeof FORMATS)[number];
const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];
const RULE_IDS = describeRules().map((rule) => rule.id);
export const DOCS_URL = 'https://github.com/prompt-cost/prompt-cost-auditor#';

/** Below this many files, starting workers (each loads the encoder and grammars: about 1 s of CPU) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 500;
const MAX_DEFAULT_JOBS = 4;

const USAGE = `Usage: prompt-cost audit [PATH...] [options]

Audits prompt files and LLM calls under each PATH (default: the current folder) and prints
token counts, cost per call and per month, and findings.

Options:
  --format table|json|markdown|sarif|csv   output format (default: table)
  --output FILE                            write the report to FILE instead of standard output
  --models a,b,c                           models to price sites that name none (first = default)
  --config FILE                            config file (default: PATH/.promptcost.yaml when present)
  --calls-per-month N                      monthly volume per site (overrides the config)
  --fail-on error|warning|information|none exit 1 when a finding is at or above this severity
                                           (default: error); budgets in the config always fail
  --litellm FILE                           also import a LiteLLM model_prices_and_context_window.json
  --jobs N                                 worker threads for large audits (default: one per core, up
                                           to 4, from ${MIN_FILES_FOR_WORKERS} changed files on); 1: main thread only
  --no-cache                               neither read nor write the result cache (in the user's cache
                                           folder, or $PROMPT_COST_CACHE_DIR; never inside the workspace)
  --rule ID=SEVERITY                       set a rule's severity (error|warning|information|hint|off) over
                                           the config; repeat for more rules
  -h, --help                               show this help
  -v, --version                            show the version

Exit codes: 0 ok; 1 findings at or above --fail-on, or a budget exceeded; 2 usage or config error.
`;

class UsageError extends Error {}
/** A failure that is not about the arguments' syntax: reported without the usage text. */
class OutputError extends Error {}

interface CliOptions {
  paths: string[];
  format: Format;
  output?: string;
  models?: string[];
  config?: string;
  callsPerMonth?: number;
  failOn: Severity | 'none';
  litellm: string[];
  jobs?: number;
  cache: boolean;
  rules: Record<string, Severity | 'off'>;
}

export function parseArguments(argv: string[]): CliOptions | 'help' | 'version' {
  const args = [...argv];
  if (args.length === 0 || args[0] === '-h' || args[0] === '--help') return 'help';
  if (args[0] === '-v' || args[0] === '--version') return 'version';
  const command = args.shift();
  if (command !== 'audit') throw new UsageError(`unknown command "${command}" (the command is "audit")`);
  const options: CliOptions = { paths: [], format: 'table', failOn: 'error', litellm: [], cache: true, rules: {} };
  while (args.length > 0) {
    const arg = args.shift()!;
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inlineValue ?? args.shift();
      if (next === undefined || next === '') throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '-v':
      case '--version':
        return 'version';
      case '--format': {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
        options.format = format as Format;
        break;
      }
      case '--output':
        options.output = value();
        break;
      case '--models': {
        const models = value().split(',').map((m) => m.trim()).filter(Boolean);
        if (models.length === 0) throw new UsageError('--models needs at least one model id');
        options.models = models;
        break;
      }
      case '--config':
        options.config = value();
        break;
      case '--calls-per-month': {
        const calls = Number(value());
        if (!Number.isFinite(calls) || calls < 0 || calls > LIMITS.callsPerMonth) throw new UsageError(`--calls-per-month must be a number from 0 to ${LIMITS.callsPerMonth.toLocaleString('en-US')}`);
        options.callsPerMonth = calls;
        break;
      }
      case '--fail-on': {
        const severity = value();
        if (severity !== 'none' && !SEVERITIES.includes(severity as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none`);
        options.failOn = severity as Severity | 'none';
        break;
      }
      case '--litellm':
        options.litellm.push(value());
        break;
      case '--no-cache':
        options.cache = false;
        break;
      case '--jobs': {
        const jobs = Number(value());
        if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
        options.jobs = jobs;
        break;
      }
      case '--rule': {
        const setting = value();
        const match = /^([a-z][a-z0-9-]*)=(error|warning|information|hint|off)$/.exec(setting);
        if (!match) throw new UsageError(`--rule takes ID=SEVERITY with SEVERITY one of ${SEVERITIES.join(', ')}, off (got "${setting}")`);
        if (!RULE_IDS.includes(match[1])) throw new UsageError(`--rule: unknown rule "${match[1]}" (rules: ${RULE_IDS.join(', ')})`);
        options.rules[match[1]] = match[2] as Severity | 'off';
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

/** No real config is near this; a bigger one is a mistake or an attack, refused before it is parsed. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** The real LiteLLM map is about 1 MB; the importer refuses more than this too. */
const MAX_LITELLM_BYTES = 64 * 1024 * 1024;

function reasonOf(error: unknown): string {
  return error instanceof FileAccessError ? error.reason : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
}

/** `userGiven`: named on the command line, so a symlink at the last component is followed (the target must still be a regular file). */
function readConfigFile(file: string, userGiven: boolean): string {
  try {
    return readRegularText(file, { limit: MAX_CONFIG_BYTES, followSymlinks: userGiven }).text;
  } catch (error) {
    throw new UsageError(`cannot read config ${file}: ${reasonOf(error)}`);
  }
}

interface LiteLLMFile {
  file: string;
  text: string;
  asOf: string;
}

function readLiteLLM(file: string, label: string, options: { userGiven: boolean; within?: string }): LiteLLMFile {
  const { text, mtime } = readRegularText(file, { limit: MAX_LITELLM_BYTES, followSymlinks: options.userGiven, within: options.within });
  return { file: label, text, asOf: mtime.toISOString().slice(0, 10) };
}

/** Writes the report, creating missing parent folders (CI steps often name `reports/…` before it exists). */
function writeOutput(file: string, content: string, cwd: string): void {
  try {
    writeRegularFile(file, content, cwd);
  } catch (error) {
    throw new OutputError(`cannot write --output ${file}: ${reasonOf(error)}`);
  }
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

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CliEnvironment {
  cwd?: string;
  /** Folder holding the tree-sitter wasm files (default: `wasm/` beside the CLI bundle). */
  wasmFolder?: string;
  /** Script for worker threads (default: the CLI bundle itself, when running from it). */
  workerScript?: string;
  /** Fewest files audited in workers (default: ${MIN_FILES_FOR_WORKERS}; tests lower it). */
  minFilesForWorkers?: number;
  /** The result cache's folder (default: the user's cache folder, see `defaultCacheFolder`). */
  cacheFolder?: string;
  /** Told how many files the result cache answered and how many were audited (tests, diagnostics). */
  onCacheUse?(hits: number, misses: number): void;
  /** Called as files finish (the command line shows it on a terminal). */
  onProgress?(done: number, total: number): void;
}

/** Everything a worker needs to build the same audit context as the main thread, as plain data. */
interface SessionSpec {
  configText?: string;
  configLabel: string;
  configPath: string;
  /** LiteLLM files a config names must stay inside this folder. */
  configWorkspace: string;
  litellm: LiteLLMFile[];
  models?: string[];
  callsPerMonth?: number;
  /** `--rule ID=SEVERITY` overrides, over the config's rules. */
  rules: Record<string, Severity | 'off'>;
  wasmFolder: string;
}

function sessionFrom(spec: SessionSpec) {
  const { configPath, configWorkspace } = spec;
  return createAuditSession({
    configText: spec.configText,
    configFile: spec.configLabel,
    litellmFiles: spec.litellm,
    // LiteLLM files named in the config are read relative to it, never outside its workspace, never through a symlink.
    readConfiguredLiteLLM: (file) => {
      const absolute = path.resolve(path.dirname(configPath), file);
      if (!isInside(configWorkspace, absolute)) throw new Error('is outside the workspace; a config may only name files inside it');
      try {
        return readLiteLLM(absolute, path.resolve(path.dirname(configPath), file), { userGiven: false, within: configWorkspace });
      } catch (error) {
        throw new Error(reasonOf(error));
      }
    },
    adjust: (config: AuditConfig) => ({
      ...config,
      ...(spec.models ? { compareModels: spec.models } : {}),
      ...(spec.callsPerMonth !== undefined ? { callsPerMonth: spec.callsPerMonth } : {}),
      rules: { ...config.rules, ...spec.rules },
    }),
    readBundledFile: async (name) => new Uint8Array(await fs.promises.readFile(path.join(spec.wasmFolder, name))),
  });
}

/**
 * What every cached result depends on besides its file: this build of the tool (its own bundle's bytes), the
 * effective config and the catalog with overrides and imported prices.
 */
function contextKey(context: { config: AuditConfig; catalog: { asOf: string; models: unknown[] } }): string {
  const hash = crypto.createHash('sha256');
  try {
    hash.update(fs.readFileSync(__filename));
  } catch {
    hash.update(VERSION);
  }
  return hash.update(JSON.stringify(context.config)).update(context.catalog.asOf).update(JSON.stringify(context.catalog.models)).digest('hex');
}

/** The CLI bundle when it runs as the CLI (not when a test bundles `runCli`). */
function defaultWorkerScript(): string | undefined {
  const bundle = path.join(__dirname, 'cli.js');
  return __filename === bundle && fs.existsSync(bundle) ? bundle : undefined;
}

/** stderr is a terminal: every line of it goes through the terminal escaper (file names, config keys, messages). */
export async function runCli(argv: string[], environment: CliEnvironment = {}): Promise<CliResult> {
  const result = await runCliUnescaped(argv, environment);
  return { ...result, stderr: terminalLines(result.stderr) };
}

async function runCliUnescaped(argv: string[], environment: CliEnvironment): Promise<CliResult> {
  const cwd = environment.cwd ?? process.cwd();
  let stdout = '';
  let stderr = '';
  try {
    const parsed = parseArguments(argv);
    if (parsed === 'help') return { exitCode: 0, stdout: USAGE, stderr: '' };
    if (parsed === 'version') return { exitCode: 0, stdout: `prompt-cost ${VERSION}\n`, stderr: '' };
    const options = parsed;
    const targets = options.paths.map((p) => path.resolve(cwd, p));
    for (const target of targets) checkTarget(target, cwd);
    // One directory argument is the audited root; otherwise paths are reported relative to the current folder.
    const root = targets.length === 1 && fs.lstatSync(targets[0]).isDirectory() ? targets[0] : cwd;
    const configPath = options.config ? path.resolve(cwd, options.config) : path.join(root, '.promptcost.yaml');
    // The default config is repository content: read without following a symlink. `lstat`, so a dangling or
    // looping symlink is reported rather than taken for "no config".
    const configPresent = options.config !== undefined || lexists(configPath);
    const configText = configPresent ? readConfigFile(configPath, options.config !== undefined) : undefined;
    // LiteLLM files a config names stay inside its workspace: the audited root, or the config's own folder for a
    // config the user named outside it.
    const configWorkspace = isInside(root, configPath) ? root : path.dirname(configPath);
    const configLabel = toRelative(root, configPath) || '.promptcost.yaml';
    const wasmFolder = environment.wasmFolder ?? path.join(__dirname, 'wasm');
    const sessionSpec: SessionSpec = {
      configText,
      configLabel,
      configPath,
      configWorkspace,
      litellm: options.litellm.map((file) => {
        try {
          return readLiteLLM(path.resolve(cwd, file), path.resolve(cwd, file), { userGiven: true });
        } catch (error) {
          throw new UsageError(`cannot read LiteLLM price file ${path.resolve(cwd, file)}: ${reasonOf(error)}`);
        }
      }),
      models: options.models,
      callsPerMonth: options.callsPerMonth,
      rules: options.rules,
      wasmFolder,
    };
    const session = sessionFrom(sessionSpec);
    const configErrors = session.problems.filter((problem) => problem.severity === 'error');
    const problems: ScanProblem[] = [...session.problems];
    // Overlapping paths (`audit . src`) must not audit, and bill, the same file twice.
    const files = [...new Map(targets.flatMap((target) => discoverFiles(root, target, session.context.config, problems)).map((file) => [file.absolute, file])).values()];
    const workerScript = environment.workerScript ?? defaultWorkerScript();
    const jobs = options.jobs ?? Math.min(MAX_DEFAULT_JOBS, os.availableParallelism());
    const cacheFolder = environment.cacheFolder ?? defaultCacheFolder();
    // Never inside an audited folder: the cache would show up in the workspace (and in the next audit).
    const cache = options.cache && !targets.some((target) => isInside(target, cacheFolder)) ? ResultCache.open(cacheFolder, root, contextKey(session.context)) : undefined;
    const audit = await auditFiles(files, session.context, problems, {
      workers: workerScript === undefined ? 1 : jobs,
      workerScript,
      sessionSpec,
      minFilesForWorkers: environment.minFilesForWorkers ?? MIN_FILES_FOR_WORKERS,
      cache,
      onProgress: environment.onProgress,
    });
    if (cache) {
      cache.save();
      environment.onCacheUse?.(cache.hits, cache.misses);
    }
    const report = buildReport(audit, session.context.catalog, session.context.config, problems, new Map(configText === undefined ? [] : [[configLabel, configText]]));
    const rendered = render(report, options.format);
    if (options.output) {
      writeOutput(path.resolve(cwd, options.output), rendered, cwd);
      stderr += `wrote ${options.output}\n`;
    } else stdout += rendered;
    if (options.format !== 'table') {
      for (const problem of report.problems) stderr += `note: ${problem.file || '(config)'}${problem.line ? `:${problem.line}` : ''}: ${problem.message}\n`;
    }
    if (configErrors.length > 0) {
      stderr += `config error: ${configErrors.length} problem(s) in ${configLabel}; defaults were used for those settings\n`;
      return { exitCode: 2, stdout, stderr };
    }
    const failedFindings = options.failOn !== 'none' && hasFindingsAtOrAbove(report, options.failOn);
    if (report.budgets.length > 0) stderr += `budget exceeded: ${report.budgets.length} budget(s)\n`;
    if (failedFindings) stderr += `findings at or above "${options.failOn}"\n`;
    return { exitCode: failedFindings || report.budgets.length > 0 ? 1 : 0, stdout, stderr };
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout, stderr: `prompt-cost: ${error.message}\n\n${USAGE}` };
    if (error instanceof OutputError) return { exitCode: 2, stdout, stderr: `prompt-cost: ${error.message}\n` };
    return { exitCode: 2, stdout, stderr: `prompt-cost: internal error: ${(error as Error).stack ?? error}\n` };
  }
}

function lexists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function render(report: AuditReport, format: Format): string {
  switch (format) {
    case 'json':
      return jsonText(report) + '\n';
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(report, describeRules().map((rule) => ({ id: rule.id, title: rule.title, rationale: rule.rationale, helpUri: DOCS_URL + rule.docsAnchor })), VERSION);
    case 'csv':
      return renderCsv(report);
    default:
      return renderTable(report);
  }
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
    sessionFrom(data.sessionSpec).context,
  );
}

/** On a terminal, one self-overwriting line on standard error; nothing in CI logs or pipes. */
function terminalProgress(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    process.stderr.write(done < total ? `\raudited ${done}/${total} files` : '\r\x1b[K');
  };
}

if (!isMainThread && (workerData as AuditWorkerData<SessionSpec> | undefined)?.promptCostAuditWorker === true) {
  startWorker(workerData as AuditWorkerData<SessionSpec>);
} else if (require.main === module) {
  runCli(process.argv.slice(2), { onProgress: terminalProgress() }).then(
    (result) => {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    },
    (error) => {
      process.stderr.write(`prompt-cost: internal error: ${error}\n`);
      process.exitCode = 2;
    },
  );
}
