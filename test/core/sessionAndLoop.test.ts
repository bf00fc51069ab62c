// The editor builds its session from one parse of `.promptcost.yaml` and runs the workspace through the core's loop
// with its own cached per-document auditor: these pin both seams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditSession, loadSessionConfig } from '../../src/core/session';
import { auditDocument, type DocumentAudit } from '../../src/core/audit';
import { auditDocuments } from '../../src/core/workspaceAudit';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Bundled to out/test/core: the repository root is three levels up (robustness/support's helper assumes four).
const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(await fs.promises.readFile(path.resolve(__dirname, '../../../dist/wasm', name)));

const CONFIG = 'callsPerMonth: 250\ncompareModels: [gpt-4o, gpt-4o-mni]\nlitellm: prices/litellm.json\n';

test('loadSessionConfig parses the config once; createAuditSession builds from that parse without parsing again', () => {
  const inputs = { configText: CONFIG, readBundledFile };
  const loaded = loadSessionConfig(inputs);
  assert.equal(loaded.config.callsPerMonth, 250);
  assert.deepEqual(loaded.config.litellmFiles, ['prices/litellm.json']);
  assert.deepEqual(loaded.problems, []);
  // A session given the parse uses it as given: a changed parse shows up, so the text is not read again.
  const session = createAuditSession(inputs, { ...loaded, config: { ...loaded.config, callsPerMonth: 7 } });
  assert.equal(session.context.config.callsPerMonth, 7);
  // The misspelt model is found from the parse's model mentions, once.
  assert.deepEqual(session.problems.map((problem) => problem.message), ['unknown model "gpt-4o-mni" in compareModels (did you mean "gpt-4o-mini"?); its sites are unpriced']);
  assert.equal(createAuditSession(inputs).context.config.callsPerMonth, 250);
});

test('auditDocuments runs every document through auditOne when given, in order, and finishes the workspace rules', async () => {
  const context = createAuditSession({ readBundledFile }).context;
  const documents = [
    { file: 'prompts/a.txt', text: 'You are a helpful assistant. Answer briefly.\n' },
    { file: 'prompts/b.txt', text: 'Summarise the ticket in one sentence.\n' },
  ];
  const asked: string[] = [];
  const audit = await auditDocuments(documents, context, {
    auditOne: (file, text): Promise<DocumentAudit> => {
      asked.push(file);
      return auditDocument(file, text, context);
    },
  });
  assert.deepEqual(asked, ['prompts/a.txt', 'prompts/b.txt']);
  assert.deepEqual(audit.documents.map((document) => [document.file, document.sites.length]), [['prompts/a.txt', 1], ['prompts/b.txt', 1]]);
  assert.deepEqual(audit.problems, []);
});

test('auditDocuments stops after the document whose onDocument returns true (the editor cancels with it)', async () => {
  const context = createAuditSession({ readBundledFile }).context;
  const documents = ['a', 'b', 'c'].map((name) => ({ file: `prompts/${name}.txt`, text: `Prompt ${name}: reply in one word.\n` }));
  const audit = await auditDocuments(documents, context, { onDocument: (_file, index) => index === 1 });
  assert.deepEqual(audit.documents.map((document) => document.file), ['prompts/a.txt', 'prompts/b.txt']);
});

