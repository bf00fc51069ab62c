// Routes a document to the scanner for its kind: a prompt file format, or source code.
import type { ReadBundledFile } from '../host';
import type { ScanResult } from '../types';
import { classifyPromptFile, scanPromptFile, DEFAULT_PROMPT_FILE_OPTIONS } from './promptFiles';
import { codeLanguageForPath, scanCode } from './code';
import { mapSpans, notebookCode } from './notebook';
import type { PromptFileOptions } from './promptFileKinds';
import type { ResolutionRecord, WorkspaceSymbols } from './code/symbolIndex';
import { BINARY_SAMPLE_CHARS, binaryReason } from './controlCharacters';

export interface ScanContext {
  readBundledFile: ReadBundledFile;
  /** Globs of plain `.txt`/`.md` prompt folders. */
  promptGlobs?: string[];
  /** The workspace symbol index: code resolves imported names, `.env` defaults and prompt files through it (issue 18). */
  symbols?: WorkspaceSymbols;
  /** Scan the text as code of this language whatever its name says (a notebook's cells joined in an editor). */
  codeLanguage?: NonNullable<ReturnType<typeof codeLanguageForPath>>;
  /** With `symbols`: filled with the index lookups per root (see ResolutionRecord). */
  resolution?: ResolutionRecord;
}

/**
 * Prompt-file options per `promptGlobs` array: one object per config snapshot, so the compiled glob matchers kept per
 * options object (promptFileKinds.ts) are found again instead of rebuilt for every file (16 us a file before).
 */
const optionsByGlobs = new WeakMap<string[], PromptFileOptions>();
function optionsWith(promptGlobs: string[]): PromptFileOptions {
  let options = optionsByGlobs.get(promptGlobs);
  if (!options) {
    options = { ...DEFAULT_PROMPT_FILE_OPTIONS, promptGlobs };
    optionsByGlobs.set(promptGlobs, options);
  }
  return options;
}

/** Files larger than this are reported and skipped: no prompt or source file worth pricing is this big. */
export const MAX_SCANNED_BYTES = 8 * 1024 * 1024;

export type DocumentKind =
  | { kind: 'prompt-file'; format: NonNullable<ReturnType<typeof classifyPromptFile>> }
  | { kind: 'code'; language: NonNullable<ReturnType<typeof codeLanguageForPath>> }
  | { kind: 'notebook' };

export function classifyDocument(file: string, promptGlobs?: string[]): DocumentKind | null {
  const options = promptGlobs ? optionsWith(promptGlobs) : DEFAULT_PROMPT_FILE_OPTIONS;
  const format = classifyPromptFile(file, options);
  if (format) return { kind: 'prompt-file', format };
  const language = codeLanguageForPath(file);
  if (language) return { kind: 'code', language };
  if (file.toLowerCase().endsWith('.ipynb')) return { kind: 'notebook' };
  return null;
}

export { BINARY_SAMPLE_CHARS };

/** Text that is mostly NUL or control bytes is binary, whatever its name says. */
export function looksBinary(text: string): boolean {
  return binaryReason(text) !== undefined;
}

export async function scanDocument(file: string, text: string, context: ScanContext): Promise<ScanResult> {
  const kind: DocumentKind | null = context.codeLanguage ? { kind: 'code', language: context.codeLanguage } : classifyDocument(file, context.promptGlobs);
  if (!kind) return { sites: [], problems: [] };
  if (text.length > MAX_SCANNED_BYTES) {
    return { sites: [], problems: [{ file, severity: 'warning', message: `skipped: ${(text.length / 1048576).toFixed(1)} MB is larger than the ${MAX_SCANNED_BYTES / 1048576} MB scan limit` }] };
  }
  if (looksBinary(text)) {
    return { sites: [], problems: [{ file, severity: 'warning', message: 'skipped: the file looks binary, not text' }] };
  }
  if (kind.kind === 'prompt-file') return scanPromptFile(file, text, kind.format);
  if (kind.kind === 'notebook') return scanNotebook(file, text, context);
  const result = await scanCode(file, text, kind.language, { readBundledFile: context.readBundledFile, ...(context.symbols ? { symbols: context.symbols, ...(context.resolution ? { resolution: context.resolution } : {}) } : {}) });
  if (!context.codeLanguage) return result;
  // The file's name says another format (a notebook's joined cells): the sites say which language their text is in.
  return { ...result, sites: result.sites.map((site) => ({ ...site, details: { ...site.details, scannedAs: context.codeLanguage } })) };
}

/**
 * A notebook's code cells scanned as one module of the kernel's language; spans map back into the notebook file and
 * each site records its cell and line (`details.notebookCell`, `details.notebookLine`).
 */
async function scanNotebook(file: string, text: string, context: ScanContext): Promise<ScanResult> {
  const code = notebookCode(text);
  if (!code) return { sites: [], problems: [{ file, severity: 'warning', message: 'skipped: not a readable Jupyter notebook (invalid JSON or no cells)' }] };
  const language = codeLanguageForPath(`cell.${code.language === 'python' ? 'py' : code.language}`);
  if (language !== 'python') return { sites: [], problems: [{ file, severity: 'information', message: `not scanned for LLM calls: notebook kernel language ${code.language} is not supported` }] };
  const result = await scanCode(file, code.text, language, { readBundledFile: context.readBundledFile });
  const sites = result.sites.map((site) => {
    const { cell, line } = code.cellLine(site.anchor.start);
    return { ...mapSpans(site, code.fileOffset), details: { ...site.details, notebookCell: cell, notebookLine: line } };
  });
  return { sites, problems: result.problems.map((problem) => mapSpans(problem, code.fileOffset)) };
}
