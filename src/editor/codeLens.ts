// CodeLens above every site: one short cost lens (tokens, expected per call and per month, model); above each line with
// findings, one actionable lens (the rule, its money, the fix it applies or "show"). Titles come with the ranges.
import { labelText } from '../core/report/escape';
import { markStartup } from '../core/startupMarks';
import * as vscode from 'vscode';
import type { AuditService } from './auditService';
import { toRange } from './convert';
import { costLensTitle, findingLensTitle, preferredFix } from './siteText';
import { formatTokens } from '../core/pricing/cost';
import { toWorkspaceEdit } from './convert';
import { describeRules } from '../core/rules/registry';
import type { Finding, Fix } from '../core/types';
import type { AuditedSite } from '../core/audit';
import type { LineIndex } from '../core/lineIndex';

import { CommandId, InternalCommandId } from './commandIds';

const SEVERITY_ORDER = new Map([['error', 0], ['warning', 1], ['information', 2], ['hint', 3]]);

class FindingCodeLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly documentUri: vscode.Uri, readonly documentVersion: number, readonly findings: Finding[]) {
    super(range);
  }
}

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
      markStartup('codelens-first-request');
      try {
        const audit = await service.auditTextDocument(document);
        if (!audit || token.isCancellationRequested) {
          if (audit) markStartup('codelens-first-cancelled');
          return [];
        }
        const lenses: vscode.CodeLens[] = [];
        // Findings by line, most severe (then costliest) first: one actionable lens per line.
        const byLine = new Map<number, Finding[]>();
        for (const finding of audit.findings) {
          const line = document.positionAt(finding.span.start).line;
          byLine.set(line, [...(byLine.get(line) ?? []), finding]);
        }
        for (const [line, findings] of byLine) {
          findings.sort((a, b) => (SEVERITY_ORDER.get(a.severity) ?? 9) - (SEVERITY_ORDER.get(b.severity) ?? 9) || money(b) - money(a));
          lenses.push(new FindingCodeLens(new vscode.Range(line, 0, line, 0), document.uri, document.version, findings));
        }
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
        for (const lens of lenses) giveCommand(lens, log);
        if (audit.sites.length > 0) markStartup('codelens-first-answer');
        // By line, so the cost lens and a finding lens on the same line keep a stable order (findings first: they act).
        return lenses.sort((a, b) => a.range.start.line - b.range.start.line);
      } catch (error) {
        log.error(`CodeLens failed for ${document.uri.toString()}: ${(error as Error).stack ?? error}`);
        return [failedLens()];
      }
    },
    // Titles are set in provideCodeLenses already (cheap strings from the audit): VS Code then shows the lenses
    // without a resolve round trip and its debounce. A lens that arrives without one is titled here.
    resolveCodeLens(lens) {
      if (!lens.command) giveCommand(lens, log);
      return lens;
    },
  };
  // VS Code restarts its CodeLens debounce on every change event (an editor's first request waits again): the start-up
  // harness shows the first one beside the request.
  const refresh = (): void => {
    markStartup('codelens-refresh');
    changed.fire();
  };
  return vscode.Disposable.from(
    changed,
    service.onDidChange(() => refresh()),
    // A notebook's cells share names: an edit in one cell can change the numbers of another (audits are cached by text).
    vscode.workspace.onDidChangeNotebookDocument((event) => {
      if (event.contentChanges.length > 0 || event.cellChanges.some((change) => change.document !== undefined)) refresh();
    }),
    vscode.languages.registerCodeLensProvider({ pattern: '**/*' }, provider),
    vscode.commands.registerCommand(InternalCommandId.ApplyFindingFix, async (uri: vscode.Uri, version: number, fix: Fix) => {
      const document = await vscode.workspace.openTextDocument(uri);
      // The lens was computed on this version; an edit made since could move the fix's offsets.
      if (document.version !== version) {
        void vscode.window.showInformationMessage('Prompt Cost: the file changed since this lens was shown; use the quick fix (Ctrl+.) on the finding.');
        return false;
      }
      return vscode.workspace.applyEdit(toWorkspaceEdit(document, fix));
    }),
    vscode.commands.registerCommand(InternalCommandId.ShowFinding, async (uri: vscode.Uri, start: number, end: number) => {
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      await vscode.commands.executeCommand('editor.action.showHover');
      return true;
    }),
  );
}

/** The lens's title and command, from the audit it carries. */
function giveCommand(lens: vscode.CodeLens, log: vscode.LogOutputChannel): void {
  try {
    if (lens instanceof FindingCodeLens) {
      const [first] = lens.findings;
      const fix = preferredFix(first);
      lens.command = fix
        ? { title: findingLensTitle(lens.findings, ruleTitles()), command: InternalCommandId.ApplyFindingFix, tooltip: first.message, arguments: [lens.documentUri, lens.documentVersion, fix] }
        : { title: findingLensTitle(lens.findings, ruleTitles()), command: InternalCommandId.ShowFinding, tooltip: first.message, arguments: [lens.documentUri, first.span.start, first.span.end] };
      return;
    }
    if (!(lens instanceof SiteCodeLens)) return;
    const { audited, messageIndex } = lens;
    if (messageIndex === undefined) {
      lens.command = {
        title: costLensTitle(audited),
        command: CommandId.CompareModels,
        tooltip: 'Compare the cost of this prompt across models',
        arguments: [lens.documentUri, audited.site.anchor.start],
      };
    } else {
      const message = audited.site.messages[messageIndex];
      const placeholders = message.segments.filter((s) => s.kind === 'dynamic' && !s.control).length;
      const tokens = audited.tokens.perMessage[messageIndex] ?? 0;
      lens.command = {
        title: `${labelText(message.role)}: ${audited.tokens.exact ? '' : '~'}${formatTokens(tokens)} tokens${placeholders ? ` + ${placeholders} placeholder${placeholders === 1 ? '' : 's'}` : ''}`,
        command: CommandId.CompareModels,
        arguments: [lens.documentUri, audited.site.anchor.start],
      };
    }
  } catch (error) {
    log.error(`CodeLens title failed: ${(error as Error).stack ?? error}`);
    lens.command = { title: 'Prompt Cost: could not compute (see the Prompt Cost log)', command: '' };
  }
}

let cachedRuleTitles: Map<string, string> | undefined;
function ruleTitles(): Map<string, string> {
  cachedRuleTitles ??= new Map(describeRules().map((rule) => [rule.id, rule.title]));
  return cachedRuleTitles;
}

function money(finding: Finding): number {
  return finding.monthlyExposureUsd ?? finding.monthlySavingUsd ?? finding.monthlyWasteUsd ?? 0;
}

/** Shown instead of numbers when the audit itself failed: a lens that fails says so. */
function failedLens(): vscode.CodeLens {
  return new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Prompt Cost: audit failed (see the Prompt Cost log)', command: CommandId.ShowLog });
}
