// Entry point for both the desktop (Node) and web extension hosts: wiring only.
import * as vscode from 'vscode';
import { AuditService } from './editor/auditService';
import * as codeLens from './editor/codeLens';
import * as codeActions from './editor/codeActions';
import * as commands from './editor/commands';
import { DiagnosticsPublisher } from './editor/diagnostics';
import * as hover from './editor/hover';
import { CursorContext } from './editor/cursorContext';
import { ReportDocuments } from './editor/reportDocuments';
import * as statusBar from './editor/statusBar';
import * as summaryPanel from './editor/summaryPanel';
import * as sitesView from './editor/sitesView';
import * as siteDetails from './editor/siteDetails';
import * as walkthrough from './editor/walkthrough';
import { SelectionTokens } from './editor/selectionTokens';
import * as languageModelTool from './editor/languageModelTool';

export interface PromptCostApi {
  service: AuditService;
  diagnostics: DiagnosticsPublisher;
  /** Whether the cursor is on a site (the value of the `promptCost.siteAtCursor` context key). */
  cursorContext: CursorContext;
  /** The open summary panel, if any: lets integration tests read its data and post webview messages. */
  summaryPanel(): summaryPanel.SummaryPanel | undefined;
  /** The Prompt Costs view's data provider (the tree VS Code shows). */
  sitesView: sitesView.SitesView;
  /** The selection's token count in the status bar (its text and visibility, which the VS Code API cannot read back). */
  selectionTokens: SelectionTokens;
  /** The prompt cost tool's answer for an input, as agent mode gets it (tests compare it with lm.invokeTool's). */
  promptCostTool(input: languageModelTool.PromptCostToolInput): Promise<string>;
}

export function activate(context: vscode.ExtensionContext): PromptCostApi {
  // A mark pair around activation (the start-up harness reads them beside VS Code's own code/extHost marks).
  performance.mark('prompt-cost/activate-start');
  const log = vscode.window.createOutputChannel('Prompt Cost', { log: true });
  const service = new AuditService(context.extensionUri, log, context.workspaceState, context.globalStorageUri);
  performance.mark('prompt-cost/activate-service');
  const diagnostics = new DiagnosticsPublisher(service, log);
  const reports = new ReportDocuments();
  const cursorContext = new CursorContext(service, log);
  const sites = sitesView.register(service, log, context.workspaceState);
  const selectionTokens = new SelectionTokens(service, log);
  performance.mark('prompt-cost/activate-views');
  context.subscriptions.push(
    log,
    service,
    diagnostics,
    codeLens.register(service, log),
    codeActions.register(service, log),
    reports,
    cursorContext,
    commands.register(service, log, reports),
    hover.register(service, log),
    statusBar.register(service, log),
    summaryPanel.register(context.extensionUri, service, log),
    sites.disposable,
    siteDetails.register(service, log, reports),
    walkthrough.register(log),
    selectionTokens,
    languageModelTool.register(service, log),
  );
  performance.mark('prompt-cost/activate-end');
  const activateMs = performance.measure('prompt-cost/activate', 'prompt-cost/activate-start', 'prompt-cost/activate-end').duration;
  log.info(`Prompt Cost Auditor activated in ${activateMs.toFixed(1)} ms (${typeof (globalThis as { importScripts?: unknown }).importScripts === 'function' ? 'web worker host' : 'desktop host'})`);
  return { service, diagnostics, cursorContext, summaryPanel: () => summaryPanel.SummaryPanel.instance, sitesView: sites.view, selectionTokens, promptCostTool: (input) => languageModelTool.promptCostToolText(service, input) };
}

export function deactivate(): void {}
