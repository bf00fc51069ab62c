// Same-file name resolution shared by every language adapter: which assignment or parameter a name at a
// given offset refers to, by lexical scope ranges. Deliberately simple (function-level scopes, last
// assignment before the use wins) because prompts and options are almost always bound that way.
import type { Node } from 'web-tree-sitter';

export interface ScopeRange {
  start: number;
  end: number;
  kind: 'function' | 'class' | 'module';
}

export type BindingKind =
  /** `x = value`, `const x = value` */
  | 'assign'
  /** A function parameter; `value` is its default, if any. */
  | 'parameter'
  /** `x += value` */
  | 'augment'
  /** `x.append(value)`, `x.push(value)` */
  | 'append'
  /** `x["key"] = value`, `x.key = value` */
  | 'keyset'
  /** `this.x = value`, `self.x = value`, a class field `x = value` */
  | 'member';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** Start of the binding construct; used for "before the use" ordering. */
  start: number;
  value: Node | null;
  /** For `keyset`: the key that is set. */
  key?: string;
  scope: ScopeRange;
}

export interface ResolvedBinding {
  primary: Binding;
  /** `+=`, appends and key sets after the primary binding and before the use, in order. */
  updates: Binding[];
}

export class BindingIndex {
  /** name → scope (`start:end`) → bindings, so a lookup only touches the bindings of the scopes around it. */
  private readonly byName = new Map<string, Map<string, Binding[]>>();
  /** Scopes sorted by start (outer before inner at the same start), with each one's enclosing scope. */
  private readonly scopes: ScopeRange[];
  private readonly parents: number[];

  constructor(
    scopes: ScopeRange[],
    private readonly moduleScope: ScopeRange,
    /** Pays for each binding a lookup examines; a lookup it refuses finds nothing (a name bound thousands of times stays bounded). */
    private readonly meter: { take(steps: number): boolean } = { take: () => true },
  ) {
    this.scopes = [...scopes].sort((a, b) => a.start - b.start || b.end - a.end);
    // Syntax-tree scopes nest properly, so a stack gives every scope its parent in one pass.
    this.parents = new Array<number>(this.scopes.length).fill(-1);
    const open: number[] = [];
    this.scopes.forEach((scope, index) => {
      while (open.length && this.scopes[open[open.length - 1]].end <= scope.start) open.pop();
      this.parents[index] = open.length ? open[open.length - 1] : -1;
      open.push(index);
    });
  }

  /** Index of the innermost scope containing [start, end), or -1 for the module: binary search, then up the parents. */
  private innermost(start: number, end: number): number {
    let low = 0;
    let high = this.scopes.length - 1;
    let candidate = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.scopes[mid].start <= start) {
        candidate = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    while (candidate >= 0 && !(this.scopes[candidate].start <= start && end <= this.scopes[candidate].end && start < this.scopes[candidate].end)) candidate = this.parents[candidate];
    return candidate;
  }

  /** The innermost scope of `kind` (or any kind) containing the range; the module when there is none. */
  scopeAt(start: number, end = start, kind?: ScopeRange['kind']): ScopeRange {
    for (let index = this.innermost(start, end); index >= 0; index = this.parents[index]) {
      if (!kind || this.scopes[index].kind === kind) return this.scopes[index];
    }
    return this.moduleScope;
  }

  /** Scopes containing `position`, innermost first, the module last. */
  private scopesAround(position: number): ScopeRange[] {
    const around: ScopeRange[] = [];
    for (let index = this.innermost(position, position); index >= 0; index = this.parents[index]) around.push(this.scopes[index]);
    around.push(this.moduleScope);
    return around;
  }

  add(binding: Omit<Binding, 'scope'> & { scope?: ScopeRange }): void {
    const scope = binding.scope ?? this.scopeAt(binding.start);
    const full: Binding = { ...binding, scope };
    let scopes = this.byName.get(binding.name);
    if (!scopes) this.byName.set(binding.name, (scopes = new Map()));
    const key = `${scope.start}:${scope.end}`;
    const list = scopes.get(key);
    if (list) list.push(full);
    else scopes.set(key, [full]);
  }

  /** The binding a plain name refers to at `position`, with the updates that happen before the use. */
  lookup(name: string, position: number): ResolvedBinding | null {
    const byScope = this.byName.get(name);
    if (!byScope) return null;
    for (const scope of this.scopesAround(position)) {
      const bound = byScope.get(`${scope.start}:${scope.end}`);
      if (!bound) continue;
      if (!this.meter.take(bound.length)) return null;
      const inScope = bound.filter((binding) => binding.kind !== 'member');
      const primaries = inScope.filter(
        (binding) => (binding.kind === 'assign' || binding.kind === 'parameter') && !(binding.value && binding.value.startIndex <= position && position < binding.value.endIndex),
      );
      if (!primaries.length) continue;
      const before = primaries.filter((binding) => binding.start < position);
      const primary = before.length ? before[before.length - 1] : primaries[0];
      const updates = inScope.filter(
        (binding) => (binding.kind === 'augment' || binding.kind === 'append' || binding.kind === 'keyset') && binding.start > primary.start && binding.start < position,
      );
      return { primary, updates };
    }
    return null;
  }

  /** `this.x` / `self.x`: the member bound in the class around `position` (first binding wins). */
  lookupMember(name: string, position: number): Binding | null {
    const classScope = this.scopeAt(position, position, 'class');
    if (classScope === this.moduleScope) return null;
    return this.byName.get(name)?.get(`${classScope.start}:${classScope.end}`)?.find((binding) => binding.kind === 'member') ?? null;
  }
}
