import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { once } from 'events';
import { runCli } from '../../src/cli/main';

const repo = path.resolve(__dirname, '../../..');
const sample = path.join(repo, 'test/fixtures/sample-workspace');
const wasmFolder = path.join(repo, 'dist/wasm');
// An empty cache folder: a price file stored on the developer's machine must not change the figures.
const noStoredPrices = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-cache-'));
const run = (args: string[], cwd = repo) => runCli(args, { cwd, wasmFolder, cacheFolder: noStoredPrices });

function tempDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

test('--help prints usage and exits 0', async () => {
  const result = await run(['--help']);
  assert.equal(result.exitCode, 0);
  assert.match(result.stdout, /^Usage: prompt-cost audit/);
});

test('an unknown option is a usage error with exit code 2', async () => {
  const result = await run(['audit', '--frobnicate']);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr, /^prompt-cost: unknown option --frobnicate/);
});

test('a bad --format value is a usage error', async () => {
  const result = await run(['audit', sample, '--format', 'xml']);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr, /--format must be one of table, json, markdown, sarif, csv/);
});

test('a path that does not exist is a usage error', async () => {
  const result = await run(['audit', 'no/such/folder']);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr, /no such file or folder: no\/such\/folder/);
});

test('malformed config: located message and exit code 2, audit still printed', async () => {
  const dir = tempDir({ '.promptcost.yaml': 'callsPerMonth: [1,\n', 'prompts/a.txt': 'Say hello.' });
  const result = await run(['audit', dir, '--format', 'json']);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr, /note: \.promptcost\.yaml:\d+: YAML: /);
  assert.equal(JSON.parse(result.stdout).sites.length, 1);
});

test('a plain prompt file with no placeholders: tokens.static equals the tokenizer count of the file', async () => {
  const text = 'You are a careful proofreader.\nFix spelling and grammar, and keep the author\u2019s voice.\n';
  const dir = tempDir({ 'prompts/proofread.txt': text });
  const result = await run(['audit', dir, '--format', 'json', '--fail-on', 'none']);
  assert.equal(result.exitCode, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  const { get_encoding } = require('tiktoken');
  const encoder = get_encoding('o200k_base');
  const expected = encoder.encode_ordinary(text).length;
  encoder.free();
  assert.equal(report.sites.length, 1);
  assert.equal(report.sites[0].file, 'prompts/proofread.txt');
  assert.equal(report.sites[0].kind, 'prompt-file');
  assert.equal(report.sites[0].model, null);
  assert.equal(report.sites[0].pricedModel, 'gpt-4o-mini');
  assert.deepEqual(report.sites[0].tokens, { static: expected, exact: true, tokenizer: 'o200k_base', framing: 6, assumedDynamic: 0 });
});

test('binary and unreadable files are reported and skipped; the rest is audited', async () => {
  const dir = tempDir({ 'prompts/blob.txt': Buffer.from([0, 1, 2, 3, 0, 255, 254, 0]), 'prompts/ok.txt': 'Summarise the text.' });
  const result = await run(['audit', dir, '--format', 'json', '--fail-on', 'none']);
  assert.equal(result.exitCode, 0);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.sites.map((s: { file: string }) => s.file), ['prompts/ok.txt']);
  assert.deepEqual(report.problems, [{ file: 'prompts/blob.txt', severity: 'warning', message: 'skipped: the file looks binary, not text' }]);
});

test('a budget breach exits 1 even with --fail-on none', async () => {
  const dir = tempDir({ '.promptcost.yaml': 'budgets:\n  perCallUsd: 0.0000001\n', 'prompts/a.txt': 'Write a haiku about invoices.' });
  const result = await run(['audit', dir, '--format', 'json', '--fail-on', 'none']);
  assert.equal(result.exitCode, 1);
  const report = JSON.parse(result.stdout);
  assert.equal(report.budgets.length, 1);
  assert.equal(report.budgets[0].budget, 'perCallUsd');
  assert.match(result.stderr, /budget exceeded: 1 budget\(s\)/);
});

test('the JSON report of the sample workspace keeps the schemaVersion 2 contract: expected and worst-case figures, money fields by meaning', async () => {
  const result = await run(['audit', sample, '--format', 'json', '--fail-on', 'none']);
  assert.equal(result.exitCode, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.schemaVersion, 2);
  assert.match(report.catalog.asOf, /^\d{4}-\d{2}-\d{2}$/);
  for (const site of report.sites) {
    assert.equal(typeof site.file, 'string');
    assert.ok(!site.file.includes('\\') && !path.isAbsolute(site.file));
    assert.ok(Number.isInteger(site.line) && site.line >= 1 && site.endLine >= site.line);
    assert.ok(['prompt-file', 'call', 'prompt'].includes(site.kind));
    assert.ok(site.model === null || typeof site.model === 'string');
    assert.ok(site.maxOutputTokens === null || site.maxOutputTokens === 'non-literal' || Number.isInteger(site.maxOutputTokens));
    assert.ok(Array.isArray(site.placeholders));
    assert.deepEqual(Object.keys(site.tokens).filter((k) => k !== 'errorBand').sort(), ['assumedDynamic', 'exact', 'framing', 'static', 'tokenizer']);
    assert.ok(site.costPerCallUsd === null || site.costPerCallUsd > 0);
    assert.ok(['cap', 'prompt-hint', 'configured'].includes(site.outputBasis));
    assert.ok(site.worstCaseOutputTokens >= site.outputTokens, site.file);
    assert.ok(site.worstCasePerMonthUsd >= site.costPerMonthUsd, site.file);
  }
  // Expected, worst case, output and its basis per site (20,000 calls; support_bot.py 300,000).
  assert.deepEqual(report.sites.map((s: Record<string, unknown>) => [s.file, s.outputTokens, s.outputBasis, s.worstCaseOutputTokens, s.costPerMonthUsd, s.worstCasePerMonthUsd]), [
    ['.github/prompts/review.prompt.md', 400, 'configured', 32768, 127.88, 5306.76],
    ['prompts/classifier.txt', 5, 'prompt-hint', 16384, 0.306, 196.854],
    ['prompts/faq.prompty', 160, 'prompt-hint', 300, 8.28, 9.96],
    ['prompts/style-guide.md', 400, 'configured', 16384, 4.989, 196.797],
    ['prompts/summarize.prompt.yml', 75, 'prompt-hint', 32768, 94.56, 5325.44],
    ['prompts/welcome_email.jinja', 400, 'configured', 16384, 5.139, 196.947],
    ['src/agent.ts', 400, 'configured', 64000, 242.52, 19322.52],
    ['src/classify.ts', 5, 'prompt-hint', 5, 5.6, 5.6],
    ['src/support_bot.py', 400, 'configured', 16384, 2392.5, 50344.5],
  ]);
  // Placeholder sizes by meaning (no `placeholders:` in the sample's config): {thread} is a conversation, {today} a short value.
  assert.deepEqual(report.sites.map((s: { placeholderSizes: Array<{ name: string; tokens: number }> }) => s.placeholderSizes.map((p) => `${p.name}=${p.tokens}`).join(' ')), [
    'input:focus=50 selection=1500',
    'message=50',
    'faq=2000 question=50',
    '',
    'ticket_id=10 thread=2000',
    'customer.first_name=10 plan=10 trial_end=50',
    'customerTier=10 thread=2000',
    'review=50',
    'today=10 customer_name=10 question=50',
  ]);
  // The cache layout for every site with dynamic text: static tokens before the first placeholder in send order, and where.
  // Only support_bot.py's break costs money today (breaksAt); the others are listed all the same.
  assert.deepEqual(report.sites.map((s: { cache: { staticPrefixTokens: number; prefixEndsAt: { line: number; placeholder: string } | null; breaksAt: unknown } }) => [s.cache.staticPrefixTokens, s.cache.prefixEndsAt && `${s.cache.prefixEndsAt.line} ${s.cache.prefixEndsAt.placeholder}`, s.cache.breaksAt !== null]), [
    [35, '10 ${input:focus:which file or area}', false],
    [28, '4 {message}', false],
    [64, '32 {{faq}}', false],
    [63, null, false],
    [48, '15 {{ticket_id}}', false],
    [13, '2 {{ customer.first_name }}', false],
    [16, '14 ${customerTier}', false],
    [39, '19 review', false],
    [6, '11 {today}', true],
  ]);
  assert.equal(report.summary.expectedMonthlyUsd, 2881.774);
  assert.equal(report.summary.worstCaseMonthlyUsd, 80905.378);
  assert.equal(report.summary.costPerMonthUsd, undefined);
  // Each finding's money says what it is: exposure (caps), waste (repeats), saving (fixes).
  assert.deepEqual(report.findings.map((f: Record<string, unknown>) => [f.rule, f.monthlyExposureUsd, f.monthlyWasteUsd, f.monthlySavingUsd, f.monthlyCostUsd]), [
    ['unbounded-output', 5201.92, undefined, undefined, undefined],
    ['redundant-instruction', undefined, 0.16, undefined, undefined],
    ['output-cap-too-high', 18892.8, undefined, undefined, undefined],
    ['cache-breakpoint-ineffective', undefined, undefined, undefined, undefined],
    ['model-overkill', undefined, undefined, 5.264, undefined],
    ['redundant-instruction', undefined, 0.2, undefined, undefined],
    ['cache-prefix-broken', undefined, undefined, 475.2, undefined],
    ['unbounded-output', 46080, undefined, undefined, undefined],
  ]);
  for (const finding of report.findings) {
    assert.deepEqual(Object.keys(finding).filter((k) => ['file', 'line', 'rule', 'severity', 'message'].includes(k)).sort(), ['file', 'line', 'message', 'rule', 'severity']);
  }
});

test('the Markdown report of the sample workspace matches the golden file', async () => {
  const result = await run(['audit', sample, '--format', 'markdown', '--fail-on', 'none', '--as-of', '2026-12-03']);
  assert.equal(result.exitCode, 0, result.stderr);
  const golden = fs.readFileSync(path.join(repo, 'test/fixtures/sample-workspace.expected.md'), 'utf8');
  assert.equal(result.stdout, golden);
});

test('the built CLI runs as a process and returns the exit code', () => {
  const cli = path.join(repo, 'dist/cli.js');
  const ok = spawnSync(process.execPath, [cli, 'audit', sample, '--fail-on', 'none'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^SITE\s+KIND\s+MODEL/);
  const usage = spawnSync(process.execPath, [cli, 'audit', '--fail-on', 'sometimes'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
});

test('a Jupyter notebook\'s calls are audited and shown at their cell and line', async () => {
  const notebook = fs.readFileSync(path.join(repo, 'test/fixtures/notebooks/triage.ipynb'), 'utf8');
  const dir = tempDir({ 'notebooks/triage.ipynb': notebook });
  const table = await run(['audit', dir, '--format', 'table']);
  assert.match(table.stdout, /notebooks\/triage\.ipynb cell 3, line 2 +call +llama3\.2/);
  assert.match(table.stdout, /notebooks\/triage\.ipynb cell 5, line 1 +call/);
  const json = JSON.parse((await run(['audit', dir, '--format', 'json'])).stdout) as { sites: Array<{ file: string; line: number; notebookCell?: { cell: number; line: number }; api: string }> };
  assert.deepEqual(
    json.sites.map((site) => ({ file: site.file, line: site.line, notebookCell: site.notebookCell, api: site.api })),
    [
      { file: 'notebooks/triage.ipynb', line: 39, notebookCell: { cell: 3, line: 2 }, api: 'ollama.chat' },
      { file: 'notebooks/triage.ipynb', line: 59, notebookCell: { cell: 5, line: 1 }, api: 'bedrock.converse' },
    ],
  );
});

test('SARIF results carry the finding money fields as properties, each with its JSON meaning', async () => {
  const result = await run(['audit', sample, '--format', 'sarif', '--fail-on', 'none']);
  assert.equal(result.exitCode, 0, result.stderr);
  const sarif = JSON.parse(result.stdout);
  const results = sarif.runs[0].results as Array<{ ruleId: string; properties?: Record<string, number> }>;
  assert.deepEqual(results.map((r) => [r.ruleId, r.properties ?? null]), [
    ['unbounded-output', { monthlyExposureUsd: 5201.92 }],
    ['redundant-instruction', { monthlyWasteUsd: 0.16 }],
    ['output-cap-too-high', { monthlyExposureUsd: 18892.8 }],
    ['cache-breakpoint-ineffective', null],
    ['model-overkill', { monthlySavingUsd: 5.264 }],
    ['redundant-instruction', { monthlyWasteUsd: 0.2 }],
    ['cache-prefix-broken', { monthlySavingUsd: 475.2 }],
    ['unbounded-output', { monthlyExposureUsd: 46080 }],
  ]);
});

test('the table states what its two money columns mean, and the total is expected with the exposure beside it', async () => {
  const result = await run(['audit', sample, '--fail-on', 'none']);
  const lines = result.stdout.split('\n');
  assert.deepEqual(lines[0].split(/\s{2,}/), ['SITE', 'KIND', 'MODEL', 'TOKENS', 'CAP', 'OUTPUT', 'PER CALL', 'PER MONTH', 'WORST/CALL', 'WORST/MONTH']);
  assert.ok(lines.includes('9 site(s) in 9 file(s): $2,882/month expected (worst-case exposure $80,905/month) at 20,000 calls per site; 0 unpriced. Catalog as of 2026-12-03. * = default model, ~ = estimate.'), result.stdout);
  assert.ok(lines.includes("WORST = every reply at min(cap, model's maximum output), or the model's maximum when there is no cap."));
  assert.match(lines.find((line) => line.startsWith('src/agent.ts:8')) ?? '', /64,000\s+400 c\s+\$0\.0121\s+\$242\.52\s+\$0\.9661\s+\$19,323$/);
});

test('--rule ID=SEVERITY overrides the config: a rule can be raised to error (exit 1) or turned off', async () => {
  const dir = tempDir({
    '.promptcost.yaml': 'rules:\n  redundant-instruction: information\n',
    'prompts/support.txt': 'Be concise.\nAnswer billing questions.\nKeep it short.\n',
  });
  const severities = async (args: string[]) => {
    const result = await run(['audit', dir, '--format', 'json', ...args]);
    return { exitCode: result.exitCode, findings: JSON.parse(result.stdout).findings.map((f: { rule: string; severity: string; line: number }) => `${f.line} ${f.rule} ${f.severity}`) };
  };
  assert.deepEqual(await severities([]), { exitCode: 0, findings: ['3 redundant-instruction information'] });
  assert.deepEqual(await severities(['--rule', 'redundant-instruction=error']), { exitCode: 1, findings: ['3 redundant-instruction error'] });
  assert.deepEqual(await severities(['--rule=redundant-instruction=off']), { exitCode: 0, findings: [] });
});

test('--rule with an unknown rule or severity is a usage error', async () => {
  const unknownRule = await run(['audit', sample, '--rule', 'no-such-rule=off']);
  assert.equal(unknownRule.exitCode, 2);
  assert.match(unknownRule.stderr, /--rule: unknown rule "no-such-rule" \(rules: unbounded-output, /);
  const badSeverity = await run(['audit', sample, '--rule', 'model-overkill=loud']);
  assert.equal(badSeverity.exitCode, 2);
  assert.match(badSeverity.stderr, /--rule takes ID=SEVERITY with SEVERITY one of error, warning, information, hint, off \(got "model-overkill=loud"\)/);
});

test('.gitignore and .promptcostignore at the root leave files out: folders, globs at any depth, `!` re-includes, nothing back from an ignored folder', async () => {
  const dir = tempDir({
    '.gitignore': '# build output\ngenerated/\n*.draft.txt\n!keep.draft.txt\n/prompts/local.txt\n',
    '.promptcostignore': 'prompts/archive/\ngenerated/\n!generated/wanted.txt\n',
    'prompts/a.txt': 'Say hello.',
    'prompts/local.txt': 'Say hi.',
    'prompts/sub/local.txt': 'Say hey.',
    'prompts/b.draft.txt': 'Say bye.',
    'prompts/keep.draft.txt': 'Say goodbye.',
    'prompts/archive/old.txt': 'Say nothing.',
    'prompts/generated/wanted.txt': 'Say yes.',
    'generated/prompts/x.txt': 'Say no.',
  });
  const result = await run(['audit', dir, '--format', 'json', '--fail-on', 'none']);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout).sites.map((site: { file: string }) => site.file).sort(), ['prompts/a.txt', 'prompts/keep.draft.txt', 'prompts/sub/local.txt']);
});

test('a reader that stops early (`| head`) ends the report quietly: no internal error, the audit\'s own exit code', async () => {
  // A report far larger than a pipe's buffer, so the CLI is still writing when the reader goes away.
  const files: Record<string, string> = {};
  for (let index = 0; index < 400; index++) files[`prompts/p${index}.txt`] = `You are assistant ${index}. Answer briefly and cite the source.\n`.repeat(20);
  const dir = tempDir(files);
  const cli = path.join(repo, 'dist/cli.js');
  const args = [cli, 'audit', dir, '--format', 'json', '--fail-on', 'warning', '--no-cache'];
  const whole = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.ok(whole.stdout.length > 1024 * 1024, `report of ${whole.stdout.length} chars`);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.once('data', () => child.stdout.destroy());
  const [code] = (await once(child, 'close')) as [number | null];
  assert.doesNotMatch(stderr, /internal error|EPIPE/);
  assert.equal(code, whole.status);
});
