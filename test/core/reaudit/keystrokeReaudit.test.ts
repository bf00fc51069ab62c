// Keystroke re-audits (issue 16, target 4): after every edit, DocumentReaudit's audit equals a fresh auditDocument of
// the same text, and an edit inside one prompt of a 200-call file re-parses, re-scans, re-audits and re-checks only
// that prompt's chunks (growth guarded by operation counts, never by time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditSession } from '../../../src/core/session';
import { auditDocument, type DocumentAudit } from '../../../src/core/audit';
import { DocumentReaudit } from '../../../src/core/reaudit/documentReaudit';
import { documentRules } from '../../../src/core/rules/registry';
import { seededRandom } from '../../../bench/seededRandom';
import { promptOffset, pythonWithCalls, typescriptWithCalls } from '../../../bench/keystrokeFiles';

const root = join(__dirname, '../../../..');
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));
const context = createAuditSession({ readBundledFile }).context;

/** The audit as plain data: what a report, a lens or a diagnostic can read of it. */
function plain(audit: DocumentAudit): unknown {
  return { ...audit, lineIndex: Array.from({ length: audit.lineIndex.lineCount }, (_, line) => audit.lineIndex.lineStart(line)) };
}

/** Characters typed into prompt text, and into code (quotes, brackets and escapes that break the file for a while). */
const PROSE = ['e', 'a', ' ', 's', 'x', '.', ',', '\n', '7', 'é', '😀'];
const CODE = [...PROSE, '"', "'", '`', '{', '}', '(', ')', ';', '#', '$', '\\', '\r\n'];

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** An edit anywhere (`inPrompts` false) or within the first 40 characters of a random prompt of the generated files. */
function randomEdit(text: string, random: () => number, typed: readonly string[], inPrompts: boolean): Edit {
  let start = Math.floor(random() * (text.length + 1));
  if (inPrompts) {
    const prompts: number[] = [];
    for (let at = text.indexOf('You are assistant'); at !== -1; at = text.indexOf('You are assistant', at + 1)) prompts.push(at);
    start = prompts[Math.floor(random() * prompts.length)] + Math.floor(random() * 40);
  }
  const roll = random();
  if (roll < 0.55) return { start, end: start, text: typed[Math.floor(random() * typed.length)] };
  if (roll < 0.85) return { start, end: Math.min(text.length, start + 1 + Math.floor(random() * 3)), text: '' };
  return { start, end: Math.min(text.length, start + Math.floor(random() * 12)), text: typed[Math.floor(random() * typed.length)].repeat(1 + Math.floor(random() * 3)) };
}

async function typeAndCompare(file: string, initial: string, edits: number, seed: number, typed: readonly string[], inPrompts = false): Promise<{ incremental: number; reasons: string }> {
  const random = seededRandom(seed);
  const reaudit = new DocumentReaudit(file, context);
  let text = initial;
  let incremental = 0;
  const reasons = new Map<string, number>();
  const history: string[] = [];
  assert.deepEqual(plain(await reaudit.update(text)), plain(await auditDocument(file, text, context)), `${file}: first audit`);
  for (let index = 0; index < edits; index++) {
    // A third of the steps undo the last edit, so a stray quote or a deleted bracket does not break the rest of the run.
    const undo = history.length > 0 && random() < 0.35;
    const edit = undo ? { start: -1, end: -1, text: 'undo' } : randomEdit(text, random, typed, inPrompts);
    if (undo) text = history.pop()!;
    else {
      history.push(text);
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    }
    const got = await reaudit.update(text);
    if (!reaudit.counts.whole) incremental++;
    else reasons.set(reaudit.counts.reason ?? '', (reasons.get(reaudit.counts.reason ?? '') ?? 0) + 1);
    const expected = await auditDocument(file, text, context);
    assert.deepEqual(plain(got), plain(expected), `${file} seed ${seed} edit ${index} (${JSON.stringify(edit)}, ${reaudit.counts.whole ? `whole: ${reaudit.counts.reason}` : 'incremental'})`);
  }
  return { incremental, reasons: [...reasons].map(([reason, count]) => `${count}× ${reason}`).join('; ') };
}

test('typing in the prompts, or anywhere, of 20-call TypeScript and Python files gives the audit a fresh one gives; prompt edits are incremental', async () => {
  const ts = await typeAndCompare('src/assistants.ts', typescriptWithCalls(20), 60, 16, PROSE, true);
  const py = await typeAndCompare('app/assistants.py', pythonWithCalls(20), 60, 17, PROSE.filter((typed) => typed !== '\n'), true);
  // Prose typed in prompts never breaks the code around them (a line break would end Python's one-line strings): every
  // edit after the first audit is incremental.
  assert.equal(ts.incremental, 60, `TypeScript: ${ts.incremental} of 60 edits incremental (${ts.reasons})`);
  assert.equal(py.incremental, 60, `Python: ${py.incremental} of 60 edits incremental (${py.reasons})`);
  // Code typing: quotes, brackets, escapes and CRLFs anywhere.
  await typeAndCompare('src/assistants.ts', typescriptWithCalls(20), 30, 18, CODE);
  await typeAndCompare('app/assistants.py', pythonWithCalls(20), 30, 19, CODE);
});

test('typing in application modules written to be hard for the chunk splitter gives the audit a fresh one gives', async () => {
  const folders = ['test/fixtures/code/large', 'test/fixtures/code/chunks'];
  let seed = 100;
  let incremental = 0;
  for (const folder of folders) {
    for (const name of readdirSync(join(root, folder)).filter((entry) => !entry.endsWith('.md')).sort()) {
      const text = readFileSync(join(root, folder, name), 'utf8');
      incremental += (await typeAndCompare(`src/${name}`, text, 12, seed++, CODE)).incremental;
    }
  }
  // Quotes and brackets typed anywhere break these files for a while (whole audits); a good share stays incremental.
  assert.ok(incremental >= 20, `${incremental} of 180 edits incremental`);
});

test('a character typed inside one prompt of the 200-call files re-parses one block and re-checks one site', async () => {
  for (const [file, initial] of [['src/assistants.ts', typescriptWithCalls(200)], ['app/assistants.py', pythonWithCalls(200)]] as const) {
    const reaudit = new DocumentReaudit(file, context);
    const first = await reaudit.update(initial);
    assert.equal(first.sites.length, 200);
    assert.equal(reaudit.counts.parsedChars, initial.length);
    assert.equal(reaudit.counts.ruleChecks, 200 * documentRules.length);
    const at = promptOffset(initial, 100);
    const typed = initial.slice(0, at) + 'x' + initial.slice(at);
    const audit = await reaudit.update(typed);
    assert.deepEqual(plain(audit), plain(await auditDocument(file, typed, context)));
    const blockLength = typed.indexOf(file.endsWith('.py') ? 'PROMPT_101 =' : 'const PROMPT_101') - typed.indexOf(file.endsWith('.py') ? 'PROMPT_100 =' : 'const PROMPT_100');
    const header = typed.indexOf(file.endsWith('.py') ? 'PROMPT_0 =' : 'const PROMPT_0');
    assert.equal(reaudit.counts.whole, false, reaudit.counts.reason);
    // The edited constant and the function using it, the imports and client, and the last block (which the splitter
    // cannot classify, so it is always parsed): nothing else. Only the edited call is audited and checked again.
    assert.ok(reaudit.counts.parsedChars <= 2 * blockLength + header + 20, `parsed ${reaudit.counts.parsedChars} characters`);
    assert.equal(reaudit.counts.rescannedSites, file.endsWith('.py') ? 1 : 2);
    assert.equal(reaudit.counts.auditedSites, 1);
    assert.equal(reaudit.counts.ruleChecks, documentRules.length);
  }
});
