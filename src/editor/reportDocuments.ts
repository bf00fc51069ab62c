// Reports (workspace audit, cache layout) as read-only virtual documents of their own scheme: they are never dirty,
// closing one asks nothing, and running the command again refreshes the open document in place.
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'prompt-cost-report';

/** The workspace audit's document: one per window, rewritten by each audit. */
export const WORKSPACE_REPORT_URI = vscode.Uri.from({ scheme: REPORT_SCHEME, path: '/Prompt Cost Audit.md' });

/** A cache layout's document, named by the site's file and line (the tab shows the base name). */
export function cacheLayoutUri(file: string, line: number): vscode.Uri {
  const base = file.split('/').pop() ?? file;
  return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/Cache Layout ${base} ${line}.md`, query: new URLSearchParams({ file, line: String(line) }).toString() });
}

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  /** Report text by URI string; bounded by the number of distinct reports a user opened in the session. */
  private readonly contents = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '_This report is no longer available: run the command again._\n';
  }

  /** Stores the report's text and tells VS Code to re-read an open copy. */
  set(uri: vscode.Uri, markdown: string): void {
    this.contents.set(uri.toString(), markdown);
    this.changeEmitter.fire(uri);
  }

  /**
   * Shows the report as a rendered Markdown preview (tables and bars read at a glance); where the Markdown
   * extension is missing, as read-only Markdown text.
   */
  async show(uri: vscode.Uri, markdown: string, beside: boolean): Promise<vscode.TextDocument> {
    this.set(uri, markdown);
    const document = await vscode.workspace.openTextDocument(uri);
    // A content provider's document gets its language from the path's extension; say it in case an association differs.
    const markdownDocument = document.languageId === 'markdown' ? document : await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    try {
      await vscode.commands.executeCommand(beside ? 'markdown.showPreviewToSide' : 'markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(markdownDocument, { viewColumn: beside ? vscode.ViewColumn.Beside : undefined, preview: true });
    }
    return markdownDocument;
  }

  dispose(): void {
    this.registration.dispose();
    this.changeEmitter.dispose();
    this.contents.clear();
  }
}
