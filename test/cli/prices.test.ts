// `prompt-cost prices update` against a server on 127.0.0.1 (no other network), `--as-of` and `--fail-on-unknown-model`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { runCli } from '../../src/cli/main';
import { cacheFolder } from '../../src/cli/priceStore';

const repo = path.resolve(__dirname, '../../..');
const wasmFolder = path.join(repo, 'dist/wasm');
const excerpt = fs.readFileSync(path.join(repo, 'test/fixtures/catalog/litellm-2026-07-24-excerpt.json'), 'utf8');

/** The excerpt with gpt-4o repriced to $3 / $12, so an audit shows whether the stored file is used. */
const repriced = (() => {
  const map = JSON.parse(excerpt) as Record<string, Record<string, unknown>>;
  map['gpt-4o'] = { ...map['gpt-4o'], input_cost_per_token: 3e-6, output_cost_per_token: 12e-6 };
  return JSON.stringify(map);
})();

const routes: Record<string, { status: number; body: string }> = {
  '/prices.json': { status: 200, body: repriced },
  '/broken.json': { status: 200, body: '{"gpt-4o": {"mode": "chat", "input_cost_per_token": 3e-6,' },
  '/empty.json': { status: 200, body: '{"sample_spec": {}}' },
  '/missing.json': { status: 404, body: 'not found' },
  '/error.json': { status: 500, body: 'boom' },
};
const server = http.createServer((request, response) => {
  const route = routes[request.url ?? ''] ?? { status: 404, body: '' };
  response.writeHead(route.status, { 'content-type': 'application/json' });
  response.end(route.body);
});
const listening = new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
after(() => server.close());

/** Only loopback: any other host is a test bug, not a request to make. */
const loopbackFetch: typeof fetch = (input, init) => {
  const url = new URL(String(input));
  if (url.hostname !== '127.0.0.1') throw new Error(`test tried to reach ${url.hostname}`);
  return fetch(input, init);
};

function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-prices-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const workspace = tempDir({
  'app.ts': [
    "import OpenAI from 'openai';",
    'const openai = new OpenAI();',
    'export const reply = () => openai.chat.completions.create({',
    "  model: 'gpt-4o',",
    '  max_completion_tokens: 1000,',
    "  messages: [{ role: 'user', content: 'Say hello.' }],",
    '});',
    '',
  ].join('\n'),
});

async function update(cache: string, from: string) {
  return runCli(['prices', 'update', '--from', from], { cwd: repo, cacheFolder: cache, fetch: loopbackFetch });
}
async function auditJson(cache: string, args: string[] = [], cwd = workspace) {
  const result = await runCli(['audit', cwd, '--format', 'json', '--fail-on', 'none', ...args], { cwd, wasmFolder, cacheFolder: cache });
  return { result, report: JSON.parse(result.stdout) };
}

test('prices update stores a valid file from a loopback server and later audits price with it', async () => {
  const base = await listening;
  const cache = tempDir();
  const before = await auditJson(cache, ['--as-of', '2026-12-03']);
  assert.equal(before.report.sites[0].costPerCallUsd, 0.0040225); // 9 input tokens (3 of text, 6 of chat framing) × $2.50 + 400 expected output × $10 per million
  assert.deepEqual(before.report.catalog, { asOf: '2026-12-03', pricedOn: '2026-12-03', ageDays: 0, maxAgeDays: 60, stale: false, source: 'bundled catalog' });

  const result = await update(cache, `${base}/prices.json`);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^stored 75 priced models from ${base}/prices.json \\(fetched \\d{4}-\\d{2}-\\d{2}\\) in `));
  assert.ok(fs.existsSync(path.join(cache, 'prices.json')));
  assert.deepEqual(fs.readdirSync(workspace), ['app.ts'], 'nothing is written to the workspace');

  const afterUpdate = await auditJson(cache);
  assert.equal(afterUpdate.report.sites[0].costPerCallUsd, 0.004827); // 9 × $3 + 400 × $12 per million
  assert.match(afterUpdate.report.catalog.source, new RegExp(`^${base}/prices.json \\(fetched \\d{4}-\\d{2}-\\d{2}\\)$`));
  assert.equal(afterUpdate.report.catalog.ageDays, 0);
});

test('an HTTP error, a malformed file, a file with no prices and no network each keep the previous data and say why', async () => {
  const base = await listening;
  const cache = tempDir();
  assert.equal((await update(cache, `${base}/prices.json`)).exitCode, 0);
  const stored = fs.readFileSync(path.join(cache, 'prices.json'), 'utf8');
  const fetchedOn = JSON.parse(stored).fetchedOn as string;
  const kept = `the prices fetched on ${fetchedOn} from ${base}/prices.json are kept.`;

  const httpError = await update(cache, `${base}/error.json`);
  assert.equal(httpError.exitCode, 1);
  assert.equal(httpError.stderr, `prompt-cost: price update failed: HTTP 500 Internal Server Error from ${base}/error.json; ${kept}\n`);

  const notFound = await update(cache, `${base}/missing.json`);
  assert.equal(notFound.stderr, `prompt-cost: price update failed: HTTP 404 Not Found from ${base}/missing.json; ${kept}\n`);

  const malformed = await update(cache, `${base}/broken.json`);
  assert.equal(malformed.exitCode, 1);
  assert.match(malformed.stderr, /^prompt-cost: price update failed: malformed price file: not valid JSON.*; the prices fetched on/);

  const empty = await update(cache, `${base}/empty.json`);
  assert.match(empty.stderr, /price update failed: the file has no chat model with per-token input and output prices/);

  // A port nothing listens on: the connection is refused, as with no network.
  const closed = http.createServer();
  const closedPort = await new Promise<number>((resolve) => closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)));
  await new Promise((resolve) => closed.close(resolve));
  const offline = await update(cache, `http://127.0.0.1:${closedPort}/prices.json`);
  assert.equal(offline.exitCode, 1);
  assert.equal(offline.stderr, `prompt-cost: price update failed: cannot reach http://127.0.0.1:${closedPort}/prices.json: ECONNREFUSED; ${kept}\n`);

  assert.equal(fs.readFileSync(path.join(cache, 'prices.json'), 'utf8'), stored, 'the stored file is unchanged');
  assert.deepEqual(fs.readdirSync(cache), ['prices.json'], 'no temporary file is left behind');
});

test('a failed first update leaves the bundled catalog in use; a local file can be the source', async () => {
  const base = await listening;
  const cache = tempDir();
  const failed = await update(cache, `${base}/error.json`);
  assert.match(failed.stderr, /; the bundled catalog stays in use\.\n$/);
  assert.deepEqual(fs.readdirSync(cache), []);
  const file = path.join(tempDir({ 'map.json': repriced }), 'map.json');
  const fromFile = await update(cache, file);
  assert.equal(fromFile.exitCode, 0, fromFile.stderr);
  assert.equal((await auditJson(cache)).report.sites[0].costPerCallUsd, 0.004827);
});

test('--as-of prices a dated change before and after its day', async () => {
  const cache = tempDir();
  const dir = tempDir({
    'gem.ts': [
      "import { GoogleGenAI } from '@google/genai';",
      'const ai = new GoogleGenAI({});',
      "export const run = () => ai.models.generateContent({ model: 'gemini-4-argon', contents: 'Say hello.', config: { maxOutputTokens: 1000 } });",
      '',
    ].join('\n'),
  });
  const before = await auditJson(cache, ['--as-of', '2026-11-30'], dir);
  const afterChange = await auditJson(cache, ['--as-of', '2026-12-01'], dir);
  // 10 estimated input tokens at $2 then $4, 400 expected output tokens at $10 then $20 per million.
  assert.equal(before.report.sites[0].tokens.static + before.report.sites[0].tokens.framing, 10);
  assert.equal(before.report.sites[0].costPerCallUsd, 0.00402);
  assert.equal(afterChange.report.sites[0].costPerCallUsd, 0.00804);
  assert.equal((await runCli(['audit', dir, '--as-of', '2026-13-01'], { cwd: dir, wasmFolder, cacheFolder: cache })).exitCode, 2);
});

test('service tiers per glob: flex halves, priority doubles, a tier the model lacks is priced at standard and said so', async () => {
  const cache = tempDir();
  const call = (model: string) => `client.chat.completions.create(model="${model}", max_completion_tokens=1000, messages=[{"role": "user", "content": "Hi"}])`;
  const dir = tempDir({
    'jobs/nightly.py': ['from openai import OpenAI', 'client = OpenAI()', call('gpt-6.1-terra'), call('gpt-6.2-sol'), ''].join('\n'),
    'app.py': ['from openai import OpenAI', 'client = OpenAI()', call('gpt-6.1-terra'), call('gpt-6.2-sol'), ''].join('\n'),
    '.promptcost.yaml': 'serviceTiers:\n  - glob: jobs/**\n    tier: flex\n  - glob: app.py\n    tier: priority\n',
  });
  const { report } = await auditJson(cache, ['--as-of', '2026-12-03'], dir);
  const rows = report.sites.map((site: { file: string; line: number; costPerCallUsd: number; serviceTier?: string; priceTiers?: string[] }) => [site.file, site.line, site.costPerCallUsd, site.serviceTier ?? 'standard', site.priceTiers ?? []]);
  // 7 input tokens (1 of text, 6 of framing), 400 expected output: Terra $1 / $5, GPT-6.2 Sol $2 / $10 (no flex tier).
  assert.deepEqual(rows, [
    ['app.py', 3, 0.004014, 'priority', ['priority tier ×2']],
    ['app.py', 4, 0.008028, 'priority', ['priority tier ×2']],
    ['jobs/nightly.py', 3, 0.0010035, 'flex', ['flex tier ×0.5']],
    ['jobs/nightly.py', 4, 0.004014, 'flex', ['flex tier not offered for gpt-6.2-sol: standard prices']],
  ]);
});

test("a call's own service_tier wins over the glob; auto leaves the glob's tier; Gemini's config tier is read too", async () => {
  const cache = tempDir();
  const call = (model: string, tier?: string) => `client.chat.completions.create(model="${model}",${tier ? ` service_tier="${tier}",` : ''} max_completion_tokens=1000, messages=[{"role": "user", "content": "Hi"}])`;
  const dir = tempDir({
    'jobs/nightly.py': ['from openai import OpenAI', 'client = OpenAI()', call('gpt-6.1-terra', 'priority'), call('gpt-6.1-terra', 'auto'), call('gpt-6.1-terra', 'default'), call('gpt-6.2-sol', 'flex'), ''].join('\n'),
    'gem.ts': [
      "import { GoogleGenAI } from '@google/genai';",
      'const ai = new GoogleGenAI({});',
      "export const run = () => ai.models.generateContent({ model: 'gemini-4-hydrogen', contents: 'Hi', config: { serviceTier: 'priority', maxOutputTokens: 1000 } });",
      '',
    ].join('\n'),
    '.promptcost.yaml': 'serviceTiers:\n  - glob: jobs/**\n    tier: flex\n',
  });
  const { report } = await auditJson(cache, ['--as-of', '2026-12-03'], dir);
  const rows = report.sites.map((site: { file: string; line: number; costPerCallUsd: number; serviceTier?: string; priceTiers?: string[] }) => [site.file, site.line, site.costPerCallUsd, site.serviceTier ?? 'standard', site.priceTiers ?? []]);
  // OpenAI: 7 input tokens, 400 expected output; Terra $1 / $5 standard ($0.002007), GPT-6.2 Sol $2 / $10 (no flex tier).
  // Gemini 4 Hydrogen: 8 estimated input tokens and the 400-token expected reply (the catalog has no reasoning default
  // for Gemini 4: no source read) at $1.50 / $7.50 × 1.8 = $2.70 / $13.50 per million.
  assert.deepEqual(rows, [
    ['gem.ts', 3, 0.0054216, 'priority', ['priority tier ×1.8']],
    ['jobs/nightly.py', 3, 0.004014, 'priority', ['priority tier ×2']],
    ['jobs/nightly.py', 4, 0.0010035, 'flex', ['flex tier ×0.5']],
    ['jobs/nightly.py', 5, 0.002007, 'standard', []],
    ['jobs/nightly.py', 6, 0.004014, 'flex', ['flex tier not offered for gpt-6.2-sol: standard prices']],
  ]);
});

test('stale price data is reported in the table footer and on stderr for other formats', async () => {
  const cache = tempDir();
  const table = await runCli(['audit', workspace, '--as-of', '2027-03-01'], { cwd: workspace, wasmFolder, cacheFolder: cache });
  assert.match(table.stdout, /\nPrices as of 2026-12-03 \(88 days old\), priced for 2027-03-01; source: bundled catalog\.\nWarning: the price data is 88 days old, more than 60; run "prompt-cost prices update"/);
  const json = await auditJson(cache, ['--as-of', '2027-03-01']);
  assert.equal(json.report.catalog.stale, true);
  assert.match(json.result.stderr, /warning: the price data is 88 days old \(more than 60\)/);
});

test('--fail-on-unknown-model (or failOnUnknownModel: true) exits 1 and counts unpriced sites apart', async () => {
  const cache = tempDir();
  const dir = tempDir({
    'bot.py': [
      'from openai import OpenAI',
      'client = OpenAI()',
      'client.chat.completions.create(model="gpt-4o", max_tokens=100, messages=[{"role": "user", "content": "Hi"}])',
      'client.chat.completions.create(model="gpt-9-ultra", max_tokens=100, messages=[{"role": "user", "content": "Hi"}])',
      '',
    ].join('\n'),
  });
  const plain = await runCli(['audit', dir, '--fail-on', 'none', '--as-of', '2026-12-03'], { cwd: dir, wasmFolder, cacheFolder: cache });
  assert.equal(plain.exitCode, 0);
  assert.match(plain.stdout, /2 site\(s\) in 1 file\(s\): \$10\.18\/month expected \(worst-case exposure \$10\.18\/month\) at 10,000 calls per site; 1 unpriced\./);
  const strict = await runCli(['audit', dir, '--fail-on', 'none', '--fail-on-unknown-model'], { cwd: dir, wasmFolder, cacheFolder: cache });
  assert.equal(strict.exitCode, 1);
  assert.match(strict.stderr, /unpriced: 1 site\(s\) use a model that is not in the catalog/);
  fs.writeFileSync(path.join(dir, '.promptcost.yaml'), 'failOnUnknownModel: true\n');
  assert.equal((await runCli(['audit', dir, '--fail-on', 'none'], { cwd: dir, wasmFolder, cacheFolder: cache })).exitCode, 1);
  const json = JSON.parse((await runCli(['audit', dir, '--format', 'json', '--fail-on', 'none'], { cwd: dir, wasmFolder, cacheFolder: cache })).stdout);
  assert.equal(json.summary.unpricedSites, 1);
  assert.equal(json.sites.find((site: { model: string }) => site.model === 'gpt-9-ultra').costPerCallUsd, null);
});

test('the cache folder follows the OS conventions and never the workspace', () => {
  assert.equal(cacheFolder({ PROMPT_COST_CACHE_DIR: '/x/y' }, 'linux', '/home/u'), '/x/y');
  assert.equal(cacheFolder({}, 'linux', '/home/u'), '/home/u/.cache/prompt-cost');
  assert.equal(cacheFolder({ XDG_CACHE_HOME: '/c' }, 'linux', '/home/u'), '/c/prompt-cost');
  assert.equal(cacheFolder({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/prompt-cost');
  assert.equal(cacheFolder({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), path.join('C:\\Users\\u\\AppData\\Local', 'prompt-cost', 'Cache'));
});

test('prices takes one command, update, and only --from; --as-of and --fail-on-unknown-model belong to audits', async () => {
  const cache = tempDir();
  const run = (args: string[]) => runCli(args, { cwd: workspace, wasmFolder, cacheFolder: cache, fetch: loopbackFetch });
  assert.deepEqual(await run(['prices']), { exitCode: 2, stdout: '', stderr: 'prompt-cost: prices needs a command: the command is "prices update [--from URL|FILE]"\n' });
  assert.deepEqual(await run(['prices', 'refresh']), { exitCode: 2, stdout: '', stderr: 'prompt-cost: unknown prices command "refresh": the command is "prices update [--from URL|FILE]"\n' });
  assert.equal((await run(['prices', 'update', '--as-of', '2026-12-03'])).stderr, 'prompt-cost: --as-of does not apply to "prices"\n');
  assert.equal((await run(['audit', '.', '--from', 'x.json'])).stderr, 'prompt-cost: --from does not apply to "audit"\n');
  assert.equal((await run(['audit', '.', '--as-of', '2026-02-30'])).stderr, 'prompt-cost: --as-of must be a date written YYYY-MM-DD (got "2026-02-30")\n');
  assert.equal((await run(['prices', 'update', '--from'])).stderr, 'prompt-cost: --from needs a value\n');
  assert.deepEqual(fs.readdirSync(cache), [], 'nothing was fetched or stored');
});
