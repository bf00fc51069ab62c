// Seeded fuzzing: the sample workspace's files with random slices deleted, duplicated or inserted (from other files
// and from junk), audited through auditDocument. Same seed, same mutants: a failure names the seed and iteration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditAndSummarize, defaultContext, runWatched, sampleWorkspace, seededRandom, serveJobsInWorker } from './support';

const SEED = 20261123;
const ITERATIONS = 400;
const JUNK = ['\u0000', '\uD800', '\u202E', '"""', '`${', '{{', '{%', '---\n', '\t', '\r', '<|endoftext|>', '*a', '&a ', '((((', ']]]]', '\\', "'", 'f"', '#{'];

function sampleFiles(): Array<{ file: string; text: string }> {
  const files: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(absolute);
      else if (entry.name !== '.promptcost.yaml') files.push({ file: path.relative(sampleWorkspace, absolute).split(path.sep).join('/'), text: fs.readFileSync(absolute, 'utf8') });
    }
  };
  walk(sampleWorkspace);
  return files;
}

/** One to four edits: delete a slice, duplicate a slice in place, insert a slice of another file, or insert junk. */
export function mutate(text: string, donors: string[], random: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(random() * (result.length + 1));
    const length = Math.floor(random() * Math.min(200, result.length - at + 1));
    switch (Math.floor(random() * 4)) {
      case 0:
        result = result.slice(0, at) + result.slice(at + length);
        break;
      case 1:
        result = result.slice(0, at + length) + result.slice(at, at + length) + result.slice(at + length);
        break;
      case 2: {
        const donor = donors[Math.floor(random() * donors.length)];
        const from = Math.floor(random() * donor.length);
        result = result.slice(0, at) + donor.slice(from, from + 1 + Math.floor(random() * 300)) + result.slice(at);
        break;
      }
      default:
        result = result.slice(0, at) + JUNK[Math.floor(random() * JUNK.length)].repeat(1 + Math.floor(random() * 3)) + result.slice(at);
    }
  }
  return result;
}

interface FuzzFailure {
  iteration: number;
  file: string;
  reason: string;
}

const jobs = {
  async fuzz(input: { seed: number; iterations: number }): Promise<{ audited: number; sites: number; failures: FuzzFailure[] }> {
    const random = seededRandom(input.seed);
    const files = sampleFiles();
    const donors = files.map((entry) => entry.text);
    const context = defaultContext(fs.readFileSync(path.join(sampleWorkspace, '.promptcost.yaml'), 'utf8'));
    const failures: FuzzFailure[] = [];
    let sites = 0;
    for (let iteration = 0; iteration < input.iterations; iteration++) {
      const { file, text } = files[iteration % files.length];
      const mutant = mutate(text, donors, random);
      try {
        const summary = await auditAndSummarize(file, mutant, context);
        sites += summary.siteCount;
        const reasons = [
          ...summary.violations.map((violation) => `span ${violation.where} ${JSON.stringify(violation.span)} outside 0..${mutant.length}`),
          ...summary.internalFailures,
          ...summary.badNumbers,
        ];
        for (const reason of reasons) failures.push({ iteration, file, reason });
      } catch (error) {
        failures.push({ iteration, file, reason: `threw: ${(error as Error).stack}` });
      }
    }
    return { audited: input.iterations, sites, failures };
  },
};

if (!serveJobsInWorker(jobs)) {
  test('the mutation is seeded: the same seed gives the same mutant, another seed another', () => {
    const files = sampleFiles();
    const donors = files.map((entry) => entry.text);
    const first = mutate(files[0].text, donors, seededRandom(SEED));
    assert.equal(mutate(files[0].text, donors, seededRandom(SEED)), first);
    assert.notEqual(mutate(files[0].text, donors, seededRandom(SEED + 1)), first);
    assert.equal(files.length, 9, 'the sample workspace has 9 auditable files');
  });

  test(`${ITERATIONS} seeded mutants of the sample workspace: no throw, no internal error, spans inside the text, finite costs`, { timeout: 180_000 }, async () => {
    const result = await runWatched<{ audited: number; sites: number; failures: FuzzFailure[] }>(__filename, 'fuzz', { seed: SEED, iterations: ITERATIONS });
    assert.equal(result.audited, ITERATIONS);
    assert.deepEqual(result.failures.slice(0, 5), [], `seed ${SEED}: ${result.failures.length} failures`);
    // Most mutants still hold prompts: a fuzzer that audits nothing tests nothing.
    assert.ok(result.sites > ITERATIONS / 2, `only ${result.sites} sites over ${ITERATIONS} mutants`);
  });
}
