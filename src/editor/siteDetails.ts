// "More" behind the hover: the site's full cost details (every compared model, the cache layout and its bar, TTL
// advice, price notes) as a read-only Markdown document beside the code.
import * as vscode from 'vscode';
import type { AuditService } from './auditService';
import { renderSiteDetails, SHOW_SITE_DETAILS_COMMAND } from './hoverText';
import { REPORT_SCHEME, type ReportDocuments } from './reportDocuments';

/** One details document per site (file and line), refreshed in place when opened again. */
export function siteDetailsUri(file: string, line: number): vscode.Uri {
  const base = file.split('/').pop() ?? file;
  return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/Cost Details ${base} ${line}.md`, query: new URLSearchParams({ file, line: String(line) }).toString() });
}

export function register(service: AuditService, log: vscode.LogOutputChannel, reports: ReportDocuments): vscode.Disposable {
  // From the hover's command link the arguments arrive as JSON: the document URI as a string and the site's offset.
  return vscode.commands.registerCommand(SHOW_SITE_DETAILS_COMMAND, async (uriText?: unknown, offset?: unknown) => {
    try {
      const uri = typeof uriText === 'string' ? vscode.Uri.parse(uriText, true) : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return undefined;
      const document = await vscode.workspace.openTextDocument(uri);
      const audit = await service.auditTextDocument(document);
      const at = typeof offset === 'number' ? offset : vscode.window.activeTextEditor?.document === document ? document.offsetAt(vscode.window.activeTextEditor.selection.active) : 0;
      const audited = audit?.sites
        .filter((s) => s.site.span.start <= at && at <= s.site.span.end)
        .sort((a, b) => a.site.span.end - a.site.span.start - (b.site.span.end - b.site.span.start))[0];
      if (!audit || !audited) {
        void vscode.window.showInformationMessage('Prompt Cost: no prompt or LLM call there any more.');
        return undefined;
      }
      const { context } = await service.session();
      const markdown = renderSiteDetails(audited, context.config, context.catalog, audit.lineIndex);
      await reports.show(siteDetailsUri(audit.file, audit.lineIndex.positionAt(audited.site.anchor.start).line + 1), markdown, true);
      return markdown;
    } catch (error) {
      log.error(`${SHOW_SITE_DETAILS_COMMAND} failed: ${(error as Error).stack ?? error}`);
      void vscode.window.showErrorMessage(`Prompt Cost: ${(error as Error).message}`);
      return undefined;
    }
  });
}
