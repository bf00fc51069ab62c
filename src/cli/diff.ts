// `prompt-cost diff [--base REF] [--head REF] [PATH...]`: audits two revisions from git objects and reports the change.
import { isTestPath } from '../core/testPaths';
import * as path from 'path';
import { parseConfig } from '../core/config';
import { diffReports, type CostDiff } from '../core/diff';
import { hasFindingsAtOrAbove, buildReport, type AuditReport } from '../core/report/model';
import { renderDiffMarkdown, renderDiffTable } from '../core/report/diffRender';
import { escapeGithubData, escapeGithubProperty } from '../core/report/github';
import { jsonText } from '../core/report/escape';
import { formatUsd } from '../core/pricing/cost';
import { classifyDocument, looksBinary, MAX_SCANNED_BYTES } from '../core/scanning';
import { auditDocuments, isIncluded, type SourceDocument } from '../core/workspaceAudit';
import type { ScanProblem, Severity } from '../core/types';
import { ALWAYS_SKIPPED_DIRECTORIES } from '../workspace/nodeFiles';
import { listTree, mergeBase, readBlobs, repositoryTop, resolveCommit, GitError, type TreeEntry } from '../workspace/git';
import { UsageError, type CliOptions, type Format } from './args';
import { defaultCacheFolder } from '../workspace/resultCache';
import { emitReport, loadProject, type CliEnvironment, type CliResult, type Outcome } from './shared';

const CONFIG = '.promptcost.yaml';
const DIFF_FORMATS: readonly Format[] = ['table', 'json', 'markdown', 'github'];

interface Revision {
  ref: string;
  commit: string;
  tree: TreeEntry[];
}

export async function runDiff(options: CliOptions, environment: CliEnvironment, cwd: string): Promise<CliResult> {
  for (const format of [options.format, ...options.outputs.map((output) => output.format)]) {
    if (!DIFF_FORMATS.includes(format)) throw new UsageError(`diff writes ${DIFF_FORMATS.join(', ')}, not ${format}`);
  }
  if (options.paths.includes('-')) throw new UsageError('diff reads revisions from git, not standard input');
  let top: string;
  try {
    top = await repositoryTop(cwd);
  } catch {
    throw new UsageError(`${cwd} is not inside a git repository`);
  }
  const env = environment.env ?? {};
  const headRef = options.head ?? 'HEAD';
  const baseRef = options.base ?? (env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : 'HEAD~1');
  let stderr = '';
  let head: Revision;
  let base: Revision;
  try {
    const headCommit = await resolveCommit(top, headRef);
    const baseTip = await resolveCommit(top, baseRef);
    // Like a pull request's "Files changed": measured from where the branch left the base, not from the base's tip.
    const common = await mergeBase(top, baseTip, headCommit);
    if (common && common !== baseTip && !options.quiet) stderr += `prompt-cost: measuring from the merge-base ${common.slice(0, 12)} of ${baseRef} and ${headRef}\n`;
    if (!common && !options.quiet) stderr += `prompt-cost: no merge-base of ${baseRef} and ${headRef} (a shallow clone?); measuring from ${baseRef} itself\n`;
    const baseCommit = common ?? baseTip;
    head = { ref: headRef, commit: headCommit, tree: await listTree(top, headCommit) };
    base = { ref: baseRef, commit: baseCommit, tree: await listTree(top, baseCommit) };
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }
  // Paths are taken relative to the repository's top folder, as git stores them.
  const targets = options.paths.map((p) => {
    const relative = path.relative(top, path.resolve(cwd, p)).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw new UsageError(`${p} is outside the repository ${top}`);
    return relative === '' ? '' : relative;
  });
  // The project root: the nearest folder above each path that holds a config in the head revision, else the top.
  const headPaths = new Set(head.tree.map((entry) => entry.path));
  const roots = targets.map((target) => projectRootIn(headPaths, target));
  if (new Set(roots).size > 1) throw new UsageError(`the paths belong to different projects (${[...new Set(roots)].map((root) => root || '.').join(', ')}): diff each on its own`);
  const root = roots[0];
  const prefix = root === '' ? '' : `${root}/`;
  const wasmFolder = environment.wasmFolder ?? path.join(__dirname, 'wasm');
  const audits: AuditReport[] = [];
  const configErrors: string[] = [];
  let headBudget = {};
  for (const revision of [base, head]) {
    const problems: ScanProblem[] = [];
    const byPath = new Map(revision.tree.map((entry) => [entry.path, entry]));
    const configEntry = byPath.get(`${prefix}${CONFIG}`);
    const configText = configEntry ? (await readBlobs(top, [configEntry.object])).get(configEntry.object)?.toString('utf8') : undefined;
    // LiteLLM files the config names come from the same revision.
    const named = configText === undefined ? [] : parseConfig(configText).config.litellmFiles;
    const namedEntries = named.map((file) => byPath.get(path.posix.normalize(`${prefix}${file}`))).filter((entry): entry is TreeEntry => entry !== undefined);
    const namedBlobs = await readBlobs(top, namedEntries.map((entry) => entry.object));
    const project = loadProject(options, cwd, {
      root: path.join(top, root),
      configText: { text: configText },
      readConfiguredLiteLLM: (file) => {
        const entry = byPath.get(path.posix.normalize(`${prefix}${file}`));
        const blob = entry && namedBlobs.get(entry.object);
        if (!blob) throw new Error(`not in ${revision.ref}`);
        return { file, text: blob.toString('utf8'), asOf: 'unknown' };
      },
    }, wasmFolder, environment.cacheFolder ?? defaultCacheFolder());
    const { session } = project;
    problems.push(...session.problems);
    if (revision === head) {
      headBudget = session.context.config.budgets.diff ?? {};
      configErrors.push(...session.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.message));
    }
    const config = session.context.config;
    const selected = revision.tree.filter((entry) => {
      if (!entry.path.startsWith(prefix)) return false;
      if (!targets.some((target) => target === '' || entry.path === target || entry.path.startsWith(`${target}/`))) return false;
      const file = entry.path.slice(prefix.length);
      if (file.split('/').slice(0, -1).some((segment) => ALWAYS_SKIPPED_DIRECTORIES.has(segment))) return false;
      return isIncluded(file, config.include, config.exclude) && classifyDocument(file, config.promptGlobs) !== null;
    });
    const small = selected.filter((entry) => {
      if (entry.size <= MAX_SCANNED_BYTES) return true;
      problems.push({ file: entry.path.slice(prefix.length), severity: 'warning', message: `skipped: ${(entry.size / 1048576).toFixed(1)} MB is larger than the ${MAX_SCANNED_BYTES / 1048576} MB scan limit` });
      return false;
    });
    const blobs = await readBlobs(top, small.map((entry) => entry.object));
    const documents: SourceDocument[] = [];
    for (const entry of small) {
      const file = entry.path.slice(prefix.length);
      const text = blobs.get(entry.object)?.toString('utf8');
      if (text === undefined) problems.push({ file, severity: 'error', message: `cannot read ${entry.object} from git` });
      else if (looksBinary(text)) problems.push({ file, severity: 'warning', message: 'skipped: the file looks binary, not text' });
      else documents.push({ file, text });
    }
    const audit = await auditDocuments(documents, session.context);
    // As in `audit`: test paths are matched below each PATH (and the project root); a file named as a PATH is counted.
    const isTestFile = (file: string): boolean => {
      const entryPath = `${prefix}${file}`;
      return targets.filter((target) => target === '' || entryPath === target || entryPath.startsWith(`${target}/`)).every((target) => {
        const folder = target.length > prefix.length ? `${target}/` : prefix;
        return entryPath !== target && isTestPath(entryPath.slice(folder.length), config.testPaths);
      });
    };
    audits.push(buildReport(audit, session.context.catalog, config, problems, new Map(configText === undefined ? [] : [[project.configLabel, configText]]), { isTestFile }));
  }
  const diff = diffReports(audits[0], audits[1], { base: { ref: base.ref, commit: base.commit }, head: { ref: head.ref, commit: head.commit } }, headBudget);
  const outcome = decideDiffOutcome(diff, options.failOn, configErrors);
  const written = await emitReport(options, cwd, (format) => renderDiff(diff, format), environment.writeStdout);
  stderr += written.stderr;
  for (const reason of outcome.reasons) stderr += `${reason}\n`;
  return { exitCode: outcome.exitCode, stdout: written.stdout, stderr };
}

/** Nearest folder at or above `target` (a repository path) whose `.promptcost.yaml` is in the revision; '' = the top. */
function projectRootIn(paths: ReadonlySet<string>, target: string): string {
  let folder = paths.has(target) ? path.posix.dirname(target) : target;
  for (;;) {
    if (folder === '.' || folder === '') return '';
    if (paths.has(`${folder}/${CONFIG}`)) return folder;
    folder = path.posix.dirname(folder);
  }
}

function decideDiffOutcome(diff: CostDiff, failOn: Severity | 'none', configErrors: string[]): Outcome {
  if (configErrors.length > 0) return { exitCode: 2, reasons: [`config error: ${configErrors.length} problem(s) in the head revision's config`] };
  const reasons = diff.budget.reasons.map((reason) => `diff budget exceeded: ${reason}`);
  const newAtOrAbove = failOn !== 'none' && hasFindingsAtOrAbove({ findings: diff.newFindings } as AuditReport, failOn);
  if (newAtOrAbove) reasons.push(`new findings at or above "${failOn}"`);
  return { exitCode: reasons.length > 0 ? 1 : 0, reasons };
}

function renderDiff(diff: CostDiff, format: Format): string {
  switch (format) {
    case 'json':
      return jsonText(diff) + '\n';
    case 'markdown':
      return renderDiffMarkdown(diff);
    case 'github': {
      const lines = diff.newFindings.map((finding) => `::${finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'notice'} file=${escapeGithubProperty(finding.file)},line=${finding.line},title=${escapeGithubProperty(`prompt-cost ${finding.rule} (new)`)}::${escapeGithubData(finding.message)}`);
      for (const reason of diff.budget.reasons) lines.push(`::error title=prompt-cost diff budget::${escapeGithubData(reason)}`);
      const total = diff.totals.costPerMonthUsd;
      lines.push(`::notice title=prompt-cost diff::${escapeGithubData(`expected cost per month ${formatUsd(total.base)} → ${formatUsd(total.head)}`)}`);
      return lines.join('\n') + '\n';
    }
    default:
      return renderDiffTable(diff);
  }
}
