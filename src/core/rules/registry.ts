// Every rule the auditor runs, and their documentation: the README's rule sections are rendered from here.
import type { Severity } from '../types';
import type { Rule, WorkspaceRule } from './types';
import { unboundedOutputRule } from './unboundedOutput';
import { outputCapTooHighRule } from './outputCapTooHigh';
import { redundantInstructionRule } from './redundantInstruction';
import { contextOverflowRule } from './contextOverflow';
import { modelOverkillRule } from './modelOverkill';
import { unknownModelRule } from './unknownModel';
import { modelRetiredRule } from './modelRetired';
import { priceChangeRule } from './priceChange';
import { duplicatedInstructionBlockRule } from './duplicatedInstructionBlock';
import { cachePrefixBrokenRule } from './cachePrefixBroken';
import { cacheBreakpointIneffectiveRule } from './cacheBreakpointIneffective';
import { cacheBelowMinimumRule } from './cacheBelowMinimum';
import { reasoningExhaustsCapRule } from './reasoningExhaustsCap';
import { agentLoopUnboundedRule } from './agentLoopUnbounded';
import { conversationHistoryUntruncatedRule } from './conversationHistoryUntruncated';
import { longReplyNotStreamedRule } from './longReplyNotStreamed';
import { responseCacheOpportunityRule } from './responseCacheOpportunity';

/** Rules that look at one document at a time, in documentation order. */
export const documentRules: Rule[] = [
  unboundedOutputRule,
  outputCapTooHighRule,
  reasoningExhaustsCapRule,
  agentLoopUnboundedRule,
  conversationHistoryUntruncatedRule,
  longReplyNotStreamedRule,
  redundantInstructionRule,
  contextOverflowRule,
  modelOverkillRule,
  unknownModelRule,
  modelRetiredRule,
  priceChangeRule,
  cachePrefixBrokenRule,
  cacheBreakpointIneffectiveRule,
  cacheBelowMinimumRule,
  responseCacheOpportunityRule,
];

/** Rules that look across the documents of a workspace. */
export const workspaceRules: WorkspaceRule[] = [duplicatedInstructionBlockRule];

export interface RuleDescription {
  id: string;
  defaultSeverity: Severity;
  title: string;
  rationale: string;
  /** Anchor of the rule's README section (`### Rule: <id>` renders as `#rule-<id>`). */
  docsAnchor: string;
  /** Further README paragraph (heuristics, exceptions, the quick fix), when the rule has one. */
  details?: string;
  scope: 'document' | 'workspace';
}

export function docsAnchorFor(ruleId: string): string {
  return `rule-${ruleId}`;
}

export function describeRules(): RuleDescription[] {
  const describe = (rule: Rule | WorkspaceRule, scope: RuleDescription['scope']): RuleDescription => {
    const description: RuleDescription = { id: rule.id, defaultSeverity: rule.defaultSeverity, title: rule.title, rationale: rule.rationale, docsAnchor: docsAnchorFor(rule.id), scope };
    if (rule.details) description.details = rule.details;
    return description;
  };
  return [...documentRules.map((rule) => describe(rule, 'document')), ...workspaceRules.map((rule) => describe(rule, 'workspace'))];
}

/** The README's rule sections, one `### Rule: <id>` heading each, so the README and the code never drift. */
export function renderRulesMarkdown(): string {
  return describeRules()
    .map((rule) => {
      const lines = [
        `### Rule: ${rule.id}`,
        '',
        `**${rule.title}** · default severity: \`${rule.defaultSeverity}\`${rule.scope === 'workspace' ? ' · across files' : ''}`,
        '',
        rule.rationale,
        '',
      ];
      if (rule.details) lines.push(rule.details, '');
      lines.push(
        `Change the severity or turn it off in \`.promptcost.yaml\` (\`rules: { ${rule.id}: off }\`), or for one CLI run with ` +
          `\`--rule ${rule.id}=off\`; suppress one finding with \`prompt-cost-ignore-next-line ${rule.id}\` in a comment on the line ` +
          `before, or a whole file with \`prompt-cost-ignore ${rule.id}\`. In the editor every finding offers these as quick actions.`,
        '',
      );
      return lines.join('\n');
    })
    .join('\n');
}
