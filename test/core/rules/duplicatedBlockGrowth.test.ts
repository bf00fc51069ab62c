// duplicated-instruction-block across many files: exact findings, and work that grows linearly with the copies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditedSite } from '../../../src/core/audit';
import { duplicatedBlockWork, duplicatedInstructionBlockRule } from '../../../src/core/rules/duplicatedInstructionBlock';
import type { WorkspaceRuleDocument } from '../../../src/core/rules/types';

const POLICY =
  'Refunds are issued only to the original payment method within thirty days of delivery, and never as store credit unless the customer asks for it in writing, or the payment method has since been closed by the bank.\n\n' +
  'Before approving a refund, confirm the order number, the delivery date, the item condition and whether the customer already received a replacement for the same item or a partial refund for the same order.\n\n' +
  'If the order is older than thirty days, explain the policy politely, offer to escalate to a human agent, and never promise an exception you cannot grant yourself.';

/** One document per file whose single system message is `text` (a hand-built site: only what the rule reads). */
function documentWith(file: string, text: string): WorkspaceRuleDocument {
  const site = { messages: [{ role: 'system', segments: [{ kind: 'static', text, span: { start: 0, end: text.length } }] }] };
  return { file, text, sites: [{ site } as unknown as AuditedSite] };
}

function workspace(files: number): WorkspaceRuleDocument[] {
  return Array.from({ length: files }, (_, index) => documentWith(`prompts/p${String(index).padStart(5, '0')}.txt`, POLICY));
}

test('a block pasted into 5 files gets one finding per copy naming three others and counting the rest', () => {
  const results = duplicatedInstructionBlockRule.checkWorkspace(workspace(5), undefined as never);
  assert.equal(results.length, 5);
  assert.deepEqual(results[2], {
    file: 'prompts/p00002.txt',
    span: { start: 0, end: POLICY.length },
    message: 'This 112-token instruction block is repeated in 4 other files (prompts/p00000.txt, prompts/p00001.txt, prompts/p00003.txt and 1 more): keep one shared copy.',
  });
});

test('one block in 250, 1,000 and 4,000 files: files gathered and sorted grow linearly (they grew with the square)', () => {
  const visits: number[] = [];
  for (const files of [250, 1_000, 4_000]) {
    duplicatedBlockWork.fileVisits = 0;
    const results = duplicatedInstructionBlockRule.checkWorkspace(workspace(files), undefined as never);
    assert.equal(results.length, files);
    assert.match(results[files - 1].message, new RegExp(`repeated in ${files - 1} other files \\(prompts/p00000.txt, prompts/p00001.txt, prompts/p00002.txt and ${files - 4} more\\)`));
    visits.push(duplicatedBlockWork.fileVisits);
  }
  // Once per distinct block: its three paragraphs' file sets and their union.
  assert.deepEqual(visits, [1_000, 4_000, 16_000]);
});

test('keys are built only for paragraphs whose hash another file holds too: unique paragraphs cost no key string', () => {
  // Each file: the shared three-paragraph policy, then 20 paragraphs of its own (like a prompt padded with its own prose).
  const own = (file: number) => Array.from({ length: 20 }, (_, paragraph) => `File ${file}, paragraph ${paragraph}: ${'this sentence belongs to this file alone and to no other file in the workspace. '.repeat(2)}`).join('\n\n');
  const documents = Array.from({ length: 10 }, (_, file) => documentWith(`prompts/p${file}.txt`, `${POLICY}\n\n${own(file)}`));
  duplicatedBlockWork.keysBuilt = 0;
  const results = duplicatedInstructionBlockRule.checkWorkspace(documents, undefined as never);
  assert.equal(results.length, 10);
  assert.deepEqual(results[3].span, { start: 0, end: POLICY.length });
  assert.match(results[3].message, /^This 112-token instruction block is repeated in 9 other files \(prompts\/p0.txt, prompts\/p1.txt, prompts\/p2.txt and 6 more\)/);
  // 3 shared paragraphs in each of 10 files; the 200 paragraphs of one file each are hashed, never keyed.
  assert.equal(duplicatedBlockWork.keysBuilt, 30);
  // Own paragraphs before the block: still located in order past them.
  const after = Array.from({ length: 4 }, (_, file) => documentWith(`prompts/q${file}.txt`, `${own(file)}\n\n${POLICY}`));
  const start = own(2).length + 2;
  assert.deepEqual(duplicatedInstructionBlockRule.checkWorkspace(after, undefined as never)[2].span, { start, end: start + POLICY.length });
});
