// Restricted Mode (an untrusted workspace): the repository's .promptcost.yaml may not import price files; paths out
// of the folder are refused whatever the trust. package.json declares this as untrustedWorkspaces "limited".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../../src/core/config';
import { createAuditSession } from '../../../src/core/session';
import { readBundledFile } from '../robustness/support';

const CONFIG = 'callsPerMonth: 900\nlitellm: [prices/litellm.json, ../outside.json]\n';
const LITELLM_LINE_START = CONFIG.indexOf('[');

test('trusted (the default): the config names a price file inside the folder; the one outside is refused', () => {
  const loaded = parseConfig(CONFIG);
  assert.deepEqual(loaded.config.litellmFiles, ['prices/litellm.json']);
  assert.deepEqual(loaded.problems.map((problem) => [problem.severity, problem.message, problem.span?.start]), [
    ['error', 'litellm: 1 path(s) leave the workspace (absolute or through ..); a config may only name files inside it', LITELLM_LINE_START],
  ]);
});

test('untrusted: no price file is imported, the entry is reported where it is written, the rest of the config applies', () => {
  const loaded = parseConfig(CONFIG, '.promptcost.yaml', undefined, { trusted: false });
  assert.deepEqual(loaded.config.litellmFiles, []);
  assert.equal(loaded.config.callsPerMonth, 900);
  assert.deepEqual(loaded.problems.map((problem) => [problem.severity, problem.message, problem.span?.start]), [
    ['error', 'litellm: 1 path(s) leave the workspace (absolute or through ..); a config may only name files inside it', LITELLM_LINE_START],
    ['warning', 'litellm: not read in Restricted Mode (the workspace is not trusted): trust the folder to import this price file', LITELLM_LINE_START],
  ]);
});

test('an untrusted session never asks the host to read a configured price file', () => {
  const asked: string[] = [];
  const readConfiguredLiteLLM = (file: string) => {
    asked.push(file);
    return { file, text: '{}', asOf: '2026-12-01' };
  };
  const untrusted = createAuditSession({ configText: 'litellm: prices/litellm.json\n', trusted: false, readConfiguredLiteLLM, readBundledFile });
  assert.deepEqual(asked, []);
  assert.deepEqual(untrusted.problems.map((problem) => problem.message), ['litellm: not read in Restricted Mode (the workspace is not trusted): trust the folder to import this price file']);
  createAuditSession({ configText: 'litellm: prices/litellm.json\n', readConfiguredLiteLLM, readBundledFile });
  assert.deepEqual(asked, ['prices/litellm.json']);
});

test('package.json declares limited untrusted support (naming what is limited) and virtual workspace support', () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.match(manifest.capabilities.untrustedWorkspaces.description, /Restricted Mode the workspace's \.promptcost\.yaml may not import LiteLLM price files/);
  assert.match(manifest.capabilities.untrustedWorkspaces.description, /never name files outside the workspace folder/);
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, true);
});
