// Content fingerprints are computed in one pass; they must stay what their definition gives (SARIF baselines and
// diffs compare them across versions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { contentFingerprint, hash53, normalizeForFingerprint, siteContentHash } from '../../../src/core/report/fingerprint';

/** The definition the one-pass version replaced. */
const byDefinition = (parts: readonly string[]): string => hash53(parts.map(normalizeForFingerprint).join('\n'));

const TOKENS = path.resolve(__dirname, '../../../../test/fixtures/tokens');

test('known fingerprints are unchanged', () => {
  assert.equal(contentFingerprint(['prompt', 'chat', '  Be   concise.\n\tAnswer in English. ']), byDefinition(['prompt', 'chat', 'Be concise. Answer in English.']));
  assert.equal(contentFingerprint(['a', '', 'b']), byDefinition(['a', '', 'b']));
  assert.notEqual(contentFingerprint(['a', 'b']), contentFingerprint(['a b']));
  assert.equal(siteContentHash({ kind: 'prompt-file', api: null, span: { start: 0, end: 5 } }, ' x\u3000y\u00a0'), byDefinition(['prompt-file', '', ' x\u3000y\u00a0']));
});

test('every tokenizer fixture file fingerprints as the definition does', () => {
  for (const name of fs.readdirSync(TOKENS).sort()) {
    const text = fs.readFileSync(path.join(TOKENS, name), 'utf8');
    assert.equal(contentFingerprint(['rule', text]), byDefinition(['rule', text]), name);
  }
});

test('random parts with every kind of white space fingerprint as the definition does', () => {
  const whitespace = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', '\u0085', '\u180e'];
  const part = fc.array(fc.oneof(fc.constantFrom(...whitespace), fc.string({ unit: 'binary', maxLength: 5 })), { maxLength: 20 }).map((pieces) => pieces.join(''));
  fc.assert(
    fc.property(fc.array(part, { maxLength: 4 }), (parts) => {
      assert.equal(contentFingerprint(parts), byDefinition(parts));
    }),
    { seed: 16, numRuns: 500 },
  );
});
