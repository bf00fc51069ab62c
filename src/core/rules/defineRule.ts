// How a rule is defined: its id, default severity and check, with its documentation from rules.md. Most rules look at
// each audited site on its own (`defineSiteRule`): their check returns at most one finding, whose range, fix and money
// fields are turned into a RuleResult here, the same for every rule.
import type { AuditedSite } from '../auditTypes';
import { FINDING_MONEY_FIELDS, type Fix, type PromptSite, type Severity, type Span } from '../types';
import type { Rule, RuleContext, RuleResult } from './types';
import { ruleDocs, type RuleDocValues } from './ruleDocs';
import { isValidSpan, siteAnchor } from './ruleSupport';

/** What a site rule's check is given: the document, the audited site and the site itself. */
export interface SiteCheck {
  context: RuleContext;
  audited: AuditedSite;
  site: PromptSite;
}

/**
 * A site rule's finding. `at`: where it points, when that is a range of the document (else the site's anchor). A money
 * field the rule cannot say (null or undefined) is left out, so each present field keeps its one meaning.
 */
export interface SiteFinding {
  at?: Span | null;
  message: string;
  fix?: Fix;
  severity?: Severity;
  monthlyWasteUsd?: number | null;
  monthlySavingUsd?: number | null;
  monthlyExposureUsd?: number | null;
}

/** A rule: its id, default severity and check; its title, rationale and details come from its rules.md section. */
export interface RuleDefinition {
  id: string;
  defaultSeverity: Severity;
  /** The `{{NAME}}` values its rules.md section names. */
  docValues?: RuleDocValues;
  check(context: RuleContext): RuleResult[];
  /** See `Rule`: for a check that does more than judge each site alone. */
  checkSite?: Rule['checkSite'];
  combineSites?: Rule['combineSites'];
}

export function defineRule({ id, defaultSeverity, docValues, ...checks }: RuleDefinition): Rule {
  return { id, defaultSeverity, ...ruleDocs(id, docValues), ...checks };
}

export type SiteRuleDefinition = Omit<RuleDefinition, 'check'> & { check(site: SiteCheck): SiteFinding | undefined };

/** A rule that checks every site of the document with `check`, one finding or none per site, in site order. */
export function defineSiteRule({ check, ...rule }: SiteRuleDefinition): Rule {
  return defineRule({
    ...rule,
    check: (context) =>
      context.sites.flatMap((audited) => {
        const found = check({ context, audited, site: audited.site });
        return found ? [resultOf(context.text, audited.site, found)] : [];
      }),
  });
}

function resultOf(text: string, site: PromptSite, found: SiteFinding): RuleResult {
  const at = found.at ?? undefined;
  const result: RuleResult = { span: isValidSpan(text, at) ? at : siteAnchor(text, site), message: found.message };
  if (found.fix) result.fixes = [found.fix];
  if (found.severity) result.severity = found.severity;
  for (const key of FINDING_MONEY_FIELDS) {
    const value = found[key];
    if (value !== undefined && value !== null) result[key] = value;
  }
  return result;
}
