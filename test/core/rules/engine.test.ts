// The rule engine: severities and `off` from config, a throwing rule, suppression comments in every syntax, order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDocumentRules, runWorkspaceRules } from '../../../src/core/rules/engine';
import { describeRules, documentRules, renderRulesMarkdown, workspaceRules } from '../../../src/core/rules/registry';
import { applyTextEdits } from '../../../src/core/rules/textEdits';
import type { Rule, WorkspaceRule } from '../../../src/core/rules/types';
import { configFrom, ruleContext, testConfig } from './ruleTestSupport';

/** Flags every occurrence of `FLAG` in the text. */
function flagRule(id: string, severity: 'warning' | 'error' = 'warning'): Rule {
  return {
    id,
    defaultSeverity: severity,
    title: id,
    rationale: 'test',
    check: (context) => [...context.text.matchAll(/FLAG/g)].map((match) => ({ span: { start: match.index!, end: match.index! + 4 }, message: `${id} here` })),
  };
}

const throwingRule: Rule = { id: 'always-throws', defaultSeverity: 'error', title: 't', rationale: 't', check: () => { throw new Error('boom'); } };

function run(text: string, rules: Rule[], config = testConfig) {
  return runDocumentRules(ruleContext(text, [], config), rules).map((finding) => `${finding.rule}@${finding.span.start}:${finding.severity}`);
}

test('runs every rule and sorts findings by position (start, then end), then rule id', () => {
  assert.deepEqual(run('FLAG x FLAG', [flagRule('b-rule'), flagRule('a-rule')]), ['a-rule@0:warning', 'b-rule@0:warning', 'a-rule@7:warning', 'b-rule@7:warning']);
});

test('a rule that throws is skipped and reported to the handler; the others still run', () => {
  const errors: string[] = [];
  const findings = runDocumentRules(ruleContext('FLAG', []), [throwingRule, flagRule('a-rule')], (id, error) => errors.push(`${id}: ${(error as Error).message}`));
  assert.deepEqual(findings.map((finding) => finding.rule), ['a-rule']);
  assert.deepEqual(errors, ['always-throws: boom']);
});

test('config severities override the default and a result\'s own severity; off disables the rule', () => {
  const config = configFrom('compareModels: [small-model]\nrules:\n  a-rule: error\n  b-rule: off\n');
  const ownSeverity: Rule = { ...flagRule('c-rule'), check: () => [{ span: { start: 0, end: 1 }, message: 'm', severity: 'error' }] };
  assert.deepEqual(run('FLAG', [flagRule('a-rule'), flagRule('b-rule'), ownSeverity], config), ['c-rule@0:error', 'a-rule@0:error']);
  const overridden = configFrom('compareModels: [small-model]\nrules:\n  c-rule: hint\n');
  assert.deepEqual(run('FLAG', [ownSeverity], overridden), ['c-rule@0:hint']);
});

test('an off rule is not even run', () => {
  const config = configFrom('compareModels: [small-model]\nrules:\n  always-throws: off\n');
  const errors: string[] = [];
  runDocumentRules(ruleContext('x', [], config), [throwingRule], (id) => errors.push(id));
  assert.deepEqual(errors, []);
});

const suppressionCases: Array<[string, string, string[]]> = [
  ['// next-line with the rule named', '// prompt-cost-ignore-next-line a-rule\nFLAG\nFLAG', ['b-rule@39', 'a-rule@44', 'b-rule@44']],
  ['# next-line with two rules', '# prompt-cost-ignore-next-line a-rule, b-rule\nFLAG', []],
  ['/* */ next-line with no rule = all rules', '/* prompt-cost-ignore-next-line */\nFLAG', []],
  ['<!-- --> next-line', '<!-- prompt-cost-ignore-next-line b-rule -->\nFLAG', ['a-rule@45']],
  ['{# #} next-line', '{# prompt-cost-ignore-next-line a-rule #}\nFLAG', ['b-rule@42']],
  ['{{! }} file-wide', 'FLAG\n{{! prompt-cost-ignore a-rule }}\nFLAG', ['b-rule@0', 'b-rule@38']],
  ['# file-wide with no rule = all rules', '# prompt-cost-ignore\nFLAG', []],
  ['a reason after the rule id is not read as a rule', '// prompt-cost-ignore-next-line a-rule because the UI cuts replies\nFLAG', ['b-rule@67']],
  ['a directive in plain prose is not a suppression', 'prompt-cost-ignore-next-line a-rule\nFLAG', ['a-rule@36', 'b-rule@36']],
  ['next-line covers only the next line', '// prompt-cost-ignore-next-line\nx\nFLAG', ['a-rule@34', 'b-rule@34']],
  ['front matter promptCost.ignore', '---\npromptCost:\n  ignore: [a-rule]\n---\nFLAG', ['b-rule@39']],
  ['front matter prompt-cost-ignore list', '---\nprompt-cost-ignore: [a-rule, b-rule]\n---\nFLAG', []],
  // Found where the scanner finds it: after a BOM and blank lines (Prompty's loader strips them), with CRLF fences.
  ['front matter after blank lines', '\n  \n---\nprompt-cost-ignore: [a-rule]\n---\nFLAG', ['b-rule@41']],
  ['front matter after a BOM, CRLF fences', '\ufeff---\r\nprompt-cost-ignore: [a-rule]\r\n---\r\nFLAG', ['b-rule@41']],
];

for (const [name, text, expected] of suppressionCases) {
  test(`suppression: ${name}`, () => {
    assert.deepEqual(run(text, [flagRule('a-rule'), flagRule('b-rule')]).map((finding) => finding.replace(/:warning$/, '')), expected);
  });
}

test('suppression: a next-line comment above a call covers findings on the call\'s later lines', async () => {
  const { audit } = await import('./ruleTestSupport');
  const { site } = await import('./ruleTestSupport');
  const text = '// prompt-cost-ignore-next-line a-rule\nclient.create({\n  model: FLAG,\n})';
  const call = audit(site({ span: { start: 39, end: text.length }, anchor: { start: 39, end: 52 } }));
  const findings = runDocumentRules(ruleContext(text, [call]), [flagRule('a-rule'), flagRule('b-rule')]);
  assert.deepEqual(findings.map((finding) => finding.rule), ['b-rule']);
});

test('workspace rules: severities apply and each file\'s own suppressions hold', () => {
  const everyFile: WorkspaceRule = {
    id: 'ws-rule',
    defaultSeverity: 'information',
    title: 't',
    rationale: 't',
    checkWorkspace: (documents) => documents.map((document) => ({ file: document.file, span: { start: document.text.indexOf('X'), end: document.text.indexOf('X') + 1 }, message: 'dup' })),
  };
  const documents = [
    { file: 'b.py', text: '# prompt-cost-ignore ws-rule\nX', sites: [] },
    { file: 'a.ts', text: 'X', sites: [] },
    { file: 'c.md', text: '<!-- prompt-cost-ignore-next-line ws-rule -->\n\nX', sites: [] },
  ];
  assert.deepEqual(runWorkspaceRules(documents, testConfig, [everyFile]).map((finding) => `${finding.file}:${finding.severity}`), ['a.ts:information', 'c.md:information']);
  const off = configFrom('compareModels: [small-model]\nrules:\n  ws-rule: off\n');
  assert.deepEqual(runWorkspaceRules(documents, off, [everyFile]), []);
});

test('the registry lists the sixteen document rules and the workspace rule with README anchors', () => {
  assert.deepEqual(documentRules.map((rule) => rule.id), ['unbounded-output', 'output-cap-too-high', 'reasoning-exhausts-cap', 'agent-loop-unbounded', 'conversation-history-untruncated', 'long-reply-not-streamed', 'redundant-instruction', 'context-overflow', 'model-overkill', 'unknown-model', 'model-retired', 'price-change', 'cache-prefix-broken', 'cache-breakpoint-ineffective', 'cache-below-minimum', 'response-cache-opportunity']);
  assert.deepEqual(workspaceRules.map((rule) => rule.id), ['duplicated-instruction-block']);
  assert.deepEqual(
    describeRules().map((rule) => `${rule.id} ${rule.defaultSeverity} #${rule.docsAnchor}`),
    [
      'unbounded-output warning #rule-unbounded-output',
      'output-cap-too-high warning #rule-output-cap-too-high',
      'reasoning-exhausts-cap warning #rule-reasoning-exhausts-cap',
      'agent-loop-unbounded warning #rule-agent-loop-unbounded',
      'conversation-history-untruncated warning #rule-conversation-history-untruncated',
      'long-reply-not-streamed hint #rule-long-reply-not-streamed',
      'redundant-instruction warning #rule-redundant-instruction',
      'context-overflow warning #rule-context-overflow',
      'model-overkill information #rule-model-overkill',
      'unknown-model warning #rule-unknown-model',
      'model-retired warning #rule-model-retired',
      'price-change information #rule-price-change',
      'cache-prefix-broken warning #rule-cache-prefix-broken',
      'cache-breakpoint-ineffective warning #rule-cache-breakpoint-ineffective',
      'cache-below-minimum information #rule-cache-below-minimum',
      'response-cache-opportunity information #rule-response-cache-opportunity',
      'duplicated-instruction-block information #rule-duplicated-instruction-block',
    ],
  );
});

test('renderRulesMarkdown writes one "### Rule: <id>" section per rule with its rationale', () => {
  const markdown = renderRulesMarkdown();
  assert.deepEqual([...markdown.matchAll(/^### Rule: (.+)$/gm)].map((match) => match[1]), describeRules().map((rule) => rule.id));
  for (const rule of describeRules()) assert.ok(markdown.includes(rule.rationale), rule.id);
  assert.ok(markdown.startsWith('### Rule: unbounded-output\n\n**Generation without an output cap** · default severity: `warning`\n\n'));
});

test('applyTextEdits applies edits in position order whatever order they come in', () => {
  assert.equal(applyTextEdits('abcdef', [{ span: { start: 4, end: 5 }, newText: 'E' }, { span: { start: 0, end: 1 }, newText: '' }, { span: { start: 2, end: 2 }, newText: '+' }]), 'b+cdEf');
});

test('applyTextEdits refuses overlapping and out-of-range edits instead of corrupting the text', () => {
  assert.throws(() => applyTextEdits('abcdef', [{ span: { start: 0, end: 3 }, newText: '' }, { span: { start: 2, end: 4 }, newText: '' }]), /overlaps/);
  assert.throws(() => applyTextEdits('abc', [{ span: { start: 2, end: 9 }, newText: '' }]), /outside/);
});
