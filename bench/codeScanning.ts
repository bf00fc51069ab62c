// Figures for the code scanner (issue 3): tree-sitter runtime init, grammar loads, a 2,000-line TypeScript and
// Python file parsed and resolved (with calls, and without any LLM code), and a 5 MB minified bundle.
// Register in bench/modules.ts as `codeScanning`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchModule, BenchRow } from './types';
import { readdirSync } from 'node:fs';
import { codeLanguageForPath, scanCode, scanCodeFully } from '../src/core/scanning/code/index';
import { initRuntime, loadGrammar, parseBounded } from '../src/core/scanning/code/treeSitterRuntime';

const wasmDir = join(__dirname, '../../dist/wasm');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(wasmDir, name)));
const now = (): number => performance.now();

const TS_BLOCK = (i: number): string => `
const SYSTEM_PROMPT_${i} = \`You are assistant number ${i}. Answer the question briefly and cite sources when you can.\`;
export async function ask${i}(question: string, model = 'gpt-4o-mini') {
  const params = { model, max_completion_tokens: ${100 + i}, temperature: 0 };
  const response = await client.chat.completions.create({
    ...params,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT_${i} },
      { role: 'user', content: \`Question ${i}: \${question}\` },
    ],
  });
  const items = response.choices.map((choice) => choice.message.content ?? '').filter(Boolean);
  if (items.length === 0) throw new Error('no answer for ask${i}');
  return items.join('\\n');
}
`;

const PY_BLOCK = (i: number): string => `
SYSTEM_PROMPT_${i} = """You are assistant number ${i}.
Answer the question briefly and cite sources when you can."""


def ask_${i}(question, model="gpt-4o-mini", **kwargs):
    params = dict(model=model, max_tokens=${100 + i})
    response = client.chat.completions.create(
        **params,
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT_${i}},
            {"role": "user", "content": f"Question ${i}: {question}"},
        ],
    )
    items = [choice.message.content for choice in response.choices if choice.message.content]
    if not items:
        raise ValueError("no answer for ask_${i}")
    return "\\n".join(items)
`;

/** Ordinary code around the calls: a realistic file has a few LLM calls among many other functions. */
const TS_PLAIN = (i: number): string => `
export function normalise${i}(items: Array<{ id: string; score: number; tags?: string[] }>, limit = ${i + 10}) {
  const seen = new Set<string>();
  const result: typeof items = [];
  for (const item of items) {
    if (seen.has(item.id) || item.score < 0.${i % 10}) continue;
    seen.add(item.id);
    result.push({ ...item, tags: (item.tags ?? []).map((tag) => tag.trim().toLowerCase()) });
  }
  return result.sort((a, b) => b.score - a.score).slice(0, limit);
}
`;

const PY_PLAIN = (i: number): string => `
def normalise_${i}(items, limit=${i + 10}):
    seen = set()
    result = []
    for item in items:
        if item["id"] in seen or item["score"] < 0.${i % 10}:
            continue
        seen.add(item["id"])
        result.append({**item, "tags": [tag.strip().lower() for tag in item.get("tags", [])]})
    return sorted(result, key=lambda entry: entry["score"], reverse=True)[:limit]
`;

/** A file of about `lines` lines (whole blocks, so it stays valid code) with one call block every `callEvery` blocks. */
function buildFile(header: string, call: (i: number) => string, plain: (i: number) => string, lines: number, callEvery: number): string {
  let text = header;
  for (let i = 0; text.split('\n').length < lines; i++) text += i % callEvery === 0 ? call(i) : plain(i);
  return text;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeScan(name: string, text: string, language: 'typescript' | 'python', runs: number): Promise<number> {
  await scanCode(name, text, language, { readBundledFile });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    await scanCode(name, text, language, { readBundledFile });
    times.push(now() - start);
  }
  return median(times);
}

export const benchCodeScanning: BenchModule = async () => {
  const rows: BenchRow[] = [];
  let start = now();
  await initRuntime(readBundledFile);
  rows.push({ name: 'code scan: tree-sitter runtime init (cold)', value: now() - start, unit: 'ms' });
  start = now();
  const typescript = await loadGrammar('typescript', readBundledFile);
  rows.push({ name: 'code scan: TypeScript grammar load', value: now() - start, unit: 'ms' });
  start = now();
  const python = await loadGrammar('python', readBundledFile);
  rows.push({ name: 'code scan: Python grammar load', value: now() - start, unit: 'ms' });

  const parseOnly = (grammar: typeof typescript, text: string): number => {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const begin = now();
      parseBounded(grammar, text).tree?.delete();
      times.push(now() - begin);
    }
    return median(times);
  };
  const variants = [
    { label: 'typical: a call every ~150 lines', callEvery: 12 },
    { label: 'dense: a call every 15 lines', callEvery: 1 },
  ];
  for (const { label, callEvery } of variants) {
    const tsText = buildFile("import OpenAI from 'openai';\nconst client = new OpenAI();\n", TS_BLOCK, TS_PLAIN, 2000, callEvery);
    const pyText = buildFile('from openai import OpenAI\nclient = OpenAI()\n', PY_BLOCK, PY_PLAIN, 2000, callEvery);
    if (callEvery !== 1) {
      // First scan of a language also compiles its queries.
      start = now();
      await scanCode('first.ts', tsText, 'typescript', { readBundledFile });
      rows.push({ name: 'code scan: first TS scan (compiles queries)', value: now() - start, unit: 'ms' });
      start = now();
      await scanCode('first.py', pyText, 'python', { readBundledFile });
      rows.push({ name: 'code scan: first Python scan (compiles queries)', value: now() - start, unit: 'ms' });
    }
    const tsSites = (await scanCode('bench.ts', tsText, 'typescript', { readBundledFile })).sites.length;
    rows.push({
      name: `code scan: 2,000-line TS, ${label} (${tsSites} sites)`,
      value: await timeScan('bench.ts', tsText, 'typescript', 15),
      unit: 'ms',
      reference: { name: 'parse only', value: parseOnly(typescript, tsText) },
      target: { max: 20 },
    });
    const pySites = (await scanCode('bench.py', pyText, 'python', { readBundledFile })).sites.length;
    rows.push({
      name: `code scan: 2,000-line Python, ${label} (${pySites} sites)`,
      value: await timeScan('bench.py', pyText, 'python', 15),
      unit: 'ms',
      reference: { name: 'parse only', value: parseOnly(python, pyText) },
      target: { max: 20 },
    });
  }

  // Application-style modules written to be hard for the chunk splitter (test/fixtures/code/large): the split's gain
  // on code where LLM calls sit among ordinary functions, against parsing each file whole.
  const largeDir = join(__dirname, '../../test/fixtures/code/large');
  const largeFiles = readdirSync(largeDir)
    .filter((name) => codeLanguageForPath(name))
    .map((name) => ({ name, text: readFileSync(join(largeDir, name), 'utf8'), language: codeLanguageForPath(name)! }));
  const scanAll = async (scan: typeof scanCode): Promise<number> => {
    for (const file of largeFiles) await scan(file.name, file.text, file.language, { readBundledFile });
    const times: number[] = [];
    for (let run = 0; run < 7; run++) {
      const begin = now();
      for (const file of largeFiles) await scan(file.name, file.text, file.language, { readBundledFile });
      times.push(now() - begin);
    }
    return median(times);
  };
  const largeLines = largeFiles.reduce((sum, file) => sum + file.text.split('\n').length, 0);
  rows.push({
    name: `code scan: ${largeFiles.length} app modules (${largeLines.toLocaleString('en-US')} lines), all`,
    value: await scanAll(scanCode),
    unit: 'ms',
    reference: { name: 'each parsed whole', value: await scanAll(scanCodeFully) },
  });

  // Most files of a workspace have no LLM code: the text pre-filter answers without parsing them.
  const tsPlain = buildFile("import { z } from 'zod';\n", TS_PLAIN, TS_PLAIN, 2000, 1);
  const pyPlain = buildFile('import json\n', PY_PLAIN, PY_PLAIN, 2000, 1);
  rows.push({
    name: 'code scan: 2,000-line TS without LLM code',
    value: await timeScan('plain.ts', tsPlain, 'typescript', 15),
    unit: 'ms',
    reference: { name: 'parse only', value: parseOnly(typescript, tsPlain) },
    target: { max: 20 },
  });
  rows.push({
    name: 'code scan: 2,000-line Python without LLM code',
    value: await timeScan('plain.py', pyPlain, 'python', 15),
    unit: 'ms',
    reference: { name: 'parse only', value: parseOnly(python, pyPlain) },
    target: { max: 20 },
  });

  const chunk = 'function f(a,b){var c=a+b;return client.chat.completions.create({model:"gpt-4o",messages:[{role:"user",content:c}]})};';
  const minified = chunk.repeat(Math.ceil(5_000_000 / chunk.length));
  start = now();
  await scanCode('bundle.min.js', minified, 'javascript', { readBundledFile });
  rows.push({ name: 'code scan: 5 MB minified JS (detected, not parsed)', value: now() - start, unit: 'ms' });
  // The same size with line breaks is refused by the parse step limit.
  const unminified = minified.replace(/;/g, ';\n');
  start = now();
  await scanCode('bundle.js', unminified, 'javascript', { readBundledFile });
  rows.push({ name: 'code scan: 5 MB JS with line breaks (parse step limit)', value: now() - start, unit: 'ms' });
  return rows;
};
