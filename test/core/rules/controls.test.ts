// The controls every finding gets, as core edits: suppression comments in the file's syntax, and `rules: off` in config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, parseConfig } from '../../../src/core/config';
import { insertCapFix } from '../../../src/core/rules/capFix';
import { disableRuleInConfig, suppressionFix } from '../../../src/core/rules/controls';
import { applyTextEdits } from '../../../src/core/rules/textEdits';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';
import { auditFixture, findingsOf, repositoryRoot } from './ruleTestSupport';

const corpus = path.join(repositoryRoot, 'test/fixtures/rules-corpus');

async function suppressed(file: string, rule: string, root?: string) {
  const { text, audit } = await auditFixture(file, DEFAULT_CONFIG, root);
  const finding = audit.findings.find((candidate) => candidate.rule === rule)!;
  const fix = suppressionFix(text, file, finding.span, rule, audit.sites.map((audited) => audited.site));
  return { text, fix };
}

test('a finding on a code line gets a line comment above it, indented like it, in the language comment syntax', async () => {
  const { text, fix } = await suppressed('unbounded-output/gemini_client.py', 'unbounded-output');
  assert.equal(fix?.title, 'Suppress unbounded-output for this line');
  const fixed = applyTextEdits(text, fix!.edits);
  assert.equal(fixed.split('\n')[6], '    # prompt-cost-ignore-next-line unbounded-output');
  assert.equal(fixed.split('\n').slice(7).join('\n'), text.split('\n').slice(6).join('\n'));
  const { text: ts, fix: tsFix } = await suppressed('unbounded-output/openai-chat.ts', 'unbounded-output');
  assert.equal(applyTextEdits(ts, tsFix!.edits).split('\n')[6], '  // prompt-cost-ignore-next-line unbounded-output');
});

test('a finding inside a multi-line prompt literal is suppressed for the file: a comment there would be sent to the model', async () => {
  const { text, fix } = await suppressed('xml/research_lead.py', 'redundant-instruction', corpus);
  assert.equal(fix?.title, 'Suppress redundant-instruction in this file');
  assert.equal(applyTextEdits(text, fix!.edits), `# prompt-cost-ignore redundant-instruction\n${text}`);
});

test('a .prompty finding is suppressed in the front matter; plain prompt text offers no suppression comment', async () => {
  const { text, fix } = await suppressed('overkill/moderation.prompty', 'model-overkill', corpus);
  assert.equal(fix?.title, 'Suppress model-overkill in this file');
  assert.equal(applyTextEdits(text, fix!.edits), text.replace('---\n', '---\nprompt-cost-ignore: [model-overkill]\n'));
  const after = await auditFixtureText('overkill/moderation.prompty', applyTextEdits(text, fix!.edits));
  assert.deepEqual(after, ['unbounded-output']);
  const plain = await suppressed('prompts/travel_agent.txt', 'redundant-instruction', corpus);
  assert.equal(plain.fix, undefined);
});

test('a .prompty whose front matter follows blank lines gets the front-matter suppression and the cap fix where the scanner reads it', async () => {
  const text = '\n\n---\nname: x\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o-mini\n---\nsystem:\nYou are helpful.\n';
  const fix = suppressionFix(text, 'lead.prompty', { start: 0, end: 0 }, 'unbounded-output', []);
  assert.equal(fix?.title, 'Suppress unbounded-output in this file');
  const suppressed = applyTextEdits(text, fix!.edits);
  assert.equal(suppressed, text.replace('---\nname', '---\nprompt-cost-ignore: [unbounded-output]\nname'));
  assert.deepEqual(await auditFixtureText('lead.prompty', text), ['unbounded-output']);
  assert.deepEqual(await auditFixtureText('lead.prompty', suppressed), []);
  const site = scanPromptFile('lead.prompty', text, 'prompty').sites[0];
  const capped = insertCapFix(text, site, 512);
  assert.equal(capped && applyTextEdits(text, capped.edits), text.replace('name: gpt-4o-mini\n', 'name: gpt-4o-mini\n  parameters:\n    max_tokens: 512\n'));
});

async function auditFixtureText(file: string, text: string): Promise<string[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'controls-'));
  fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
  fs.writeFileSync(path.join(folder, file), text);
  const { audit, lineIndex } = await auditFixture(file, DEFAULT_CONFIG, folder);
  return findingsOf(audit, lineIndex).map((line) => line.split(' ')[2].replace(/:$/, ''));
}

function disabled(config: string | undefined, rule: string): string | undefined {
  const change = disableRuleInConfig(config, rule);
  if (!change) return undefined;
  if (config !== undefined) assert.equal(applyTextEdits(config, change.edits), change.text);
  const parsed = parseConfig(change.text);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.config.rules[rule], 'off');
  return change.text;
}

test('"Disable rule in .promptcost.yaml" changes only the rule line and keeps comments and flow lists as written', () => {
  const sample = fs.readFileSync(path.join(repositoryRoot, 'test/fixtures/sample-workspace/.promptcost.yaml'), 'utf8');
  assert.equal(disabled(sample, 'model-overkill'), sample.replace('  model-overkill: warning\n', '  model-overkill: off\n'));
  assert.equal(disabled(sample, 'redundant-instruction'), sample.replace('  model-overkill: warning\n', '  model-overkill: warning\n  redundant-instruction: off\n'));
  assert.equal(disabled('callsPerMonth: 5  # per site', 'unbounded-output'), 'callsPerMonth: 5  # per site\nrules:\n  unbounded-output: off\n');
  assert.equal(disabled('rules:\n    model-overkill: hint # quiet\n# end\n', 'unknown-model'), 'rules:\n    model-overkill: hint # quiet\n    unknown-model: off\n# end\n');
  assert.equal(disabled(undefined, 'unknown-model'), 'rules:\n  unknown-model: off\n');
});

test('"Disable rule" is not offered for a config it cannot edit safely', () => {
  assert.equal(disableRuleInConfig('rules: { model-overkill: hint }\n', 'unknown-model'), undefined);
  assert.equal(disableRuleInConfig('rules: [\n', 'unknown-model'), undefined);
  assert.equal(disableRuleInConfig('- a\n- b\n', 'unknown-model'), undefined);
});
