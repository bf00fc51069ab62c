// Command-line parsing for `prompt-cost audit|diff|merge|prices`: one table of flags, one-line errors with a did-you-mean.
import type { Severity } from '../core/types';
import { didYouMean } from '../core/suggest';
import { LIMITS } from '../core/config';
import { describeRules } from '../core/rules/registry';
import { isIsoDate } from '../core/pricing/validation';
import { FILE_REPORT_FORMAT_IDS, REPORT_FORMAT_IDS, type FileReportFormat, type ReportFormat } from '../core/report/formats';

/** From the one format registry, which the editor's Export Report reads too. */
export const FORMATS = REPORT_FORMAT_IDS;
export type Format = ReportFormat;
/** Formats a run can also write to files with `--output-<format> FILE`, besides the one it prints. */
export const FILE_FORMATS = FILE_REPORT_FORMAT_IDS;
export type FileFormat = FileReportFormat;
const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];
export const COMMANDS = ['audit', 'diff', 'merge', 'prices'] as const;
export type Command = (typeof COMMANDS)[number];

export class UsageError extends Error {}

export interface CliOptions {
  command: Command;
  /** Paths to audit (audit, diff) or JSON reports to merge (merge). */
  paths: string[];
  format: Format;
  /** True when --format was given (with --quiet, an explicit format is still printed). */
  formatGiven: boolean;
  output?: string;
  outputs: Array<{ format: FileFormat; file: string }>;
  models?: string[];
  config?: string;
  callsPerMonth?: number;
  failOn: Severity | 'none';
  litellm: string[];
  quiet: boolean;
  /** Name given to the text read from standard input for `-` (decides how it is scanned). */
  stdinFilename?: string;
  base?: string;
  head?: string;
  /** Worker threads for large audits (default: one per core, at most 4). */
  jobs?: number;
  /** Read and write the result cache. */
  cache: boolean;
  /** `--rule ID=SEVERITY` overrides, over the config's rules. */
  rules: Record<string, Severity | 'off'>;
  /** `--as-of YYYY-MM-DD`: the day prices are taken for (default: today, UTC). */
  asOf?: string;
  /** `--fail-on-unknown-model`: exit 1 when a site is unpriced (also the config's `failOnUnknownModel`). */
  failOnUnknownModel: boolean;
  /** `prices update --from URL|FILE` (default: LiteLLM's published map). */
  from?: string;
  /** Count sites under test, fixture, example and docs paths in the totals, findings and budgets. */
  includeTests: boolean;
}

interface FlagSpec {
  takesValue: boolean;
  commands: readonly Command[];
  apply(options: CliOptions, value: string, flag: string): void;
}

const ALL: readonly Command[] = ['audit', 'diff', 'merge'];
const AUDITING: readonly Command[] = ['audit', 'diff'];

const FLAGS = new Map<string, FlagSpec>(Object.entries({
  '--format': {
    takesValue: true,
    commands: ALL,
    apply(options, value) {
      if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}${didYouMean(value, FORMATS)}`);
      options.format = value as Format;
      options.formatGiven = true;
    },
  },
  '--output': { takesValue: true, commands: ALL, apply: (options, value) => (options.output = value) },
  ...Object.fromEntries(
    FILE_FORMATS.map((format) => [
      `--output-${format}`,
      { takesValue: true, commands: ALL, apply: (options: CliOptions, value: string) => options.outputs.push({ format, file: value }) } satisfies FlagSpec,
    ]),
  ),
  '--models': {
    takesValue: true,
    commands: AUDITING,
    apply(options, value) {
      const models = value.split(',').map((m) => m.trim()).filter(Boolean);
      if (models.length === 0) throw new UsageError('--models needs at least one model id');
      options.models = models;
    },
  },
  '--config': { takesValue: true, commands: ALL, apply: (options, value) => (options.config = value) },
  '--calls-per-month': {
    takesValue: true,
    commands: AUDITING,
    apply(options, value) {
      const calls = Number(value);
      if (!Number.isFinite(calls) || calls < 0 || calls > LIMITS.callsPerMonth) throw new UsageError(`--calls-per-month must be a number from 0 to ${LIMITS.callsPerMonth.toLocaleString('en-US')}`);
      options.callsPerMonth = calls;
    },
  },
  '--fail-on': {
    takesValue: true,
    commands: ALL,
    apply(options, value) {
      if (value !== 'none' && !SEVERITIES.includes(value as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none${didYouMean(value, [...SEVERITIES, 'none'])}`);
      options.failOn = value as Severity | 'none';
    },
  },
  '--litellm': { takesValue: true, commands: AUDITING, apply: (options, value) => options.litellm.push(value) },
  '--stdin-filename': { takesValue: true, commands: ['audit'], apply: (options, value) => (options.stdinFilename = value) },
  '--base': { takesValue: true, commands: ['diff'], apply: (options, value) => (options.base = value) },
  '--head': { takesValue: true, commands: ['diff'], apply: (options, value) => (options.head = value) },
  '--jobs': {
    takesValue: true,
    commands: ['audit'],
    apply(options, value) {
      const jobs = Number(value);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
      options.jobs = jobs;
    },
  },
  '--no-cache': { takesValue: false, commands: ['audit'], apply: (options) => (options.cache = false) },
  '--rule': {
    takesValue: true,
    commands: AUDITING,
    apply(options, value) {
      const match = /^([a-z][a-z0-9-]*)=(error|warning|information|hint|off)$/.exec(value);
      if (!match) throw new UsageError(`--rule takes ID=SEVERITY with SEVERITY one of ${SEVERITIES.join(', ')}, off (got "${value}")`);
      const ruleIds = describeRules().map((rule) => rule.id);
      if (!ruleIds.includes(match[1])) throw new UsageError(`--rule: unknown rule "${match[1]}" (rules: ${ruleIds.join(', ')})`);
      options.rules[match[1]] = match[2] as Severity | 'off';
    },
  },
  '--as-of': {
    takesValue: true,
    commands: AUDITING,
    apply(options, value) {
      if (!isIsoDate(value)) throw new UsageError(`--as-of must be a date written YYYY-MM-DD (got "${value}")`);
      options.asOf = value;
    },
  },
  '--fail-on-unknown-model': { takesValue: false, commands: ['audit', 'merge'], apply: (options) => (options.failOnUnknownModel = true) },
  '--from': { takesValue: true, commands: ['prices'], apply: (options, value) => (options.from = value) },
  '--include-tests': { takesValue: false, commands: AUDITING, apply: (options) => (options.includeTests = true) },
  '--quiet': { takesValue: false, commands: ALL, apply: (options) => (options.quiet = true) },
  '-q': { takesValue: false, commands: ALL, apply: (options) => (options.quiet = true) },
} satisfies Record<string, FlagSpec>));

export function parseArguments(argv: string[]): CliOptions | 'help' | 'version' {
  const args = [...argv];
  if (args.length === 0 || args[0] === '-h' || args[0] === '--help') return 'help';
  if (args[0] === '-v' || args[0] === '--version') return 'version';
  const command = args.shift()!;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}"${didYouMean(command, COMMANDS) || ` (commands: ${COMMANDS.join(', ')})`}`);
  }
  const options: CliOptions = { command: command as Command, paths: [], format: 'table', formatGiven: false, outputs: [], failOn: 'error', litellm: [], quiet: false, cache: true, rules: {}, failOnUnknownModel: false, includeTests: false };
  let onlyPaths = false;
  while (args.length > 0) {
    const arg = args.shift()!;
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '-v' || arg === '--version') return 'version';
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const spec = FLAGS.get(flag);
    if (!spec) {
      const known = [...FLAGS].filter(([name, flagSpec]) => name.startsWith('--') && flagSpec.commands.includes(options.command)).map(([name]) => name);
      throw new UsageError(`unknown option ${flag}${didYouMean(flag, known)}`);
    }
    if (!spec.commands.includes(options.command)) throw new UsageError(`${flag} does not apply to "${options.command}"`);
    let value = '';
    if (spec.takesValue) {
      const next = inlineValue ?? args.shift();
      if (next === undefined || next === '') throw new UsageError(`${flag} needs a value`);
      value = next;
    } else if (inlineValue !== undefined) throw new UsageError(`${flag} takes no value`);
    spec.apply(options, value, flag);
  }
  if (options.command === 'prices') {
    if (options.paths.length !== 1 || options.paths[0] !== 'update') {
      const given = options.paths.join(' ');
      throw new UsageError(`${given ? `unknown prices command "${given}"` : 'prices needs a command'}: the command is "prices update [--from URL|FILE]"`);
    }
    return options;
  }
  if (options.command === 'merge' && options.paths.length === 0) throw new UsageError('merge needs the JSON reports to merge');
  if (options.command !== 'merge' && options.paths.length === 0) options.paths.push('.');
  if (options.paths.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) can be given once');
  return options;
}

export const USAGE = `Usage: prompt-cost audit [PATH...] [options]
       prompt-cost diff [--base REF] [--head REF] [PATH...] [options]
       prompt-cost merge REPORT.json... [options]
       prompt-cost prices update [--from URL|FILE]

audit   token counts, cost per call and per month, and findings for the prompt files and LLM calls
        under each PATH (default: the current folder). \`-\` reads one file from standard input.
diff    audits two git revisions from git objects (the working tree is never read) and reports the change
        per site and in total (table, json, markdown for a PR comment, github annotations). --base defaults to
        origin/$GITHUB_BASE_REF in a GitHub pull request, else HEAD~1, and is measured from its merge-base
        with --head (default HEAD). Exit 1 when the increase exceeds budgets.diff in the config, or a new
        finding is at or above --fail-on.
merge   one report from the JSON reports of sharded audit runs, with budgets evaluated on the whole (the
        config is found from the current folder).
prices update   fetches a price file (a LiteLLM model_prices_and_context_window.json; default: LiteLLM's
        published map, or --from a URL or local file), validates it and stores it in the user's cache folder
        ($PROMPT_COST_CACHE_DIR, else the OS cache folder; never the workspace); later audits price the models
        it names with it. Nothing is fetched unless you run this; a failed update keeps the previous prices.

The config is the nearest .promptcost.yaml above each PATH (up to the repository root); paths in every
output are relative to the folder that holds it (else to the repository root).

Options:
  --format ${FORMATS.join('|')}   what to print (default: table); github = workflow annotations
  --output FILE                  write what would be printed to FILE instead
  ${FILE_FORMATS.map((format) => `--output-${format} FILE`).join(', ')}
                                 also write the report in that format (any number, in one run)
  --models a,b,c                 models to price sites that name none (first = default)
  --config FILE                  config file (default: the nearest .promptcost.yaml)
  --calls-per-month N            monthly volume per site (overrides the config)
  --fail-on error|warning|information|none   exit 1 when a finding is at or above this severity
                                 (default: error); budgets in the config always fail
  --litellm FILE                 also import a LiteLLM model_prices_and_context_window.json
  --stdin-filename NAME          the name that decides how \`-\` is scanned (default: stdin.prompt.md)
  --jobs N                       worker threads for large audits (default: one per core, up to 4, from 500
                                 changed files on); 1: main thread only
  --no-cache                     neither read nor write the result cache (in the user's cache folder, or
                                 $PROMPT_COST_CACHE_DIR; never inside the workspace)
  --rule ID=SEVERITY             set a rule's severity (error|warning|information|hint|off) over the config;
                                 repeat for more rules
  --as-of YYYY-MM-DD             price for this day instead of today (reproducible CI runs; dated price
                                 changes, retirements and the price data's age are taken on this day)
  --fail-on-unknown-model        exit 1 when a site's model is not in the catalog (unpriced); also the
                                 config's failOnUnknownModel: true
  --include-tests                count sites under test, fixture, example and docs paths (testPaths in the
                                 config) in the totals, findings and budgets; by default they are audited,
                                 left out of those and counted on a line of their own
  -q, --quiet                    print only errors and the reason for a failing exit code
  -h, --help                     show this help
  -v, --version                  show the version

Colour only on a terminal, never with NO_COLOR set. Progress goes to standard error for long audits (one
self-overwriting line on a terminal, a line per 10% of 200 or more files otherwise).
Exit codes: 0 ok; 1 findings at or above --fail-on, a budget exceeded, an unpriced site with
--fail-on-unknown-model, or a failed price update; 2 usage or config error.
`;
