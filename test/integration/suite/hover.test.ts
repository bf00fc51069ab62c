import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeLenses, extensionApi, openFile, poll } from './support';
import { statusText } from '../../../src/editor/statusBar';

/** Our hover's Markdown at a position (other providers, e.g. TypeScript's, may add their own hovers). */
async function promptCostHover(relativePath: string, line: number, character: number): Promise<{ markdown: string | undefined; range: number[] | undefined; trusted: unknown }> {
  const editor = await openFile(relativePath);
  const position = new vscode.Position(line, character);
  const read = async () => {
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position)) ?? [];
    const ours = hovers.find((hover) => hover.contents.some((content) => typeof content === 'object' && 'value' in content && content.value.startsWith('**Prompt Cost**')));
    const content = ours?.contents.find((c) => typeof c === 'object' && 'value' in c) as vscode.MarkdownString | undefined;
    return { markdown: content?.value, trusted: content?.isTrusted, range: ours?.range && [ours.range.start.line, ours.range.start.character, ours.range.end.line, ours.range.end.character] };
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

const DETAILS_LINK = /\(command:promptCost\.showSiteDetails\?([^)\s]+)\)/;

/** The hover's details link: its arguments (document URI, site offset), and the hover with the link as `(LINK)`. */
function splitLink(markdown: string | undefined): { args: unknown[]; text: string } {
  const match = DETAILS_LINK.exec(markdown ?? '');
  assert.ok(match, `no details link in ${markdown}`);
  return { args: JSON.parse(decodeURIComponent(match[1])) as unknown[], text: (markdown ?? '').replace(DETAILS_LINK, '(LINK)') };
}

suite('hover', () => {
  suiteSetup(async () => {
    await extensionApi();
  });

  test('prompts/faq.prompty `system:`: a short hover (no table, no bar) with exact counts, the cap, the expected cost, the cache state and a details link', async () => {
    const hover = await promptCostHover('prompts/faq.prompty', 24, 2);
    assert.deepStrictEqual(hover.range, [24, 0, 24, 7]);
    const { args, text } = splitLink(stableAge(hover.markdown));
    const editor = await openFile('prompts/faq.prompty');
    assert.deepStrictEqual(args, [editor.document.uri.toString(), editor.document.offsetAt(new vscode.Position(24, 0))]);
    // Only our details command may run from the hover; repository text in it is escaped.
    assert.deepStrictEqual(hover.trusted, { enabledCommands: ['promptCost.showSiteDetails'] });
    assert.strictEqual(text, [
      '**Prompt Cost** — prompty · model `gpt-4o-mini`',
      '',
      String.raw`Input: **61** static tokens (exact, o200k_base) + 9 framing + \{\{faq\}\} ≈2,000 assumed (retrieved context) + \{\{question\}\} ≈50 assumed (assumedPlaceholderTokens)`,
      '',
      String.raw`Output: 160 expected \(prompt asks for ≤ 120 words\) · worst case 300 \(the cap\)`,
      '',
      String.raw`Expected: **$0.00041/call** · **$8.28/month** at 20,000 calls · worst case $0.0005/call, $9.96/month (gpt\-4o\-mini)`,
      '',
      String.raw`Cache (openai, automatic): 64 tokens, under the 1,024 minimum ✗ · static prefix 64 tokens, ends before \{\{faq\}\} at line 32`,
      '',
      String.raw`Latency: first token ≈0\.4 s, whole reply ≈1\.5 s \(160 tokens at 140 tokens/s; tokenwisehq\.com model\-speed table, undated\)`,
      '',
      '[Cost by model (4), cache layout and price notes](LINK)',
      '',
      '_Catalog as of 2026-12-03. Expected costs; worst case = every reply at its bound; ~ = estimate._',
    ].join('\n'));
  });

  test('src/support_bot.py call: the hover names the broken prefix; its link opens the details beside the code with every model, the bar in words and the bar', async () => {
    const hover = await promptCostHover('src/support_bot.py', 93, 20);
    assert.deepStrictEqual(hover.range, [93, 15, 93, 45]);
    const { args, text } = splitLink(stableAge(hover.markdown));
    assert.deepStrictEqual(text.split('\n').slice(6, 9), [
      String.raw`Expected: **$0.008/call** · **$2,393/month** at 300,000 calls · worst case $0.1678/call, $50,345/month (gpt\-4o)`,
      '',
      String.raw`Cache (openai, automatic): broken at line 11 · static prefix 6 tokens, ends before \{today\} at line 11 · moving dynamic text last saves **$475.20/month**`,
    ]);
    const details = await vscode.commands.executeCommand<string>('promptCost.showSiteDetails', ...args);
    assert.ok(details);
    assert.strictEqual(stableAge(details), [
      String.raw`**Prompt Cost details** — openai\.chat\.completions · model ` + '`gpt-4o`',
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
      String.raw`In send order: 6 static tokens, then ≈10 dynamic \(\{today\}\), then 1,508 static, then ≈10 dynamic \(\{customer\_name\}\), then 3 static, then ≈50 dynamic \(\{question\}\), then 3 static\. Cached prefix: 0 tokens; provider minimum 1,024\.`,
      '',
      'The same as a bar (█ static, ░ dynamic):',
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
    // A read-only report document named after the site, never a dirty untitled buffer.
    const opened = vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'prompt-cost-report' && document.uri.path === '/Cost Details support_bot.py 94.md');
    assert.ok(opened, vscode.workspace.textDocuments.map((document) => document.uri.toString()).join(', '));
    assert.strictEqual(opened.isDirty, false);
  });

  test('src/agent.ts call: Anthropic counts are labelled estimates (±20%) and every Claude row of the details carries ~', async () => {
    const hover = await promptCostHover('src/agent.ts', 7, 30);
    const lines = hover.markdown?.split('\n') ?? [];
    assert.strictEqual(lines[2], String.raw`Input: **~23** static tokens (estimate, ±20%, anthropic-estimate) + 9 framing + $\{customerTier\} ≈10 assumed (short value) + thread ≈2,000 assumed (conversation)`);
    // Expected: the typical 400-token reply, not the 64,000 cap.
    assert.strictEqual(lines[4], String.raw`Output: 400 expected \(configured typical length\) · worst case 64,000 \(the cap\)`);
    assert.strictEqual(lines[8], String.raw`Cache (anthropic, explicit): breakpoints never hit ✗ · static prefix 16 tokens, ends before $\{customerTier\} at line 14`);
    const details = (await vscode.commands.executeCommand<string>('promptCost.showSiteDetails', ...splitLink(hover.markdown).args))?.split('\n') ?? [];
    // Each model's worst case is clamped to its own maximum; gemini-2.5-flash thinks by default (4,096 reasoning tokens assumed).
    assert.deepStrictEqual(details.slice(8, 12), [
      String.raw`| **claude\-sonnet\-4\-5** | ~2,042 | 400 | $0.0121 | $12.13 | $242.52 | $19,323 | $0.0121 | $0.0061 |`,
      String.raw`| gpt\-4o\-mini | 2,037 | 400 | $0.00055 | $0.5455 | $10.91 | $202.72 | — | $0.00027 |`,
      String.raw`| gpt\-4o | 2,037 | 400 | $0.0091 | $9.09 | $181.85 | $3,379 | — | $0.0045 |`,
      String.raw`| gemini\-2\.5\-flash | ~2,041 | 4,496 | $0.0119 | $11.85 | $237.05 | $3,212 | — | $0.0059 |`,
    ]);
    assert.strictEqual(details[13], String.raw`The cap 64,000 exceeds the maximum output of gpt\-4o\-mini (16,384), gpt\-4o (16,384): each model's output is clamped to its own maximum.`);
  });

  test('one figure, one spelling: src/support_bot.py:94 reads $0.008/call and $2,393/month in the lens, hover, status bar, Prompt Costs view and details', async () => {
    const api = await extensionApi();
    const editor = await openFile('src/support_bot.py');
    const lens = (await poll(() => codeLenses(editor.document.uri), (found) => found.some((l) => l.line === 93 && (l.title?.includes('/call') ?? false)))).find((l) => l.line === 93 && l.title?.includes('/call'));
    assert.strictEqual(lens?.title, '1,511 tokens + 3 placeholders · $0.008/call · $2,393/month · gpt-4o');
    const hover = await promptCostHover('src/support_bot.py', 93, 20);
    assert.match(hover.markdown ?? '', /Expected: \*\*\$0\.008\/call\*\* · \*\*\$2,393\/month\*\*/);
    const audit = await api.service.auditTextDocument(editor.document);
    assert.match(statusText(audit!)!.tooltip, /expected \$0\.008\/call, \$2,393\/month/);
    await vscode.commands.executeCommand('promptCost.sites.refresh');
    const group = api.sitesView.getChildren().find((node) => node.kind === 'group' && node.group.key === 'src/support_bot.py')!;
    assert.match(String(api.sitesView.getTreeItem(group).description), /^\$2,393\/month expected/);
    const details = await vscode.commands.executeCommand<string>('promptCost.showSiteDetails', ...splitLink(hover.markdown).args);
    assert.match(details ?? '', /\| \*\*gpt\\-4o\*\* \| 1,590 \| 400 \| \$0\.008 \| \$7\.97 \| \$2,393 \|/);
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
