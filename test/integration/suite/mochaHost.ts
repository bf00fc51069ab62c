// Mocha inside a VS Code extension host. Importing this module loads mocha's self-contained browser
// build (it also loads in a Node host) and installs the TDD globals (suite/test/suiteSetup/...), so it
// must be imported before any suite file: those call `suite(...)` at their top level.
import 'mocha/mocha';

mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 20000 });

// `run-web.cjs --grep=REGEXP` serves a copy of this bundle that sets this global first: only matching tests run.
const grep = (globalThis as { promptCostTestGrep?: unknown }).promptCostTestGrep;
if (typeof grep === 'string' && grep !== '') {
  mocha.grep(new RegExp(grep));
  console.log(`mocha: only tests whose full title matches /${grep}/`);
}

/** Marker test/integration/run-web.cjs looks for in the host's output to read the counts. */
export const suiteResultMarker = 'PROMPT_COST_SUITE_RESULT';

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  total: number;
}

/** Runs every registered suite, prints the counts after the marker, rejects on any failure or when nothing ran. */
export function runMocha(): Promise<SuiteResult> {
  // mocha's browser build reads `location.search` for grep options; a desktop (Node) extension host has none.
  const host = globalThis as { location?: unknown };
  const addedLocation = host.location === undefined;
  if (addedLocation) host.location = { search: '' };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (addedLocation) delete host.location;
        const result: SuiteResult = {
          passed: runner.stats?.passes ?? 0,
          failed: runner.stats?.failures ?? failures,
          pending: runner.stats?.pending ?? 0,
          total: runner.total,
        };
        console.log(`${suiteResultMarker} ${JSON.stringify(result)}`);
        if (result.failed > 0) reject(new Error(`${result.failed} test(s) failed.`));
        else if (result.passed === 0) reject(new Error('No test ran.'));
        else resolve(result);
      });
    } catch (error) {
      reject(error);
    }
  });
}
