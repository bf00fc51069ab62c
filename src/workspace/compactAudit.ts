// Copies of audits that hold only their own strings and share what earlier audits already hold, for a many-file run
// that keeps every audit until the report (issue 16, 100 MB): a string in an audit is often a slice of the file's text
// (V8 then keeps the whole text alive), and a structured clone gives every audit its own copy of each catalog entry and
// of every short word ('static', 'system', 'openai').
import { LineIndex } from '../core/lineIndex';
import { ownCopy } from '../core/ownCopy';

/** Strings up to this long are interned (one copy per run); longer ones are copied flat. */
const INTERNED_CHARS = 64;

export class AuditCompactor {
  private readonly interned = new Map<string, string>();
  /** Objects met before (a catalog entry every site of its model points to) → their copy. */
  private readonly copies = new WeakMap<object, unknown>();
  /** Objects and strings copied, for tests. */
  copied = 0;

  compact<T>(value: T): T {
    return this.copy(value) as T;
  }

  private copy(value: unknown): unknown {
    if (typeof value === 'string') return this.string(value);
    if (typeof value !== 'object' || value === null) return value;
    const known = this.copies.get(value);
    if (known !== undefined) return known;
    this.copied++;
    if (Array.isArray(value)) {
      const array: unknown[] = new Array(value.length);
      this.copies.set(value, array);
      for (let i = 0; i < value.length; i++) array[i] = this.copy(value[i]);
      return array;
    }
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (value instanceof Map) {
      const map = new Map();
      this.copies.set(value, map);
      for (const [key, entry] of value) map.set(this.copy(key), this.copy(entry));
      return map;
    }
    if (value instanceof Set) {
      const set = new Set();
      this.copies.set(value, set);
      for (const entry of value) set.add(this.copy(entry));
      return set;
    }
    // Plain data and the line index (its fields are plain); anything else is kept as it is.
    if (prototype !== Object.prototype && prototype !== null && prototype !== LineIndex.prototype) return value;
    const object = Object.create(prototype) as Record<string, unknown>;
    this.copies.set(value, object);
    for (const key of Object.keys(value)) object[this.string(key)] = this.copy((value as Record<string, unknown>)[key]);
    return object;
  }

  private string(text: string): string {
    if (text.length > INTERNED_CHARS) return ownCopy(text);
    let interned = this.interned.get(text);
    if (interned === undefined) {
      interned = ownCopy(text);
      this.interned.set(interned, interned);
    }
    return interned;
  }
}
