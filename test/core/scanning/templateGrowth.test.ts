// The template parsers' work grows linearly with the template (issue 16, target 3): the bench's scaling rows (1×–8×)
// as operation counts. Their wall and CPU time grow faster at 4–8× because the output outlives V8's young generation
// and is copied and promoted (garbage collection, printed apart by the bench), not because a step of the parse grows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeTemplateScanSteps } from '../../../src/core/scanning/placeholders';
import { takeStandaloneScanSteps, templateSegments, type TemplateEngine } from '../../../src/core/scanning/promptFiles/templateText';

/** The bench's template units (bench/scaling.ts). */
const UNITS: Record<'jinja' | 'handlebars' | 'mustache', string> = {
  jinja: 'Hello {{ user.name }}, {% if vip %}welcome back{% else %}welcome{% endif %}.\n{%- for item in items %}\n  - {{ item }}\n{%- endfor %}\n{# note #}\n',
  handlebars: 'Hello {{user.name}}, {{#if vip}}welcome back{{else}}welcome{{/if}}.\n{{#each items}}\n  - {{this}}\n{{/each}}\n{{! note }}\n',
  mustache: 'Hello {{user.name}}, {{#if vip}}welcome back{{else}}welcome{{/if}}.\n{{#each items}}\n  - {{this}}\n{{/each}}\n{{! note }}\n',
};

function counts(engine: TemplateEngine, repeats: number): { tagSteps: number; standaloneSteps: number; segments: number; heldChars: number } {
  const source = UNITS[engine as keyof typeof UNITS].repeat(repeats);
  takeTemplateScanSteps();
  takeStandaloneScanSteps();
  const segments = templateSegments(source, 0, engine);
  const heldChars = segments.reduce((sum, segment) => sum + (segment.kind === 'static' ? segment.text.length : segment.raw.length + segment.name.length), 0);
  return { tagSteps: takeTemplateScanSteps(), standaloneSteps: takeStandaloneScanSteps(), segments: segments.length, heldChars };
}

for (const engine of Object.keys(UNITS) as TemplateEngine[]) {
  test(`${engine}: scan steps, segments and characters held grow linearly from the bench's 32 KB to 256 KB template`, () => {
    const repeats = 256; // about 32 KB, the bench's 1x
    const one = counts(engine, repeats);
    const two = counts(engine, 2 * repeats);
    const eight = counts(engine, 8 * repeats);
    assert.ok(one.segments > 2000, `${one.segments} segments`);
    // Affine in the template's length, to the step: the units after the first cost the same each (the template's two
    // ends add a constant), so going from 1x to 8x adds exactly 7 times what going from 1x to 2x adds.
    for (const key of ['tagSteps', 'standaloneSteps', 'segments', 'heldChars'] as const) {
      assert.equal(eight[key] - one[key], 7 * (two[key] - one[key]), `${key}: ${one[key]} at 1x, ${two[key]} at 2x, ${eight[key]} at 8x`);
    }
  });
}
