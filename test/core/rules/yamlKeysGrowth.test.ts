// Front-matter suppressions and "Disable rule in .promptcost.yaml" read YAML with many keys in time linear in the keys
// (issue 16, target 3). They once parsed with the `yaml` package's own duplicate-key check, which compares each key
// with every earlier key of its mapping through `Array.prototype.some` (n²/2 predicate calls for n keys); they now use
// parseYamlBounded, whose walk checks duplicates with a Set. Counted here as those predicate calls, not as time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/lineIndex';
import { insertCapFix } from '../../../src/core/rules/capFix';
import { disableRuleInConfig } from '../../../src/core/rules/controls';
import { parseSuppressions } from '../../../src/core/rules/suppression';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';

/** `run()`, and how many times a predicate given to `Array.prototype.some` was called meanwhile. */
function countingSomeCalls<T>(run: () => T): { result: T; calls: number } {
  const some = Array.prototype.some;
  let calls = 0;
  Array.prototype.some = function <Item>(this: Item[], predicate: (value: Item, index: number, array: Item[]) => unknown, thisArg?: unknown): boolean {
    return some.call(this, (value: Item, index: number, array: Item[]) => {
      calls++;
      return predicate.call(thisArg, value, index, array);
    });
  };
  try {
    return { result: run(), calls };
  } finally {
    Array.prototype.some = some;
  }
}

/** `keys` lines `key<k>: <value(k)>`. Plain values stay on the fast path; flow maps go through yaml's own parser. */
function keyLines(keys: number, value: (k: number) => string): string {
  let lines = '';
  for (let k = 0; k < keys; k++) lines += `key${k}: ${value(k)}\n`;
  return lines;
}

const VALUES: Record<'plain values' | 'flow-map values', (k: number) => string> = {
  'plain values': (k) => `value ${k}`,
  'flow-map values': (k) => `{ a: ${k}, b: [x, y] }`,
};

/** 1×, 2× and 8× this many keys. */
const KEYS = 250;

/** Growth from 1× to 8× is exactly 7 times the growth from 1× to 2× (every key costs the same). */
function assertAffine(what: string, count: (keys: number) => number): void {
  const one = count(KEYS);
  const two = count(2 * KEYS);
  const eight = count(8 * KEYS);
  assert.equal(eight - one, 7 * (two - one), `${what}: ${one} at 1x, ${two} at 2x, ${eight} at 8x`);
}

for (const [shape, value] of Object.entries(VALUES)) {
  test(`front-matter suppressions after ${shape}: the rules listed, with work linear in the keys before them`, () => {
    const suppressions = (keys: number) => {
      const text = `---\n${keyLines(keys, value)}prompt-cost-ignore: [model-overkill, unbounded-output]\n---\nBe brief.\n`;
      return countingSomeCalls(() => parseSuppressions(text, new LineIndex(text)));
    };
    for (const keys of [KEYS, 8 * KEYS]) {
      const { result } = suppressions(keys);
      assert.deepEqual(result.file, new Set(['model-overkill', 'unbounded-output']));
      assert.deepEqual(result.lines, new Map());
    }
    assertAffine(`Array.prototype.some predicate calls (${shape})`, (keys) => suppressions(keys).calls);
  });

  test(`"Disable rule" in a config whose rules map has ${shape === 'plain values' ? 'many rules' : 'many rules and flow maps'}: one added line, work linear in the rules`, () => {
    const config = (keys: number) => `callsPerMonth: 5\nrules:\n${keyLines(keys, value).replace(/^(?!$)/gm, '  ')}`;
    const disabled = (keys: number) => countingSomeCalls(() => disableRuleInConfig(config(keys), 'unknown-model'));
    for (const keys of [KEYS, 8 * KEYS]) {
      const text = config(keys);
      assert.deepEqual(disabled(keys).result, { edits: [{ span: { start: text.length, end: text.length }, newText: '  unknown-model: off\n' }], text: `${text}  unknown-model: off\n` });
    }
    assertAffine(`Array.prototype.some predicate calls (${shape})`, (keys) => disabled(keys).calls);
  });
}

test('the cap fix on front matter with many keys and one YAML error: no fix offered, work linear in the keys', () => {
  // The scanner's document has the error, so the cap fix parses again; that parse once used yaml's own duplicate-key check.
  const capFix = (keys: number) => {
    const text = `---\nname: x\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o-mini\n${keyLines(keys, VALUES['plain values'])}broken: "unclosed\n---\nsystem:\nBe brief.\n`;
    const scanned = scanPromptFile('many.prompty', text, 'prompty');
    assert.equal(scanned.sites.length, 1);
    assert.deepEqual(scanned.problems.map((problem) => problem.message), ['YAML: Missing closing "quote']);
    return countingSomeCalls(() => insertCapFix(text, scanned.sites[0], 512));
  };
  for (const keys of [KEYS, 8 * KEYS]) assert.equal(capFix(keys).result, undefined);
  assertAffine('Array.prototype.some predicate calls (cap fix)', (keys) => capFix(keys).calls);
});

test('a duplicate key still makes the front matter suppress nothing and the config not editable', () => {
  const text = '---\nmodel: a\nmodel: b\nprompt-cost-ignore: [model-overkill]\n---\nBe brief.\n';
  assert.equal(parseSuppressions(text, new LineIndex(text)).file, null);
  const flow = '---\nmodel: { a: 1, a: 2 }\nprompt-cost-ignore: [model-overkill]\n---\nBe brief.\n';
  assert.equal(parseSuppressions(flow, new LineIndex(flow)).file, null);
  assert.equal(disableRuleInConfig('rules:\n  model-overkill: hint\n  model-overkill: warning\n', 'unknown-model'), undefined);
  assert.equal(disableRuleInConfig('rules:\n  model-overkill: hint\nrules:\n  unknown-model: hint\n', 'unknown-model'), undefined);
});
