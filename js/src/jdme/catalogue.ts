// Every error code in the seed's tables (Rust twin: src/jdme/catalogue.rs): the platform's
// message, its 排查 hint, and the category that drives the client's retry policy.
import { outboundCore } from '../wasm/jdme-outbound.js';
import { fromCore } from '../core/errors.js';

/**
 * What an error code means for a caller: `token_expired` (refresh, retry once), `rate_limited`
 * (back off), `transient` (retry with backoff); every other category is never retried.
 */
export type JdmeErrorCategory = 'token_expired' | 'rate_limited' | 'transient' | 'parameter' | 'auth' | 'permission' | 'not_found' | 'conflict' | 'other';

/** The retry policy that follows from a `JdmeErrorCategory`. */
export type JdmeRetry = 'refresh_then_retry_once' | 'back_off' | 'retry_with_backoff' | 'never';

/** One row of the seed's error-code tables, with robotwire's category and retry policy. */
export interface CatalogueEntry {
  code: number;
  /** Which seed table: gateway, open platform, robot, JoyDay, … */
  table: string;
  /** The platform's msg (Chinese). */
  msg: string;
  /** 说明 column. */
  explanation?: string;
  /** 排查 column. */
  hint?: string;
  category: JdmeErrorCategory;
  retry: JdmeRetry;
}

/** Every catalogue entry for `code`: usually one, two where the seed lists the code twice. */
export function explainJdmeCode(code: number | string): CatalogueEntry[] {
  try {
    return outboundCore().jdmeExplain(code) as CatalogueEntry[];
  } catch (e) {
    throw fromCore(e);
  }
}

let all: CatalogueEntry[] | undefined;

/** The whole catalogue, in seed order. */
export function jdmeCatalogue(): readonly CatalogueEntry[] {
  all ??= outboundCore().jdmeCatalogue() as CatalogueEntry[];
  return all;
}
