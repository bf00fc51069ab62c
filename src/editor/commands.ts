// Command-palette commands (category "Prompt Cost"), built from one table.
import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { AuditService } from './auditService';
import { CONFIG_FILE_NAME } from '../core/config';
import { renderMarkdown } from '../core/report/markdown';
import type { AuditReport } from '../core/report/model';
import { decideAuditOutcome } from '../cli/auditOutput';
import { FILE_REPORT_FORMATS, renderReport, type FileReportFormat } from '../core/report/formats';
import { cacheLayoutUri, WORKSPACE_REPORT_URI, type ReportDocuments } from './reportDocuments';
import { formatTokens, formatUsd } from '../core/pricing/cost';
import { comparisonModels, costUnderModel } from './modelComparison';
import { outputLabel, perCallLabel } from './siteText';
import { labelText } from '../core/report/escape';
import { renderCacheLayoutMarkdown } from '../core/cache/layoutMarkdown';
import { importLiteLLM } from '../core/pricing/litellm';
import type { AuditedSite } from '../core/audit';
import type { AuditConfig } from '../core/config';
import type { Catalog } from '../core/pricing/types';
import { DEFAULT_PRICE_URL, fetchPriceFile, keptPricesText } from '../core/pricing/priceUpdate';
import { todayUtc } from '../core/pricing/tiers';

/** The commented template Open or Create .promptcost.yaml writes (kept in core so the schema test validates it). */
import { CONFIG_TEMPLATE } from '../core/configTemplate';
export { CONFIG_TEMPLATE };

/** A workspace audit under a cancellable progress notification; cancelling throws vscode.CancellationError. */
function auditWithProgress(service: AuditService): ReturnType<AuditService['auditWorkspace']> {
  return Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Prompt Cost: auditing workspace', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      return service.auditWorkspace(token, (file, index, total) => {
        const percent = Math.floor(((index + 1) / Math.max(1, total)) * 100);
        progress.report({ message: file, increment: percent - reported });
        reported = percent;
      });
    },
  ));
}

/** Where a setting's effective value comes from, so an update there changes it (a Global write under a workspace value does nothing). */
function effectiveTarget(settings: vscode.WorkspaceConfiguration, key: string): vscode.ConfigurationTarget {
  const inspected = settings.inspect(key);
  if (inspected?.workspaceValue !== undefined) return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}

/** Formats Export Report offers: the registry's file formats, each written by the same renderer as the CLI's `--format`. */
export const EXPORT_FORMATS = FILE_REPORT_FORMATS;
export type ExportFormat = FileReportFormat;

/** The report in an export format; SARIF records the outcome the CLI's default `--fail-on error` would have. */
export function renderExport(report: AuditReport, format: ExportFormat, configErrorCount: number, root: vscode.Uri | undefined): string {
  const outcome = decideAuditOutcome(report, { failOn: 'error' }, configErrorCount, '.promptcost.yaml');
  // SARIF's %SRCROOT% base must be a file: URI; a virtual workspace (vscode.dev) has none, so results stay relative.
  return renderReport(report, format, { outcome, ...(root?.scheme === 'file' ? { root: root.fsPath } : {}), configLabel: '.promptcost.yaml' });
}

/** Compare Models rows for these models, cheapest first; the site's current model is marked `$(check)` and "current". */
export type ComparisonItem = vscode.QuickPickItem & { model: string };
export function comparisonItems(audited: AuditedSite, models: readonly string[], catalog: Catalog, config: AuditConfig): ComparisonItem[] {
  const current = audited.modelEntry?.id ?? audited.modelId;
  return models
    .map((model) => costUnderModel(audited, model, catalog, config))
    .sort((a, b) => (a.cost.perCallUsd ?? Infinity) - (b.cost.perCallUsd ?? Infinity))
    .map((row) => {
      const isCurrent = row.model === current || row.model === audited.modelId;
      return {
        model: row.model,
        label: `${isCurrent ? '$(check) ' : ''}${labelText(row.model)}`,
        description: `${isCurrent ? 'current · ' : ''}${perCallLabel(row.cost)}${row.cost.perMonthUsd !== null ? ` · ${formatUsd(row.cost.perMonthUsd)}/month expected` : ''}${row.cost.worstCasePerMonthUsd !== null ? `, worst ${formatUsd(row.cost.worstCasePerMonthUsd)}` : ''}`,
        detail: `${row.tokens.exact ? '' : '~'}${formatTokens(row.tokens.static)} input tokens (${row.tokens.exact ? 'exact' : 'estimate'}, ${row.tokens.tokenizer}) · output ${outputLabel(row.cost, audited.site.maxOutputTokens, row.cost.entry?.id ?? row.model)}`,
      };
    });
}

export function register(service: AuditService, log: vscode.LogOutputChannel, reports: ReportDocuments): vscode.Disposable {
  const commands: Partial<Record<CommandId, (...args: any[]) => unknown>> = {
    [CommandId.AuditWorkspace]: async () => {
      const result = await auditWithProgress(service);
      // A read-only virtual document: never dirty, so closing it asks nothing; Export Report saves a copy.
      await reports.show(WORKSPACE_REPORT_URI, renderMarkdown(result.report), false);
      log.info(`workspace audit: ${result.report.summary.sites} sites in ${result.report.summary.files} files, ${result.report.findings.length} findings`);
      return result.report;
    },
    [CommandId.CompareModels]: async (uri?: vscode.Uri, offset?: number) => {
      const editor = vscode.window.activeTextEditor;
      const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
      if (!document) return undefined;
      const audit = await service.auditTextDocument(document);
      const at = offset ?? (editor && editor.document === document ? document.offsetAt(editor.selection.active) : 0);
      const audited = audit?.sites.find((s) => s.site.span.start <= at && at <= s.site.span.end) ?? audit?.sites[0];
      if (!audited) {
        void vscode.window.showInformationMessage('Prompt Cost: no prompt or LLM call at the cursor.');
        return undefined;
      }
      const { context } = await service.session();
      type Item = ComparisonItem & { showAll?: boolean };
      const current = audited.modelEntry?.id ?? audited.modelId;
      const toItems = (models: readonly string[]): Item[] => comparisonItems(audited, models, context.catalog, context.config);
      const compared = comparisonModels(audited, context.config, context.catalog);
      const others = context.catalog.models.map((entry) => entry.id).filter((id) => !compared.includes(id));
      const canReplace = audited.site.modelSpan !== undefined && audited.site.model !== null;
      const title = `Cost of this prompt by model${canReplace ? ' — pick one to use it' : ''}`;
      let picked = await vscode.window.showQuickPick<Item>(
        [...toItems(compared), ...(others.length > 0 ? [{ label: '', kind: vscode.QuickPickItemKind.Separator, model: '' }, { label: `$(list-unordered) Show all ${context.catalog.models.length} catalog models…`, model: '', showAll: true }] : [])],
        { title, matchOnDescription: true },
      );
      // The catalog's other models only on demand: the first list stays short.
      if (picked?.showAll) picked = await vscode.window.showQuickPick(toItems([...compared, ...others]), { title, matchOnDescription: true });
      if (!picked || !canReplace || picked.model === audited.site.model || picked.model === current) return picked?.model;
      // Compare is a question first: editing code is a second, explicit choice.
      const where = `${vscode.workspace.asRelativePath(document.uri)}:${document.positionAt(audited.site.modelSpan!.start).line + 1}`;
      const confirm = await vscode.window.showQuickPick(
        [{ label: `Replace ${labelText(audited.site.model!)} with ${labelText(picked.model)}`, description: labelText(where), replace: true }, { label: `Keep ${labelText(audited.site.model!)}`, replace: false }],
        { title: `Use ${labelText(picked.model)} for this call?` },
      );
      if (!confirm?.replace) return undefined;
      const span = audited.site.modelSpan!;
      const currentText = document.getText().slice(span.start, span.end);
      const index = currentText.indexOf(audited.site.model!);
      const edit = new vscode.WorkspaceEdit();
      const start = span.start + Math.max(0, index);
      const end = index >= 0 ? start + audited.site.model!.length : span.end;
      edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(end)), picked.model);
      await vscode.workspace.applyEdit(edit);
      return picked.model;
    },
    // From the report's title bar VS Code passes (resource URI, context), so only a format string and a Uri count.
    [CommandId.ExportReport]: async (format?: unknown, requestedTarget?: unknown) => {
      const target = requestedTarget instanceof vscode.Uri ? requestedTarget : undefined;
      const chosen = EXPORT_FORMATS.find((entry) => entry.id === format)
        ?? (await vscode.window.showQuickPick(EXPORT_FORMATS.map(({ id, label, extension, description }) => ({ id, label, extension, description })), { title: 'Export the workspace cost report as' }));
      if (!chosen) return undefined;
      const root = service.root;
      const uri = target ?? (await vscode.window.showSaveDialog({
        defaultUri: root ? vscode.Uri.joinPath(root, `prompt-cost-report.${chosen.extension}`) : undefined,
        filters: { [chosen.label]: [chosen.extension] },
        title: 'Save the prompt cost report',
      }));
      if (!uri) return undefined;
      const { report } = await auditWithProgress(service);
      const configErrors = (await service.session()).problems.filter((problem) => problem.severity === 'error').length;
      const content = renderExport(report, chosen.id, configErrors, root);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
      void vscode.window.showInformationMessage(`Prompt Cost: report saved to ${vscode.workspace.asRelativePath(uri)}`);
      return uri;
    },
    [CommandId.SelectModels]: async (models?: string[]) => {
      const { context } = await service.session();
      let chosen = models;
      if (!chosen) {
        const current = new Set(context.config.compareModels.map((m) => context.catalog.resolve(m)?.id ?? m));
        const picked = await vscode.window.showQuickPick(
          context.catalog.models.map((entry) => ({
            label: labelText(entry.id),
            id: entry.id,
            description: `${labelText(entry.provider)} · $${entry.prices.input}/M in · $${entry.prices.output}/M out`,
            picked: current.has(entry.id),
          })),
          { canPickMany: true, title: 'Models to compare (the first picked is the default for prompts that name none)', matchOnDescription: true },
        );
        if (!picked || picked.length === 0) return undefined;
        chosen = picked.map((item) => item.id);
      }
      await vscode.workspace.getConfiguration('promptCost').update('compareModels', chosen, vscode.ConfigurationTarget.Workspace);
      if (service.configSetsCompareModels) {
        void vscode.window.showWarningMessage('Prompt Cost: .promptcost.yaml sets compareModels, and it wins over this setting. Edit the file to change the models there.');
      }
      return chosen;
    },
    [CommandId.ImportLiteLLM]: async (source?: vscode.Uri) => {
      const uri = source ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { JSON: ['json'] }, title: 'Import a LiteLLM model_prices_and_context_window.json' }))?.[0];
      if (!uri) return undefined;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const imported = importLiteLLM(text, { source: uri.toString(), asOf: new Date().toISOString().slice(0, 10) });
      if (imported.models.length === 0) {
        void vscode.window.showErrorMessage(`Prompt Cost: no chat models with prices found in ${uri.path.split('/').pop()}${imported.problems.length ? ` (${imported.problems.length} problems)` : ''}.`);
        return 0;
      }
      await service.addLiteLLMFile(uri);
      void vscode.window.showInformationMessage(`Prompt Cost: imported ${imported.models.length} models from ${uri.path.split('/').pop()}; they price models the catalog does not know, and .promptcost.yaml overrides still win.`);
      return imported.models.length;
    },
    [CommandId.UpdatePrices]: async (source?: string) => {
      // Opt-in only: nothing is fetched until the user runs this and confirms the address.
      const url = source ?? (await vscode.window.showInputBox({ title: 'Update prices from a LiteLLM price map (http or https)', value: DEFAULT_PRICE_URL, ignoreFocusOut: true }));
      if (!url) return undefined;
      const previous = await service.readStoredPrices();
      if (!/^https?:\/\//i.test(url)) {
        const message = `Prompt Cost: price update failed: ${url} is not an http(s) address; ${keptPricesText(previous)}.`;
        void vscode.window.showErrorMessage(message);
        return message;
      }
      const checked = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Prompt Cost: fetching prices…' }, () => fetchPriceFile(url, fetch, todayUtc()));
      if (!checked.ok) {
        const message = `Prompt Cost: price update failed: ${checked.reason}; ${keptPricesText(previous)}.`;
        log.warn(message);
        void vscode.window.showErrorMessage(message);
        return message;
      }
      await service.storePrices(checked.stored);
      const message = `Prompt Cost: stored ${checked.stored.models} priced models from ${url} (fetched ${checked.stored.fetchedOn}); costs now use them.`;
      log.info(message);
      void vscode.window.showInformationMessage(message);
      return message;
    },
    [CommandId.SimulateCache]: async (uri?: vscode.Uri, offset?: number) => {
      const editor = vscode.window.activeTextEditor;
      const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
      if (!document) return undefined;
      const audit = await service.auditTextDocument(document);
      const at = offset ?? (editor && editor.document === document ? document.offsetAt(editor.selection.active) : 0);
      const audited = audit?.sites.find((s) => s.site.span.start <= at && at <= s.site.span.end) ?? audit?.sites[0];
      if (!audit || !audited?.cache) {
        void vscode.window.showInformationMessage('Prompt Cost: no prompt or LLM call at the cursor to simulate.');
        return undefined;
      }
      const content = renderCacheLayoutMarkdown(audited, audited.cache, audit.lineIndex);
      // The layout is a table and a bar chart: rendered beside the code, it reads at a glance.
      await reports.show(cacheLayoutUri(audit.file, audit.lineIndex.positionAt(audited.site.span.start).line + 1), content, true);
      return content;
    },
    [CommandId.ToggleCodeLens]: async () => {
      const settings = vscode.workspace.getConfiguration('promptCost');
      const enabled = settings.get<boolean>('codeLens.enabled', true);
      await settings.update('codeLens.enabled', !enabled, effectiveTarget(settings, 'codeLens.enabled'));
      return !enabled;
    },
    [CommandId.OpenConfig]: async () => {
      const root = service.root;
      if (!root) {
        void vscode.window.showWarningMessage('Prompt Cost: open a folder first; the configuration lives at its root.');
        return undefined;
      }
      const uri = vscode.Uri.joinPath(root, CONFIG_FILE_NAME);
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        // Creating the file is what the user asked for with this command.
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(CONFIG_TEMPLATE));
      }
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      return uri;
    },
    [CommandId.ShowLog]: () => log.show(),
  };
  return vscode.Disposable.from(
    ...Object.entries(commands).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler!(...args);
        } catch (error) {
          if (error instanceof vscode.CancellationError) {
            log.info(`${id} cancelled`);
            return undefined;
          }
          log.error(`${id} failed: ${(error as Error).stack ?? error}`);
          void vscode.window.showErrorMessage(`Prompt Cost: ${(error as Error).message}`);
          return undefined;
        }
      }),
    ),
  );
}
