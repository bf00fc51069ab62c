// The summary panel's data says where each model and prompt text came from (issue 18 item 5), built from the core's
// real audit of a multi-file Django app (resolve corpus 2) and a call that names no model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAuditSession } from '../../src/core/session';
import { auditDocuments } from '../../src/core/workspaceAudit';
import { buildReport } from '../../src/core/report/model';
import { buildPanelData, revealableFiles } from '../../src/editor/panelData';
import { buildIndex } from '../core/scanning/callSummaries';

const repositoryRoot = path.resolve(__dirname, '../../..');
const djangoRoot = path.join(repositoryRoot, 'test/fixtures/resolve-corpus2/django-helpdesk');

function filesUnder(root: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, filesUnder(root, relative));
    else files[relative] = fs.readFileSync(path.join(root, relative), 'utf8');
  }
  return files;
}

const NO_MODEL_CALL = [
  'import anthropic',
  '',
  'client = anthropic.Anthropic()',
  '',
  'def haiku(topic):',
  '    return client.messages.create(',
  '        max_tokens=64,',
  '        messages=[{"role": "user", "content": "Write a haiku about " + topic}],',
  '    )',
  '',
].join('\n');

async function panelData() {
  const files = { ...filesUnder(djangoRoot), 'bots/haiku.py': NO_MODEL_CALL };
  const session = createAuditSession({
    configText: '',
    pricedOn: '2026-12-03',
    readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(repositoryRoot, 'dist/wasm', name))),
  });
  const context = { ...session.context, symbols: buildIndex(files) };
  const documents = Object.entries(files).filter(([file]) => file.endsWith('.py')).map(([file, text]) => ({ file, text }));
  const audit = await auditDocuments(documents, context);
  return buildPanelData(audit, buildReport(audit, context.catalog, context.config, session.problems), context.config, context.catalog);
}

test('each site of the panel says where its priced model and its prompt text came from, with the lines to reveal', async () => {
  const data = await panelData();
  assert.deepEqual(
    data.sites.map((site) => ({ at: `${site.file}:${site.line}`, model: site.model, modelSource: site.modelSource, label: site.modelSourceLabel, modelFrom: site.modelFrom, promptSources: site.promptSources })),
    [
      { at: 'bots/haiku.py:6', model: 'claude-sonnet-4-5', modelSource: 'provider-default', label: 'provider default', modelFrom: null, promptSources: [] },
      {
        at: 'tickets/services.py:11', model: 'gpt-4.1-mini', modelSource: 'env-default', label: 'environment variable default',
        modelFrom: { file: 'helpdesk/settings.py', line: 16 }, promptSources: [{ file: 'tickets/prompts.py', line: 2 }],
      },
      {
        at: 'tickets/services.py:23', model: 'gpt-4.1-nano', modelSource: 'imported-constant', label: 'constant',
        modelFrom: { file: 'helpdesk/settings.py', line: 17 }, promptSources: [{ file: 'tickets/prompts.py', line: 7 }],
      },
      {
        at: 'tickets/services.py:34', model: 'gpt-4.1-mini', modelSource: 'env-default', label: 'environment variable default',
        modelFrom: { file: 'helpdesk/settings.py', line: 16 }, promptSources: [{ file: 'tickets/prompts.py', line: 12 }],
      },
    ],
  );
  // What a 'reveal' message may open: the sites and their source lines' files, nothing else of the workspace.
  assert.deepEqual([...revealableFiles(data)].sort(), ['bots/haiku.py', 'helpdesk/settings.py', 'tickets/prompts.py', 'tickets/services.py']);
});
