// `prompt-cost prices update`: fetch a price file (opt-in, only when asked), validate it, and store it in the user's
// cache folder (never the workspace). The previous file stays in place unless the new one is valid.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PRICE_URL, fetchPriceFile, keptPricesText, MAX_PRICE_FILE_BYTES, parseStoredPriceFile, serializeStoredPriceFile, validatePriceFile, type PriceFileCheck, type StoredPriceFile } from '../core/pricing/priceUpdate';
import { todayUtc } from '../core/pricing/tiers';

const STORE_NAME = 'prices.json';

/** The user's cache folder, shared with the result cache: `$PROMPT_COST_CACHE_DIR`, else XDG / macOS / Windows conventions. */
export { defaultCacheFolder as cacheFolder } from '../workspace/resultCache';

export function storedPricePath(folder: string): string {
  return path.join(folder, STORE_NAME);
}

/** The stored price file, or undefined when there is none or it cannot be read. */
export function readStoredPrices(folder: string): StoredPriceFile | undefined {
  try {
    const file = storedPricePath(folder);
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_PRICE_FILE_BYTES * 2) return undefined;
    return parseStoredPriceFile(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export interface UpdateResult {
  ok: boolean;
  message: string;
}

/** Fetches `from` (http(s) URL or local file), validates it, and replaces the stored file atomically. */
export async function updatePrices(from: string | undefined, folder: string, fetchImpl: typeof fetch = fetch, today = todayUtc()): Promise<UpdateResult> {
  const source = from ?? DEFAULT_PRICE_URL;
  const previous = readStoredPrices(folder);
  const kept = keptPricesText(previous);
  const fail = (reason: string): UpdateResult => ({ ok: false, message: `price update failed: ${reason}; ${kept}.` });
  let checked: PriceFileCheck;
  if (/^https?:\/\//i.test(source)) checked = await fetchPriceFile(source, fetchImpl, today);
  else {
    let text: string;
    try {
      const stat = fs.statSync(source);
      if (!stat.isFile()) return fail(`${source} is not a file`);
      if (stat.size > MAX_PRICE_FILE_BYTES) return fail(`${source} is larger than a price map`);
      text = fs.readFileSync(source, 'utf8');
    } catch (error) {
      return fail(`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    checked = validatePriceFile(text, source, today);
  }
  if (!checked.ok) return fail(checked.reason);
  try {
    fs.mkdirSync(folder, { recursive: true });
    const target = storedPricePath(folder);
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, serializeStoredPriceFile(checked.stored));
    fs.renameSync(temporary, target);
    return { ok: true, message: `stored ${checked.stored.models} priced models from ${source} (fetched ${today}) in ${target}` };
  } catch (error) {
    return fail(`cannot write to ${folder}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
