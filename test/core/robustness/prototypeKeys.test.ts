// Dictionary lookups with repository text (issue 13): model ids, publishers, LiteLLM providers and config keys named
// like Object.prototype members (`constructor`, `toString`, `__proto__`, `hasOwnProperty`) are plain names, never
// members. And a guard: no module-level object-literal table is looked up by a key that could come from a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDocument } from '../../../src/core/audit';
import { parseConfig } from '../../../src/core/config';
import { importLiteLLM } from '../../../src/core/pricing/litellm';
import { defaultContext, repositoryRoot } from './support';

const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

test('a .prompt.yml model "constructor/gpt-4o" has the publisher "constructor" as its provider, a plain string', async () => {
  const context = defaultContext();
  for (const name of PROTOTYPE_NAMES) {
    const text = `model: ${name}/gpt-4o\nmessages:\n  - role: user\n    content: Say hi.\n`;
    const audit = await auditDocument('prompts/a.prompt.yml', text, context);
    assert.equal(audit.sites.length, 1, name);
    assert.equal(audit.sites[0].site.provider, name.toLowerCase(), name);
    assert.equal(typeof audit.sites[0].site.provider, 'string', name);
    assert.deepEqual(audit.problems, [], name);
  }
});

test('bare model ids named like prototype members are unknown models, not catalog entries', async () => {
  const context = defaultContext();
  for (const name of PROTOTYPE_NAMES) {
    const audit = await auditDocument('prompts/a.prompt.yml', `model: ${name}\nmessages:\n  - role: user\n    content: Say hi.\n`, context);
    assert.equal(audit.sites[0].modelEntry, undefined, name);
    assert.equal(audit.sites[0].cost.perCallUsd, null, name);
    assert.deepEqual(audit.findings.filter((finding) => finding.rule === 'unknown-model').length, 1, name);
  }
});

test('a LiteLLM entry with litellm_provider "constructor" keeps that provider and gets no batch discount from the prototype', () => {
  const map = Object.fromEntries(PROTOTYPE_NAMES.map((name) => [`x-${name}`, { mode: 'chat', litellm_provider: name, input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, max_tokens: 100 }]));
  const imported = importLiteLLM(JSON.stringify(map), { source: 'x.json', asOf: '2026-01-01' });
  assert.deepEqual(imported.problems, []);
  assert.deepEqual(imported.models.map((model) => [model.id, model.provider, model.batchDiscount]), PROTOTYPE_NAMES.map((name) => [`x-${name}`, name.replace(/_/g, '-'), undefined]));
});

test('config keys named like prototype members (aliases, rules, models) neither throw nor reach Object.prototype', () => {
  const text = [
    'aliases:',
    ...PROTOTYPE_NAMES.map((name) => `  ${JSON.stringify(name)}: gpt-4o`),
    'rules:',
    ...PROTOTYPE_NAMES.map((name) => `  ${JSON.stringify(name)}: off`),
    'models:',
    ...PROTOTYPE_NAMES.map((name) => `  ${JSON.stringify(name)}:\n    prices: { input: 1, output: 2 }`),
  ].join('\n');
  const loaded = parseConfig(text);
  assert.deepEqual(loaded.problems, []);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(typeof ({} as { toString: unknown }).toString, 'function');
  const context = defaultContext(text);
  assert.ok(context.catalog.models.length > 0);
});

test('guard: module-level object-literal tables are only looked up with our own keys (new ones must be Maps)', () => {
  // Each entry was read and is looked up only with keys the code itself produces; a table keyed by repository
  // text (provider, publisher, model name) is a Map. A new Record table fails here until it is reviewed.
  const reviewed = new Set([
    'src/core/scanning/promptFiles/common.ts: CLOSER_OF', // keyed by the template opener we matched
    'src/core/rules/instructionSentences.ts: INTENT_LABELS', // keyed by our own intent ids
    'src/core/estimates/outputHints.ts: NUMBER_WORDS', // keyed only by words its own NUMBER pattern matched
    'src/core/report/markdown.ts: BASIS_TEXT', // keyed by our own outputBasis values
    'src/core/report/table.ts: BASIS_MARK', // keyed by our own outputBasis values
    'src/core/scanning/notebook.ts: ESCAPES', // keyed by one character after a backslash: no prototype member has a one-letter name
  ]);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const source = fs.readFileSync(full, 'utf8');
        for (const match of source.matchAll(/^(?:export )?const (\w+): (?:Readonly<)?Record<string, [^=]+=\s*\{/gm)) {
          found.push(`${path.relative(repositoryRoot, full).split(path.sep).join('/')}: ${match[1]}`);
        }
      }
    }
  };
  walk(path.join(repositoryRoot, 'src'));
  assert.deepEqual(found.filter((table) => !reviewed.has(table)), []);
});
