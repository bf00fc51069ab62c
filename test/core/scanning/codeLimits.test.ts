// The code scanner's work limits: counted in work, not time, so results do not depend on machine load, and every
// limit met is reported as "partial results" where it was met.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, nestsDeeperThan, scanCode, type CodeScanContext } from '../../../src/core/scanning/code/index';
import { seededRandom } from '../../../bench/seededRandom';
import { compiledQuery, loadGrammar, queryMatches } from '../../../src/core/scanning/code/treeSitterRuntime';
import { searchProblems } from '../../../src/core/scanning/code/adapter';
import { ResolutionBudget } from '../../../src/core/scanning/code/workLimits';
import type { PromptSite } from '../../../src/core/types';

const wasmDir = join(__dirname, '../../../../dist/wasm');
const fixtures = join(__dirname, '../../../../test/fixtures');
const context: CodeScanContext = { readBundledFile: async (name) => new Uint8Array(readFileSync(join(wasmDir, name))) };
const PARTIAL_CALL = 'partial results: this call needs more than 20,000 resolution steps, so what was not resolved is counted as placeholders';

const tsMessages = (count: number): string => Array.from({ length: count }, (_, index) => `    { role: "user", content: "Message ${index}." },`).join('\n');

function lastSegments(site: PromptSite, count: number): unknown[] {
  return site.messages.flatMap((message) => message.segments).slice(-count);
}

test('a call with 10,000 messages listed before its model keeps model and cap, resolves 6,665 messages and sums up the rest as one placeholder message', async () => {
  const text = `import OpenAI from "openai";\nconst client = new OpenAI();\nclient.chat.completions.create({\n  messages: [\n${tsMessages(10_000)}\n  ],\n  model: "gpt-4o",\n  max_tokens: 200,\n});\n`;
  const result = await scanCode('src/many.ts', text, 'typescript', context);
  assert.equal(result.sites.length, 1, 'the messages past the limit are no stand-alone prompt sites');
  const [site] = result.sites;
  assert.deepEqual([site.kind, site.model, site.maxOutputTokens, site.messages.length], ['call', 'gpt-4o', 200, 6666]);
  const restStart = text.indexOf('{ role: "user", content: "Message 6665." }');
  const restEnd = text.indexOf('"Message 9999." }') + '"Message 9999." }'.length;
  assert.deepEqual(site.messages[6665], {
    role: 'user',
    segments: [{ kind: 'dynamic', name: '…(remaining messages not resolved)', raw: '…(remaining messages not resolved)', span: { start: restStart, end: restEnd } }],
    span: { start: restStart, end: restEnd },
  });
  assert.deepEqual(site.messages[6664].segments.map((segment) => segment.kind === 'static' && segment.text), ['Message 6664.']);
  assert.deepEqual(result.problems, [{ file: 'src/many.ts', message: PARTIAL_CALL, span: site.anchor, severity: 'warning' }]);
});

test('the same file scanned twice gives the same partial result', async () => {
  const text = `from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", max_tokens=200, messages=[\n${Array.from({ length: 8000 }, (_, index) => `    {"role": "user", "content": "Message ${index}."},`).join('\n')}\n])\n`;
  const first = await scanCode('src/many.py', text, 'python', context);
  const second = await scanCode('src/many.py', text, 'python', context);
  assert.deepEqual(second, first);
  assert.deepEqual([first.sites[0].messages.length, first.problems.map((problem) => problem.message)], [6666, [PARTIAL_CALL]]);
});

test('a 10,000-piece Go concatenation is followed past any nesting depth until the limit, then one placeholder stands for its rest', async () => {
  const pieces = Array.from({ length: 10_000 }, (_, index) => `"piece ${index} "`).join(' + ');
  const text = `package main\n\nimport "github.com/openai/openai-go"\n\nfunc run(client openai.Client) {\n\tclient.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{\n\t\tModel: "gpt-4o",\n\t\tMaxTokens: openai.Int(200),\n\t\tMessages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(${pieces})},\n\t})\n}\n`;
  const result = await scanCode('src/chain.go', text, 'go', context);
  assert.equal(result.sites.length, 1);
  const [site] = result.sites;
  assert.deepEqual([site.model, site.maxOutputTokens, site.messages.length, site.messages[0].segments.length], ['gpt-4o', 200, 1, 9995]);
  const restStart = text.indexOf('"piece 9994 "');
  assert.deepEqual(lastSegments(site, 2), [
    { kind: 'static', text: 'piece 9993 ', span: { start: restStart - '"piece 9993 " + '.length + 1, end: restStart - ' + '.length - 1 } },
    { kind: 'dynamic', name: '…(remaining text not resolved)', raw: '…(remaining text not resolved)', span: { start: restStart, end: text.indexOf('"piece 9999 "') + '"piece 9999 "'.length } },
  ]);
  assert.deepEqual(result.problems.map((problem) => problem.message), [PARTIAL_CALL]);
});

test('a value followed through more than 24 names is cut at the depth limit and the call says so', async () => {
  const names = Array.from({ length: 30 }, (_, index) => `const p${index + 1} = p${index};`).join('\n');
  const text = `import OpenAI from "openai";\nconst client = new OpenAI();\nconst p0 = "Summarise the ticket.";\n${names}\nclient.chat.completions.create({ model: "gpt-4o", max_tokens: 5, messages: [{ role: "user", content: p30 }] });\n`;
  const result = await scanCode('src/deep.ts', text, 'typescript', context);
  const [site] = result.sites;
  assert.deepEqual(site.messages.map((message) => message.segments.map((segment) => [segment.kind, segment.kind === 'dynamic' ? segment.name : segment.text])), [[['dynamic', 'p30']]]);
  assert.deepEqual(result.problems, [{ file: 'src/deep.ts', message: 'partial results: values nest more than 24 deep, so what was not resolved is counted as placeholders', span: site.anchor, severity: 'warning' }]);
});

test('with a file allowance of 100 steps the calls past it keep no model, cap or text, and each says the file used up its steps', async () => {
  const call = (index: number) => `client.chat.completions.create({ model: "gpt-4o", max_tokens: ${index + 1}, messages: [{ role: "system", content: "You are helper ${index}." }, { role: "user", content: question }] });`;
  const text = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport function run(question: string) {\n${Array.from({ length: 12 }, (_, index) => '  ' + call(index)).join('\n')}\n}\n`;
  const result = await scanCode('src/twelve.ts', text, 'typescript', { ...context, resolutionLimits: { rootSteps: 20_000, fileSteps: 100 } });
  // The twelve system prompts are resolved first (as stand-alone candidates), then the calls in order until the allowance is gone.
  const resolved = (index: number) => ['gpt-4o', index + 1, [`You are helper ${index}.`, '<question>']];
  assert.deepEqual(
    result.sites.map((site) => [site.model, site.maxOutputTokens, site.messages.map((message) => message.segments.map((segment) => (segment.kind === 'static' ? segment.text : `<${segment.name}>`)).join(''))]),
    [...Array.from({ length: 8 }, (_, index) => resolved(index)), ...Array(4).fill([null, 'non-literal', []])],
  );
  const lines = text.split('\n');
  const anchorOfLine = (line: number) => {
    const start = lines.slice(0, line).join('\n').length + 3;
    return { start, end: start + 'client.chat.completions.create'.length };
  };
  const usedUp = 'partial results: the file used up its 100 resolution steps, so what was not resolved is counted as placeholders';
  assert.deepEqual(
    result.problems,
    [11, 12, 13, 14].map((line) => ({ file: 'src/twelve.ts', message: usedUp, span: anchorOfLine(line), severity: 'warning' })),
  );
});

test('a query past its step limit returns the matches it completed and where it stopped, reported as partial there', async () => {
  const grammar = await loadGrammar('javascript', context.readBundledFile);
  const text = 'f(1);\n'.repeat(2000);
  const tree = grammar.parser.parse(text)!;
  try {
    const query = compiledQuery(grammar, ['(call_expression) @call']);
    const full = queryMatches(query, tree.rootNode);
    assert.deepEqual([full.matches.length, full.stoppedAt, full.droppedMatches], [2000, null, false]);
    // Ten progress reports (1,000 cursor operations) reach the 44th call, at offset 258; the cursor stopped inside it.
    const cut = queryMatches(query, tree.rootNode, 10);
    assert.deepEqual([cut.matches.length, cut.matches[43].captures[0].node.startIndex, cut.stoppedAt, cut.droppedMatches], [44, 258, 260, false]);
    const again = queryMatches(query, tree.rootNode, 10);
    assert.deepEqual([again.matches.length, again.stoppedAt], [44, 260], 'the same steps stop at the same place');
    assert.deepEqual(searchProblems(cut), [
      { message: 'partial results: the syntax search stopped at its work limit (60,000 steps); calls and prompts after this point are not reported', span: { start: cut.stoppedAt, end: cut.stoppedAt } },
    ]);
  } finally {
    tree.delete();
  }
});

test('a budget root gets its own allowance within the file\'s, and nothing is paid for after a refusal', () => {
  const budget = new ResolutionBudget({ rootSteps: 10, fileSteps: 20 });
  const first = budget.root(1, () => [budget.take(4), budget.take(7), budget.take(1)]);
  assert.deepEqual([first.value, [...first.cuts]], [[true, false, false], ['root-steps']]);
  const second = budget.root(2, () => [budget.take(10)]);
  assert.deepEqual([second.value, [...second.cuts]], [[true], []]);
  const third = budget.root(3, () => [budget.spent, budget.take(9), budget.take(1), budget.spent]);
  assert.deepEqual([third.value, [...third.cuts]], [[false, false, false, true], ['file-steps']]);
  assert.deepEqual([budget.take(1), [...budget.cutRoots], [...budget.fileCuts], budget.cutOutsideRoots, budget.refusals], [false, [1, 3], ['root-steps', 'file-steps'], true, 5]);
});

test('no corpus file, sample file or 2,000-line file meets a work limit', async () => {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (codeLanguageForPath(full)) files.push(full);
    }
  };
  for (const folder of ['code/corpus', 'code/corpus2', 'sample-workspace']) walk(join(fixtures, folder));
  assert.ok(files.length > 100, `${files.length} corpus files`);
  const block = (index: number) => `\nconst SYSTEM_PROMPT_${index} = \`You are assistant ${index}. Answer briefly.\`;\nexport async function ask${index}(question: string, model = 'gpt-4o-mini') {\n  const params = { model, max_completion_tokens: ${100 + index} };\n  return client.chat.completions.create({\n    ...params,\n    messages: [\n      { role: 'system', content: SYSTEM_PROMPT_${index} },\n      { role: 'user', content: \`Question ${index}: \${question}\` },\n    ],\n  });\n}\n`;
  const long = "import OpenAI from 'openai';\nconst client = new OpenAI();\n" + Array.from({ length: 167 }, (_, index) => block(index)).join('');
  assert.ok(long.split('\n').length >= 2000);
  const limited: string[] = [];
  for (const file of files) {
    const result = await scanCode(file, readFileSync(file, 'utf8'), codeLanguageForPath(file)!, context);
    for (const problem of result.problems) if (/partial results|work limit|not scanned/.test(problem.message)) limited.push(`${file}: ${problem.message}`);
  }
  const longResult = await scanCode('src/long.ts', long, 'typescript', context);
  assert.deepEqual([limited, longResult.sites.filter((site) => site.kind === 'call').length, longResult.problems], [[], 167, []]);
});

test('a stand-alone prompt cut at the per-root limit is still reported, with its unresolved substitutions as placeholders and a problem at the prompt', async () => {
  const text = `const TOPIC = "billing";\nexport const SYSTEM_PROMPT = \`You answer questions about ${Array.from({ length: 60 }, () => '${TOPIC}').join(' and ')} only.\`;\n`;
  const result = await scanCode('src/prompt.ts', text, 'typescript', { ...context, resolutionLimits: { rootSteps: 100, fileSteps: 400_000 } });
  assert.equal(result.sites.length, 1);
  const [site] = result.sites;
  const segments = site.messages[0].segments;
  // Each `${TOPIC}` costs 3 steps (the name, its one binding, the literal): 33 are text, the other 27 stay placeholders.
  assert.deepEqual(
    [site.kind, segments.filter((segment) => segment.kind === 'static' && segment.text === 'billing').length, segments.filter((segment) => segment.kind === 'dynamic' && segment.name === 'TOPIC').length],
    ['prompt', 33, 27],
  );
  assert.deepEqual(result.problems, [{ file: 'src/prompt.ts', message: 'partial results: this prompt needs more than 100 resolution steps, so what was not resolved is counted as placeholders', span: site.anchor, severity: 'warning' }]);
});

test('nestsDeeperThan answers what counting each bracket does, on random texts with other and non-ASCII characters', () => {
  // The definition, one character at a time.
  const reference = (text: string, limit: number): boolean => {
    let depth = 0;
    for (const char of text) {
      if (char === '(' || char === '[' || char === '{') {
        if (++depth > limit) return true;
      } else if ((char === ')' || char === ']' || char === '}') && depth > 0) depth--;
    }
    return false;
  };
  const random = seededRandom(15);
  // U+0128 and U+00FB share their low seven bits with `(` and `{`: not brackets.
  const alphabet = ['(', ')', '[', ']', '{', '}', 'a', ' ', '\n', 'é', '😀', '\u0128', '\u00fb'];
  let deeper = 0;
  for (let round = 0; round < 5000; round++) {
    const text = Array.from({ length: Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const limit = Math.floor(random() * 5);
    assert.equal(nestsDeeperThan(text, limit), reference(text, limit), `${JSON.stringify(text)} at ${limit}`);
    if (reference(text, limit)) deeper++;
  }
  assert.ok(deeper > 500 && deeper < 4500, `${deeper} texts nest deeper`);
});
