// Screenshot scenarios for `node test/integration/run-web.cjs --screenshots=DIR [--scenario=NAME]`.
// Each scenario starts with all editors closed, runs its steps in order and stops at the first step
// that fails (saving NAME-failure.png). Steps, one key each:
//   { open: 'prompts/faq.prompty' }         expand the folders in the Explorer and click the file
//   { waitForCodeLens: 'tokens' }           wait for a CodeLens whose text contains this (string or RegExp)
//   { hoverLine: 25 }                       hover the first word of this 1-based line, wait for the hover
//   { command: 'Prompt Cost: Show ...' }    run a command through the F1 palette, by its visible title
//   { waitForWebviewText: 'Summary' }       wait until some webview's text contains this
//   { press: 'Escape' }                     press a key (Playwright key names)
//   { wait: 500 }                           pause, in milliseconds
//   { shot: 'name.png' }                    save a PNG of the window into DIR
// Any step may add `timeout` (ms, default 30000).
'use strict';

// Site lens, e.g. "61 tokens + 2 placeholders · $0.00021/call · gpt-4o-mini · cap 300".
const costLens = /tokens.* · \$[\d.]+\/call/;

const scenarios = [
  {
    name: 'codelens',
    description: 'A prompt file with its cost lens above the first message',
    steps: [
      { open: 'prompts/faq.prompty' },
      { waitForCodeLens: costLens },
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
];

module.exports = { scenarios };
