// The CLI on several worker threads and from its result cache: the same report, byte for byte, as a fresh audit on
// the main thread alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { parseArguments } from '../../src/cli/args';
import { emitReport } from '../../src/cli/shared';
import { defaultCacheFolder } from '../../src/workspace/resultCache';
import { auditFiles } from '../../src/workspace/parallelAudit';
import { discoverFiles } from '../../src/workspace/nodeFiles';
import { buildWorkspaceSymbols } from '../../src/workspace/symbolIndexFiles';
import { createAuditSession } from '../../src/core/session';
import { isValidSpan } from '../../src/core/rules/ruleSupport';
import type { ScanProblem } from '../../src/core/types';

const repo = path.resolve(__dirname, '../../..');
const sample = path.join(repo, 'test/fixtures/sample-workspace');
const wasmFolder = path.join(repo, 'dist/wasm');
const workerScript = path.join(repo, 'dist/cli.js');

/** The sample workspace copied `copies` times, each copy's prompts varied, plus an unreadable binary and an empty file. */
function copiedWorkspace(copies: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-parallel-'));
  for (let copy = 0; copy < copies; copy++) {
    fs.cpSync(sample, path.join(dir, `team${copy}`), { recursive: true });
    fs.appendFileSync(path.join(dir, `team${copy}`, 'prompts/classifier.txt'), `\nAlways answer in team ${copy}'s tone.\n`);
  }
  fs.writeFileSync(path.join(dir, 'team0/prompts/blob.txt'), Buffer.from([0, 1, 2, 0, 0, 0, 255, 0]));
  fs.writeFileSync(path.join(dir, 'team1/prompts/empty.txt'), '');
  return dir;
}

test('two worker threads give the same JSON and SARIF reports, problems and exit code as the main thread alone', async () => {
  assert.ok(fs.existsSync(workerScript), 'dist/cli.js is built before the suites run');
  const dir = copiedWorkspace(12);
  try {
    for (const format of ['json', 'sarif']) {
      const single = await runCli(['audit', dir, '--format', format, '--jobs', '1', '--no-cache'], { cwd: dir, wasmFolder });
      const progress: number[] = [];
      const parallel = await runCli(['audit', dir, '--format', format, '--jobs', '2', '--no-cache'], {
        cwd: dir,
        wasmFolder,
        workerScript,
        minFilesForWorkers: 1,
        onProgress: (done) => progress.push(done),
      });
      assert.equal(parallel.stdout, single.stdout, `${format} report`);
      assert.equal(parallel.stderr, single.stderr);
      assert.equal(parallel.exitCode, single.exitCode);
      // 12 copies of 9 auditable files, plus the binary one (read and skipped in a worker) and the empty one.
      assert.equal(progress.length, 110);
      assert.deepEqual(progress.slice().sort((a, b) => a - b), Array.from({ length: 110 }, (_, index) => index + 1));
    }
    const report = JSON.parse((await runCli(['audit', dir, '--format', 'json', '--jobs', '2', '--no-cache'], { cwd: dir, wasmFolder, workerScript, minFilesForWorkers: 1 })).stdout);
    assert.ok(report.problems.some((problem: { file: string; message: string }) => problem.file === 'team0/prompts/blob.txt' && /binary/.test(problem.message)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--jobs takes a whole number from 1 to 64', async () => {
  for (const bad of ['0', '1.5', 'many', '65']) {
    const result = await runCli(['audit', sample, '--jobs', bad], { wasmFolder });
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /--jobs must be a whole number from 1 to 64/);
  }
});

test('a warm run answers unchanged files from the cache; an edited file is audited again; the reports match fresh audits', async () => {
  const dir = copiedWorkspace(3);
  const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-cache-'));
  try {
    const uses: Array<[number, number]> = [];
    const cached = (jobs: string) => runCli(['audit', dir, '--format', 'json', '--jobs', jobs], { cwd: dir, wasmFolder, workerScript, minFilesForWorkers: 1, cacheFolder, onCacheUse: (hits, misses) => uses.push([hits, misses]) });
    const fresh = () => runCli(['audit', dir, '--format', 'json', '--no-cache'], { cwd: dir, wasmFolder });
    // 3 copies of 9 auditable files plus the empty one; the binary file is skipped before the cache is asked.
    const cold = await cached('2');
    assert.equal(cold.stdout, (await fresh()).stdout);
    const warm = await cached('1');
    assert.equal(warm.stdout, cold.stdout);
    assert.deepEqual(fs.readdirSync(cacheFolder).filter((name) => name.endsWith('.bin')).length, 1);
    fs.appendFileSync(path.join(dir, 'team2/prompts/classifier.txt'), '\nAlways answer in French. Always answer in French.\n');
    const edited = await cached('2');
    assert.equal(edited.stdout, (await fresh()).stdout);
    assert.notEqual(edited.stdout, warm.stdout);
    assert.deepEqual(uses, [[0, 28], [28, 0], [27, 1]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheFolder, { recursive: true, force: true });
  }
});

test('a warm run takes a settled file whose stamp is unchanged without reading it; a touched file is read again, an edit under an old time is caught', async () => {
  const dir = copiedWorkspace(2);
  const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-cache-'));
  try {
    const uses: Array<[number, number, number, number]> = [];
    // settleMs 0: files written before a run count as settled (the default asks 2 s before the run that cached them).
    const cached = (settleMs?: number) =>
      runCli(['audit', dir, '--format', 'json', '--jobs', '1'], { cwd: dir, wasmFolder, cacheFolder, cacheSettleMs: settleMs, onCacheUse: (hits, misses, { unread, symbolsReused }) => uses.push([hits, misses, unread, symbolsReused]) });
    const fresh = async () => (await runCli(['audit', dir, '--format', 'json', '--no-cache'], { cwd: dir, wasmFolder })).stdout;
    // 2 copies of 9 auditable files plus the empty one; 3 code files per copy feed the symbol index.
    const cold = await cached(0);
    assert.equal(cold.stdout, await fresh());
    // Not settled for an hour before the caching run: no stamp is trusted, every file is read and hashed.
    assert.equal((await cached(3_600_000)).stdout, cold.stdout);
    assert.equal((await cached(0)).stdout, cold.stdout);
    const classifier = path.join(dir, 'team1/prompts/classifier.txt');
    const { mtime } = fs.statSync(classifier);
    // Touched: same content, new stamp; read, found equal by its hash, and remembered under the new stamp.
    fs.utimesSync(classifier, new Date(), new Date(Date.now() - 60_000));
    assert.equal((await cached(0)).stdout, cold.stdout);
    assert.equal((await cached(0)).stdout, cold.stdout);
    // Same size, old modification time put back: the change time still differs, so the file is read and audited again.
    const text = fs.readFileSync(classifier, 'utf8');
    fs.writeFileSync(classifier, text.replace('Always', 'ALWAYS'));
    fs.utimesSync(classifier, mtime, mtime);
    const edited = await cached(0);
    assert.equal(edited.stdout, await fresh());
    assert.notEqual(edited.stdout, cold.stdout);
    assert.deepEqual(uses, [
      [0, 19, 0, 0],
      [19, 0, 0, 0],
      [19, 0, 19, 6],
      [19, 0, 18, 6],
      [19, 0, 19, 6],
      [18, 1, 18, 6],
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheFolder, { recursive: true, force: true });
  }
});

test('the cache is never written inside the audited folder, and --no-cache neither reads nor writes it', async () => {
  const dir = copiedWorkspace(2);
  try {
    const inside = path.join(dir, '.cache');
    const uses: number[][] = [];
    const result = await runCli(['audit', dir, '--format', 'json'], { cwd: dir, wasmFolder, cacheFolder: inside, onCacheUse: (hits, misses) => uses.push([hits, misses]) });
    assert.equal(result.exitCode, 0);
    assert.equal(fs.existsSync(inside), false);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-cache-'));
    await runCli(['audit', dir, '--no-cache'], { cwd: dir, wasmFolder, cacheFolder: outside, onCacheUse: (hits, misses) => uses.push([hits, misses]) });
    assert.deepEqual(fs.readdirSync(outside), []);
    assert.deepEqual(uses, []);
    fs.rmSync(outside, { recursive: true, force: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cache folder follows each platform and PROMPT_COST_CACHE_DIR', () => {
  assert.equal(defaultCacheFolder({}, 'linux', '/home/ada'), '/home/ada/.cache/prompt-cost');
  assert.equal(defaultCacheFolder({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/ada'), '/xdg/prompt-cost');
  assert.equal(defaultCacheFolder({}, 'darwin', '/Users/ada'), '/Users/ada/Library/Caches/prompt-cost');
  assert.equal(defaultCacheFolder({ LOCALAPPDATA: '/c/Users/ada/AppData/Local' }, 'win32', '/c/Users/ada'), path.join('/c/Users/ada/AppData/Local', 'prompt-cost', 'Cache'));
  assert.equal(defaultCacheFolder({ PROMPT_COST_CACHE_DIR: '/tmp/pc' }, 'linux', '/home/ada'), '/tmp/pc');
});

/** The same audit through standard input's path, which keeps every text (`auditDocuments`): the whole-text reference. */
function wholeTextRun(dir: string, format: string) {
  return runCli(['audit', dir, '-', '--stdin-filename', 'zz-empty.txt', '--format', format], { cwd: dir, wasmFolder, readStdin: async () => '' });
}

test('the CLI keeps no text while it audits, yet reports byte for byte what the whole-text path does; it reads again only the files the cross-file steps need', async () => {
  const copies = copiedWorkspace(3);
  const rag = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-rag-'));
  fs.cpSync(path.join(repo, 'test/fixtures/resolve-corpus/fastapi-rag'), rag, { recursive: true });
  try {
    const cases: Array<[string, string[]]> = [
      // The files holding a paragraph of 120 characters or more, shared by every copy (classifier.txt's and
      // welcome_email.jinja's paragraphs are shorter, agent.ts and classify.ts hold none that long).
      [copies, ['.github/prompts/review.prompt.md', 'prompts/faq.prompty', 'prompts/style-guide.md', 'prompts/summarize.prompt.yml', 'src/support_bot.py'].flatMap((name) => [0, 1, 2].map((copy) => `team${copy}/${name}`)).sort()],
      // A prompt file a call reads is priced again with that call's model; the call's own site holds the file's
      // paragraphs too (its static text), so both are read again, and nothing else.
      [rag, ['app/prompts/grader.txt', 'app/services/chat.py']],
    ];
    for (const [dir, expected] of cases) {
      for (const format of ['json', 'sarif']) {
        const reread: string[][] = [];
        for (const jobs of ['1', '2']) {
          const detached = await runCli(['audit', dir, '--format', format, '--jobs', jobs, '--no-cache'], { cwd: dir, wasmFolder, workerScript, minFilesForWorkers: 1, onReread: (files) => reread.push(files) });
          const whole = await wholeTextRun(dir, format);
          assert.equal(detached.stdout, whole.stdout, `${dir} ${format} --jobs ${jobs}`);
          assert.equal(detached.exitCode, whole.exitCode);
        }
        assert.deepEqual(reread.map((files) => [...files].sort()), [expected, expected]);
      }
    }
  } finally {
    fs.rmSync(copies, { recursive: true, force: true });
    fs.rmSync(rag, { recursive: true, force: true });
  }
});

test('the audit auditFiles returns holds none of the texts read again for the cross-file steps: each is detached again, sent prompt files too', async () => {
  const dir = copiedWorkspace(2);
  fs.cpSync(path.join(repo, 'test/fixtures/resolve-corpus/fastapi-rag'), path.join(dir, 'rag'), { recursive: true });
  try {
    const session = createAuditSession({ pricedOn: '2026-12-03', readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(wasmFolder, name))) });
    const problems: ScanProblem[] = [];
    const files = discoverFiles(dir, dir, session.context.config, problems);
    // As the CLI does: the symbol index finds the prompt file the RAG app's call reads.
    const context = { ...session.context, symbols: buildWorkspaceSymbols(dir, files) };
    const reread: string[] = [];
    const audit = await auditFiles(files, context, problems, { workers: 1, minFilesForWorkers: 1, onReread: (files) => reread.push(...files) });
    assert.equal(reread.length, 12);
    assert.ok(audit.workspaceFindings.length > 0);
    let emptied = 0;
    for (const file of reread) {
      const document = audit.documents.find((candidate) => candidate.file === file)!;
      assert.ok(document.detached, `${file} is detached`);
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const { site } of [...document.sites, ...(document.sentPromptFiles ?? [])]) {
        for (const segment of site.messages.flatMap((message) => message.segments)) {
          if (segment.kind !== 'static') continue;
          if (segment.text === '') emptied++;
          else assert.ok(!isValidSpan(text, segment.span) || text.slice(segment.span.start, segment.span.end) !== segment.text, `${file}: a static text that is the file's own is kept`);
        }
      }
    }
    assert.equal(audit.documents.find((document) => document.file === 'rag/app/prompts/grader.txt')?.sentPromptFiles?.length, 1);
    assert.ok(emptied >= 12);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a many-file run keeps no cache-simulation breakdown per segment (the editor shows it, no report reads it), in workers or not', async () => {
  const dir = copiedWorkspace(2);
  try {
    const session = createAuditSession({ pricedOn: '2026-12-03', readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(wasmFolder, name))) });
    for (const workers of [1, 2]) {
      const problems: ScanProblem[] = [];
      const audit = await auditFiles(discoverFiles(dir, dir, session.context.config, problems), session.context, problems, { workers, workerScript, sessionSpec: { configLabel: '', configPath: dir, configWorkspace: dir, litellm: [], wasmFolder, pricedOn: '2026-12-03' }, minFilesForWorkers: 1 });
      const simulations = audit.documents.flatMap((document) => document.sites.flatMap((audited) => (audited.cache ? [audited.cache] : [])));
      assert.ok(simulations.length >= 10, `${workers} worker(s): sites with a cache simulation`);
      assert.deepEqual(simulations.filter((simulation) => simulation.segments.length > 0).length, 0);
      assert.ok(simulations.some((simulation) => simulation.staticPrefixTokens > 0));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file edited after it was audited is audited again as it is when read again; one deleted is reported and left out', async () => {
  const dir = copiedWorkspace(2);
  try {
    const style = path.join(dir, 'team1/prompts/style-guide.md');
    const edit = (done: number, total: number) => {
      if (done === total) fs.appendFileSync(style, '\nAnswer in French.\n');
    };
    const edited = await runCli(['audit', dir, '--format', 'json', '--jobs', '1', '--no-cache'], { cwd: dir, wasmFolder, onProgress: edit });
    assert.equal(edited.stdout, (await wholeTextRun(dir, 'json')).stdout);
    const remove = (done: number, total: number) => {
      if (done === total) fs.rmSync(style);
    };
    const removed = JSON.parse((await runCli(['audit', dir, '--format', 'json', '--jobs', '1', '--no-cache'], { cwd: dir, wasmFolder, onProgress: remove })).stdout);
    assert.deepEqual(
      removed.problems.filter((problem: { file: string }) => problem.file === 'team1/prompts/style-guide.md').map((problem: { severity: string; message: string }) => [problem.severity, problem.message.replace(/:.*/, '')]),
      [['error', 'cannot read']],
    );
    assert.equal(removed.sites.some((site: { file: string }) => site.file === 'team1/prompts/style-guide.md'), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a warm run with every file unchanged reuses the cross-file result and reads nothing again; one changed file makes it read the needed files again', async () => {
  const dir = copiedWorkspace(2);
  const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-cache-'));
  try {
    const reread: string[][] = [];
    const cached = () => runCli(['audit', dir, '--format', 'json', '--jobs', '1'], { cwd: dir, wasmFolder, cacheFolder, cacheSettleMs: 0, onReread: (files) => reread.push([...files].sort()) });
    const fresh = async () => (await runCli(['audit', dir, '--format', 'json', '--no-cache'], { cwd: dir, wasmFolder })).stdout;
    const needed = ['.github/prompts/review.prompt.md', 'prompts/faq.prompty', 'prompts/style-guide.md', 'prompts/summarize.prompt.yml', 'src/support_bot.py'].flatMap((name) => [0, 1].map((copy) => `team${copy}/${name}`)).sort();
    const cold = await cached();
    assert.equal(cold.stdout, await fresh());
    assert.equal((await cached()).stdout, cold.stdout);
    // A file outside the needed ones changes: its hash is part of the key, so the needed files are read again.
    fs.appendFileSync(path.join(dir, 'team1/prompts/classifier.txt'), '\nAnswer in one word.\n');
    const edited = await cached();
    assert.equal(edited.stdout, await fresh());
    assert.equal((await cached()).stdout, edited.stdout);
    assert.deepEqual(reread, [needed, [], needed, []]);
    // A prompt file a call sends keeps its sites priced as sent when the result is reused.
    const rag = path.join(dir, 'rag');
    fs.cpSync(path.join(repo, 'test/fixtures/resolve-corpus/fastapi-rag'), rag, { recursive: true });
    const ragRuns: string[][] = [];
    const ragCached = () => runCli(['audit', rag, '--format', 'json', '--jobs', '1'], { cwd: rag, wasmFolder, cacheFolder, cacheSettleMs: 0, onReread: (files) => ragRuns.push(files) });
    const ragCold = await ragCached();
    const ragWarm = await ragCached();
    assert.equal(ragWarm.stdout, ragCold.stdout);
    assert.equal(JSON.parse(ragWarm.stdout).sentPromptFiles.length, 1);
    assert.deepEqual(ragRuns, [['app/prompts/grader.txt', 'app/services/chat.py'], []]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheFolder, { recursive: true, force: true });
  }
});

test('a report written to standard output as it is rendered, or to --output, is the report returned whole, to the byte; --quiet without --format writes none', async () => {
  const dir = copiedWorkspace(3);
  try {
    for (const format of ['json', 'sarif', 'markdown', 'csv', 'table']) {
      const whole = await runCli(['audit', dir, '--format', format, '--no-cache'], { cwd: dir, wasmFolder });
      const written: string[] = [];
      const streamed = await runCli(['audit', dir, '--format', format, '--no-cache'], { cwd: dir, wasmFolder, writeStdout: (text) => void written.push(text) });
      assert.equal(streamed.stdout, '', format);
      assert.ok(whole.stdout.length > 1000, format);
      assert.equal(written.join(''), whole.stdout, format);
      assert.equal(streamed.stderr, whole.stderr);
      assert.equal(streamed.exitCode, whole.exitCode);
      const output = path.join(os.tmpdir(), `prompt-cost-streamed-${process.pid}.${format}`);
      try {
        const toFile = await runCli(['audit', dir, '--format', format, '--no-cache', '--output', output], { cwd: dir, wasmFolder, writeStdout: (text) => void written.push(`unexpected: ${text}`) });
        assert.equal(toFile.stdout, '');
        assert.equal(fs.readFileSync(output, 'utf8'), whole.stdout, format);
      } finally {
        fs.rmSync(output, { force: true });
      }
      assert.equal(written.join(''), whole.stdout, format);
    }
    const quiet: string[] = [];
    const result = await runCli(['audit', dir, '--quiet', '--no-cache'], { cwd: dir, wasmFolder, writeStdout: (text) => void quiet.push(text) });
    assert.deepEqual([quiet, result.stdout], [[], '']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache file cut short, damaged, with frames past its header or of another format is ignored: every file is audited again, same report', async () => {
  const dir = copiedWorkspace(2);
  const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-cache-'));
  try {
    const uses: Array<[number, number]> = [];
    const cached = () => runCli(['audit', dir, '--format', 'json', '--jobs', '1'], { cwd: dir, wasmFolder, cacheFolder, cacheSettleMs: 0, onCacheUse: (hits, misses) => uses.push([hits, misses]) });
    const cold = await cached();
    const [name] = fs.readdirSync(cacheFolder).filter((file) => file.endsWith('.bin'));
    const cacheFile = path.join(cacheFolder, name);
    const good = fs.readFileSync(cacheFile);
    assert.equal((await cached()).stdout, cold.stdout);
    // The header frame: its length, then the v8 value (a format other than this build's is some other file).
    const header = good.subarray(4, 4 + good.readUInt32LE(0));
    const otherFormat = Buffer.from(header);
    const damaged = Buffer.from(good);
    damaged.fill(0xff, 4 + header.length + 8, 4 + header.length + 40);
    const variants: Array<[string, Buffer]> = [
      ['cut short', good.subarray(0, Math.floor(good.length * 0.6))],
      ['cut inside a length', good.subarray(0, 4 + header.length + 2)],
      ['damaged', damaged],
      ['a frame past the header', Buffer.concat([good, good.subarray(0, 4 + header.length)])],
      ['empty', Buffer.alloc(0)],
      ['another format', Buffer.concat([Buffer.from([header.length, 0, 0, 0]), otherFormat.subarray(0, otherFormat.length)])],
    ];
    // In the header's v8 bytes, `format` is followed by its small integer: make it 5 (the format before frames).
    const formatAt = otherFormat.indexOf(Buffer.from('format'));
    assert.ok(formatAt > 0);
    otherFormat[formatAt + 'format'.length + 1] = 10;
    for (const [label, bytes] of variants) {
      fs.writeFileSync(cacheFile, bytes);
      uses.length = 0;
      const run = await cached();
      assert.equal(run.stdout, cold.stdout, label);
      assert.deepEqual(uses, [[0, 19]], label);
      // The run wrote a whole cache again: the next one answers every file from it.
      uses.length = 0;
      await cached();
      assert.deepEqual(uses, [[19, 0]], label);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheFolder, { recursive: true, force: true });
  }
});

test('standard output that asks to wait (a full pipe) gets the next run of the report only once it has drained', async () => {
  const options = parseArguments(['audit', '--format', 'json']);
  assert.ok(typeof options === 'object');
  // 3 MB of pieces: three runs of about 1 MB each.
  const pieces = Array.from({ length: 3_000 }, (_, index) => `${String(index).padStart(8, '0')}${'x'.repeat(1016)}`);
  const written: string[] = [];
  let waiting = false;
  const emitted = emitReport(options, process.cwd(), () => pieces, async (text) => {
    assert.equal(waiting, false, 'a run was written while the previous one was still waiting');
    written.push(text);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 5));
    waiting = false;
  });
  assert.ok(emitted instanceof Promise);
  assert.deepEqual(await emitted, { stdout: '', stderr: '' });
  assert.equal(written.length, 3);
  assert.equal(written.join(''), pieces.join(''));
});
