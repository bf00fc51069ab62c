// schemas/promptcost.schema.json and the promptCost.rules setting are derived from the rule registry, the catalog and
// the config's defaults; these tests fail when either drifts. Regenerate with: npm run schema
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { buildConfigSchema, configSchemaText, rulesSchema, catalogModelIds } from '../../src/core/configSchema';
import { KNOWN_KEYS } from '../../src/core/config';
import { CONFIG_TEMPLATE } from '../../src/core/configTemplate';
import { describeRules } from '../../src/core/rules/registry';
import { bundledCatalog } from '../../src/core/pricing/catalog';

const repo = path.resolve(__dirname, '../../..');
const schemaPath = path.join(repo, 'schemas/promptcost.schema.json');
const manifestPath = path.join(repo, 'package.json');
const update = process.env.UPDATE_SCHEMA === '1';

function readManifest(): any {
  return JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
}

test('schemas/promptcost.schema.json is what buildConfigSchema() derives (run `npm run schema` after changing rules, the catalog or defaults)', () => {
  const expected = configSchemaText();
  if (update && (!fs.existsSync(schemaPath) || fs.readFileSync(schemaPath, 'utf8') !== expected)) fs.writeFileSync(schemaPath, expected);
  assert.equal(fs.readFileSync(schemaPath, 'utf8'), expected);
});

test('the promptCost.rules setting lists every rule id with its severity enum, like the schema (run `npm run schema`)', () => {
  const manifest = readManifest();
  const setting = manifest.contributes.configuration.properties['promptCost.rules'];
  const { properties } = rulesSchema() as { properties: Record<string, unknown> };
  if (update && JSON.stringify(setting.properties) !== JSON.stringify(properties)) {
    setting.properties = properties;
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  }
  assert.deepEqual(setting.properties, properties);
  assert.equal(setting.additionalProperties, false);
});

test('the schema knows exactly the keys the config parser knows, every rule id and every catalog model id', () => {
  const schema = buildConfigSchema() as any;
  assert.deepEqual(Object.keys(schema.properties).sort(), [...KNOWN_KEYS].sort());
  assert.deepEqual(Object.keys(schema.properties.rules.properties), describeRules().map((rule) => rule.id));
  assert.equal(schema.properties.rules.properties['model-overkill'].description, `${describeRules().find((rule) => rule.id === 'model-overkill')!.title} (default: information)`);
  const modelEnum = schema.properties.compareModels.items.anyOf[0].enum as string[];
  assert.deepEqual(modelEnum, bundledCatalog().models.map((model) => model.id).sort());
  assert.deepEqual(modelEnum, catalogModelIds());
  for (const id of ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash']) assert.ok(modelEnum.includes(id), id);
  assert.deepEqual(schema.properties.compareModels.default, ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash']);
  assert.equal(schema.properties.expectedOutputTokens.default, 400);
  assert.equal(schema.properties.callsPerMonth.default, 10000);
});

test('the schema accepts the command\'s template and the sample workspace\'s config, and rejects a mistyped key, rule id, severity and TTL', () => {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  const errors = (value: unknown): string[] => (validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}${error.params && 'additionalProperty' in error.params ? ` ${error.params.additionalProperty}` : ''}`));
  assert.deepEqual(errors(parse(CONFIG_TEMPLATE)), []);
  assert.deepEqual(errors(parse(fs.readFileSync(path.join(repo, 'test/fixtures/sample-workspace/.promptcost.yaml'), 'utf8'))), []);
  assert.deepEqual(errors({ complareModels: ['gpt-4o'] }), [' must NOT have additional properties complareModels']);
  assert.deepEqual(errors({ rules: { 'model-overkil': 'warning' } }), ['/rules must NOT have additional properties model-overkil']);
  assert.deepEqual(errors({ rules: { 'model-overkill': 'warnig' } }), ['/rules/model-overkill must be equal to one of the allowed values']);
  assert.deepEqual(errors({ cache: { ttl: '10m' } }), ['/cache/ttl must be equal to one of the allowed values']);
  // A custom model (defined under models:) stays valid in compareModels: the enum offers completion, it does not forbid.
  assert.deepEqual(errors({ compareModels: ['my-azure-deployment'], aliases: { 'my-azure-deployment': 'gpt-4o' } }), []);
});

test('package.json contributes the schema to the YAML extension and every setting has an order', () => {
  const manifest = readManifest();
  assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: '.promptcost.yaml', url: './schemas/promptcost.schema.json' }]);
  const settings = Object.entries(manifest.contributes.configuration.properties) as Array<[string, { order?: number }]>;
  assert.deepEqual(settings.map(([, setting]) => setting.order), settings.map((_, index) => index + 1));
  // The VSIX allowlist ships the schema, the grammar and the language configuration.
  const ignore = fs.readFileSync(path.join(repo, '.vscodeignore'), 'utf8').split('\n');
  for (const line of ['!schemas/**', '!syntaxes/**', '!languages/**']) assert.ok(ignore.includes(line), line);
});
