// Screenshot scenarios for `node test/integration/run-web.cjs --screenshots=DIR [--scenario=NAME]`.
// Each scenario starts with all editors closed, runs its steps in order and stops at the first step
// that fails (saving NAME-failure.png). Steps, one key each:
//   { open: 'prompts/faq.prompty' }         expand the folders in the Explorer and click the file
//   { waitForCodeLens: 'tokens' }           wait for a CodeLens whose text contains this (string or RegExp)
//   { hoverLine: 25 }                       hover the first word of this 1-based line, wait for the hover
//   { goToLine: 94 }                        move the cursor to this 1-based line (scrolls it into view)
//   { command: 'Prompt Cost: Show ...' }    run a command through the F1 palette, by its visible title
//   { waitForWebviewText: 'Summary' }       wait until some webview's text contains this
//   { assertWebview: { text, none } }       the webview showing `text` has no element matching a selector of `none`
//   { waitForText: { selector, text } }     wait for a workbench element matching the CSS selector with this text
//   { click: 'css selector' }               click the first workbench element matching (Playwright CSS, :has-text() too)
//   { sideBarWidth: 560 }                   drag the side bar's edge so it is about this wide
//   { moveMouse: [x, y] }                   move the mouse (away from a tooltip it would otherwise show)
//   { press: 'Escape' }                     press a key (Playwright key names)
//   { wait: 500 }                           pause, in milliseconds
//   { shot: 'name.png' }                    save a PNG of the window into DIR
// Any step may add `timeout` (ms, default 30000). A scenario may add `files` ({ path: text }) written into the
// workspace before the workbench starts; such a scenario runs only when named with --scenario.
'use strict';

// Cost lens, e.g. "61 tokens + 2 placeholders · $0.00041/call · $8.28/month · gpt-4o-mini".
const costLens = /tokens.* · \$[\d.]+\/call/;

// Text of a prompt that tries to inject markup into the summary panel (name and content). The webview's only
// scripts are ours (with the nonce) and the one VS Code injects for acquireVsCodeApi (#_vscodeApiScript).
const hostilePrompt = '<script>alert(1)</script>\n</textarea>\n"><img src=x onerror=alert(1)>\nSummarize {ticket} for the engineer.\n';


/** The Prompt Costs view with support_bot.py's call expanded to its two findings, the call open beside it. */
const sitesViewSteps = (shot) => [
  { open: 'src/support_bot.py' },
  { goToLine: 94 },
  { waitForCodeLens: costLens },
  { command: 'View: Show Prompt Costs' },
  { sideBarWidth: 560 },
  { waitForText: { selector: '.monaco-list-row', text: '$2,393/month expected' } },
  { click: '.monaco-list-row:has-text("line 94 ·") .monaco-tl-twistie' },
  { waitForText: { selector: '.monaco-list-row', text: 'Generation without an output cap' } },
  { wait: 500 },
  { shot },
  { sideBarWidth: 300 }, // back to the default width for the scenarios after this one
];

const scenarios = [
  {
    name: 'codelens',
    description: 'The Python call with its cost lens and its finding lens (no output cap), and the status bar item',
    steps: [
      { open: 'src/support_bot.py' },
      { goToLine: 94 },
      { waitForCodeLens: 'Generation without an output cap' },
      { shot: 'codelens.png' },
    ],
  },
  {
    name: 'hover',
    description: 'Hovering a message line of a prompt file',
    steps: [
      { open: 'prompts/faq.prompty' },
      { waitForCodeLens: costLens },
      { hoverLine: 25 }, // `system:` of the sample workspace's faq.prompty
      { shot: 'hover.png' },
      { press: 'Escape' },
    ],
  },
  {
    name: 'problems',
    description: 'Findings of two source files in the Problems panel',
    steps: [
      { open: 'src/classify.ts' },
      { waitForCodeLens: costLens },
      { open: 'src/support_bot.py' },
      { goToLine: 94 },
      { waitForCodeLens: costLens },
      { command: 'View: Focus Problems (Errors, Warnings, Infos)' },
      { wait: 1500 },
      { shot: 'problems.png' },
      { press: 'Control+j' }, // hide the panel again
    ],
  },
  {
    name: 'summary',
    description: 'The workspace cost summary panel',
    steps: [
      { open: 'prompts/faq.prompty' },
      { command: 'Prompt Cost: Show Workspace Cost Summary' },
      { waitForWebviewText: 'Prompt cost summary' },
      { waitForWebviewText: 'per month' },
      { shot: 'summary.png' },
    ],
  },
  {
    name: 'cache',
    description: 'Simulate Cache Layout beside the Python call whose prefix {today} breaks',
    steps: [
      { open: 'src/support_bot.py' },
      { goToLine: 94 },
      { waitForCodeLens: 'Generation without an output cap' },
      { press: 'End' }, // onto the call: the cursor commands need the cursor inside the site
      { command: 'Prompt Cost: Simulate Cache Layout' },
      { waitForWebviewText: 'breaks the prefix' },
      { wait: 500 },
      { shot: 'cache.png' },
    ],
  },
  {
    name: 'audit-report',
    description: 'Audit Workspace: the report as a read-only Markdown preview (no dirty untitled buffer)',
    steps: [
      { open: 'prompts/faq.prompty' },
      { command: 'Prompt Cost: Audit Workspace' },
      { waitForWebviewText: 'Findings' },
      { wait: 800 },
      { shot: 'audit-report.png' },
    ],
  },
  {
    name: 'hostile',
    description: 'A prompt file with markup in its text and name renders as inert text in the summary panel',
    files: { 'prompts/hostile.txt': hostilePrompt, 'prompts/<b>bold.txt': hostilePrompt },
    steps: [
      { open: 'prompts/faq.prompty' },
      { command: 'Prompt Cost: Show Workspace Cost Summary' },
      { waitForWebviewText: 'prompts/hostile.txt' },
      { assertWebview: { text: 'prompts/<b>bold.txt', none: ['img', 'b', 'textarea', 'iframe', 'script:not([nonce]):not(#_vscodeApiScript)', '[onerror]'] } },
      { shot: 'hostile.png' },
    ],
  },
  {
    name: 'sites-view',
    description: 'The Prompt Costs view: sites by file, most expensive first, with expected cost, exposure and findings',
    steps: sitesViewSteps('sites-view.png'),
  },
  {
    name: 'site-details',
    description: "The hover's details link: every compared model, the cache layout in words and as a bar, beside the code",
    steps: [
      { open: 'src/support_bot.py' },
      { goToLine: 94 },
      { waitForCodeLens: costLens },
      // The cursor at column 1 of the call's line: the cursor commands count the line a site starts at (siteAt.ts).
      { command: 'Prompt Cost: Show Cost Details for Prompt at Cursor' },
      { waitForWebviewText: 'In send order' },
      { command: 'View: Toggle Primary Side Bar Visibility' }, // room for the details' table beside the code
      { moveMouse: [400, 760] }, // off the toolbar the palette row was clicked over (its tooltip)
      { wait: 800 },
      { shot: 'site-details.png' },
      { command: 'View: Toggle Primary Side Bar Visibility' },
    ],
  },
  {
    name: 'compare-models',
    description: 'Compare Models at the call: cheapest first, the current model marked, the catalog on demand',
    steps: [
      { open: 'src/support_bot.py' },
      { goToLine: 94 },
      { waitForCodeLens: costLens },
      { command: 'Prompt Cost: Compare Models for Prompt at Cursor' },
      { waitForText: { selector: '.quick-input-widget', text: 'current' } },
      { moveMouse: [400, 760] },
      { shot: 'compare-models.png' },
      { press: 'Escape' },
    ],
  },
  {
    name: 'config-diagnostics',
    description: '.promptcost.yaml with a mistyped rule id and model: the extension\'s own diagnostics, without the YAML extension',
    files: {
      '.promptcost.yaml': 'compareModels: [gpt-4o-mini, gpt-4o-mni]\ncallsPerMonth: 20000\nrules:\n  model-overkil: warning\n  unbounded-output: warnig\n',
    },
    steps: [
      { open: '.promptcost.yaml' },
      { command: 'View: Focus Problems (Errors, Warnings, Infos)' },
      { waitForText: { selector: '.markers-panel', text: 'model-overkil' } },
      { wait: 800 },
      { shot: 'config-diagnostics.png' },
    ],
  },
  {
    name: 'selection-tokens',
    description: 'A selection in a prompt file: its token count by the configured models in the status bar',
    steps: [
      { open: 'prompts/style-guide.md' },
      { waitForCodeLens: costLens },
      { click: '.monaco-editor .view-lines' },
      { press: 'Control+a' },
      { waitForText: { selector: '.statusbar', text: 'tokens · gpt-4o-mini' } },
      { wait: 500 },
      { shot: 'selection-tokens.png' },
    ],
  },
  {
    name: 'walkthrough',
    description: 'Prompt Cost: Get Started opens the walkthrough',
    steps: [
      { command: 'Prompt Cost: Get Started' },
      { waitForText: { selector: 'body', text: 'Read a finding and apply its fix' } },
      { click: 'text="See a prompt\'s cost"' },
      { waitForWebviewText: 'Open a prompt file' },
      { wait: 800 },
      { shot: 'walkthrough.png' },
    ],
  },
  ...['Default Dark Modern', 'Default High Contrast'].map((theme) => ({
    name: theme === 'Default Dark Modern' ? 'sites-view-dark' : 'sites-view-high-contrast',
    description: `The Prompt Costs view in the ${theme} theme`,
    files: { '.vscode/settings.json': JSON.stringify({ 'workbench.colorTheme': theme }) },
    steps: sitesViewSteps(theme === 'Default Dark Modern' ? 'sites-view-dark.png' : 'sites-view-high-contrast.png'),
  })),
  ...['Default Dark Modern', 'Default High Contrast'].map((theme) => ({
    name: theme === 'Default Dark Modern' ? 'summary-dark' : 'summary-high-contrast',
    description: `The summary panel in the ${theme} theme: colours come from the theme's CSS variables`,
    files: { '.vscode/settings.json': JSON.stringify({ 'workbench.colorTheme': theme }) },
    steps: [
      { open: 'src/support_bot.py' },
      { goToLine: 94 },
      { waitForCodeLens: 'Generation without an output cap' },
      { command: 'Prompt Cost: Show Workspace Cost Summary' },
      { waitForWebviewText: 'What fixing it would save' },
      { wait: 800 },
      { shot: theme === 'Default Dark Modern' ? 'summary-dark.png' : 'summary-high-contrast.png' },
    ],
  })),
];

module.exports = { scenarios };
