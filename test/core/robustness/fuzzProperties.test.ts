// Seeded property-based run (fast-check) over the parsers, the scanner, the tokenizer, the config and price loaders,
// the glob matcher and the renderers' escapers (issue 13). Asserted for every generated input: no exception, spans
// inside the document, finite non-negative numbers, exact token counts against the reference tokenizer, outputs inert
// for their medium, and bounded work. CI runs a small budget; `npm run fuzz` runs FUZZ_RUNS (default 2,000) per
// property. A failure prints the seed and the shrunk input: rerun with FUZZ_SEED to reproduce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import picomatch from 'picomatch';
import { parseConfig } from '../../../src/core/config';
import { compileGlob, takeGlobMatchSteps } from '../../../src/core/globMatcher';
import { importLiteLLM } from '../../../src/core/pricing/litellm';
import { csvCell, jsonText, markdownText, terminalText } from '../../../src/core/report/escape';
import { templateSegments, takeStandaloneScanSteps } from '../../../src/core/scanning/promptFiles/templateText';
import { countTokens } from '../../../src/core/tokenizing';
import { referenceCount } from '../tokenizing/reference';
import { auditAndSummarize, defaultContext } from './support';

const SEED = Number(process.env.FUZZ_SEED ?? 13);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const settings = (scale = 1) => ({ seed: SEED, numRuns: Math.max(5, Math.round(RUNS * scale)) });
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** Text made of what breaks parsers: YAML/Markdown/template punctuation, controls, bidi, surrogates, newlines. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom('{{', '}}', '{%', '%}', '{#', '#}', '{{#a}}', '{{/a}}', '{{~', '~}}', '---\n', ': ', '- ', '*m', '&m ', '[', ']', '(', ')', '!', '`', '```', '|', '\\', '"', "'", '\n', '\r\n', '\t', ' ', '\u001b[31m', '\u202e', '\ud800', '<img src=x>', 'system:\n', 'user:\n', 'model: gpt-4o\n', '${input:x}', '{name}', '=', '+', '@', '.nan', '1e308'),
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

test('escapers: every string comes out inert for its medium', () => {
  const markdown = new MarkdownIt({ html: true, linkify: true });
  fc.assert(
    fc.property(fc.oneof(hostileText, fc.string({ unit: 'binary', maxLength: 80 })), (text) => {
      assert.doesNotMatch(terminalText(text), CONTROL_OR_BIDI);
      const escaped = markdownText(text);
      // VS Code's preview links bare domains (linkify-it's fuzzy links, `a.ac`): shown as their own text, never fetched.
      const all = markdown.parseInline(escaped, {})[0]?.children ?? [];
      const children = all.filter((token) => token.markup !== 'linkify');
      assert.deepEqual(children.filter((token) => token.type !== 'text').map((token) => token.type), [], escaped);
      if (children.length === all.length) assert.equal(children.map((token) => token.content).join(''), terminalText(text));
      assert.equal(JSON.parse(jsonText({ text }, 0)).text, text);
      assert.doesNotMatch(jsonText({ text }, 0), CONTROL_OR_BIDI);
      const cell = csvCell(text);
      assert.doesNotMatch(cell, /^\s*[=+\-@]/);
      assert.doesNotMatch(cell, /[\r\n]/);
    }),
    settings(4),
  );
});

test('glob matcher: same answers as picomatch on ordinary globs and paths, with linear work', () => {
  const segment = fc.constantFrom('a', 'b', 'src', 'prompts', '.git', 'x.txt', 'y.md', 'a.b', 'node_modules');
  const pathArb = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
  const globPart = fc.constantFrom('a', 'b', 'src', 'prompts', '*', '**', '*.txt', '*.md', '?', 'x*', '[ab]', '[^a]*', '{a,b}', '{src,prompts}', '.git', 'a.b', '*.{txt,md}');
  const globArb = fc.array(globPart, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
  fc.assert(
    fc.property(globArb, fc.array(pathArb, { minLength: 1, maxLength: 10 }), (glob, paths) => {
      const reference = picomatch(glob, { dot: true });
      const compiled = compileGlob(glob);
      for (const path of paths) {
        takeGlobMatchSteps();
        assert.equal(compiled.match(path), reference(path), `${glob} on ${path}`);
        assert.ok(takeGlobMatchSteps() <= (path.length + 1) * (glob.length + 2) * 3 * 8);
      }
    }),
    settings(4),
  );
});

test('config loader: any text gives a config and located problems, never an exception or a non-finite number', () => {
  fc.assert(
    fc.property(hostileText, (text) => {
      const { config, problems } = parseConfig(text);
      for (const problem of problems) if (problem.span) assert.ok(problem.span.start >= 0 && problem.span.start <= problem.span.end && problem.span.end <= text.length);
      for (const value of [config.expectedOutputTokens, config.assumedPlaceholderTokens, config.cache.hitRate, config.callsPerMonth ?? 0, ...config.volumes.map((volume) => volume.callsPerMonth)]) {
        assert.ok(Number.isFinite(value) && value >= 0, String(value));
      }
    }),
    settings(2),
  );
});

test('LiteLLM importer: any JSON value imports finite, positive prices or located problems, never throws', () => {
  const price = fc.oneof(fc.double(), fc.constantFrom(1e300, -1, 0, 1e-6, Number.NaN), fc.string({ maxLength: 5 }));
  const entry = fc.record({ mode: fc.constantFrom('chat', 'completion', 'embedding', 'constructor'), litellm_provider: fc.constantFrom('openai', 'constructor', '__proto__', 'toString', 'x_y'), input_cost_per_token: price, output_cost_per_token: price, max_tokens: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] });
  fc.assert(
    fc.property(fc.oneof(fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('constructor', '__proto__', 'sample_spec')), entry, { maxKeys: 8 }), fc.jsonValue()), (data) => {
      const imported = importLiteLLM(JSON.stringify(data) ?? 'null', { source: 'fuzz.json', asOf: '2026-01-01' });
      for (const model of imported.models) {
        assert.equal(typeof model.provider, 'string');
        for (const value of Object.values(model.prices)) assert.ok(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100_000, String(value));
      }
    }),
    settings(2),
  );
});

test('tokenizer: exact counts equal the reference tokenizer on hostile text', () => {
  fc.assert(
    fc.property(hostileText, (text) => {
      for (const encoding of ['o200k_base', 'cl100k_base'] as const) assert.equal(countTokens(text, encoding).tokens, referenceCount(text, encoding), JSON.stringify(text));
    }),
    settings(1),
  );
});

test('templates: segments tile the source in order, static text equals its source slice, standalone handling stays linear', () => {
  fc.assert(
    fc.property(hostileText, fc.constantFrom('mustache', 'handlebars', 'jinja', 'plain', 'github-models') as fc.Arbitrary<'mustache' | 'handlebars' | 'jinja' | 'plain' | 'github-models'>, (source, engine) => {
      takeStandaloneScanSteps();
      const segments = templateSegments(source, 0, engine);
      assert.ok(takeStandaloneScanSteps() <= 2 * source.length + 10);
      let previousEnd = 0;
      for (const segment of segments) {
        const span = segment.span!;
        assert.ok(span.start >= previousEnd && span.start <= span.end && span.end <= source.length, JSON.stringify({ source, span }));
        previousEnd = span.end;
        if (segment.kind === 'static' && engine !== 'jinja') assert.equal(segment.text, source.slice(span.start, span.end));
      }
    }),
    settings(4),
  );
});

test('scanner and audit: every file kind, any text: spans inside, finite numbers, no internal failure', async () => {
  const context = defaultContext();
  const files = ['prompts/a.prompty', 'prompts/a.prompt.yml', '.github/prompts/a.prompt.md', 'prompts/a.txt', 'prompts/a.hbs', 'prompts/a.jinja', 'src/a.py', 'src/a.ts'];
  await fc.assert(
    fc.asyncProperty(hostileText, fc.constantFrom(...files), async (text, file) => {
      const summary = await auditAndSummarize(file, text, context);
      assert.deepEqual(summary.violations, [], file);
      assert.deepEqual(summary.badNumbers, [], file);
      assert.deepEqual(summary.internalFailures, [], file);
    }),
    settings(1),
  );
});
