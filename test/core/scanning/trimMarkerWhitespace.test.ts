// Trim markers strip each engine's own white space. Jinja (`{{-`, `-}}`) strips what Python's `\s` matches; handlebars.js
// (`{{~`, `~}}`) what JavaScript's `\s` matches. The sets below are the engines' output: jinja2 3.1.6 and handlebars 4.7.8
// each rendered `X<c>{{-v-}}<c>Y` (`~` for Handlebars) for every code point c (but the tag and separator characters and,
// for Handlebars, NUL, which its lexer refuses) and stripped exactly these.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { templateSegments } from '../../../src/core/scanning/promptFiles/templateText';

const JINJA_3_1_6_STRIPS = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
const HANDLEBARS_4_7_8_STRIPS = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];

/** Code units around a tag with trim markers on both sides that the engine's segments leave out. */
function strippedAroundTag(engine: 'jinja' | 'handlebars', marker: string): number[] {
  const stripped: number[] = [];
  for (let code = 1; code <= 0xffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const c = String.fromCharCode(code);
    if ('XY{}-~%#\\'.includes(c)) continue;
    const source = `X${c}{{${marker} v ${marker}}}${c}Y`;
    const text = templateSegments(source, 0, engine).map((segment) => (segment.kind === 'static' ? segment.text : '')).join('');
    if (text === 'XY') stripped.push(code);
    else assert.equal(text, `X${c}${c}Y`, `U+${code.toString(16)} stripped on one side only`);
  }
  return stripped;
}

test('Jinja trim markers strip what jinja2 3.1.6 strips: Python\'s white space (U+001C-U+001F, U+0085, NBSP, U+2003…; not U+FEFF)', () => {
  assert.deepEqual(strippedAroundTag('jinja', '-').map((code) => code.toString(16)), JINJA_3_1_6_STRIPS.map((code) => code.toString(16)));
});

test('Handlebars `~` strips what handlebars.js 4.7.8 strips: JavaScript\'s white space (U+FEFF too; not U+001C or U+0085)', () => {
  assert.deepEqual(strippedAroundTag('handlebars', '~').map((code) => code.toString(16)), HANDLEBARS_4_7_8_STRIPS.map((code) => code.toString(16)));
});

test('Mustache has no trim markers: `{{~` is not one', () => {
  const text = templateSegments('X\u00a0{{~ v ~}}\u00a0Y', 0, 'mustache').map((segment) => (segment.kind === 'static' ? segment.text : '')).join('');
  assert.equal(text, 'X\u00a0\u00a0Y');
});
