// `node out/bench/profileAudit.js prompts|mixed|issue-mixed [size] [--reference] [--repeat=N] [--profile=FILE] [--dump=FILE]`: one whole
// audit of a bench workspace. --dump=FILE writes the audit as JSON (Maps as entry lists) and every run prints its sha256,
// so two builds can be checked for identical results on the bench corpora. Times are wall and CPU (user+sys, which a
// loaded machine disturbs less). --profile=FILE writes a CPU profile of the audits alone (not of loading, warming or generating the
// workspace) for Chrome DevTools or `node --cpu-prof`-style tools. With --reference it also times tiktoken (WASM) counting the same text in the same process and
// prints the speed ratio the bench reports; --repeat audits N times (fresh documents each time, same content).
// --only=REGEXP keeps only the files whose path matches (to see one kind of file's cost). `mixed` is copies of the sample
// workspace (every file holds a site), `issue-mixed` the bench's target workspace with 60% unrelated code.
// Not part of `npm run bench`; it exists so a profile shows where a bench figure's time goes.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditDocuments } from '../src/core/workspaceAudit';
import { createAuditSession } from '../src/core/session';
import { generatedWorkspace, issueMixedWorkspace, promptFileWorkspace, unrelatedCode } from './audit';

const wasm = path.resolve(__dirname, '../../dist/wasm');

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const withReference = process.argv.includes('--reference');
  const repeat = Number(/^--repeat=(\d+)$/.exec(process.argv.find((arg) => arg.startsWith('--repeat=')) ?? '')?.[1] ?? 1);
  const [kind = 'prompts', size = ''] = positional;
  const context = createAuditSession({ readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(wasm, name))) }).context;
  // Every language of the bench workspaces loaded before timing, as the bench does (throughput, not loading).
  await auditDocuments([...generatedWorkspace(10), ...unrelatedCode()].map((document) => ({ file: `warm/${document.file}`, text: `${document.text}\n` })), context);
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const keep = only === undefined ? () => true : (document: { file: string }) => new RegExp(only).test(document.file);
  const make = () => (kind === 'mixed' ? generatedWorkspace(Number(size || 2000)) : kind === 'issue-mixed' ? issueMixedWorkspace(Number(size || 300)) : promptFileWorkspace(Number(size || 10 * 1024 * 1024))).filter(keep);
  const profileFile = process.argv.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length);
  const dumpFile = process.argv.find((arg) => arg.startsWith('--dump='))?.slice('--dump='.length);
  const profiler = profileFile ? new inspector.Session() : undefined;
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => profiler!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  if (profiler) {
    profiler.connect();
    await post('Profiler.enable');
    // --interval=µs: finer sampling than the default 1 ms, for a 100 ms audit.
    const interval = Number(process.argv.find((arg) => arg.startsWith('--interval='))?.slice('--interval='.length) ?? 0);
    if (interval > 0) await post('Profiler.setSamplingInterval', { interval });
  }
  for (let run = 0; run < repeat; run++) {
    // A fresh session per run: the token-count cache must not make a second run free.
    const runContext = run === 0 ? context : createAuditSession({ readBundledFile: async (name) => new Uint8Array(fs.readFileSync(path.join(wasm, name))) }).context;
    const documents = make();
    // Flatten the generated (concatenated) strings first, as files read from disk are: the audit should not pay for it.
    for (const document of documents) document.text = JSON.parse(JSON.stringify(document.text)) as string;
    let referenceMs = NaN;
    let referenceCpuMs = NaN;
    if (withReference) {
      const { get_encoding } = require('tiktoken') as { get_encoding(name: string): { encode_ordinary(text: string): Uint32Array; free(): void } };
      const encoding = get_encoding('o200k_base');
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      let tokens = 0;
      for (const document of documents) tokens += encoding.encode_ordinary(document.text).length;
      referenceMs = performance.now() - start;
      referenceCpuMs = cpuMs(process.cpuUsage(cpuStart));
      encoding.free();
      if (tokens < 0) throw new Error('unreachable');
    }
    if (profiler) await post('Profiler.start');
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const audit = await auditDocuments(documents, runContext);
    const ms = performance.now() - start;
    const auditCpuMs = cpuMs(process.cpuUsage(cpuStart));
    if (profiler) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(repeat > 1 ? `${profileFile}.${run}` : profileFile!, JSON.stringify(profile));
    }
    const json = JSON.stringify(audit, (_key, value: unknown) => (value instanceof Map ? [...value] : value instanceof Set ? [...value] : value));
    if (dumpFile) fs.writeFileSync(repeat > 1 ? `${dumpFile}.${run}` : dumpFile, json);
    const digest = createHash('sha256').update(json).digest('hex').slice(0, 16);
    const sites = audit.documents.reduce((n, d) => n + d.sites.length, 0);
    const ratio = withReference
      ? `, tiktoken count ${referenceMs.toFixed(0)} ms (CPU ${referenceCpuMs.toFixed(0)} ms), speed ${(referenceMs / ms).toFixed(2)}x (CPU time ${(referenceCpuMs / auditCpuMs).toFixed(2)}x)`
      : '';
    console.log(`${kind}: ${documents.length} files, ${sites} sites, ${audit.workspaceFindings.length} workspace findings, ${ms.toFixed(0)} ms (CPU ${auditCpuMs.toFixed(0)} ms)${ratio}, result sha256 ${digest} (load ${os.loadavg().map((v) => v.toFixed(2)).join(' ')})`);
  }
}

/** User + system CPU time of this process (both threads of the garbage collector included), in ms. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

void main();
