// The real-world rules corpus (test/fixtures/rules-corpus): every labelled file through the whole pipeline, each scored
// rule's findings compared with the hand labels by rule and line; prints and checks each rule's precision and recall.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { auditFixture, repositoryRoot } from './ruleTestSupport';

const corpusRoot = path.join(repositoryRoot, 'test/fixtures/rules-corpus');

interface Label {
  rule: string;
  at: string;
  occurrence?: number;
  note?: string;
}
interface Labels {
  scoredRules: string[];
  files: Record<string, Label[]>;
}

/**
 * Labelled findings the rules cannot reach because the scanner does not give them the text. Printed figures count them
 * as misses; only the goal check leaves them out. An entry that stops being a miss fails the test, so it is removed.
 */
const KNOWN_MISSES: Array<{ key: string; reason: string }> = [];

const labels = JSON.parse(fs.readFileSync(path.join(corpusRoot, 'labels.json'), 'utf8')) as Labels;

/** Precision at or above these, per default severity; recall goals where the issue sets one. */
const PRECISION_GOAL: Record<string, number> = { warning: 0.95, information: 0.9 };
const RECALL_GOAL: Record<string, number> = { 'redundant-instruction': 0.9, 'unbounded-output': 0.9 };

/** 1-based line of the `occurrence`-th match of `at` in `text`. */
export function labelLine(text: string, label: Label): number {
  let at = -1;
  for (let seen = 0; seen < (label.occurrence ?? 1); seen++) {
    at = text.indexOf(label.at, at + 1);
    if (at < 0) throw new Error(`label text not found (occurrence ${label.occurrence ?? 1}): ${label.at}`);
  }
  return text.slice(0, at).split('\n').length;
}

function listFiles(folder: string, prefix = ''): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(folder, entry.name), relative) : [relative];
  });
}

test('every corpus file is labelled and every label points at its text', () => {
  const files = listFiles(corpusRoot).filter((file) => file !== 'labels.json' && file !== 'README.md');
  assert.deepEqual(files.sort(), Object.keys(labels.files).sort());
  for (const [file, fileLabels] of Object.entries(labels.files)) {
    const text = fs.readFileSync(path.join(corpusRoot, file), 'utf8');
    for (const label of fileLabels) {
      assert.ok(labels.scoredRules.includes(label.rule), `${file}: ${label.rule} is a scored rule`);
      assert.ok(labelLine(text, label) > 0);
    }
  }
});

test('each scored rule meets its precision and recall goal on the rules corpus', async () => {
  const score = new Map<string, { truePositives: number; falsePositives: number; falseNegatives: number; severity: string }>();
  const misses: string[] = [];
  const knownMissed = new Map<string, number>();
  const unknownMisses: string[] = [];
  for (const rule of labels.scoredRules) score.set(rule, { truePositives: 0, falsePositives: 0, falseNegatives: 0, severity: '' });
  for (const [file, fileLabels] of Object.entries(labels.files)) {
    const { text, audit, lineIndex } = await auditFixture(file, DEFAULT_CONFIG, corpusRoot);
    assert.deepEqual(audit.problems, [], file);
    const expected = fileLabels.map((label) => `${label.rule}@${labelLine(text, label)}`);
    const found = audit.findings
      .filter((finding) => labels.scoredRules.includes(finding.rule))
      .map((finding) => {
        score.get(finding.rule)!.severity = finding.severity;
        return { key: `${finding.rule}@${lineIndex.positionAt(finding.span.start).line + 1}`, message: finding.message };
      });
    const unmatched = [...expected];
    for (const finding of found) {
      const rule = finding.key.split('@')[0];
      const at = unmatched.indexOf(finding.key);
      if (at >= 0) {
        unmatched.splice(at, 1);
        score.get(rule)!.truePositives++;
      } else {
        score.get(rule)!.falsePositives++;
        misses.push(`false positive ${file} ${finding.key}: ${finding.message}`);
      }
    }
    for (const key of unmatched) {
      score.get(key.split('@')[0])!.falseNegatives++;
      misses.push(`missed ${file} ${key}`);
      if (KNOWN_MISSES.some((known) => known.key === `${file} ${key}`)) knownMissed.set(key.split('@')[0], (knownMissed.get(key.split('@')[0]) ?? 0) + 1);
      else unknownMisses.push(`${file} ${key}`);
    }
  }
  const lines: string[] = [];
  const failures: string[] = [];
  for (const [rule, counts] of score) {
    const flagged = counts.truePositives + counts.falsePositives;
    const labelled = counts.truePositives + counts.falseNegatives;
    const precision = flagged === 0 ? 1 : counts.truePositives / flagged;
    const recall = labelled === 0 ? 1 : counts.truePositives / labelled;
    lines.push(`${rule}: precision ${(precision * 100).toFixed(1)}% (${counts.truePositives}/${flagged}), recall ${(recall * 100).toFixed(1)}% (${counts.truePositives}/${labelled})`);
    const severity = counts.severity || 'warning';
    if (precision < (PRECISION_GOAL[severity] ?? 0.95)) failures.push(`${rule} precision`);
    const recallOnReachable = labelled - (knownMissed.get(rule) ?? 0) === 0 ? 1 : counts.truePositives / (labelled - (knownMissed.get(rule) ?? 0));
    if (recallOnReachable < (RECALL_GOAL[rule] ?? 0)) failures.push(`${rule} recall`);
  }
  console.log(['rules corpus:', ...lines, ...misses].join('\n  '));
  const stillMissed = KNOWN_MISSES.filter((known) => misses.includes(`missed ${known.key}`));
  assert.deepEqual(stillMissed, KNOWN_MISSES, 'a known miss is found now: remove it from KNOWN_MISSES');
  assert.deepEqual(failures, [], [...lines, ...misses].join('\n'));
});
