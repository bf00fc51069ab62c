import * as assert from 'assert';
import * as vscode from 'vscode';
import { extensionApi, openFile, poll } from './support';

/** Our hover's Markdown at a position (other providers, e.g. TypeScript's, may add their own hovers). */
async function promptCostHover(relativePath: string, line: number, character: number): Promise<{ markdown: string | undefined; range: number[] | undefined }> {
  const editor = await openFile(relativePath);
  const position = new vscode.Position(line, character);
  const read = async () => {
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position)) ?? [];
    const ours = hovers.find((hover) => hover.contents.some((content) => typeof content === 'object' && 'value' in content && content.value.startsWith('**Prompt Cost**')));
    const content = ours?.contents.find((c) => typeof c === 'object' && 'value' in c) as vscode.MarkdownString | undefined;
    return { markdown: content?.value, range: ours?.range && [ours.range.start.line, ours.range.start.character, ours.range.end.line, ours.range.end.character] };
  };
  return poll(read, (hover) => hover.markdown !== undefined);
}

suite('hover', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test('prompts/faq.prompty `system:` shows the per-model table, exact counts, the cap, cache state and catalog date', async () => {
    const hover = await promptCostHover('prompts/faq.prompty', 24, 2);
    assert.deepStrictEqual(hover.range, [24, 0, 24, 7]);
    assert.strictEqual(hover.markdown, [
      '**Prompt Cost** — prompty · model `gpt-4o-mini`',
      '',
      'Input: **61** static tokens (exact, o200k_base) + 9 framing + 100 assumed for 2 placeholders',
      '',
      'Output: cap 300 — priced at the cap',
      '',
      '| Model | Input | Per call | Per 1,000 | Per month (20,000) | Cached | Batch |',
      '|---|---:|---:|---:|---:|---:|---:|',
      String.raw`| **gpt\-4o\-mini** | 170 | $0.00021 | $0.2055 | $4.11 | $0.00021 | $0.0001 |`,
      String.raw`| gpt\-4o | 170 | $0.0034 | $3.43 | $68.50 | — | $0.0017 |`,
      String.raw`| claude\-sonnet\-4\-5 | ~186 | $0.0051 | $5.06 | $101.16 | — | $0.0025 |`,
      String.raw`| gemini\-2\.5\-flash | ~180 | $0.0008 | $0.804 | $16.08 | — | $0.0004 |`,
      '',
      'Cache (openai, automatic): 64 tokens, under the 1,024 minimum ✗',
      '',
      '```text',
      '██████████████████░░░░░░░░░░░░░░█░░░░░░░░░░░░░░█',
      'C                                              M',
      '█ static  ░ dynamic  C cached 0  M minimum 1,024 (past the end)',
      '```',
      '',
      '_Catalog as of 2026-07-24. Cached = expected cost per call at a 90% cache hit rate. Counts marked ~ are estimates._',
    ].join('\n'));
  });

  test('src/support_bot.py call: 300,000 calls/month from the config volume, the broken prefix and what moving it saves', async () => {
    const hover = await promptCostHover('src/support_bot.py', 93, 20);
    assert.deepStrictEqual(hover.range, [93, 15, 93, 45]);
    assert.strictEqual(hover.markdown, [
      String.raw`**Prompt Cost** — openai\.chat\.completions · model ` + '`gpt-4o`',
      '',
      'Input: **1,511** static tokens (exact, o200k_base) + 9 framing + 150 assumed for 3 placeholders',
      '',
      'Output: no cap — 400 expected (configured)',
      '',
      '| Model | Input | Per call | Per 1,000 | Per month (300,000) | Cached | Batch |',
      '|---|---:|---:|---:|---:|---:|---:|',
      String.raw`| **gpt\-4o** | 1,670 | $0.0082 | $8.18 | $2,453 | $0.0082 | $0.0041 |`,
      String.raw`| gpt\-4o\-mini | 1,670 | $0.00049 | $0.4905 | $147.15 | — | $0.00025 |`,
      String.raw`| claude\-sonnet\-4\-5 | ~2,049 | $0.0121 | $12.15 | $3,644 | — | $0.0061 |`,
      String.raw`| gemini\-2\.5\-flash | ~1,898 | $0.0016 | $1.57 | $470.82 | — | $0.00078 |`,
      '',
      'Cache (openai, automatic): broken at line 11 · moving dynamic text last saves **$475.20/month**',
      '',
      '```text',
      '░░███████████████████████████████████████████░░░',
      'C                            M',
      '█ static  ░ dynamic  C cached 0  M minimum 1,024',
      '```',
      '',
      '_Catalog as of 2026-07-24. Cached = expected cost per call at a 90% cache hit rate. Counts marked ~ are estimates._',
    ].join('\n'));
  });

  test('src/agent.ts call: Anthropic counts are labelled estimates (±20%) and every Claude row carries ~', async () => {
    const hover = await promptCostHover('src/agent.ts', 7, 30);
    const lines = hover.markdown?.split('\n') ?? [];
    assert.strictEqual(lines[2], 'Input: **~23** static tokens (estimate, ±20%, anthropic-estimate) + 9 framing + 100 assumed for 2 placeholders');
    assert.strictEqual(lines[4], 'Output: cap 64,000 — priced at the cap');
    assert.deepStrictEqual(lines.slice(8, 12), [
      String.raw`| **claude\-sonnet\-4\-5** | ~132 | $0.9604 | $960.40 | $19,208 | $0.9604 | $0.4802 |`,
      String.raw`| gpt\-4o\-mini | 127 | $0.0384 | $38.42 | $768.38 | — | $0.0192 |`,
      String.raw`| gpt\-4o | 127 | $0.6403 | $640.32 | $12,806 | — | $0.3202 |`,
      String.raw`| gemini\-2\.5\-flash | ~131 | $0.16 | $160.04 | $3,201 | — | $0.08 |`,
    ]);
    assert.strictEqual(lines[13], 'Cache (anthropic, explicit): breakpoints never hit ✗');
  });

  test('no Prompt Cost hover outside a site (the import line of src/classify.ts)', async () => {
    const atCall = await promptCostHover('src/classify.ts', 8, 30);
    assert.deepStrictEqual(atCall.range, [8, 27, 8, 57]);
    const editor = await openFile('src/classify.ts');
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 2))) ?? [];
    const texts = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'object' && 'value' in content ? content.value : String(content))));
    assert.deepStrictEqual(texts.filter((text) => text.startsWith('**Prompt Cost**')), []);
  });
});
