// "Count Tokens in Selection": a status bar item while the active editor has a selection, in any file (untitled
// buffers and files the scanner does not know included), and a command that lists the count per configured model.
import * as vscode from 'vscode';
import { labelText, terminalText } from '../core/report/escape';
import { countSelection, MAX_SELECTION_CHARS_LIVE, selectionCountLines, tokenAmount, type SelectionCount } from '../core/selectionTokens';
import { formatTokens } from '../core/pricing/cost';
import { CommandId } from './commandIds';
import type { AuditService } from './auditService';

/** Selection changes arrive per keystroke and per drag step; counting waits for the selection to settle. */
const SELECTION_DELAY_MS = 150;

/** What the status item shows, for tests (a status bar item cannot be read back through the VS Code API). */
export interface SelectionStatus {
  visible: boolean;
  text: string;
  tooltip: string;
}

/** The selected text of an editor: every non-empty selection, joined by newlines (multi-cursor selections count together). */
export function selectedText(editor: vscode.TextEditor): string {
  return editor.selections.filter((selection) => !selection.isEmpty).map((selection) => editor.document.getText(selection)).join('\n');
}

/** Status text: the default model's count, then the range across the other configured models when they differ. */
export function selectionStatusText(selection: SelectionCount): { text: string; tooltip: string } {
  const [first, ...others] = selection.counts;
  const differing = others.filter((count) => count.tokens !== first.tokens || count.exact !== first.exact);
  const low = Math.min(...selection.counts.map((count) => count.tokens));
  const high = Math.max(...selection.counts.map((count) => count.tokens));
  const across = differing.length > 0 ? ` (${low === high ? formatTokens(low) : `${formatTokens(low)}–${formatTokens(high)}`} across ${selection.counts.length} models)` : '';
  const text = `$(selection) ${tokenAmount(first)} tokens · ${labelText(first.model)}${across}`;
  const tooltip = [
    `Tokens in the selection (${formatTokens(selection.characters)} characters), by the configured models:`,
    ...selectionCountLines(selection).map((line) => terminalText(line)),
    '~ marks an estimate; only OpenAI encodings count exactly. Click for the list.',
  ].join('\n');
  return { text, tooltip };
}

export class SelectionTokens implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('promptCost.selectionTokens', vscode.StatusBarAlignment.Right, 99);
  private visible = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private latestUpdate: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly service: AuditService, private readonly log: vscode.LogOutputChannel) {
    this.item.name = 'Prompt Cost: Tokens in Selection';
    this.item.command = CommandId.CountSelectionTokens;
    this.disposables = [
      this.item,
      vscode.window.onDidChangeTextEditorSelection(() => this.schedule(SELECTION_DELAY_MS)),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      service.onDidChange(() => this.schedule(0)),
      vscode.commands.registerCommand(CommandId.CountSelectionTokens, () => this.showCounts()),
      { dispose: () => clearTimeout(this.timer) },
    ];
    this.schedule(0);
  }

  get status(): SelectionStatus {
    return { visible: this.visible, text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '' };
  }

  /** Counts now (tests await this rather than the debounce). */
  async refresh(): Promise<SelectionStatus> {
    clearTimeout(this.timer);
    // An update that started while ours awaited the session supersedes ours (it read a newer selection): wait for
    // the newest one, so the status returned is never a previous selection's.
    let running = this.startUpdate();
    await running;
    while (this.latestUpdate !== running) {
      running = this.latestUpdate;
      await running;
    }
    return this.status;
  }

  private startUpdate(): Promise<void> {
    const running = this.update();
    this.latestUpdate = running;
    return running;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.startUpdate(), delay);
  }

  private hide(): void {
    this.visible = false;
    this.item.hide();
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    if (!this.service.editorSettings.statusBarEnabled || !editor || editor.document.uri.scheme === 'output') return this.hide();
    const text = selectedText(editor);
    if (text.length === 0) return this.hide();
    try {
      if (text.length > MAX_SELECTION_CHARS_LIVE) {
        this.item.text = `$(selection) ${formatTokens(text.length)} characters selected`;
        this.item.tooltip = `The selection is longer than ${formatTokens(MAX_SELECTION_CHARS_LIVE)} characters: it is counted only when asked. Click to count it.`;
      } else {
        const { context } = await this.service.session();
        // A newer selection or editor arrived while the session loaded: it shows its own count.
        if (generation !== this.generation) return;
        const counted = countSelection(text, context.config.compareModels, context.catalog);
        if (counted.counts.length === 0) return this.hide();
        const shown = selectionStatusText(counted);
        this.item.text = shown.text;
        this.item.tooltip = shown.tooltip;
      }
      this.visible = true;
      this.item.show();
    } catch (error) {
      this.log.error(`selection count failed: ${(error as Error).stack ?? error}`);
      this.hide();
    }
  }

  /** The command: the counts of the selection (or of the whole document when nothing is selected), one row per model. */
  private async showCounts(): Promise<SelectionCount | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Prompt Cost: open a file and select text to count its tokens.');
      return undefined;
    }
    const selected = selectedText(editor);
    const whole = selected.length === 0;
    const { context } = await this.service.session();
    const counted = countSelection(whole ? editor.document.getText() : selected, context.config.compareModels, context.catalog);
    const lines = selectionCountLines(counted);
    void vscode.window.showQuickPick(
      lines.map((line, index) => ({ label: labelText(line.slice(0, line.indexOf(': '))), description: labelText(line.slice(line.indexOf(': ') + 2)), detail: index === 0 ? 'default model' : undefined })),
      { title: `Tokens in the ${whole ? 'whole document' : 'selection'} (${formatTokens(counted.characters)} characters)` },
    );
    return counted;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
