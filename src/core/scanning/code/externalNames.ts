// What the evaluator asks about names a file does not bind itself (implemented by the workspace symbol index's resolver).
import type { Span } from '../../types';
import type { CodeValue, ObjectEntry } from './values';

export interface ExternalNames {
  /** A name with no binding in the file (an import, a same-package constant): its value at the use, or null. */
  name(name: string, span: Span, text: string): CodeValue | null;
  /** `object.key` where `object` (a dotted name) has no binding in the file. */
  member(objectPath: string, key: string, span: Span, text: string): CodeValue | null;
  /** A call of a function (or class) the workspace defines: its returned value for these arguments, or null. */
  call(path: readonly string[], positional: readonly CodeValue[], named: readonly ObjectEntry[], span: Span, text: string, ownClass?: string): CodeValue | null;
  /** The text of a prompt file the code reads with a literal path, when it is inside the workspace. */
  promptFile(literal: string): { file: string; text: string } | null;
}
