// Realistic files of every kind whose model, cap, YAML, size or nesting is hostile: billion laughs, tabs, duplicate
// keys, `model: [1,2]`, caps of -1 / 1e309 / 400 digits / "lots", unknown and HTML-laden model names, 10,000
// messages and placeholders, open literals, deep brackets. Plus the tree-sitter crash that used to poison every parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callSource, FILE_KINDS, HOSTILE_MODEL_NAME, isCode, nestedBrackets, quoted, structuredCases, UNKNOWN_MODEL, type FileFamily } from './hostileInputs';
import { auditAndSummarize, defaultContext, readBundledFile, runWatched, serveJobsInWorker, type AuditSummary } from './support';
import { scanCode } from '../../../src/core/scanning/code';
import { loadGrammar, parseBounded } from '../../../src/core/scanning/code/treeSitterRuntime';

type Outcome = { name: string; summary: AuditSummary };

const jobs = {
  async auditKind(input: { family: FileFamily }): Promise<Outcome[]> {
    const kind = FILE_KINDS.find((candidate) => candidate.family === input.family)!;
    // Every placeholder at 50 tokens (not sized by its name's meaning), so the counts below stay plain arithmetic.
    const context = defaultContext('placeholders:\n  "*": 50\n');
    const outcomes: Outcome[] = [];
    for (const hostile of structuredCases(kind.family)) outcomes.push({ name: hostile.name, summary: await auditAndSummarize(kind.file, hostile.text, context) });
    return outcomes;
  },
  /** Java brackets 7,000 deep overflow tree-sitter's wasm stack; afterwards no parse of any language can be trusted. */
  async crashThenScan(): Promise<{ crash: string; afterJava: string[]; afterPython: string[] }> {
    const java = callSource('java', { model: quoted('java', 'gpt-4o'), cap: '200', contents: [quoted('java', 'Hi')] });
    const grammar = await loadGrammar('java', readBundledFile);
    let crash = 'no crash';
    try {
      parseBounded(grammar, java + nestedBrackets(20_000).slice(0, 10_000));
    } catch (error) {
      crash = (error as Error).constructor.name;
    }
    const afterJava = await scanCode('src/A.java', java, 'java', { readBundledFile });
    const afterPython = await scanCode('src/a.py', callSource('py', { model: quoted('py', 'gpt-4o'), cap: '200', contents: [quoted('py', 'Hi')] }), 'python', { readBundledFile });
    const describe = (result: typeof afterJava) => [...result.sites.map((site) => `site ${site.model}`), ...result.problems.map((problem) => `${problem.severity}: ${problem.message}`)];
    return { crash, afterJava: describe(afterJava), afterPython: describe(afterPython) };
  },
};

const PROMPT_CAP_WARNING: Partial<Record<FileFamily, string>> = {
  prompty: 'warning: `max_tokens` is not a whole number of tokens, so the output is not capped.',
  'github-models': 'warning: `modelParameters.maxTokens` is not a whole number of tokens, so the output is not capped.',
};
const DEEP_BRACKETS = 'warning: not scanned for LLM calls: brackets nest more than 1000 deep, past what the parser handles safely';

function invariants(label: string, summary: AuditSummary): void {
  assert.deepEqual(summary.violations, [], `${label}: spans out of range`);
  assert.deepEqual(summary.internalFailures, [], `${label}: a scanner or rule threw`);
  assert.deepEqual(summary.badNumbers, [], `${label}: a count or cost is negative or not finite`);
}

const PARTIAL_CALL = 'warning: partial results: this call needs more than 20,000 resolution steps, so what was not resolved is counted as placeholders';

/**
 * What the code scanner's work limits make of the 10,000-item cases: the same on an idle and on a loaded machine.
 * One call may take 20,000 resolution steps. A `{ role, content }` message costs 3, so 6,665 are resolved and the rest
 * is one placeholder message (50 assumed tokens); Go's message constructors leave 6,663. A Java builder step costs 1, so
 * all 10,000 messages fit. A template's static text costs nothing, so only its substitutions past the limit are
 * unresolved (each is a placeholder either way); Go and Java write the 10,000 placeholders as a `+` chain, followed
 * piece by piece until the limit, then one placeholder for the rest. The 10,000-piece concatenation likewise.
 */
const CODE_LIMITED: Record<string, { messages: [number, number[], number[]]; placeholders: [number[], number[]]; concatenation: [number[], number[]] }> = {
  ts: { messages: [6666, [32_325], [50]], placeholders: [[59_000], [500_000]], concatenation: [[38_989], [50]] },
  tsx: { messages: [6666, [32_325], [50]], placeholders: [[59_000], [500_000]], concatenation: [[38_989], [50]] },
  js: { messages: [6666, [32_325], [50]], placeholders: [[59_000], [500_000]], concatenation: [[38_989], [50]] },
  py: { messages: [6666, [32_325], [50]], placeholders: [[59_000], [500_000]], concatenation: [[38_989], [50]] },
  go: { messages: [6664, [32_315], [50]], placeholders: [[22_988], [199_900]], concatenation: [[38_977], [50]] },
  java: { messages: [10_000, [49_000], [0]], placeholders: [[23_000], [200_000]], concatenation: [[38_993], [50]] },
  cs: { messages: [6666, [32_325], [50]], placeholders: [[59_000], [500_000]], concatenation: [[38_985], [50]] },
  rb: { messages: [6666, [32_325], [50]], placeholders: [[59_000], [500_000]], concatenation: [[38_989], [50]] },
};

if (!serveJobsInWorker(jobs)) {
  for (const kind of FILE_KINDS) {
    test(`${kind.file}: hostile models, caps, YAML and sizes give clear results with spans inside the text`, { timeout: 120_000 }, async () => {
      const outcomes = await runWatched<Outcome[]>(__filename, 'auditKind', { family: kind.family });
      const byName = new Map(outcomes.map((outcome) => [outcome.name, outcome.summary]));
      assert.deepEqual([...byName.keys()], structuredCases(kind.family).map((hostile) => hostile.name));
      for (const { name, summary } of outcomes) invariants(`${kind.file} / ${name}`, summary);

      const placeholders = byName.get('10,000 placeholders')!;
      if (kind.family === 'vscode-prompt') {
        // `{{x}}` is no placeholder syntax in VS Code prompt files: it is literal text.
        assert.deepEqual(placeholders.assumedDynamic, [0]);
      } else if (isCode(kind.family)) {
        const expected = CODE_LIMITED[kind.family];
        assert.deepEqual([placeholders.kinds, placeholders.staticTokens, placeholders.assumedDynamic, placeholders.problems], [['call'], ...expected.placeholders, [PARTIAL_CALL]]);
        const concatenation = byName.get('10,000-piece concatenation')!;
        assert.deepEqual([concatenation.kinds, concatenation.messageCount, concatenation.staticTokens, concatenation.assumedDynamic, concatenation.problems], [['call'], 1, ...expected.concatenation, [PARTIAL_CALL]]);
      } else {
        assert.deepEqual(placeholders.assumedDynamic, [10_000 * 50]);
      }
      assert.deepEqual(byName.get('special tokens in the prompt')!.staticTokens, [44]);

      if (kind.family === 'template' || kind.family === 'plain') return;
      const unknown = byName.get('unknown model')!;
      assert.deepEqual(unknown.models, [UNKNOWN_MODEL]);
      assert.deepEqual(unknown.perCallUsd, [null], 'an unknown model is never priced');
      assert.ok(unknown.findingRules.includes('unknown-model'), `${kind.file}: unknown-model flagged`);
      const hostileName = byName.get('model name with markdown, HTML and control characters')!;
      assert.equal(hostileName.models.length, 1);
      assert.ok(hostileName.models[0]!.startsWith(HOSTILE_MODEL_NAME.slice(0, 60)), `${kind.file}: the name is kept as written`);
      assert.ok(hostileName.findingRules.includes('unknown-model'));

      const messages = byName.get('10,000 messages')!;
      if (kind.family === 'vscode-prompt') assert.deepEqual([messages.messageCount, messages.staticTokens], [1, [49_000]]);
      else if (!isCode(kind.family)) assert.deepEqual([messages.siteCount, messages.messageCount, messages.staticTokens], [1, 10_000, [49_000]]);
      else {
        // One call site that keeps its model and cap; the unresolved rest is one message, not thousands of prompt sites.
        const [messageCount, staticTokens, assumedDynamic] = CODE_LIMITED[kind.family].messages;
        const problems = kind.family === 'java' ? [] : [PARTIAL_CALL];
        assert.deepEqual(
          [messages.kinds, messages.models, messages.caps, messages.messageCount, messages.staticTokens, messages.assumedDynamic, messages.problems],
          [['call'], ['gpt-4o'], [200], messageCount, staticTokens, assumedDynamic, problems],
        );
      }

      if (isCode(kind.family)) {
        for (const name of ['cap -1', 'cap 1e309', 'cap of 400 digits', 'cap "lots"']) {
          const cap = byName.get(name)!.caps;
          assert.equal(cap.length, 1, `${kind.file} / ${name}`);
          assert.ok(cap[0] === null || cap[0] === 'non-literal', `${kind.file} / ${name}: ${cap[0]} is no cap`);
          assert.deepEqual(byName.get(name)!.outputTokens, [400], `${kind.file} / ${name}: the configured typical output is assumed`);
        }
        assert.deepEqual(byName.get('nested brackets on short lines')!.problems, [DEEP_BRACKETS]);
        return;
      }
      assert.deepEqual(byName.get('YAML indented with tabs')!.problems, Array(3).fill('error: YAML: Tabs are not allowed as indentation'));
      assert.deepEqual(byName.get('duplicate keys')!.problems, Array(2).fill('error: YAML: Map keys must be unique'));
      assert.deepEqual(byName.get('model: [1,2]')!.models, [null]);
      for (const name of ['billion laughs defined and never used', 'billion laughs as the model', 'billion laughs as the sample data']) {
        assert.deepEqual(byName.get(name)!.models, [null], `${name}: a list of aliases is no model name`);
        assert.deepEqual(byName.get(name)!.staticTokens, [6], `${name}: the prompt is still counted`);
      }
      const capWarning = PROMPT_CAP_WARNING[kind.family];
      if (capWarning) {
        for (const name of ['cap -1', 'cap 1e309', 'cap of 400 digits', 'cap of 400 digits as text', 'cap "lots"']) {
          assert.deepEqual(byName.get(name)!.caps, [null], `${kind.file} / ${name}`);
          assert.deepEqual(byName.get(name)!.problems, [capWarning], `${kind.file} / ${name}`);
          assert.deepEqual(byName.get(name)!.outputTokens, [400]);
        }
      }
    });
  }

  test('a tree-sitter crash is reported on every later code file instead of parsing with corrupt memory', { timeout: 120_000 }, async () => {
    const result = await runWatched<{ crash: string; afterJava: string[]; afterPython: string[] }>(__filename, 'crashThenScan', null);
    assert.equal(result.crash, 'RuntimeError');
    const stopped = (language: string) => `error: could not load the ${language} grammar: the code parser stopped working after an earlier crash (memory access out of bounds); reload to scan code again`;
    assert.deepEqual(result.afterJava, [stopped('java')]);
    assert.deepEqual(result.afterPython, [stopped('python')]);
  });

  test('Java with brackets 10,000 deep is refused before parsing, and Java after it still scans', { timeout: 120_000 }, async () => {
    const outcomes = await runWatched<Outcome[]>(__filename, 'auditKind', { family: 'java' });
    const after = outcomes.findIndex((outcome) => outcome.name === 'nested brackets on short lines') + 1;
    assert.ok(after > 0 && after < outcomes.length);
    assert.equal(outcomes[after].name, 'special tokens in the prompt');
    assert.deepEqual(outcomes[after].summary.models, ['gpt-4o']);
    assert.deepEqual(outcomes[after].summary.problems, []);
  });
}
