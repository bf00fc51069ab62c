// Shared plumbing for the Go, Java, C# and Ruby adapters: binding index, call enumeration, name resolution.
// Each language supplies its queries and how its nodes become values.
import type { Node } from 'web-tree-sitter';
import type { PromptSegment, Span } from '../../../types';
import { captureMap, searchProblems, type AdapterOutput, type AdapterProblem, type CallArguments, type CallShape, type PromptCandidate, type QueryRunner } from '../adapter';
import { BindingIndex, type ScopeRange } from '../bindings';
import { concatStrings, opaque, type CodeValue, type StringValue } from '../values';
import type { LanguageFamily } from '../../../languages';
import { calleeNamesFor } from '../sdks';
import { ResolutionBudget } from '../workLimits';
import { anchorOf, applyUpdates, foldPlusChain, isPromptName, memberValue, plusChainOperands, refusedValue, rootedResolvers, spanOf } from './common';

export interface LanguageQueries {
  /** Captures `@call` and `@callee`. */
  calls: readonly string[];
  /** Captures `@scope.function`, `@scope.class`, and `@assign`/`@parameter`/`@member`/`@import` with `@name`, `@value`, `@module`. */
  bindings: readonly string[];
  /** The family whose SDK table entries the calls are matched against. */
  family: LanguageFamily;
}


export abstract class BaseAdapter {
  protected readonly bindings: BindingIndex;
  protected readonly modules = new Set<string>();
  protected readonly problems: AdapterProblem[] = [];
  /** Capture maps of the bindings query, kept for the prompt search so the tree is walked once for both. */
  private readonly bindingGroups: Record<string, Node>[];

  constructor(
    protected readonly root: Node,
    protected readonly text: string,
    protected readonly queries: QueryRunner,
    private readonly languageQueries: LanguageQueries,
    protected readonly budget: ResolutionBudget = new ResolutionBudget(),
  ) {
    const search = queries.run(languageQueries.bindings, root);
    this.problems.push(...searchProblems(search));
    const { matches } = search;
    const groups = matches.map(captureMap);
    this.bindingGroups = groups;
    const scopes: ScopeRange[] = [];
    for (const parts of groups) {
      if (parts['scope.function']) scopes.push({ start: parts['scope.function'].startIndex, end: parts['scope.function'].endIndex, kind: 'function' });
      else if (parts['scope.class']) scopes.push({ start: parts['scope.class'].startIndex, end: parts['scope.class'].endIndex, kind: 'class' });
    }
    this.bindings = new BindingIndex(scopes, { start: 0, end: text.length + 1, kind: 'module' }, this.budget);
    for (const parts of groups) this.indexBinding(parts);
  }

  private indexBinding(parts: Record<string, Node>): void {
    if (parts.import) {
      if (parts.module) this.modules.add(parts.module.text.replace(/^["'`]|["'`]$/g, ''));
      return;
    }
    const kind = (['assign', 'member', 'parameter'] as const).find((candidate) => parts[candidate]);
    const name = parts.name ? this.bindingName(parts.name) : null;
    if (!kind || !name) return;
    const start = parts[kind].startIndex;
    const scope = kind === 'member' ? this.bindings.scopeAt(start, start, 'class') : kind === 'parameter' ? this.bindings.scopeAt(start, start, 'function') : undefined;
    this.bindings.add({ name, kind, start, value: parts.value ?? null, ...(scope ? { scope } : {}) });
  }

  /** The name a binding is stored under (Ruby keeps the `@` of instance variables). */
  protected bindingName(node: Node): string {
    return node.text;
  }

  output(): AdapterOutput {
    const calls = this.calls();
    const promptCandidates = this.promptCandidates();
    return { calls, promptCandidates, problems: this.problems, importedModules: this.modules, budget: this.budget };
  }

  protected abstract calleeOf(call: Node): Node | null;
  protected abstract pathOf(callee: Node): string[];
  protected abstract receiverOf(callee: Node): Node | null;
  protected abstract argumentsOf(call: Node, depth: number, visiting: Set<number>): CallArguments;
  abstract value(node: Node, depth: number, visiting: Set<number>): CodeValue;

  /** The last name of a callee's path (`create` for `client.chat.completions.create`). */
  protected lastNameOf(callee: Node): string {
    const path = this.pathOf(callee);
    return path[path.length - 1] ?? '';
  }

  /** Where the call's anchor ends: the callee, or for chained builders the method name. */
  protected calleeEnd(callee: Node): number {
    return callee.endIndex;
  }

  protected calls(): CallShape[] {
    const search = this.queries.run(this.languageQueries.calls, this.root);
    this.problems.push(...searchProblems(search));
    const { matches } = search;
    const shapes: CallShape[] = [];
    const interesting = calleeNamesFor(this.languageQueries.family);
    for (const match of matches) {
      const { call } = captureMap(match);
      if (!call) continue;
      const callee = this.calleeOf(call);
      if (!callee) continue;
      // The last name alone decides, before the path (up to 64 nodes) is walked: a builder chain has a call per step.
      if (!interesting.has(this.lastNameOf(callee).toLowerCase())) continue;
      const path = this.pathOf(callee);
      shapes.push({
        span: spanOf(call),
        anchor: anchorOf(this.text, call.startIndex, this.calleeEnd(callee)),
        path,
        constructorCall: false,
        optionsInFirstArgument: true,
        rootModule: null,
        ...rootedResolvers(
          this.budget,
          call,
          () => this.argumentsOf(call, 0, new Set()),
          () => {
            const receiver = this.receiverOf(callee);
            return receiver ? this.value(receiver, 0, new Set()) : null;
          },
        ),
      });
    }
    return shapes;
  }

  /** Stand-alone prompts: strings bound to prompt-ish names. */
  protected promptCandidates(): PromptCandidate[] {
    const candidates: PromptCandidate[] = [];
    for (const parts of this.bindingGroups) {
      if (!(parts.assign || parts.member) || !parts.name || !parts.value) continue;
      const name = this.bindingName(parts.name).replace(/^@+/, '');
      if (!isPromptName(name)) continue;
      const { value, cuts } = this.budget.root(parts.value.startIndex, () => this.value(parts.value, 0, new Set()));
      if (value.kind !== 'string') continue;
      candidates.push({ span: value.span, value, context: 'named', name, role: null, ...(cuts.size ? { partial: { rootKey: parts.value.startIndex, cuts } } : {}) });
    }
    return candidates;
  }

  protected identifier(node: Node, depth: number, visiting: Set<number>, name = node.text): CodeValue {
    const span = spanOf(node);
    const resolved = this.bindings.lookup(name, node.startIndex);
    if (!resolved) return opaque(span, node.text);
    const { primary } = resolved;
    const key = primary.start * 4 + 1;
    if (visiting.has(key)) return opaque(span, node.text);
    visiting.add(key);
    try {
      if (!primary.value) return opaque(span, node.text, primary.kind === 'parameter' ? 'parameter' : 'unknown');
      let value = this.value(primary.value, depth + 1, visiting);
      if (primary.kind === 'parameter') return opaque(span, node.text, 'parameter', { definition: primary.value.text, defaultValue: value });
      value = applyUpdates(value, resolved.updates, (update) => this.value(update, depth + 1, visiting), this.budget);
      if (value.kind === 'opaque') return { ...value, span, text: node.text, definition: value.definition ?? value.text };
      if (value.kind === 'call') return { ...value, boundName: node.text, boundSpan: span };
      return value;
    } finally {
      visiting.delete(key);
    }
  }

  protected member(node: Node, name: string, depth: number, visiting: Set<number>): CodeValue {
    const span = spanOf(node);
    const member = this.bindings.lookupMember(name, node.startIndex);
    if (!member?.value) return opaque(span, node.text);
    const value = this.value(member.value, depth + 1, visiting);
    if (value.kind === 'array') return opaque(span, node.text);
    return memberValue(value, span, node.text);
  }

  /** A `+` chain, followed iteratively however long it is. `isPlus` tells the language's `+` nodes apart. */
  protected concat(node: Node, depth: number, visiting: Set<number>, isPlus: (node: Node) => boolean): CodeValue {
    const operands = plusChainOperands(node, isPlus);
    const folded = foldPlusChain(node, operands, { source: this.text, budget: this.budget, resolve: (operand) => this.value(operand, depth + 1, visiting), asStringPart });
    return folded ?? opaque(spanOf(node), node.text);
  }

  protected guard(node: Node, depth: number): CodeValue | null {
    return refusedValue(this.budget, node, depth);
  }
}

export function asStringPart(value: CodeValue, sourceText: string): StringValue {
  if (value.kind === 'string') return value;
  if (value.kind === 'call' && value.boundName) return { kind: 'string', span: value.span, segments: [{ kind: 'dynamic', name: value.boundName, raw: value.boundName, span: value.boundSpan ?? value.span }] };
  return { kind: 'string', span: value.span, segments: [{ kind: 'dynamic', name: sourceText.trim(), raw: sourceText, span: value.span }] };
}

/** `printf`-style formats (`fmt.Sprintf`, `String.format`): each verb becomes its argument, in order. */
export function printfString(template: StringValue, args: CodeValue[], argTexts: string[], span: Span): StringValue {
  let argIndex = 0;
  const segments: PromptSegment[] = [];
  for (const segment of template.segments) {
    if (segment.kind !== 'static') {
      segments.push(segment);
      continue;
    }
    const pattern = /%(\[\d+\])?[-#0 +]*\d*(\.\d+)?[sdvqfgexXtTbocpn%]/g;
    let last = 0;
    for (let match = pattern.exec(segment.text); match; match = pattern.exec(segment.text)) {
      segments.push({ kind: 'static', text: segment.text.slice(last, match.index), span: segment.span });
      last = match.index + match[0].length;
      if (match[0] === '%%') {
        segments.push({ kind: 'static', text: '%', span: segment.span });
        continue;
      }
      if (match[0] === '%n') {
        segments.push({ kind: 'static', text: '\n', span: segment.span });
        continue;
      }
      const value = args[argIndex];
      const text = argTexts[argIndex] ?? match[0];
      argIndex++;
      segments.push(...asStringPart(value ?? opaque(segment.span ?? span, text), text).segments);
    }
    segments.push({ kind: 'static', text: segment.text.slice(last), span: segment.span });
  }
  return concatStrings([{ kind: 'string', span, segments }], span);
}

export { spanOf };
