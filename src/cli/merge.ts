// `prompt-cost merge A.json B.json …`: one report from the JSON reports of sharded runs (a monorepo's CI splits
// paths across runners). Budgets are evaluated again on the whole, with the config found as `audit` finds it.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG, parseConfig, type AuditConfig } from '../core/config';
import { mergeReports } from '../core/report/merge';
import type { AuditReport } from '../core/report/model';
import { findProject } from '../workspace/project';
import { UsageError, type CliOptions } from './args';
import { emitReport, type CliEnvironment, type CliResult } from './shared';
import { decideAuditOutcome, renderAuditReportPieces } from './auditOutput';

/** Bounded: a shard's report is JSON text, not an arbitrary file. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

function readReport(file: string): AuditReport {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_REPORT_BYTES) throw new UsageError(`${file} is larger than ${MAX_REPORT_BYTES / 1048576} MB`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read report ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text) as AuditReport;
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

export async function runMerge(options: CliOptions, environment: CliEnvironment, cwd: string): Promise<CliResult> {
  const reports = options.paths.map((file) => ({ file, report: readReport(path.resolve(cwd, file)) }));
  const project = findProject(cwd, cwd);
  const configFile = options.config ? path.resolve(cwd, options.config) : project.configFile;
  let config: AuditConfig = DEFAULT_CONFIG;
  let configErrors = 0;
  let configText: string | undefined;
  if (configFile) {
    let text: string;
    try {
      text = fs.readFileSync(configFile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read config ${configFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    configText = text;
    const loaded = parseConfig(text, path.basename(configFile));
    config = loaded.config;
    configErrors = loaded.problems.filter((problem) => problem.severity === 'error').length;
  }
  const merged = mergeReports(reports, config);
  const configLabel = configFile ? path.relative(project.root, configFile).split(path.sep).join('/') : '.promptcost.yaml';
  const outcome = decideAuditOutcome(merged, options, configErrors, configLabel, config);
  const written = await emitReport(options, cwd, (format) => renderAuditReportPieces(merged, format, { environment, outcome, root: project.root, configLabel, ...(configText !== undefined ? { configText } : {}) }), environment.writeStdout);
  let stderr = written.stderr;
  for (const reason of outcome.reasons) stderr += `${reason}\n`;
  return { exitCode: outcome.exitCode, stdout: written.stdout, stderr };
}
