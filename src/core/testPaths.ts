// Tests, fixtures, examples and docs: audited like everything else, but reported apart from the totals, findings and
// budgets unless asked for (`--include-tests`, `includeTests: true`), so a fixture full of deliberately bad prompts
// neither inflates the monthly cost nor fails CI. Nothing is hidden: the report counts what it left out and lists the
// files. The patterns are the conventions of the ecosystems the scanner reads (pytest, Jest/Vitest, Go, JUnit/Maven,
// .NET test projects, RSpec) plus the folders repositories keep samples and documentation in.
import type { Severity } from './types';
import { matchesGlob } from './glob';

export const DEFAULT_TEST_PATHS: readonly string[] = Object.freeze([
  // Test folders: pytest/unittest `tests/`, Maven/Gradle `src/test/`, Jest `__tests__/`, RSpec `spec/`, Go `testdata/`, .NET `App.Tests/`.
  '**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/testdata/**', '**/*.Tests/**', '**/*.Test/**',
  // Test files next to the code: pytest, Go, Jest/Vitest/Mocha, RSpec, JUnit, xUnit/NUnit.
  '**/test_*.py', '**/*_test.py', '**/conftest.py', '**/*_test.go', '**/*.test.*', '**/*.spec.*', '**/*_spec.rb', '**/*Test.java', '**/*Tests.java', '**/*Tests.cs',
  // Fixtures and mocks.
  '**/fixtures/**', '**/__fixtures__/**', '**/__mocks__/**',
  // Examples and documentation.
  '**/examples/**', '**/example/**', '**/docs/**', '**/doc/**',
]);

/** What the report says about sites under test paths: one meaning whether they were counted or left out. */
export interface TestPathsSummary {
  /** True when those sites are in the totals, findings and budgets (`--include-tests`, `includeTests: true`). */
  counted: boolean;
  /** The globs that decided (`testPaths` in .promptcost.yaml, else the defaults). */
  globs: string[];
  /** Files under those paths with at least one site or finding, sorted, each with its own counts. */
  files: TestPathFile[];
  sites: number;
  findingsBySeverity: Record<Severity, number>;
}

export interface TestPathFile {
  file: string;
  sites: number;
  findingsBySeverity: Record<Severity, number>;
}

export function noFindings(): Record<Severity, number> {
  return { error: 0, warning: 0, information: 0, hint: 0 };
}

/** The summary of `files` (each counted once), for one report or the union of sharded ones. */
export function summariseTestPaths(counted: boolean, globs: readonly string[], files: Iterable<TestPathFile>): TestPathsSummary {
  const list = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const findingsBySeverity = noFindings();
  for (const entry of list) for (const severity of Object.keys(findingsBySeverity) as Severity[]) findingsBySeverity[severity] += entry.findingsBySeverity[severity] ?? 0;
  return { counted, globs: [...globs], files: list, sites: list.reduce((sum, entry) => sum + entry.sites, 0), findingsBySeverity };
}

/** True when `file` (relative to the folder that was audited, forward slashes) is under a test, fixture, example or docs path. */
export function isTestPath(file: string, globs: readonly string[]): boolean {
  return file !== '' && globs.some((glob) => matchesGlob(glob, file));
}

/** The summary line every report prints when test paths held sites or findings. */
export function testPathsLine(summary: TestPathsSummary): string | null {
  if (summary.files.length === 0) return null;
  const findings = Object.values(summary.findingsBySeverity).reduce((sum, count) => sum + count, 0);
  const what = `${summary.sites} site(s) and ${findings} finding(s) in ${summary.files.length} file(s) under test, fixture, example and docs paths`;
  return summary.counted
    ? `Counted ${what} (--include-tests / includeTests: true).`
    : `Left out of the totals, findings and budgets: ${what}; --include-tests (or includeTests: true) counts them.`;
}
