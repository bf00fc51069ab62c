// The evaluator for Go, Java, C# and Ruby: call enumeration and stand-alone prompts over the shared evaluation.
// Each language supplies its queries, its node vocabulary and how its literals and arguments become values.
import type { Node } from 'web-tree-sitter';
import type { Span } from '../../../types';
import { type AdapterOutput, type CallArguments, type CallShape, type PromptCandidate, type QueryRunner } from '../adapter';
import { concatStrings, opaque, type CodeValue, type StringValue } from '../values';
import { calleeNamesFor } from '../sdks';
import { ResolutionBudget } from '../workLimits';
import { anchorOf, isPromptName, rootedResolvers, spanOf } from './common';
import { Evaluator, asStringPart, replaceConversions, type NodeVocabulary } from './evaluator';

export interface LanguageQueries {
  /** The field of a call node holding its callee; absent: the call is its own callee (Java `method_invocation`, Ruby `call`). */
  calleeField?: string;
  vocabulary: NodeVocabulary;
}

/** The evaluator for Go, Java, C# and Ruby: calls found by their own query, stand-alone prompts from the bindings. */
export abstract class BaseAdapter extends Evaluator {
  constructor(root: Node, text: string, queries: QueryRunner, private readonly languageQueries: LanguageQueries, patterns: readonly string[], budget: ResolutionBudget = new ResolutionBudget()) {
    super(root, text, queries, languageQueries.vocabulary, patterns, budget);
  }

  protected indexImport(parts: Record<string, Node>): void {
    if (parts.module) this.modules.add(parts.module.text.replace(/^["'`]|["'`]$/g, ''));
  }

  output(): AdapterOutput {
    const calls = this.calls();
    const promptCandidates = this.promptCandidates();
    return { calls, promptCandidates, problems: this.problems, importedModules: this.modules, budget: this.budget };
  }

  protected abstract argumentsOf(call: Node, depth: number, visiting: Set<number>): CallArguments;

  protected calleeOf(call: Node): Node | null {
    const field = this.languageQueries.calleeField;
    return field ? call.childForFieldName(field) : call;
  }

  /** The last name of a callee's path (`create` for `client.chat.completions.create`), read without walking the path. */
  protected lastNameOf(callee: Node): string {
    const member = this.vocabulary.members[callee.type];
    if (member) return callee.childForFieldName(member[1])?.text ?? '';
    const path = this.pathOf(callee);
    return path[path.length - 1] ?? '';
  }

  /** Where the call's anchor ends: the callee, or for a method call that is its own callee (chained builders) the method name. */
  protected calleeEnd(callee: Node): number {
    const member = this.vocabulary.memberCalls?.has(callee.type) ? this.vocabulary.members[callee.type] : undefined;
    return (member && callee.childForFieldName(member[1])?.endIndex) ?? callee.endIndex;
  }

  protected calls(): CallShape[] {
    const shapes: CallShape[] = [];
    const interesting = calleeNamesFor(this.vocabulary.family);
    for (const { call } of this.callGroups) {
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
          () => this.pathRootValue(callee),
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
}

/** `printf`-style formats (`fmt.Sprintf`, `String.format`): each verb becomes its argument, in order. */
export function printfString(template: StringValue, args: CodeValue[], argTexts: string[], span: Span): StringValue {
  let argIndex = 0;
  const segments = replaceConversions(template, /%(\[\d+\])?[-#0 +]*\d*(\.\d+)?[sdvqfgexXtTbocpn%]/, (match, segmentSpan) => {
    if (match[0] === '%%') return [{ kind: 'static', text: '%', span: segmentSpan }];
    if (match[0] === '%n') return [{ kind: 'static', text: '\n', span: segmentSpan }];
    const value = args[argIndex];
    const text = argTexts[argIndex] ?? match[0];
    argIndex++;
    return asStringPart(value ?? opaque(segmentSpan ?? span, text), text).segments;
  });
  return concatStrings([{ kind: 'string', span, segments }], span);
}

export { spanOf };
