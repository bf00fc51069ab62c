// The audited repository is untrusted: FIFOs, devices and symlinks it contains cannot hang the CLI, make it read
// files outside the workspace, leak their content into notes, or redirect --output. Issue 13, part 1 and 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { DEFAULT_CONFIG, parseConfig, workspaceRelativePath } from '../../src/core/config';
import { discoverFiles, readDocuments } from '../../src/workspace/nodeFiles';
import { readRegularFile, readRegularText, writeRegularFile } from '../../src/workspace/safeFs';
import type { ScanProblem } from '../../src/core/types';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');
const posixOnly = { skip: process.platform === 'win32' ? 'FIFOs and /dev need a POSIX system' : false };
const SECRET = 'AKIAIOSFODNN7EXAMPLE-wJalrXUtnFEMI-K7MDENG';

/** A workspace `repo/` and a sibling `outside/` in a fresh temp folder. */
function layout(files: Record<string, string>): { top: string; work: string; outside: string } {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-untrusted-'));
  const work = path.join(top, 'repo');
  const outside = path.join(top, 'outside');
  fs.mkdirSync(work);
  fs.mkdirSync(outside);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(top, name)), { recursive: true });
    fs.writeFileSync(path.join(top, name), content);
  }
  return { top, work, outside };
}

const mkfifo = (file: string) => execFileSync('mkfifo', [file]);
const cli = (args: string[], cwd: string) => runCli(['audit', ...args], { cwd, wasmFolder });
const PROMPT = { 'repo/prompts/a.txt': 'Summarise the ticket in one line.' };

test('a repository .promptcost.yaml that is a FIFO is refused at once (exit 2), not waited on', posixOnly, async () => {
  const { work } = layout(PROMPT);
  mkfifo(path.join(work, '.promptcost.yaml'));
  const result = await cli(['.'], work);
  assert.equal(result.exitCode, 2);
  assert.equal(result.stderr.split('\n')[0], `prompt-cost: cannot read config ${path.join(work, '.promptcost.yaml')}: is a named pipe (FIFO), not a regular file; not read`);
});

test('a repository .promptcost.yaml that is a symlink (to /dev/zero, or to a file outside) is not followed', posixOnly, async () => {
  const { work, outside } = layout({ ...PROMPT, 'outside/real.yaml': 'callsPerMonth: 5\n' });
  fs.symlinkSync('/dev/zero', path.join(work, '.promptcost.yaml'));
  const toZero = await cli(['.'], work);
  assert.equal(toZero.exitCode, 2);
  assert.equal(toZero.stderr.split('\n')[0], `prompt-cost: cannot read config ${path.join(work, '.promptcost.yaml')}: is a symbolic link (not followed)`);
  fs.unlinkSync(path.join(work, '.promptcost.yaml'));
  fs.symlinkSync(path.join(outside, 'real.yaml'), path.join(work, '.promptcost.yaml'));
  assert.equal((await cli(['.'], work)).stderr.split('\n')[0], `prompt-cost: cannot read config ${path.join(work, '.promptcost.yaml')}: is a symbolic link (not followed)`);
});

test('--config and --litellm the user names may be symlinks, but /dev/zero, /dev/stdin and FIFOs are refused without reading', posixOnly, async () => {
  const { work, top } = layout({ ...PROMPT, 'user.yaml': 'callsPerMonth: 7\n' });
  fs.symlinkSync(path.join(top, 'user.yaml'), path.join(top, 'link.yaml'));
  const viaLink = await cli(['.', '--config', path.join(top, 'link.yaml'), '--format', 'json'], work);
  assert.equal(viaLink.exitCode, 0, viaLink.stderr);
  assert.equal(JSON.parse(viaLink.stdout).summary.callsPerMonth, 7);
  for (const device of ['/dev/zero', '/dev/null']) {
    const result = await cli(['.', '--config', device], work);
    assert.equal(result.exitCode, 2);
    assert.equal(result.stderr.split('\n')[0], `prompt-cost: cannot read config ${device}: is a character device, not a regular file; not read`);
  }
  const fifo = path.join(top, 'prices.fifo');
  mkfifo(fifo);
  const litellm = await cli(['.', '--litellm', fifo], work);
  assert.equal(litellm.exitCode, 2);
  assert.equal(litellm.stderr.split('\n')[0], `prompt-cost: cannot read LiteLLM price file ${fifo}: is a named pipe (FIFO), not a regular file; not read`);
  // /dev/stdin is a symlink to the process's fd 0: here a pipe or a terminal, never a regular file.
  const stdinStat = fs.fstatSync(0);
  if (!stdinStat.isFile()) {
    const result = await cli(['.', '--config', '/dev/stdin'], work);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr.split('\n')[0], /^prompt-cost: cannot read config \/dev\/stdin: (is a (named pipe \(FIFO\)|character device|socket), not a regular file; not read|ENXIO)$/);
  }
});

test('a file swapped for a FIFO (or a symlink to /dev/zero) between discovery and reading is a problem, not a hang', posixOnly, () => {
  const { work } = layout({ 'repo/prompts/a.txt': 'Say hi.', 'repo/prompts/b.txt': 'Say bye.', 'repo/prompts/c.txt': 'Say yes.' });
  const problems: ScanProblem[] = [];
  const files = discoverFiles(work, work, DEFAULT_CONFIG, problems);
  assert.deepEqual(files.map((file) => file.file), ['prompts/a.txt', 'prompts/b.txt', 'prompts/c.txt']);
  fs.unlinkSync(path.join(work, 'prompts/a.txt'));
  mkfifo(path.join(work, 'prompts/a.txt'));
  fs.unlinkSync(path.join(work, 'prompts/b.txt'));
  fs.symlinkSync('/dev/zero', path.join(work, 'prompts/b.txt'));
  const read = [...readDocuments(files, problems)];
  assert.deepEqual(read, [{ file: 'prompts/c.txt', text: 'Say yes.' }]);
  assert.deepEqual(problems, [
    { file: 'prompts/a.txt', severity: 'error', message: 'cannot read: is a named pipe (FIFO), not a regular file; not read' },
    { file: 'prompts/b.txt', severity: 'error', message: 'cannot read: is a symbolic link (not followed)' },
  ]);
});

test('a folder swapped for a symlink out of the workspace after discovery is not read through', posixOnly, () => {
  const { work, outside } = layout({ 'repo/prompts/a.txt': 'Say hi.', 'outside/a.txt': 'secret text outside' });
  const problems: ScanProblem[] = [];
  const files = discoverFiles(work, work, DEFAULT_CONFIG, problems);
  fs.rmSync(path.join(work, 'prompts'), { recursive: true });
  fs.symlinkSync(outside, path.join(work, 'prompts'));
  assert.deepEqual([...readDocuments(files, problems)], []);
  assert.deepEqual(problems, [{ file: 'prompts/a.txt', severity: 'error', message: 'cannot read: is outside the workspace (through a symbolic link)' }]);
});

test('reads stop one chunk past the limit: a file larger than the limit is refused, a file at the limit is read', () => {
  const { top } = layout({ 'big.txt': 'x'.repeat(200_000) });
  assert.throws(() => readRegularFile(path.join(top, 'big.txt'), { limit: 199_999 }), { reason: 'is larger than the 195.3 KB limit; not read', code: 'EFBIG' });
  assert.equal(readRegularFile(path.join(top, 'big.txt'), { limit: 200_000 }).bytes.length, 200_000);
  assert.throws(() => readRegularFile(top, { limit: 10 }), { reason: 'is a folder, not a regular file; not read' });
});

test('text reads through the one shared buffer: each file exactly, whatever was read before it (longer, multi-byte, refused)', () => {
  const texts: Record<string, string> = {
    'a.txt': 'short',
    'b.txt': `${'ü€😀 '.repeat(40_000)}end`,
    'c.txt': 'x'.repeat(200_000),
    'd.txt': 'tiny',
    'e.txt': '',
    'f.txt': `\ufeffBOM kept ${'y'.repeat(70_000)}`,
  };
  const { top } = layout(texts);
  for (const name of ['a.txt', 'b.txt', 'd.txt', 'c.txt', 'e.txt', 'f.txt', 'a.txt']) {
    assert.equal(readRegularText(path.join(top, name), { limit: 1_000_000 }).text, texts[name], name);
  }
  assert.throws(() => readRegularText(path.join(top, 'c.txt'), { limit: 199_999 }), { code: 'EFBIG' });
  assert.equal(readRegularText(path.join(top, 'd.txt'), { limit: 10 }).text, 'tiny');
  assert.equal(readRegularText(path.join(top, 'c.txt'), { limit: 200_000 }).text, texts['c.txt']);
});

test('--output never follows a symlink: not as the file, not as a folder on the way; the target is untouched', posixOnly, async () => {
  const { work, outside } = layout({ ...PROMPT, 'outside/precious.txt': 'precious' });
  fs.symlinkSync(path.join(outside, 'precious.txt'), path.join(work, 'report.md'));
  const asFile = await cli(['.', '--format', 'markdown', '--output', 'report.md'], work);
  assert.equal(asFile.exitCode, 2);
  assert.equal(asFile.stderr, `prompt-cost: cannot write --output ${path.join(work, 'report.md')}: is a symbolic link (not followed)\n`);
  assert.equal(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf8'), 'precious');
  fs.symlinkSync(outside, path.join(work, 'reports'));
  const asFolder = await cli(['.', '--format', 'json', '--output', 'reports/new/cost.json'], work);
  assert.equal(asFolder.exitCode, 2);
  assert.equal(asFolder.stderr, `prompt-cost: cannot write --output ${path.join(work, 'reports/new/cost.json')}: ${path.join(work, 'reports')} is a symbolic link (not followed)\n`);
  assert.deepEqual(fs.readdirSync(outside), ['precious.txt']);
  const fifo = path.join(work, 'out.fifo');
  mkfifo(fifo);
  const toFifo = await cli(['.', '--format', 'json', '--output', 'out.fifo'], work);
  assert.equal(toFifo.exitCode, 2);
  assert.match(toFifo.stderr, /^prompt-cost: cannot write --output .*out\.fifo: ENXIO\n$/);
});

test('--output outside the current folder (a path the user typed) is written, folders created', async () => {
  const { work, top } = layout(PROMPT);
  const result = await cli(['.', '--format', 'json', '--output', path.join(top, 'ci/reports/cost.json')], work);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(top, 'ci/reports/cost.json'), 'utf8')).sites.map((site: { file: string }) => site.file), ['prompts/a.txt']);
  assert.throws(() => writeRegularFile(path.join(top, 'repo/prompts/a.txt/x.json'), '{}', top), { reason: `${path.join(top, 'repo/prompts/a.txt')} is not a folder (EEXIST)` });
});

test('a PATH that is a symlink (to a folder outside) is a located error, never an empty passing audit', posixOnly, async () => {
  const { work, outside, top } = layout({ 'outside/prompts/b.txt': 'Summarise.' });
  fs.symlinkSync(outside, path.join(work, 'linked'));
  const result = await cli(['linked'], work);
  assert.equal(result.exitCode, 2);
  assert.equal(result.stderr.split('\n')[0], 'prompt-cost: linked is a symbolic link; symlinks are not followed (name the folder or file it points to)');
  mkfifo(path.join(top, 'pipe'));
  const fifo = await cli([path.join(top, 'pipe')], work);
  assert.equal(fifo.exitCode, 2);
  assert.equal(fifo.stderr.split('\n')[0], 'prompt-cost: ../pipe is a named pipe (FIFO); nothing to audit');
});

test('litellm: in a repository config may not leave the workspace (.., absolute, symlink); the file is never read', posixOnly, async () => {
  const creds = JSON.stringify({ aws: { mode: 'chat', input_cost_per_token: SECRET, output_cost_per_token: 1e-6, max_tokens: 10 } });
  for (const named of ['../outside/creds.json', '/etc/passwd', 'sub/../../outside/creds.json']) {
    const { work } = layout({ ...PROMPT, 'outside/creds.json': creds, 'repo/.promptcost.yaml': `litellm: ${named}\n` });
    const result = await cli(['.', '--format', 'json'], work);
    assert.equal(result.exitCode, 2, named);
    assert.equal(result.stderr, 'note: .promptcost.yaml:1: litellm: 1 path(s) leave the workspace (absolute or through ..); a config may only name files inside it\nconfig error: 1 problem(s) in .promptcost.yaml; defaults were used for those settings\n', named);
  }
  const { work, outside } = layout({ ...PROMPT, 'outside/creds.json': creds, 'repo/.promptcost.yaml': 'litellm: vendor/prices.json\n' });
  fs.mkdirSync(path.join(work, 'vendor'));
  fs.symlinkSync(path.join(outside, 'creds.json'), path.join(work, 'vendor/prices.json'));
  const viaLink = await cli(['.', '--format', 'json'], work);
  assert.equal(viaLink.exitCode, 2);
  assert.equal(viaLink.stderr.split('\n')[0], 'note: .promptcost.yaml: litellm: cannot read vendor/prices.json: is a symbolic link (not followed)');
  fs.rmSync(path.join(work, 'vendor'), { recursive: true });
  fs.symlinkSync(outside, path.join(work, 'vendor'));
  const viaFolder = await cli(['.', '--format', 'json'], work);
  assert.equal(viaFolder.stderr.split('\n')[0], 'note: .promptcost.yaml: litellm: cannot read vendor/prices.json: is outside the workspace (through a symbolic link)');
});

test('a price file inside the workspace that holds secrets: no note, report or format repeats its values', async () => {
  const creds = JSON.stringify({ aws: { mode: 'chat', input_cost_per_token: SECRET, output_cost_per_token: 1e-6, max_tokens: 10 }, other: SECRET });
  const { work } = layout({ ...PROMPT, 'repo/creds.json': creds, 'repo/.env': `TOKEN=${SECRET}\n`, 'repo/.promptcost.yaml': 'litellm: [creds.json, .env]\n' });
  for (const format of ['table', 'json', 'markdown', 'sarif', 'csv']) {
    const result = await cli(['.', '--format', format], work);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(!result.stdout.includes('AKIA') && !result.stderr.includes('AKIA'), `${format} quotes the file`);
    assert.ok(!result.stdout.includes('TOKEN=') && !result.stderr.includes('TOKEN='), `${format} quotes .env`);
  }
  const json = await cli(['.', '--format', 'json'], work);
  assert.deepEqual(json.stderr.split('\n').filter(Boolean).map((line) => line.replace(work, '<work>')), [
    'note: <work>/creds.json: aws.input_cost_per_token: input_cost_per_token must be a number from 0 to 0.1 (USD per token), found text of 42 character(s); entry skipped',
    'note: <work>/creds.json: other: entry is text of 42 character(s), not an object; skipped',
    'note: <work>/.env: not valid JSON',
  ]);
});

test('workspaceRelativePath keeps paths inside the workspace and refuses the rest (POSIX and Windows forms)', () => {
  const cases: Array<[string, string | undefined]> = [
    ['vendor/prices.json', 'vendor/prices.json'],
    ['./vendor/../prices.json', 'prices.json'],
    ['vendor\\prices.json', 'vendor/prices.json'],
    ['../prices.json', undefined],
    ['a/../../prices.json', undefined],
    ['/etc/passwd', undefined],
    ['\\\\server\\share\\p.json', undefined],
    ['C:\\Users\\me\\p.json', undefined],
    ['c:p.json', undefined],
    ['file:///etc/passwd', undefined],
    ['.', undefined],
    ['', undefined],
  ];
  for (const [input, expected] of cases) assert.equal(workspaceRelativePath(input), expected, input);
  assert.deepEqual(parseConfig('litellm: [ok.json, ../no.json]\n').config.litellmFiles, ['ok.json']);
});
