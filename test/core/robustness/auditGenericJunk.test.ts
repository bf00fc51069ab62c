// Junk of every kind (empty, binary, NUL, 5 MB, deep brackets, open strings, lone surrogates, RTL, long lines,
// special tokens) through auditDocument for every file kind, as a whole file and inside that kind's prompt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedded, FILE_KINDS, genericHostileTexts, isCode, type FileFamily } from './hostileInputs';
import { auditAndSummarize, defaultContext, runWatched, serveJobsInWorker, type AuditSummary } from './support';

type Outcome = { name: string; raw: AuditSummary; inside: AuditSummary | null };

// Inside a prompt, the multi-megabyte inputs only repeat what the whole-file runs cost; they run raw only.
const RAW_ONLY = new Set(['5 MB of one character', 'one 2 MB line']);

const jobs = {
  async auditKind(input: { family: FileFamily }): Promise<Outcome[]> {
    const kind = FILE_KINDS.find((candidate) => candidate.family === input.family)!;
    const context = defaultContext();
    const outcomes: Outcome[] = [];
    for (const hostile of genericHostileTexts()) {
      const raw = await auditAndSummarize(kind.file, hostile.text, context);
      const inside = RAW_ONLY.has(hostile.name) ? null : await auditAndSummarize(kind.file, embedded(kind.family, hostile.text), context);
      outcomes.push({ name: hostile.name, raw, inside });
    }
    return outcomes;
  },
};

const BINARY = ['warning: skipped: the file looks binary, not text'];
const MINIFIED = ['information: not scanned for LLM calls: the file looks minified or generated'];
// o200k_base: 5 MB of `a` is 655,360 tokens; the nested brackets and `word, ` runs, measured once with js-tiktoken.
const FIVE_MB_TOKENS = 655_360;

if (!serveJobsInWorker(jobs)) {
  for (const kind of FILE_KINDS) {
    test(`${kind.file}: junk never throws, keeps spans inside the text and prices nothing at Infinity`, { timeout: 120_000 }, async () => {
      const outcomes = await runWatched<Outcome[]>(__filename, 'auditKind', { family: kind.family });
      assert.equal(outcomes.length, genericHostileTexts().length);
      for (const { name, raw, inside } of outcomes) {
        for (const [where, summary] of [['whole file', raw], ['inside a prompt', inside]] as const) {
          if (!summary) continue;
          const label = `${kind.file} / ${name} / ${where}`;
          assert.deepEqual(summary.violations, [], `${label}: spans out of range`);
          assert.deepEqual(summary.internalFailures, [], `${label}: a scanner or rule threw`);
          assert.deepEqual(summary.badNumbers, [], `${label}: a count or cost is negative or not finite`);
        }
      }
      const byName = new Map(outcomes.map((outcome) => [outcome.name, outcome]));
      for (const name of ['random bytes as latin1', 'random bytes as utf8', 'NUL bytes']) {
        assert.deepEqual(byName.get(name)!.raw.problems, BINARY, `${name}: skipped as binary`);
        assert.equal(byName.get(name)!.raw.siteCount, 0);
        assert.deepEqual(byName.get(name)!.inside!.problems, BINARY, `${name} inside a prompt: still binary`);
      }
      const fiveMb = byName.get('5 MB of one character')!.raw;
      if (isCode(kind.family)) {
        assert.deepEqual(fiveMb.problems, MINIFIED);
        assert.deepEqual(byName.get('one 2 MB line')!.raw.problems, MINIFIED);
        assert.equal(byName.get('empty')!.raw.siteCount, 0, 'an empty source file has no sites');
        assert.deepEqual(byName.get('empty')!.raw.problems, []);
        // Inside a call the odd text is one user message of the gpt-4o call, counted like a prompt file would count it.
        assert.deepEqual(byName.get('special tokens')!.inside!.staticTokens, [44]);
        assert.deepEqual(byName.get('lone surrogates')!.inside!.staticTokens, [9]);
        assert.deepEqual(byName.get('RTL and zero-width characters')!.inside!.staticTokens, [26]);
      } else if (kind.family === 'github-models') {
        assert.deepEqual(fiveMb.problems, ['error: A GitHub Models prompt file must be a YAML mapping.', 'warning: No `messages` list: the file defines no prompt to send.']);
        assert.deepEqual(byName.get('special tokens')!.inside!.staticTokens, [44]);
      } else {
        // Special tokens are counted as ordinary text, never as control tokens.
        assert.deepEqual(fiveMb.staticTokens, [FIVE_MB_TOKENS]);
        assert.deepEqual(byName.get('special tokens')!.raw.staticTokens, [44]);
        assert.deepEqual(byName.get('lone surrogates')!.raw.staticTokens, [9]);
        assert.deepEqual(byName.get('RTL and zero-width characters')!.raw.staticTokens, [26]);
        assert.deepEqual(byName.get('2 MB of nested brackets')!.raw.staticTokens, [1_048_575]);
        assert.deepEqual(byName.get('one 2 MB line')!.raw.staticTokens, [699_051]);
      }
    });
  }
}
