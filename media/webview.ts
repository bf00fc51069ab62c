// Summary panel script. Runs in the webview: every text goes in through textContent, never as HTML.
import type { FromWebview, PanelData, PanelSite, SourceLine, ToWebview } from '../src/editor/panelProtocol';
import type { WaterfallStep } from '../src/core/report/waterfall';
import { formatUsd } from '../src/core/pricing/cost';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

type SortKey = 'file' | 'line' | 'model' | 'tokens' | 'cap' | 'outputTokens' | 'perCallUsd' | 'perMonthUsd' | 'worstCaseMonthUsd' | 'findings';
interface ViewState {
  sortKey: SortKey;
  descending: boolean;
  filter: string;
}
const saved = vscode.getState() as Partial<ViewState> | undefined;
const state: ViewState = { sortKey: saved?.sortKey ?? 'perMonthUsd', descending: saved?.descending ?? true, filter: typeof saved?.filter === 'string' ? saved.filter : '' };
let data: PanelData | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: { className?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) node.appendChild(child);
  return node;
}

const usd = formatUsd;

function tokens(n: number): string {
  return n.toLocaleString('en-US');
}

/** A codicon from VS Code's icon font (decorative: screen readers skip it). */
function icon(name: string): HTMLElement {
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

function card(label: string, value: string, id: string, iconName: string): HTMLElement {
  return el('div', { className: 'card', attrs: { 'data-total': id } }, el('div', { className: 'card-value', text: value }), el('div', { className: 'card-label' }, icon(iconName), el('span', { text: ' ' + label })));
}

function barChart(title: string, rows: Array<{ label: string; monthlyUsd: number }>, id: string): HTMLElement {
  const section = el('section', { className: 'chart', attrs: { 'aria-label': title, 'data-chart': id } }, el('h2', { text: title }));
  const max = Math.max(0, ...rows.map((r) => r.monthlyUsd));
  if (rows.length === 0) section.appendChild(el('p', { className: 'muted', text: 'No priced sites.' }));
  for (const row of rows.slice(0, 12)) {
    const bar = el('div', { className: 'bar' });
    bar.style.width = `${max > 0 ? Math.max(1, (row.monthlyUsd / max) * 100) : 0}%`;
    section.appendChild(el('div', { className: 'bar-row' }, el('span', { className: 'bar-label', text: row.label, attrs: { title: row.label } }), el('span', { className: 'bar-track' }, bar), el('span', { className: 'bar-value', text: usd(row.monthlyUsd) })));
  }
  return section;
}

/**
 * One waterfall group as a chart: totals are bars from zero, each step a floating bar from the total before it to the
 * total after it (the saving), then the total after every step. Each group has its own scale and its own meaning.
 */
function waterfallGroup(steps: WaterfallStep[], caption: string, afterLabel: string, group: string): HTMLElement {
  const table = el('table', { className: 'waterfall-table', attrs: { 'data-group': group } });
  table.appendChild(el('caption', { text: caption }));
  table.appendChild(el('thead', {}, el('tr', {}, el('th', { text: 'Step' }), el('th', { text: 'Sites' }), el('th', { text: 'Saving' }), el('th', { text: '%' }), el('th', { text: 'Monthly after' }), el('th', { text: '' }))));
  const body = el('tbody');
  const scale = Math.max(0, ...steps.map((step) => Math.max(step.startUsd, step.monthlyUsd)));
  const percent = (amount: number) => (scale > 0 ? (amount / scale) * 100 : 0);
  const row = (id: string, label: string, sites: string, saving: string, share: string, after: number, from: number, to: number, kind: 'total' | 'delta') => {
    const bar = el('div', { className: kind === 'total' ? 'bar' : 'bar saving' });
    const low = Math.min(from, to);
    bar.style.marginLeft = `${percent(low)}%`;
    bar.style.width = `${Math.max(kind === 'delta' && from !== to ? 0.5 : 0, percent(Math.abs(to - from)))}%`;
    body.appendChild(el('tr', { attrs: { 'data-step': id } },
      el('td', { text: label }),
      el('td', { className: 'num', text: sites }),
      el('td', { className: 'num', text: saving }),
      el('td', { className: 'num', text: share }),
      el('td', { className: 'num', text: usd(after) }),
      el('td', { className: 'bar-cell' }, el('span', { className: 'bar-track' }, bar))));
  };
  steps.forEach((step, index) => {
    if (index === 0) row(step.id, step.label, String(step.sites), '', '', step.monthlyUsd, 0, step.monthlyUsd, 'total');
    else row(step.id, step.label, String(step.sites), `−${usd(step.savingUsd)}`, `${step.savingPercent.toFixed(1)}%`, step.monthlyUsd, step.startUsd, step.monthlyUsd, 'delta');
  });
  const last = steps[steps.length - 1];
  if (last && steps.length > 1) row(`${group}-after`, afterLabel, '', '', '', last.monthlyUsd, 0, last.monthlyUsd, 'total');
  table.appendChild(body);
  return table;
}

function waterfall(panel: PanelData): HTMLElement {
  const section = el('section', { className: 'waterfall', attrs: { 'aria-label': 'Savings waterfall', 'data-chart': 'waterfall' } }, el('h2', { text: 'What fixing it would save (per month)' }));
  section.appendChild(waterfallGroup(panel.waterfall, 'Expected cost: each step\'s saving floats between the totals before and after it', 'After every step', 'expected'));
  if (panel.exposure.length > 0) {
    section.appendChild(waterfallGroup(panel.exposure, 'Worst case (every reply at min(cap, model maximum)): what right-sized output caps remove', 'Worst case after', 'worst-case'));
  }
  return section;
}

const BASIS_TEXT: Record<string, string> = { 'prompt-hint': '(prompt)', configured: '(typical)', cap: '(cap)' };

const COLUMNS: Array<{ key: SortKey; label: string; numeric: boolean }> = [
  { key: 'file', label: 'File', numeric: false },
  { key: 'line', label: 'Line', numeric: true },
  { key: 'model', label: 'Model', numeric: false },
  { key: 'tokens', label: 'Tokens', numeric: true },
  { key: 'cap', label: 'Cap', numeric: false },
  { key: 'outputTokens', label: 'Output', numeric: true },
  { key: 'perCallUsd', label: 'Per call', numeric: true },
  { key: 'perMonthUsd', label: 'Per month', numeric: true },
  { key: 'worstCaseMonthUsd', label: 'Worst case / month', numeric: true },
  // Numeric for sorting, but its cell lists rule ids, so it is laid out as text.
  { key: 'findings', label: 'Findings', numeric: true },
];

function sortedSites(sites: PanelSite[]): PanelSite[] {
  const filter = state.filter.trim().toLowerCase();
  const visible = filter ? sites.filter((s) => `${s.file} ${s.model} ${s.modelSourceLabel ?? ''} ${s.kind} ${s.rules.join(' ')}`.toLowerCase().includes(filter)) : sites.slice();
  const key = state.sortKey;
  visible.sort((a, b) => {
    const av = a[key];
    const bv = b[key];
    const order = typeof av === 'number' || typeof bv === 'number' ? ((av as number | null) ?? -1) - ((bv as number | null) ?? -1) : String(av).localeCompare(String(bv));
    return (state.descending ? -order : order) || a.file.localeCompare(b.file) || a.line - b.line;
  });
  return visible;
}

/**
 * A button that opens a line the site's model or prompt text comes from. The row opens the site itself, so the click
 * and the keys that press the button stop here.
 */
function sourceButton(source: SourceLine): HTMLElement {
  const button = el('button', { className: 'source-link', text: `${source.file}:${source.line}`, attrs: { title: `Open ${source.file}:${source.line}`, 'data-file': source.file, 'data-line': String(source.line) } });
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    vscode.postMessage({ type: 'reveal', file: source.file, line: source.line });
  });
  button.addEventListener('keydown', (event) => event.stopPropagation());
  return button;
}

const SHOWN_PROMPT_SOURCES = 3;

/** `environment variable default · settings.py:16` under the model: where the priced model came from; nothing for a literal. */
function modelSourceLine(site: PanelSite): HTMLElement[] {
  if (site.modelSourceLabel === null) return [];
  const line = el('div', { className: 'source', attrs: { 'data-source': 'model' } }, el('span', { text: site.modelSourceLabel }));
  if (site.modelFrom) line.append(el('span', { text: ' · ' }), sourceButton(site.modelFrom));
  return [line];
}

/** `from prompts.py:2, prompts.py:8 and 1 more` under the tokens: the other files whose text the tokens count. */
function promptSourcesLine(site: PanelSite): HTMLElement[] {
  if (site.promptSources.length === 0) return [];
  const line = el('div', { className: 'source', attrs: { 'data-source': 'prompt' } }, el('span', { text: 'from ' }));
  site.promptSources.slice(0, SHOWN_PROMPT_SOURCES).forEach((source, index) => {
    if (index > 0) line.append(el('span', { text: ', ' }));
    line.append(sourceButton(source));
  });
  const more = site.promptSources.length - SHOWN_PROMPT_SOURCES;
  if (more > 0) line.append(el('span', { text: ` and ${more} more` }));
  return [line];
}

function sitesTable(panel: PanelData): HTMLElement {
  const section = el('section', { className: 'sites', attrs: { 'aria-label': 'Sites' } }, el('h2', { text: 'Sites' }));
  const filter = el('input', { className: 'filter', attrs: { type: 'search', placeholder: 'Filter by file, model or rule', 'aria-label': 'Filter sites' } });
  filter.value = state.filter;
  filter.addEventListener('input', () => {
    state.filter = filter.value;
    vscode.setState(state);
    renderRows();
  });
  section.appendChild(filter);
  const table = el('table', { className: 'site-table' });
  const headRow = el('tr');
  for (const column of COLUMNS) {
    const active = state.sortKey === column.key;
    const button = el('button', { className: 'sort', text: column.label + (active ? (state.descending ? ' ▼' : ' ▲') : '') });
    button.addEventListener('click', () => {
      state.descending = state.sortKey === column.key ? !state.descending : column.numeric;
      state.sortKey = column.key;
      vscode.setState(state);
      render();
    });
    headRow.appendChild(el('th', { className: column.numeric && column.key !== 'findings' ? 'num' : '', attrs: { 'aria-sort': active ? (state.descending ? 'descending' : 'ascending') : 'none' } }, button));
  }
  table.appendChild(el('thead', {}, headRow));
  const body = el('tbody');
  table.appendChild(body);
  section.appendChild(table);
  const renderRows = () => {
    body.textContent = '';
    for (const site of sortedSites(panel.sites)) {
      const row = el('tr', { className: 'site-row', attrs: { tabindex: '0', role: 'link', 'data-file': site.file, 'data-line': String(site.line), title: `Open ${site.file}:${site.line}` } },
        el('td', { text: site.file }),
        el('td', { className: 'num', text: String(site.line) }),
        el('td', {}, el('span', { text: site.model + (site.modelIsDefault ? ' (default)' : '') }), ...modelSourceLine(site)),
        el('td', { className: 'num' }, el('span', { text: (site.exact ? '' : '~') + tokens(site.tokens) }), ...promptSourcesLine(site)),
        el('td', { className: 'num', text: site.cap }),
        el('td', { className: 'num', text: `${tokens(site.outputTokens)} ${BASIS_TEXT[site.outputBasis] ?? site.outputBasis}` }),
        el('td', { className: 'num', text: usd(site.perCallUsd) }),
        el('td', { className: 'num', text: site.perMonthUsd === null ? '—' : usd(site.perMonthUsd) }),
        el('td', { className: 'num', text: site.worstCaseMonthUsd === null ? '—' : usd(site.worstCaseMonthUsd) }),
        el('td', { className: 'findings', text: site.findings ? `${site.findings} (${site.rules.join(', ')})` : '0' }));
      const open = () => vscode.postMessage({ type: 'reveal', file: site.file, line: site.line });
      row.addEventListener('click', open);
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open();
        }
      });
      body.appendChild(row);
    }
  };
  renderRows();
  return section;
}

function render(): void {
  const app = document.getElementById('app')!;
  app.textContent = '';
  app.setAttribute('aria-busy', 'false');
  if (!data) return;
  const totals = data.totals;
  const refresh = el('button', { className: 'refresh', attrs: { title: 'Audit the workspace again' } }, icon('refresh'), el('span', { text: ' Refresh' }));
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  app.appendChild(el('header', {}, el('h1', { text: 'Prompt cost summary' }), refresh));
  app.appendChild(el('p', { className: 'muted', text: `Catalog as of ${data.catalogAsOf}. ${data.callsPerMonth === null ? 'No monthly volume configured.' : `${tokens(data.callsPerMonth)} calls per site per month unless the config sets a volume.`}` }));
  app.appendChild(el('div', { className: 'cards' },
    card('expected per month', totals.monthlyUsd === null ? 'n/a' : usd(totals.monthlyUsd), 'monthly', 'calendar'),
    card('worst-case exposure per month (every reply at its cap or the model maximum)', totals.worstCaseMonthlyUsd === null ? 'n/a' : usd(totals.worstCaseMonthlyUsd), 'worstCase', 'warning'),
    card('expected per call (all sites once)', usd(totals.perCallUsd), 'perCall', 'symbol-numeric'),
    card('sites', String(totals.sites), 'sites', 'file-code'),
    card('unpriced sites', String(totals.unpricedSites), 'unpriced', 'question'),
    card('findings', String(totals.findings), 'findings', 'warning')));
  if (typeof data.testPaths === 'string') app.appendChild(el('p', { className: 'muted test-paths', text: data.testPaths }));
  app.appendChild(waterfall(data));
  app.appendChild(el('div', { className: 'charts' }, barChart('Monthly cost by model', data.byModel, 'byModel'), barChart('Monthly cost by file', data.byFile, 'byFile')));
  app.appendChild(sitesTable(data));
}

function isToWebview(message: unknown): message is ToWebview {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { type?: unknown; data?: unknown; message?: unknown };
  if (m.type === 'busy') return typeof m.message === 'string';
  if (m.type !== 'data' || typeof m.data !== 'object' || m.data === null) return false;
  const d = m.data as Partial<PanelData>;
  return Array.isArray(d.sites) && Array.isArray(d.waterfall) && Array.isArray(d.exposure) && Array.isArray(d.byModel) && Array.isArray(d.byFile) && typeof d.totals === 'object';
}

window.addEventListener('message', (event: MessageEvent) => {
  const message: unknown = event.data;
  if (!isToWebview(message)) return;
  if (message.type === 'busy') {
    const status = document.getElementById('status');
    if (status) status.textContent = message.message;
    return;
  }
  data = message.data;
  render();
});

vscode.postMessage({ type: 'ready' });
