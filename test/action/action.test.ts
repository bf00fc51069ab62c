// The GitHub Action end to end without network: GitHub's environment variables and event file are simulated, the
// API is a loopback server, and dist/action.js runs as the runner would run it (node20, `main`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { execFile, execFileSync } from 'child_process';
import type { AddressInfo } from 'net';

const repo = path.resolve(__dirname, '../../..');
const actionBundle = path.join(repo, 'dist/action.js');

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
}

interface Recorded { method: string; url: string; authorization?: string; body?: { body: string } }

/** A stand-in for api.github.com: issue comments kept in memory; `writable: false` answers writes with 403. */
async function fakeGithub(writable: boolean): Promise<{ url: string; requests: Recorded[]; comments: Array<{ id: number; body: string }>; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const comments = [{ id: 1, body: 'An unrelated comment by a person.' }];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = text ? JSON.parse(text) : undefined;
      requests.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
      const send = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.method === 'GET' && /^\/repos\/acme\/shop\/issues\/7\/comments\?/.test(request.url!)) return send(200, comments);
      if (!writable) return send(403, { message: 'Resource not accessible by integration' });
      if (request.method === 'POST' && request.url === '/repos/acme/shop/issues/7/comments') {
        const comment = { id: 100 + comments.length, body: body.body };
        comments.push(comment);
        return send(201, comment);
      }
      const patch = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(request.url!);
      if (request.method === 'PATCH' && patch) {
        const comment = comments.find((c) => c.id === Number(patch[1]));
        if (!comment) return send(404, {});
        comment.body = body.body;
        return send(200, comment);
      }
      send(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, comments, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A repository with a base commit and a pull-request head that adds a prompt and raises the cost. */
function pullRequestRepo(diffBudget: string): { dir: string; baseSha: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-action-'));
  git(dir, 'init', '-q', '-b', 'main');
  fs.mkdirSync(path.join(dir, 'prompts'));
  fs.writeFileSync(path.join(dir, '.promptcost.yaml'), `callsPerMonth: 100000\nbudgets:\n  diff:\n${diffBudget}`);
  fs.writeFileSync(path.join(dir, 'prompts/a.txt'), 'Write a haiku about invoices.');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD').trim();
  git(dir, 'checkout', '-q', '-b', 'feature');
  fs.writeFileSync(path.join(dir, 'prompts/b.txt'), 'Summarise the customer conversation below in three bullet points, each under twenty words.');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'head');
  return { dir, baseSha };
}

interface ActionRun { exitCode: number; stdout: string; summary: string; outputs: Record<string, string> }

function runAction(dir: string, baseSha: string, apiUrl: string, extra: Record<string, string> = {}, headRepository = 'acme/shop'): Promise<ActionRun> {
  const runner = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-cost-runner-'));
  const eventPath = path.join(runner, 'event.json');
  fs.writeFileSync(eventPath, JSON.stringify({
    action: 'synchronize',
    number: 7,
    pull_request: { number: 7, base: { sha: baseSha, ref: 'main', repo: { full_name: 'acme/shop' } }, head: { sha: git(dir, 'rev-parse', 'HEAD').trim(), ref: 'feature', repo: { full_name: headRepository } } },
  }));
  const summaryPath = path.join(runner, 'summary.md');
  const outputPath = path.join(runner, 'output.txt');
  fs.writeFileSync(summaryPath, '');
  fs.writeFileSync(outputPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_WORKSPACE: dir,
    GITHUB_API_URL: apiUrl,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_BASE_REF: 'main',
    GITHUB_HEAD_REF: 'feature',
    'INPUT_GITHUB-TOKEN': 'ghs_test_token',
    'INPUT_FAIL-ON': 'none',
    ...extra,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [actionBundle], { cwd: dir, env }, (error, stdout) => {
      const outputs = Object.fromEntries(fs.readFileSync(outputPath, 'utf8').trim().split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      resolve({ exitCode: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, summary: fs.readFileSync(summaryPath, 'utf8'), outputs });
    });
  });
}

test('the Action audits, writes SARIF, posts one PR comment with the diff and updates it on the next push', async () => {
  const github = await fakeGithub(true);
  try {
    const { dir, baseSha } = pullRequestRepo('    monthlyUsd: 1000\n');
    const first = await runAction(dir, baseSha, github.url);
    assert.equal(first.exitCode, 0, first.stdout);
    assert.equal(first.outputs.comment, 'created');
    assert.equal(first.outputs['audit-exit-code'], '0');
    assert.equal(first.outputs['diff-exit-code'], '0');
    const sarif = JSON.parse(fs.readFileSync(first.outputs['sarif-file'], 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.equal(first.outputs['sarif-file'], path.join(dir, 'prompt-cost.sarif'));
    const report = JSON.parse(fs.readFileSync(first.outputs['json-file'], 'utf8'));
    assert.equal(first.outputs['cost-per-month-usd'], String(report.summary.expectedMonthlyUsd));
    const bSite = report.sites.find((site: { file: string }) => site.file === 'prompts/b.txt');
    assert.equal(Number(first.outputs['diff-monthly-usd']), bSite.costPerMonthUsd, 'the diff is exactly the added prompt');
    assert.match(first.stdout, /::notice title=prompt-cost::2 site\(s\) in 2 file\(s\)/);
    const posted = github.requests.filter((r) => r.method !== 'GET');
    assert.deepEqual(posted.map((r) => `${r.method} ${r.url}`), ['POST /repos/acme/shop/issues/7/comments']);
    assert.equal(posted[0].authorization, 'Bearer ghs_test_token');
    assert.ok(posted[0].body!.body.startsWith('<!-- prompt-cost-diff -->\n## Prompt cost change'));
    assert.match(posted[0].body!.body, /\| prompts\/b\.txt:1 \| added \|/);
    assert.equal(first.summary.includes('<!-- prompt-cost-diff -->'), false, 'commented: the diff is not repeated in the summary');

    fs.writeFileSync(path.join(dir, 'prompts/b.txt'), 'Summarise the conversation in one line.');
    git(dir, 'commit', '-q', '-am', 'shorter');
    const second = await runAction(dir, baseSha, github.url);
    assert.equal(second.outputs.comment, 'updated');
    const writes = github.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(writes, ['POST /repos/acme/shop/issues/7/comments', 'PATCH /repos/acme/shop/issues/comments/101']);
    assert.equal(github.comments.length, 2, 'one bot comment, updated in place');
  } finally {
    await github.close();
  }
});

test('a token that may not write: no comment, the diff goes to the job summary; over the diff budget the job fails', async () => {
  const github = await fakeGithub(false);
  try {
    const { dir, baseSha } = pullRequestRepo('    percent: 1\n');
    const result = await runAction(dir, baseSha, github.url);
    assert.equal(result.exitCode, 1, result.stdout);
    assert.equal(result.outputs.comment, 'no-permission');
    assert.equal(result.outputs['diff-exit-code'], '1');
    assert.ok(result.summary.includes('<!-- prompt-cost-diff -->\n## Prompt cost change'));
    assert.match(result.summary, /\*\*Diff budget exceeded:\*\*/);
    assert.match(result.stdout, /diff budget exceeded: the expected monthly cost rises by [\d.]+% \(budgets\.diff\.percent: 1%\)/);
    assert.match(result.stdout, /the token may not comment; the diff is in the job summary/);
  } finally {
    await github.close();
  }
});

test('a pull request from a fork is never commented on; the summary gets the diff', async () => {
  const github = await fakeGithub(true);
  try {
    const { dir, baseSha } = pullRequestRepo('    monthlyUsd: 1000\n');
    const result = await runAction(dir, baseSha, github.url, {}, 'someone/shop-fork');
    assert.equal(result.outputs.comment, 'skipped');
    assert.deepEqual(github.requests, []);
    assert.ok(result.summary.includes('## Prompt cost change'));
  } finally {
    await github.close();
  }
});
