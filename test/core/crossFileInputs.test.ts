// Audits detached from their texts (issue 16, memory at 100 MB): the text comes back exactly, and the cross-file rules
// over the documents `documentsNeedingText` names give the findings they give over every document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { auditDocument, type DocumentAudit } from '../../src/core/audit';
import { createAuditSession } from '../../src/core/session';
import { attachTexts, detachTexts, documentsNeedingText, paragraphKeyHashes } from '../../src/core/crossFileInputs';
import { candidateTexts, forEachPieceHash, forEachPieceSpan, MIN_PARAGRAPH_CHARS, paragraphKeyHash } from '../../src/core/rules/duplicatedInstructionBlock';
import { collapseWhiteSpace } from '../../src/core/rules/ruleSupport';
import type { AuditedSite } from '../../src/core/audit';
import { auditDocuments, finishWorkspaceAudit, type SourceDocument } from '../../src/core/workspaceAudit';
import { seededRandom } from '../../bench/seededRandom';

const repo = path.resolve(__dirname, '../../..');
const context = createAuditSession({ pricedOn: '2026-12-03', readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repo, 'dist/wasm', name))) }).context;

function filesUnder(folder: string): SourceDocument[] {
  const out: SourceDocument[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else out.push({ file: path.relative(folder, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
    }
  };
  visit(folder);
  return out;
}

function staticTexts(audit: DocumentAudit): string[] {
  return audit.sites.flatMap(({ site }) => site.messages.flatMap((message) => message.segments.flatMap((segment) => (segment.kind === 'static' ? [segment.text] : []))));
}

test('a detached audit keeps no static text that is its document at its span, and attaching the text gives the audit back', async () => {
  const documents = [...filesUnder(path.join(repo, 'test/fixtures/sample-workspace')), ...filesUnder(path.join(repo, 'test/fixtures/prompt-files'))];
  let emptied = 0;
  let kept = 0;
  for (const { file, text } of documents) {
    const audit = await auditDocument(file, text, context);
    const before = { ...structuredClone(audit), lineIndex: audit.lineIndex };
    const detached = detachTexts(audit, text);
    assert.deepEqual(audit, before, `${file}: detaching leaves the audit it was given alone`);
    const triples = detached.detached!.verbatimSegments;
    assert.equal(triples.length % 3, 0);
    for (let i = 0; i < triples.length; i += 3) {
      const segment = detached.sites[triples[i]].site.messages[triples[i + 1]].segments[triples[i + 2]];
      assert.ok(segment.kind === 'static' && segment.text === '', `${file}: emptied segment`);
    }
    emptied += triples.length / 3;
    // What stays is text the document does not hold at the segment's span (escapes, dedented YAML, joined lines).
    detached.sites.forEach(({ site }) =>
      site.messages.forEach((message) =>
        message.segments.forEach((segment) => {
          if (segment.kind !== 'static' || segment.text === '') return;
          kept++;
          assert.ok(!segment.span || text.slice(segment.span.start, segment.span.end) !== segment.text, `${file}: a verbatim text was kept`);
        }),
      ),
    );
    assert.deepEqual(attachTexts(detached, text), audit, `${file}: attached again`);
  }
  // Most prompt texts are the file's own characters; code literals with escapes and YAML block scalars are not.
  assert.deepEqual({ emptied, kept }, { emptied: 59, kept: 15 });
});

const SHARED =
  'Refunds are issued only to the original payment method within thirty days of delivery, and never as store credit unless the customer asks for it in writing.';
const OTHER =
  'Before approving a refund, confirm the order number, the delivery date, the item condition and whether the customer already received a replacement for it.';

test('the documents needing their text: those sharing a paragraph key with another document, and no other', async () => {
  const documents: SourceDocument[] = [
    { file: 'prompts/a.txt', text: `${SHARED}\n\n${OTHER}\n` },
    // Same key: white space differs inside the paragraph.
    { file: 'prompts/b.md', text: `Intro line.\n\n${SHARED.replace(/ /g, '  ')}\n` },
    { file: 'prompts/c.txt', text: `${OTHER.toUpperCase()}\n\nShort.\n` },
    { file: 'prompts/d.txt', text: `${OTHER.slice(0, 100)}\n` },
  ];
  const audits = await Promise.all(documents.map(({ file, text }) => auditDocument(file, text, context)));
  const detached = audits.map((audit, index) => detachTexts(audit, documents[index].text));
  assert.deepEqual([...documentsNeedingText(detached)].sort(), ['prompts/a.txt', 'prompts/b.md']);
  // The same from the audits with their texts (the editor's and stdin's path).
  assert.deepEqual([...documentsNeedingText(audits)].sort(), ['prompts/a.txt', 'prompts/b.md']);
});

test('seeded workspaces: the workspace findings from the needed texts alone equal those from every text', async () => {
  const paragraphs = Array.from({ length: 12 }, (_, index) => `${index % 2 ? SHARED : OTHER} Paragraph ${index}: ${'keep answers short and cite the policy section. '.repeat(1 + (index % 3))}`);
  for (const seed of [1, 2, 3, 4, 5]) {
    const random = seededRandom(seed);
    const documents: SourceDocument[] = Array.from({ length: 30 }, (_, index) => {
      const count = 1 + Math.floor(random() * 4);
      const picked = Array.from({ length: count }, () => (random() < 0.7 ? paragraphs[Math.floor(random() * paragraphs.length)] : `Unique ${seed}-${index}: ${'a different sentence of policy text for this file only. '.repeat(3)}`));
      return { file: `prompts/f${String(index).padStart(2, '0')}.${random() < 0.5 ? 'txt' : 'md'}`, text: `${picked.join('\n\n')}\n` };
    });
    const whole = await auditDocuments(documents, context);
    const audits = await Promise.all(documents.map(({ file, text }) => auditDocument(file, text, context)));
    const detached = audits.map((audit, index) => structuredClone(detachTexts(audit, documents[index].text)));
    const needed = documentsNeedingText(detached);
    const texts = new Map(documents.filter(({ file }) => needed.has(file)).map(({ file, text }) => [file, text] as const));
    const finished = finishWorkspaceAudit(
      detached.map((audit) => (needed.has(audit.file) ? attachTexts(audit, texts.get(audit.file)!) : audit)),
      texts,
      context,
    );
    assert.ok(whole.workspaceFindings.length > 0, `seed ${seed}: some block is repeated`);
    assert.ok(needed.size < documents.length, `seed ${seed}: some document keeps no text`);
    assert.deepEqual(finished.workspaceFindings, whole.workspaceFindings, `seed ${seed}`);
    assert.deepEqual(finished.problems, whole.problems);
  }
});

test('a document the cross-file rule needs but was left detached is reported, not read as empty', async () => {
  const documents = [
    { file: 'prompts/a.txt', text: `${SHARED}\n` },
    { file: 'prompts/b.txt', text: `${SHARED}\n` },
  ];
  const audits = await Promise.all(documents.map(({ file, text }) => auditDocument(file, text, context)));
  const finished = finishWorkspaceAudit([attachTexts(detachTexts(audits[0], documents[0].text), documents[0].text), detachTexts(audits[1], documents[1].text)], new Map([[documents[0].file, documents[0].text]]), context);
  assert.deepEqual(finished.workspaceFindings, []);
  assert.deepEqual(finished.problems, [{ file: '', severity: 'error', message: 'workspace rules failed: prompts/b.txt was not given its text back (documentsNeedingText names it)' }]);
  assert.deepEqual(staticTexts(finished.documents[1]), ['']);
});

/** The reference: the rule's paragraph keys built as strings (split at blank lines, white space runs as one space, short ones left out), FNV-1a cut to 30 bits. */
function referenceKeyHashes(sites: readonly AuditedSite[]): number[] {
  const keys = candidateTexts(sites).flatMap((text) => text.split(/\n[ \t]*\r?\n/).map(collapseWhiteSpace)).filter((key) => key.length >= MIN_PARAGRAPH_CHARS);
  return keys.map(fnv30);
}

/** FNV-1a of a string's UTF-16 code units, cut to 30 bits. */
function fnv30(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 2;
}

test('the one-pass paragraph key hashes equal the hashes of the keys the rule builds (seeded texts of separators and white space)', () => {
  const pieces = ['\n', '\n\n', '\n \t\n', '\n\r\n', '\r\n\r\n', '\n\r\r\n', '\n \r x', ' ', '\t', '\u00a0', '\u2028', '\ufeff', 'word', 'Policy', '.', 'ü'];
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const random = seededRandom(seed);
    const sites: AuditedSite[] = [];
    for (let s = 0; s < 20; s++) {
      let text = '';
      while (text.length < 900) text += random() < 0.6 ? 'a longer run of ordinary words '.slice(0, 1 + Math.floor(random() * 31)) : pieces[Math.floor(random() * pieces.length)];
      const role = random() < 0.2 ? 'assistant' : 'system';
      sites.push({ site: { messages: [{ role, segments: [{ kind: 'static', text }] }] } } as unknown as AuditedSite);
    }
    const expected = [...new Set(referenceKeyHashes(sites))].sort((a, b) => a - b);
    assert.ok(expected.length > 20, `seed ${seed}: ${expected.length} keys`);
    assert.deepEqual(paragraphKeyHashes(sites).sort((a, b) => a - b), expected, `seed ${seed}`);
  }
});

test('forEachPieceSpan gives every piece split at PARAGRAPH_BREAK, forEachPieceHash their hashes (short ones as -1), in order, and a beginning hashes as its key\'s first characters (seeded texts)', () => {
  const pieces = ['\n', '\n\n', '\n\n\n', '\n \t\n', '\n\r\n', '\r\n\r\n', '\n\r\r\n', '\n \r x', ' ', '\t', '\r', 'word', 'Policy', '.', 'ü'];
  let compared = 0;
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const random = seededRandom(seed);
    for (let s = 0; s < 20; s++) {
      let text = '';
      while (text.length < 600) text += random() < 0.5 ? 'a longer run of ordinary words '.slice(0, 1 + Math.floor(random() * 31)) : pieces[Math.floor(random() * pieces.length)];
      const hashes: number[] = [];
      forEachPieceHash(text, (hash) => hashes.push(hash));
      const split = text.split(/\n[ \t]*\r?\n/);
      const expected = split.map((piece) => paragraphKeyHash(piece));
      assert.deepEqual(hashes, expected, `seed ${seed}, text ${s}`);
      const spans: string[] = [];
      forEachPieceSpan(text, (start, end) => spans.push(text.slice(start, end)));
      assert.deepEqual(spans, split, `seed ${seed}, text ${s}`);
      // The hash of a key's beginning: of its first MIN_PARAGRAPH_CHARS characters, -1 for a shorter key.
      for (const piece of split) {
        const key = collapseWhiteSpace(piece);
        assert.equal(paragraphKeyHash(piece, 0, piece.length, MIN_PARAGRAPH_CHARS), key.length < MIN_PARAGRAPH_CHARS ? -1 : fnv30(key.slice(0, MIN_PARAGRAPH_CHARS)), JSON.stringify(piece));
      }
      compared += expected.length;
    }
  }
  for (const text of ['', '\n', '\n\n', '\n\n\n', 'x\n \n', '\n\t\r\ny']) {
    const hashes: number[] = [];
    forEachPieceHash(text, (hash) => hashes.push(hash));
    assert.deepEqual(hashes, text.split(/\n[ \t]*\r?\n/).map((piece) => paragraphKeyHash(piece)), JSON.stringify(text));
    const spans: string[] = [];
    forEachPieceSpan(text, (start, end) => spans.push(text.slice(start, end)));
    assert.deepEqual(spans, text.split(/\n[ \t]*\r?\n/), JSON.stringify(text));
  }
  assert.ok(compared > 1000, `${compared} pieces`);
  // Paragraphs around MIN_PARAGRAPH_CHARS long, white space of every kind inside and at both ends.
  const parts = [' ', '  ', '\t', '\u00a0', '\u2028', '\r', '\n', 'word', 'Policy', '.', 'ü', 'x'];
  let long = 0;
  for (const seed of [1, 2, 3, 4]) {
    const random = seededRandom(seed);
    for (let p = 0; p < 200; p++) {
      let piece = '';
      const length = 80 + Math.floor(random() * 120);
      while (piece.length < length) piece += parts[Math.floor(random() * parts.length)];
      const key = collapseWhiteSpace(piece);
      if (key.length >= MIN_PARAGRAPH_CHARS) long++;
      assert.equal(paragraphKeyHash(piece, 0, piece.length, MIN_PARAGRAPH_CHARS), key.length < MIN_PARAGRAPH_CHARS ? -1 : fnv30(key.slice(0, MIN_PARAGRAPH_CHARS)), JSON.stringify(piece));
      assert.equal(paragraphKeyHash(piece), key.length < MIN_PARAGRAPH_CHARS ? -1 : fnv30(key), JSON.stringify(piece));
    }
  }
  assert.ok(long > 200 && long < 700, `${long} of 800 long enough`);
});
