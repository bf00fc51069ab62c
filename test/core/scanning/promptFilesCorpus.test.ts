// Measures the prompt-file scanner against the blind corpus in test/fixtures/prompt-files-corpus/
// (hand-checked expectations written without looking at the scanner; conventions in its README.md).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyPromptFile, DEFAULT_PROMPT_FILE_OPTIONS, scanPromptFile, type PromptFileKind, type PromptFileOptions } from '../../../src/core/scanning/promptFiles';
import { LineIndex } from '../../../src/core/lineIndex';
import { sitePlaceholders, type PromptMessage, type PromptSegment } from '../../../src/core/types';

const corpusRoot = path.resolve(__dirname, '../../../../test/fixtures/prompt-files-corpus');
const CORPUS_OWN_FILES = new Set(['README.md', 'check-expected.cjs', '.gitattributes']);

// The default options count `.jinja`/`.hbs`/`.mustache` only on prompt-named paths; the corpus keeps its
// templates in folders named `jinja/` and `handlebars/`, so every template path is accepted here.
const CORPUS_OPTIONS: PromptFileOptions = { ...DEFAULT_PROMPT_FILE_OPTIONS, templateGlobs: ['**'] };

type Field = 'kind' | 'model' | 'maxOutputTokens' | 'capParameter' | 'messages' | 'placeholders' | 'problems';
const FIELDS: Field[] = ['kind', 'model', 'maxOutputTokens', 'capParameter', 'messages', 'placeholders', 'problems'];

interface ExpectedMessage {
  role: string;
  startLine: number;
  text: string;
}

interface Expectation {
  kind: PromptFileKind;
  model: string | null;
  maxOutputTokens: number | null | 'non-literal';
  capParameter: string | null;
  messages: ExpectedMessage[];
  placeholders: string[];
  problems: number;
  alsoAccept?: Partial<Record<'model' | 'maxOutputTokens' | 'capParameter', unknown[]>>;
}

/**
 * Where the scanner deliberately disagrees with the corpus: the test expects `scannerValue` instead of the
 * corpus value, so a change either way still fails. Kept to cases where the corpus expectation is arguable.
 */
interface ExpectationOverride {
  file: string;
  field: Field;
  scannerValue: unknown;
  reason: string;
}

const OVERRIDES: ExpectationOverride[] = [];

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Dot folders are walked on purpose: VS Code prompt files live under `.github/prompts/`.
    if (entry.isDirectory()) corpusFiles(full, out);
    else if (!CORPUS_OWN_FILES.has(entry.name) && !entry.name.endsWith('.expected.json')) out.push(full);
  }
  return out.sort();
}

/** A message as the corpus writes it: each value placeholder as `{{name}}`, control tags removed. */
function renderedText(message: PromptMessage): string {
  return message.segments.map((segment: PromptSegment) => (segment.kind === 'static' ? segment.text : segment.control ? '' : `{{${segment.name}}}`)).join('');
}

/**
 * Corpus texts use `\n` line breaks. For single-body kinds (VS Code, templates, plain files) the corpus also
 * drops leading and trailing whitespace-only lines; Prompty and GitHub Models texts are compared as scanned.
 */
function normalisedText(text: string, kind: PromptFileKind): string {
  const lf = text.replace(/\r\n?/g, '\n');
  if (kind === 'prompty' || kind === 'github-models') return lf;
  return lf.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '').replace(/^[ \t]*$/, '');
}

const collapsed = (text: string): string => text.replace(/\s+/g, ' ').trim();

interface Comparison {
  relative: string;
  actual: Record<Field, unknown>;
  expected: Record<Field, unknown>;
  /** Matches against the corpus as written (alsoAccept honoured, overrides not applied). */
  matchesCorpus: Record<Field, boolean>;
  exactTextMatches: number;
  collapsedTextMatches: number;
  messageCount: number;
}

function compare(file: string): Comparison {
  const relative = path.relative(corpusRoot, file).split(path.sep).join('/');
  const expectation = JSON.parse(fs.readFileSync(`${file}.expected.json`, 'utf8')) as Expectation;
  const text = fs.readFileSync(file, 'utf8');
  const kind = classifyPromptFile(relative, CORPUS_OPTIONS);
  const result = kind ? scanPromptFile(relative, text, kind) : { sites: [], problems: [] };
  const site = result.sites[0];
  const lines = new LineIndex(text);
  // Templates and Prompty bodies with tags are compared whitespace-insensitively (corpus README): the
  // corpus deletes tags character for character, the scanner applies the engine's whitespace rules.
  const hasTags = (message: PromptMessage): boolean => message.segments.some((segment) => segment.kind === 'dynamic' && segment.control);
  const collapse = (message: PromptMessage | undefined): boolean => expectation.kind === 'template' || (expectation.kind === 'prompty' && message !== undefined && hasTags(message));
  // Templates and plain files carry no role: `user` is the corpus default, not a scored fact.
  const roleScored = expectation.kind !== 'template' && expectation.kind !== 'plain';

  const actualMessages = site?.messages ?? [];
  let exactTextMatches = 0;
  let collapsedTextMatches = 0;
  const actualView: ExpectedMessage[] = [];
  const expectedView: ExpectedMessage[] = [];
  for (let k = 0; k < Math.max(actualMessages.length, expectation.messages.length); k++) {
    const message = actualMessages[k];
    const wanted = expectation.messages[k];
    const actualText = message ? normalisedText(renderedText(message), expectation.kind) : undefined;
    if (actualText !== undefined && wanted) {
      if (actualText === wanted.text) exactTextMatches++;
      if (collapsed(actualText) === collapsed(wanted.text)) collapsedTextMatches++;
    }
    const textOf = (value: string): string => (collapse(message) ? collapsed(value) : value);
    if (message) {
      actualView.push({
        role: roleScored ? message.role : '(not scored)',
        startLine: message.span ? lines.positionAt(message.span.start).line + 1 : 0,
        text: textOf(actualText as string),
      });
    }
    if (wanted) expectedView.push({ role: roleScored ? wanted.role : '(not scored)', startLine: wanted.startLine, text: textOf(wanted.text) });
  }

  const actual: Record<Field, unknown> = {
    kind,
    model: site?.model ?? null,
    maxOutputTokens: site?.maxOutputTokens ?? null,
    capParameter: site?.capParameter ?? null,
    messages: actualView,
    placeholders: site ? sitePlaceholders(site) : [],
    problems: result.problems.length,
  };
  const expected: Record<Field, unknown> = {
    kind: expectation.kind,
    model: expectation.model,
    maxOutputTokens: expectation.maxOutputTokens,
    capParameter: expectation.capParameter,
    messages: expectedView,
    placeholders: expectation.placeholders,
    problems: expectation.problems,
  };
  for (const [field, values] of Object.entries(expectation.alsoAccept ?? {}) as [Field, unknown[]][]) {
    if (values.some((value) => isDeepStrictEqual(value, actual[field]))) expected[field] = actual[field];
  }
  const matchesCorpus = Object.fromEntries(FIELDS.map((field) => [field, isDeepStrictEqual(actual[field], expected[field])])) as Record<Field, boolean>;
  for (const override of OVERRIDES.filter((entry) => entry.file === relative)) expected[override.field] = override.scannerValue;
  return { relative, actual, expected, matchesCorpus, exactTextMatches, collapsedTextMatches, messageCount: expectation.messages.length };
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

const files = corpusFiles(corpusRoot);
const comparisons: Comparison[] = [];

for (const file of files) {
  const relative = path.relative(corpusRoot, file).split(path.sep).join('/');
  test(`corpus ${relative}: kind, model, cap, messages, placeholders and problem count match the expectation`, () => {
    const comparison = compare(file);
    comparisons.push(comparison);
    assert.deepEqual(comparison.actual, comparison.expected);
  });
}

test('the corpus holds 46 prompt files, each with an expectation, and every override names a real file and field', () => {
  assert.equal(files.length, 46);
  for (const file of files) assert.ok(fs.existsSync(`${file}.expected.json`), file);
  const relatives = new Set(files.map((file) => path.relative(corpusRoot, file).split(path.sep).join('/')));
  for (const override of OVERRIDES) {
    assert.ok(relatives.has(override.file), override.file);
    assert.ok(FIELDS.includes(override.field), override.field);
  }
});

after(() => {
  const perField = FIELDS.map((field) => `${field} ${comparisons.filter((comparison) => comparison.matchesCorpus[field]).length}`).join(', ');
  const messages = comparisons.reduce((sum, comparison) => sum + comparison.messageCount, 0);
  const exact = comparisons.reduce((sum, comparison) => sum + comparison.exactTextMatches, 0);
  const loose = comparisons.reduce((sum, comparison) => sum + comparison.collapsedTextMatches, 0);
  const allFields = comparisons.filter((comparison) => FIELDS.every((field) => comparison.matchesCorpus[field])).length;
  console.log(
    `prompt-file corpus: ${comparisons.length} files; exact matches per field vs corpus: ${perField}; ` +
      `all fields ${allFields}/${comparisons.length}; message texts exact ${exact}/${messages}, whitespace-collapsed ${loose}/${messages}; overrides ${OVERRIDES.length}`,
  );
});
