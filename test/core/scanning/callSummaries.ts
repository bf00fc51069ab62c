// What the scanner tests read from a file's calls: the calls themselves, their messages as `role: text`, a one-line
// brief, and the resolution summary (model and where it came from, cap, texts and their sources). Shared so that each
// test file states only its expectations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLanguageForPath, scanCode } from '../../../src/core/scanning/code/index';
import { SymbolIndexBuilder, type WorkspaceSymbols } from '../../../src/core/scanning/code/symbolIndex';
import type { PromptSite } from '../../../src/core/types';

const root = join(__dirname, '../../../..');
export const readBundledFile = async (name: string): Promise<Uint8Array> => new Uint8Array(readFileSync(join(root, 'dist/wasm', name)));

/** The calls the scanner finds in `text`, scanned as the language of `name`. */
export async function calls(name: string, text: string): Promise<PromptSite[]> {
  const result = await scanCode(name, text, codeLanguageForPath(name)!, { readBundledFile });
  return result.sites.filter((site) => site.kind === 'call');
}

/** A message's text with run-time parts as `{name}`. */
export function messageText(message: PromptSite['messages'][number]): string {
  return message.segments.map((segment) => (segment.kind === 'static' ? segment.text : `{${segment.name}}`)).join('');
}

/** Each message as `role: text`, run-time parts as `{name}`. */
export function messages(site: PromptSite): string[] {
  return site.messages.map((message) => `${message.role}: ${messageText(message)}`);
}

/** API, provider, model, cap and the cap's parameter name. */
export function brief(site: PromptSite): unknown[] {
  return [site.api, site.provider, site.model, site.maxOutputTokens, site.capParameter ?? null];
}

/** What resolution found for a call: the model, its source and line, the cap, the texts and the lines they came from. */
export function resolutionSummary(site: PromptSite): Record<string, unknown> {
  return {
    model: site.model,
    source: site.modelSource ?? null,
    from: site.modelFrom ? `${site.modelFrom.file}:${site.modelFrom.line}` : null,
    cap: site.maxOutputTokens,
    text: site.messages.map(messageText),
    sources: (site.promptSources ?? []).map((source) => `${source.file}:${source.line}`),
  };
}

/** The workspace symbol index of `files`: code files indexed, the other files given when the index asks for them. */
export function buildIndex(files: Record<string, string>): WorkspaceSymbols {
  const builder = new SymbolIndexBuilder();
  const extras = new Map<string, string>();
  for (const [file, text] of Object.entries(files)) {
    if (/\.(py|ts|js|go|java|cs|rb)$/.test(file)) builder.add(file, text);
    else extras.set(file, text);
  }
  for (const wanted of builder.wantedExtras()) {
    const text = extras.get(wanted);
    if (text !== undefined) builder.addExtra(wanted, text);
  }
  return builder.finish();
}
