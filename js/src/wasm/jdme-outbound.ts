// The JD ME outbound: endpoints, builders, rules, rate engine, error catalogue (src/wasm/jdme_outbound.rs).
import * as glue from '../../../pkg/jdme_outbound.js';
import { WasmSlot } from './slot.js';
import { fromCore, RobotwireError } from '../core/errors.js';
import type { PlannedKey } from '../store/types.js';
import type { JdmeProfile } from '../generated/jdme-tables.js';

const slot = new WasmSlot('jdme-outbound', glue);

/**
 * The raw exports of jdme_outbound_bg.wasm, instantiated on first use.
 * @internal Not part of the published types: the glue's own .d.ts is not shipped.
 */
export function outboundCore(): typeof glue {
  return slot.get();
}

/** What `prepareJdme` needs beside the input. */
export interface PrepareContext {
  appId: string;
  nowMs: number;
  requestId: string;
  robotId?: string;
  profile?: JdmeProfile;
  /** Prepended to every planned key (the store's namespace). */
  keyPrefix?: string;
}

/** One send, ready: the body to POST, its requestId (null for the token fetches) and its rate plan. */
export interface PreparedJdme {
  body: string;
  requestId: string | null;
  keys: readonly PlannedKey[];
}

/**
 * Builds, checks and plans one request in a single wasm call (`jdmePrepare`): the input is
 * JSON text in, the body and the plan come out as one string split at its first newline.
 */
export function prepareJdme(endpoint: string, input: unknown, ctx: PrepareContext): PreparedJdme {
  let text: string;
  try {
    text = JSON.stringify(input) ?? 'null';
  } catch (e) {
    throw new RobotwireError('invalid_argument', `input: not serializable as JSON (${(e as Error)?.message ?? e})`);
  }
  let out: string;
  try {
    out = slot.get().jdmePrepare(endpoint, text, JSON.stringify(ctx));
  } catch (e) {
    throw fromCore(e);
  }
  const nl = out.indexOf('\n');
  const meta = JSON.parse(out.slice(nl + 1)) as { requestId: string | null; keys: PlannedKey[] };
  // Frozen, keys and list: a store may serialise the plan once for the decision and the settlement.
  for (const k of meta.keys) Object.freeze(k);
  return { body: out.slice(0, nl), requestId: meta.requestId, keys: Object.freeze(meta.keys) as PlannedKey[] };
}
