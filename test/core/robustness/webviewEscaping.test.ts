// The summary panel's script (media/webview.ts) run in a DOM (linkedom) on panel data whose every repository string is
// hostile: what it builds must be text, never markup, links, images or scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import type { PanelData } from '../../../src/editor/panelProtocol';
import { HOSTILE_STRINGS } from './hostileStrings';

const ALLOWED_TAGS = new Set(['HTML', 'HEAD', 'BODY', 'DIV', 'SPAN', 'P', 'H1', 'H2', 'HEADER', 'SECTION', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'BUTTON', 'INPUT', 'CAPTION']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'style']);

function hostilePanelData(): PanelData {
  const sites = HOSTILE_STRINGS.map(([, hostile], index) => ({
    file: `src/${hostile}.py`,
    line: index + 1,
    kind: hostile,
    model: hostile,
    modelIsDefault: index % 2 === 0,
    modelSource: hostile,
    modelSourceLabel: hostile,
    modelFrom: { file: `config/${hostile}.py`, line: index + 2 },
    promptSources: [1, 2, 3, 4].map((line) => ({ file: `prompts/${hostile}.md`, line })),
    tokens: 100 + index,
    exact: index % 3 !== 0,
    cap: hostile,
    perCallUsd: 0.001 * (index + 1),
    perMonthUsd: 10 * (index + 1),
    worstCaseMonthUsd: 20 * (index + 1),
    outputTokens: 50,
    outputBasis: hostile,
    findings: 1,
    rules: [hostile],
  }));
  return {
    catalogAsOf: HOSTILE_STRINGS[0][1],
    testPaths: HOSTILE_STRINGS[5][1],
    callsPerMonth: 1000,
    totals: { monthlyUsd: 100, worstCaseMonthlyUsd: 200, perCallUsd: 0.1, sites: sites.length, files: sites.length, unpricedSites: 0, findings: sites.length },
    sites,
    byModel: HOSTILE_STRINGS.map(([, hostile], index) => ({ label: hostile, monthlyUsd: index + 1 })),
    byFile: HOSTILE_STRINGS.map(([, hostile], index) => ({ label: `src/${hostile}`, monthlyUsd: index + 1 })),
    waterfall: [],
    exposure: [],
  };
}

test('summary panel: hostile file names, model ids, rule ids and labels become text nodes and plain attributes only', async () => {
  const { window, document } = parseHTML('<!doctype html><html><head></head><body><div id="status"></div><div id="app"></div></body></html>');
  const posted: unknown[] = [];
  Object.assign(globalThis, {
    window,
    document,
    acquireVsCodeApi: () => ({ postMessage: (message: unknown) => posted.push(message), getState: () => undefined, setState: () => undefined }),
  });
  await import('../../../media/webview');
  assert.deepEqual(posted, [{ type: 'ready' }]);
  const event = new window.Event('message');
  Object.defineProperty(event, 'data', { value: { type: 'data', data: hostilePanelData() } });
  window.dispatchEvent(event);

  const app = document.getElementById('app')!;
  const elements = Array.from(app.querySelectorAll('*'));
  assert.ok(elements.length > 100, `${elements.length} elements rendered`);
  for (const element of elements) {
    assert.ok(ALLOWED_TAGS.has(element.tagName), `unexpected <${element.tagName.toLowerCase()}>`);
    for (const attribute of Array.from(element.attributes)) {
      assert.ok(!URL_ATTRIBUTES.has(attribute.name) || attribute.name === 'style', `${attribute.name} on <${element.tagName.toLowerCase()}>`);
      assert.ok(!attribute.name.startsWith('on'), `event handler attribute ${attribute.name}`);
    }
  }
  // Inline styles are only the bar widths the script computes.
  for (const element of elements) {
    const style = element.getAttribute('style');
    if (style !== null) assert.match(style, /^width: ?\d+(\.\d+)?%;?$/, style);
  }
  // Every hostile model id is shown as its exact characters (in a text node), never interpreted.
  const text = app.textContent ?? '';
  for (const [name, hostile] of HOSTILE_STRINGS) assert.ok(text.includes(hostile), `${name} shown as text`);
  assert.equal(app.querySelectorAll('img, script, a, iframe, object, embed, link, style').length, 0);

  // The source lines are buttons with the file and line as text; a click reveals that line, not the site's row.
  const [, first] = HOSTILE_STRINGS[0];
  const row = Array.from(app.querySelectorAll('.site-row')).find((candidate) => candidate.getAttribute('data-file') === `src/${first}.py`)!;
  const sources = Array.from(row.querySelectorAll('.source')).map((line) => line.textContent);
  assert.deepEqual(sources, [`${first} · config/${first}.py:2`, `from prompts/${first}.md:1, prompts/${first}.md:2, prompts/${first}.md:3 and 1 more`]);
  posted.length = 0;
  (row.querySelector('.source-link') as unknown as { click(): void }).click();
  assert.deepEqual(posted, [{ type: 'reveal', file: `config/${first}.py`, line: 2 }]);
});
