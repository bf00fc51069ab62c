// The CLI on a folder of hostile files: binary, NUL, empty, 5 MB, deep brackets, open strings, lone surrogates,
// HTML model names, a symlink loop, an unreadable file, a directory named like a prompt file, a file that
// disappears mid-audit. Exit codes stay as documented, every output format stays valid, problems are listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { callSource, FILE_KINDS, genericHostileTexts, HOSTILE_MODEL_NAME, nestedBrackets, promptFileSource, quoted, structuredCases } from './hostileInputs';
import { runWatched, serveJobsInWorker, wasmFolder } from './support';

const VANISHING = 'prompts/vanishing.txt';
const UNREADABLE = 'prompts/locked.txt';

function hostileFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-hostile-'));
  const write = (file: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  const generic = new Map(genericHostileTexts().map((hostile) => [hostile.name, hostile.text]));
  for (const kind of FILE_KINDS) {
    const base = kind.file.replace(/hostile|Hostile/, '');
    const named = (label: string) => kind.file.replace(/hostile|Hostile/, `${label}_`).replace(base, base);
    for (const name of ['empty', 'random bytes as latin1', 'NUL bytes', 'unterminated strings', 'lone surrogates', 'RTL and zero-width characters', 'special tokens']) {
      write(named(name.replace(/[^a-z0-9]+/gi, '_')), generic.get(name)!);
    }
    for (const hostile of structuredCases(kind.family).filter((entry) => !entry.name.startsWith('10,000'))) write(named(hostile.name.replace(/[^a-z0-9]+/gi, '_')), hostile.text);
  }
  write('prompts/five_mb.txt', generic.get('5 MB of one character')!);
  write('src/Deep.java', callSource('java', { model: quoted('java', 'gpt-4o'), cap: '200', contents: [quoted('java', 'Hi')] }) + nestedBrackets(20_000).replace(/(.)/g, '$1\n'));
  write('src/after_deep.py', callSource('py', { model: quoted('py', 'gpt-4o'), cap: '200', contents: [quoted('py', 'Summarise the ticket.')] }));
  write('prompts/html_model.prompt.yml', promptFileSource('github-models', { model: JSON.stringify(HOSTILE_MODEL_NAME), cap: '100', bodies: ['Say hi.'] }));
  write('prompts/raw_binary.txt', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]));
  write(VANISHING, 'Summarise the text in one line.');
  write(UNREADABLE, 'Summarise the text.');
  fs.chmodSync(path.join(dir, UNREADABLE), 0o000);
  fs.mkdirSync(path.join(dir, 'prompts/folder.prompty'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'loop'), { recursive: true });
  fs.symlinkSync('..', path.join(dir, 'loop/parent'));
  fs.symlinkSync(path.join(dir, 'loop/self'), path.join(dir, 'loop/self'));
  return dir;
}

interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const jobs = {
  async audit(input: { args: string[]; vanish: boolean }): Promise<CliRun & { dir: string; readableAsRoot: boolean }> {
    const dir = hostileFolder();
    let readableAsRoot: boolean;
    try {
      fs.readFileSync(path.join(dir, UNREADABLE));
      readableAsRoot = true;
    } catch {
      readableAsRoot = false;
    }
    const nodeFs = require('fs') as typeof fs;
    const originalOpen = nodeFs.openSync;
    if (input.vanish) {
      // The file is listed by discovery, then deleted just before it is opened: as if another process removed it.
      (nodeFs as { openSync: unknown }).openSync = ((target: fs.PathLike, ...rest: unknown[]) => {
        if (String(target) === path.join(dir, VANISHING) && fs.existsSync(target)) fs.unlinkSync(target);
        return (originalOpen as (...args: unknown[]) => number)(target, ...rest);
      }) as typeof fs.openSync;
    }
    try {
      const result = await runCli(['audit', dir, ...input.args], { cwd: dir, wasmFolder });
      return { ...result, dir, readableAsRoot };
    } finally {
      (nodeFs as { openSync: unknown }).openSync = originalOpen;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

type Report = {
  schemaVersion: number;
  sites: Array<{ file: string; line: number; endLine: number; model: string | null; costPerCallUsd: number | null }>;
  findings: Array<{ file: string; line: number; rule: string }>;
  problems: Array<{ file: string; severity: string; message: string; line?: number }>;
};

if (!serveJobsInWorker(jobs)) {
  test('JSON report of a hostile folder: exit 0 with --fail-on none, valid JSON, every bad file a listed problem', { timeout: 180_000 }, async () => {
    const result = await runWatched<CliRun & { readableAsRoot: boolean }>(__filename, 'audit', { args: ['--format', 'json', '--fail-on', 'none'], vanish: true }, 120_000);
    assert.equal(result.exitCode, 0, result.stderr.slice(0, 2000));
    assert.doesNotMatch(result.stderr, /internal error/);
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.schemaVersion, 2);
    const problemOf = (file: string) => report.problems.filter((problem) => problem.file === file).map((problem) => `${problem.severity}: ${problem.message}`);
    assert.deepEqual(problemOf(VANISHING), ['error: cannot read: ENOENT']);
    if (!result.readableAsRoot) assert.deepEqual(problemOf(UNREADABLE), ['error: cannot read: EACCES']);
    assert.deepEqual(problemOf('prompts/raw_binary.txt'), ['warning: skipped: the file looks binary, not text']);
    assert.deepEqual(problemOf('src/Deep.java'), ['warning: not scanned for LLM calls: brackets nest more than 1000 deep, past what the parser handles safely']);
    assert.deepEqual(problemOf('prompts/folder.prompty'), [], 'a directory named like a prompt file is walked, not read');
    assert.ok(!report.sites.some((site) => site.file.startsWith('loop/')), 'symlinks are not followed');
    // The Python file after the deep Java file is still scanned: one hostile file costs only itself.
    assert.deepEqual(report.sites.filter((site) => site.file === 'src/after_deep.py').map((site) => site.model), ['gpt-4o']);
    assert.deepEqual(report.sites.filter((site) => site.file === 'prompts/five_mb.txt').map((site) => site.line), [1]);
    for (const site of report.sites) {
      assert.ok(Number.isInteger(site.line) && site.line >= 1 && site.endLine >= site.line, `${site.file}: lines`);
      assert.ok(site.costPerCallUsd === null || (Number.isFinite(site.costPerCallUsd) && site.costPerCallUsd >= 0), `${site.file}: cost`);
    }
    for (const problem of report.problems) {
      assert.doesNotMatch(problem.message, /could not scan|internal error|rules failed|could not audit/, `${problem.file}: ${problem.message}`);
    }
  });

  test('Markdown and SARIF of a hostile folder: hostile model names inject no HTML or terminal escapes, SARIF is valid JSON', { timeout: 300_000 }, async () => {
    const markdown = await runWatched<CliRun>(__filename, 'audit', { args: ['--format', 'markdown', '--fail-on', 'none'], vanish: false }, 120_000);
    assert.equal(markdown.exitCode, 0);
    assert.doesNotMatch(markdown.stdout, /<img src=x onerror=alert\(1\)>/, 'raw HTML from a model name reaches the Markdown report');
    assert.doesNotMatch(markdown.stdout, /\u001b\[31m/, 'terminal escape codes reach the report');
    const sarif = await runWatched<CliRun>(__filename, 'audit', { args: ['--format', 'sarif'], vanish: false }, 120_000);
    assert.equal(sarif.exitCode, 1, 'the context-overflow error among the hostile files fails the default --fail-on error');
    const log = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
    assert.equal(log.version, '2.1.0');
    for (const result of log.runs[0].results) for (const location of result.locations) assert.ok(location.physicalLocation.region.startLine >= 1);
  });

  test('table output (the default) of a hostile folder exits 1 on its error finding and prints no terminal escapes', { timeout: 180_000 }, async () => {
    const table = await runWatched<CliRun>(__filename, 'audit', { args: [], vanish: false }, 120_000);
    assert.equal(table.exitCode, 1, table.stderr.slice(0, 500));
    assert.match(table.stderr, /findings at or above "error"/);
    assert.doesNotMatch(table.stdout, /\u001b\[31m/, 'a model name must not colour the user\u2019s terminal');
  });
}
