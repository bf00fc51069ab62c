// unbounded-output: a generation call or prompt file with no output cap: its worst case is the model's maximum reply.
import { formatTokens, formatUsd } from '../pricing/cost';
import { insertCapFix } from './capFix';
import { defineSiteRule } from './defineRule';
import { capSupported, modelLabel, monthlyExposureOf, rightSizedCapFor, worstCasePhrase } from './ruleSupport';

/** Formats whose file sets the cap for the code that loads it; that file gets its own finding. */
const CAP_CARRYING_EXTENSIONS = ['.prompty', '.prompt.yml', '.prompt.yaml'];

export const unboundedOutputRule = defineSiteRule({
  id: 'unbounded-output',
  defaultSeverity: 'warning',
  title: 'Generation without an output cap',
  rationale:
    'Output tokens cost several times more than input tokens, and a call without an output cap lets the model ' +
    'write up to its maximum output on every request: a runaway or looping reply is billed in full. Set the ' +
    'parameter your SDK uses (`max_completion_tokens`, `max_output_tokens`, `max_tokens`, `maxOutputTokens`) to a bit above ' +
    "the longest reply you need. The finding states the worst case (the prompt with the model's maximum output) beside " +
    'the expected cost, and the exposure: what the worst case exceeds the worst case under the suggested cap by.',
  details:
    'Not raised for formats without a cap field (VS Code `.prompt.md`, plain prompt text and templates), for stand-alone ' +
    'prompt strings, for caps set from a variable, for options (`**kwargs`, `...options`, a params object) bound in an if / ' +
    'else branch, a case, an exception handler or a loop body that not every path to the call runs through (the cap is ' +
    '`non-literal` there, unless every other way past returns, raises or throws), or for code that sends a linked `.prompty` / `.prompt.yml` file (the cap ' +
    'belongs in that file, which is checked itself). The quick fix inserts the parameter the SDK expects, with a value of twice ' +
    'the expected output (the length the prompt asks for, else `expectedOutputTokens`), at least 256, rounded up to a power of ' +
    "two (1,024 by default), never above the model's maximum; for a reasoning model the cap also leaves room for the reply plus the " +
    'high end of its assumed reasoning (see reasoning-exhausts-cap). The cap is at least the expected output, reasoning included, ' +
    'so the fix never raises the expected cost; it only lowers the worst case.',
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
    const exposure = monthlyExposureOf(audited, cap);
    const capped = exposure !== undefined && exposure > 0 ? `; a ${formatTokens(cap)}-token cap removes ${formatUsd(exposure)}/month of it` : '';
    const message = `No output cap: a reply can run to ${modelLabel(audited)}'s ${formatTokens(entry.maxOutputTokens)}-token maximum: ${worstCasePhrase(audited)}${capped}.`;
    return { message, fix, monthlyExposureUsd: exposure };
  },
});
