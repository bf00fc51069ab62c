// unknown-model: the site names a model the catalog cannot resolve, so its costs are unpriced.
import type { Fix } from '../types';
import type { RuleResult } from './types';
import { defineRule } from './defineRule';
import { modelOrAnchor, replaceModelFix } from './ruleSupport';

export const UNKNOWN_MODEL = 'unknown-model';

const SUGGESTIONS = 3;

export const unknownModelRule = defineRule({
  id: UNKNOWN_MODEL,
  defaultSeverity: 'warning',
  check(context) {
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
});
