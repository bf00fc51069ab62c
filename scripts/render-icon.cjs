#!/usr/bin/env node
// Renders scripts/icon.svg to media/icon.png (128×128, the Marketplace icon) with the Chromium the tests use.
// Run once after changing the SVG: node scripts/render-icon.cjs
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

async function main() {
  const root = path.resolve(__dirname, '..');
  const cached = path.join(root, '.vscode-test-web');
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', ...fs.readdirSync(cached).filter((name) => name.startsWith('chromium-')).map((name) => path.join(cached, name, 'chromium'))];
  const executablePath = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!executablePath) throw new Error('no Chromium: run the web tests once (they unpack one) or set CHROME_PATH');
  // The npm-packaged Chromium brings its own libraries and fonts beside the binary.
  const folder = path.dirname(executablePath);
  const env = fs.existsSync(path.join(folder, 'fonts.conf'))
    ? { ...process.env, LD_LIBRARY_PATH: [path.join(folder, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'), FONTCONFIG_PATH: folder, FONTCONFIG_FILE: path.join(folder, 'fonts.conf') }
    : process.env;
  const browser = await chromium.launch({ executablePath, env, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    const svg = fs.readFileSync(path.join(root, 'scripts/icon.svg'), 'utf8');
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: path.join(root, 'media/icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
