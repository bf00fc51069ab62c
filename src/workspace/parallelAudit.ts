// The CLI's audit of many files: unchanged files come from the result cache, the others are audited on worker
// threads (or on the main thread), and the cross-file rules run once over all of them. No text is kept: each audit is
// detached from its text as it is made (crossFileInputs.ts), and the few files the cross-file steps need are read
// again at the end, checked against the hash of what was audited. Node only.
import { Worker } from 'worker_threads';
import { auditDocument, type AuditContext, type DocumentAudit } from '../core/audit';
import { auditForTransfer, driveAuditWorker, serveAuditWorker, nodeWorkerPort, type FileAudit, type FromWorker, type PendingDocument, type ToWorker } from '../core/auditWorkers';
import type { ScanProblem } from '../core/types';
import * as crypto from 'crypto';
import { crossFileResult, finishWorkspaceAudit, type WorkspaceAudit } from '../core/workspaceAudit';
import { attachTexts, detachTexts, documentsNeedingText } from '../core/crossFileInputs';
import { AuditCompactor } from './compactAudit';
import { collectGarbage } from './collectGarbage';
import { readDocuments, type DiscoveredFile, type FileStamp } from './nodeFiles';
import { contentHash, type ResultCache } from './resultCache';
import type { WorkspaceSymbols } from '../core/scanning/code/symbolIndex';

/** Files sent to a worker at a time: small enough to balance the load, large enough that messages stay cheap. */
const BATCH_FILES = 32;
/**
 * Each worker's young generation (MB). Left to V8, a worker's heap reached 60-100 MB with 26 MB live in the 10,000-file
 * run; at 6 MB it stays at 33-40 MB and the run's peak RSS is ~35 MB lower, at the same CPU time (issue 16). Only the
 * young generation is capped: a large file cannot make a worker run out of memory because of it.
 */
const WORKER_YOUNG_GENERATION_MB = 6;

/** Marks a worker started by `auditFiles`, and carries what it needs to build the same audit context. */
export interface AuditWorkerData<Spec> {
  promptCostAuditWorker: true;
  sessionSpec: Spec;
  /** The workspace symbol index the main thread built (plain data, copied to each worker once). */
  symbols?: WorkspaceSymbols;
}

export interface AuditFilesOptions<Spec> {
  /** Worker threads; 0 or 1 audits on the main thread. */
  workers: number;
  /** The script the workers run (the CLI bundle); it must call `runAuditWorker` when started as a worker. */
  workerScript?: string;
  /** Plain data from which each worker builds the same audit context as the main thread. */
  sessionSpec?: Spec;
  /** Fewest changed files worth starting workers for (each loads its own encoder and grammars). */
  minFilesForWorkers: number;
  cache?: ResultCache;
  /** After each file; returning true stops the audit (what was audited so far is reported). */
  onProgress?(done: number, total: number): boolean | void;
  /** Told which files were read again at the end for the cross-file steps (tests, diagnostics). */
  onReread?(files: string[]): void;
}

/**
 * Reads and audits `files`. Problems of unreadable files are appended to `problems` in file order, exactly as the
 * single-threaded `auditDocuments` does, so the report is the same whichever way the files were audited.
 */
export async function auditFiles<Spec>(files: DiscoveredFile[], context: AuditContext, problems: ScanProblem[], options: AuditFilesOptions<Spec>): Promise<WorkspaceAudit> {
  const done: FileAudit[] = [];
  // By audit index: the file it came from and the hash of the text audited (the end checks a file read again by it).
  const sources: DiscoveredFile[] = [];
  const hashes: string[] = [];
  const stamps: Array<FileStamp | undefined> = [];
  let finished = 0;
  let stopped = false;
  const progress = (): void => {
    finished++;
    if (options.onProgress?.(finished, files.length) === true) stopped = true;
  };
  // Reads lazily: cache hits are answered here, only changed files come out (as the auditors ask for them).
  function* pending(): Generator<PendingDocument> {
    let index = 0;
    for (const file of files) {
      if (stopped) return;
      // Unchanged by its stamp: answered without reading the file.
      const unread = options.cache?.unchanged(file.file, file.stamp, (dependency) => context.symbols?.hashes.get(dependency) ?? null);
      if (unread) {
        sources[index] = file;
        hashes[index] = unread.hash;
        done.push({ index: index++, audit: unread.audit });
        progress();
        continue;
      }
      const read = [...readDocuments([file], problems)];
      // Skipped (binary, oversized, unreadable): reported as a problem, and done as far as progress goes.
      if (read.length === 0) progress();
      for (const document of read) {
        const current = index++;
        sources[current] = file;
        const hash = contentHash(document.file, document.text);
        hashes[current] = hash;
        if (options.cache) {
          // A file whose values came from other files is stale when one of them changed (or appeared).
          const hit = options.cache.get(document.file, hash, (dependency) => context.symbols?.hashes.get(dependency) ?? null, file.stamp);
          if (hit) {
            done.push({ index: current, audit: hit.audit });
            progress();
            continue;
          }
        }
        stamps[current] = file.stamp;
        yield { index: current, file: document.file, text: document.text };
      }
    }
  }
  const source = pending();
  // Workers start only when enough files changed: a warm run with a few edits stays on the main thread.
  const buffered: PendingDocument[] = [];
  let exhausted = false;
  const parallel = options.workers > 1 && options.workerScript !== undefined;
  while (parallel && buffered.length < Math.max(1, options.minFilesForWorkers)) {
    const next = source.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    buffered.push(next.value);
  }
  const documents = (function* (): Generator<PendingDocument> {
    yield* buffered.splice(0);
    yield* source;
  })();
  // Audits stay until the report: each is copied to hold only its own strings, sharing what earlier ones hold.
  const compactor = new AuditCompactor();
  const record = (made: FileAudit): void => {
    const result = { index: made.index, audit: compactor.compact(made.audit) };
    done.push(result);
    if (options.cache) options.cache.set(result.audit.file, hashes[result.index], result.audit, (result.audit.dependencies ?? []).map((dependency) => [dependency, context.symbols?.hashes.get(dependency) ?? null]), stamps[result.index]);
    progress();
  };
  if (parallel && !exhausted) {
    await auditInWorkers(documents, options.workers, options.workerScript!, { promptCostAuditWorker: true, sessionSpec: options.sessionSpec, ...(context.symbols ? { symbols: context.symbols } : {}) }, record, () => stopped);
  } else {
    for (const document of documents) record(await auditForTransfer(document, context));
  }

  done.sort((a, b) => a.index - b.index);
  const audits = done.map((result) => result.audit);
  // A run whose files all have the hashes they had in the run that cached the cross-file result reuses it unread.
  const key = options.cache ? crossFileKey(done, hashes, context) : undefined;
  const reused = key === undefined ? undefined : options.cache?.crossFile(key);
  if (reused) {
    options.onReread?.([]);
    return finishWorkspaceAudit(audits, new Map(), context, new Set(), reused);
  }
  // The audit phase's garbage goes before the texts come back and the cross-file rule runs (the end's peak).
  collectGarbage(done.length);
  const texts = await giveTextsBack(done, sources, hashes, context, problems, options.onReread);
  const workspace = finishWorkspaceAudit(audits.filter((audit) => texts.kept.has(audit.file)).map((audit) => texts.attached.get(audit.file) ?? audit), texts.texts, context, texts.needed);
  if (key !== undefined && !texts.changed) options.cache?.setCrossFile(key, crossFileResult(workspace));
  // The texts read again go before the report is built and written (the run's peak): the report reads no prompt text.
  const paragraphKeys = new Map(audits.flatMap((audit) => (audit.detached && !texts.reaudited.has(audit.file) ? [[audit.file, audit.detached.paragraphKeys] as const] : [])));
  workspace.documents = workspace.documents.map((document) => {
    const text = texts.texts.get(document.file);
    return text === undefined ? document : detachAgain(document, text, paragraphKeys.get(document.file));
  });
  // Those texts and the cross-file rule's work are garbage now: collected before the cache is saved and the report built.
  collectGarbage(done.length);
  return workspace;
}

/** `document` detached from `text` again after the cross-file steps, with the prompt-file sites calls send. */
function detachAgain(document: DocumentAudit, text: string, paragraphKeys: number[] | undefined): DocumentAudit {
  const detached = detachTexts(document, text, paragraphKeys);
  if (!document.sentPromptFiles) return detached;
  return { ...detached, sentPromptFiles: detachTexts({ ...document, sites: document.sentPromptFiles }, text, []).sites };
}

/** Every audited file with the hash of its text, and every file the symbol index read with its hash, in one hash. */
function crossFileKey(done: readonly FileAudit[], hashes: readonly string[], context: AuditContext): string {
  const hash = crypto.createHash('sha256');
  for (const { index, audit } of done) hash.update(`${audit.file}\u0000${hashes[index]}\n`);
  hash.update('\u0001');
  for (const [file, fileHash] of [...(context.symbols?.hashes ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${file}\u0000${fileHash}\n`);
  return hash.digest('base64');
}

/**
 * Reads again the files whose text the cross-file steps need (documentsNeedingText), each checked against the hash of
 * the text that was audited, and gives their audits their texts back. A file changed since is audited again as it is
 * now; one that can no longer be read is reported and left out, as it would have been had it been so at the start.
 */
async function giveTextsBack(
  done: readonly FileAudit[],
  sources: readonly DiscoveredFile[],
  hashes: readonly string[],
  context: AuditContext,
  problems: ScanProblem[],
  onReread?: (files: string[]) => void,
): Promise<{ texts: Map<string, string>; attached: Map<string, DocumentAudit>; kept: Set<string>; needed: Set<string>; changed: boolean; reaudited: Set<string> }> {
  const needed = documentsNeedingText(done.map((result) => result.audit));
  const texts = new Map<string, string>();
  const attached = new Map<string, DocumentAudit>();
  const kept = new Set(done.map((result) => result.audit.file));
  const reread: string[] = [];
  const reaudited = new Set<string>();
  let changed = false;
  for (const { index, audit } of done) {
    if (!audit.detached || !needed.has(audit.file)) continue;
    reread.push(audit.file);
    const [document] = readDocuments([sources[index]], problems);
    if (!document) {
      kept.delete(audit.file);
      changed = true;
      continue;
    }
    texts.set(audit.file, document.text);
    const same = contentHash(document.file, document.text) === hashes[index];
    if (!same) {
      changed = true;
      reaudited.add(audit.file);
    }
    attached.set(audit.file, same ? attachTexts(audit, document.text) : await auditDocument(document.file, document.text, context));
  }
  onReread?.(reread);
  return { texts, attached, kept, needed, changed, reaudited };
}

function auditInWorkers<Spec>(
  source: Iterator<PendingDocument>,
  workers: number,
  workerScript: string,
  workerData: AuditWorkerData<Spec | undefined>,
  record: (result: FileAudit) => void,
  isStopped: () => boolean,
): Promise<unknown> {
  const nextBatch = (): PendingDocument[] => {
    const batch: PendingDocument[] = [];
    while (batch.length < BATCH_FILES && !isStopped()) {
      const next = source.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };
  const runWorker = (): Promise<void> => driveAuditWorker(nodeWorkerPort(new Worker(workerScript, { workerData, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } })), nextBatch, record);
  return Promise.all(Array.from({ length: workers }, runWorker));
}

/** The worker's side: audits each batch it is sent with a context built once, ends on `stop`. */
export function runAuditWorker(port: { on(event: 'message', listener: (message: ToWorker) => void): void; postMessage(message: FromWorker): void; close(): void }, context: AuditContext): void {
  serveAuditWorker({ onMessage: (listener) => port.on('message', listener), postMessage: (message) => port.postMessage(message), close: () => port.close() }, context);
}
