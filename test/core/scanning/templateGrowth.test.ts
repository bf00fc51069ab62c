// The template parsers' work grows linearly with the template (issue 16, target 3): the bench's scaling rows (1×–8×)
// as operation counts. Their CPU time once grew 11–13× at 8× while these counts stayed affine: a list of token objects
// and strings per parse, which at 256 KB the garbage collector copied and the kernel gave fresh pages (over 1,000
// page faults per parse). The parse now keeps no token list and slices only the names and texts it returns.
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

test('a text between two tags is cut by both: standalone lines first, then the earlier tag\'s trim marker, then the later one\'s', () => {
  // The parse holds one text token until the tag after it is known (no token list), so both sides still apply.
  const names = (source: string, engine: TemplateEngine): string[] =>
    templateSegments(source, 10, engine).map((segment) => {
      assert.equal(source.slice(segment.span!.start - 10, segment.span!.end - 10), segment.kind === 'static' ? segment.text : segment.raw);
      return segment.kind === 'static' ? segment.text : segment.control ? `[${segment.name}]` : `<${segment.name}>`;
    });
  assert.deepEqual(names('A {{~x~}}   \n{{#s}}\n  B  \n  {{~/s}}\nC', 'handlebars'), ['A', '<x>', '[#s]', '  B', '[/s]', 'C']);
  assert.deepEqual(names('{{#a}}\n \t{{~b}}  \n{{/a}}  \n', 'handlebars'), ['[#a]', '<b>', '  \n', '[/a]']);
  assert.deepEqual(names('  {%- if x -%}  \r\n  Y  \r\n{%- endif %}\r\n', 'jinja'), ['[if x]', 'Y', '[endif]']);
  assert.deepEqual(names('x\n  {{! c }}  \n  {{#a}}\ny\n{{/a}}', 'mustache'), ['x\n', '[#a]', 'y\n', '[/a]']);
});
