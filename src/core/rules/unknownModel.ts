// unknown-model: the site names a model the catalog cannot resolve, so its costs are unpriced.
import type { Fix } from '../types';
import type { Rule, RuleContext, RuleResult } from './types';
import { modelOrAnchor, replaceModelFix } from './ruleSupport';

export const UNKNOWN_MODEL = 'unknown-model';

const SUGGESTIONS = 3;

export const unknownModelRule: Rule = {
  id: UNKNOWN_MODEL,
  defaultSeverity: 'warning',
  title: 'Model not in the catalog',
  rationale:
    'A model id the catalog does not know cannot be priced, so this call is missing from every cost figure and budget. ' +
    'It is often a typo or an outdated snapshot name (which the API may also reject). Use a listed id, or map a custom ' +
    'deployment name to a catalog id under `aliases:` in `.promptcost.yaml`, or price it under `models:`.',
  details: 'The quick fixes replace the model literal with one of the nearest known ids, closest first.',
  check(context: RuleContext): RuleResult[] {
    const results: RuleResult[] = [];
    for (const audited of context.sites) {
      const site = audited.site;
      if (!site.model || audited.modelIsDefault || audited.modelEntry) continue;
      if (context.catalog.resolve(site.model)) continue;
      let nearest: string[] = [];
      try {
        nearest = context.catalog.nearest(site.model, SUGGESTIONS).filter((id) => id !== site.model);
      } catch {
        // Suggestions are a convenience; the finding stands without them.
      }
      const suggestion = nearest.length > 0 ? ` Did you mean ${nearest[0]}?` : '';
      const fixes = nearest.map((id, index) => replaceModelFix(context.text, site, id, index === 0)).filter((fix): fix is Fix => fix !== undefined);
      results.push({
        span: modelOrAnchor(context.text, site),
        message: `Unknown model "${site.model}": this call is unpriced and left out of cost totals.${suggestion}`,
        fixes: fixes.length > 0 ? fixes : undefined,
      });
    }
    return results;
  },
};
