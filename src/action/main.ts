// The GitHub Action (action.yml, node20): runs the bundled CLI beside it, then on a pull request posts the cost diff
// as one comment (updated on every push) when the token may write, else writes it to the job summary.
// Only Node built-ins: the API is called with fetch at $GITHUB_API_URL (a loopback server in the tests).
import * as fs from 'fs';
import * as path from 'path';
import { execFile } from 'child_process';
import { DIFF_COMMENT_MARKER } from '../core/report/diffRender';
import { markdownCell } from '../core/report/markdown';
import { formatUsd } from '../core/pricing/cost';
import type { AuditReport } from '../core/report/model';

export interface ActionEnvironment {
  env: Record<string, string | undefined>;
  /** The CLI bundle to run (default: cli.js beside this file). */
  cliPath?: string;
  /** Lines for the job log (default: standard output, where workflow commands are read). */
  log?: (text: string) => void;
}

interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** An action input: `with: { fail-on: … }` arrives as INPUT_FAIL-ON. */
export function input(env: Record<string, string | undefined>, name: string, fallback = ''): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

function runCli(cliPath: string, args: string[], cwd: string, env: Record<string, string | undefined>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { cwd, env: { ...env, NO_COLOR: '1' } as NodeJS.ProcessEnv, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 2) : 0;
      resolve({ exitCode: code, stdout, stderr });
    });
  });
}

/** Appends `name=value` to $GITHUB_OUTPUT (single-line values only). */
function setOutput(env: Record<string, string | undefined>, name: string, value: string): void {
  if (env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, `${name}=${value.replace(/[\r\n]/g, ' ')}\n`);
}

function appendSummary(env: Record<string, string | undefined>, markdown: string): boolean {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  fs.appendFileSync(env.GITHUB_STEP_SUMMARY, markdown.endsWith('\n') ? markdown : markdown + '\n');
  return true;
}

/** A few lines for the job summary: the totals, the budgets, and the errors. */
function auditSummary(report: AuditReport, exitCode: number): string {
  const { summary } = report;
  const lines = ['### Prompt cost audit', ''];
  lines.push(`${summary.sites} site(s) in ${summary.files} file(s); ${summary.expectedMonthlyUsd === null ? 'no monthly volume configured' : `expected ${formatUsd(summary.expectedMonthlyUsd)} per month${summary.worstCaseMonthlyUsd === null ? '' : `, worst case ${formatUsd(summary.worstCaseMonthlyUsd)}`}`}; ${summary.findingsBySeverity.error} error(s), ${summary.findingsBySeverity.warning} warning(s).`);
  for (const breach of report.budgets) lines.push('', `- **Budget ${breach.budget}**${breach.file ? ` (${markdownCell(breach.file)}:${breach.line})` : breach.glob ? ` (${markdownCell(breach.glob)})` : ''}: ${formatUsd(breach.actualUsd)} against ${formatUsd(breach.limitUsd)}`);
  lines.push('', exitCode === 0 ? 'The audit passed.' : `The audit failed (exit code ${exitCode}).`, '');
  return lines.join('\n');
}

interface PullRequestEvent {
  pull_request?: { number: number; base: { sha: string; repo?: { full_name?: string } }; head: { sha: string; repo?: { full_name?: string } } };
}

export type CommentResult = 'created' | 'updated' | 'no-permission' | 'failed';

/** Creates the PR comment that starts with the diff marker, or updates it if one exists: one comment per PR. */
export async function upsertComment(apiUrl: string, repository: string, issue: number, token: string, body: string): Promise<CommentResult> {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json', 'user-agent': 'prompt-cost-action' };
  const base = `${apiUrl.replace(/\/$/, '')}/repos/${repository}`;
  let existing: number | undefined;
  for (let page = 1; page <= 20 && existing === undefined; page++) {
    const response = await fetch(`${base}/issues/${issue}/comments?per_page=100&page=${page}`, { headers });
    if (response.status === 403 || response.status === 404) return 'no-permission';
    if (!response.ok) return 'failed';
    const comments = (await response.json()) as Array<{ id: number; body?: string }>;
    existing = comments.find((comment) => typeof comment.body === 'string' && comment.body.startsWith(DIFF_COMMENT_MARKER))?.id;
    if (comments.length < 100) break;
  }
  const response = existing !== undefined
    ? await fetch(`${base}/issues/comments/${existing}`, { method: 'PATCH', headers, body: JSON.stringify({ body }) })
    : await fetch(`${base}/issues/${issue}/comments`, { method: 'POST', headers, body: JSON.stringify({ body }) });
  if (response.status === 403 || response.status === 404) return 'no-permission';
  if (!response.ok) return 'failed';
  return existing !== undefined ? 'updated' : 'created';
}

/** Runs the action; returns the exit code (non-zero fails the job). */
export async function runAction(action: ActionEnvironment): Promise<number> {
  const { env } = action;
  const log = action.log ?? ((text: string) => process.stdout.write(text));
  const cliPath = action.cliPath ?? path.join(__dirname, 'cli.js');
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const cwd = path.resolve(workspace, input(env, 'working-directory', '.'));
  const paths = input(env, 'paths', '.').split(/\s+/).filter(Boolean);
  const failOn = input(env, 'fail-on', 'error');
  const sarifFile = input(env, 'sarif-file', 'prompt-cost.sarif');
  const jsonFile = input(env, 'json-file', 'prompt-cost.json');
  const config = input(env, 'config');
  const common = [...(config ? ['--config', config] : []), '--fail-on', failOn];

  // 1. Audit: annotations on the log (workflow commands), SARIF and JSON files for upload and later steps.
  const audit = await runCli(cliPath, ['audit', ...paths, '--format', 'github', '--output-sarif', sarifFile, '--output-json', jsonFile, ...common], cwd, env);
  log(audit.stdout);
  if (audit.stderr) log(audit.stderr);
  setOutput(env, 'sarif-file', path.resolve(cwd, sarifFile));
  setOutput(env, 'json-file', path.resolve(cwd, jsonFile));
  setOutput(env, 'audit-exit-code', String(audit.exitCode));
  let failed = audit.exitCode !== 0;
  if (fs.existsSync(path.resolve(cwd, jsonFile))) {
    const report = JSON.parse(fs.readFileSync(path.resolve(cwd, jsonFile), 'utf8')) as AuditReport;
    setOutput(env, 'cost-per-month-usd', String(report.summary?.expectedMonthlyUsd ?? ''));
    setOutput(env, 'worst-case-per-month-usd', String(report.summary?.worstCaseMonthlyUsd ?? ''));
    appendSummary(env, auditSummary(report, audit.exitCode));
  }

  // 2. On a pull request: the cost diff against the base, as one comment or in the job summary.
  const event: PullRequestEvent = env.GITHUB_EVENT_PATH && fs.existsSync(env.GITHUB_EVENT_PATH) ? JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
  const pullRequest = event.pull_request;
  if (pullRequest && input(env, 'diff', 'true') !== 'false') {
    const diffFile = input(env, 'diff-file', 'prompt-cost-diff.md');
    const diff = await runCli(cliPath, ['diff', '--base', pullRequest.base.sha, '--head', 'HEAD', ...paths, '--format', 'json', '--output-markdown', diffFile, ...common], cwd, env);
    if (diff.stderr) log(diff.stderr);
    setOutput(env, 'diff-exit-code', String(diff.exitCode));
    failed ||= diff.exitCode !== 0;
    const markdownPath = path.resolve(cwd, diffFile);
    if (fs.existsSync(markdownPath)) {
      const markdown = fs.readFileSync(markdownPath, 'utf8');
      const parsed = JSON.parse(diff.stdout || '{}') as { totals?: { costPerMonthUsd?: { delta?: number | null; percent?: number | null } } };
      setOutput(env, 'diff-monthly-usd', String(parsed.totals?.costPerMonthUsd?.delta ?? ''));
      const token = input(env, 'github-token');
      // A pull request from a fork gets a read-only token on `pull_request`: no comment is even tried.
      const fromFork = pullRequest.head.repo?.full_name !== undefined && pullRequest.head.repo.full_name !== pullRequest.base.repo?.full_name;
      const wantsComment = input(env, 'comment', 'true') !== 'false' && token !== '' && !fromFork && env.GITHUB_REPOSITORY;
      const result: CommentResult | 'skipped' = wantsComment ? await upsertComment(env.GITHUB_API_URL ?? 'https://api.github.com', env.GITHUB_REPOSITORY!, pullRequest.number, token, markdown).catch(() => 'failed' as const) : 'skipped';
      setOutput(env, 'comment', result);
      if (result === 'created' || result === 'updated') log(`prompt-cost: ${result} the cost comment on pull request #${pullRequest.number}\n`);
      else {
        log(`prompt-cost: ${result === 'skipped' ? 'no comment (fork, no token or comment: false)' : result === 'no-permission' ? 'the token may not comment' : 'commenting failed'}; the diff is in the job summary\n`);
        appendSummary(env, markdown);
      }
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  runAction({ env: process.env }).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stdout.write(`::error title=prompt-cost::${String((error as Error).message ?? error).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
      process.exitCode = 2;
    },
  );
}
