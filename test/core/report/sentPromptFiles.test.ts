// A prompt file that calls send (issue 18): priced with the first sender's model and cap, listing every sender, in
// `sentPromptFiles` and never in `sites` or the totals; the editor's view of the open file shows the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAuditSession } from '../../../src/core/session';
import { auditDocument } from '../../../src/core/audit';
import { auditDocuments } from '../../../src/core/workspaceAudit';
import { buildReport } from '../../../src/core/report/model';
import { withSenders } from '../../../src/core/sentPromptFiles';
import { costLensTitle, modelWithSource } from '../../../src/editor/siteText';
import { buildIndex } from '../scanning/callSummaries';

const repositoryRoot = path.resolve(__dirname, '../../../..');

const FILES: Record<string, string> = {
  'app.py': [
    'from pathlib import Path',
    '',
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    'SYSTEM = Path("prompts/system.md").read_text()',
    '',
    '',
    'def answer(question):',
    '    return client.chat.completions.create(',
    '        model="gpt-4.1-mini",',
    '        max_tokens=300,',
    '        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}],',
    '    )',
    '',
  ].join('\n'),
  'worker.py': [
    'import anthropic',
    '',
    'client = anthropic.Anthropic()',
    '',
    '',
    'def summarise(text):',
    '    system = open("prompts/system.md").read()',
    '    return client.messages.create(model="claude-haiku-4-5", max_tokens=200, system=system, messages=[{"role": "user", "content": text}])',
    '',
  ].join('\n'),
  'prompts/system.md': 'You are the support assistant of Acme.\nAnswer in two sentences and cite the manual section.\n',
};

async function audited() {
  const session = createAuditSession({
    configText: 'callsPerMonth: 10000\n',
    pricedOn: '2026-12-03',
    readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repositoryRoot, 'dist/wasm', name))),
  });
  const context = { ...session.context, symbols: buildIndex(FILES) };
  const audit = await auditDocuments(Object.entries(FILES).map(([file, text]) => ({ file, text })), context);
  return { context, audit, report: buildReport(audit, context.catalog, context.config, session.problems) };
}

test('a prompt file two calls read is priced with the first call\'s model and cap, lists both senders, and stays out of sites and totals', async () => {
  const { report } = await audited();
  assert.deepEqual(report.sites.map((site) => [site.file, site.line, site.pricedModel, site.tokens.static, site.promptSources]), [
    ['app.py', 10, 'gpt-4.1-mini', 19, [{ file: 'prompts/system.md', line: 1 }]],
    ['worker.py', 8, 'claude-haiku-4-5', 24, [{ file: 'prompts/system.md', line: 1 }]],
  ]);
  assert.equal(report.summary.expectedMonthlyUsd, report.sites.reduce((sum, site) => sum + (site.costPerMonthUsd ?? 0), 0));
  assert.deepEqual(report.sentPromptFiles.map((site) => ({
    at: `${site.file}:${site.line}`, kind: site.kind, model: site.model, pricedModel: site.pricedModel, modelSource: site.modelSource, modelFrom: site.modelFrom,
    cap: site.maxOutputTokens, capParameter: site.capParameter, sentBy: site.sentBy, tokens: site.tokens.static, exact: site.tokens.exact, tokenizer: site.tokens.tokenizer,
  })), [{
    at: 'prompts/system.md:1', kind: 'prompt-file', model: 'gpt-4.1-mini', pricedModel: 'gpt-4.1-mini', modelSource: 'sending-call', modelFrom: { file: 'app.py', line: 11 },
    cap: 300, capParameter: 'max_tokens', sentBy: [{ file: 'app.py', line: 10 }, { file: 'worker.py', line: 8 }], tokens: 19, exact: true, tokenizer: 'o200k_base',
  }]);
});

test('the editor\'s view of the open prompt file: its lens names the model and the senders, its hover line the model\'s source', async () => {
  const { context, audit } = await audited();
  const own = await auditDocument('prompts/system.md', FILES['prompts/system.md'], context);
  assert.deepEqual(own.sites.map((site) => [site.modelId, site.modelSource, site.site.maxOutputTokens]), [['gpt-4o-mini', 'workspace-default', null]]);
  const view = withSenders(own, audit.promptFileSenders?.get('prompts/system.md') ?? [], context);
  assert.deepEqual(view.sites.map((site) => costLensTitle(site)), ['19 tokens · $0.00011/call · $1.06/month · gpt-4.1-mini · sent by app.py:10 and 1 more call']);
  assert.deepEqual(view.sites.map((site) => modelWithSource(site)), ['gpt-4.1-mini (model of the call that sends it at app.py:11)']);
  // Findings are the file's own, unchanged.
  assert.equal(view.findings, own.findings);
});

test('a sender without a model gives the prompt file its provider\'s default, not another provider\'s', async () => {
  const files = { ...FILES, 'worker.py': FILES['worker.py'].replace('model="claude-haiku-4-5", ', ''), 'app.py': 'print("no call")\n' };
  const session = createAuditSession({ configText: '', pricedOn: '2026-12-03', readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repositoryRoot, 'dist/wasm', name))) });
  const context = { ...session.context, symbols: buildIndex(files) };
  const audit = await auditDocuments(Object.entries(files).map(([file, text]) => ({ file, text })), context);
  const report = buildReport(audit, context.catalog, context.config, session.problems);
  assert.deepEqual(report.sentPromptFiles.map((site) => [site.file, site.pricedModel, site.modelSource, site.pricedModelIsDefault, site.maxOutputTokens, site.sentBy]), [
    ['prompts/system.md', 'claude-sonnet-4-5', 'provider-default', true, 200, [{ file: 'worker.py', line: 8 }]],
  ]);
});
