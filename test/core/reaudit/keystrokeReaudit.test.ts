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
import { promptOffset, pythonWithCalls, typescriptWithCalls, workspaceIndex, workspaceWithImports, type WorkspaceFile } from '../../../bench/keystrokeFiles';
import { DOTENV_NAMES, withFile } from '../../../src/core/scanning/code/symbolIndex';

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

/** The `.env`-style files an env read looks for in `folder` (consulted whether they exist or not), sorted. */
function dotenvFiles(folder: string): string[] {
  return DOTENV_NAMES.map((name) => (folder ? `${folder}/${name}` : name)).sort();
}

/**
 * Types seeded random edits into `initial` and checks every re-audit against a fresh whole audit. With `workspace`
 * (the other files), the symbol index is present as the editor holds it: rebuilt from the workspace at the start, then
 * `withFile` for every keystroke of the document, and now and then an edit of another module (`others`).
 */
async function typeAndCompare(file: string, initial: string, edits: number, seed: number, typed: readonly string[], inPrompts = false, workspace?: readonly WorkspaceFile[]): Promise<{ incremental: number; reasons: string }> {
  const random = seededRandom(seed);
  const reaudit = new DocumentReaudit(file, context);
  let text = initial;
  let incremental = 0;
  const reasons = new Map<string, number>();
  const history: string[] = [];
  let symbols = workspace ? workspaceIndex([...workspace, { file, text }]) : undefined;
  const expectedOf = (current: string): Promise<DocumentAudit> => auditDocument(file, current, symbols ? { ...context, symbols } : context);
  assert.deepEqual(plain(await reaudit.update(text, symbols)), plain(await expectedOf(text)), `${file}: first audit`);
  for (let index = 0; index < edits; index++) {
    // A third of the steps undo the last edit, so a stray quote or a deleted bracket does not break the rest of the run.
    const undo = history.length > 0 && random() < 0.35;
    const edit = undo ? { start: -1, end: -1, text: 'undo' } : randomEdit(text, random, typed, inPrompts);
    if (undo) text = history.pop()!;
    else {
      history.push(text);
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    }
    // Another module edited (its prompt, model or cap): every document importing from it must follow.
    const other = workspace && random() < 0.1 ? workspace[Math.floor(random() * workspace.length)] : undefined;
    if (symbols && other) symbols = withFile(symbols, other.file, other.text.replace(/gpt-4o(-mini)?|256|briefly/, (word) => ({ 'gpt-4o': 'gpt-4o-mini', 'gpt-4o-mini': 'gpt-4o', '256': '512', briefly: 'at length' })[word]!));
    if (symbols) symbols = withFile(symbols, file, text);
    const got = await reaudit.update(text, symbols);
    if (!reaudit.counts.whole) incremental++;
    else reasons.set(reaudit.counts.reason ?? '', (reasons.get(reaudit.counts.reason ?? '') ?? 0) + 1);
    const expected = await expectedOf(text);
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

test('with the workspace symbol index present, typing in files that import prompts, models and caps gives the audit a fresh one with that index gives; prompt edits stay incremental', async () => {
  for (const [language, seed] of [['typescript', 40], ['python', 41]] as const) {
    const { file, text, files } = workspaceWithImports(language, 20);
    const prose = await typeAndCompare(file, text, 60, seed, language === 'python' ? PROSE.filter((typed) => typed !== '\n') : PROSE, true, files);
    // Whole only when another module's entry changed (about one edit in ten); every other prompt edit is incremental.
    assert.ok(/^(\d+× the symbol index changed for another file)?$/.test(prose.reasons), `${language}: ${prose.reasons}`);
    assert.ok(prose.incremental >= 40, `${language}: ${prose.incremental} of 60 edits incremental (${prose.reasons})`);
    await typeAndCompare(file, text, 30, seed + 10, CODE, false, files);
  }
});

test('typing in application modules written to be hard for the chunk splitter gives the audit a fresh one gives', async () => {
  const folders = ['test/fixtures/code/large', 'test/fixtures/code/chunks'];
  let seed = 100;
  let incremental = 0;
  for (const folder of folders) {
    for (const name of readdirSync(join(root, folder)).filter((entry) => !entry.endsWith('.md')).sort()) {
      const text = readFileSync(join(root, folder, name), 'utf8');
      // With a symbol index holding the module itself: its own functions and constants resolve through its entry.
      const indexed = await typeAndCompare(`src/${name}`, text, 6, seed + 500, CODE, false, []);
      incremental += (await typeAndCompare(`src/${name}`, text, 12, seed++, CODE)).incremental;
      // Whole audits come only from text the chunk splitter or a partial parse cannot follow, never from index lookups.
      assert.ok(!/index/.test(indexed.reasons), `${name}: ${indexed.reasons}`);
    }
  }
  // Quotes and brackets typed anywhere break these files for a while (whole audits); a good share stays incremental.
  assert.ok(incremental >= 20, `${incremental} of 180 edits incremental`);
});

test('typing line breaks and code into every rule fixture (suppression comments, repeated sentences citing lines, agent loops) gives the audit a fresh one gives', async () => {
  const folder = join(root, 'test/fixtures/rules');
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(py|ts|js|tsx)$/.test(file) && !file.includes('.fixed.')).sort();
  assert.ok(files.length >= 20, `${files.length} code fixtures`);
  let seed = 300;
  let incremental = 0;
  for (const file of files) {
    const text = readFileSync(join(folder, file), 'utf8');
    incremental += (await typeAndCompare(`src/${file}`, text, 8, seed++, [...CODE, '\n', '\n', '\n    '])).incremental;
    // And with a symbol index holding the fixture itself.
    const indexed = await typeAndCompare(`src/${file}`, text, 4, seed + 500, [...CODE, '\n'], false, []);
    assert.ok(!/index/.test(indexed.reasons), `${file}: ${indexed.reasons}`);
  }
  assert.ok(incremental >= 40, `${incremental} of ${files.length * 8} edits incremental`);
});

test('a character typed inside one prompt of the 200-call files re-parses one block and re-checks one site', async () => {
  for (const [file, initial] of [['src/assistants.ts', typescriptWithCalls(200)], ['app/assistants.py', pythonWithCalls(200)]] as const) {
    const reaudit = new DocumentReaudit(file, context);
    const first = await reaudit.update(initial);
    assert.equal(first.sites.length, 200);
    assert.equal(reaudit.counts.parsedChars, initial.length);
    assert.equal(reaudit.counts.ruleChecks, 200 * documentRules.length);
    const declaration = (block: number): string => (file.endsWith('.py') ? `PROMPT_${block} =` : `const PROMPT_${block}`);
    // A block in the middle, and the last one (the file ends in line breaks after it: it is a function like the others).
    for (const block of [100, 199]) {
      const at = promptOffset(initial, block);
      const typed = initial.slice(0, at) + 'x' + initial.slice(at);
      const audit = await reaudit.update(typed);
      assert.deepEqual(plain(audit), plain(await auditDocument(file, typed, context)));
      const blockEnd = block === 199 ? typed.length : typed.indexOf(declaration(block + 1));
      const blockLength = blockEnd - typed.indexOf(declaration(block));
      const header = typed.indexOf(declaration(0));
      assert.equal(reaudit.counts.whole, false, reaudit.counts.reason);
      // The edited constant and the function using it, and the imports and client: nothing else. Only the edited call
      // is audited and checked again.
      assert.equal(reaudit.counts.parsedChars, header + blockLength, `${file} block ${block}`);
      assert.equal(reaudit.counts.rescannedSites, 1);
      assert.equal(reaudit.counts.auditedSites, 1);
      assert.equal(reaudit.counts.ruleChecks, documentRules.length);
      await reaudit.update(initial);
    }
  }
});

test('with the symbol index present, a character typed inside one prompt of the 200-call files rescans one block, and the dependencies are the modules read', async () => {
  for (const language of ['typescript', 'python'] as const) {
    const { file, text: initial, files } = workspaceWithImports(language, 200);
    let symbols = workspaceIndex([...files, { file, text: initial }]);
    const reaudit = new DocumentReaudit(file, context);
    const first = await reaudit.update(initial, symbols);
    assert.equal(first.sites.length, 200);
    assert.deepEqual(first.dependencies, language === 'typescript' ? [...dotenvFiles(''), ...dotenvFiles('src'), 'src/config', 'src/config.ts', 'src/prompts', 'src/prompts.ts'] : [
      ...dotenvFiles(''),
      ...dotenvFiles('app'),
      // `from app.settings import …` is looked for under app/ (and app/src/) before the workspace root.
      'app/app/settings.py',
      'app/app/settings/__init__.py',
      'app/prompts.py',
      'app/settings.py',
      'app/src/app/settings.py',
      'app/src/app/settings/__init__.py',
    ]);
    for (const block of [100, 101]) {
      const at = promptOffset(initial, block);
      const typed = initial.slice(0, at) + 'x' + initial.slice(at);
      symbols = withFile(symbols, file, typed);
      const audit = await reaudit.update(typed, symbols);
      assert.deepEqual(plain(audit), plain(await auditDocument(file, typed, { ...context, symbols })));
      assert.equal(reaudit.counts.whole, false, reaudit.counts.reason);
      // Block 100 imports its rules and model, block 101 does not: either way one call is audited and checked again.
      assert.ok(reaudit.counts.rescannedSites <= 2, `${language} block ${block}: rescanned ${reaudit.counts.rescannedSites} sites`);
      assert.equal(reaudit.counts.auditedSites, 1);
      assert.equal(reaudit.counts.ruleChecks, documentRules.length);
      // Back to the original text for the next block.
      symbols = withFile(symbols, file, initial);
      await reaudit.update(initial, symbols);
    }
  }
});

test('with the symbol index present, a line break typed above a call whose prompt comes from a builder function of the same file moves the lines the site cites', async () => {
  const file = 'src/builders.ts';
  const initial = [
    "import OpenAI from 'openai';",
    'const client = new OpenAI();',
    '',
    'export function unrelated(a: number) {',
    '  return a + 1;',
    '}',
    '',
    'function systemPrompt(product: string) {',
    '  return `You answer questions about ${product}. Keep every answer under three sentences.`;',
    '}',
    '',
    'export async function ask(product: string, question: string) {',
    '  return client.chat.completions.create({',
    "    model: 'gpt-4o-mini',",
    '    max_tokens: 200,',
    "    messages: [{ role: 'system', content: systemPrompt(product) }, { role: 'user', content: question }],",
    '  });',
    '}',
    '',
    'export function later(b: number) {',
    '  return b * 2;',
    '}',
    '',
  ].join('\n');
  let symbols = workspaceIndex([{ file, text: initial }]);
  const reaudit = new DocumentReaudit(file, context);
  const first = await reaudit.update(initial, symbols);
  const call = (audit: DocumentAudit) => audit.sites.find((entry) => entry.site.kind === 'call')!.site;
  // The call's system text is the builder's template, resolved through the file's own index entry: it cites line 9.
  assert.deepEqual(call(first).promptSources, [{ file, line: 9 }]);
  const at = initial.indexOf('  return a + 1;');
  const typed = `${initial.slice(0, at)}\n${initial.slice(at)}`;
  symbols = withFile(symbols, file, typed);
  const audit = await reaudit.update(typed, symbols);
  assert.deepEqual(plain(audit), plain(await auditDocument(file, typed, { ...context, symbols })));
  assert.deepEqual(call(audit).promptSources, [{ file, line: 10 }]);
  assert.equal(reaudit.counts.whole, false, reaudit.counts.reason);
  // And seeded typing anywhere in that file and in a Python one (builders, a class method reading a class constant),
  // line breaks, quotes and brackets included, with the index of itself.
  for (const [name, text, seed] of [[file, initial, 77], ['app/builders.py', PYTHON_BUILDERS, 78]] as const) {
    const typing = await typeAndCompare(name, text, 40, seed, [...CODE, '\n', '\n'], false, []);
    assert.ok(!/index/.test(typing.reasons), `${name}: ${typing.reasons}`);
  }
});

const PYTHON_BUILDERS = `from openai import OpenAI

client = OpenAI()


def unrelated(a):
    return a + 1


def system_prompt(product):
    return f"You answer questions about {product}. Keep every answer under three sentences."


class Assistant:
    ROLE = "You are a patient tutor."

    def instructions(self):
        return self.ROLE + " Explain each step."

    def ask(self, question):
        return client.chat.completions.create(
            model="gpt-4o-mini",
            max_tokens=200,
            messages=[{"role": "system", "content": self.instructions()}, {"role": "user", "content": question}],
        )


def ask(product, question):
    return client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=200,
        messages=[{"role": "system", "content": system_prompt(product)}, {"role": "user", "content": question}],
    )
`;

test('a NUL typed in the first 8 K characters makes the file binary (audited whole, as a fresh audit says); a control character typed past them is re-audited incrementally', async () => {
  const initial = typescriptWithCalls(100);
  // Past the first 8 K: inside a prompt (a NUL in code or a string breaks the parse, audited whole for that reason).
  for (const [at, typed, whole] of [[100, '\u0000', true], [promptOffset(initial, 60), '\u0001', false]] as const) {
    if (!whole) assert.ok(at > 8192);
    const reaudit = new DocumentReaudit('src/assistants.ts', context);
    await reaudit.update(initial);
    const edited = initial.slice(0, at) + typed + initial.slice(at);
    const audit = await reaudit.update(edited);
    assert.deepEqual(plain(audit), plain(await auditDocument('src/assistants.ts', edited, context)));
    assert.equal(reaudit.counts.whole, whole, reaudit.counts.reason);
    if (whole) {
      assert.equal(reaudit.counts.reason, 'too large or binary');
      assert.deepEqual(audit.problems.map((problem) => problem.message), ['skipped: the file looks binary, not text']);
    }
  }
});
