// The workspace symbol index (issue 18): building it for a generated 2,000-file repository (Python, TypeScript and Go
// modules with constants, settings, prompt builders and imports, ~4 KB each), beside counting the same bytes with
// OpenAI's tokenizer as WASM (tiktoken, o200k) in the same process: the index is built on every cold audit, so it must
// stay a small fraction of counting the text once. Then resolving every import of the repository through it.
// Register in bench/modules.ts as `symbolIndex`.
import type { BenchModule, BenchRow } from './types';
import { seededRandom } from './seededRandom';
import { SymbolIndexBuilder, SymbolResolver } from '../src/core/scanning/code/symbolIndex';

const FILES = 2000;

function pythonModule(i: number, random: () => number): string {
  const lines = [`from .settings import MODEL_${i % 50} as MODEL`, 'import os', ''];
  for (let k = 0; k < 12; k++) lines.push(`PROMPT_${k} = """You are helper ${i}.${k}. Answer in ${Math.floor(random() * 9) + 1} sentences.\nCite the source of every fact."""`);
  lines.push(`CHAT_MODEL = os.getenv("CHAT_MODEL_${i}", "gpt-4o-mini")`, '');
  for (let k = 0; k < 6; k++) lines.push(`def build_${k}(question, context):`, `    """Builds prompt ${k}."""`, `    return f"{PROMPT_${k}}\\nContext: {context}\\nQuestion: {question}"`, '');
  lines.push('class Agent:', '    model = "gpt-4.1"', '    def run(self, task):', '        for step in range(3):', '            print(step, task)', '        return task', '');
  return lines.join('\n');
}

function typescriptModule(i: number, random: () => number): string {
  const lines = [`import { MODEL_${i % 50} as MODEL } from './models';`, `import * as base from './base${i % 7}';`, ''];
  for (let k = 0; k < 12; k++) lines.push(`export const PROMPT_${k} = \`You are helper ${i}.${k}. Answer in ${Math.floor(random() * 9) + 1} sentences.\nCite the source of every fact.\`;`);
  lines.push(`export const options = { model: MODEL, maxOutputTokens: ${500 + i}, temperature: 0.2 };`, '');
  for (let k = 0; k < 6; k++) lines.push(`export const build${k} = ({ question }: { question: string }) => \`\${PROMPT_${k}}\\nQuestion: \${question}\`;`);
  lines.push(`export function run(task: string): string {`, '  const parts = task.split(" ");', '  return parts.map((part) => part.trim()).join(" ");', '}', '');
  return lines.join('\n');
}

function goModule(i: number, random: () => number): string {
  const lines = [`package pkg${i % 40}`, '', 'import (', '\t"os"', ')', ''];
  for (let k = 0; k < 12; k++) lines.push(`const Prompt${i}_${k} = \`You are helper ${i}.${k}. Answer in ${Math.floor(random() * 9) + 1} sentences.\``);
  lines.push(`var Model${i} = getEnv("MODEL_${i}", "gpt-4o-mini")`, '', 'func getEnv(key, fallback string) string {', '\tif v := os.Getenv(key); v != "" {', '\t\treturn v', '\t}', '\treturn fallback', '}', '');
  return lines.join('\n');
}

function repository(): Array<{ file: string; text: string }> {
  const random = seededRandom(18);
  const files: Array<{ file: string; text: string }> = [];
  // What the modules import: a settings module per service, the TS models and base modules.
  const models = Array.from({ length: 50 }, (_, k) => `MODEL_${k} = "gpt-4o-mini"`).join('\n');
  for (let s = 0; s < 20; s++) files.push({ file: `svc${s}/app/settings.py`, text: models });
  files.push({ file: 'web/lib/ai/models.ts', text: Array.from({ length: 50 }, (_, k) => `export const MODEL_${k} = 'gpt-4.1';`).join('\n') });
  for (let b = 0; b < 7; b++) files.push({ file: `web/lib/ai/base${b}.ts`, text: `export const RULES = 'Be brief.';\n` });
  for (let i = files.length; i < FILES; i++) {
    const kind = i % 3;
    if (kind === 0) files.push({ file: `svc${i % 20}/app/module_${i}.py`, text: pythonModule(i, random) });
    else if (kind === 1) files.push({ file: `web/lib/ai/feature${i}.ts`, text: typescriptModule(i, random) });
    else files.push({ file: `go/pkg${i % 40}/file${i}.go`, text: goModule(i, random) });
  }
  return files;
}

function bestOf(runs: number, work: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export const benchSymbolIndex: BenchModule = async () => {
  const files = repository();
  const bytes = files.reduce((sum, file) => sum + file.text.length, 0);
  const build = () => {
    const builder = new SymbolIndexBuilder();
    for (const file of files) builder.add(file.file, file.text);
    return builder.finish();
  };

  const tiktoken = require('tiktoken') as { get_encoding(name: string): { encode_ordinary(text: string): Uint32Array; free(): void } };
  const encoding = tiktoken.get_encoding('o200k_base');
  build();
  const buildMs = bestOf(3, build);
  const countMs = bestOf(3, () => {
    for (const file of files) encoding.encode_ordinary(file.text);
  });
  encoding.free();
  const index = build();
  let resolved = 0;
  const resolveMs = bestOf(3, () => {
    resolved = 0;
    for (const file of files) {
      const resolver = new SymbolResolver(index, file.file);
      const symbols = index.files.get(file.file);
      for (const name of symbols?.imports.keys() ?? []) if (resolver.name(name, { start: 0, end: 0 }, name)) resolved++;
    }
  });
  const rows: BenchRow[] = [
    { name: `symbol index: build, ${FILES} files (${(bytes / 1048576).toFixed(1)} MB)`, value: buildMs, unit: 'ms', reference: { name: 'tiktoken wasm count of the same bytes', value: countMs }, target: { maxRatio: 0.25 } },
    { name: `symbol index: resolve every import once (${resolved} found)`, value: resolveMs, unit: 'ms', reference: { name: 'build', value: buildMs } },
  ];
  return rows;
};
