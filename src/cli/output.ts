// Every file the CLI writes goes through writeOutput: one place that never follows a symlink (safeFs).
import { FileAccessError, writeRegularFile } from '../workspace/safeFs';

/** A failure that is not about the arguments' syntax: reported in one line, exit code 2. */
export class OutputError extends Error {}

/** Writes a report, creating missing parent folders (CI steps often name `reports/…` before it exists). */
export function writeOutput(file: string, content: string | Iterable<string>, cwd: string, flag = '--output'): void {
  try {
    writeRegularFile(file, content, cwd);
  } catch (error) {
    const reason = error instanceof FileAccessError ? error.reason : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    throw new OutputError(`cannot write ${flag} ${file}: ${reason}`);
  }
}
