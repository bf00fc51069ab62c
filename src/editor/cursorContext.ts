// The context key `promptCost.siteAtCursor`: true while the cursor of the active editor is inside a prompt or LLM call
// or on the line it starts at (siteAt.ts),
// so cursor commands (Compare Models, Simulate Cache Layout) show in menus and the palette only where they can work.
import * as vscode from 'vscode';
import type { AuditService } from './auditService';
import { siteAt } from './siteAt';

export const SITE_AT_CURSOR_KEY = 'promptCost.siteAtCursor';

export class CursorContext implements vscode.Disposable {
  private current = false;
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: AuditService, private readonly log: vscode.LogOutputChannel) {
    const update = () => void this.update();
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(update),
      vscode.window.onDidChangeTextEditorSelection(update),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) update();
      }),
      service.onDidChange(update),
    );
    // The editor open at activation is looked at in the next task, not inside activate() (as the diagnostics do).
    const initial = setTimeout(update, 0);
    this.disposables.push({ dispose: () => clearTimeout(initial) });
  }

  /** The value last set (for tests: context keys cannot be read through the API). */
  get siteAtCursor(): boolean {
    return this.current;
  }

  async update(): Promise<boolean> {
    const generation = ++this.generation;
    let value = false;
    try {
      const editor = vscode.window.activeTextEditor;
      if (editor && this.service.isAuditable(editor.document)) {
        const audit = await this.service.auditTextDocument(editor.document);
        const offset = editor.document.offsetAt(editor.selection.active);
        value = audit ? siteAt(audit.sites, offset, audit.lineIndex) !== undefined : false;
      }
    } catch (error) {
      this.log.error(`siteAtCursor failed: ${(error as Error).stack ?? error}`);
    }
    // A later selection change started its own update: only the newest one sets the key.
    if (generation !== this.generation) return this.current;
    if (value !== this.current) {
      this.current = value;
      await vscode.commands.executeCommand('setContext', SITE_AT_CURSOR_KEY, value);
    }
    return value;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
