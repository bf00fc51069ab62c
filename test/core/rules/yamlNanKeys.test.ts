// parseYamlBounded's own duplicate-key check claims yaml's identity (`a.value === b.value`). NaN is not equal to itself
// there, so yaml accepts two `.nan` keys; the bounded check compares `typeof:String(value)` and calls them duplicates.
// Since f1e91cf, front-matter suppressions (and the cap fix, 1a99630) read through parseYamlBounded, so such a file's
// suppressions were honoured on main and are now dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { parseYamlBounded } from '../../../src/core/yamlLimits';
import { parseSuppressions } from '../../../src/core/rules/suppression';
import { LineIndex } from '../../../src/core/lineIndex';

test('two NaN keys are not duplicates, as in yaml', () => {
  const yamlText = '.nan: 1\n.NaN: 2\n';
  assert.equal(parseDocument(yamlText).errors.length, 0);
  assert.deepEqual(parseYamlBounded(yamlText, { prettyErrors: false }).errors.map((error) => error.code), []);
});

test('front matter with two NaN keys keeps its suppressions (as on main)', () => {
  const text = '---\n.nan: 1\n.nan: 2\nprompt-cost-ignore: [long-prompt]\n---\nHello\n';
  const file = parseSuppressions(text, new LineIndex(text)).file;
  assert.ok(file !== null && file !== 'all' && file.has('long-prompt'), `suppressed: ${String(file)}`);
});
