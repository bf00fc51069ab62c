// A bound on the problems one file reports: a hostile or broken file (150,000 YAML errors from 814 KB of front matter)
// must not put 150,000 entries in the Problems panel, a SARIF log or the CLI's notes.
import { groupedInteger } from './groupedInteger';
import type { ScanProblem, Severity } from './types';

/**
 * Problems one file reports at most, besides the one that says how many were left out. After the first few, a file's
 * problems are mostly one mistake repeated (a tab-indented block gives two per line); 100 still shows every distinct
 * problem of any real file (the most a test fixture gives is 6) and keeps a broken file's list readable.
 */
export const MAX_PROBLEMS_PER_FILE = 100;

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/**
 * `problems` when there are at most MAX_PROBLEMS_PER_FILE (the same array). Else the first MAX_PROBLEMS_PER_FILE in text
 * order (problems about the whole file, which have no span, first) and one more, located at the first problem left
 * out, saying how many were left out, with the highest severity among them.
 */
export function capProblems(file: string, problems: ScanProblem[]): ScanProblem[] {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return problems;
  // Array.prototype.sort is stable: problems at one offset keep the order their scanner gave them.
  const ordered = problems.slice().sort((a, b) => (a.span?.start ?? -1) - (b.span?.start ?? -1));
  const kept = ordered.slice(0, MAX_PROBLEMS_PER_FILE);
  const firstLeftOut = ordered[MAX_PROBLEMS_PER_FILE];
  let severity: Severity = firstLeftOut.severity;
  for (let index = MAX_PROBLEMS_PER_FILE + 1; index < ordered.length; index++) {
    if (SEVERITY_RANK[ordered[index].severity] > SEVERITY_RANK[severity]) severity = ordered[index].severity;
  }
  const leftOut = ordered.length - MAX_PROBLEMS_PER_FILE;
  kept.push({
    file,
    severity,
    message: `${groupedInteger(leftOut)} more ${leftOut === 1 ? 'problem' : 'problems'} in this file ${leftOut === 1 ? 'is' : 'are'} not listed (only the first ${MAX_PROBLEMS_PER_FILE.toString()} are); the first of them: ${firstLeftOut.message}`,
    ...(firstLeftOut.span ? { span: firstLeftOut.span } : {}),
  });
  return kept;
}
