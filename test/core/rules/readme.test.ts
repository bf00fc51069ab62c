// The README's rule sections are generated from the registry (texts from rules.md), so docs links (#rule-<id>) and texts
// never drift.
// Regenerate with: UPDATE_README=1 node --test out/test/core/rules/readme.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderRulesMarkdown, describeRules } from '../../../src/core/rules/registry';
import { DOCUMENTED_RULE_IDS, parseRuleDocs, ruleDocs } from '../../../src/core/rules/ruleDocs';
import { longReplyNotStreamedRule } from '../../../src/core/rules/longReplyNotStreamed';
import { modelOverkillRule } from '../../../src/core/rules/modelOverkill';

const readmePath = path.resolve(__dirname, '../../../../README.md');
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

test('the README documents every rule with the text the registry renders', () => {
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  assert.ok(start >= 0 && end > start, 'README needs the rules markers');
  const expected = `${START}\n${renderRulesMarkdown().trim()}\n${END}`;
  if (process.env.UPDATE_README === '1') {
    fs.writeFileSync(readmePath, readme.slice(0, start) + expected + readme.slice(end + END.length));
    return;
  }
  assert.equal(readme.slice(start, end + END.length), expected);
  for (const rule of describeRules()) assert.ok(readme.includes(`### Rule: ${rule.id}`), rule.id);
});

test('rules.md documents exactly the registered rules, one section each, in documentation order', () => {
  assert.deepEqual(DOCUMENTED_RULE_IDS, describeRules().map((rule) => rule.id));
});

test("a rules.md section reads as its title and paragraphs, a paragraph's lines joined by one space, comments left out", () => {
  const sections = parseRuleDocs(['<!-- ## not-a-rule: hidden -->', '## some-rule: A title', '', 'First line', '  second line.', '', 'Details `x`.', ''].join('\n'));
  assert.deepEqual([...sections], [['some-rule', { title: 'A title', paragraphs: ['First line second line.', 'Details `x`.'] }]]);
  assert.throws(() => parseRuleDocs('## a: x\n\nr\n\n## a: y\n\nr\n'), /two sections for a/);
});

test("a rule's thresholds reach its text from the code that checks with them, and a missing value fails instead of showing {{NAME}}", () => {
  assert.match(longReplyNotStreamedRule.details!, /takes at least 5 seconds at the model's typical output speed .* is at least 1,000 tokens\. /);
  assert.match(modelOverkillRule.details!, /\(a cap of 50 tokens or less, .* when the cap is above 256 and below /);
  assert.throws(() => ruleDocs('model-overkill'), /model-overkill names \{\{SMALL_CAP_TOKENS\}\}, which its rule does not give/);
  assert.throws(() => ruleDocs('no-such-rule'), /no-such-rule needs a section/);
  for (const rule of describeRules()) assert.doesNotMatch(`${rule.title} ${rule.rationale} ${rule.details ?? ''}`, /\{\{|\}\}/, rule.id);
});
