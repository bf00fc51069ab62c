// The YAML fast path must build exactly the document `yaml` builds (nodes, values, ranges, comments, the document's own
// fields), or decline: checked on every YAML text of the fixtures and on generated and mutated documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { MAX_FAST_NESTING, parseSimpleYaml } from '../../src/core/yamlSimple';
import { parseYamlBounded } from '../../src/core/yamlLimits';
import { seededRandom } from '../../bench/seededRandom';

const OPTIONS = { prettyErrors: false, strict: true, uniqueKeys: false } as const;
const fixturesRoot = join(__dirname, '../../../test/fixtures');

/** Checks one text; true when the fast path built the document. */
function agrees(text: string, label: string): boolean {
  const fast = parseSimpleYaml(text, OPTIONS);
  if (fast === undefined) return false;
  const full = parseDocument(text, OPTIONS);
  assert.ok(isDeepStrictEqual(fast, full), `${label}: the fast path differs from yaml on ${JSON.stringify(text)}\nfast ${JSON.stringify(fast.contents)}\nfull ${JSON.stringify(full.contents)}`);
  assert.deepEqual(fast.errors, []);
  return true;
}

/** Every YAML text in the fixtures: `.yml`/`.yaml` files and the front matter of Markdown and Prompty files. */
function fixtureYaml(dir: string, out: { file: string; text: string }[] = []): { file: string; text: string }[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) fixtureYaml(full, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push({ file: full, text: readFileSync(full, 'utf8') });
    else if (/\.(prompty|md|mdx)$/.test(entry.name)) {
      const match = /^---\n([\s\S]*?\n)---(?:\n|$)/.exec(readFileSync(full, 'utf8'));
      if (match) out.push({ file: full, text: match[1] });
    }
  }
  return out;
}

test('documents the fast path builds from the sample workspace equal yaml\'s, and it builds them all', () => {
  const sample = join(fixturesRoot, 'sample-workspace');
  const summarize = readFileSync(join(sample, 'prompts/summarize.prompt.yml'), 'utf8');
  assert.ok(agrees(summarize, 'summarize.prompt.yml'));
  assert.ok(agrees(`${summarize}\n# variant 3\n`, 'with a trailing comment'));
  const faq = /^---\n([\s\S]*?\n)---\n/.exec(readFileSync(join(sample, 'prompts/faq.prompty'), 'utf8'))![1];
  assert.ok(agrees(faq, 'faq.prompty'));
});

test('every fixture YAML text is either built equal to yaml\'s document or left to yaml', () => {
  const texts = fixtureYaml(fixturesRoot);
  let built = 0;
  for (const { file, text } of texts) if (agrees(text, file)) built++;
  console.log(`fixture YAML texts: ${texts.length}, built by the fast path: ${built}`);
  assert.ok(texts.length >= 80, `${texts.length} texts`);
  assert.ok(built >= 55, `${built} built`);
});

test('generated documents and their one-character mutations are built equal to yaml\'s or left to it', () => {
  const random = seededRandom(15);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const words = ['name', 'model', 'role', 'content', 'max_tokens', 'temperature', 'system', 'user', 'gpt-4o', 'a', 'x-y', 'true', 'null', 'No', 'on'];
  // Mostly values the fast path reads, so that many documents are built and compared; some it must leave to yaml.
  const simple = ['Answer briefly.', 'gpt-4o-mini', '0.3', '0.30', '300', '007', 'true', 'False', 'null', '~', 'C#', 'a:b', '"quoted"', "'single'", '"4411"', 'é ü 中文', "['codebase']", "['codebase', 'editFiles']", '[a, 1, "b c"]', '[x:y, C#]', '[]'];
  const scalars = [...simple, ...simple, ...simple, 'Answer briefly.', 'gpt-4o-mini', '0.3', '0.30', '300', '007', '-1', '+2', '1e3', '.5', '.inf', '.nan', 'true', 'False', 'null', '~', '0x1F', '0o17', 'a: b', 'C#', 'x #y', '"quoted"', "'single'", '"4411"', "'it''s'", '"a\\"b"', 'a:b', '[1, 2]', '{a: 1}', '@at', '`tick`', 'ends:', 'two  spaces', 'é ü 中文', '[a , b]', '[a,b]', '[ a ]', '[a #b]', '[a: 1]', '[[a]]', '[a, b'];
  const block = (indent: string): string => {
    const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(['You are helpful.', '  more indented', '', '# not a comment', '{{name}}', 'Keep it short.']));
    if (lines[0] === '' || lines[0].startsWith(' ')) lines[0] = 'First line.';
    return lines.map((line) => (line === '' ? '' : `${indent}${line}`)).join('\n');
  };
  const mapping = (indent: string, depth: number): string => {
    const entries: string[] = [];
    for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
      // Sometimes a bare word: `true`, `null`, `No` resolve as keys the way yaml resolves them (repeats are allowed here).
      const key = random() < 0.2 ? pick(words) : `${pick(words)}${k}`;
      const space = random() < 0.15 ? '\n' : '';
      const kind = depth > 2 ? 0 : Math.floor(random() * 5);
      if (kind === 0 || kind === 1) entries.push(`${space}${indent}${key}: ${pick(scalars)}`);
      else if (kind === 2) entries.push(`${space}${indent}${key}: ${pick(['|', '|-'])}\n${block(`${indent}  `)}${random() < 0.3 ? '\n' : ''}`);
      else if (kind === 3) entries.push(`${space}${indent}${key}:\n${mapping(`${indent}  `, depth + 1)}`);
      else {
        const items = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
          random() < 0.5 ? `${indent}  - ${pick(scalars)}` : `${indent}  - ${mapping(`${indent}    `, depth + 1).slice(indent.length + 4)}`,
        );
        entries.push(`${space}${indent}${key}:\n${items.join('\n')}`);
      }
    }
    return entries.join('\n');
  };
  const mutations = ['', ' ', ':', '#', '-', '|', '"', "'", '\t', '\n', '  ', ': ', ' #', '- ', '\r', '?', '&a', '*a', '!!str ', '---\n', '...\n'];
  let built = 0;
  let total = 0;
  for (let n = 0; n < 20000; n++) {
    let text = `${mapping('', 0)}\n${random() < 0.3 ? `${random() < 0.5 ? '\n' : ''}# variant ${n}\n` : ''}${random() < 0.2 ? '\n' : ''}`;
    if (n % 2 === 1) {
      const at = Math.floor(random() * text.length);
      text = text.slice(0, at) + pick(mutations) + text.slice(at + (random() < 0.5 ? 1 : 0));
    }
    total++;
    if (agrees(text, `generated #${n}`)) built++;
  }
  console.log(`generated documents: ${total}, built by the fast path: ${built}`);
  assert.ok(built >= 5000, `${built} built`);
});

test('texts outside the subset are left to yaml', () => {
  for (const text of ['', 'a: 1', 'a: 1\r\n', '\ta: 1\n', '- a\n', '---\na: 1\n', 'a: &x 1\n', 'a: >\n  folded\n', 'a:\n  \n  b: 1\n', '# lead\na: 1\n', 'a: 1 # c\n', 'a:\n', '"a": 1\n']) {
    assert.equal(parseSimpleYaml(text, OPTIONS), undefined, JSON.stringify(text));
  }
});

test('deeply nested documents are left to yaml, read within YAML_LIMITS.maxNesting', () => {
  // yaml's composer runs out of stack near a thousand levels and reports RESOURCE_EXHAUSTION; the fast path went on
  // (a different result) and threw RangeError itself a few thousand levels further. parseYamlBounded now stops yaml at
  // 128 levels (test/core/robustness/yamlNesting.test.ts); below that it reads what yaml reads.
  // `depth` keys, each a mapping inside the last: depth + 1 nested mappings.
  const nested = (depth: number): string => {
    let text = '';
    for (let level = 0; level < depth; level++) text += `${' '.repeat(level)}k:\n`;
    return `${text}${' '.repeat(depth)}v: 1\n`;
  };
  assert.ok(agrees(nested(MAX_FAST_NESTING - 1), 'as deep as the fast path goes'));
  assert.equal(parseSimpleYaml(nested(MAX_FAST_NESTING), OPTIONS), undefined);
  assert.equal(parseSimpleYaml(nested(1500), OPTIONS), undefined);
  assert.equal(parseSimpleYaml(nested(5000), OPTIONS), undefined);
  assert.deepEqual(parseYamlBounded(nested(100), { prettyErrors: false }).toJS(), parseDocument(nested(100), OPTIONS).toJS());
});
