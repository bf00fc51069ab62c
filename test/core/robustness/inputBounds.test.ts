// Every input path has a bound (issue 13): YAML key counts and duplicate checks, alias expansion in `.prompt.yml`
// messages, globs (length, alternatives, no backtracking), Mustache/Handlebars standalone lines, and a large LiteLLM
// map. Work is bounded by operation counts; the watchdog only turns a hang into a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config';
import { compileGlob, GlobError, takeGlobMatchSteps } from '../../../src/core/globMatcher';
import { matchesGlob } from '../../../src/core/glob';
import { templateSegments, takeStandaloneScanSteps } from '../../../src/core/scanning/promptFiles/templateText';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';
import { createAuditSession } from '../../../src/core/session';
import { parseYamlBounded, YAML_LIMITS } from '../../../src/core/yamlLimits';
import { ModelIndex } from '../../../src/core/pricing/names';
import { readBundledFile, runWatched, serveJobsInWorker } from './support';

const jobs = {
  yamlManyKeys(count: number) {
    const text = Array.from({ length: count }, (_, i) => `k${i}: ${i}`).join('\n') + `\nk0: again\n`;
    const doc = parseYamlBounded(text, { prettyErrors: false });
    return doc.errors.map((error) => ({ code: error.code, message: error.message.split('\n')[0], at: text.slice(0, error.pos[0]).split('\n').length }));
  },
  largeLiteLLM(count: number) {
    const map: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) map[`vendor/model-${i}`] = { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, max_tokens: 1000 };
    const session = createAuditSession({ litellmFiles: [{ file: 'big.json', text: JSON.stringify(map), asOf: '2026-01-01' }], readBundledFile });
    return { models: session.context.catalog.models.length, problems: session.problems.length };
  },
  largeStoredPrices(count: number) {
    const map: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) map[`vendor/model-${i}`] = { mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, max_tokens: 1000 };
    const session = createAuditSession({ updatedPrices: { text: JSON.stringify(map), source: 'https://example.test/prices.json', asOf: '2026-01-01' }, readBundledFile });
    return { models: session.context.catalog.models.length, problems: session.problems.map((problem) => problem.message) };
  },
};

if (!serveJobsInWorker(jobs)) {
  test('a mapping of 10,000 keys parses with duplicates found in linear time; more keys are a located error', { timeout: 180_000 }, async () => {
    const errors = await runWatched<Array<{ code: string; message: string; at: number }>>(__filename, 'yamlManyKeys', YAML_LIMITS.maxKeysPerMap - 1);
    assert.deepEqual(errors, [{ code: 'DUPLICATE_KEY', message: 'Map keys must be unique', at: YAML_LIMITS.maxKeysPerMap }]);
    const tooMany = await runWatched<Array<{ code: string; message: string; at: number }>>(__filename, 'yamlManyKeys', 40_000);
    assert.deepEqual(tooMany, [{ code: 'RESOURCE_EXHAUSTION', message: 'a mapping with more than 10,000 keys; not read', at: 1 }]);
    // The config reports it as a located error and keeps its defaults.
    const loaded = parseConfig(Array.from({ length: 10_001 }, (_, i) => `k${i}: 1`).join('\n'));
    assert.deepEqual(loaded.problems.map((problem) => problem.message), ['YAML: a mapping with more than 10,000 keys; not read']);
  });

  test('a LiteLLM map of 150,000 chat models loads (no push(...models) stack overflow)', () => {
    // On this thread: a worker's larger stack took 150,000 arguments, so the test passed with push(...models) too.
    const result = jobs.largeLiteLLM(150_000);
    assert.equal(result.problems, 0);
    assert.ok(result.models >= 150_000, String(result.models));
  });

  test('a stored price update (`prices update`: any URL, up to 64 MB) of 150,000 chat models loads (no push(...added) stack overflow)', () => {
    // On this thread: a worker's larger stack took 150,000 arguments.
    const result = jobs.largeStoredPrices(150_000);
    assert.deepEqual(result.problems, []);
    assert.ok(result.models >= 150_000, String(result.models));
  });
}

test('`messages: [*m, *m, …]` expands at most the alias budget; the rest is a located warning, not gigabytes of prompt', () => {
  const content = 'x'.repeat(1000);
  const text = `model: gpt-4o\nbase: &m\n  role: user\n  content: ${content}\nmessages: [${Array(5000).fill('*m').join(', ')}]\n`;
  const scanned = scanPromptFile('big.prompt.yml', text, 'github-models');
  assert.equal(scanned.sites.length, 1);
  assert.equal(scanned.sites[0].messages.length, YAML_LIMITS.maxAliases);
  const aliasProblem = scanned.problems.find((problem) => problem.message.startsWith('More than'));
  assert.equal(aliasProblem?.message, 'More than 100 messages are aliases (*name): the rest are not read.');
  assert.equal(text.slice(aliasProblem!.span!.start, aliasProblem!.span!.end), '*m');
});

test('a 30 KB glob in the config is a located error (it crashed V8\'s regex compiler), and matches nothing', () => {
  // picomatch compiled this to a regular expression V8 rejects ("Invalid regular expression"): an internal error.
  const long = '*/'.repeat(15_000);
  const loaded = parseConfig(`include:\n  - ok/**\n  - "${long}"\n`);
  assert.deepEqual(loaded.problems.map((problem) => problem.message), ['include: glob is 30000 characters, more than the 1024 allowed; ignored']);
  assert.equal(loaded.problems[0].span?.start, 'include:\n  - ok/**\n  - '.length);
  assert.deepEqual(loaded.config.include, ['ok/**']);
  assert.equal(matchesGlob(long, 'a/b/c'), false);
  assert.throws(() => compileGlob('{a,b}'.repeat(9)), GlobError);
  assert.deepEqual(parseConfig('volumes:\n  - glob: "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"\n    callsPerMonth: 5\n').problems.map((problem) => problem.message), ['volumes: glob expands to more than 256 alternatives; ignored']);
});

test('globs match in linear time: stars and extglob-like text against a long file name cannot backtrack', () => {
  const name = 'a'.repeat(250);
  for (const glob of ['*a*a*a*a*a*a*a*a*a*a*a*a*b', '+(a|aa)+(a|aa)+(a|aa)+(a|aa)b', '**/*a*a*a*a*a*a*b/**', '**/**/**/**/**/**/x']) {
    const compiled = compileGlob(glob);
    takeGlobMatchSteps();
    assert.equal(compiled.match(name), false, glob);
    const steps = takeGlobMatchSteps();
    // One pass over the name, each character touching each NFA state at most a constant number of times.
    assert.ok(steps <= (name.length + 1) * (glob.length + 2) * 3, `${glob}: ${steps} steps`);
  }
});

test('Mustache/Handlebars standalone-tag handling is linear: 800 KB of tags on one line scans each character O(1) times', () => {
  for (const source of ['{{#a}}{{/a}}'.repeat(66_000), `${' '.repeat(400_000)}{{#a}}${' '.repeat(400_000)}`, '{{#a}}\n'.repeat(100_000)]) {
    takeStandaloneScanSteps();
    templateSegments(source, 0, 'mustache');
    const steps = takeStandaloneScanSteps();
    assert.ok(steps <= 2 * source.length + 10, `${steps} steps for ${source.length} characters`);
  }
  // Behaviour kept: a standalone section line disappears with its newline, an inline one stays.
  const segments = templateSegments('Hi\n  {{#items}}\n- {{name}}\n{{/items}}\nBye', 0, 'mustache');
  assert.deepEqual(segments.map((segment) => (segment.kind === 'static' ? segment.text : `<${segment.raw}>`)), ['Hi\n', '<{{#items}}>', '- ', '<{{name}}>', '\n', '<{{/items}}>', 'Bye']);
});

test('aliases: and models: with thousands of entries build the model index a bounded number of times', () => {
  const aliasCount = 5_000;
  const aliasLines = Array.from({ length: aliasCount }, (_, i) => `  my-deployment-${i}: gpt-4o`).join('\n');
  const baseline = (() => {
    ModelIndex.claims = 0;
    createAuditSession({ readBundledFile });
    return ModelIndex.claims;
  })();
  ModelIndex.claims = 0;
  const session = createAuditSession({ configText: `aliases:\n${aliasLines}\n`, readBundledFile });
  assert.deepEqual(session.problems, []);
  assert.equal(session.context.catalog.resolve('my-deployment-4999')?.id, 'gpt-4o');
  assert.ok(ModelIndex.claims <= 4 * baseline + 4 * aliasCount, `${ModelIndex.claims} claims for ${aliasCount} aliases (no config: ${baseline})`);
  ModelIndex.claims = 0;
  const prices = createAuditSession({ configText: `models:\n  gpt-4o:\n    prices: { input: 3, output: 9 }\n  gpt-4o-mini:\n    prices: { input: 0.1, output: 0.2 }\n`, readBundledFile });
  assert.deepEqual(prices.problems, []);
  assert.equal(prices.context.catalog.resolve('gpt-4o')?.prices.input, 3);
  assert.ok(ModelIndex.claims <= 4 * baseline, `${ModelIndex.claims} claims for two price overrides (no config: ${baseline})`);
  // New models and added aliases grow the index entry by entry: claims stay linear in what the section names.
  const added = Array.from({ length: 1_000 }, (_, i) => `  extra-${i}:\n    provider: acme\n    aliases: [extra-${i}-a, extra-${i}-b]\n    prices: { input: 1, output: 2 }\n    contextWindow: 1000\n    maxOutputTokens: 100\n  gpt-4o-alias-${i}:\n    provider: acme\n    prices: { input: 1, output: 2 }\n    contextWindow: 1000\n    maxOutputTokens: 100`).join('\n');
  ModelIndex.claims = 0;
  const grown = createAuditSession({ configText: `models:\n${added}\n`, readBundledFile });
  assert.deepEqual(grown.problems, []);
  assert.equal(grown.context.catalog.resolve('extra-999-b')?.id, 'extra-999');
  assert.ok(ModelIndex.claims <= 4 * baseline + 16 * 2_000, /* a rebuild per entry made 6.9 million */ `${ModelIndex.claims} claims for 2,000 new models (no config: ${baseline})`);
  // Past the cap, entries are refused with a problem.
  const entries = Array.from({ length: 2_001 }, (_, i) => `  extra-${i}:\n    provider: acme\n    prices: { input: 1, output: 2 }\n    contextWindow: 1000\n    maxOutputTokens: 100`).join('\n');
  const many = createAuditSession({ configText: `models:\n${entries}\n`, readBundledFile });
  assert.deepEqual(many.problems.map((problem) => problem.message), ['models: more than 2000 entries; the rest are ignored']);
  assert.equal(many.context.catalog.resolve('extra-1999')?.id, 'extra-1999');
  assert.equal(many.context.catalog.resolve('extra-2000'), undefined);
});
