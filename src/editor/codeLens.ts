// CodeLens above every site: tokens, cost per call, model, cap. Ranges in provide, titles in resolve.
import { labelText } from '../core/report/escape';
import * as vscode from 'vscode';
import type { AuditService } from './auditService';
import { toRange } from './convert';
import { siteLensTitle } from './siteText';
import { formatTokens } from '../core/pricing/cost';
import type { AuditedSite } from '../core/audit';
import type { LineIndex } from '../core/lineIndex';

export const COMPARE_MODELS_COMMAND = 'promptCost.compareModels';

class SiteCodeLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly documentUri: vscode.Uri, readonly audited: AuditedSite, readonly messageIndex: number | undefined, readonly lines: LineIndex) {
    super(range);
  }
}

export function register(service: AuditService, log: vscode.LogOutputChannel): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider<vscode.CodeLens> = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(document, token) {
      if (!service.editorSettings.codeLensEnabled || !service.isAuditable(document)) return [];
      try {
        const audit = await service.auditTextDocument(document);
        if (!audit || token.isCancellationRequested) return [];
        const lenses: vscode.CodeLens[] = [];
        for (const audited of audit.sites) {
          const anchor = toRange(document, audited.site.anchor);
          lenses.push(new SiteCodeLens(new vscode.Range(anchor.start, anchor.start), document.uri, audited, undefined, audit.lineIndex));
          // Prompt files: one more lens above each further message, so long files show where the tokens are.
          if (audited.site.kind === 'prompt-file' && audited.site.messages.length > 1) {
            audited.site.messages.forEach((message, index) => {
              if (index === 0 || !message.span) return;
              const start = document.positionAt(message.span.start);
              lenses.push(new SiteCodeLens(new vscode.Range(start, start), document.uri, audited, index, audit.lineIndex));
            });
          }
        }
        return lenses;
      } catch (error) {
        log.error(`CodeLens failed for ${document.uri.toString()}: ${(error as Error).stack ?? error}`);
        return [failedLens()];
      }
    },
    resolveCodeLens(lens) {
      if (!(lens instanceof SiteCodeLens)) return lens;
      try {
        const { audited, messageIndex } = lens;
        if (messageIndex === undefined) {
          lens.command = {
            title: siteLensTitle(audited, lens.lines),
            command: COMPARE_MODELS_COMMAND,
            tooltip: 'Compare the cost of this prompt across models',
            arguments: [lens.documentUri, audited.site.anchor.start],
          };
        } else {
          const message = audited.site.messages[messageIndex];
          const placeholders = message.segments.filter((s) => s.kind === 'dynamic' && !s.control).length;
          const tokens = audited.tokens.perMessage[messageIndex] ?? 0;
          lens.command = {
            title: `${labelText(message.role)}: ${audited.tokens.exact ? '' : '~'}${formatTokens(tokens)} tokens${placeholders ? ` + ${placeholders} placeholder${placeholders === 1 ? '' : 's'}` : ''}`,
            command: COMPARE_MODELS_COMMAND,
            arguments: [lens.documentUri, audited.site.anchor.start],
          };
        }
      } catch (error) {
        log.error(`CodeLens resolve failed: ${(error as Error).stack ?? error}`);
        lens.command = { title: 'Prompt Cost: could not compute (see the Prompt Cost log)', command: '' };
      }
      return lens;
    },
  };
  return vscode.Disposable.from(
    changed,
    service.onDidChange(() => changed.fire()),
    vscode.languages.registerCodeLensProvider({ pattern: '**/*' }, provider),
  );
}

/** Shown instead of numbers when the audit itself failed: a lens that fails says so. */
function failedLens(): vscode.CodeLens {
  return new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Prompt Cost: audit failed (see the Prompt Cost log)', command: 'promptCost.showLog' });
}
