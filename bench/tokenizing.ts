// Token counter figures: encoder start-up, 1 MB throughput against OpenAI's tiktoken (WASM), pathological inputs,
// and the cost of a cache hit. Register in bench/modules.ts as `tokenizing: benchTokenizing`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchModule, BenchRow } from './types';
import { seededRandom } from './seededRandom';
import { decodeRankFile, rankFileName } from '../src/core/tokenizing/rankFile';
import { loadEncoding } from '../src/core/tokenizing/encodings';
import { clearTokenCountCaches, countTokens } from '../src/core/tokenizing';
import type { BaseEncoding } from '../src/core/tokenizing/pretokenize';

const MEGABYTE = 1 << 20;
const FIXTURES = resolve(__dirname, '../../test/fixtures/tokens');

interface ReferenceEncoding {
  encode_ordinary(text: string): Uint32Array;
  free(): void;
}

function milliseconds(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** Best of `runs`: the figure least disturbed by the other processes sharing the machine. */
function bestOf(runs: number, work: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) best = Math.min(best, milliseconds(work));
  return best;
}

function mixedMegabyte(): string {
  const corpus = readdirSync(FIXTURES)
    .sort()
    .map((name) => readFileSync(join(FIXTURES, name), 'utf8'))
    .join('\n');
  return corpus.repeat(Math.ceil(MEGABYTE / corpus.length)).slice(0, MEGABYTE);
}

function base64Megabyte(): string {
  const bytes = new Uint8Array((MEGABYTE / 4) * 3);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (Math.imul(i, 2654435761) >>> 24) & 0xff;
  return Buffer.from(bytes).toString('base64');
}

/**
 * `chars` UTF-16 units drawn from one fixture file, by word (space-separated scripts) or by character (CJK, emoji,
 * where a whole clause is one piece): the script's own mix, but no long piece repeats, so the per-piece memo only
 * helps as much as it would on fresh text of that script.
 */
function scriptText(file: string, unit: 'word' | 'char', chars: number, seed: number): string {
  const source = readFileSync(join(FIXTURES, file), 'utf8');
  const units = unit === 'word' ? source.split(/(?<=\s)/) : [...source];
  const random = seededRandom(seed);
  const out: string[] = [];
  let length = 0;
  while (length < chars) {
    const next = units[Math.floor(random() * units.length)];
    out.push(next);
    length += next.length;
  }
  return out.join('');
}

const SCRIPTS: { label: string; file: string; unit: 'word' | 'char' }[] = [
  { label: 'English prose', file: 'prose-en.txt', unit: 'word' },
  { label: 'TypeScript code', file: 'code-typescript.ts', unit: 'word' },
  { label: 'mixed scripts', file: 'mixed-scripts.txt', unit: 'word' },
  { label: 'Arabic and Hindi', file: 'arabic-hindi.txt', unit: 'word' },
  { label: 'CJK (Chinese, Japanese, Korean)', file: 'cjk.txt', unit: 'char' },
  { label: 'emoji', file: 'emoji.txt', unit: 'char' },
];

export const benchTokenizing: BenchModule = async () => {
  const tiktoken = require('tiktoken') as { get_encoding(name: string): ReferenceEncoding };
  const rows: BenchRow[] = [];

  for (const encoding of ['o200k_base', 'cl100k_base'] as BaseEncoding[]) {
    // What both hosts do on an encoding's first count: decode the bundled rank file (read beforehand).
    const file = new Uint8Array(readFileSync(resolve(__dirname, '../../dist/wasm', rankFileName(encoding))));
    const ours = bestOf(3, () => decodeRankFile(file));
    const reference = bestOf(3, () => tiktoken.get_encoding(encoding).free());
    rows.push({ name: `${encoding}: encoder init`, value: ours, unit: 'ms', reference: { name: 'tiktoken wasm', value: reference }, target: { max: 1000 } });
  }

  const mixed = mixedMegabyte();
  for (const encoding of ['o200k_base', 'cl100k_base'] as BaseEncoding[]) {
    const encoder = loadEncoding(encoding);
    const reference = tiktoken.get_encoding(encoding);
    const ours = bestOf(3, () => encoder.count(mixed));
    const theirs = bestOf(3, () => reference.encode_ordinary(mixed));
    rows.push({ name: `${encoding}: 1 MB mixed fixture text`, value: ours, unit: 'ms', reference: { name: 'tiktoken wasm', value: theirs }, target: { max: 2000 } });
    reference.free();
  }

  // Every script in 4 KB chunks (the size of a typical prompt), counts compared one by one with the reference.
  for (const encoding of ['o200k_base', 'cl100k_base'] as BaseEncoding[]) {
    const encoder = loadEncoding(encoding);
    const reference = tiktoken.get_encoding(encoding);
    SCRIPTS.forEach(({ label, file, unit }, index) => {
      const text = scriptText(file, unit, 512 * 1024, 11 + index);
      const chunks: string[] = [];
      for (let at = 0; at < text.length; at += 4096) chunks.push(text.slice(at, at + 4096));
      let mismatches = 0;
      for (const chunk of chunks) if (encoder.count(chunk) !== reference.encode_ordinary(chunk).length) mismatches++;
      const ours = bestOf(3, () => chunks.forEach((chunk) => encoder.count(chunk)));
      const theirs = bestOf(3, () => chunks.forEach((chunk) => reference.encode_ordinary(chunk)));
      rows.push({
        name: `${encoding}: ${label}, 512K chars in 4 KB chunks (${mismatches} mismatches)`,
        value: ours,
        unit: 'ms',
        reference: { name: 'tiktoken wasm', value: theirs },
        target: { maxRatio: 0.5 },
      });
    });
    reference.free();
  }

  const pathological: [string, string][] = [
    ['1 MB of spaces', ' '.repeat(MEGABYTE)],
    ['1 MB of "a"', 'a'.repeat(MEGABYTE)],
    ['1 MB of base64, no line breaks', base64Megabyte()],
    ['1 MB of "="', '='.repeat(MEGABYTE)],
    ['1 MB of one CJK ideograph (3 MB UTF-8, one piece)', '語'.repeat(MEGABYTE)],
  ];
  const o200k = loadEncoding('o200k_base');
  for (const [label, text] of pathological) {
    rows.push({ name: `o200k_base: ${label}`, value: milliseconds(() => o200k.count(text)), unit: 'ms', target: { max: 2000 } });
  }

  clearTokenCountCaches();
  const first = milliseconds(() => countTokens(mixed, 'o200k_base'));
  // An equal but distinct string, as a re-read document would be: the hit hashes and compares the whole text.
  const sameText = mixed.split('').join('');
  const hit = milliseconds(() => countTokens(sameText, 'o200k_base'));
  rows.push({ name: 'o200k_base: cache hit on a re-read 1 MB text', value: hit, unit: 'ms', reference: { name: 'first count', value: first }, target: { max: 10 } });
  return rows;
};
