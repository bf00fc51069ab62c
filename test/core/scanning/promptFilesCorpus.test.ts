// Measures the prompt-file scanner against the two blind corpora in test/fixtures/prompt-files-corpus/ and
// test/fixtures/prompt-files-corpus2/ (hand-checked expectations written without looking at the scanner;
// conventions in their README.md files — the second corpus reuses the first one's schema unchanged).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyPromptFile, DEFAULT_PROMPT_FILE_OPTIONS, scanPromptFile, type PromptFileKind, type PromptFileOptions } from '../../../src/core/scanning/promptFiles';
import { LineIndex } from '../../../src/core/lineIndex';
import { sitePlaceholders, type PromptMessage, type PromptSegment } from '../../../src/core/types';

const fixturesRoot = path.resolve(__dirname, '../../../../test/fixtures');

interface Corpus {
  /** Folder under test/fixtures/, also the prefix of override file names and of test names. */
  folder: string;
  fileCount: number;
}

const CORPORA: Corpus[] = [
  { folder: 'prompt-files-corpus', fileCount: 46 },
  { folder: 'prompt-files-corpus2', fileCount: 26 },
];
const CORPUS_OWN_FILES = new Set(['README.md', 'check-expected.cjs', '.gitattributes']);

// The default options count `.jinja`/`.hbs`/`.mustache` only on prompt-named paths; both corpora keep their
// templates in folders named `jinja/` and `handlebars/`, so every template path is accepted here.
const CORPUS_OPTIONS: PromptFileOptions = { ...DEFAULT_PROMPT_FILE_OPTIONS, templateGlobs: ['**'] };

type Field = 'kind' | 'model' | 'maxOutputTokens' | 'capParameter' | 'messages' | 'placeholders' | 'problems';
const FIELDS: Field[] = ['kind', 'model', 'maxOutputTokens', 'capParameter', 'messages', 'placeholders', 'problems'];

interface ExpectedMessage {
  role: string;
  startLine: number;
  /** Absent when the corpus lists a message by `startLine` only (text of a cut-off file is not scored). */
  text?: string;
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
  /** Path from test/fixtures/, e.g. `prompt-files-corpus2/jinja/x.jinja`. */
  file: string;
  field: Field;
  scannerValue: unknown;
  reason: string;
}

const OVERRIDES: ExpectationOverride[] = [
  {
    file: 'prompt-files-corpus2/jinja/router.j2',
    field: 'messages',
    // Whitespace-collapsed, as templates are compared.
    scannerValue: [
      {
        role: '(not scored)',
        startLine: 1,
        text:
          'You are a request router. Today is {{today}}.Pick the single best route for the request and reply with its id only. ' +
          'Routes: {{loop.index}}. {{r.id}} — {{r.description}} If nothing fits, reply {{fallback_route}}. If nothing fits, reply none. Request: {{request}}',
      },
    ],
    reason:
      'The corpus keeps whitespace-control dashes unapplied and relies on collapsing whitespace, but here `{#- … -#}` sits alone ' +
      'between `{{ today }}.` and `Pick`: Jinja strips the newline on both sides, so what is sent is `….Pick` with no space at all, ' +
      'which no whitespace collapsing can turn into `…. Pick`. The scanner renders what Jinja sends.',
  },
  {
    file: 'prompt-files-corpus2/malformed/tabs-frontmatter.prompty',
    field: 'problems',
    scannerValue: 6,
    reason:
      'The corpus counts one problem (one cause); the scanner reports each of the six YAML "Tabs are not allowed as indentation" ' +
      'errors at its own line. Collapsing repeats into one problem would match, but the robustness suite ' +
      '(test/core/robustness/auditStructuredHostility.test.ts, another area) pins one problem per tab-indented line.',
  },
];

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
  corpus: Corpus;
  relative: string;
  actual: Record<Field, unknown>;
  expected: Record<Field, unknown>;
  /** Matches against the corpus as written (alsoAccept honoured, overrides not applied). */
  matchesCorpus: Record<Field, boolean>;
  exactTextMatches: number;
  collapsedTextMatches: number;
  /** Messages whose text the corpus scores. */
  messageCount: number;
}

function compare(corpus: Corpus, file: string): Comparison {
  const relative = path.relative(path.join(fixturesRoot, corpus.folder), file).split(path.sep).join('/');
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
    const textScored = wanted?.text !== undefined;
    if (actualText !== undefined && wanted?.text !== undefined) {
      if (actualText === wanted.text) exactTextMatches++;
      if (collapsed(actualText) === collapsed(wanted.text)) collapsedTextMatches++;
    }
    const textOf = (value: string): string => (collapse(message) ? collapsed(value) : value);
    if (message) {
      actualView.push({
        role: roleScored ? message.role : '(not scored)',
        startLine: message.span ? lines.positionAt(message.span.start).line + 1 : 0,
        ...(textScored || !wanted ? { text: textOf(actualText as string) } : {}),
      });
    }
    if (wanted) expectedView.push({ role: roleScored ? wanted.role : '(not scored)', startLine: wanted.startLine, ...(textScored ? { text: textOf(wanted.text as string) } : {}) });
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
  for (const override of OVERRIDES.filter((entry) => entry.file === `${corpus.folder}/${relative}`)) expected[override.field] = override.scannerValue;
  return { corpus, relative, actual, expected, matchesCorpus, exactTextMatches, collapsedTextMatches, messageCount: expectation.messages.filter((message) => message.text !== undefined).length };
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

const comparisons: Comparison[] = [];

for (const corpus of CORPORA) {
  const root = path.join(fixturesRoot, corpus.folder);
  const files = corpusFiles(root);
  for (const file of files) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    test(`${corpus.folder} ${relative}: kind, model, cap, messages, placeholders and problem count match the expectation`, () => {
      const comparison = compare(corpus, file);
      comparisons.push(comparison);
      assert.deepEqual(comparison.actual, comparison.expected);
    });
  }

  test(`${corpus.folder} holds ${corpus.fileCount} prompt files, each with an expectation`, () => {
    assert.equal(files.length, corpus.fileCount);
    for (const file of files) assert.ok(fs.existsSync(`${file}.expected.json`), file);
  });
}

test('every override names a real corpus file and a scored field', () => {
  for (const override of OVERRIDES) {
    assert.ok(fs.existsSync(path.join(fixturesRoot, override.file)), override.file);
    assert.ok(FIELDS.includes(override.field), override.field);
  }
});

after(() => {
  for (const corpus of CORPORA) {
    const scored = comparisons.filter((comparison) => comparison.corpus === corpus);
    const perField = FIELDS.map((field) => `${field} ${scored.filter((comparison) => comparison.matchesCorpus[field]).length}`).join(', ');
    const messages = scored.reduce((sum, comparison) => sum + comparison.messageCount, 0);
    const exact = scored.reduce((sum, comparison) => sum + comparison.exactTextMatches, 0);
    const loose = scored.reduce((sum, comparison) => sum + comparison.collapsedTextMatches, 0);
    const allFields = scored.filter((comparison) => FIELDS.every((field) => comparison.matchesCorpus[field])).length;
    const overrides = OVERRIDES.filter((override) => override.file.startsWith(`${corpus.folder}/`)).length;
    console.log(
      `${corpus.folder}: ${scored.length} files; exact matches per field vs corpus: ${perField}; ` +
        `all fields ${allFields}/${scored.length}; message texts exact ${exact}/${messages}, whitespace-collapsed ${loose}/${messages}; overrides ${overrides}`,
    );
  }
});
