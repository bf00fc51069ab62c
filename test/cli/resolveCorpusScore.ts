// Scores the CLI's JSON report of test/fixtures/resolve-corpus against its blind labels (labels.json): models, caps and
// static prompt tokens. Expected tokens are the labelled text runs counted with the tokenizer of the model the tool
// priced, so the text score measures the text alone (a wrong model is counted once, as a model miss).
import * as fs from 'fs';
import * as path from 'path';
import { countForModel } from '../../src/core/audit';
import { loadCatalog } from '../../src/core/pricing/catalog';

export interface CorpusLabel { file: string; line: number; provider: string; model: string | null; crossFile?: boolean; cap?: number | null; static?: string[] }
export interface CorpusSite { file: string; line: number; kind: string; provider: string | null; model: string | null; pricedModel: string | null; modelSource: string; maxOutputTokens: unknown; tokens: { static: number; exact: boolean; tokenizer: string } }

const PROVIDER_OF_CATALOG_ID: Array<[RegExp, string]> = [[/^claude-/, 'anthropic'], [/^gemini-/, 'google'], [/^(gpt-|o\d)/, 'openai']];

export interface CorpusScore {
  findable: number;
  resolved: number;
  inFile: number;
  resolvedInFile: number;
  otherProvider: number;
  /** Calls labelled with their static text: how many, and how many the tool counts exactly that many tokens for. */
  withText: number;
  textExact: number;
  withCap: number;
  capRight: number;
  misses: string[];
}

export function scoreCorpus(corpus: string, sites: CorpusSite[]): CorpusScore {
  const labels: CorpusLabel[] = JSON.parse(fs.readFileSync(path.join(corpus, 'labels.json'), 'utf8')).calls;
  const catalog = loadCatalog().catalog;
  const score: CorpusScore = { findable: 0, resolved: 0, inFile: 0, resolvedInFile: 0, otherProvider: 0, withText: 0, textExact: 0, withCap: 0, capRight: 0, misses: [] };
  for (const label of labels) {
    const where = `${label.file}:${label.line}`;
    const site = sites.find((candidate) => candidate.kind === 'call' && candidate.file === label.file && candidate.line === label.line);
    if (!site) {
      score.misses.push(`${where} not found`);
      continue;
    }
    const pricedProvider = PROVIDER_OF_CATALOG_ID.find(([pattern]) => pattern.test(site.pricedModel ?? ''))?.[1];
    if (pricedProvider && pricedProvider !== label.provider) score.otherProvider++;
    if (label.model !== null) {
      score.findable++;
      if (!label.crossFile) score.inFile++;
      if (site.model === label.model) {
        score.resolved++;
        if (!label.crossFile) score.resolvedInFile++;
      } else score.misses.push(`${where} model ${site.model} (reader: ${label.model})`);
    }
    if (label.static) {
      score.withText++;
      const entry = site.pricedModel ? catalog.resolve(site.pricedModel) : undefined;
      const expected = label.static.reduce((sum, run) => sum + countForModel(run, entry, site.pricedModel, site.provider).tokens, 0);
      if (site.tokens.static === expected) score.textExact++;
      else score.misses.push(`${where} static tokens ${site.tokens.static} (reader: ${expected} with ${site.pricedModel})`);
    }
    if (label.cap !== undefined) {
      score.withCap++;
      if (site.maxOutputTokens === label.cap) score.capRight++;
      else score.misses.push(`${where} cap ${String(site.maxOutputTokens)} (reader: ${label.cap})`);
    }
  }
  return score;
}
