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

/** The price data's age and the pricing day depend on the day the suite runs: pinned to placeholders. */
function stableAge(markdown: string | undefined): string | undefined {
  return markdown
    ?.replace(/\\\(\d+ days? old\\\), priced for \d{4}\\-\d{2}\\-\d{2}/, '(AGE), priced for TODAY')
    .replace(/\n\n_Warning: the price data is [^\n]*_$/, '');
}
const PRICE_DATA_LINE = String.raw`_Prices as of 2026\-12\-03 (AGE), priced for TODAY; source: bundled catalog\._`;

suite('hover', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test('prompts/faq.prompty `system:` shows the per-model table, exact counts, the cap, cache state and catalog date', async () => {
    const hover = await promptCostHover('prompts/faq.prompty', 24, 2);
    assert.deepStrictEqual(hover.range, [24, 0, 24, 7]);
    assert.strictEqual(stableAge(hover.markdown), [
      '**Prompt Cost** — prompty · model `gpt-4o-mini`',
      '',
      String.raw`Input: **61** static tokens (exact, o200k_base) + 9 framing + \{\{faq\}\} ≈2,000 assumed (retrieved context) + \{\{question\}\} ≈50 assumed (assumedPlaceholderTokens)`,
      '',
      String.raw`Output: 160 expected \(prompt asks for ≤ 120 words\) · worst case 300 \(the cap\)`,
      '',
      '| Model | Input | Output | Per call | Per 1,000 | Per month (20,000) | Worst case / month | Cached | Batch |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      String.raw`| **gpt\-4o\-mini** | 2,120 | 160 | $0.00041 | $0.414 | $8.28 | $9.96 | $0.00041 | $0.00021 |`,
      String.raw`| gpt\-4o | 2,120 | 160 | $0.0069 | $6.90 | $138.00 | $166.00 | — | $0.0034 |`,
      String.raw`| claude\-sonnet\-4\-5 | ~2,136 | 160 | $0.0088 | $8.81 | $176.16 | $218.16 | — | $0.0044 |`,
      String.raw`| gemini\-2\.5\-flash | ~2,130 | 300 | $0.0014 | $1.39 | $27.78 | $27.78 | — | $0.00069 |`,
      '',
      String.raw`Static prefix: **64** tokens in send order, ending before \{\{faq\}\} at line 32 (provider minimum 1,024)`,
      '',
      'Cache (openai, automatic): 64 tokens, under the 1,024 minimum ✗',
      '',
      '```text',
      '█░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░',
      'C                      M',
      '█ static  ░ dynamic  C cached 0  M minimum 1,024',
      '```',
      '',
      String.raw`Latency: first token ≈0\.4 s, whole reply ≈1\.5 s \(160 tokens at 140 tokens/s; tokenwisehq\.com model\-speed table, undated\)`,
      '',
      "_Catalog as of 2026-12-03. Per call, per month, cached and batch are expected costs; worst case = every reply at min(cap, that model's maximum output). Cached = at a 90% cache hit rate. Counts marked ~ are estimates._",
      '',
      PRICE_DATA_LINE,
    ].join('\n'));
  });

  test('src/support_bot.py call: 300,000 calls/month from the config volume, the broken prefix and what moving it saves', async () => {
    const hover = await promptCostHover('src/support_bot.py', 93, 20);
    assert.deepStrictEqual(hover.range, [93, 15, 93, 45]);
    assert.strictEqual(stableAge(hover.markdown), [
      String.raw`**Prompt Cost** — openai\.chat\.completions · model ` + '`gpt-4o`',
      '',
      String.raw`Input: **1,511** static tokens (exact, o200k_base) + 9 framing + \{today\} ≈10 assumed (short value) + \{customer\_name\} ≈10 assumed (short value) + \{question\} ≈50 assumed (assumedPlaceholderTokens)`,
      '',
      String.raw`Output: 400 expected \(configured typical length\) · worst case 16,384 \(gpt\-4o's maximum output, no cap\)`,
      '',
      '| Model | Input | Output | Per call | Per 1,000 | Per month (300,000) | Worst case / month | Cached | Batch |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      String.raw`| **gpt\-4o** | 1,590 | 400 | $0.008 | $7.97 | $2,393 | $50,345 | $0.008 | $0.004 |`,
      String.raw`| gpt\-4o\-mini | 1,590 | 400 | $0.00048 | $0.4785 | $143.55 | $3,021 | — | $0.00024 |`,
      String.raw`| claude\-sonnet\-4\-5 | ~1,969 | 400 | $0.0119 | $11.91 | $3,572 | $289,772 | — | $0.006 |`,
      String.raw`| gemini\-2\.5\-flash | ~1,818 | 4,496 | $0.0118 | $11.79 | $3,536 | $49,315 | — | $0.0059 |`,
      '',
      String.raw`Static prefix: **6** tokens in send order, ending before \{today\} at line 11 (provider minimum 1,024)`,
      '',
      'Cache (openai, automatic): broken at line 11 · moving dynamic text last saves **$475.20/month**',
      '',
      '```text',
      '██████████████████████████████████████████████░░',
      'C                             M',
      '█ static  ░ dynamic  C cached 0  M minimum 1,024',
      '```',
      '',
      String.raw`Latency: first token ≈0\.45 s, whole reply ≈3\.5 s \(400 tokens at 131 tokens/s; Artificial Analysis medians via induwara\.lk, 2026\-06\-24\)`,
      '',
      "_Catalog as of 2026-12-03. Per call, per month, cached and batch are expected costs; worst case = every reply at min(cap, that model's maximum output). Cached = at a 90% cache hit rate. Counts marked ~ are estimates._",
      '',
      PRICE_DATA_LINE,
    ].join('\n'));
  });

  test('src/agent.ts call: Anthropic counts are labelled estimates (±20%) and every Claude row carries ~', async () => {
    const hover = await promptCostHover('src/agent.ts', 7, 30);
    const lines = hover.markdown?.split('\n') ?? [];
    assert.strictEqual(lines[2], String.raw`Input: **~23** static tokens (estimate, ±20%, anthropic-estimate) + 9 framing + $\{customerTier\} ≈10 assumed (short value) + thread ≈2,000 assumed (conversation)`);
    // Expected: the typical 400-token reply, not the 64,000 cap; each model's worst case is clamped to its own maximum.
    // gemini-2.5-flash thinks by default (dynamic, priced as medium: 4,096 reasoning tokens assumed) on top of the reply.
    assert.strictEqual(lines[4], String.raw`Output: 400 expected \(configured typical length\) · worst case 64,000 \(the cap\)`);
    assert.deepStrictEqual(lines.slice(8, 12), [
      String.raw`| **claude\-sonnet\-4\-5** | ~2,042 | 400 | $0.0121 | $12.13 | $242.52 | $19,323 | $0.0121 | $0.0061 |`,
      String.raw`| gpt\-4o\-mini | 2,037 | 400 | $0.00055 | $0.5455 | $10.91 | $202.72 | — | $0.00027 |`,
      String.raw`| gpt\-4o | 2,037 | 400 | $0.0091 | $9.09 | $181.85 | $3,379 | — | $0.0045 |`,
      String.raw`| gemini\-2\.5\-flash | ~2,041 | 4,496 | $0.0119 | $11.85 | $237.05 | $3,212 | — | $0.0059 |`,
    ]);
    assert.strictEqual(lines[13], String.raw`The cap 64,000 exceeds the maximum output of gpt\-4o\-mini (16,384), gpt\-4o (16,384): each model's output is clamped to its own maximum.`);
    assert.strictEqual(lines[15], String.raw`Static prefix: **16** tokens in send order, ending before $\{customerTier\} at line 14 (provider minimum 1,024)`);
    assert.strictEqual(lines[17], 'Cache (anthropic, explicit): breakpoints never hit ✗');
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
