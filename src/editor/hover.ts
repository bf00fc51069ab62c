// Hover on a site: the short cost summary (hoverText.ts) with a link to the full details document.
import * as vscode from 'vscode';
import type { AuditService } from './auditService';
import { commandLink, renderSiteHover, SHOW_SITE_DETAILS_COMMAND } from './hoverText';

export { renderSiteHover, renderSiteDetails } from './hoverText';

export function register(service: AuditService, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ pattern: '**/*' }, {
    async provideHover(document, position, token) {
      if (!service.isAuditable(document)) return undefined;
      try {
        const audit = await service.auditTextDocument(document);
        if (!audit || token.isCancellationRequested) return undefined;
        const offset = document.offsetAt(position);
        // Innermost site containing the cursor (a prompt string inside a call's options resolves to the call).
        const audited = audit.sites
          .filter((s) => s.site.span.start <= offset && offset <= s.site.span.end)
          .sort((a, b) => a.site.span.end - a.site.span.start - (b.site.span.end - b.site.span.start))[0];
        if (!audited) return undefined;
        const { context } = await service.session();
        const link = commandLink(SHOW_SITE_DETAILS_COMMAND, [document.uri.toString(), audited.site.anchor.start]);
        const markdown = new vscode.MarkdownString(renderSiteHover(audited, context.config, context.catalog, audit.lineIndex, link));
        markdown.supportHtml = false;
        // Repository text is escaped; the one link it may follow is ours, to the details document.
        markdown.isTrusted = { enabledCommands: [SHOW_SITE_DETAILS_COMMAND] };
        const anchor = audited.site.anchor;
        return new vscode.Hover(markdown, new vscode.Range(document.positionAt(anchor.start), document.positionAt(anchor.end)));
      } catch (error) {
        log.error(`hover failed: ${(error as Error).stack ?? error}`);
        return undefined;
      }
    },
  });
}
