// The escaping matrix (issue 13): the same hostile strings go through every output medium, as repository text
// (model ids, file names, config keys), and every output must be inert for its medium. Markdown is checked by
// rendering it with a CommonMark + GFM renderer (markdown-it with linkify): no link, image, HTML or code span
// comes out of repository text, and the rendered cell text is the input itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { runCli } from '../../../src/cli/main';
import { csvCell, jsonText, labelText, markdownCodeBlock, markdownCodeSpan, markdownText, sarifText, terminalLines, terminalText } from '../../../src/core/report/escape';
import { wasmFolder } from './support';
import { HOSTILE_STRINGS } from './hostileStrings';

export { HOSTILE_STRINGS };

const CONTROL_OR_BIDI = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const markdown = new MarkdownIt({ html: true, linkify: true });

/** Rendered HTML of one Markdown text: what GitHub, VS Code's preview and the hover would show. */
function renderHtml(source: string): string {
  return markdown.render(source);
}

/** The inline tokens of a rendered Markdown line (type list), to assert that nothing but text came out. */
function inlineTokenTypes(source: string): string[] {
  return markdown.parseInline(source, {}).flatMap((token) => (token.children ?? []).map((child) => child.type));
}

function textOf(source: string): string {
  return markdown.parseInline(source, {}).flatMap((token) => (token.children ?? []).map((child) => child.content)).join('');
}

test('terminal: no control or bidi character survives, in one line or several', () => {
  for (const [name, hostile] of HOSTILE_STRINGS) {
    assert.doesNotMatch(terminalText(hostile), CONTROL_OR_BIDI, name);
    assert.doesNotMatch(terminalText(hostile), /\n/, name);
    assert.doesNotMatch(terminalLines(`note: ${hostile}\nnext: ${hostile}`), CONTROL_OR_BIDI, name);
    assert.equal(terminalLines(`note: ${hostile}\nnext`).split('\n').length, 2 + (hostile.match(/\n/g)?.length ?? 0), name);
  }
  assert.equal(terminalText('gpt-4o\u001b[31mRED'), 'gpt-4o?[31mRED');
  assert.equal(terminalText('admin\u202etxt'), 'admin?txt');
});

/**
 * What VS Code draws for a label (CodeLens title, status bar, quick pick, tree item): `$(name)` becomes an icon and
 * `\\$(name)` the literal text (renderLabelWithIcons in src/vs/base/browser/ui/iconLabel/iconLabels.ts).
 */
function renderLabel(label: string): { text: string; icons: string[] } {
  const icons: string[] = [];
  const text = label.replace(/(\\)?\$\(([a-z0-9-]+?(?:~[a-z0-9-]*?)?)\)/gi, (_match, escaped: string | undefined, name: string) => {
    if (escaped) return `$(${name})`;
    icons.push(name);
    return '';
  });
  return { text, icons };
}

test('VS Code labels: one line, no control or bidi character, and no icon drawn from repository text', () => {
  for (const [name, hostile] of HOSTILE_STRINGS) {
    const label = labelText(hostile);
    assert.doesNotMatch(label, CONTROL_OR_BIDI, name);
    assert.doesNotMatch(label, /\n/, name);
    assert.deepEqual(renderLabel(label).icons, [], name);
    assert.equal(renderLabel(label).text, terminalText(hostile), `${name}: shown as exactly its printable characters`);
  }
  assert.equal(labelText('$(alert) gpt-4o'), '\\$(alert) gpt-4o');
  assert.deepEqual(renderLabel(`$(symbol-numeric) ${labelText('$(zap)')}`), { text: ' $(zap)', icons: ['symbol-numeric'] });
});

test('Markdown text: renders as exactly its characters, with no link, image, HTML, code span or block', () => {
  for (const [name, hostile] of HOSTILE_STRINGS) {
    const escaped = markdownText(hostile);
    assert.doesNotMatch(escaped, /\n/, name);
    assert.deepEqual([...new Set(inlineTokenTypes(escaped))].filter((type) => type !== 'text'), [], `${name}: ${escaped}`);
    // The text a reader sees is the input, with controls and bidi characters shown as ? and line breaks as spaces.
    assert.equal(textOf(escaped), terminalText(hostile), name);
    const html = renderHtml(`| a |\n|---|\n| ${escaped} |\n\n- ${escaped}\n`);
    assert.doesNotMatch(html, /<(img|a|script|code|h\d|strong|em|s|del|ol|blockquote)\b/, `${name}: ${html}`);
    assert.doesNotMatch(html, CONTROL_OR_BIDI, name);
  }
  assert.equal(markdownText('prompts/my_prompt.txt'), 'prompts/my_prompt.txt', 'an intraword _ stays readable');
  assert.equal(markdownText('gpt-4o-mini (default)'), 'gpt-4o-mini (default)');
});

test('Markdown, the hover\'s forms: every-marker text and a code span whose delimiter the text cannot close', () => {
  for (const [name, hostile] of HOSTILE_STRINGS) {
    const strict = markdownText(hostile, 'every-marker');
    assert.deepEqual([...new Set(inlineTokenTypes(strict))].filter((type) => type !== 'text'), [], `${name}: ${strict}`);
    assert.equal(textOf(strict), terminalText(hostile), name);
    const span = markdownCodeSpan(hostile);
    const tokens = markdown.parseInline(`model ${span} end`, {})[0].children ?? [];
    assert.deepEqual(tokens.map((token) => token.type), ['text', 'code_inline', 'text'], `${name}: ${span}`);
    assert.equal(tokens[2].content, ' end', name);
    assert.doesNotMatch(span, CONTROL_OR_BIDI, name);
  }
  assert.equal(markdownCodeSpan('gpt-4o'), '`gpt-4o`');
  assert.equal(markdownCodeSpan('a`b'), '``a`b``');
  assert.equal(markdownCodeSpan('`x'), '`` `x ``');
  assert.equal(markdownText('gpt-4o.mini', 'every-marker'), 'gpt\\-4o\\.mini');
});

test('Markdown code block: the fence is longer than any backtick run, so the text cannot close it', () => {
  for (const [name, hostile] of HOSTILE_STRINGS) {
    const block = markdownCodeBlock(hostile);
    const html = renderHtml(`${block}\n\nafter`);
    assert.equal((html.match(/<pre>/g) ?? []).length, 1, name);
    assert.match(html, /<p>after<\/p>\n$/, name);
    assert.doesNotMatch(html, /<(img|a |script)/, name);
    assert.doesNotMatch(block, CONTROL_OR_BIDI, name);
  }
  assert.equal(markdownCodeBlock('a ``` b'), '````text\na ``` b\n````');
});

/** A small RFC 4180 reader: fields, quotes doubled inside quoted fields, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    }
    else field += c;
  }
  return rows;
}

test('CSV: one field per value after an RFC 4180 read, never a formula, no control or bidi characters', () => {
  for (const [name, hostile] of HOSTILE_STRINGS) {
    const line = [csvCell(hostile), csvCell('after')].join(',') + '\r\n';
    const rows = parseCsv(line);
    assert.equal(rows.length, 1, name);
    assert.equal(rows[0].length, 2, name);
    assert.equal(rows[0][1], 'after', name);
    assert.doesNotMatch(rows[0][0], /^[=+\-@\t\r]/, `${name}: ${rows[0][0]}`);
    assert.doesNotMatch(rows[0][0], /^\s*[=+\-@]/, name);
    assert.doesNotMatch(line.slice(0, -2), CONTROL_OR_BIDI, name);
  }
  assert.equal(csvCell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell(-2), '-2', 'numbers are data, not text');
  assert.equal(csvCell(Number.NaN), '');
});

test('SARIF text and JSON: data only; the parsed value is the input, the raw text has no control or bidi character', () => {
  for (const [name, hostile] of HOSTILE_STRINGS) {
    const json = jsonText({ model: hostile });
    assert.equal(JSON.parse(json).model, hostile, name);
    assert.doesNotMatch(json, CONTROL_OR_BIDI, name);
    const sarif = sarifText(hostile);
    assert.doesNotMatch(sarif, CONTROL_OR_BIDI, name);
    assert.doesNotMatch(sarif.replace(/\\[\\[\]]/g, ''), /[[\]]/, `${name}: an unescaped bracket could form a SARIF embedded link`);
  }
});

// ---- End to end: the hostile strings as model ids and config keys of a real workspace, through every CLI format. ----

function hostileWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-escaping-'));
  fs.mkdirSync(path.join(dir, 'prompts'));
  HOSTILE_STRINGS.forEach(([, hostile], index) => {
    fs.writeFileSync(path.join(dir, `prompts/case${index}.prompt.yml`), `model: ${JSON.stringify(hostile)}\nmessages:\n  - role: user\n    content: Say hi.\n`);
  });
  // A file name with an escape sequence and a bidi override (the file system allows anything but / and NUL).
  fs.writeFileSync(path.join(dir, 'prompts', 'evil\u001b[31m\u202e](javascript:x).txt'), 'Summarise the ticket.');
  // Config keys are repository text too: unknown settings and rule ids are quoted in notes.
  fs.writeFileSync(path.join(dir, '.promptcost.yaml'), HOSTILE_STRINGS.map(([, hostile], index) => `${JSON.stringify(`${hostile}${index}`)}: 1`).join('\n') + '\n');
  return dir;
}

test('every CLI format over a workspace of hostile model ids, file names and config keys is inert', { timeout: 300_000 }, async () => {
  const dir = hostileWorkspace();
  try {
    const run = (format: string) => runCli(['audit', '.', '--format', format, '--fail-on', 'none'], { cwd: dir, wasmFolder });
    const table = await run('table');
    assert.doesNotMatch(table.stdout, CONTROL_OR_BIDI);
    assert.doesNotMatch(table.stderr, CONTROL_OR_BIDI);
    assert.match(table.stdout, /note: \.promptcost\.yaml:1: unknown setting "gpt-4o\?\[31mRED\?\[0m\?0"/);
    for (const format of ['json', 'markdown', 'sarif', 'csv']) {
      const result = await run(format);
      assert.doesNotMatch(format === 'csv' ? result.stdout.replace(/\r\n/g, '\n') : result.stdout, CONTROL_OR_BIDI, format);
      assert.doesNotMatch(result.stderr, CONTROL_OR_BIDI, `${format} stderr`);
    }
    const json = JSON.parse((await run('json')).stdout) as { sites: Array<{ model: string | null; file: string }> };
    assert.deepEqual(json.sites.filter((site) => site.file.includes('.prompt.yml')).map((site) => site.model).sort(), HOSTILE_STRINGS.map(([, hostile]) => hostile.trim()).sort(), 'JSON keeps the data as it is (the scanner trims a model id)');
    const report = (await run('markdown')).stdout;
    const html = renderHtml(report);
    assert.ok(!/<(img|a|script)\b/.test(html), 'repository text became a link, image or HTML');
    assert.deepEqual([...html.matchAll(/<code>(.*?)<\/code>/g)].map((match) => match[1]), ['expectedOutputTokens', '~', 'placeholders:', 'assumedPlaceholderTokens'], 'only the report\'s own legend terms are code spans');
    assert.equal((html.match(/<h1>/g) ?? []).length, 1, 'repository text started a heading');
    const csv = parseCsv((await run('csv')).stdout);
    const width = csv[0].length;
    for (const row of csv) {
      assert.equal(row.length, width, row.join(','));
      for (const cell of row) if (typeof cell === 'string' && !/^-?\d/.test(cell)) assert.doesNotMatch(cell, /^\s*[=+\-@\t\r]/, cell);
    }
    const sarif = JSON.parse((await run('sarif')).stdout) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    for (const result of sarif.runs[0].results) assert.doesNotMatch(result.message.text.replace(/\\[\\[\]]/g, ''), /[[\]]/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
