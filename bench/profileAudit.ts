// `node out/bench/profileAudit.js prompts|mixed [files]`: one whole audit of a bench workspace, for `node --cpu-prof`.
// Not part of `npm run bench`; it exists so a profile shows where a bench figure's time goes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDocuments } from '../src/core/workspaceAudit';
import { createAuditSession } from '../src/core/session';
import { generatedWorkspace, promptFileWorkspace } from './audit';

const wasm = path.resolve(__dirname, '../../dist/wasm');

async function main(): Promise<void> {
  const [kind = 'prompts', size = ''] = process.argv.slice(2);
  const context = createAuditSession({ readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(wasm, name))) }).context;
  await auditDocuments([{ file: 'warm.py', text: 'client.chat.completions.create(model="gpt-4o", messages=[])' }, { file: 'prompts/warm.txt', text: 'warm' }], context);
  const documents = kind === 'mixed' ? generatedWorkspace(Number(size || 2000)) : promptFileWorkspace(Number(size || 10 * 1024 * 1024));
  const start = performance.now();
  const audit = await auditDocuments(documents, context);
  const ms = performance.now() - start;
  const sites = audit.documents.reduce((n, d) => n + d.sites.length, 0);
  console.log(`${kind}: ${documents.length} files, ${sites} sites, ${audit.workspaceFindings.length} workspace findings, ${ms.toFixed(0)} ms`);
}

void main();
