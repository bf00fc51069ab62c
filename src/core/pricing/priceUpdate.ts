// A price file fetched on request (`prompt-cost prices update`, "Prompt Cost: Update Prices"): validated before it is
// stored, so a failed or malformed download never replaces the prices in use. No network here: callers fetch.
import { importLiteLLM } from './litellm';
import { isIsoDate, isRecord } from './validation';

/** LiteLLM's community price map: the default source of `prices update`. */
export const DEFAULT_PRICE_URL = 'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json';
/** The real map is about 1.5 MB; a file far past that is not a price map. */
export const MAX_PRICE_FILE_BYTES = 64 * 1024 * 1024;

/** What is stored in the user's cache folder: the file as fetched, where from and when. */
export interface StoredPriceFile {
  format: 'litellm';
  source: string;
  fetchedOn: string;
  models: number;
  text: string;
}

export type PriceFileCheck = { ok: true; stored: StoredPriceFile } | { ok: false; reason: string };

/** Checks fetched text: a LiteLLM map with at least one priced chat model and no file-level error. */
export function validatePriceFile(text: string, source: string, fetchedOn: string): PriceFileCheck {
  if (text.length > MAX_PRICE_FILE_BYTES) return { ok: false, reason: `the file is larger than ${MAX_PRICE_FILE_BYTES / 1024 / 1024} MB, not a price map` };
  const imported = importLiteLLM(text, { source, asOf: fetchedOn });
  const fatal = imported.problems.find((problem) => problem.severity === 'error');
  if (fatal) return { ok: false, reason: `malformed price file: ${fatal.message}` };
  if (imported.models.length === 0) return { ok: false, reason: 'the file has no chat model with per-token input and output prices (not a LiteLLM price map?)' };
  return { ok: true, stored: { format: 'litellm', source, fetchedOn, models: imported.models.length, text } };
}

/** Reads what `storePriceFile` wrote; undefined when it is missing or damaged (the bundled catalog is used). */
export function parseStoredPriceFile(json: string): StoredPriceFile | undefined {
  try {
    const value: unknown = JSON.parse(json);
    if (!isRecord(value) || value.format !== 'litellm' || typeof value.source !== 'string' || !isIsoDate(value.fetchedOn) || typeof value.text !== 'string' || typeof value.models !== 'number') return undefined;
    return value as unknown as StoredPriceFile;
  } catch {
    return undefined;
  }
}

export function serializeStoredPriceFile(stored: StoredPriceFile): string {
  return JSON.stringify(stored);
}

const FETCH_TIMEOUT_MS = 30_000;

/**
 * GETs a price file over http(s) with the given fetch (the CLI's Node fetch, the extension host's), bounded in time
 * and size, and validates it. Never throws: every failure is a reason in words.
 */
export async function fetchPriceFile(url: string, fetchImpl: typeof fetch, today: string): Promise<PriceFileCheck> {
  let text: string;
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
    if (!response.ok) return { ok: false, reason: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${url}` };
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_PRICE_FILE_BYTES) return { ok: false, reason: `${url} sends ${length} bytes, more than a price map` };
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, reason: `cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}` };
  }
  return validatePriceFile(text, url, today);
}

/** The sentence a failed update ends with: what stays in use. */
export function keptPricesText(previous: StoredPriceFile | undefined): string {
  return previous ? `the prices fetched on ${previous.fetchedOn} from ${previous.source} are kept` : 'the bundled catalog stays in use';
}
