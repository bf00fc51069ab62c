// Status bar: the active file's prompt cost per month (per call when no volume is configured).
import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import { terminalText } from '../core/report/escape';
import type { AuditService } from './auditService';
import { formatUsd } from '../core/pricing/cost';
import type { DocumentAudit } from '../core/audit';
import { catalogInfo, describePriceData } from '../core/report/model';


export function statusText(audit: DocumentAudit, priceData: readonly string[] = []): { text: string; tooltip: string } | undefined {
  if (audit.sites.length === 0) return undefined;
  const priced = audit.sites.filter((s) => s.cost.perCallUsd !== null);
  const unpriced = audit.sites.length - priced.length;
  const monthly = priced.every((s) => s.cost.perMonthUsd !== null) ? priced.reduce((sum, s) => sum + (s.cost.perMonthUsd ?? 0), 0) : null;
  const perCall = priced.reduce((sum, s) => sum + (s.cost.perCallUsd ?? 0), 0);
  const worstMonthly = monthly !== null && priced.every((s) => s.cost.worstCasePerMonthUsd !== null) ? priced.reduce((sum, s) => sum + (s.cost.worstCasePerMonthUsd ?? 0), 0) : null;
  const worstPerCall = priced.every((s) => s.cost.worstCasePerCallUsd !== null) ? priced.reduce((sum, s) => sum + (s.cost.worstCasePerCallUsd ?? 0), 0) : null;
  const sites = `${audit.sites.length} prompt${audit.sites.length === 1 ? '' : 's'}`;
  const worst = (amount: number | null) => (amount === null ? '' : ` · worst ${formatUsd(amount)}`);
  const text = priced.length === 0
    ? `$(symbol-numeric) ${sites} · unpriced`
    : monthly !== null ? `$(symbol-numeric) ${formatUsd(monthly)}/mo${worst(worstMonthly)} · ${sites}` : `$(symbol-numeric) ${formatUsd(perCall)}/call${worst(worstPerCall)} · ${sites}`;
  const lines = audit.sites.map((s) => {
    const line = audit.lineIndex.positionAt(s.site.anchor.start).line + 1;
    const worstCase = s.cost.worstCasePerCallUsd === null ? '' : `; worst case ${formatUsd(s.cost.worstCasePerCallUsd)}/call${s.cost.worstCasePerMonthUsd !== null ? `, ${formatUsd(s.cost.worstCasePerMonthUsd)}/month` : ''}`;
    const cost = s.cost.perCallUsd === null ? 'unpriced' : s.modelEntry?.local ? '$0 API cost (local model)' : `expected ${formatUsd(s.cost.perCallUsd)}/call${s.cost.perMonthUsd !== null ? `, ${formatUsd(s.cost.perMonthUsd)}/month` : ''}${worstCase}`;
    return `line ${line}: ${terminalText(s.modelId ?? 'no model')} — ${cost}`;
  });
  if (unpriced > 0) lines.push(`${unpriced} unpriced (model not in the catalog)`);
  lines.push(...priceData);
  lines.push('Expected = typical reply; worst case = every reply at min(cap, model maximum output). Click for the workspace cost summary.');
  return { text, tooltip: lines.join('\n') };
}

export function register(service: AuditService, log: vscode.LogOutputChannel): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('promptCost.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Prompt Cost';
  item.command = CommandId.ShowSummary;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!service.editorSettings.statusBarEnabled || !editor || !service.isAuditable(editor.document)) {
      item.hide();
      return;
    }
    try {
      const audit = await service.auditTextDocument(editor.document);
      const session = await service.session();
      const status = audit && statusText(audit, describePriceData(catalogInfo(session.context.catalog, session.context.config)));
      if (!status || vscode.window.activeTextEditor !== editor) {
        if (!status) item.hide();
        return;
      }
      item.text = status.text;
      item.tooltip = status.tooltip;
      item.show();
    } catch (error) {
      log.error(`status bar failed: ${(error as Error).stack ?? error}`);
      item.hide();
    }
  };
  const schedule = (delay: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void update(), delay);
  };
  schedule(0);
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => schedule(0)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) schedule(500);
    }),
    service.onDidChange(() => schedule(0)),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
