// What every CLI command shares: the environment it runs in, loading a project's session, writing its reports.
import type { Severity } from '../core/types';
import * as fs from 'fs';
import * as path from 'path';
import type { AuditConfig } from '../core/config';
import { createAuditSession, type AuditSession } from '../core/session';
import { toRelative } from '../workspace/nodeFiles';
import { UsageError, type CliOptions, type FileFormat, type Format } from './args';
import { writeOutput } from './output';
import { FileAccessError, isInside, readRegularText, runsOf } from '../workspace/safeFs';
import { readStoredPrices } from './priceStore';
import { useRankFilesIn } from '../workspace/rankFiles';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CliEnvironment {
  cwd?: string;
  /** Folder holding the tree-sitter wasm files (default: `wasm/` beside the CLI bundle). */
  wasmFolder?: string;
  /** Standard input, read only when a PATH is `-`. */
  readStdin?: () => Promise<string>;
  /** Receives progress lines while a long audit runs (the process writes them to standard error at once). */
  progress?: (line: string) => void;
  /** ANSI colours in the table (the process: standard output is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** Environment variables (diff reads GITHUB_BASE_REF); default: none. */
  env?: Record<string, string | undefined>;
  /** Script for worker threads (default: the CLI bundle itself, when running from it). */
  workerScript?: string;
  /** Fewest files audited in workers (default: 500; tests lower it). */
  minFilesForWorkers?: number;
  /** The result cache's folder (default: the user's cache folder, see `defaultCacheFolder`). */
  cacheFolder?: string;
  /**
   * Told how many files the result cache answered and how many were audited (tests, diagnostics); `unread`: answers
   * taken from the file's stamp without reading it, `symbolsReused`: code files the symbol index did not read.
   */
  onCacheUse?(hits: number, misses: number, detail: { unread: number; symbolsReused: number }): void;
  /** How long before a caching run a file must have been last changed for its stamp to be trusted (default 2 s; tests 0). */
  cacheSettleMs?: number;
  /** Told which files were read a second time, at the end, for the cross-file rules (tests, diagnostics). */
  onReread?(files: string[]): void;
  /** Called as files finish (the command line shows it on a terminal). */
  onProgress?(done: number, total: number): void;
  /**
   * Writes report text to standard output as it is rendered (the process: a large report is never one string); without
   * it the report is returned in `CliResult.stdout`. A promise returned means "wait": the next run is written once it
   * resolves (the process: a pipe whose reader is behind, which would otherwise hold the rest of the report in memory).
   */
  writeStdout?(text: string): void | Promise<void>;
  /** Used by `prices update` (default: Node's fetch; tests pass a loopback-only one). */
  fetch?: typeof fetch;
}

/** What a command decided, before anything is printed: the exit code and why. */
export interface Outcome {
  exitCode: number;
  /** One line per reason for a non-zero exit code. */
  reasons: string[];
}

/** No real config is near this; a bigger one is a mistake or an attack, refused before it is parsed. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** The real LiteLLM map is about 1 MB; the importer refuses more than this too. */
const MAX_LITELLM_BYTES = 64 * 1024 * 1024;

export function reasonOf(error: unknown): string {
  return error instanceof FileAccessError ? error.reason : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
}

/** `userGiven`: named on the command line, so a symlink at the last component is followed (the target must still be a regular file). */
export function readConfigFile(file: string, userGiven: boolean): string {
  try {
    return readRegularText(file, { limit: MAX_CONFIG_BYTES, followSymlinks: userGiven }).text;
  } catch (error) {
    throw new UsageError(`cannot read config ${file}: ${reasonOf(error)}`);
  }
}

export interface LiteLLMFile {
  file: string;
  text: string;
  asOf: string;
}

function readLiteLLM(file: string, label: string, options: { userGiven: boolean; within?: string }): LiteLLMFile {
  const { text, mtime } = readRegularText(file, { limit: MAX_LITELLM_BYTES, followSymlinks: options.userGiven, within: options.within });
  return { file: label, text, asOf: mtime.toISOString().slice(0, 10) };
}

/** Everything a worker thread needs to build the same audit context as the main thread, as plain data. */
export interface SessionSpec {
  configText?: string;
  configLabel: string;
  configPath: string;
  /** LiteLLM files a config names must stay inside this folder. */
  configWorkspace: string;
  litellm: LiteLLMFile[];
  models?: string[];
  callsPerMonth?: number;
  /** `--rule ID=SEVERITY` overrides, over the config's rules. */
  rules?: Record<string, Severity | 'off'>;
  /** `--include-tests`: count the sites under test paths. */
  includeTests?: boolean;
  wasmFolder: string;
  /** `--as-of`: the day prices are taken for (default: today, UTC). */
  pricedOn?: string;
  /** The price file stored by `prices update`, when there is one. */
  updatedPrices?: { text: string; source: string; asOf: string };
}

type ConfiguredLiteLLMReader = (file: string) => LiteLLMFile;

/** The session a spec describes. `readConfiguredLiteLLM` replaces the disk reader (diff reads git revisions). */
export function sessionFrom(spec: SessionSpec, readConfiguredLiteLLM?: ConfiguredLiteLLMReader): AuditSession {
  const { configPath, configWorkspace } = spec;
  // Counting reads the encoders' rank files from the same folder as the grammars (main thread and workers alike).
  useRankFilesIn(spec.wasmFolder);
  return createAuditSession({
    configText: spec.configText,
    configFile: spec.configLabel,
    pricedOn: spec.pricedOn,
    ...(spec.updatedPrices ? { updatedPrices: spec.updatedPrices } : {}),
    litellmFiles: spec.litellm,
    // LiteLLM files named in the config are read relative to it, never outside its workspace, never through a symlink.
    readConfiguredLiteLLM: readConfiguredLiteLLM ?? ((file) => {
      const absolute = path.resolve(path.dirname(configPath), file);
      if (!isInside(configWorkspace, absolute)) throw new Error('is outside the workspace; a config may only name files inside it');
      try {
        return readLiteLLM(absolute, absolute, { userGiven: false, within: configWorkspace });
      } catch (error) {
        throw new Error(reasonOf(error), { cause: error });
      }
    }),
    adjust: (config: AuditConfig) => ({
      ...config,
      ...(spec.models ? { compareModels: spec.models } : {}),
      ...(spec.callsPerMonth !== undefined ? { callsPerMonth: spec.callsPerMonth } : {}),
      ...(spec.rules ? { rules: { ...config.rules, ...spec.rules } } : {}),
      ...(spec.includeTests ? { includeTests: true } : {}),
    }),
    readBundledFile: async (name) => new Uint8Array(await fs.promises.readFile(path.join(spec.wasmFolder, name))),
  });
}

export interface LoadedProject {
  root: string;
  configPath: string;
  configLabel: string;
  configText?: string;
  spec: SessionSpec;
  session: AuditSession;
}

export interface ProjectSource {
  root: string;
  /** The config file found by discovery (read from disk unless `configText` is given). */
  configFile?: string;
  /** The config's text from elsewhere (a git revision); `{ text: undefined }` = that revision has none. */
  configText?: { text?: string };
  /** Reads a LiteLLM file the config names, by its path relative to the config (default: from disk). */
  readConfiguredLiteLLM?: ConfiguredLiteLLMReader;
}

/**
 * The session for a root and its config (discovered or named by --config), with the CLI's overrides applied.
 * `cacheFolder`: the user's cache folder, where `prices update` stores the price file later audits use.
 */
export function loadProject(options: CliOptions, cwd: string, source: ProjectSource, wasmFolder: string, cacheFolder: string): LoadedProject {
  const { root } = source;
  const configPath = options.config ? path.resolve(cwd, options.config) : source.configFile ?? path.join(root, '.promptcost.yaml');
  // The discovered config is repository content: read without following a symlink (findProject reports one as found,
  // so a dangling or looping symlink is an error here rather than "no config").
  const configText = source.configText && !options.config ? source.configText.text : options.config || source.configFile ? readConfigFile(configPath, options.config !== undefined) : undefined;
  const relative = toRelative(root, configPath);
  const stored = readStoredPrices(cacheFolder);
  const configLabel = relative && !relative.startsWith('..') ? relative : options.config ?? '.promptcost.yaml';
  const spec: SessionSpec = {
    configText,
    configLabel,
    configPath,
    // LiteLLM files a config names stay inside its workspace: the root, or the config's own folder for a config named outside it.
    configWorkspace: isInside(root, configPath) ? root : path.dirname(configPath),
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
    ...(options.includeTests ? { includeTests: true } : {}),
    wasmFolder,
    pricedOn: options.asOf,
    ...(stored ? { updatedPrices: { text: stored.text, source: stored.source, asOf: stored.fetchedOn } } : {}),
  };
  return { root, configPath, configLabel, configText, spec, session: sessionFrom(spec, source.readConfiguredLiteLLM) };
}

/**
 * Prints the --format rendering (or writes it to --output) and writes every --output-<format> file. With --quiet and no
 * --format, nothing is printed (or rendered for standard output). Pieces are written as they are made: to the file, or
 * to `writeStdout` when given (then `stdout` is empty), else joined into `stdout`.
 */
export async function emitReport(
  options: CliOptions,
  cwd: string,
  render: (format: Format) => string | Iterable<string>,
  writeStdout?: (text: string) => void | Promise<void>,
): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const note = (file: string) => {
    if (!options.quiet) stderr += `wrote ${file}\n`;
  };
  if (options.output) {
    writeOutput(path.resolve(cwd, options.output), render(options.format), cwd);
    note(options.output);
  } else if (!options.quiet || options.formatGiven) {
    const rendered = render(options.format);
    if (typeof rendered === 'string' && !writeStdout) stdout = rendered;
    else if (writeStdout) {
      for (const run of runsOf(typeof rendered === 'string' ? [rendered] : rendered)) await writeStdout(run);
    }
    else stdout = [...rendered].join('');
  }
  for (const { format, file } of options.outputs) {
    writeOutput(path.resolve(cwd, file), render(format as FileFormat), cwd, `--output-${format}`);
    note(file);
  }
  return { stdout, stderr };
}
