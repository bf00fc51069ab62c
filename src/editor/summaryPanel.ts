// The workspace cost summary panel: one instance, restored across reloads, data only through typed messages.
import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { AuditService } from './auditService';
import { WORKSPACE_FILE_GLOB } from './workspaceAuditor';
import { isFromWebview, type PanelData, type ToWebview } from './panelProtocol';
import { buildPanelData, revealableFiles } from './panelData';

export const VIEW_TYPE = 'promptCost.summary';
const REFRESH_DEBOUNCE_MS = 800;

function watchAuditableFiles(onChange: () => void): vscode.Disposable[] {
  const watcher = vscode.workspace.createFileSystemWatcher(WORKSPACE_FILE_GLOB);
  return [watcher, watcher.onDidCreate(onChange), watcher.onDidChange(onChange), watcher.onDidDelete(onChange)];
}

function nonce(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class SummaryPanel implements vscode.Disposable {
  private static current: SummaryPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastData: PanelData | undefined;
  /** Resolves the first time the webview says it is ready (tests wait on it). */
  private readyResolve!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));

  static createOrShow(extensionUri: vscode.Uri, service: AuditService, log: vscode.LogOutputChannel): SummaryPanel {
    if (SummaryPanel.current) {
      SummaryPanel.current.panel.reveal();
      void SummaryPanel.current.refresh();
      return SummaryPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Prompt Cost Summary', vscode.ViewColumn.Active, SummaryPanel.options(extensionUri));
    SummaryPanel.current = new SummaryPanel(panel, extensionUri, service, log);
    return SummaryPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, service: AuditService, log: vscode.LogOutputChannel): void {
    panel.webview.options = SummaryPanel.options(extensionUri);
    SummaryPanel.current = new SummaryPanel(panel, extensionUri, service, log);
  }

  static get instance(): SummaryPanel | undefined {
    return SummaryPanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
    };
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly service: AuditService, private readonly log: vscode.LogOutputChannel) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = this.html(panel.webview);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      service.onDidChange(() => this.scheduleRefresh()),
      // Files changed outside the editor (git checkout, generators) count too.
      ...watchAuditableFiles(() => this.scheduleRefresh()),
      vscode.workspace.onDidSaveTextDocument(() => this.scheduleRefresh()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (service.isAuditable(event.document)) this.scheduleRefresh();
      }),
    );
  }

  get data(): PanelData | undefined {
    return this.lastData;
  }

  private html(webview: vscode.Webview): string {
    const scriptNonce = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'summary.css'));
    const codicons = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'codicons', 'codicon.css'));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}; font-src ${webview.cspSource}; script-src 'nonce-${scriptNonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${codicons}">
<link rel="stylesheet" href="${style}">
<title>Prompt Cost Summary</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="status" id="status">Auditing the workspace…</p></main>
<script nonce="${scriptNonce}" src="${script}"></script>
</body>
</html>`;
  }

  /** Handles one message from the webview; public so integration tests can post what the webview would. */
  async receive(message: unknown): Promise<void> {
    if (!isFromWebview(message)) {
      this.log.warn('summary panel: ignored a malformed message');
      return;
    }
    try {
      switch (message.type) {
        case 'ready':
          this.readyResolve();
          await this.refresh();
          break;
        case 'refresh':
          await this.refresh();
          break;
        case 'reveal':
          await this.reveal(message.file, message.line);
          break;
      }
    } catch (error) {
      // A file deleted since the last refresh: log it, never an unhandled rejection from the message handler.
      this.log.error(`summary panel: ${message.type} failed: ${(error as Error).stack ?? error}`);
    }
  }

  /**
   * Opens a site the panel lists or a line its model or prompt text comes from, and nothing else: the file must be one
   * the panel shows, and its URI is the one it was audited from, else the workspace file of that name (a second root's
   * file, or a `..\` name on Windows, never resolves against the first root).
   */
  async reveal(file: string, line: number): Promise<vscode.TextEditor | undefined> {
    if (!this.lastData || !revealableFiles(this.lastData).has(file)) return undefined;
    const uri = this.service.uriOf(file) ?? this.service.sourceUri(file);
    if (!uri) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    const position = new vscode.Position(Math.max(0, Math.min(line - 1, document.lineCount - 1)), 0);
    return vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
  }

  private scheduleRefresh(): void {
    // A hidden panel's webview is discarded (no retained context): it posts 'ready' and refreshes when shown again.
    if (!this.panel.visible) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  async refresh(): Promise<PanelData | undefined> {
    try {
      const { audit, report } = await this.service.auditWorkspace();
      const { context } = await this.service.session();
      this.lastData = buildPanelData(audit, report, context.config, context.catalog);
      const message: ToWebview = { type: 'data', data: this.lastData };
      await this.panel.webview.postMessage(message);
      return this.lastData;
    } catch (error) {
      this.log.error(`summary panel refresh failed: ${(error as Error).stack ?? error}`);
      return undefined;
    }
  }

  dispose(): void {
    if (SummaryPanel.current === this) SummaryPanel.current = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function register(extensionUri: vscode.Uri, service: AuditService, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.ShowSummary, async () => {
      const panel = SummaryPanel.createOrShow(extensionUri, service, log);
      await panel.ready;
      return panel.data ?? panel.refresh();
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        SummaryPanel.revive(panel, extensionUri, service, log);
      },
    }),
  );
}
