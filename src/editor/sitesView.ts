// The "Prompt Costs" view: the last workspace audit's sites grouped by file or by model, most expensive first, with
// expected cost, exposure and finding counts (core/report/siteTree.ts). A click reveals the site or finding; the
// context menu compares models, simulates the cache layout or suppresses a finding; the title bar refreshes,
// switches the grouping and audits the workspace.
import * as vscode from 'vscode';
import type { AuditService } from './auditService';
import type { AuditReport, ReportFinding } from '../core/report/model';
import { buildSiteTree, findingDescription, groupDescription, groupTooltip, NO_MODEL_KEY, OUTSIDE_SITES_KEY, siteDescription, siteLabel, siteTooltip, type SiteTree, type SiteTreeGroup, type SiteTreeGrouping, type SiteTreeSite } from '../core/report/siteTree';
import { labelText, terminalLines, terminalText } from '../core/report/escape';
import { describeRules } from '../core/rules/registry';
import { suppressionFix } from '../core/rules/controls';
import { toWorkspaceEdit } from './convert';
import { CommandId } from './commandIds';

export const SITES_VIEW_ID = 'promptCost.sites';
const GROUPING_KEY = 'promptCost.sites.groupBy';
/** Context keys the view's menus and welcome text read. */
const GROUP_BY_CONTEXT = 'promptCost.sites.groupBy';
const STATE_CONTEXT = 'promptCost.sites.state';
/** Edits and setting changes come in bursts; one audit after they settle. */
const REFRESH_DELAY_MS = 1500;

export type SitesNode =
  | { kind: 'group'; group: SiteTreeGroup }
  | { kind: 'site'; node: SiteTreeSite; parent: SitesNode }
  | { kind: 'finding'; finding: ReportFinding; parent: SitesNode };

const INFORMATION_ICON: [string, string] = ['info', 'problemsInfoIcon.foreground'];
const SEVERITY_ICONS = new Map<string, [string, string]>([
  ['error', ['error', 'problemsErrorIcon.foreground']],
  ['warning', ['warning', 'problemsWarningIcon.foreground']],
  ['information', INFORMATION_ICON],
  ['hint', ['lightbulb', 'problemsInfoIcon.foreground']],
]);
const SITE_ICONS = new Map<string, string>([['call', 'symbol-method'], ['prompt-file', 'note'], ['prompt', 'symbol-string']]);

export class SitesView implements vscode.TreeDataProvider<SitesNode>, vscode.Disposable {
  private tree: SiteTree | undefined;
  private report: AuditReport | undefined;
  private grouping: SiteTreeGrouping;
  private auditing: Promise<void> | undefined;
  private stale = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<SitesNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  readonly view: vscode.TreeView<SitesNode>;
  private ruleTitles: Map<string, string> | undefined;

  constructor(private readonly service: AuditService, private readonly log: vscode.LogOutputChannel, private readonly state: vscode.Memento) {
    this.grouping = state.get<SiteTreeGrouping>(GROUPING_KEY) === 'model' ? 'model' : 'file';
    this.view = vscode.window.createTreeView(SITES_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changeEmitter,
      { dispose: () => clearTimeout(this.refreshTimer) },
      service.onDidAuditWorkspace(({ report }) => this.show(report)),
      // Numbers changed (settings, .promptcost.yaml, prices, an imported module): audit again once it settles.
      service.onDidChange(() => this.scheduleRefresh()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (service.isAuditable(document)) this.scheduleRefresh();
      }),
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible && (this.stale || !this.report)) void this.refresh();
      }),
    );
    void vscode.commands.executeCommand('setContext', GROUP_BY_CONTEXT, this.grouping);
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT, 'none');
    if (service.latestWorkspaceAudit) this.show(service.latestWorkspaceAudit.report);
    else if (this.view.visible) void this.refresh();
  }

  get groupBy(): SiteTreeGrouping {
    return this.grouping;
  }

  async setGrouping(grouping: SiteTreeGrouping): Promise<void> {
    this.grouping = grouping;
    await this.state.update(GROUPING_KEY, grouping);
    await vscode.commands.executeCommand('setContext', GROUP_BY_CONTEXT, grouping);
    if (this.report) this.show(this.report);
  }

  /** Audits the workspace with the view's own progress bar; concurrent calls share one audit. */
  refresh(): Promise<void> {
    this.stale = false;
    this.auditing ??= (async () => {
      try {
        await vscode.commands.executeCommand('setContext', STATE_CONTEXT, this.report ? 'ready' : 'auditing');
        // The audit fires onDidAuditWorkspace, which shows it.
        await vscode.window.withProgress({ location: { viewId: SITES_VIEW_ID } }, () => this.service.auditWorkspace());
      } catch (error) {
        this.log.error(`Prompt Costs view: audit failed: ${(error as Error).stack ?? error}`);
        await vscode.commands.executeCommand('setContext', STATE_CONTEXT, this.report ? 'ready' : 'failed');
      } finally {
        this.auditing = undefined;
      }
    })();
    return this.auditing;
  }

  private scheduleRefresh(): void {
    if (!this.view.visible) {
      this.stale = true;
      return;
    }
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private show(report: AuditReport): void {
    this.report = report;
    this.tree = buildSiteTree(report, this.grouping);
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT, report.sites.length > 0 || report.findings.length > 0 ? 'ready' : 'empty');
    this.changeEmitter.fire(undefined);
  }

  getChildren(element?: SitesNode): SitesNode[] {
    if (!this.tree) return [];
    if (!element) return this.tree.groups.map((group) => ({ kind: 'group', group }));
    if (element.kind === 'group') {
      return [
        ...element.group.sites.map((node): SitesNode => ({ kind: 'site', node, parent: element })),
        ...element.group.otherFindings.map((finding): SitesNode => ({ kind: 'finding', finding, parent: element })),
      ];
    }
    if (element.kind === 'site') return element.node.findings.map((finding) => ({ kind: 'finding', finding, parent: element }));
    return [];
  }

  getParent(element: SitesNode): SitesNode | undefined {
    return element.kind === 'group' ? undefined : element.parent;
  }

  getTreeItem(element: SitesNode): vscode.TreeItem {
    const basis = this.tree?.basis ?? 'month';
    if (element.kind === 'group') {
      const { group } = element;
      const item = new vscode.TreeItem(labelText(group.key), vscode.TreeItemCollapsibleState.Expanded);
      item.description = labelText(groupDescription(group, basis));
      item.id = `group:${this.grouping}:${group.key}`;
      if (this.grouping === 'file') {
        item.resourceUri = this.uriOf(group.key);
        item.iconPath = vscode.ThemeIcon.File;
      } else {
        item.iconPath = new vscode.ThemeIcon(group.key === OUTSIDE_SITES_KEY ? 'warning' : group.key === NO_MODEL_KEY ? 'question' : 'hubot');
      }
      item.tooltip = terminalLines(groupTooltip(group, basis));
      item.contextValue = 'promptCostGroup';
      item.accessibilityInformation = { label: terminalText(`${group.key}, ${groupDescription(group, basis)}`) };
      return item;
    }
    if (element.kind === 'site') {
      const { site } = element.node;
      const label = siteLabel(site, this.grouping);
      const description = siteDescription(element.node, basis);
      const item = new vscode.TreeItem(labelText(label), element.node.findings.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = labelText(description);
      item.id = `site:${this.grouping}:${site.file}:${site.line}:${site.column}:${site.fingerprint}`;
      item.iconPath = new vscode.ThemeIcon(SITE_ICONS.get(site.kind) ?? 'symbol-string');
      item.tooltip = terminalLines(siteTooltip(element.node));
      item.contextValue = site.cache ? 'promptCostSite promptCostCache' : 'promptCostSite';
      item.command = { command: CommandId.SitesReveal, title: 'Reveal', arguments: [element] };
      item.accessibilityInformation = { label: terminalText(`${label}, ${description}`) };
      return item;
    }
    const { finding } = element;
    const title = this.ruleTitle(finding.rule);
    const item = new vscode.TreeItem(labelText(title), vscode.TreeItemCollapsibleState.None);
    item.description = labelText(findingDescription(finding));
    item.id = `finding:${this.grouping}:${finding.file}:${finding.fingerprint}`;
    const [icon, color] = SEVERITY_ICONS.get(finding.severity) ?? INFORMATION_ICON;
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.tooltip = terminalText(`${finding.rule} (${finding.severity}): ${finding.message}`);
    item.contextValue = 'promptCostFinding';
    item.command = { command: CommandId.SitesReveal, title: 'Reveal', arguments: [element] };
    item.accessibilityInformation = { label: terminalText(`${finding.severity} ${title}, ${findingDescription(finding)}`) };
    return item;
  }

  private ruleTitle(rule: string): string {
    this.ruleTitles ??= new Map(describeRules().map((entry) => [entry.id, entry.title]));
    return this.ruleTitles.get(rule) ?? rule;
  }

  uriOf(file: string): vscode.Uri | undefined {
    const known = this.service.uriOf(file);
    if (known) return known;
    const root = this.service.root;
    return root ? vscode.Uri.joinPath(root, ...file.split('/')) : undefined;
  }

  /** The node's document and range (1-based report lines and columns to a VS Code range). */
  async locate(element: SitesNode): Promise<{ document: vscode.TextDocument; range: vscode.Range } | undefined> {
    const at = element.kind === 'site' ? element.node.site : element.kind === 'finding' ? element.finding : undefined;
    if (!at) return undefined;
    const uri = this.uriOf(at.file);
    if (!uri) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    const start = new vscode.Position(at.line - 1, at.column - 1);
    const end = 'endColumn' in at ? new vscode.Position(at.endLine - 1, at.endColumn - 1) : start;
    return { document, range: document.validateRange(new vscode.Range(start, end)) };
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function register(service: AuditService, log: vscode.LogOutputChannel, state: vscode.Memento): { view: SitesView; disposable: vscode.Disposable } {
  const view = new SitesView(service, log, state);
  /** Site commands take the node (from the context menu) and pass the existing commands a document and an offset. */
  const atSite = (command: string) => async (element?: SitesNode) => {
    if (!element) return vscode.commands.executeCommand(command);
    const located = await view.locate(element);
    if (!located) return undefined;
    return vscode.commands.executeCommand(command, located.document.uri, located.document.offsetAt(located.range.start));
  };
  const commands: Record<string, (element?: SitesNode) => unknown> = {
    [CommandId.SitesRefresh]: () => view.refresh(),
    [CommandId.SitesGroupByModel]: () => view.setGrouping('model'),
    [CommandId.SitesGroupByFile]: () => view.setGrouping('file'),
    [CommandId.SitesReveal]: async (element?: SitesNode) => {
      const located = element && (await view.locate(element));
      if (!located) return undefined;
      const editor = await vscode.window.showTextDocument(located.document, { preview: true });
      editor.selection = new vscode.Selection(located.range.start, located.range.end);
      editor.revealRange(located.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return editor;
    },
    [CommandId.SitesCompareModels]: atSite(CommandId.CompareModels),
    [CommandId.SitesSimulateCache]: atSite(CommandId.SimulateCache),
    [CommandId.SitesSuppress]: async (element?: SitesNode) => {
      if (element?.kind !== 'finding') return false;
      const located = await view.locate(element);
      if (!located) return false;
      const { document } = located;
      const audit = await service.auditTextDocument(document);
      const start = document.offsetAt(located.range.start);
      // The finding as the document has it now (the report may be older than the text).
      const live = audit?.findings.find((finding) => finding.rule === element.finding.rule && finding.span.start === start);
      const fix = live && audit ? suppressionFix(document.getText(), live.file, live.span, live.rule, audit.sites.map((audited) => audited.site)) : undefined;
      if (!fix) {
        void vscode.window.showInformationMessage('Prompt Cost: this finding moved or is gone; refresh the Prompt Costs view.');
        return false;
      }
      const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(document, fix));
      if (applied) void view.refresh();
      return applied;
    },
  };
  const disposable = vscode.Disposable.from(
    view,
    ...Object.entries(commands).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (element?: SitesNode) => {
        try {
          return await handler(element);
        } catch (error) {
          log.error(`${id} failed: ${(error as Error).stack ?? error}`);
          void vscode.window.showErrorMessage(`Prompt Cost: ${(error as Error).message}`);
          return undefined;
        }
      }),
    ),
  );
  return { view, disposable };
}
