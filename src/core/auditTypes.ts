// The audit's data types, apart from the pipeline (audit.ts) so that rules, reports and the cache simulation import no code from it.
import type { CacheSimulation } from './cache/types';
import type { AuditConfig } from './config';
import type { LineIndex } from './lineIndex';
import type { CostEstimate } from './pricing/cost';
import type { Catalog, ModelEntry, ServiceTier } from './pricing/types';
import type { ScanContext } from './scanning';
import type { TokenizerId } from './tokenizing/types';
import type { Finding, ModelSource, PromptSite, ScanProblem } from './types';
import type { OutputHint } from './estimates/outputHints';
import type { PlaceholderSize } from './estimates/placeholderSizes';
import type { LatencyEstimate } from './estimates/latency';

export interface SiteTokens {
  /** Exact (or estimated) count of the literal text the site sends, placeholders excluded. */
  static: number;
  /** Chat framing overhead (OpenAI cookbook formula). */
  framing: number;
  /** Tokens assumed for the placeholders' values: each placeholder's assumed size × its occurrences. */
  assumedDynamic: number;
  exact: boolean;
  tokenizer: TokenizerId;
  errorBand?: number;
  /** Static tokens of each message, in send order. */
  perMessage: number[];
  /** Assumed size of each placeholder (first occurrence order; `occurrences` counts repeats) and where it comes from. */
  placeholders: Array<{ name: string; raw: string; occurrences: number; joins?: string } & PlaceholderSize>;
}

export interface AuditedSite {
  site: PromptSite;
  /** Hash of the site's kind, API and text (report fingerprints); the text itself is not kept. */
  contentHash?: string;
  /** The model the numbers are for: the site's, else the configured default. */
  modelId: string | null;
  modelIsDefault: boolean;
  /** Where `modelId` came from: the site's own source, or `provider-default`/`workspace-default` for a site naming none. */
  modelSource: ModelSource;
  modelEntry?: ModelEntry;
  tokens: SiteTokens;
  cost: CostEstimate;
  /** The reply length the prompt asks for, when it says; every repricing of the site (other models, fixes) uses it. */
  outputHint?: OutputHint;
  /** LLM calls per month from this site: the configured volume × `callsPerRun`. */
  callsPerMonth: number | null;
  /** Calls per run of the surrounding code, when loops with literal bounds repeat the call (absent = 1). */
  callsPerRun?: number;
  cache?: CacheSimulation;
  /** Time to first token and to the end of the expected reply at the model's typical speed (catalog `outputSpeeds`). */
  latency?: LatencyEstimate;
  /** Service tier the site is priced at: the call's own `service_tier`, else the config's glob, else standard. */
  serviceTier?: ServiceTier;
  /** Price tiers applied to this site's request (long context, service tier), in words; empty = standard prices. */
  priceTiers?: string[];
}

export interface DocumentAudit {
  file: string;
  lineIndex: LineIndex;
  sites: AuditedSite[];
  findings: Finding[];
  problems: ScanProblem[];
  /** Other files the scan looked values up in through the workspace symbol index (the result cache checks them). */
  dependencies?: string[];
  /**
   * In a workspace audit, this document's prompt-file sites that calls send, priced with the first sender's model and
   * cap (`site.sentBy`); they are not in `sites`, since their tokens count at the calls.
   */
  sentPromptFiles?: AuditedSite[];
  /**
   * Set on an audit a many-file run keeps without the document's text (see crossFileInputs.ts): the static texts that are
   * the document's own text at their spans are emptied, and what the cross-file steps need is kept instead.
   */
  detached?: DetachedTexts;
}

/** What a detached audit keeps of its document's text. */
export interface DetachedTexts {
  /** 30-bit hashes of the paragraph keys duplicated-instruction-block compares (equal keys, equal hashes). */
  paragraphKeys: number[];
  /** The emptied static segments, as flat (site, message, segment) index triples in document order. */
  verbatimSegments: number[];
}

export interface AuditContext extends ScanContext {
  config: AuditConfig;
  catalog: Catalog;
}
