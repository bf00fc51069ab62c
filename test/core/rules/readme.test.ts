// The README's rule sections are generated from the registry, so docs links (#rule-<id>) and texts never drift.
// Regenerate with: UPDATE_README=1 node --test out/test/core/rules/readme.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderRulesMarkdown, describeRules } from '../../../src/core/rules/registry';

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
