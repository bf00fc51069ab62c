// A large `.prompt.yml` with one line indented less than its literal block: yaml reads every later line as a mapping
// nested in the one before, and its parser and composer recurse once per level. Where they ran out of stack depended on
// the caller (session 15: 1,909 problems from the CLI, 2,452 in the editor, 3,271 in a whole audit, RangeError ~2,000
// frames deeper). yaml is now kept within YAML_LIMITS.maxNesting (the region past it is one error and is not read, up to
// the next line at column 0): the same problems and sites at every stack depth, and top-level keys after it still read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { auditDocument } from '../../../src/core/audit';
import { PromptFileReaudit } from '../../../src/core/reaudit/promptFileReaudit';
import { scanPromptFile } from '../../../src/core/scanning/promptFiles';
import { parseDocumentWithinNesting, parseYamlBounded, YAML_LIMITS, yamlNesting } from '../../../src/core/yamlLimits';
import { seededRandom } from '../../../bench/seededRandom';
import { defaultContext, repositoryRoot } from './support';

const fixturesRoot = join(repositoryRoot, 'test/fixtures');

/**
 * The session-15 repro: a system message whose `|` block holds `ruleLines` lines of rules (indent 6, a blank line
 * every tenth line), line 821 indented 1 with a stray `x`, line 2,519 indented 5, then five `More.` lines at column 0.
 */
function brokenPromptFile(lastRuleLine = 2638): string {
  const lines = ['ZZZname: x', 'messages:', '  - role: system', '    content: |'];
  let rule = 0;
  for (let lineNumber = 5; lineNumber <= lastRuleLine; lineNumber++) {
    if (lineNumber % 10 === 4) {
      lines.push('');
      continue;
    }
    const text = `Rule ${rule++}: keep answers short and cite the source.`;
    lines.push(lineNumber === 821 ? ` x     ${text}` : lineNumber === 2519 ? `     ${text}` : `      ${text}`);
  }
  for (let i = 0; i < 5; i++) lines.push('More.');
  return `${lines.join('\n')}\n`;
}

/** Runs `run` with `frames` more frames of this function on the stack. */
function deeper<T>(frames: number, run: () => T): T {
  if (frames === 0) return run();
  const result = deeper(frames - 1, run);
  return result;
}

/** What a scan reports, as plain data: sites' messages and spans, problems with line and column. */
function scanOutcome(text: string): string {
  const scanned = scanPromptFile('broken.prompt.yml', text, 'github-models');
  return JSON.stringify({ sites: scanned.sites, problems: scanned.problems });
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
}

test('a .prompt.yml with one line indented less than its literal block gets the same sites and problems at any stack depth', () => {
  const text = brokenPromptFile();
  assert.equal(text.split('\n').length - 1, 2643);
  const atTop = scanOutcome(text);
  for (const frames of [500, 2000, 4000, 6000]) assert.equal(deeper(frames, () => scanOutcome(text)), atTop, `${frames} frames deeper`);

  const scanned = scanPromptFile('broken.prompt.yml', text, 'github-models');
  const problems = scanned.problems.map((problem) => `${lineAndColumn(text, problem.span!.start)} ${problem.message}`);
  // Line 821 ends the block; from there each line's text is read as a key nested in the line before (two errors on each
  // of the next 125 lines), until collections nest more than 128 deep on line 961. Lines 961-2638 are not read; the
  // `More.` lines at column 0 are (yaml's own two errors there, as on main).
  assert.deepEqual(problems.slice(0, 5), [
    '821:1 YAML: All mapping items must start at the same column',
    '821:18 YAML: Nested mappings are not allowed in compact mappings',
    '821:18 YAML: Implicit keys need to be on a single line',
    '822:17 YAML: Nested mappings are not allowed in compact mappings',
    '822:17 YAML: Implicit keys need to be on a single line',
  ]);
  assert.deepEqual(problems.slice(-3), [
    '961:17 YAML: collections nested more than 128 deep; lines 961-2638 are not read (a line indented less than its block above can cause this)',
    '2639:1 YAML: Implicit keys need to be on a single line',
    '2639:1 YAML: Implicit map keys need to be followed by map values',
  ]);
  assert.equal(problems.length, 256);
  assert.equal(problems.filter((problem) => problem.includes('call stack')).length, 0);
  // The message before the broken line is still read.
  assert.equal(scanned.sites.length, 1);
  assert.deepEqual(scanned.sites[0].messages.map((message) => message.role), ['system']);
});

test('the whole audit of that file, and the editor\'s re-audit, are the same at any stack depth and report the scan\'s problems', async () => {
  const text = brokenPromptFile();
  const context = defaultContext();
  const outcomes: string[] = [];
  // The part of auditDocument before its first await runs this deep; the rest runs from the microtask queue.
  for (const frames of [0, 2000, 4000]) outcomes.push(JSON.stringify(await deeper(frames, () => auditDocument('broken.prompt.yml', text, context))));
  // The editor's re-audit of an open prompt file (session 15: 2,452 problems where the CLI had 1,909).
  outcomes.push(JSON.stringify(await deeper(2000, () => new PromptFileReaudit('broken.prompt.yml', context).update(text))));
  for (const outcome of outcomes.slice(1)) assert.equal(outcome, outcomes[0]);
  const audit = JSON.parse(outcomes[0]) as { problems: Array<{ message: string }> };
  // The scan's 256 problems, capped per file: its first 100, and one for the other 156 (problemCap.ts).
  const scanned = JSON.parse(scanOutcome(text)).problems.map((problem: { message: string }) => problem.message) as string[];
  assert.deepEqual(audit.problems.map((problem) => problem.message), [...scanned.slice(0, 100), `156 more problems in this file are not listed (only the first 100 are); the first of them: ${scanned[100]}`]);
});

test('ten times as many broken lines: the same problems, two parses each (growth guard)', () => {
  const problemsOf = (text: string) => {
    const before = yamlNesting.parses;
    const messages = scanPromptFile('broken.prompt.yml', text, 'github-models').problems.map((problem) => problem.message);
    assert.equal(yamlNesting.parses - before, 2, 'one parse stopped at the bound, one with the region blanked');
    return messages;
  };
  const longer = problemsOf(brokenPromptFile(26_380));
  const repro = problemsOf(brokenPromptFile());
  assert.equal(longer.length, repro.length);
  assert.deepEqual(longer.filter((message) => !message.includes('are not read')), repro.filter((message) => !message.includes('are not read')));
  assert.ok(longer.includes('YAML: collections nested more than 128 deep; lines 961-26380 are not read (a line indented less than its block above can cause this)'));
});

test('keys at column 0 after the region past the bound are still read: the model written last', () => {
  const lines = ['name: x', 'messages:', '  - role: system', '    content: |'];
  for (let rule = 0; rule < 400; rule++) lines.push(`${rule === 50 ? ' x     ' : '      '}Rule ${rule}: keep answers short.`);
  const text = `${lines.join('\n')}\nmodel: openai/gpt-4o-mini\n`;
  const scanned = scanPromptFile('late.prompt.yml', text, 'github-models');
  assert.deepEqual(scanned.sites.map((site) => site.model), ['openai/gpt-4o-mini']);
  assert.equal(scanned.problems.at(-1)?.message, 'YAML: collections nested more than 128 deep; lines 181-404 are not read (a line indented less than its block above can cause this)');
  // Four regions at most: the fourth runs to the end of the text. Six top-level keys, each holding 151 nested mappings.
  const region = (index: number) => `r${index}:\n${Array.from({ length: 150 }, (_, level) => `${' '.repeat(level + 1)}k:\n`).join('')}${' '.repeat(151)}v: 1\n`;
  const regions = Array.from({ length: 6 }, (_, index) => region(index)).join('');
  const before = yamlNesting.parses;
  const errors = parseYamlBounded(regions, { prettyErrors: false }).errors.map((error) => `${error.code} ${lineAndColumn(regions, error.pos[0])} ${error.message.split(';')[1]}`);
  assert.equal(yamlNesting.parses - before, 4);
  const cause = ' (a line indented less than its block above can cause this)';
  assert.deepEqual(errors, [
    `RESOURCE_EXHAUSTION 128:128  lines 128-152 are not read${cause}`,
    `RESOURCE_EXHAUSTION 280:128  lines 280-304 are not read${cause}`,
    `RESOURCE_EXHAUSTION 432:128  lines 432-456 are not read${cause}`,
    `RESOURCE_EXHAUSTION 584:128  the rest is not read${cause}`,
  ]);
});

/** `depth` keys, each a mapping inside the last: depth + 1 nested mappings. */
function nested(depth: number): string {
  let text = '';
  for (let level = 0; level < depth; level++) text += `${' '.repeat(level)}k:\n`;
  return `${text}${' '.repeat(depth)}v: 1\n`;
}

test('nesting up to the bound is read as yaml reads it; one level more is one located error, never a throw', () => {
  const options = { prettyErrors: false, strict: true, uniqueKeys: false } as const;
  // yaml's parser holds the document, each open mapping and the scalar being read: 125 keys fill 128 entries.
  const deepest = nested(YAML_LIMITS.maxNesting - 3);
  assert.ok(isDeepStrictEqual(parseDocumentWithinNesting(deepest, options), parseDocument(deepest, options)));
  assert.deepEqual(parseYamlBounded(deepest, options).errors, []);
  const tooDeep = nested(YAML_LIMITS.maxNesting - 2);
  const errors = parseYamlBounded(tooDeep, options).errors.map((error) => `${error.code} ${lineAndColumn(tooDeep, error.pos[0])} ${error.message}`);
  assert.deepEqual(errors, [`RESOURCE_EXHAUSTION 127:130 collections nested more than 128 deep; the rest is not read (a line indented less than its block above can cause this)`]);
  // Flow collections and block sequences count the same way; 100,000 levels stop at the bound without recursing.
  for (const text of ['['.repeat(100_000), '- '.repeat(100_000) + '1\n', nested(5000)]) {
    const result = deeper(4000, () => parseYamlBounded(text, options));
    assert.equal(result.errors.filter((error) => error.code === 'RESOURCE_EXHAUSTION').length, 1, text.slice(0, 20));
  }
});

/** Every YAML text in the fixtures: `.yml`/`.yaml` files and the front matter of Markdown and Prompty files. */
function fixtureYaml(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) fixtureYaml(full, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push(readFileSync(full, 'utf8'));
    else if (/\.(prompty|md|mdx)$/.test(entry.name)) {
      const match = /^---\n([\s\S]*?\n)---(?:\n|$)/.exec(readFileSync(full, 'utf8'));
      if (match) out.push(match[1]);
    }
  }
  return out;
}

test('within the bound, the document is exactly parseDocument\'s: fixture YAML and 5,000 mutations of it', () => {
  const texts = fixtureYaml(fixturesRoot);
  assert.ok(texts.length >= 80, `${texts.length} fixture texts`);
  const random = seededRandom(16);
  const pieces = ['\n', ' ', '  ', ':', '- ', '[', ']', '{', '}', ',', '#', '|', '>', '&a ', '*a', '"', "'", '---\n', '\t', '? ', '!!str '];
  const all = [...texts];
  for (let i = 0; i < 5000; i++) {
    const base = texts[Math.floor(random() * texts.length)];
    const at = Math.floor(random() * (base.length + 1));
    const cut = Math.floor(random() * 3);
    all.push(base.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + base.slice(at + cut));
  }
  for (const options of [{ prettyErrors: false }, { prettyErrors: false, strict: true, uniqueKeys: false }] as const) {
    for (const text of all) {
      const bounded = parseDocumentWithinNesting(text, options);
      assert.ok(isDeepStrictEqual(bounded, parseDocument(text, options)), JSON.stringify(text));
    }
  }
});

test('generated texts nesting past the bound: never a throw, at most four parses, the same document 3,000 frames deeper', () => {
  const random = seededRandom(1616);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const pieces: Array<() => string> = [
    () => `k${Math.floor(random() * 9)}: ${pick(['x', '|', '>', '"open', "'q'", '[a, b', '{a: 1', '&a v', '*a', ''])}\n`,
    () => `${pick(['', ' ', '  '])}- ${pick(['role: user', 'x', '- y', '[z'])}\n`,
    () => `${' '.repeat(Math.floor(random() * 4))}x     Rule: keep answers short\n`,
    () => Array.from({ length: 100 + Math.floor(random() * 200) }, (_, line) => `${' '.repeat(6)}Rule ${line}: keep${random() < 0.05 ? '\n' : ''}\n`).join(''),
    () => `${pick(['[', '{a: ', '- '])}`.repeat(100 + Math.floor(random() * 200)) + '\n',
    () => Array.from({ length: 130 + Math.floor(random() * 40) }, (_, level) => `${' '.repeat(level)}k:\n`).join(''),
    () => pick(['# note\n', '---\n', '...\n', '\n', '\t\n', 'a:\r\n  b\r\n', 'More.\n']),
  ];
  let pastTheBound = 0;
  for (let index = 0; index < 150; index++) {
    let text = '';
    const count = 2 + Math.floor(random() * 8);
    for (let piece = 0; piece < count; piece++) text += pick(pieces)();
    for (const options of [{ prettyErrors: false }, { prettyErrors: false, strict: true, uniqueKeys: false }] as const) {
      const before = yamlNesting.parses;
      const atTop = parseDocumentWithinNesting(text, options);
      assert.ok(yamlNesting.parses - before <= 4, `case ${index}: ${yamlNesting.parses - before} parses`);
      const deep = deeper(3000, () => parseDocumentWithinNesting(text, options));
      assert.ok(isDeepStrictEqual(deep, atTop), `case ${index} differs deeper in the stack`);
      for (const error of atTop.errors) assert.ok(error.pos[0] >= 0 && error.pos[0] <= text.length, `case ${index}: ${error.message} at ${error.pos}`);
      if (atTop.errors.some((error) => error.code === 'RESOURCE_EXHAUSTION')) pastTheBound++;
      assert.ok(!atTop.errors.some((error) => /call stack/i.test(error.message)), `case ${index}: yaml ran out of stack`);
    }
  }
  assert.ok(pastTheBound >= 100, `${pastTheBound} of 300 parses went past the bound`);
});
