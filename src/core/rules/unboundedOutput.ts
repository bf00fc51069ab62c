// unbounded-output: a generation call or prompt file with no output cap: its worst case is the model's maximum reply.
import { formatTokens, formatUsd } from '../pricing/cost';
import { insertCapFix } from './capFix';
import { defineSiteRule } from './defineRule';
import { capSupported, modelLabel, monthlyExposureOf, rightSizedCapFor, worstCasePhrase, isLocalModel, localCostPhrase } from './ruleSupport';

/** Formats whose file sets the cap for the code that loads it; that file gets its own finding. */
const CAP_CARRYING_EXTENSIONS = ['.prompty', '.prompt.yml', '.prompt.yaml'];

export const unboundedOutputRule = defineSiteRule({
  id: 'unbounded-output',
  defaultSeverity: 'warning',
  check({ context, audited, site }) {
    if (site.kind === 'prompt') return undefined;
    if (site.maxOutputTokens !== null) return undefined;
    if (!capSupported(site)) return undefined;
    if (site.linkedFile && CAP_CARRYING_EXTENSIONS.some((extension) => site.linkedFile!.toLowerCase().endsWith(extension))) return undefined;

    const entry = audited.modelEntry;
    const cap = rightSizedCapFor(audited, context.config);
    const fix = insertCapFix(context.text, site, cap);
    if (!entry) {
      const named = audited.modelId ? `${audited.modelId} is not in the catalog` : 'the model is not known';
      return { message: `No output cap: a reply can run to the model's maximum output (unpriced: ${named}).`, fix };
    }
    if (isLocalModel(audited)) {
      return { message: `No output cap: a reply can run to the model's maximum output (${localCostPhrase(audited)}; the server's time is not counted).`, fix };
    }
    const exposure = monthlyExposureOf(audited, cap);
    const capped = exposure !== undefined && exposure > 0 ? `; a ${formatTokens(cap)}-token cap removes ${formatUsd(exposure)}/month of it` : '';
    const message = `No output cap: a reply can run to ${modelLabel(audited)}'s ${formatTokens(entry.maxOutputTokens)}-token maximum: ${worstCasePhrase(audited)}${capped}.`;
    return { message, fix, monthlyExposureUsd: exposure };
  },
});
