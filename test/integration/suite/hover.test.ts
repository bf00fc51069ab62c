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
      String.raw`Output: 160 expected \(prompt asks for ≤ 120 words\) · worst case 300 \(the cap\)`,
      '',
      '| Model | Input | Output | Per call | Per 1,000 | Per month (20,000) | Worst case / month | Cached | Batch |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      String.raw`| **gpt\-4o\-mini** | 170 | 160 | $0.00012 | $0.1215 | $2.43 | $4.11 | $0.00012 | $0.000061 |`,
      String.raw`| gpt\-4o | 170 | 160 | $0.002 | $2.02 | $40.50 | $68.50 | — | $0.001 |`,
      String.raw`| claude\-sonnet\-4\-5 | ~186 | 160 | $0.003 | $2.96 | $59.16 | $101.16 | — | $0.0015 |`,
      String.raw`| gemini\-2\.5\-flash | ~180 | 160 | $0.00045 | $0.454 | $9.08 | $16.08 | — | $0.00023 |`,
      '',
      'Cache (openai, automatic): 64 tokens, under the 1,024 minimum ✗',
      '',
      '```text',
      '██████████████████░░░░░░░░░░░░░░█░░░░░░░░░░░░░░█',
      'C                                              M',
      '█ static  ░ dynamic  C cached 0  M minimum 1,024 (past the end)',
      '```',
      '',
      "_Catalog as of 2026-07-24. Per call, per month, cached and batch are expected costs; worst case = every reply at min(cap, that model's maximum output). Cached = at a 90% cache hit rate. Counts marked ~ are estimates._",
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
      String.raw`Output: 400 expected \(configured typical length\) · worst case 16,384 \(gpt\-4o's maximum output, no cap\)`,
      '',
      '| Model | Input | Output | Per call | Per 1,000 | Per month (300,000) | Worst case / month | Cached | Batch |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      String.raw`| **gpt\-4o** | 1,670 | 400 | $0.0082 | $8.18 | $2,453 | $50,405 | $0.0082 | $0.0041 |`,
      String.raw`| gpt\-4o\-mini | 1,670 | 400 | $0.00049 | $0.4905 | $147.15 | $3,024 | — | $0.00025 |`,
      String.raw`| claude\-sonnet\-4\-5 | ~2,049 | 400 | $0.0121 | $12.15 | $3,644 | $289,844 | — | $0.0061 |`,
      String.raw`| gemini\-2\.5\-flash | ~1,898 | 400 | $0.0016 | $1.57 | $470.82 | $49,322 | — | $0.00078 |`,
      '',
      'Cache (openai, automatic): broken at line 11 · moving dynamic text last saves **$475.20/month**',
      '',
      '```text',
      '░░███████████████████████████████████████████░░░',
      'C                            M',
      '█ static  ░ dynamic  C cached 0  M minimum 1,024',
      '```',
      '',
      "_Catalog as of 2026-07-24. Per call, per month, cached and batch are expected costs; worst case = every reply at min(cap, that model's maximum output). Cached = at a 90% cache hit rate. Counts marked ~ are estimates._",
    ].join('\n'));
  });

  test('src/agent.ts call: Anthropic counts are labelled estimates (±20%) and every Claude row carries ~', async () => {
    const hover = await promptCostHover('src/agent.ts', 7, 30);
    const lines = hover.markdown?.split('\n') ?? [];
    assert.strictEqual(lines[2], 'Input: **~23** static tokens (estimate, ±20%, anthropic-estimate) + 9 framing + 100 assumed for 2 placeholders');
    // Expected: the typical 400-token reply, not the 64,000 cap; each model's worst case is clamped to its own maximum.
    assert.strictEqual(lines[4], String.raw`Output: 400 expected \(configured typical length\) · worst case 64,000 \(the cap\)`);
    assert.deepStrictEqual(lines.slice(8, 12), [
      String.raw`| **claude\-sonnet\-4\-5** | ~132 | 400 | $0.0064 | $6.40 | $127.92 | $19,208 | $0.0064 | $0.0032 |`,
      String.raw`| gpt\-4o\-mini | 127 | 400 | $0.00026 | $0.2591 | $5.18 | $196.99 | — | $0.00013 |`,
      String.raw`| gpt\-4o | 127 | 400 | $0.0043 | $4.32 | $86.35 | $3,283 | — | $0.0022 |`,
      String.raw`| gemini\-2\.5\-flash | ~131 | 400 | $0.001 | $1.04 | $20.79 | $3,201 | — | $0.00052 |`,
    ]);
    assert.strictEqual(lines[13], String.raw`The cap 64,000 exceeds the maximum output of gpt\-4o\-mini (16,384), gpt\-4o (16,384): each model's output is clamped to its own maximum.`);
    assert.strictEqual(lines[15], 'Cache (anthropic, explicit): breakpoints never hit ✗');
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
