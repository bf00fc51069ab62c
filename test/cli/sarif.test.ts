// SARIF for code scanning: valid against the OASIS SARIF 2.1.0 schema (a fixture), %SRCROOT%-relative URIs that do not
// depend on how the CLI was called, fingerprints that survive line moves, rule help, a result per budget breach, and
// the run's exit code and reason in `invocations`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runCli } from '../../src/cli/main';
import { describeRules } from '../../src/core/rules/registry';
import { folderUri } from '../../src/core/report/sarif';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');
const schema = JSON.parse(fs.readFileSync(path.join(repo, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
  const valid = validate(log);
  assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-sarif-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const CALL = 'client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Classify this ticket."}])\n';
const CONFIG = 'callsPerMonth: 1000000\nbudgets:\n  monthlyUsd: 1\n  perCallUsd: 0.0000001\n  perFile:\n    - glob: src/**\n      monthlyUsd: 0.5\n';

async function sarifOf(dir: string, args: string[], cwd = dir) {
  const result = await runCli(['audit', ...args, '--format', 'sarif'], { cwd, wasmFolder });
  return { result, log: JSON.parse(result.stdout) };
}

test('the SARIF of a project with findings and three budget breaches validates against the SARIF 2.1.0 schema', async () => {
  const dir = tempDir({ '.git/HEAD': 'ref: refs/heads/main\n', '.promptcost.yaml': CONFIG, 'src/app.py': `from openai import OpenAI\nclient = OpenAI()\n${CALL}` });
  const { result, log } = await sarifOf(dir, ['.']);
  assert.equal(result.exitCode, 1);
  assertValid(log);
  const run = log.runs[0];
  assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: folderUri(dir) } });
  assert.ok(run.originalUriBaseIds['%SRCROOT%'].uri.startsWith('file:///') && run.originalUriBaseIds['%SRCROOT%'].uri.endsWith('/'));
  // Invocation: the exit code and its reason, as the CLI printed it.
  assert.deepEqual(run.invocations.map((i: { exitCode: number; exitCodeDescription: string; executionSuccessful: boolean }) => [i.exitCode, i.exitCodeDescription, i.executionSuccessful]), [[1, 'budget exceeded: 3 budget(s)', true]]);
  assert.equal(result.stderr, 'budget exceeded: 3 budget(s)\n');
  // Rules: every registry rule with help in text and Markdown, a help URI, a default level and tags; three budget rules.
  const rules = run.tool.driver.rules;
  for (const rule of describeRules()) {
    const sarifRule = rules.find((r: { id: string }) => r.id === rule.id);
    assert.ok(sarifRule, rule.id);
    assert.equal(sarifRule.helpUri, `https://github.com/prompt-cost/prompt-cost-auditor#rule-${rule.id}`);
    assert.ok(sarifRule.help.text.startsWith(rule.rationale));
    assert.ok(sarifRule.help.markdown.startsWith(`**${rule.title}**\n\n${rule.rationale}`));
    assert.equal(sarifRule.defaultConfiguration.level, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[rule.defaultSeverity]);
    assert.ok(sarifRule.properties.tags.includes('cost'));
  }
  assert.deepEqual(rules.slice(-3).map((r: { id: string; defaultConfiguration: { level: string } }) => `${r.id}:${r.defaultConfiguration.level}`), ['budget-monthly:error', 'budget-per-call:error', 'budget-per-file:error']);
  // Results: URIs relative to %SRCROOT%, a content fingerprint each, ruleIndex pointing at the rule.
  for (const entry of run.results) {
    const location = entry.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!location.artifactLocation.uri.startsWith('/'));
    assert.match(entry.partialFingerprints['promptCostContent/v1'], /^[0-9a-f]{14}:\d+$/);
    assert.equal(rules[entry.ruleIndex].id, entry.ruleId);
  }
  const budgets = run.results.filter((entry: { ruleId: string }) => entry.ruleId.startsWith('budget-'));
  assert.deepEqual(budgets.map((entry: { ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }) =>
    `${entry.ruleId} ${entry.level} ${entry.locations[0].physicalLocation.artifactLocation.uri}:${entry.locations[0].physicalLocation.region.startLine}`), [
    'budget-per-call error src/app.py:3',
    'budget-monthly error .promptcost.yaml:3',
    'budget-per-file error .promptcost.yaml:6',
  ]);
  assert.match(budgets[1].message.text, /^Budget monthlyUsd exceeded for all audited sites: \$[\d.,]+ against \$1\.00 per month\.$/);
});

test('`audit src` from the root, `audit .` and `audit .` inside src write the same results', async () => {
  const dir = tempDir({ '.git/HEAD': 'ref: refs/heads/main\n', '.promptcost.yaml': 'callsPerMonth: 1000\n', 'src/app.py': `from openai import OpenAI\nclient = OpenAI()\n${CALL}` });
  const whole = (await sarifOf(dir, ['.'])).log.runs[0];
  const sub = (await sarifOf(dir, ['src'])).log.runs[0];
  const inside = (await sarifOf(dir, ['.'], path.join(dir, 'src'))).log.runs[0];
  assert.ok(whole.results.length > 0);
  assert.deepEqual(sub.results, whole.results);
  assert.deepEqual(inside.results, whole.results);
  assert.deepEqual(inside.originalUriBaseIds, whole.originalUriBaseIds);
  assert.equal(whole.results[0].locations[0].physicalLocation.artifactLocation.uri, 'src/app.py');
});

test('partialFingerprints stay the same when lines are inserted above a finding', async () => {
  const before = tempDir({ 'src/app.py': `from openai import OpenAI\nclient = OpenAI()\n${CALL}` });
  const after = tempDir({ 'src/app.py': `from openai import OpenAI\n\n\n# Tickets\nclient = OpenAI()\n${CALL}` });
  const a = (await sarifOf(before, ['.'])).log.runs[0].results;
  const b = (await sarifOf(after, ['.'])).log.runs[0].results;
  assert.deepEqual(a.map((r: { ruleId: string }) => r.ruleId), b.map((r: { ruleId: string }) => r.ruleId));
  assert.deepEqual(a.map((r: { partialFingerprints: unknown }) => r.partialFingerprints), b.map((r: { partialFingerprints: unknown }) => r.partialFingerprints));
  assert.notDeepEqual(a.map((r: { locations: Array<{ physicalLocation: { region: { startLine: number } } }> }) => r.locations[0].physicalLocation.region.startLine), b.map((r: { locations: Array<{ physicalLocation: { region: { startLine: number } } }> }) => r.locations[0].physicalLocation.region.startLine));
});

test('the sample workspace SARIF validates, and a config error is recorded as an unsuccessful invocation', async () => {
  const sample = await runCli(['audit', path.join(repo, 'test/fixtures/sample-workspace'), '--format', 'sarif', '--fail-on', 'none'], { cwd: repo, wasmFolder });
  assertValid(JSON.parse(sample.stdout));
  const dir = tempDir({ '.promptcost.yaml': 'callsPerMonth: [1,\n', 'prompts/a.txt': 'Say hello.' });
  const { result, log } = await sarifOf(dir, ['.']);
  assert.equal(result.exitCode, 2);
  assertValid(log);
  const invocation = log.runs[0].invocations[0];
  assert.equal(invocation.executionSuccessful, false);
  assert.equal(invocation.exitCode, 2);
  assert.equal(invocation.exitCodeDescription, 'config error: 1 problem(s) in .promptcost.yaml; defaults were used for those settings');
  assert.equal(invocation.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri, '.promptcost.yaml');
});

test('the schema check can fail: a result with an unknown level or a region line 0 is rejected', async () => {
  const dir = tempDir({ 'src/app.py': `from openai import OpenAI\nclient = OpenAI()\n${CALL}` });
  const { log } = await sarifOf(dir, ['.']);
  const badLevel = structuredClone(log);
  badLevel.runs[0].results[0].level = 'fatal';
  assert.equal(validate(badLevel), false);
  const badLine = structuredClone(log);
  badLine.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
  assert.equal(validate(badLine), false);
});
