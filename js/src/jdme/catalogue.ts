// Every error code in the seed's tables (Rust twin: src/jdme/catalogue.rs): the platform's
// message, its 排查 hint, and the category that drives the client's retry policy.
import { catalogueTable, explainCode } from '../wasm/jdme-outbound.js';
import type { JdmeErrorCategory, JdmeRetry } from '../generated/jdme-tables.js';

// The categories and retry policies are generated from the Rust enums; the entries themselves
// stay in the wasm module (one copy of ~280 rows of Chinese text, read on demand).
export type { JdmeErrorCategory, JdmeRetry } from '../generated/jdme-tables.js';

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
  return explainCode(code);
}

let all: CatalogueEntry[] | undefined;

/** The whole catalogue, in seed order. */
export function jdmeCatalogue(): readonly CatalogueEntry[] {
  all ??= catalogueTable();
  return all;
}
