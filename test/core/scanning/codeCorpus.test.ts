// Runs the scanner over the blind evaluation corpus (test/fixtures/code/corpus) and checks every expected site
// exactly; prints precision/recall of call sites and how often the output cap was read correctly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanCode, codeLanguageForPath } from '../../../src/core/scanning/code/index';
import { LineIndex } from '../../../src/core/lineIndex';
import { sitePlaceholders, type PromptSite } from '../../../src/core/types';

const corpusRoot = join(__dirname, '../../../../test/fixtures/code/corpus');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(__dirname, '../../../../dist/wasm', name)));

interface Expectation {
  line: number;
  kind: 'call' | 'prompt';
  provider: string | null;
  api: string | null;
  model: string | null;
  maxOutputTokens: number | null | 'non-literal';
  capParameter: string | null;
  placeholders: string[];
  linkedFile: string | null;
}

/** The corpus's view of a site: 1-based line of span.start, placeholder names in order, deduplicated. */
export function siteToExpectation(site: PromptSite, lineIndex: LineIndex): Expectation {
  return {
    line: lineIndex.positionAt(site.span.start).line + 1,
    kind: site.kind as 'call' | 'prompt',
    provider: site.provider,
    api: site.api,
    model: site.model,
    maxOutputTokens: site.maxOutputTokens,
    capParameter: site.capParameter ?? null,
    placeholders: sitePlaceholders(site),
    linkedFile: site.linkedFile ?? null,
  };
}

function stripNote(expectation: Expectation & { note?: string }): Expectation {
  const { line, kind, provider, api, model, maxOutputTokens, capParameter, placeholders, linkedFile } = expectation;
  return { line, kind, provider, api, model, maxOutputTokens, capParameter, placeholders, linkedFile };
}

function corpusFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return corpusFiles(full);
    return codeLanguageForPath(entry.name) && existsSync(`${full}.expected.json`) ? [full] : [];
  });
}

const files = corpusFiles(corpusRoot).sort();
const results: { file: string; expected: Expectation[]; actual: Expectation[] }[] = [];

for (const file of files) {
  const relativePath = relative(corpusRoot, file).replace(/\\/g, '/');
  test(`corpus ${relativePath} yields exactly its expected sites`, async () => {
    const text = readFileSync(file, 'utf8');
    const expected = (JSON.parse(readFileSync(`${file}.expected.json`, 'utf8')).sites as (Expectation & { note?: string })[]).map(stripNote);
    const result = await scanCode(relativePath, text, codeLanguageForPath(file)!, { readBundledFile });
    const lineIndex = new LineIndex(text);
    const actual = result.sites.map((site) => siteToExpectation(site, lineIndex));
    results.push({ file: relativePath, expected, actual });
    assert.deepEqual(actual, expected);
  });
}

test('corpus precision, recall and cap accuracy meet the issue 3 quality bar', () => {
  assert.ok(files.length > 0, 'the corpus has files');
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let capsRight = 0;
  let promptExpected = 0;
  let promptFound = 0;
  let promptRight = 0;
  let exactFiles = 0;
  for (const { expected, actual } of results) {
    const expectedCalls = expected.filter((site) => site.kind === 'call');
    const actualCalls = actual.filter((site) => site.kind === 'call');
    for (const site of actualCalls) {
      const match = expectedCalls.find((candidate) => candidate.line === site.line);
      if (!match) {
        falsePositives++;
        continue;
      }
      truePositives++;
      if (JSON.stringify(match.maxOutputTokens) === JSON.stringify(site.maxOutputTokens)) capsRight++;
    }
    falseNegatives += expectedCalls.filter((candidate) => !actualCalls.some((site) => site.line === candidate.line)).length;
    const expectedPrompts = expected.filter((site) => site.kind === 'prompt');
    const actualPrompts = actual.filter((site) => site.kind === 'prompt');
    promptExpected += expectedPrompts.length;
    promptFound += actualPrompts.length;
    promptRight += actualPrompts.filter((site) => expectedPrompts.some((candidate) => candidate.line === site.line)).length;
    if (JSON.stringify(expected) === JSON.stringify(actual)) exactFiles++;
  }
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  const recall = truePositives / Math.max(1, truePositives + falseNegatives);
  const capAccuracy = capsRight / Math.max(1, truePositives);
  console.log(
    `corpus: ${results.length} files (${exactFiles} exact), call sites: precision ${(precision * 100).toFixed(1)}% recall ${(recall * 100).toFixed(1)}% ` +
      `(tp ${truePositives}, fp ${falsePositives}, fn ${falseNegatives}), cap right on ${(capAccuracy * 100).toFixed(1)}% of calls found; ` +
      `prompt sites: ${promptRight} of ${promptFound} found are expected, ${promptExpected} expected`,
  );
  assert.ok(precision >= 0.97, `precision ${precision}`);
  assert.ok(recall >= 0.97, `recall ${recall}`);
  assert.ok(capAccuracy >= 0.95, `cap accuracy ${capAccuracy}`);
});
