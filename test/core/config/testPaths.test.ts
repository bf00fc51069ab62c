// Which paths are tests, fixtures, examples or docs (reported apart by default), and the two config keys that change it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, parseConfig } from '../../../src/core/config';
import { DEFAULT_TEST_PATHS, isTestPath, summariseTestPaths, testPathsLine } from '../../../src/core/testPaths';

test('the default test paths match the test, fixture, example and docs layouts of each language and nothing else', () => {
  const under = [
    'tests/test_chat.py', 'app/tests/helpers.py', 'test/openai.test.ts', 'src/test/java/com/acme/ChatTest.java', 'src/__tests__/chat.ts',
    'spec/chat_spec.rb', 'pkg/chat/testdata/prompt.txt', 'Acme.Chat.Tests/ChatTests.cs', 'chat_test.go', 'test_prompts.py', 'pkg/llm_test.py',
    'conftest.py', 'src/chat.test.ts', 'src/chat.spec.tsx', 'lib/chat_spec.rb', 'src/ChatTest.java', 'src/ChatTests.cs', 'fixtures/bad.prompty',
    'src/__mocks__/openai.ts', 'examples/quickstart.py', 'example/main.go', 'docs/prompts/summary.prompt.md', 'doc/usage.md',
  ];
  const counted = [
    'src/chat.py', 'app/prompts/system.txt', 'src/contest.py', 'src/testing_utils.py', 'src/latest.ts', 'lib/specs.rb', 'cookbook/xml_prompts.ipynb',
    'src/Tests.py', 'prompts/test-plan.prompt.md', 'services/docs_bot.py', 'src/examples.ts', 'evals/run.py',
  ];
  assert.deepEqual(under.filter((file) => !isTestPath(file, DEFAULT_TEST_PATHS)), []);
  assert.deepEqual(counted.filter((file) => isTestPath(file, DEFAULT_TEST_PATHS)), []);
});

test('testPaths replaces the default list (an empty list reports nothing apart) and includeTests counts them; bad values are reported', () => {
  assert.deepEqual([DEFAULT_CONFIG.includeTests, DEFAULT_CONFIG.testPaths], [false, [...DEFAULT_TEST_PATHS]]);
  const own = parseConfig('testPaths: ["qa/**"]\nincludeTests: true\n');
  assert.deepEqual([own.problems, own.config.testPaths, own.config.includeTests], [[], ['qa/**'], true]);
  assert.deepEqual(parseConfig('testPaths: []\n').config.testPaths, []);
  const bad = parseConfig('testPaths: tests\nincludeTests: "yes"\n');
  assert.deepEqual(bad.problems.map((problem) => problem.message), ['testPaths must be a list of globs', 'includeTests must be true or false']);
  assert.deepEqual([bad.config.testPaths, bad.config.includeTests], [[...DEFAULT_TEST_PATHS], false]);
});

test('the summary line says what was left out, how many and how to count it; nothing when no test path held a site or finding', () => {
  const files = [
    { file: 'tests/test_chat.py', sites: 2, findingsBySeverity: { error: 0, warning: 1, information: 0, hint: 0 } },
    { file: 'examples/demo.ts', sites: 1, findingsBySeverity: { error: 0, warning: 0, information: 1, hint: 0 } },
  ];
  assert.equal(
    testPathsLine(summariseTestPaths(false, ['**/tests/**'], files)),
    'Left out of the totals, findings and budgets: 3 site(s) and 2 finding(s) in 2 file(s) under test, fixture, example and docs paths; --include-tests (or includeTests: true) counts them.',
  );
  assert.equal(testPathsLine(summariseTestPaths(true, ['**/tests/**'], files)), 'Counted 3 site(s) and 2 finding(s) in 2 file(s) under test, fixture, example and docs paths (--include-tests / includeTests: true).');
  assert.equal(testPathsLine(summariseTestPaths(false, ['**/tests/**'], [])), null);
  assert.deepEqual(summariseTestPaths(false, [], files).files.map((entry) => entry.file), ['examples/demo.ts', 'tests/test_chat.py']);
});
